"""One crawl per archive: a second crawl started at once exits with one clear line; readers are never blocked."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from generated_site import GeneratedSite

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONWARNINGS": "ignore"}


def newsarchive(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsarchive", *args]


def crawl_args(site: GeneratedSite, db: Path) -> list[str]:
    return newsarchive("crawl", site.url("/"), "--allow-private", "--delay", "0", "--db", str(db))


def test_two_crawls_started_at_once_exactly_one_crawls(tmp_path):
    db = tmp_path / "archive.db"
    with GeneratedSite(80, seed=5) as site:
        processes = [
            subprocess.Popen(
                crawl_args(site, db), cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for _ in range(2)
        ]
        outcomes = [(p.returncode, out, err) for p in processes for out, err in [p.communicate(timeout=300)]]
    winners = [o for o in outcomes if o[0] == 0]
    losers = [o for o in outcomes if o[0] != 0]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert json.loads(winners[0][1])["status"] == "finished"
    lines = losers[0][2].strip().splitlines()
    assert len(lines) == 1, losers[0][2]
    assert lines[0].startswith(f"Error: another crawl is already running on {db} (")
    article_requests = [path for _, path, _ in site.requests if path.startswith("/news/")]
    assert sorted(article_requests) == sorted(site.article_paths), "each article fetched once, by one crawl"
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM crawls").fetchone() == (1,)
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone() == (80,)


def test_a_crawl_started_while_another_runs_is_refused_and_the_next_one_after_it_runs(tmp_path, cli_run):
    db = tmp_path / "archive.db"
    with GeneratedSite(60, seed=6) as site:
        first = subprocess.Popen(crawl_args(site, db), cwd=ROOT, env=ENV, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)  # fmt: skip
        lock = Path(f"{db}.lock")
        deadline = time.monotonic() + 60
        while not (lock.exists() and lock.read_text().startswith("pid ")) and time.monotonic() < deadline:
            time.sleep(0.05)
        second = cli_run(*crawl_args(site, db)[3:], check=False)
        _out, err = first.communicate(timeout=300)
        assert first.returncode == 0, err
        assert second.returncode == 1
        assert second.stderr.strip() == f"Error: another crawl is already running on {db} (pid {first.pid})"
        third = cli_run(*crawl_args(site, db)[3:])
        assert json.loads(third.stdout)["status"] == "finished"


def _reader(*args: str) -> tuple[float, subprocess.CompletedProcess]:
    started = time.monotonic()
    result = subprocess.run(newsarchive(*args), check=False, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=120)
    return time.monotonic() - started, result


def test_readers_during_a_crawl_see_consistent_results_and_do_not_block_it(tmp_path):
    db = tmp_path / "archive.db"
    consistency = (
        "SELECT (SELECT COUNT(*) FROM articles), "
        "(SELECT COUNT(*) FROM urls WHERE kind = 'article' AND state = 'done')"
    )
    with GeneratedSite(300, seed=9) as site:
        paragraphs = {site.url(a.path): a.paragraphs for a in site.articles}
        crawl = subprocess.Popen(crawl_args(site, db), cwd=ROOT, env=ENV, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)  # fmt: skip
        counts, slowest, rounds_during_crawl = [], 0.0, 0
        while crawl.poll() is None:
            if not db.exists():
                time.sleep(0.2)
                continue
            took, query = _reader("query", consistency, "--json", "--db", str(db))
            assert query.returncode == 0, query.stderr
            stored, done = json.loads(query.stdout).values()
            assert stored == done, "an article without its frontier URL done, or the reverse"
            took_export, export = _reader("export", "--db", str(db))
            assert export.returncode == 0, export.stderr
            records = [json.loads(line) for line in export.stdout.splitlines()]
            assert len(records) >= stored and len({r["url"] for r in records}) == len(records)
            for record in records:
                assert all(p in record["body"] for p in paragraphs[record["url"]]), record["url"]
            took_search, search = _reader("search", "committee OR audit", "--json", "--limit", "500", "--db", str(db))
            assert search.returncode == 0, search.stderr
            found = [json.loads(line)["url"] for line in search.stdout.splitlines()]
            assert set(found) <= set(paragraphs)
            counts.append(len(records))
            slowest = max(slowest, took, took_export, took_search)
            rounds_during_crawl += crawl.poll() is None
        out, err = crawl.communicate()
    summary = json.loads(out)
    print(f"\nreaders during a crawl: {rounds_during_crawl} rounds of query+export+search, articles seen {counts}, "
          f"slowest reader {slowest:.1f} s, crawl {summary['seconds']} s")  # fmt: skip
    assert crawl.returncode == 0, err
    assert (summary["status"], summary["errors"], summary["articles_new"]) == ("finished", 0, 300)
    assert rounds_during_crawl >= 2
    assert counts == sorted(counts) and counts[0] < counts[-1], "the crawl kept storing while readers read"
    assert slowest < 30.0, "a reader waited on the crawl beyond the busy timeout"

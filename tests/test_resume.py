"""Kill -9 a real crawl at random moments and resume it: nothing lost, nothing stored twice; recrawls fetch only what is due."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from generated_site import GeneratedSite

from newsarchive.extract import analyse_page

ROOT = Path(__file__).resolve().parent.parent
DISCOVERY_PATHS = {"/robots.txt", "/", "/feed.xml", "/sitemap.xml"}


def crawl_command(site: GeneratedSite, db: Path) -> list[str]:
    return [sys.executable, "-m", "newsarchive", "crawl", site.url("/"), "--allow-private", "--delay", "0", "--db", str(db)]


def start_crawl(site: GeneratedSite, db: Path, log: Path) -> subprocess.Popen:
    with log.open("wb") as stderr:  # a file, not a pipe: nobody reads while it runs
        return subprocess.Popen(
            crawl_command(site, db), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )  # fmt: skip


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (fork server, extraction workers, resource tracker), from /proc."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            threads = os.listdir(f"/proc/{parent}/task")
        except FileNotFoundError:
            continue
        for thread in threads:
            try:
                children = Path(f"/proc/{parent}/task/{thread}/children").read_text().split()
            except FileNotFoundError:
                continue
            found += map(int, children)
            todo += map(int, children)
    return found


def survivors(pids: list[int], wait: float) -> list[int]:
    """The pids still running (not zombies) after up to `wait` seconds."""
    deadline = time.monotonic() + wait
    while True:
        alive = []
        for pid in pids:
            try:
                if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                    alive.append(pid)
            except (FileNotFoundError, ProcessLookupError):
                pass
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:200]
    except FileNotFoundError:
        return f"pid {pid} (gone)"


@dataclass
class Snapshot:
    """What the archive holds right after a kill."""

    integrity: str
    urls: list[str]
    duplicates: int
    """Articles whose fetched URL is also the fetched URL of another row."""
    done_articles: int
    revisions: int


def inspect(db: Path) -> Snapshot:
    """The archive's state; a run killed before it created the archive, or its tables, left nothing to check."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        (integrity,) = conn.execute("PRAGMA integrity_check").fetchone()
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'crawls'").fetchone():
            return Snapshot(integrity, [], 0, 0, 0)  # killed before the schema was committed
        urls = [row[0] for row in conn.execute("SELECT url FROM articles")]
        (duplicates,) = conn.execute("SELECT COUNT(*) - COUNT(DISTINCT fetched_url) FROM articles").fetchone()
        (done,) = conn.execute("SELECT COUNT(*) FROM urls WHERE kind = 'article' AND state = 'done'").fetchone()
        (revisions,) = conn.execute("SELECT COUNT(*) FROM revisions").fetchone()
    finally:
        conn.close()
    return Snapshot(integrity, urls, duplicates, done, revisions)


@dataclass
class Figures:
    """The measured outcome of one kill-and-resume run."""

    pages: int
    kills_planned: int
    kills: int = 0
    checks: int = 0
    """Kills after which an archive file existed to check."""
    kills_while_storing: int = 0
    runs_finished_before_kill: int = 0
    resumes: int = 0
    integrity_ok: int = 0
    half_commits: int = 0
    lost: int = 0
    duplicates: int = 0
    orphans: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.pages}-page site: {self.kills}/{self.kills_planned} kills ({self.kills_while_storing} while "
            f"storing articles, {self.runs_finished_before_kill} runs finished first), {self.resumes} resumes, "
            f"lost {self.lost}, duplicates {self.duplicates}, half-commits {self.half_commits}, orphaned processes "
            f"{self.orphans}, integrity_check ok {self.integrity_ok}/{self.checks}, {self.seconds:.0f} s"
        )


def stored_count(db: Path) -> int:
    """Articles in the archive now (0 before the crawl has created it)."""
    if not db.exists():
        return 0
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0
    finally:
        conn.close()


def run_for(process: subprocess.Popen, db: Path, seconds: float) -> tuple[bool, float | None]:
    """Let the crawl run up to `seconds` after its launch: (exited on its own, seconds until it stored an article)."""
    launched, before, first = time.monotonic(), stored_count(db), None
    while True:
        elapsed = time.monotonic() - launched
        if first is None and stored_count(db) > before:
            first = elapsed
        if process.poll() is not None:
            return True, first
        if elapsed >= seconds:
            return False, first
        time.sleep(0.1)


def kill_and_resume(site: GeneratedSite, db: Path, kills: int, window: float, seed: int) -> Figures:
    """SIGKILL `kills` crawls of `site`, checking the archive after each.

    Each crawl is killed after a random (3/4 start-up) .. (start-up + `window`) seconds, where start-up is how
    long the last crawl took to store its first article (or, when a crawl was killed before it stored anything, at
    least that long plus `window`): kills land late in start-up and while pages are fetched and stored, however
    fast or slow the machine is, so most runs still have work left when they are killed.
    """
    rng = random.Random(seed)
    figures = Figures(pages=len(site.articles), kills_planned=kills)
    started = time.monotonic()
    seen: set[str] = set()
    log = db.with_name("crawl.log")
    previous_killed, startup = False, 3.0  # grows to the real start-up after the first runs
    for _ in range(kills):
        process = start_crawl(site, db, log)
        figures.resumes += previous_killed
        previous_killed = False
        limit = rng.uniform(0.75 * startup, startup + window)
        exited, first_store = run_for(process, db, limit)
        startup = first_store or (startup if exited else max(startup, limit + window))
        if exited:
            figures.runs_finished_before_kill += 1
            if process.returncode != 0:
                figures.problems.append(f"a run failed ({process.returncode}): {log.read_text()[-2000:]}")
        else:
            family = descendants(process.pid)
            process.send_signal(signal.SIGKILL)
            process.wait()
            figures.kills += 1
            previous_killed = True
            left = survivors(family, wait=20.0)
            figures.orphans += len(left)
            for pid in left:  # leave the machine clean even when the test is about to fail
                figures.problems.append(f"still running 20 s after the kill: {command_line(pid)}")
                os.kill(pid, signal.SIGKILL)
        if not db.exists():
            continue
        after = inspect(db)
        figures.checks += 1
        figures.integrity_ok += after.integrity == "ok"
        figures.half_commits += after.done_articles != len(after.urls)
        figures.lost += len(seen - set(after.urls))
        if after.revisions:
            figures.problems.append(f"{after.revisions} articles stored again as revisions after a resume")
        if process.returncode == -signal.SIGKILL and set(after.urls) - seen:
            figures.kills_while_storing += 1
        if process.returncode == 0 and len(after.urls) < len(site.articles):
            figures.problems.append(f"a run exited 0 with {len(after.urls)} of {len(site.articles)} articles stored")
        seen |= set(after.urls)
    figures.resumes += previous_killed
    final = subprocess.run(
        crawl_command(site, db), check=False, cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )  # fmt: skip
    if final.returncode != 0:
        figures.problems.append(f"final run failed ({final.returncode}): {final.stderr[-2000:]}")
    end = inspect(db)
    figures.lost += len(seen - set(end.urls)) + len({site.url(path) for path in site.article_paths} - set(end.urls))
    figures.duplicates = end.duplicates + end.revisions
    figures.seconds = time.monotonic() - started
    return figures


def stored_articles(db: Path) -> dict[str, tuple]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT url, title, body, authors, published, duplicate_of, revision FROM articles")
        return {row[0]: row[1:] for row in rows}
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("pages", "kills", "window"),
    [
        pytest.param(500, 20, 0.5, id="500-pages-20-kills"),
        pytest.param(1000, 50, 0.5, id="1000-pages-50-kills", marks=pytest.mark.soak),
    ],
)
def test_kill_nine_at_random_moments_then_resume_stores_every_article_exactly_once(tmp_path, pages, kills, window):
    db = tmp_path / "archive.db"
    # 30 ms per answer: at two requests at a time the crawl cannot outrun the kills, however fast the machine
    with GeneratedSite(pages, seed=7, latency=0.03) as site:
        figures = kill_and_resume(site, db, kills, window, seed=pages)
        print(f"\nkill -9 and resume: {figures.line()}")
        assert not figures.problems, figures.problems
        assert figures.kills >= kills // 2, f"too few runs were still going when killed: {figures.line()}"
        assert figures.kills_while_storing >= 3, f"too few kills landed while articles were stored: {figures.line()}"
        assert figures.integrity_ok == figures.checks >= kills - 2
        assert figures.half_commits == 0, "an article row without its frontier URL done (or the reverse)"
        assert figures.orphans == 0, "a killed crawl left worker processes running"
        assert (figures.lost, figures.duplicates) == (0, 0), figures.line()
        stored = stored_articles(db)
        assert sorted(set(stored) - {site.url(a.path) for a in site.articles}) == [], "stored what is not an article"
        for article in site.articles:
            url = site.url(article.path)
            title, body, authors, published, duplicate_of, revision = stored[url]
            extracted = analyse_page(site.pages[article.path].body, url, hint="article").article
            assert (title, body, revision, duplicate_of) == (extracted.title, extracted.body, 1, None), article.path
            assert title == article.title and all(p in body for p in article.paragraphs), article.path
            assert published.startswith(article.published.isoformat()[:16]), article.path
            assert json.loads(authors) == list(article.authors), article.path


def test_a_second_crawl_fetches_only_what_is_due(tmp_path, cli_run):
    db = tmp_path / "archive.db"
    with GeneratedSite(60, seed=3, per_page=10) as site:
        cli_run(*crawl_command(site, db)[3:])
        assert len(stored_articles(db)) == 60
        fetched = {path for method, path, _ in site.requests}
        assert site.article_paths <= fetched and "/page/2/" in fetched and "/sitemap.xml" in fetched

        site.clear_requests()
        cli_run(*crawl_command(site, db)[3:])
        again = {path for method, path, _ in site.requests}
        assert again <= DISCOVERY_PATHS, f"fetched what was not due: {sorted(again - DISCOVERY_PATHS)}"
        assert "/" in again

        site.clear_requests()
        new = site.publish(2)
        cli_run(*crawl_command(site, db)[3:])
        third = {path for method, path, _ in site.requests}
        assert third - DISCOVERY_PATHS == {a.path for a in new}
        assert len(stored_articles(db)) == 62

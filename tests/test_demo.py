"""`newsarchive demo` as a new user runs it: a real crawl of the sample sites, a summary, and no duplication on rerun."""

from __future__ import annotations

import re
import sqlite3


def _figures(summary: str) -> dict[str, int]:
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^\s+([a-z ]+):\s+(\d+)$", summary, re.M)}


def test_demo_crawls_summarises_and_reruns_without_duplicates(tmp_path, cli_run, demo_expected):
    db = tmp_path / "archive.db"
    first = cli_run("demo", "--db", str(db))
    figures = _figures(first.stdout)
    articles = len(demo_expected["articles"])
    reports = sum(len(a["report_links"]) for a in demo_expected["articles"])
    assert figures["articles stored"] == articles
    assert figures["duplicates found"] == sum(1 for a in demo_expected["articles"] if a.get("duplicate_of"))
    assert figures["revisions recorded"] == sum(1 for a in demo_expected["articles"] if a.get("revised"))
    assert figures["report links found"] == reports
    assert re.search(r"finished in [\d.]+ s", first.stdout)
    assert first.stdout.count("newsarchive ") >= 3  # three commands to try next

    second = cli_run("demo", "--db", str(db))
    assert _figures(second.stdout) == figures
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT url) FROM articles").fetchone() == (articles, articles)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)

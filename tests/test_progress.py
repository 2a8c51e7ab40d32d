"""Crawl progress line: pages, rates and counts from the crawl's stats; the due queue counted every DUE_EVERY s."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from newsarchive import progress
from newsarchive.frontier import Frontier
from newsarchive.progress import DUE_EVERY, Progress
from newsarchive.store import Archive


class Stats(dict):
    def get_value(self, key, default=None):
        return self.get(key, default)


@pytest.fixture
def frontier(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    yield Frontier(archive)
    archive.close()


def test_line_counts_the_due_queue_at_most_every_due_every_seconds(frontier, monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: clock[0])
    stats = Stats({"response_received_count": 30, "newsarchive/articles_new": 7, "newsarchive/errors": 1})
    ext = Progress(SimpleNamespace(stats=stats, spider=SimpleNamespace(frontier=frontier)), "live")
    with frontier.archive.transaction():
        frontier.add([(f"https://a.example/{i}", "a", "article", 1, "seed") for i in range(5)])
    clock[0] = 110.0
    assert ext.line() == "30 pages (3.0/s), 7 new, 0 updated, 1 errors, 5 due"
    with frontier.archive.transaction():
        frontier.claim(2)
    clock[0] += DUE_EVERY / 2
    assert ext.line().endswith(" 5 due")  # not counted again yet
    clock[0] += DUE_EVERY / 2
    assert ext.line().endswith(" 3 due")

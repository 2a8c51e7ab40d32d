"""The durable frontier: adding, claiming with leases, confirming, failing and rescheduling URLs."""

from __future__ import annotations

import pytest

from newsarchive.clock import stamp, stamp_in
from newsarchive.frontier import ARTICLE_RECHECKS, MAX_FAILURES, Frontier
from newsarchive.store import Archive


@pytest.fixture
def frontier(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    yield Frontier(archive)
    archive.close()


def add(frontier, *rows):
    with frontier.archive.transaction():
        return frontier.add(rows)


def claim(frontier, limit=10, **kwargs):
    with frontier.archive.transaction():
        return frontier.claim(limit, **kwargs)


def state(frontier, url):
    return frontier.conn.execute("SELECT state, due_at, checks, failures FROM urls WHERE url = ?", (url,)).fetchone()


def test_add_ignores_known_urls(frontier):
    assert add(frontier, ("https://a.example/1", "a", "article", 1, "listing")) == 1
    assert add(frontier, ("https://a.example/1", "a", "article", 1, "listing"), ("https://a.example/2", "a", "article", 1, "feed")) == 1


def test_claim_orders_discovery_before_articles_and_leases(frontier):
    add(
        frontier,
        ("https://a.example/story", "a", "article", 1, "listing"),
        ("https://a.example/", "a", "start", 0, "seed"),
        ("https://a.example/robots.txt", "a", "robots", 0, "seed"),
    )
    claimed = claim(frontier)
    assert [u.kind for u in claimed] == ["robots", "start", "article"]
    assert claim(frontier) == []  # all leased
    assert state(frontier, "https://a.example/story")[0] == "claimed"


def test_expired_lease_is_claimable_again(frontier):
    add(frontier, ("https://a.example/story", "a", "article", 1, "listing"))
    claim(frontier, lease=-1)  # a claim from a worker that died
    assert [u.url for u in claim(frontier)] == ["https://a.example/story"]


def test_release_orphans_returns_claims_to_the_queue(frontier):
    add(frontier, ("https://a.example/story", "a", "article", 1, "listing"))
    claim(frontier)
    with frontier.archive.transaction():
        assert frontier.release_orphans() == 1
    assert [u.url for u in claim(frontier)] == ["https://a.example/story"]


def test_claim_filters_by_site(frontier):
    add(frontier, ("https://a.example/1", "a", "article", 1, "x"), ("https://b.example/1", "b", "article", 1, "x"))
    assert [u.site for u in claim(frontier, sites=["b"])] == ["b"]


def test_articles_follow_the_decaying_recheck_schedule(frontier):
    url = "https://a.example/story"
    add(frontier, (url, "a", "article", 1, "listing"))
    dues = []
    for _ in range(len(ARTICLE_RECHECKS) + 1):
        with frontier.archive.transaction():
            frontier.conn.execute("UPDATE urls SET due_at = ? WHERE url = ?", (stamp(), url))
            (entry,) = frontier.claim(1)
            frontier.done(entry.url, status=200, recrawl=None, etag='"v1"')
        dues.append(state(frontier, url)[1])
    assert all(due is not None for due in dues[:-1])
    assert dues[-1] is None  # after the last recheck, never again
    assert dues[0] <= stamp_in(ARTICLE_RECHECKS[0] + 5)


def test_listing_comes_back_after_the_recrawl_interval(frontier):
    add(frontier, ("https://a.example/", "a", "start", 0, "seed"))
    (entry,) = claim(frontier)
    with frontier.archive.transaction():
        frontier.done(entry.url, status=200, recrawl=1800)
    st, due, _, _ = state(frontier, entry.url)
    assert st == "done" and stamp_in(1790) <= due <= stamp_in(1810)
    assert claim(frontier) == []


def test_failures_retry_then_give_up(frontier):
    url = "https://a.example/flaky"
    add(frontier, (url, "a", "article", 1, "listing"))
    for attempt in range(1, MAX_FAILURES + 1):
        with frontier.archive.transaction():
            frontier.conn.execute("UPDATE urls SET due_at = ? WHERE url = ?", (stamp(), url))
            frontier.claim(1)
            frontier.failed(url, "TimeoutError: took too long", retry_in=0)
    st, due, _, failures = state(frontier, url)
    assert (st, due, failures) == ("failed", None, MAX_FAILURES)


def test_404_is_gone_at_once_and_reason_is_kept(frontier):
    url = "https://a.example/missing"
    add(frontier, (url, "a", "article", 1, "listing"))
    claim(frontier)
    with frontier.archive.transaction():
        frontier.failed(url, "HTTP 404", status=404)
    row = frontier.conn.execute("SELECT state, due_at, last_status, last_error FROM urls WHERE url = ?", (url,)).fetchone()
    assert row == ("failed", None, 404, "HTTP 404")


def test_retry_after_sets_the_next_due_time(frontier):
    url = "https://a.example/busy"
    add(frontier, (url, "a", "article", 1, "listing"))
    claim(frontier)
    with frontier.archive.transaction():
        frontier.failed(url, "HTTP 429", status=429, retry_in=120)
    assert stamp_in(110) <= state(frontier, url)[1] <= stamp_in(130)


def test_seed_makes_known_start_page_due_and_refresh_rechecks_articles(frontier):
    add(frontier, ("https://a.example/story", "a", "article", 1, "listing"))
    with frontier.archive.transaction():
        frontier.seed("https://a.example/", "a", "start")
        for entry in frontier.claim(10):
            frontier.done(entry.url, status=200, recrawl=3600)
        frontier.seed("https://a.example/", "a", "start")
    assert [u.url for u in claim(frontier)] == ["https://a.example/"]
    with frontier.archive.transaction():
        assert frontier.refresh(["a"]) == 1
    assert [u.url for u in claim(frontier)] == ["https://a.example/story"]


def test_skip_is_never_due(frontier):
    add(frontier, ("https://a.example/private/x", "a", "article", 1, "listing"))
    claim(frontier)
    with frontier.archive.transaction():
        frontier.skip("https://a.example/private/x", "forbidden by robots.txt")
    assert state(frontier, "https://a.example/private/x")[:2] == ("skipped", None)
    assert frontier.counts()["skipped"] == 1

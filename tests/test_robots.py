"""Politeness: Crawl-delay spaces a host's requests, robots.txt is fetched once per host and run, and a host never
has more than its share of requests in progress, with no delay too."""

from __future__ import annotations

import logging
import sqlite3
from itertools import pairwise

import pytest
from generated_site import GeneratedSite

from newsarchive.crawl import crawl_settings
from newsarchive.middlewares.robots import MAX_CRAWL_DELAY, capped_crawl_delay
from newsarchive.settings import CONCURRENT_REQUESTS, CONCURRENT_REQUESTS_PER_DOMAIN


@pytest.mark.parametrize(
    ("crawl_delay", "user_delay", "spacing"),
    [(1.0, 0.0, 1.0), (0.4, 1.2, 1.2)],
    ids=["robots-crawl-delay-wins", "user-delay-wins"],
)
def test_requests_to_a_host_are_spaced_by_the_larger_of_crawl_delay_and_the_users_delay(
    tmp_path, cli_run, crawl_delay, user_delay, spacing
):
    with GeneratedSite(3, seed=5, crawl_delay=crawl_delay) as site:
        cli_run("crawl", site.url("/"), "--allow-private", "--delay", str(user_delay), "--max-pages", "4",
                "--db", str(tmp_path / "archive.db"))  # fmt: skip
        arrivals = site.arrivals
    gaps = [later - earlier for earlier, later in pairwise(arrivals)]
    assert len(arrivals) >= 4, site.requests  # robots.txt, the front page, and what it led to
    # Measured on arrival, so one request's latency may eat into the gap; AutoThrottle alone would pull a fast
    # server's delay to half of it, and no delay to almost nothing.
    assert min(gaps) >= 0.85 * spacing, gaps


def test_with_no_delay_a_host_still_has_at_most_its_share_of_requests_in_progress(tmp_path, cli_run):
    # A slow server keeps every request in progress long enough to overlap with any other the crawler starts.
    with GeneratedSite(40, seed=9, latency=0.05) as site:
        cli_run("crawl", site.url("/"), "--allow-private", "--delay", "0", "--jobs", "0",
                "--db", str(tmp_path / "archive.db"))  # fmt: skip
        fetched, most = len(site.requests), site.most_in_progress
    assert fetched > CONCURRENT_REQUESTS  # enough queued at once for more than the limit to be started together
    assert most == CONCURRENT_REQUESTS_PER_DOMAIN


@pytest.mark.parametrize(
    ("overrides", "autothrottle"),
    [({}, True), ({"DOWNLOAD_DELAY": 0.5}, True), ({"DOWNLOAD_DELAY": 0}, False),
     ({"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": True}, True)],
    ids=["default", "delay", "no-delay", "no-delay-autothrottle-asked-for"],
)
def test_a_delay_of_0_turns_autothrottle_off(tmp_path, overrides, autothrottle):
    assert crawl_settings(tmp_path / "archive.db", **overrides).getbool("AUTOTHROTTLE_ENABLED") is autothrottle


def test_robots_txt_is_fetched_once_per_host_per_run_and_its_sitemap_lines_are_followed(tmp_path, cli_run):
    db = tmp_path / "archive.db"
    with GeneratedSite(12, seed=6) as first, GeneratedSite(8, seed=7) as second:
        cli_run("crawl", first.url("/"), second.url("/"), "--allow-private", "--delay", "0", "--db", str(db))
        for site in (first, second):
            assert [path for _, path, _ in site.requests].count("/robots.txt") == 1
            assert site.article_paths <= {path for _, path, _ in site.requests}
    conn = sqlite3.connect(db)
    rows = dict(conn.execute("SELECT url, source FROM urls WHERE url LIKE '%/sitemap.xml'").fetchall())
    robots = dict(conn.execute("SELECT url, state FROM urls WHERE kind = 'robots'").fetchall())
    conn.close()
    assert rows == {first.url("/sitemap.xml"): "robots", second.url("/sitemap.xml"): "robots"}
    assert robots == {first.url("/robots.txt"): "done", second.url("/robots.txt"): "done"}


@pytest.mark.parametrize(
    ("declared", "applied"), [(None, None), (0.0, None), (-3.0, None), (2.5, 2.5), (MAX_CRAWL_DELAY, MAX_CRAWL_DELAY)]
)
def test_crawl_delay_values(declared, applied, caplog):
    with caplog.at_level(logging.WARNING):
        assert capped_crawl_delay(declared, "news.example") == applied
    assert not caplog.records


def test_an_absurd_crawl_delay_is_capped_and_the_log_says_so(caplog):
    with caplog.at_level(logging.WARNING):
        assert capped_crawl_delay(86400.0, "slow.example") == MAX_CRAWL_DELAY
    assert [r.getMessage() for r in caplog.records] == [
        "robots.txt of slow.example asks for Crawl-delay 86400 s: capped to 60 s"
    ]


def test_every_request_waiting_for_a_hosts_robots_txt_obeys_it(tmp_path, cli_run):
    """Start pages all wait for the host's robots.txt at once; the disallowed ones are never fetched."""
    disallowed = ["/search", "/newsletter", "/search/archive", "/newsletter/weekly", "/search/today"]
    with GeneratedSite(4, seed=8) as site:
        cli_run("crawl", site.url("/"), *map(site.url, disallowed), "--allow-private", "--delay", "0",
                "--db", str(tmp_path / "archive.db"))  # fmt: skip
        fetched = {path for _, path, _ in site.requests}
    assert "/" in fetched
    assert not fetched & set(disallowed)

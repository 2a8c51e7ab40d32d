"""The pipelines. Extract: pages queued in worker processes, each within a time budget counted from its start, a hung
or crashing page failing alone. Store: pages committed in groups, each atomic with its URL's done-mark, a failing
page undone."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from generated_site import generate_article, render_site

from newsarchive.config import sites_from_urls
from newsarchive.extract import analyse_page
from newsarchive.frontier import Frontier, FrontierUrl
from newsarchive.items import FetchedPage
from newsarchive.pipelines import workers
from newsarchive.pipelines.extract import PAGES_PER_WORKER, ExtractPipeline
from newsarchive.pipelines.store import COMMIT_PAGES, COMMIT_SECONDS, StorePipeline
from newsarchive.store import Archive

BASE = "https://gazette.example"


class Stats(dict):
    def inc_value(self, key, count=1):
        self[key] = self.get(key, 0) + count


class Timer:
    """A stand-in for reactor.callLater: remembers the call, fires it when told."""

    def __init__(self) -> None:
        self.calls: list[list] = []

    def __call__(self, delay, func):
        call = [delay, func, True]
        self.calls.append(call)
        return SimpleNamespace(active=lambda: call[2], cancel=lambda: call.__setitem__(2, False))

    def fire(self) -> None:
        for call in self.calls:
            if call[2]:
                call[2] = False
                call[1]()


@pytest.fixture
def crawl(tmp_path):
    """An archive with N article URLs claimed, their analysed pages, and a StorePipeline over them."""
    archive = Archive(tmp_path / "archive.db")
    frontier = Frontier(archive)
    (site,) = sites_from_urls([BASE + "/"])
    articles = [generate_article(i, 11) for i in range(COMMIT_PAGES + 3)]
    pages = render_site(articles, BASE, 20)
    urls = [BASE + a.path for a in articles]
    with archive.transaction():
        frontier.add([(url, site.name, "article", 1, "sitemap") for url in urls])
        claimed = {entry.url: entry for entry in frontier.claim(len(urls))}
    items = []
    for article, url in zip(articles, urls):
        body = pages[article.path][0].encode()
        items.append(FetchedPage(claimed[url], url, 200, body, "utf-8", "text/html", None, None, site,
                                 analysis=analyse_page(body, url, hint="article")))  # fmt: skip
    done = []
    spider = SimpleNamespace(archive=archive, frontier=frontier, page_done=lambda: done.append(1))
    timer = Timer()
    pipeline = StorePipeline(SimpleNamespace(spider=spider, stats=Stats()), False, 3, timer)
    yield SimpleNamespace(pipeline=pipeline, items=items, timer=timer, done=done, db=tmp_path / "archive.db",
                          archive=archive)  # fmt: skip
    archive.close()


def committed(db) -> tuple[set[str], set[str]]:
    """(article URLs, done URLs) another connection sees."""
    conn = sqlite3.connect(db)
    try:
        articles = {row[0] for row in conn.execute("SELECT url FROM articles")}
        done = {row[0] for row in conn.execute("SELECT url FROM urls WHERE state = 'done'")}
        return articles, done
    finally:
        conn.close()


def test_pages_commit_together_after_commit_pages_or_commit_seconds(crawl):
    first, rest = crawl.items[:COMMIT_PAGES], crawl.items[COMMIT_PAGES:]
    for item in first[:-1]:
        crawl.pipeline.process_item(item)
    assert committed(crawl.db) == (set(), set())  # still one open group
    assert [call[0] for call in crawl.timer.calls] == [COMMIT_SECONDS]
    crawl.pipeline.process_item(first[-1])  # the group is full: committed
    urls = {item.url for item in first}
    assert committed(crawl.db) == (urls, urls)
    crawl.pipeline.process_item(rest[0])
    assert committed(crawl.db) == (urls, urls)
    crawl.timer.fire()  # COMMIT_SECONDS later
    assert committed(crawl.db) == (urls | {rest[0].url}, urls | {rest[0].url})
    crawl.pipeline.process_item(rest[1])
    crawl.pipeline.close_spider()
    urls |= {rest[0].url, rest[1].url}
    assert committed(crawl.db) == (urls, urls)
    assert len(crawl.done) == COMMIT_PAGES + 2


def test_a_page_that_fails_to_store_is_undone_alone_and_its_url_stays_due(crawl, monkeypatch):
    good, bad, later = crawl.items[:3]
    upsert = crawl.archive.upsert_article

    def failing(article, **kwargs):
        outcome = upsert(article, **kwargs)
        if article.url == bad.url:
            raise RuntimeError("disk on fire")
        return outcome

    monkeypatch.setattr(crawl.archive, "upsert_article", failing)
    crawl.pipeline.process_item(good)
    with pytest.raises(RuntimeError):
        crawl.pipeline.process_item(bad)
    crawl.pipeline.process_item(later)
    crawl.pipeline.close_spider()
    assert committed(crawl.db) == ({good.url, later.url}, {good.url, later.url})
    assert len(crawl.done) == 3  # every page freed its in-flight slot


# --- extract: the pool of workers and the time budget ---

NAP = 0.6
BUDGET = 1.0


def fake_analysis(body, url, *, overrides, encoding, hint):
    """Runs in a worker: naps, hangs or kills its worker as the URL says; returns (url, worker pid)."""
    if "/hang" in url:
        time.sleep(60)
    if "/crash" in url:
        os._exit(1)
    if "/nap" in url:
        time.sleep(NAP)
    return url, os.getpid()


def extract_all(paths: list[str], workers: int, analyse=fake_analysis) -> list[FetchedPage]:
    """Every page at `paths` through one ExtractPipeline at once, as Scrapy hands them over."""
    (site,) = sites_from_urls([BASE + "/"])
    items = [
        FetchedPage(FrontierUrl(BASE + path, site.name, "article", 1, None, None, 0, 0), BASE + path, 200, b"",
                    None, None, None, None, site)
        for path in paths
    ]  # fmt: skip
    pipeline = ExtractPipeline(workers, BUDGET, analyse=analyse)

    async def run() -> list[FetchedPage]:
        pipeline.open_spider()
        try:
            return await asyncio.gather(*(pipeline.process_item(item) for item in items))
        finally:
            pipeline.close_spider()

    return asyncio.run(run())


def test_the_budget_counts_from_a_pages_start_not_from_its_wait_in_the_queue():
    # One worker, pages that take 0.6 s against a 1 s budget: every page but the first waits 0.6 s or more in the
    # pool's queue, which a budget counted from the hand-over would charge it.
    count = 2 * PAGES_PER_WORKER
    items = extract_all([f"/nap/{n}" for n in range(count)], workers=1)
    assert [item.extract_error for item in items] == [None] * count
    assert {item.analysis[0] for item in items} == {item.url for item in items}
    assert len({item.analysis[1] for item in items}) == 1  # one worker ran them all, one after another


def test_a_hung_page_fails_at_the_budget_and_the_pages_queued_beside_it_are_extracted():
    started = time.monotonic()
    items = extract_all(["/hang", "/a", "/b", "/c"], workers=1)
    assert items[0].analysis is None
    assert items[0].extract_error == f"extraction exceeded its {BUDGET:g} s budget"
    assert [(item.extract_error, item.analysis[0]) for item in items[1:]] == [(None, item.url) for item in items[1:]]
    assert time.monotonic() - started < 30  # the hung worker was killed, not waited for


def test_a_page_that_kills_its_worker_fails_alone():
    items = extract_all(["/a", "/crash", "/b", "/c", "/d"], workers=2)
    assert items[1].analysis is None and items[1].extract_error == "extraction worker died"
    others = items[:1] + items[2:]
    assert [(item.extract_error, item.analysis[0]) for item in others] == [(None, item.url) for item in others]


def test_a_page_still_in_a_worker_when_the_crawl_closes_fails_with_why():
    (site,) = sites_from_urls([BASE + "/"])
    item = FetchedPage(FrontierUrl(BASE + "/hang", site.name, "article", 1, None, None, 0, 0), BASE + "/hang", 200,
                       b"", None, None, None, None, site)  # fmt: skip
    pipeline = ExtractPipeline(1, 60.0, analyse=fake_analysis)

    async def run() -> None:
        pipeline.open_spider()
        page = asyncio.ensure_future(pipeline.process_item(item))
        await asyncio.sleep(BUDGET)
        pipeline.close_spider()
        await page

    asyncio.run(run())
    assert (item.analysis, item.extract_error) == (None, "extraction stopped: the crawl was closing")


@pytest.fixture
def ctrl_c_as_at_a_terminal():
    """Ctrl-C raising KeyboardInterrupt, as at a terminal: a shell's background job (CI) starts with it ignored, and
    workers forked from it would ignore it whether or not they set out to."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_ctrl_c_does_not_stop_a_worker_in_the_middle_of_a_page(ctrl_c_as_at_a_terminal):
    # Ctrl-C reaches every process of the terminal's group; the crawl finishes the pages in flight on it.
    (site,) = sites_from_urls([BASE + "/"])
    items = [
        FetchedPage(FrontierUrl(BASE + path, site.name, "article", 1, None, None, 0, 0), BASE + path, 200, b"",
                    None, None, None, None, site)
        for path in ("/nap/first", "/nap/second")
    ]  # fmt: skip
    pipeline = ExtractPipeline(1, 60.0, analyse=fake_analysis)
    interrupted = []

    async def run() -> None:
        pipeline.open_spider()
        try:
            first = asyncio.ensure_future(pipeline.process_item(items[0]))
            while not any(pipeline.started):
                await asyncio.sleep(0.01)
            interrupted.append(pipeline.pool[0].process.pid)
            os.kill(interrupted[0], signal.SIGINT)
            await first
            await pipeline.process_item(items[1])
        finally:
            pipeline.close_spider()

    asyncio.run(run())
    assert [item.extract_error for item in items] == [None, None]
    assert [item.analysis[1] for item in items] == interrupted * 2  # the same worker ran both: it was not replaced


def die_at_start(*args):
    """A worker that dies before it runs any page."""
    os._exit(1)


def test_pages_fail_when_no_worker_can_start_instead_of_replacing_workers_forever(monkeypatch):
    monkeypatch.setattr(workers, "serve", die_at_start)
    started = time.monotonic()
    items = extract_all(["/a", "/b"], workers=1)
    assert [(item.analysis, item.extract_error) for item in items] == [(None, "extraction worker died")] * 2
    assert time.monotonic() - started < 60


def test_a_page_that_raises_in_its_worker_raises_in_the_crawl():
    with pytest.raises(ZeroDivisionError):
        extract_all(["/a"], workers=1, analyse=divide_by_zero)


def divide_by_zero(body, url, **options):
    return 1 / 0


WARM_UP_WATCH = """
import asyncio, sys, time
from newsarchive.config import sites_from_urls
from newsarchive.frontier import FrontierUrl
from newsarchive.items import FetchedPage
from newsarchive.pipelines.extract import ExtractPipeline

URL = "https://gazette.example/2024/05/02/dock-strike"
(site,) = sites_from_urls([URL])
page = FetchedPage(FrontierUrl(URL, site.name, "article", 1, None, None, 0, 0), URL, 200,
                   b"<html><body><h1>Dock strike</h1><p>Dock workers went back to work.</p></body></html>",
                   None, None, None, None, site)

async def main():
    gaps, done = [], False

    async def tick():
        last = time.monotonic()
        while not done:
            await asyncio.sleep(0.01)
            gaps.append(time.monotonic() - last)
            last = time.monotonic()

    ticker = asyncio.ensure_future(tick())
    await asyncio.sleep(0.05)
    started = time.monotonic()
    pipeline = ExtractPipeline(1, 60.0)
    pipeline.open_spider()
    await pipeline.process_item(page)
    waited, done = time.monotonic() - started, True
    await ticker
    pipeline.close_spider()
    print(page.extract_error, type(page.analysis).__name__, waited, max(gaps))

asyncio.run(main())
"""


def test_the_event_loop_runs_on_while_the_fork_server_warms_up():
    # A fresh process: its first worker waits for a new fork server to import and warm the extractor (a second or
    # more). Downloads go on meanwhile only if that wait happens off the event loop.
    answer = subprocess.run([sys.executable, "-c", WARM_UP_WATCH], capture_output=True, text=True, check=True)
    error, analysis, waited, longest_gap = answer.stdout.split()
    assert (error, analysis) == ("None", "PageAnalysis")
    assert float(waited) > 0.5, "the fork server was warm already: this test shows nothing"
    assert float(longest_gap) < min(0.5, float(waited) / 3)

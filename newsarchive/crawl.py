"""Run crawls: hold the archive's crawl lock, seed the frontier, run NewsSpider under Scrapy, record each run."""

from __future__ import annotations

import asyncio
import fcntl
import os
import signal
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

# Scrapy's HTTP download handler is imported here, not first where the crawl engine loads it: its module's
# deprecated-class shims call inspect.stack() three times, which costs with the depth of the stack (0.3 s of CPU
# from inside the engine, 0.1 s from here).
import scrapy.core.downloader.handlers.http11  # noqa: F401
from scrapy.settings import Settings

from . import settings as default_settings
from .config import Site
from .errors import ArchiveError
from .frontier import Frontier
from .pipelines import forkserver
from .store import Archive
from .urls import canonical_url


UNUSED_EXTENSIONS = (
    "scrapy.extensions.remote_control.RemoteControl",
    "scrapy.extensions.feedexport.FeedExporter",  # no FEEDS, but it still heard every item and imported its storages
    "scrapy.extensions.spiderstate.SpiderState",  # JOBDIR only: the frontier is the crawl's memory
    "scrapy.extensions.memdebug.MemoryDebugger",
    "scrapy.extensions.telnet.TelnetConsole",
    "scrapy.extensions.logstats.LogStats",  # counts Scrapy items, which the spider no longer yields; see Progress
)
"""Scrapy extensions taken out of its base list (see settings.EXTENSIONS)."""


class CrawlLock:
    """An exclusive lock on `<archive>.lock`: only one crawl per archive. The OS drops it if the process dies."""

    def __init__(self, db_path: str | Path) -> None:
        self.path = Path(f"{db_path}.lock")
        self.handle: Any = None

    def acquire(self, wait: bool = False) -> None:
        try:
            self.handle = open(self.path, "a+")
        except OSError as exc:
            raise ArchiveError(f"cannot create lock file {self.path}: {exc.strerror}") from None
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            self.handle.seek(0)
            holder = self.handle.read().strip() or "another process"
            self.handle.close()
            self.handle = None
            raise ArchiveError(f"another crawl is already running on {self.path.with_suffix('')} ({holder})") from None
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(f"pid {os.getpid()}")
        self.handle.flush()

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None

    def __enter__(self) -> CrawlLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


@dataclass
class CrawlPass:
    """One crawl run over some sites."""

    sites: Sequence[Site]
    max_pages: int | None = None
    refresh: bool = False
    """Make every known article of these sites due now (a full recheck with conditional GET)."""
    seed: bool = True
    """Make the sites' start pages, feeds, sitemaps and robots.txt due now (off between scheduled passes)."""
    wait: float = 0.0
    """Seconds to sleep before the pass (a signal cuts the sleep short and ends the run)."""
    before: Callable[[], None] | None = None
    """Called just before the pass starts (the demo uses it to publish its second edition)."""


@dataclass
class CrawlResult:
    """What one pass did, as recorded in the `crawls` table."""

    crawl_id: int
    status: str
    seconds: float
    counts: dict[str, Any] = field(default_factory=dict)


def seed(frontier: Frontier, sites: Sequence[Site], refresh: bool) -> None:
    """Put each site's start pages, feeds, sitemaps and robots.txt in the frontier, due now."""
    for site in sites:
        origins = {urljoin(url, "/") for url in site.urls}
        for origin in sorted(origins):
            frontier.seed(urljoin(origin, "/robots.txt"), site.name, "robots")
        for url in site.urls:
            frontier.seed(canonical_url(url), site.name, "start")
        for url in site.feeds:
            frontier.seed(canonical_url(url), site.name, "feed")
        for url in site.sitemaps:
            frontier.seed(canonical_url(url), site.name, "sitemap")
    if refresh:
        frontier.refresh(site.name for site in sites)


def crawl_settings(db_path: str | Path, **overrides: Any) -> Settings:
    """newsarchive's Scrapy settings for an archive, with per-run overrides (upper-case setting names).

    A DOWNLOAD_DELAY of 0 asked for here (`--delay 0`) means no delay at all: AutoThrottle, whose job is to add
    one, is off too. Each host is still held to CONCURRENT_REQUESTS_PER_DOMAIN requests at a time, and to the
    Crawl-delay of its robots.txt.
    """
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    base = settings.getdict("EXTENSIONS_BASE")
    settings.set("EXTENSIONS_BASE", {k: v for k, v in base.items() if k not in UNUSED_EXTENSIONS}, priority="project")
    settings.set("NEWSARCHIVE_DB", str(db_path), priority="cmdline")
    if overrides.get("DOWNLOAD_DELAY") == 0 and "AUTOTHROTTLE_ENABLED" not in overrides:
        settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
    for name, value in overrides.items():
        if value is not None:
            settings.set(name, value, priority="cmdline")
    return settings


def _counts(stats: dict[str, Any]) -> dict[str, Any]:
    per_site: dict[str, dict[str, int]] = {}
    for key, value in stats.items():
        if key.startswith("newsarchive/site/"):
            _, _, name, metric = key.split("/", 3)
            per_site.setdefault(name, {})[metric] = value
    return {
        "pages": stats.get("response_received_count", 0),
        "articles_new": stats.get("newsarchive/articles_new", 0),
        "articles_updated": stats.get("newsarchive/articles_updated", 0),
        "articles_unchanged": stats.get("newsarchive/articles_unchanged", 0),
        "not_modified": stats.get("newsarchive/not_modified", 0),
        "duplicates": stats.get("newsarchive/duplicates", 0),
        "errors": stats.get("newsarchive/errors", 0),
        "skipped": stats.get("newsarchive/skipped", 0),
        "sites": per_site,
    }


def run_crawls(db_path: str | Path, passes: Iterable[CrawlPass], settings: Settings) -> list[CrawlResult]:
    """Run the passes one after another in this process, under the archive's crawl lock.

    `passes` is consumed lazily, so a generator can decide each next pass from the archive (`schedule`).

    SIGTERM or SIGINT stops claiming new URLs, finishes what is in flight, records the run and returns;
    a second signal stops at once (the frontier still loses nothing).
    """
    lock = CrawlLock(db_path)
    lock.acquire()
    results: list[CrawlResult] = []
    current: dict[str, Any] = {"crawler": None, "stopping": False, "error": None}
    try:
        if forkserver.worker_count(settings) > 0:
            forkserver.start()  # loads the extractor on another core while this process imports and starts Scrapy
        from scrapy.crawler import AsyncCrawlerProcess

        from .spiders.news import NewsSpider

        archive = Archive(db_path)
        with archive.transaction():
            Frontier(archive).release_orphans()
        process = AsyncCrawlerProcess(settings)
        from twisted.internet import reactor  # the asyncio reactor the process just installed

        def on_signal(signum: int, _frame: Any) -> None:
            if current["stopping"]:
                reactor.callFromThread(reactor.stop)
                return
            current["stopping"] = True
            crawler = current["crawler"]
            if crawler is not None and getattr(crawler, "spider", None) is not None:
                reactor.callFromThread(crawler.spider.stop_claiming)

        async def main() -> None:
            try:
                for crawl_pass in passes:
                    deadline = time.monotonic() + crawl_pass.wait
                    while not current["stopping"] and time.monotonic() < deadline:
                        await asyncio.sleep(min(1.0, deadline - time.monotonic()))
                    if current["stopping"]:
                        break
                    if not crawl_pass.sites:
                        continue
                    if crawl_pass.before is not None:
                        crawl_pass.before()
                    with archive.transaction():
                        frontier = Frontier(archive)
                        if crawl_pass.seed:
                            seed(frontier, crawl_pass.sites, crawl_pass.refresh)
                        elif crawl_pass.refresh:
                            frontier.refresh(site.name for site in crawl_pass.sites)
                    crawl_id = archive.start_crawl(
                        {"sites": [s.name for s in crawl_pass.sites], "max_pages": crawl_pass.max_pages,
                         "refresh": crawl_pass.refresh}
                    )
                    started = time.monotonic()
                    crawler = process.create_crawler(NewsSpider)
                    current["crawler"] = crawler
                    status = "finished"
                    try:
                        await process.crawl(crawler, sites=crawl_pass.sites, max_pages=crawl_pass.max_pages)
                    except Exception as exc:  # recorded on the run, then re-raised by run_crawls
                        status = f"failed: {type(exc).__name__}: {exc}"
                        current["error"] = exc
                        break
                    finally:
                        if current["stopping"] and status == "finished":
                            status = "interrupted"
                        counts = _counts(crawler.stats.get_stats())
                        archive.finish_crawl(crawl_id, status=status, counts=counts)
                        results.append(CrawlResult(crawl_id, status, time.monotonic() - started, counts))
            finally:
                reactor.callFromThread(reactor.stop)

        asyncio.get_event_loop().create_task(main())
        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            process.start(stop_after_crawl=False, install_signal_handlers=False)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            archive.close()
    finally:
        lock.release()
    if current["error"] is not None:
        raise current["error"]
    return results

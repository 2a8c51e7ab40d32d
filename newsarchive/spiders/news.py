"""NewsSpider: fetches what the frontier says is due and routes each response; no extraction logic here."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from email.utils import parsedate_to_datetime
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from twisted.internet import task

from ..clock import utcnow
from ..config import Site
from ..discovery import DiscoveryError, parse_feed, parse_sitemap, sitemaps_in_robots
from ..frontier import Frontier, FrontierUrl
from ..items import FetchedPage
from ..middlewares.robots import SHARED_ROBOTS, RobotsUnavailable
from ..pipelines.extract import ExtractPipeline
from ..pipelines.store import StorePipeline
from ..store import Archive
from ..urls import canonical_url
from ..urlshape import classify_url

DISCOVERY_KINDS = ("robots", "sitemap", "feed")
TOP_UP_EVERY = 0.1
# Download failures that carry no message, and what they mean in a crawl.
SILENT_FAILURES = {
    "DownloadCancelledError": "body passed DOWNLOAD_MAXSIZE while streaming (or the crawl was stopping)",
    "ResponseDataLossError": "connection closed before the declared Content-Length arrived",
}


class NewsSpider(scrapy.Spider):
    """Crawls the sites it is given, driven by the durable frontier in the archive."""

    name = "news"

    def __init__(self, *args: Any, sites: Iterable[Site] = (), max_pages: int | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.sites = list(sites)
        self.sites_by_name = {site.name: site for site in self.sites}
        self.max_pages = max_pages
        self.claimed = 0
        self.claimed_per_site: dict[str, int] = {}
        self.in_flight = 0
        self.stopping = False
        self.top_up_loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.archive = Archive(crawler.settings["NEWSARCHIVE_DB"])
        spider.frontier = Frontier(spider.archive)
        spider.batch = crawler.settings.getint("NEWSARCHIVE_CLAIM_BATCH")
        spider.max_depth = crawler.settings.getint("NEWSARCHIVE_MAX_DEPTH")
        spider.extractor = ExtractPipeline.from_crawler(crawler)
        spider.store = StorePipeline.from_crawler(crawler)
        crawler.signals.connect(spider.on_opened, signal=signals.spider_opened)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.on_closed, signal=signals.spider_closed)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.top_up_loop = task.LoopingCall(self.top_up)
        self.top_up_loop.start(TOP_UP_EVERY, now=False)
        for request in self.next_requests():
            yield request

    def page_done(self) -> None:
        """One claimed URL is finished (stored, failed or skipped): room for another."""
        self.in_flight -= 1

    def top_up(self) -> None:
        """Keep the downloader and the extraction workers busy: claim more before the queue runs dry.

        A claim is one statement, so it waits for room for a quarter of a batch; at 100+ pages/s a queue topped up
        only once it was half empty ran dry between two ticks.
        """
        if self.in_flight <= self.batch - max(self.batch // 4, 1):
            for request in self.next_requests(self.batch - self.in_flight):
                self.crawler.engine.crawl(request)

    def stop_claiming(self) -> None:
        """Finish what is in flight, claim nothing more (SIGTERM, or the page budget is spent)."""
        self.stopping = True

    def on_idle(self) -> None:
        requests = self.next_requests()
        for request in requests:
            self.crawler.engine.crawl(request)
        if requests:
            raise DontCloseSpider

    def on_opened(self) -> None:
        self.extractor.open_spider()

    def on_closed(self) -> None:
        if self.top_up_loop is not None and self.top_up_loop.running:
            self.top_up_loop.stop()
        try:
            self.extractor.close_spider()
        finally:
            self.store.close_spider()
            self.archive.close()

    def next_requests(self, limit: int | None = None) -> list[scrapy.Request]:
        """Claim the next due URLs (a batch, or `limit`) within the page budgets and turn them into requests."""
        if self.stopping:
            return []
        limit = self.batch if limit is None else limit
        if self.max_pages is not None:
            limit = min(limit, self.max_pages - self.claimed)
        open_sites = [
            s.name for s in self.sites if s.max_pages is None or self.claimed_per_site.get(s.name, 0) < s.max_pages
        ]
        if limit <= 0 or not open_sites:
            return []
        with self.archive.transaction():
            claimed = self.frontier.claim(limit, sites=open_sites)
        requests = []
        for entry in claimed:
            site = self.sites_by_name[entry.site]
            done_here = self.claimed_per_site.get(site.name, 0)
            if site.max_pages is not None and done_here >= site.max_pages:
                with self.archive.transaction():
                    self.frontier.release(entry.url)
                continue
            self.claimed += 1
            self.in_flight += 1
            self.claimed_per_site[site.name] = done_here + 1
            requests.append(self.request_for(entry))
        return requests

    def request_for(self, entry: FrontierUrl) -> scrapy.Request:
        headers, robots = {}, entry.kind == "robots"
        if entry.kind == "article" and entry.fetch_count:
            if entry.etag:
                headers["If-None-Match"] = entry.etag
            if entry.last_modified:
                headers["If-Modified-Since"] = entry.last_modified
        return scrapy.Request(
            entry.url,
            callback=self.parse,
            errback=self.on_error,
            headers=headers,
            # robots.txt itself is answered by the robots middleware with its own (single) fetch of it.
            meta={"frontier": entry, "dont_obey_robotstxt": robots, SHARED_ROBOTS: robots},
            dont_filter=True,
        )

    async def parse(self, response: scrapy.http.Response) -> None:
        """Route the response; an HTML page goes through the extract and store pipelines before the callback ends.

        The spider runs them itself rather than yielding the page to Scrapy's item pipelines: Scrapy's item path
        (spider-output chain, pipeline chain, item signal) cost the crawling process more than our store did.
        """
        page = self.route(response)
        if page is None:
            self.page_done()
            return
        try:
            await self.extractor.process_item(page)
        except BaseException:
            self.page_done()
            raise
        self.store.process_item(page)

    def route(self, response: scrapy.http.Response) -> FetchedPage | None:
        """Settle errors, 304s, non-HTML and discovery pages here; return an HTML page for the pipelines."""
        entry: FrontierUrl = response.meta["frontier"]
        site = self.sites_by_name[entry.site]
        etag = _header(response, b"ETag")
        last_modified = _header(response, b"Last-Modified")
        if response.status == 304:
            with self.archive.transaction():
                self.frontier.done(entry.url, status=304, recrawl=site.recrawl)
            self.crawler.stats.inc_value("newsarchive/not_modified")
            return None
        if 300 <= response.status < 400:  # a redirect Scrapy refused to follow (file:, ftp:, no Location)
            location = _header(response, b"Location") or "nowhere"
            with self.archive.transaction():
                self.frontier.skip(entry.url, f"HTTP {response.status} redirect to {location} not followed")
            self.crawler.stats.inc_value("newsarchive/skipped")
            return None
        if entry.kind == "robots" and 400 <= response.status < 500 and response.status != 429:
            with self.archive.transaction():  # no robots.txt: nothing to discover now, look again next time
                self.frontier.done(entry.url, status=response.status, recrawl=site.recrawl)
            return None
        if response.status >= 400:
            retry_after = _retry_after(response) if response.status in (429, 503) else None
            with self.archive.transaction():
                self.frontier.failed(entry.url, f"HTTP {response.status}", status=response.status, retry_in=retry_after)
            self.crawler.stats.inc_value("newsarchive/errors")
            return None
        if entry.kind in DISCOVERY_KINDS:
            self.discover(entry, site, response)
            return None
        content_type = _header(response, b"Content-Type")
        if content_type and not _is_html(content_type):
            with self.archive.transaction():
                self.frontier.skip(entry.url, f"not HTML ({content_type.split(';')[0]})")
            return None
        return FetchedPage(
            frontier=entry,
            url=response.url,
            status=response.status,
            body=response.body,
            encoding=_declared_charset(content_type),
            content_type=content_type,
            etag=etag,
            last_modified=last_modified,
            site=site,
        )

    def discover(self, entry: FrontierUrl, site: Site, response: scrapy.http.Response) -> None:
        """Add what a robots.txt, sitemap or feed lists to the frontier, and confirm the page done."""
        try:
            if entry.kind == "robots":
                found = [(url, "sitemap") for url in sitemaps_in_robots(response.body, response.url)]
            elif entry.kind == "sitemap":
                found = [(f.url, f.kind) for f in parse_sitemap(response.body, response.url)]
            else:
                found = [(f.url, f.kind) for f in parse_feed(response.body, response.url)]
        except DiscoveryError as exc:
            with self.archive.transaction():
                self.frontier.failed(entry.url, str(exc), status=response.status)
            self.crawler.stats.inc_value("newsarchive/errors")
            return
        rows = [
            (canonical_url(url), site.name, kind, entry.depth + 1, entry.kind)
            for url, kind in found
            if (site.owns(url) if kind == "sitemap" else site.allows(url) and classify_url(url) != "skip")
        ]
        with self.archive.transaction():
            added = self.frontier.add(rows)
            self.frontier.done(entry.url, status=response.status, recrawl=site.recrawl)
        self.crawler.stats.inc_value("newsarchive/discovered", added)

    def on_error(self, failure: Any) -> None:
        entry: FrontierUrl = failure.request.meta["frontier"]
        self.page_done()
        with self.archive.transaction():
            if failure.check(RobotsUnavailable):  # fetch it in a later run, once robots.txt answers
                self.frontier.failed(entry.url, str(failure.value))
                self.crawler.stats.inc_value("newsarchive/skipped")
                return
            if failure.check(IgnoreRequest):
                self.frontier.skip(entry.url, str(failure.value) or "forbidden by robots.txt")
                self.crawler.stats.inc_value("newsarchive/skipped")
                return
            detail = str(failure.value) or SILENT_FAILURES.get(failure.type.__name__, "no detail")
            self.frontier.failed(entry.url, f"{failure.type.__name__}: {detail}"[:500])
        self.crawler.stats.inc_value("newsarchive/errors")


def _header(response: scrapy.http.Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1").strip() if value else None


def _is_html(content_type: str) -> bool:
    media = content_type.split(";")[0].strip().lower()
    return media in ("text/html", "application/xhtml+xml", "text/plain", "") or media.endswith("+html")


def _declared_charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"').lower()
    return None


def _retry_after(response: scrapy.http.Response) -> float | None:
    value = _header(response, b"Retry-After")
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - utcnow()).total_seconds())
    except (TypeError, ValueError):
        return None

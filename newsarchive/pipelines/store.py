"""Store pipeline: stores each page's article (or the links a listing offers) and confirms its URL, atomically.

Pages are committed in groups (COMMIT_PAGES pages, or COMMIT_SECONDS after the first): a commit costs about as
much CPU as storing a page. Each page is a savepoint of the group, so a page that fails leaves nothing behind,
and the article and its URL's done-mark are always in the same commit: a crawl killed at any instant loses at most
the uncommitted group, whose URLs are still due for the next run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from ..items import FetchedPage
from ..urlshape import classify_url

COMMIT_PAGES = 32
COMMIT_SECONDS = 0.5


class StorePipeline:
    """Writes each analysed page to the archive and marks its frontier URL done, atomically."""

    def __init__(self, crawler: Any, snapshots: bool, max_depth: int, call_later: Callable[..., Any]) -> None:
        self.crawler = crawler
        self.snapshots = snapshots
        self.max_depth = max_depth
        self.call_later = call_later
        """reactor.callLater: runs the group's commit COMMIT_SECONDS after its first page."""
        self.group: AbstractContextManager | None = None
        self.grouped = 0
        self.deadline: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        from twisted.internet import reactor  # the one Scrapy installed

        return cls(
            crawler,
            crawler.settings.getbool("NEWSARCHIVE_SNAPSHOTS"),
            crawler.settings.getint("NEWSARCHIVE_MAX_DEPTH"),
            reactor.callLater,
        )

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        spider = self.crawler.spider
        try:
            self._open_group(spider.archive)
            with _savepoint(spider.archive.conn):
                self._store(item, spider.archive, spider.frontier, self.crawler.stats)
        finally:
            spider.page_done()
        self.grouped += 1
        if self.grouped >= COMMIT_PAGES:
            self.commit()
        return item

    def close_spider(self) -> None:
        self.commit()

    def _open_group(self, archive: Any) -> None:
        if self.group is None:
            self.group = archive.transaction()
            self.group.__enter__()
            self.deadline = self.call_later(COMMIT_SECONDS, self.commit)

    def commit(self) -> None:
        """Commit the open group of pages (and whatever the spider wrote meanwhile), if any."""
        if self.deadline is not None and self.deadline.active():
            self.deadline.cancel()
        group, self.group, self.grouped, self.deadline = self.group, None, 0, None
        if group is not None:
            group.__exit__(None, None, None)

    def _store(self, item: FetchedPage, archive: Any, frontier: Any, stats: Any) -> None:
        entry, site, analysis = item.frontier, item.site, item.analysis
        with archive.transaction():
            if analysis is None:
                frontier.failed(entry.url, item.extract_error or "extraction failed", status=item.status)
                stats.inc_value("newsarchive/errors")
                return
            frontier.add((url, site.name, "feed", entry.depth + 1, entry.kind) for url in analysis.feeds if site.owns(url))
            if analysis.kind == "article":
                article = analysis.article
                article.site = site.name
                outcome = archive.upsert_article(
                    article,
                    raw=item.body if self.snapshots else None,
                    content_type=item.content_type,
                    status=item.status,
                )
                frontier.done(
                    entry.url,
                    status=item.status,
                    recrawl=site.recrawl,
                    etag=item.etag,
                    last_modified=item.last_modified,
                    article_url=article.url,
                    kind="article",
                )
                stats.inc_value(f"newsarchive/articles_{outcome}")
                stats.inc_value(f"newsarchive/site/{site.name}/articles_{outcome}")
                if article.duplicate_of:
                    stats.inc_value("newsarchive/duplicates")
            else:
                frontier.add(self._links(item, analysis.links))
                frontier.done(
                    entry.url,
                    status=item.status,
                    recrawl=site.recrawl,
                    kind="start" if entry.kind == "start" else "listing",
                )
                stats.inc_value("newsarchive/listings")

    def _links(self, item: FetchedPage, links: list[str]) -> list[tuple[str, str, str, int, str]]:
        """Frontier rows for a listing's links: the site's articles it allows, and its listings within the depth."""
        depth = item.frontier.depth + 1
        rows = []
        for url in links:
            kind = classify_url(url)
            if kind == "skip" or (kind == "listing" and depth > self.max_depth):
                continue
            if not (item.site.allows(url) if kind == "article" else item.site.owns(url)):
                continue
            rows.append((url, item.site.name, kind, depth, item.frontier.kind))
        return rows


@contextmanager
def _savepoint(conn: Any) -> Iterator[None]:
    """One page inside the group's transaction: undone alone if it raises."""
    conn.execute("SAVEPOINT page")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK TO page")
        conn.execute("RELEASE page")
        raise
    conn.execute("RELEASE page")

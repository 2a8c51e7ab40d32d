"""Store pipeline: one transaction per page stores the article (or the links a listing offers) and confirms the URL."""

from __future__ import annotations

from typing import Any

from ..extract import classify_url
from ..items import FetchedPage


class StorePipeline:
    """Writes each analysed page to the archive and marks its frontier URL done, atomically."""

    def __init__(self, crawler: Any, snapshots: bool, max_depth: int) -> None:
        self.crawler = crawler
        self.snapshots = snapshots
        self.max_depth = max_depth

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        return cls(
            crawler,
            crawler.settings.getbool("NEWSARCHIVE_SNAPSHOTS"),
            crawler.settings.getint("NEWSARCHIVE_MAX_DEPTH"),
        )

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        spider = self.crawler.spider
        try:
            self._store(item, spider.archive, spider.frontier, self.crawler.stats)
        finally:
            spider.page_done()
        return item

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

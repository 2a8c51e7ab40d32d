"""The crawl's stats collector: Scrapy's in-memory one, with plain attribute lookups."""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector


class PlainStatsCollector(MemoryStatsCollector):
    """Scrapy 2.19's MemoryStatsCollector without its `__getattribute__`.

    That one (there to warn about a deprecated `spider` argument) runs in Python on every attribute lookup of the
    collector, its own `self._stats` included, which raises and catches an AttributeError each time: a dozen
    stats updates per page cost ~2% of the crawling process's CPU. The methods are the same; a caller that still
    passes `spider` is not warned.
    """

    __getattribute__ = object.__getattribute__

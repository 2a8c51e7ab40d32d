"""Crawl progress: a live status line on a terminal, plain log lines when piped or under cron."""

from __future__ import annotations

import sys
import time
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

LIVE_EVERY = 1.0
LOG_EVERY = 30.0
DUE_EVERY = 10.0
"""Seconds between counts of the due queue (a scan of the frontier) for the live line."""


class Progress:
    """Scrapy extension reporting pages/s, new and updated articles, errors and the due queue."""

    def __init__(self, crawler: Any, mode: str) -> None:
        self.crawler = crawler
        self.mode = mode
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None
        self.due = 0
        self.due_counted: float | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> Progress:
        mode = crawler.settings.get("NEWSARCHIVE_PROGRESS", "auto")
        if mode == "auto":
            mode = "live" if sys.stderr.isatty() else "log"
        if mode == "off":
            raise NotConfigured
        ext = cls(crawler, mode)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self) -> None:
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.report)
        self.loop.start(LIVE_EVERY if self.mode == "live" else LOG_EVERY, now=False)

    def closed(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.mode == "live":
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()

    def line(self) -> str:
        stats = self.crawler.stats
        pages = stats.get_value("response_received_count", 0)
        elapsed = max(time.monotonic() - self.started, 1e-6)
        now = time.monotonic()
        if self.due_counted is None or now - self.due_counted >= DUE_EVERY:
            self.due, self.due_counted = self.crawler.spider.frontier.due_count(), now
        return (
            f"{pages} pages ({pages / elapsed:.1f}/s), "
            f"{stats.get_value('newsarchive/articles_new', 0)} new, "
            f"{stats.get_value('newsarchive/articles_updated', 0)} updated, "
            f"{stats.get_value('newsarchive/errors', 0)} errors, "
            f"{self.due} due"
        )

    def report(self) -> None:
        if self.mode == "live":
            sys.stderr.write("\r\033[K" + self.line())
            sys.stderr.flush()
        else:
            print(f"newsarchive: {time.strftime('%Y-%m-%dT%H:%M:%S')} {self.line()}", file=sys.stderr, flush=True)

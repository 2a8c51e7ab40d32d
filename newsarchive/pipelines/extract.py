"""Extract pipeline: analyse each fetched page in a pool of worker processes, within a time budget."""

from __future__ import annotations

import asyncio
import os
import select
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any

from ..extract import analyse_page
from ..items import FetchedPage
from . import forkserver


WARM_UP_PAGE = (
    "<html lang='en'><head><title>Warm up</title></head><body><article><h1>Warm up</h1>"
    "<p>Published on 20 August 2023 by the desk.</p><p>" + "Loading extraction data once. " * 20 + "</p>"
    "</article></body></html>"
)


def warm_up() -> None:
    """Run one small page through the extractor so lazy data (date parsers, vocabularies) loads before real pages."""
    analyse_page(WARM_UP_PAGE, "https://warm-up.invalid/2023/08/20/warm-up")


def exit_with(pid: int) -> None:
    """Worker initializer: end this worker as soon as the crawl process `pid` ends, even when it is SIGKILLed.

    The fork server and the workers otherwise outlive a killed crawl, forever, holding their memory.
    """

    def watch() -> None:
        try:
            handle = os.pidfd_open(pid)  # Linux: readable once the process has ended
        except (AttributeError, OSError):
            while _alive(pid):
                time.sleep(1.0)
        else:
            select.select([handle], [], [])
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-crawl", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class ExtractPipeline:
    """Runs extract.analyse_page on each FetchedPage, in worker processes so a crawl uses every core."""

    def __init__(self, workers: int, timeout: float) -> None:
        self.workers = workers
        self.timeout = timeout
        self.pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ExtractPipeline:
        return cls(forkserver.worker_count(crawler.settings), crawler.settings.getfloat("NEWSARCHIVE_EXTRACT_TIMEOUT"))

    def open_spider(self) -> None:
        self.pool = self._new_pool()
        # One page per worker at a time, so the time budget counts extraction, not waiting in the pool's queue.
        self.slots = asyncio.Semaphore(max(self.workers, 1))

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def _new_pool(self) -> ProcessPoolExecutor | None:
        """Workers forked from the fork server, which has imported the extractor once and warmed it up."""
        if self.workers <= 0:
            return None
        return ProcessPoolExecutor(
            self.workers, mp_context=forkserver.context(), initializer=exit_with, initargs=(os.getpid(),)
        )

    def _restart_pool(self) -> None:
        """Replace the pool after a worker hung past the budget or died; its other tasks fail and are retried."""
        old, self.pool = self.pool, self._new_pool()
        if old is not None:
            for process in list(getattr(old, "_processes", {}).values()):
                process.kill()
            old.shutdown(wait=False, cancel_futures=True)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        hint = "article" if item.frontier.kind == "article" else "listing"
        job = partial(
            analyse_page, item.body, item.url, overrides=item.site.overrides, encoding=item.encoding, hint=hint
        )
        if self.pool is None:
            item.analysis = job()
            return item
        async with self.slots:
            try:
                future = asyncio.wrap_future(self.pool.submit(job))
                item.analysis = await asyncio.wait_for(future, self.timeout)
            except asyncio.TimeoutError:
                item.extract_error = f"extraction exceeded its {self.timeout:g} s budget"
                self._restart_pool()
            except BrokenProcessPool:
                item.extract_error = "extraction worker died"
                self._restart_pool()
        return item

"""Extract pipeline: analyse each fetched page in a pool of worker processes, within a time budget."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from ..items import FetchedPage
from ..models import PageAnalysis
from . import forkserver, workers
from .workers import Worker, WorkerDied

PAGES_PER_WORKER = 2
"""Pages handed to each worker at a time: while a worker runs one, its next is already waiting in its socket,
so it never idles while the crawling process (busy with Scrapy and the store) gets round to handing it more."""
MAX_ATTEMPTS = 2
"""Times a page runs in a worker that then dies before it is given up ("extraction worker died")."""
MAX_LOST_WORKERS = 5
"""Workers a page sees die, running it or not, before it is given up: a fork server that cannot start workers
must fail the page, not replace workers forever."""

WARM_UP_PAGE = (
    "<html lang='en'><head><title>Warm up</title></head><body><article><h1>Warm up</h1>"
    "<p>Published on 20 August 2023 by the desk.</p><p>" + "Loading extraction data once. " * 20 + "</p>"
    "</article></body></html>"
)


def analyse_page(html: bytes | str, url: str, **options: Any) -> PageAnalysis:
    """extract.analyse_page, imported on the first call: in the fork server and so in the workers.

    The crawling process never loads the extractor (trafilatura, bs4, htmldate) unless it extracts pages itself
    (NEWSARCHIVE_EXTRACT_WORKERS = 0).
    """
    from ..extract import analyse_page as analyse

    return analyse(html, url, **options)


def warm_up() -> None:
    """Run one small page through the extractor so lazy data (date parsers, vocabularies) loads before real pages."""
    analyse_page(WARM_UP_PAGE, "https://warm-up.invalid/2023/08/20/warm-up")


class BudgetExceeded(Exception):
    """A page ran in its worker for longer than the time budget."""


class ExtractPipeline:
    """Runs extract.analyse_page on each FetchedPage, in worker processes so a crawl uses every core.

    Each worker is handed PAGES_PER_WORKER pages at a time; a page's time budget runs from the moment a worker
    starts it (its worker records that in memory shared with this process), not from when it was queued, so a page
    waiting behind a slow one is never charged for it. A page over budget has its worker killed and replaced (the
    only way to stop a worker stuck in C code); the pages that were queued beside it go to the new worker.
    """

    def __init__(self, workers: int, timeout: float, analyse: Callable[..., Any] = analyse_page) -> None:
        self.workers = workers
        self.timeout = timeout
        self.analyse = analyse
        self.pool: list[Worker] = []
        self.retired: list[Worker] = []
        self.started: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ExtractPipeline:
        return cls(forkserver.worker_count(crawler.settings), crawler.settings.getfloat("NEWSARCHIVE_EXTRACT_TIMEOUT"))

    def open_spider(self) -> None:
        self.places = max(self.workers, 1) * PAGES_PER_WORKER
        self.free = list(range(self.places))
        self.slots = asyncio.Semaphore(self.places)
        if self.workers > 0:
            self.started = forkserver.context().RawArray("d", self.places)
            self.pool = [self._new_worker() for _ in range(self.workers)]

    def close_spider(self) -> None:
        """Let each worker finish its page and exit (killed if it takes longer than a second or two)."""
        for worker in self.pool:
            worker.close()
        for worker in self.pool + self.retired:
            worker.join(timeout=2.0)
        self.pool, self.retired = [], []

    def _new_worker(self) -> Worker:
        """A worker forked from the fork server, which has imported the extractor once and warmed it up."""
        return Worker(self.started, workers.serve)

    def _replace(self, worker: Worker) -> None:
        """Put a new worker in `worker`'s place (it hung past the budget or died), unless that was done already."""
        if worker in self.pool:
            self.pool[self.pool.index(worker)] = self._new_worker()
            self.retired.append(worker)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        hint = "article" if item.frontier.kind == "article" else "listing"
        job = partial(
            self.analyse, item.body, item.url, overrides=item.site.overrides, encoding=item.encoding, hint=hint
        )
        if self.workers <= 0:
            item.analysis = job()
            return item
        async with self.slots:
            place = self.free.pop()
            try:
                item.analysis, item.extract_error = await self._extract(place, job)
            finally:
                self.free.append(place)
        return item

    async def _extract(self, place: int, job: Callable[[], Any]) -> tuple[Any, str | None]:
        """Run `job` in a worker at queue place `place`: (analysis, None) or (None, why it failed)."""
        died = lost = 0
        while True:
            if not self.pool:  # closed while this page waited: no worker is coming back
                return None, "extraction stopped: the crawl was closing"
            worker = min(self.pool, key=lambda w: len(w.pending))
            self.started[place] = 0.0
            future = await worker.submit(place, job)
            try:
                return await self._result(future, place), None
            except BudgetExceeded:
                future.cancel()
                worker.kill()
                self._replace(worker)
                return None, f"extraction exceeded its {self.timeout:g} s budget"
            except WorkerDied:
                self._replace(worker)
                if worker.killed and not self.started[place]:
                    continue  # queued behind a page over its budget: it goes to the new worker
                died += self.started[place] > 0.0  # a page that never started cannot have killed its worker
                lost += 1
                if died >= MAX_ATTEMPTS or lost >= MAX_LOST_WORKERS:
                    return None, "extraction worker died"
            except asyncio.CancelledError:
                future.cancel()
                raise

    async def _result(self, future: asyncio.Future, place: int) -> Any:
        """The result of `future`, or BudgetExceeded once it has run for longer than the budget."""
        while True:
            began = self.started[place]
            left = self.timeout if not began else began + self.timeout - time.monotonic()
            if left <= 0:
                raise BudgetExceeded
            done, _ = await asyncio.wait({future}, timeout=left)
            if done:
                return future.result()

"""Extract pipeline: analyse each fetched page in a pool of worker processes, within a time budget."""

from __future__ import annotations

import asyncio
import os
import select
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any

from ..items import FetchedPage
from ..models import PageAnalysis
from . import forkserver

PAGES_PER_WORKER = 2
"""Pages handed to the pool per worker: while a worker runs one, its next is already waiting in the pool's queue,
so it never idles while the crawling process (busy with Scrapy and the store) gets round to handing it more."""
MAX_ATTEMPTS = 2
"""Times a page runs in a worker that then dies before it is given up ("extraction worker died")."""
MAX_BROKEN_POOLS = 5
"""Broken pools a page waits through, run or not, before it is given up: a fork server that cannot start workers
must fail the page, not replace pools forever."""

WARM_UP_PAGE = (
    "<html lang='en'><head><title>Warm up</title></head><body><article><h1>Warm up</h1>"
    "<p>Published on 20 August 2023 by the desk.</p><p>" + "Loading extraction data once. " * 20 + "</p>"
    "</article></body></html>"
)

_started: Any = None
"""In a worker: the pool's shared start times, one per queue place (set by init_worker)."""


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


def exit_with(pid: int) -> None:
    """End this worker as soon as the crawl process `pid` ends, even when it is SIGKILLed.

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


def init_worker(pid: int, started: Any) -> None:
    """Worker initializer: exit with the crawl process `pid`; record when each page starts in `started`."""
    global _started
    _started = started
    exit_with(pid)


def run_page(place: int, job: Callable[[], Any]) -> Any:
    """In a worker: note the time `job` (a page's analysis) starts at queue place `place`, then run it."""
    _started[place] = time.monotonic()  # CLOCK_MONOTONIC: the same clock in every process
    return job()


def ready() -> None:
    """Run in each new worker before any page, so that starting it happens off the crawl's event loop."""


def start_workers(pool: ProcessPoolExecutor, count: int) -> None:
    """In a thread: start the pool's `count` workers and wait for them. Each start waits for the fork server to
    answer, and it answers only once it has loaded and warmed the extractor (a second or more after the crawl
    starts): in the event loop's thread that wait would stop every download meanwhile.

    A pool replaced or shut down before this thread ran (a page over budget at once, the crawl closing) refuses
    new work: it has no workers left to start.
    """
    try:
        wait([pool.submit(ready) for _ in range(count)])
    except (RuntimeError, BrokenProcessPool):
        return


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class BudgetExceeded(Exception):
    """A page ran in its worker for longer than the time budget."""


class ExtractPipeline:
    """Runs extract.analyse_page on each FetchedPage, in worker processes so a crawl uses every core.

    Each worker has PAGES_PER_WORKER pages in the pool at a time; a page's time budget runs from the moment a worker
    starts it (its worker records that in memory shared with this process), not from when it was queued, so a page
    waiting behind a slow one is never charged for it. A page over budget has its pool replaced (the only way to
    stop a worker stuck in C code); the pages that were queued or running beside it go to the new pool.
    """

    def __init__(self, workers: int, timeout: float, analyse: Callable[..., Any] = analyse_page) -> None:
        self.workers = workers
        self.timeout = timeout
        self.analyse = analyse
        self.pool: ProcessPoolExecutor | None = None
        self.started: Any = None
        self.generation = 0
        self.ready: asyncio.Future | None = None
        """Done once the current pool's workers have started (see start_workers)."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> ExtractPipeline:
        return cls(forkserver.worker_count(crawler.settings), crawler.settings.getfloat("NEWSARCHIVE_EXTRACT_TIMEOUT"))

    def open_spider(self) -> None:
        self.places = max(self.workers, 1) * PAGES_PER_WORKER
        self.free = list(range(self.places))
        self.slots = asyncio.Semaphore(self.places)
        self._new_pool()

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def _new_pool(self) -> None:
        """Workers forked from the fork server, which has imported the extractor once and warmed it up."""
        if self.workers <= 0:
            return
        context = forkserver.context()
        self.started = context.RawArray("d", self.places)
        self.pool = ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=init_worker, initargs=(os.getpid(), self.started)
        )
        self.ready = asyncio.get_running_loop().run_in_executor(None, start_workers, self.pool, self.workers)
        self.generation += 1

    def _restart_pool(self, generation: int) -> None:
        """Replace pool `generation` (a worker hung past the budget or died), unless that was done already."""
        if generation != self.generation or self.pool is None:
            return
        old = self.pool
        self._new_pool()
        for process in list((getattr(old, "_processes", None) or {}).values()):
            process.kill()
        old.shutdown(wait=False, cancel_futures=True)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        hint = "article" if item.frontier.kind == "article" else "listing"
        job = partial(
            self.analyse, item.body, item.url, overrides=item.site.overrides, encoding=item.encoding, hint=hint
        )
        if self.pool is None:
            item.analysis = job()
            return item
        async with self.slots:
            assert self.ready is not None
            await asyncio.wait({self.ready})  # whether the workers started or died, pages go to the pool now
            place = self.free.pop()
            try:
                item.analysis, item.extract_error = await self._extract(place, job)
            finally:
                self.free.append(place)
        return item

    async def _extract(self, place: int, job: Callable[[], Any]) -> tuple[Any, str | None]:
        """Run `job` in the pool at queue place `place`: (analysis, None) or (None, why it failed)."""
        died = broken = 0
        while True:
            assert self.pool is not None
            generation, started, future = self.generation, self.started, None
            started[place] = 0.0
            try:
                future = self.pool.submit(run_page, place, job)
                return await self._result(future, started, place), None
            except BudgetExceeded:
                self._restart_pool(generation)
                return None, f"extraction exceeded its {self.timeout:g} s budget"
            except BrokenProcessPool:
                self._restart_pool(generation)
                died += started[place] > 0.0  # a page that never started cannot have killed its worker
                broken += 1
                if died >= MAX_ATTEMPTS or broken >= MAX_BROKEN_POOLS:
                    return None, "extraction worker died"
            except asyncio.CancelledError:
                if future is None or not future.cancelled():
                    raise  # this task itself was cancelled
                # else: still queued when its pool was replaced; it goes to the new one

    async def _result(self, future: Future, started: Any, place: int) -> Any:
        """The result of `future`, or BudgetExceeded once it has run for longer than the budget."""
        waiter = asyncio.wrap_future(future)
        while True:
            began = started[place]
            left = self.timeout if not began else began + self.timeout - time.monotonic()
            if left <= 0:
                raise BudgetExceeded
            done, _ = await asyncio.wait({waiter}, timeout=left)
            if done:
                return waiter.result()

"""Near-duplicate keys of a bulk write's articles, worked out in worker processes while the writer writes."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..models import Article
from . import dedupe

POOL_MIN = 64
"""Fewer articles than this in a batch are left to the writer (a round trip to a worker costs more than their keys)."""
START_AFTER = 5_000
"""Articles the writer works keys out for itself before the workers start: starting one costs about as much CPU
(an interpreter and its imports) as the keys of this many, so small bulk writes (a short import) never pay it."""
CHUNK = 25
"""Articles per worker task: the writer starts on the first ones while later ones are still worked out."""
MAX_WORKERS = 4


def _near_keys_of(bodies: list[tuple[str, str | None]]) -> list[list[int]]:
    """dedupe.near_keys of each (body, simhash): a worker's task (only the bodies travel, not the articles)."""
    return [dedupe.near_keys(body, simhash) for body, simhash in bodies]


class KeyPool:
    """Worker processes computing near-duplicate keys ahead, spawned (the writer runs threads) once START_AFTER
    articles went by in large batches; the writer goes on working keys out itself until they have started."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._started: Future[list[list[int]]] | None = None
        self._workers = min(MAX_WORKERS, (os.cpu_count() or 1) - 1)  # the writer keeps a core
        self._articles = 0

    def start(self) -> Future[list[list[int]]] | None:
        """Start the workers (once); returns what is done when they have started, None if no core is free."""
        if self._workers < 1:
            return None
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self._workers, mp_context=multiprocessing.get_context("spawn"))
            self._started = self._pool.submit(_near_keys_of, [])
        return self._started

    def keys(self, articles: list[Article]) -> Iterator[list[int] | None]:
        """The near keys of each fingerprinted article, in order, from the workers; None for each (the writer works
        them out when it needs them) when the batch is small, no core is free or the workers have not started."""
        if len(articles) < POOL_MIN:
            return iter([None] * len(articles))
        self._articles += len(articles)
        started = self.start() if self._articles > START_AFTER else None
        if started is None or not started.done():
            return iter([None] * len(articles))
        bodies = [(article.body, article.simhash) for article in articles]
        chunks = [bodies[i : i + CHUNK] for i in range(0, len(bodies), CHUNK)]
        try:
            return self._in_order([self._pool.submit(_near_keys_of, chunk) for chunk in chunks], [len(c) for c in chunks])
        except BrokenProcessPool:
            self._give_up()
            return iter([None] * len(articles))

    def close(self) -> None:
        """Stop the workers (idempotent)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = self._started = None

    def _in_order(self, tasks: list[Future[list[list[int]]]], sizes: list[int]) -> Iterator[list[int] | None]:
        """The tasks' keys in order; None for each article of a task whose worker died (the writer works them out)."""
        try:
            for task, size in zip(tasks, sizes):
                try:
                    yield from task.result()
                except BrokenProcessPool:
                    self._give_up()
                    yield from [None] * size
        finally:
            for task in tasks:
                task.cancel()

    def _give_up(self) -> None:
        """A worker died: stop the others; the writer works keys out itself from now on."""
        self.close()
        self._workers = 0

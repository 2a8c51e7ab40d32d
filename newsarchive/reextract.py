"""Re-run the current extractor over stored raw snapshots and correct the records in place."""

from __future__ import annotations

import itertools
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .config import Site, site_for_url
from .extract import extract_article
from .models import Article, Overrides
from .store import Archive, Snapshot

CHUNK = 200


@dataclass
class ReextractCounts:
    """What a re-extraction did."""

    seen: int = 0
    changed: int = 0
    unchanged: int = 0


def _extract(job: tuple[bytes, str, Overrides | None]) -> Article:
    body, url, overrides = job
    return extract_article(body, url, overrides=overrides)


def _start_workers(pool: ProcessPoolExecutor) -> None:
    """Start the pool's workers with SIGINT blocked: none can be interrupted before its initializer ignores it."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # forked workers inherit the block
    try:
        pool.submit(int).result()  # the first task starts every forked worker
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a Ctrl-C meanwhile reaches the parent now


def _chunks(snapshots: Iterator[Snapshot]) -> Iterator[list[Snapshot]]:
    while chunk := list(itertools.islice(snapshots, CHUNK)):
        yield chunk


def reextract(
    db_path: str | Path,
    *,
    site: str | None = None,
    sites: Sequence[Site] = (),
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> ReextractCounts:
    """Re-extract every stored snapshot (of one site, or all), CHUNK articles per transaction.

    A killed run leaves every article either as it was or re-extracted, never half-written; re-running
    finishes the job. The article keeps its canonical URL, history and first_seen; no revision is added.
    """
    counts = ReextractCounts()
    reader, writer = Archive(db_path, create=False), Archive(db_path, create=False)
    jobs = jobs or os.cpu_count() or 1
    # Ctrl-C reaches the whole process group. The workers ignore it (a worker's KeyboardInterrupt printed a
    # traceback of its own); the parent's rolls back the chunk being written and shuts the pool down.
    ignore_ctrl_c = {"initializer": signal.signal, "initargs": (signal.SIGINT, signal.SIG_IGN)}
    pool = ProcessPoolExecutor(jobs, **ignore_ctrl_c) if jobs > 1 else None
    try:
        if pool is not None:
            _start_workers(pool)
        for chunk in _chunks(reader.iter_snapshots(site=site)):
            work = []
            for snapshot in chunk:
                owner = site_for_url(list(sites), snapshot.fetched_url) if sites else None
                work.append((snapshot.body, snapshot.fetched_url, owner.overrides if owner else None))
            articles = list(pool.map(_extract, work) if pool else map(_extract, work))
            with writer.transaction():
                for snapshot, article in zip(chunk, articles):
                    article.url = snapshot.url  # the row it corrects, whatever canonical the page declares now
                    article.site = snapshot.site
                    outcome = writer.upsert_article(article, fetched_at=snapshot.fetched_at, revise=False)
                    counts.seen += 1
                    if outcome == "unchanged":
                        counts.unchanged += 1
                    else:
                        counts.changed += 1
            if progress is not None:
                progress(len(chunk))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        reader.close()
        writer.close()
    return counts

"""The extraction workers' fork server: started early, it imports and warms the extractor once for all workers."""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
from multiprocessing.context import ForkServerContext
from typing import Any

WARM_MODULE = "newsarchive.pipelines.warm"


def worker_count(settings: Any) -> int:
    """Extraction worker processes for these Scrapy settings: NEWSARCHIVE_EXTRACT_WORKERS, or one per core."""
    workers = settings.get("NEWSARCHIVE_EXTRACT_WORKERS")
    return (os.cpu_count() or 1) if workers is None else int(workers)


def context() -> ForkServerContext:
    """The forkserver context, its server preloading the warmed extractor."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([WARM_MODULE])
    return ctx


def start() -> None:
    """Start the fork server now, so it loads the extractor on another core while the crawler starts up."""
    context()
    multiprocessing.forkserver.ensure_running()

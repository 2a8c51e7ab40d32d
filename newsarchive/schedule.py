"""`newsarchive schedule`: crawl each site whenever something of it is due, until stopped."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from .clock import FORMAT, utcnow
from .config import Site
from .crawl import CrawlPass
from .frontier import Frontier
from .store import Archive

# Longest sleep between two looks at the frontier, so sites added by another tool are noticed.
MAX_WAIT = 300.0


def scheduled_passes(db_path: str, sites: Sequence[Site], *, max_wait: float = MAX_WAIT) -> Iterator[CrawlPass]:
    """An endless series of passes: first every site, then, each time, the sites whose URLs have come due."""
    yield CrawlPass(sites)
    archive = Archive(db_path)
    try:
        while True:
            due = Frontier(archive).next_due(site.name for site in sites)
            now = utcnow()
            waits = {name: max(0.0, (_parse(stamp) - now).total_seconds()) for name, stamp in due.items()}
            wait = min([max_wait, *waits.values()])
            ready = [site for site in sites if waits.get(site.name, max_wait + 1) <= wait]
            yield CrawlPass(ready, seed=False, wait=wait)
    finally:
        archive.close()


def _parse(stamp: str) -> datetime:
    return datetime.strptime(stamp, FORMAT).replace(tzinfo=utcnow().tzinfo)

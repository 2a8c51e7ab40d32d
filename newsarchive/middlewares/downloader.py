"""Scrapy's downloader, holding each host to its concurrency limit also when its download delay is 0."""

from __future__ import annotations

from time import monotonic

from scrapy.core.downloader import Downloader as ScrapyDownloader
from scrapy.core.downloader import Slot
from scrapy.utils.defer import _schedule_coro


class Downloader(ScrapyDownloader):
    """Scrapy 2.19's downloader marks a request transferring only once the task that downloads it first runs, so
    a slot with no delay starts its whole queue in one pass (up to CONCURRENT_REQUESTS to one host, whatever
    CONCURRENT_REQUESTS_PER_DOMAIN says). Here a request counts against its slot from the moment it is started.
    With a delay Scrapy starts one request per pass anyway, and its own code runs.
    """

    def _process_queue(self, slot: Slot) -> None:
        if slot.latercall or slot.download_delay():
            super()._process_queue(slot)
            return
        while slot.queue and slot.free_transfer_slots() > 0:
            slot.lastseen = monotonic()
            request, queue_dfd = slot.queue.popleft()
            slot.transferring.add(request)  # the download removes it when it ends
            _schedule_coro(self._wait_for_download(slot, request, queue_dfd))

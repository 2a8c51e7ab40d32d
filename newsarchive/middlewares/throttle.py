"""AutoThrottle that never takes a host's delay below its least delay (a site's own delay, robots.txt Crawl-delay)."""

from __future__ import annotations

from typing import Any

from scrapy.extensions.throttle import AutoThrottle as ScrapyAutoThrottle


class AutoThrottle(ScrapyAutoThrottle):
    """Scrapy's AutoThrottle, floored per download slot by the slot's configured delay (DOWNLOAD_SLOTS).

    Scrapy's floor is the global DOWNLOAD_DELAY only, so a fast server would pull a host whose sites.toml `delay`
    or robots.txt `Crawl-delay` asks for more back down to it.
    """

    def _response_downloaded(self, response: Any, request: Any, spider: Any) -> None:
        super()._response_downloaded(response, request, spider)
        key, slot = self._get_slot(request, spider)
        if slot is None:
            return
        floor = self.crawler.engine.downloader.per_slot_settings.get(key, {}).get("delay")
        if floor is not None and slot.delay < floor:
            slot.delay = floor

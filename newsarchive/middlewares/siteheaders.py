"""Send a site's configured headers (credentials, cookies, User-Agent) to that site only, never to another host."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import NotConfigured


class SiteHeadersMiddleware:
    """Adds each site's `headers` (and `user_agent`) to its own requests; strips the headers from any other host's."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> SiteHeadersMiddleware:
        if not crawler.settings.getbool("NEWSARCHIVE_SITE_HEADERS", True):
            raise NotConfigured
        return cls(crawler)

    def process_request(self, request: Any) -> None:
        sites = getattr(self.crawler.spider, "sites", ())
        for site in sites:
            if not site.headers and not site.user_agent:
                continue
            if site.owns(request.url):
                for name, value in site.headers:
                    request.headers[name] = value
                if site.user_agent:
                    request.headers["User-Agent"] = site.user_agent
            else:
                for name, _ in site.headers:
                    request.headers.pop(name, None)
        return None

"""robots.txt per RFC 9309: a 5xx or 429 answer, or no answer at all, disallows the whole host for the run; 4xx allows all."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)


class RobotsUnavailable(IgnoreRequest):
    """The host's robots.txt could not be read (5xx, 429, network error): nothing is fetched from it this run."""


class DisallowAll:
    """A robots parser that allows nothing, remembering why."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False

    def crawl_delay(self, user_agent: str | bytes) -> float | None:
        return None


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with RFC 9309's answer to an unavailable robots.txt and one-line logs."""

    def process_request_2(self, rp: Any, request: Request) -> None:
        if isinstance(rp, DisallowAll):
            self._stats.inc_value("robotstxt/forbidden")
            raise RobotsUnavailable(rp.reason)
        super().process_request_2(rp, request)

    async def robot_parser(self, request: Request) -> Any:
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            robots_url = f"{url.scheme}://{netloc}/robots.txt"
            robots_request = Request(
                robots_url, priority=self.DOWNLOAD_PRIORITY, meta={"dont_obey_robotstxt": True}, callback=NO_CALLBACK
            )
            try:
                response = await self.crawler.engine.download_async(robots_request)
            except Exception as exc:  # unreachable, whatever the cause: RFC 9309 section 2.3.1.4
                reason = f"robots.txt of {netloc} unreachable ({type(exc).__name__}: {exc}): disallow all this run"
                logger.warning(reason)
                self._stats.inc_value(f"robotstxt/exception_count/{type(exc).__name__}")
                self._settle(netloc, DisallowAll(reason))
            else:
                await self._parse_robots(response, netloc, request)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            return await maybe_deferred_to_future(parser)
        return parser

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        status = response.status
        if status >= 500 or status == 429:
            self._stats.inc_value(f"robotstxt/response_status_count/{status}")
            reason = f"robots.txt of {netloc} answered HTTP {status}: disallow all this run"
            logger.warning(reason)
            self._settle(netloc, DisallowAll(reason))
            return
        if status >= 400:  # "unavailable": no rules at all
            response = response.replace(body=b"")
        await super()._parse_robots(response, netloc, request)

    def _settle(self, netloc: str, parser: DisallowAll) -> None:
        waiting = self._parsers[netloc]
        self._parsers[netloc] = parser
        if isinstance(waiting, Deferred):
            waiting.callback(parser)

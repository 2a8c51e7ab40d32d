"""robots.txt per RFC 9309, fetched once per host and run: its rules, its Crawl-delay, and its body for discovery.

A 5xx or 429 answer, or no answer at all, disallows the whole host for the run; 4xx allows all. The host's
`Crawl-delay` becomes the least delay of its download slot (the larger of it and the user's delay wins; over
MAX_CRAWL_DELAY it is capped). The frontier's own robots.txt entry (marked with SHARED_ROBOTS in its meta) is
answered with the response this middleware fetched, so the spider reads its `Sitemap:` lines without a second fetch.
"""

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

MAX_CRAWL_DELAY = 60.0
SHARED_ROBOTS = "newsarchive_robots"
"""Request meta key: this request is for the host's robots.txt; answer it with the middleware's own fetch."""


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


def capped_crawl_delay(delay: float | None, netloc: str) -> float | None:
    """A robots.txt Crawl-delay as the seconds to wait: None when absent or not positive, at most MAX_CRAWL_DELAY."""
    if delay is None or delay <= 0:
        return None
    if delay > MAX_CRAWL_DELAY:
        logger.warning("robots.txt of %s asks for Crawl-delay %g s: capped to %g s", netloc, delay, MAX_CRAWL_DELAY)
        return MAX_CRAWL_DELAY
    return delay


def _pass_on(parser: Any, waiter: Deferred) -> Any:
    waiter.callback(parser)
    return parser


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with RFC 9309's answer to an unavailable robots.txt, Crawl-delay applied to
    the host's download slot, one fetch per host shared with the frontier, and one-line logs."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._fetched: dict[str, Response | str] = {}
        """Per netloc, the robots.txt response, or why there is none, until the frontier's entry takes it."""

    async def process_request(self, request: Request) -> Response | None:
        if request.meta.get(SHARED_ROBOTS):
            await self.robot_parser(request)
            fetched = self._fetched.pop(urlparse_cached(request).netloc, None)
            if isinstance(fetched, Response):
                request.meta["dont_retry"] = True  # the middleware's fetch was retried already
                return fetched.replace(request=request)
            if fetched is not None:
                raise RobotsUnavailable(fetched)
            return None  # taken already (a retry of this entry): fetch it again
        return await super().process_request(request)

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
                self._fetched[netloc] = reason
                self._settle(netloc, DisallowAll(reason))
            else:
                self._fetched[netloc] = response
                await self._parse_robots(response, netloc, request)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            # Each waiter gets a Deferred of its own: awaiting the shared one consumes its result, so Scrapy's
            # middleware hands None ("allow all") to the third and later requests waiting on a host's robots.txt.
            mine: Deferred = Deferred()
            parser.addCallback(_pass_on, mine)
            return await maybe_deferred_to_future(mine)
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
        parser = self._parsers[netloc]
        user_agent = self._robotstxt_useragent or request.headers.get(b"User-Agent", self._default_useragent)
        delay = capped_crawl_delay(parser.crawl_delay(user_agent), netloc)
        if delay is not None:
            self._slow_down(request, delay)

    def _slow_down(self, request: Request, delay: float) -> None:
        """Make `delay` the least delay of the request's download slot, now and if the slot is made again."""
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        own = dict(downloader.per_slot_settings.get(key, {}))
        floor = max(float(own.get("delay", self.crawler.settings.getfloat("DOWNLOAD_DELAY"))), delay)
        downloader.per_slot_settings[key] = {**own, "delay": floor, "jitter": 0.0}
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.delay, slot.jitter = max(slot.delay, floor), 0.0
        logger.info("robots.txt Crawl-delay %g s: requests to %s at least %g s apart", delay, key, floor)

    def _settle(self, netloc: str, parser: DisallowAll) -> None:
        waiting = self._parsers[netloc]
        self._parsers[netloc] = parser
        if isinstance(waiting, Deferred):
            waiting.callback(parser)

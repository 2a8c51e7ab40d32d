"""The address guard: only http(s) requests, and none to loopback, private or link-local addresses.

The check runs on the resolved address of every connection (so redirects and DNS tricks are covered),
in the resolver Scrapy uses, plus a scheme check on every request, redirects included.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from .errors import UrlError
from .urls import host_of, validate_http_url


def forbidden_class(address: str) -> str | None:
    """The kind of non-public address this is ("loopback", "private", ...), or None when it is public."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unparseable"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for label, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("private", ip.is_private),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("unspecified", ip.is_unspecified),
    ):
        if flag:
            return label
    return None


def check_public_url(url: str) -> None:
    """Raise UrlError unless `url` is http(s) and every address its host resolves to is public."""
    validate_http_url(url)
    host = host_of(url)
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UrlError(f"cannot resolve host {host!r} of {url}: {exc}") from None
    for info in infos:
        address = str(info[4][0])
        kind = forbidden_class(address)
        if kind:
            raise UrlError(f"refusing {url}: {host} resolves to {kind} address {address} "
                           f"(pass --allow-private to crawl it)")


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, failing the lookup of any host that resolves to a forbidden address."""

    allow_private = False

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> GuardedResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.allow_private = crawler.settings.getbool("NEWSARCHIVE_ALLOW_PRIVATE")
        return resolver

    def getHostByName(self, name: str, timeout: Any = ()) -> defer.Deferred:
        d = super().getHostByName(name, timeout)
        if not self.allow_private:
            d.addCallback(self._refuse_forbidden, name)
        return d

    @staticmethod
    def _refuse_forbidden(address: str, name: str) -> str:
        kind = forbidden_class(address)
        if kind:
            raise DNSLookupError(f"address guard: {name} resolves to {kind} address {address}")
        return address


class SchemeGuardMiddleware:
    """Downloader middleware refusing, before any connection, a request (redirects included) that is not http(s)
    or whose host the installed resolver refuses.

    The resolver enforces the rule again when connecting; checking here first keeps the guard's reason on the
    request (Twisted reports a refused lookup only as "Couldn't find the hostname") and keeps the refused request
    away from later middlewares, such as the robots.txt fetch for its host.
    """

    def __init__(self, allow_private: bool = False) -> None:
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler: Any) -> SchemeGuardMiddleware:
        return cls(crawler.settings.getbool("NEWSARCHIVE_ALLOW_PRIVATE"))

    async def process_request(self, request: Any) -> None:
        try:
            validate_http_url(request.url)
        except UrlError as exc:
            raise IgnoreRequest(f"address guard: {exc}") from None
        if self.allow_private:
            return None
        from twisted.internet import reactor

        try:
            await maybe_deferred_to_future(reactor.resolver.getHostByName(urlparse_cached(request).hostname))
        except DNSLookupError as exc:
            if "address guard" in str(exc):
                raise IgnoreRequest(str(exc)) from None
        return None

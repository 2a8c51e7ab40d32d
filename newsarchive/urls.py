"""URL validation, canonical form and site identity (registered domain), built on courlan and tldextract."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import courlan
import tldextract

from .errors import UrlError

# No network: tldextract uses the public suffix snapshot bundled with it.
_suffixes = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

# Query parameters that only say where a reader came from (courlan drops the common ones, these too).
_TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid|"
    r"ocid|cmpid|cmp|icid|ncid|s_cid|wt\.\w+|wt_\w+|_hs\w+|guccounter|guce_\w+|__twitter_impression|"
    r"ito|ns_\w+|share|smid|at_\w+|sr_share|amp|outputtype|phpsessid|jsessionid|sessionid)$",
    re.IGNORECASE,
)
_MOBILE_HOST = re.compile(r"^(m|mobile|amp)\.", re.IGNORECASE)
_AMP_PATH = re.compile(r"(/amp/?$|^/amp(?=/))", re.IGNORECASE)
_AMP_SUFFIX = re.compile(r"\.amp(\.html?)?$", re.IGNORECASE)  # story.amp.html -> story.html
_SESSION_IN_PATH = re.compile(r"(;|%3B)(jsessionid|phpsessid|sid)=[^/]*", re.IGNORECASE)
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def validate_http_url(url: str) -> str:
    """Return `url` stripped, or raise UrlError when it is not an absolute http(s) URL."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise UrlError(f"not a valid URL: {url!r} ({exc})") from None
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        raise UrlError(f"only http and https URLs can be crawled, not {url!r}")
    if not parts.hostname:
        raise UrlError(f"URL has no host: {url!r}")
    try:
        parts.port
    except ValueError:
        raise UrlError(f"URL has an invalid port: {url!r}") from None
    return url


@lru_cache(maxsize=65536)
def canonical_url(url: str) -> str:
    """Fold tracking parameters, fragments, default ports, host case, AMP and mobile variants to one URL.

    Also removes dot segments and session ids from the path and normalises percent-escapes.
    Idempotent: canonical_url(canonical_url(u)) == canonical_url(u).
    """
    current = url.strip()
    for _ in range(4):  # a fold can expose another (/amp/amp/amp); stop at the fixed point
        folded = _fold(current)
        if folded == current:
            break
        current = folded
    return current


def _fold(url: str) -> str:
    try:
        parts = urlsplit(courlan.normalize_url(url))
        port = parts.port
    except (ValueError, TypeError):
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if _MOBILE_HOST.match(host) and host.count(".") >= 2:
        host = "www." + _MOBILE_HOST.sub("", host)
    port = port if port and port != _DEFAULT_PORTS.get(scheme) else None
    netloc = f"{host}:{port}" if port else host
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k))
    )
    return urlunsplit((scheme, netloc, _fold_path(parts.path), query, ""))


def _fold_path(path: str) -> str:
    path = _SESSION_IN_PATH.sub("", path)
    path = urlsplit(urljoin("http://h/", path or "/")).path  # RFC 3986 dot-segment removal
    path = _AMP_SUFFIX.sub(lambda m: m.group(1) or "", _AMP_PATH.sub("", path)) or "/"
    return _ESCAPE.sub(_escape, path)


def _escape(match: re.Match[str]) -> str:
    """%7e -> ~ (unreserved characters need no escape); other escapes in upper case."""
    char = chr(int(match.group(1), 16))
    return char if char in _UNRESERVED else "%" + match.group(1).upper()


@lru_cache(maxsize=65536)
def registered_domain(url_or_host: str) -> str:
    """The registered domain ("bbc.co.uk" for "https://news.bbc.co.uk/x").

    Hosts without a public suffix (IP addresses, localhost) keep their explicit port, since two
    servers on one address are two sites.
    """
    parts = urlsplit(url_or_host if "//" in url_or_host else "//" + url_or_host)
    host = (parts.hostname or "").lower()
    domain = _suffixes(host).top_domain_under_public_suffix
    if domain:
        return domain
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port else host


def same_site(url_a: str, url_b: str) -> bool:
    """True when both URLs belong to the same registered domain."""
    return registered_domain(url_a) == registered_domain(url_b)


def host_of(url: str) -> str:
    """Lower-case host name of a URL, '' when it has none."""
    return (urlsplit(url).hostname or "").lower()

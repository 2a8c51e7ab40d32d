"""sites.toml -> validated Site objects, with one clear error naming the file and line per problem."""

from __future__ import annotations

import difflib
import json
import math
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

from cssselect import HTMLTranslator, SelectorError
from lxml import etree

from .errors import ConfigError, UrlError
from .models import Overrides
from .urls import host_of, registered_domain, validate_http_url

DEFAULT_RECRAWL = 3600.0

SITE_KEYS = (
    "name", "url", "feeds", "sitemaps", "allow", "deny", "recrawl",
    "max_pages", "user_agent", "headers", "delay", "overrides",
)
OVERRIDE_KEYS = tuple(f.name for f in fields(Overrides))

_UNIT_SECONDS = {"w": 604800.0, "d": 86400.0, "h": 3600.0, "m": 60.0, "s": 1.0}
_DURATION = re.compile(r"(?:\d+(?:\.\d+)?\s*[wdhms]\s*)+", re.IGNORECASE)
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([wdhms])", re.IGNORECASE)
_PLAIN_SECONDS = re.compile(r"\d+(?:\.\d+)?")
_TOML_POSITION = re.compile(r" \(at (?:line (\d+), column (\d+)|end of document)\)$")
_SITES_HEADER = re.compile(r"^\s*\[\[\s*sites\s*\]\]")
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_CSS = HTMLTranslator()
_EMPTY_DOCUMENT = etree.fromstring("<html/>")


@dataclass(frozen=True)
class Site:
    """One news site to crawl, as declared in sites.toml (or built ad hoc from command-line URLs)."""

    name: str
    urls: tuple[str, ...]
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    allow: tuple[re.Pattern[str], ...] = ()
    deny: tuple[re.Pattern[str], ...] = ()
    recrawl: float = DEFAULT_RECRAWL
    max_pages: int | None = None
    user_agent: str | None = None
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    """Extra request headers for this site only (credentials, cookies): kept out of repr and logs."""
    delay: float | None = None
    overrides: Overrides | None = None
    domains: frozenset[str] = field(init=False, repr=False, compare=False)
    """Registered domains of the start URLs: the URLs this site may crawl."""

    def __post_init__(self) -> None:
        if not self.urls:
            raise ConfigError(f"site {self.name!r} has no start URL")
        object.__setattr__(self, "domains", frozenset(registered_domain(u) for u in self.urls))

    def owns(self, url: str) -> bool:
        """True when `url` belongs to this site: http(s) on one of its registered domains, matching no deny pattern.

        Feeds, sitemaps and listing pages only need this; articles must also pass `allows`.
        """
        try:
            if urlsplit(url).scheme.lower() not in ("http", "https") or registered_domain(url) not in self.domains:
                return False
        except ValueError:
            return False
        return not any(p.search(url) for p in self.deny)

    def allows(self, url: str) -> bool:
        """True when the site owns `url` and, if allow patterns are given, one matches (searched in the full URL)."""
        return self.owns(url) and (not self.allow or any(p.search(url) for p in self.allow))


def parse_duration(text: str | int | float) -> float:
    """Seconds in "90s", "15m", "1h30m", "2d", "1w" or a plain number of seconds (int, float or numeric text)."""
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise ConfigError(f"not a duration: {text!r} (use e.g. 90s, 15m, 1h30m, 2d or plain seconds)")
    if isinstance(text, (int, float)):
        if text < 0 or not math.isfinite(text):
            raise ConfigError(f"a duration must be a finite number of seconds >= 0, not {text!r}")
        return float(text)
    value = text.strip()
    if _PLAIN_SECONDS.fullmatch(value):
        return float(value)
    if not _DURATION.fullmatch(value):
        raise ConfigError(f"not a duration: {text!r} (use e.g. 90s, 15m, 1h30m, 2d or plain seconds)")
    return sum(float(n) * _UNIT_SECONDS[unit.lower()] for n, unit in _DURATION_PART.findall(value))


def format_duration(seconds: float) -> str:
    """The shortest "1h30m"-style text that parse_duration reads back as `seconds`."""
    parts = []
    rest = seconds
    for unit, size in _UNIT_SECONDS.items():
        count = int(rest // size) if unit != "s" else 0
        if count:
            parts.append(f"{count}{unit}")
            rest -= count * size
    rest = round(rest, 6)
    if rest or not parts:
        parts.append(f"{rest:g}s")
    return "".join(parts)


def load_sites(path: str | Path) -> list[Site]:
    """Read and validate a sites.toml file; raise ConfigError naming the file and line of the first problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such sites file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a sites file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read sites file ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: not UTF-8 text (byte {exc.start})") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        where = f"{found[1]}:{found[2]}" if found and found[1] else str(len(text.splitlines()) or 1)
        reason = _TOML_POSITION.sub("", message)
        raise ConfigError(f"{path}:{where}: invalid TOML: {reason}") from None
    return _SitesReader(path, text).read(document)


def site_for_url(sites: list[Site], url: str) -> Site | None:
    """The site that allows `url`; among several, the first one whose allow patterns matched it, else the first."""
    owners = [site for site in sites if site.allows(url)]
    if not owners:
        return None
    return next((site for site in owners if site.allow), owners[0])


def sites_from_urls(urls: list[str]) -> list[Site]:
    """Ad-hoc sites for `newsarchive crawl URL...`: one per registered domain, named after the first URL's host."""
    grouped: dict[str, list[str]] = {}
    for url in urls:
        url = validate_http_url(url)
        grouped.setdefault(registered_domain(url), []).append(url)
    sites = []
    for domain, start_urls in grouped.items():
        host = host_of(start_urls[0])
        # Hosts without a public suffix (IP addresses, localhost) keep the port that tells their sites apart.
        name = domain if domain.startswith(host + ":") else host
        sites.append(Site(name=name, urls=tuple(dict.fromkeys(start_urls))))
    return sites


class _SitesReader:
    """Turns the parsed TOML document into Sites, locating each problem's line in the source text."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.site_starts = [i for i, line in enumerate(self.lines) if _SITES_HEADER.match(line)]

    def read(self, document: dict[str, Any]) -> list[Site]:
        for key in document:
            if key != "sites":
                self.fail(self.find(None, (key,)), f"unknown top-level key {key!r} (sites go in [[sites]] tables)")
        tables = document.get("sites")
        if tables is None:
            raise ConfigError(f"{self.path}: defines no sites (add a [[sites]] table with a name and a url)")
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            self.fail(self.find(None, ("sites",)), "'sites' must be [[sites]] tables")
        sites: list[Site] = []
        first_line: dict[str, int] = {}
        for index, table in enumerate(tables):
            site = self.site(index, table)
            key = site.name.casefold()
            if key in first_line:
                self.fail(
                    self.find(index, ("name",)),
                    f"site name {site.name!r} is used twice (first at line {first_line[key]})",
                )
            first_line[key] = self.find(index, ("name",))
            sites.append(site)
        return sites

    def site(self, index: int, table: dict[str, Any]) -> Site:
        for key in table:
            if key not in SITE_KEYS:
                self.fail(self.find(index, (key,)), f"unknown key {key!r} in [[sites]]{_known(key, SITE_KEYS)}")
        name = table.get("name")
        if name is None:
            self.fail(self.find(index, ()), "a [[sites]] table has no 'name'")
        if not isinstance(name, str) or not name.strip():
            self.fail(self.find(index, ("name",)), f"'name' must be a non-empty string, not {name!r}")
        name = name.strip()
        context = f"site {name!r}: "
        if "url" not in table:
            self.fail(self.find(index, ()), f"{context}no 'url' (give the start page URL or a list of them)")
        return Site(
            name=name,
            urls=self.urls(index, table, "url", context, required=True),
            feeds=self.urls(index, table, "feeds", context),
            sitemaps=self.urls(index, table, "sitemaps", context),
            allow=self.patterns(index, table, "allow", context),
            deny=self.patterns(index, table, "deny", context),
            recrawl=self.recrawl(index, table, context),
            max_pages=self.max_pages(index, table, context),
            user_agent=self.user_agent(index, table, context),
            headers=self.headers(index, table, context),
            delay=self.duration(index, table, "delay", context),
            overrides=self.overrides(index, table, context),
        )

    def strings(self, index: int, table: dict[str, Any], key: str, context: str) -> list[str]:
        value = table.get(key, [])
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            self.fail(self.find(index, (key,)), f"{context}'{key}' must be a string or a list of strings, not {value!r}")
        return values

    def urls(self, index: int, table: dict[str, Any], key: str, context: str, required: bool = False) -> tuple[str, ...]:
        values = self.strings(index, table, key, context)
        if required and not values:
            self.fail(self.find(index, (key,)), f"{context}'{key}' is empty (give at least one start page URL)")
        checked = []
        for value in values:
            try:
                checked.append(validate_http_url(value))
            except UrlError as exc:
                self.fail(self.find(index, (key,), value), f"{context}{key}: {exc}")
        return tuple(dict.fromkeys(checked))

    def patterns(self, index: int, table: dict[str, Any], key: str, context: str) -> tuple[re.Pattern[str], ...]:
        compiled = []
        for value in self.strings(index, table, key, context):
            try:
                compiled.append(re.compile(value))
            except re.error as exc:
                self.fail(
                    self.find(index, (key,), value),
                    f"{context}{key} pattern {value!r} is not a valid regular expression ({exc})",
                )
        return tuple(compiled)

    def duration(self, index: int, table: dict[str, Any], key: str, context: str) -> float | None:
        if key not in table:
            return None
        try:
            return parse_duration(table[key])
        except ConfigError as exc:
            self.fail(self.find(index, (key,)), f"{context}{key}: {exc}")

    def recrawl(self, index: int, table: dict[str, Any], context: str) -> float:
        seconds = self.duration(index, table, "recrawl", context)
        if seconds is None:
            return DEFAULT_RECRAWL
        if seconds <= 0:
            self.fail(self.find(index, ("recrawl",)), f"{context}recrawl must be longer than zero, not {table['recrawl']!r}")
        return seconds

    def max_pages(self, index: int, table: dict[str, Any], context: str) -> int | None:
        value = table.get("max_pages")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(self.find(index, ("max_pages",)), f"{context}max_pages must be a whole number >= 1, not {value!r}")
        return value

    def user_agent(self, index: int, table: dict[str, Any], context: str) -> str | None:
        value = table.get("user_agent")
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip() or any(c in value for c in "\r\n\0"):
            self.fail(self.find(index, ("user_agent",)), f"{context}user_agent must be one non-empty line of text, not {value!r}")
        return value.strip()

    def headers(self, index: int, table: dict[str, Any], context: str) -> tuple[tuple[str, str], ...]:
        value = table.get("headers", {})
        if not isinstance(value, dict):
            self.fail(self.find(index, ("headers",)), f"{context}headers must be a table of name = \"value\" pairs")
        for header, text in value.items():
            if not _HEADER_NAME.match(header):
                self.fail(self.find(index, ("headers", header)), f"{context}{header!r} is not a valid HTTP header name")
            if not isinstance(text, str) or any(c in text for c in "\r\n\0"):
                # The value is left out of the message: headers carry credentials.
                self.fail(self.find(index, ("headers", header)), f"{context}header {header!r} must be one line of text")
        return tuple(value.items())

    def overrides(self, index: int, table: dict[str, Any], context: str) -> Overrides | None:
        value = table.get("overrides")
        if value is None:
            return None
        if not isinstance(value, dict):
            self.fail(self.find(index, ("overrides",)), f"{context}overrides must be a table of selectors, not {value!r}")
        for key, selector in value.items():
            line = self.find(index, ("overrides", key))
            if key not in OVERRIDE_KEYS:
                self.fail(line, f"{context}unknown key {key!r} in overrides{_known(key, OVERRIDE_KEYS)}")
            if not isinstance(selector, str) or not selector.strip():
                self.fail(line, f"{context}overrides.{key} must be a CSS or XPath selector string, not {selector!r}")
            problem = _selector_problem(selector.strip())
            if problem:
                self.fail(line, f"{context}overrides.{key}: {problem}")
        return Overrides(**{k: v.strip() for k, v in value.items()}) if value else None

    def find(self, index: int | None, path: tuple[str, ...], value: str | None = None) -> int:
        """1-based line of `path` (keys, outermost first) inside the index-th [[sites]] table, or of `value`
        after it; tomllib gives no positions, so this scans the text and falls back to the table's header."""
        if index is None or index >= len(self.site_starts):
            start, end = 0, len(self.lines)
        else:
            start = self.site_starts[index]
            end = self.site_starts[index + 1] if index + 1 < len(self.site_starts) else len(self.lines)
        found = start
        for key in path:
            pattern = re.compile(rf"(?:^|[\s{{,.\[])[\"']?{re.escape(key)}[\"']?\s*[=\].]")
            for number in range(found, end):
                line = self.lines[number]
                if not line.lstrip().startswith("#") and pattern.search(line):
                    found = number
                    break
        if value is not None:
            quoted = (f"'{value}'", json.dumps(value, ensure_ascii=False))
            found = next(
                (n for n in range(found, end) if any(q in self.lines[n] for q in quoted)),
                found,
            )
        return found + 1

    def fail(self, line: int, message: str) -> NoReturn:
        raise ConfigError(f"{self.path}:{line}: {message}")


def _known(key: str, known: tuple[str, ...]) -> str:
    """A "did you mean" hint and the list of known keys, for an unknown-key message."""
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f" (known keys: {', '.join(known)}{hint})"


def _selector_problem(selector: str) -> str | None:
    """Why `selector` cannot be used (XPath when it starts with '/' or '(', as Overrides reads it, else CSS)."""
    xpath_problem = _xpath_problem(selector)
    if selector.startswith(("/", "(")):
        return xpath_problem and f"{selector!r} is not a valid XPath expression ({xpath_problem})"
    try:
        _CSS.css_to_xpath(selector)
    except SelectorError as exc:
        hint = "" if xpath_problem else "; an XPath selector must start with '/' or '('"
        return f"{selector!r} is not a valid CSS selector ({str(exc).rstrip('.')}{hint})"
    return None


def _xpath_problem(selector: str) -> str | None:
    """lxml's complaint about `selector` as XPath (compiled and run on an empty page), else None."""
    try:
        etree.XPath(selector)(_EMPTY_DOCUMENT)
    except etree.XPathError as exc:
        return str(exc)
    return None

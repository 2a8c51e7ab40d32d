"""The headline of a page: its <h1> or declared titles, without " | Site" suffixes."""

from __future__ import annotations

import html
import re
from itertools import islice

from lxml.html import HtmlElement

from newsarchive.extract.zones import off_article
from newsarchive.urls import registered_domain

MAX_HEADINGS = 20
"""<h1> elements read at most: a page of thousands cannot make extraction slow."""
MAX_TITLE_CHARS = 1000
"""Declared titles longer than this are not titles."""
MIN_TITLE_OVERLAP = 0.5
"""Token F1 above which an <h1> and a declared title are the same headline worded differently."""
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|/|:)\s+")


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def strip_site_suffix(title: str, site_name: str | None, host: str) -> str:
    """Remove a " | Site" / " - Site" suffix or a "Site | " prefix from a page title."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    site_keys = {_norm(site_name)} if site_name else set()
    domain = registered_domain(host) if host else ""
    domain_keys = {re.sub(r"[\W_]+", "", k) for k in (domain.split(".")[0], domain)}
    domain_keys = {k for k in domain_keys if len(k) >= 3}

    def is_site(part: str) -> bool:
        key = _norm(part)
        if not key:
            return True
        squashed = key.removeprefix("the ").replace(" ", "")
        if key in site_keys or squashed in domain_keys:
            return True
        if len(key.split()) <= 4 and any(k in squashed for k in domain_keys if len(k) >= 4):
            return True
        return any(key in s or s in key for s in site_keys if len(s) > 3 and len(key) > 3)

    while len(parts) > 1 and is_site(parts[-1]):
        parts.pop()
    while len(parts) > 1 and is_site(parts[0]):
        parts.pop(0)
    separators = _TITLE_SEPARATORS.findall(title)
    if len(parts) > 1 and len(parts[-1].split()) <= 4 and len(" ".join(parts[:-1]).split()) >= 3 and separators[-1].strip() in "|·•»::":
        parts.pop()
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if 0 <= start < end else " ".join(parts)


def visible_text(node: HtmlElement) -> str:
    """Text of an element without the content of <style> and <script> inside it, whitespace collapsed."""
    return " ".join(" ".join(node.xpath(".//text()[not(ancestor::style or ancestor::script)]")).split())


def _tokens(text: str) -> list[str]:
    return _norm(text).split()


def _overlap(heading: str, declared: str) -> float:
    """Token F1 of two titles."""
    a, b = _tokens(heading), _tokens(declared)
    if not a or not b:
        return 0.0
    common = sum(min(a.count(t), b.count(t)) for t in set(a))
    return 2 * common / (len(a) + len(b))


def headline(tree: HtmlElement, declared: list[str], site_name: str | None, host: str) -> str | None:
    """The headline: the page's <h1> when it agrees with the declared titles, else the first declared title.

    `declared` are the titles the page states, best first (JSON-LD headline, og:title, twitter:title,
    <title>); they lose their site suffix. An <h1> that repeats a declared title with a kicker before or
    a dateline after it gives way to that title; a lone <h1> wins over declared titles it does not match.
    """
    declared = [html.unescape(c) for c in declared if len(c) <= MAX_TITLE_CHARS]
    stripped = [s for s in (strip_site_suffix(c, site_name, host) for c in declared) if _norm(s)]
    site_keys = {_norm(n) for n in (site_name, host.removeprefix("www.")) if n}
    headings = []
    for node in islice(tree.iter("h1"), MAX_HEADINGS):
        text = visible_text(node)
        if 3 <= len(text) <= 300 and _norm(text) not in site_keys and not off_article(node):
            headings.append((node, text))
    best, best_score = None, 0.0
    for node, heading in headings:
        key = _norm(heading)
        for title in stripped:
            title_key = _norm(title)
            if key == title_key or title_key.startswith(key) and len(key) > len(title_key) / 2:
                return heading
            if key.startswith(title_key) and len(title_key) > len(key) / 2 or key.endswith(title_key) and any(
                _norm(visible_text(part)) in (title_key, key[: -len(title_key)].strip())
                for part in node.iterdescendants()
            ):
                return title
            score = _overlap(heading, title)
            if score > best_score:
                best, best_score = heading, score
    if best is not None and best_score >= MIN_TITLE_OVERLAP or len(headings) == 1:
        return best or headings[0][1]
    if stripped:
        return stripped[0]
    return headings[0][1] if headings else None

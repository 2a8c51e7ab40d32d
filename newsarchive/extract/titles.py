"""The headline of a page: its <h1> or declared titles, without " | Site" suffixes."""

from __future__ import annotations

import html
import re
import unicodedata
from itertools import islice

from lxml import etree
from lxml.html import HtmlElement

from newsarchive.extract.zones import off_article
from newsarchive.urls import registered_domain

MAX_HEADINGS = 20
"""<h1> elements read at most: a page of thousands cannot make extraction slow."""
MAX_TITLE_CHARS = 1000
"""Declared titles longer than this are not titles."""
MAX_SITE_NAME_WORDS = 8
"""A declared site name longer than this is a page title put in the wrong field, not a site name."""
MIN_TITLE_OVERLAP = 0.5
"""Token F1 above which an <h1> and a declared title are the same headline worded differently."""
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|/|:|¦)\s+|\s*[│｜]\s*")


HIDDEN_CLASSES = (
    "hidden", "visuallyhidden", "visually-hidden", "sr-only", "screen-reader-text", "screenreader-only",
    "element-invisible", "offscreen", "invisible", "is-hidden", "u-hidden", "aural", "text-hide",
)
"""Class names of elements that are not shown: an <h1> with one is not the headline a reader sees."""
KICKER_CLASS_PARTS = (
    "kicker", "dachzeile", "spitzmarke", "overline", "topline", "roofline", "eyebrow", "supertitle",
    "superline", "overtitle", "pretitle", "subtitle", "titleheader", "topic", "label", "rubric",
)
"""Parts of class names of a kicker (topic line) set inside an <h1> before or after the headline."""
_HIDDEN = frozenset(HIDDEN_CLASSES)
_KICKER = frozenset(KICKER_CLASS_PARTS)
_CLASS_PARTS = re.compile(r"[^a-z0-9]+")
_HOME_LINK = re.compile(r"^(?:(?:https?:)?//[^/]+)?/?(?:index\.\w+)?(?:[?#].*)?$|://[^/]+/?$", re.IGNORECASE)
_SECTION_SEPARATORS = ("|", "·", "•", "»", ":", "::", "│", "｜", "¦")
"""Separators before a short trailing part that names a section ("Rates rise | Politics"), not a subtitle."""
_SEPARATOR_CHARS = " :|-–—·•/│｜¦"
_DATE = r"(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})"
_DATELINE = re.compile(rf"^{_DATE}\s*(?:[-–—|:·•/]|::)\s+(?=\S)|\s+(?:[-–—|·•/]|::)\s*{_DATE}$")
"""A full date set apart from the headline by a separator ("23.01.2022 - Storm hits"): a dateline."""
_DOMAIN_SPELLING = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
"""How German domain names spell umlauts."""
_DANGLING = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|/|¦|│|｜)\s*$")
"""A separator closing a title: the template's headline (or site name) slot after it was left empty."""
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
"""Soft hyphens, zero-width spaces and joiners: hyphenation hints, not text."""
_HEADING_TEXT = etree.XPath(".//text()[not(ancestor::style or ancestor::script or ancestor::rt or ancestor::rp)]")
"""Text a reader sees in a heading: not CSS, scripts, or ruby annotations (<rt>/<rp>: readings over the letters)."""
BREAKING_TAGS = (
    "br", "p", "div", "section", "header", "footer", "article", "aside", "nav", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "tr", "td", "th", "blockquote", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "pre", "address", "form",
)
"""Elements that start a new line: text on either side of one is separate words; inline elements join text."""
_BREAKING = frozenset(BREAKING_TAGS)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold().replace("'", "").replace("’", "")).split())


def _site_keys(site_name: str | None, host: str) -> tuple[set[str], set[str]]:
    """Normalised site names, and the registered domain with and without its suffix, squashed."""
    site_keys = {_norm(site_name)} - {""} if site_name and len(site_name.split()) <= MAX_SITE_NAME_WORDS else set()
    domain = registered_domain(host) if host else ""
    domain_keys = {re.sub(r"[\W_]+", "", k) for k in (domain.split(".")[0], domain)}
    return site_keys, {k for k in domain_keys if len(k) >= 3}


def _squashed(key: str) -> set[str]:
    """A normalised name without spaces or a leading "the", as a domain would spell it (ö as o or oe)."""
    squashed = key.removeprefix("the ").replace(" ", "")
    if squashed.isascii():
        return {squashed}
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", squashed) if not unicodedata.combining(ch))
    return {squashed, folded, squashed.translate(_DOMAIN_SPELLING)}


def _is_site_name(text: str, site_keys: set[str], domain_keys: set[str]) -> bool:
    """Whether a whole title or heading is only the site's name or domain."""
    key = _norm(text)
    return key in site_keys or not _squashed(key).isdisjoint(domain_keys)


def _names_site(key: str, domain_keys: set[str]) -> bool:
    """Whether a short normalised name spells out the site's domain ("National Rail Enquiries", nationalrail.co.uk)."""
    long_keys = [k for k in domain_keys if len(k) >= 4]
    return len(key.split()) <= 4 and any(k in squashed for k in long_keys for squashed in _squashed(key))


def strip_site_suffix(title: str, site_name: str | None, host: str) -> str:
    """Remove a " | Site" / " - Site" suffix or a "Site | " prefix from a page title."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    separators = _TITLE_SEPARATORS.findall(title)
    site_keys, domain_keys = _site_keys(site_name, host)

    def is_site(part: str) -> bool:
        key = _norm(part)
        if not key or _is_site_name(part, site_keys, domain_keys):
            return True
        if _names_site(key, domain_keys):
            return True
        return any(key in s or s in key for s in site_keys if len(s) > 3 and len(key) > 3)

    while len(parts) > 1 and is_site(parts[-1]):
        parts.pop()
        separators.pop()
    while len(parts) > 1 and is_site(parts[0]):
        parts.pop(0)
        separators.pop(0)
    if (len(parts) > 1 and len(parts[-1].split()) <= 4 and len(" ".join(parts[:-1]).split()) >= 3
            and separators[-1].strip() in _SECTION_SEPARATORS):
        parts.pop()
        separators.pop()
    kept = parts[0] + "".join(sep + part for sep, part in zip(separators, parts[1:]))
    return kept.strip()


def without_dateline(title: str) -> str:
    """A title without a leading or trailing date part ("23.01.2022 - Storm hits the coast" -> "Storm hits...")."""
    rest = _DATELINE.sub("", title)
    return rest if len(rest.split()) >= 2 else title


def visible_text(node: HtmlElement) -> str:
    """Text of an element without the content of <style> and <script> inside it, whitespace collapsed."""
    return " ".join(" ".join(node.xpath(".//text()[not(ancestor::style or ancestor::script)]")).split())


def _class_parts(element: HtmlElement) -> set[str]:
    return set(_CLASS_PARTS.split((element.get("class") or "").lower()))


def is_hidden(element: HtmlElement) -> bool:
    """Whether an element is marked as not shown (hidden attribute, aria-hidden, display:none, a hidden class)."""
    style = (element.get("style") or "").replace(" ", "").lower()
    return (element.get("hidden") is not None or element.get("aria-hidden") == "true" or "display:none" in style
            or any(name in _HIDDEN for name in (element.get("class") or "").lower().split()))


def heading_text(node: HtmlElement) -> str:
    """Visible text of an <h1> without a kicker or a hidden separator inside it ("Climate: " before the headline)."""
    pieces = []
    texts = _HEADING_TEXT(node)
    dropped = gap = False
    for text in texts:
        owner = text.getparent()
        parent = owner.getparent() if text.is_tail else owner
        while parent is not None and parent is not node:
            if is_hidden(parent) or _class_parts(parent) & _KICKER:
                dropped = gap = True
                break
            parent = parent.getparent()
        else:
            pieces.extend((" " if gap or owner.tag in _BREAKING else "", text))
            gap = False
    text = " ".join(_INVISIBLE.sub("", "".join(pieces)).split())
    return text.strip(_SEPARATOR_CHARS) if dropped else text


def is_logo(node: HtmlElement) -> bool:
    """An <h1> that is only a link to the site's home page: the site logo, not a headline."""
    links = node.findall(".//a")
    return len(links) == 1 and bool(_HOME_LINK.search((links[0].get("href") or "").strip())) and (
        " ".join(links[0].text_content().split()) == " ".join(node.text_content().split()))


def _tokens(text: str) -> list[str]:
    return _norm(text).split()


def _overlap(heading: str, declared: str) -> float:
    """Token F1 of two titles."""
    a, b = _tokens(heading), _tokens(declared)
    if not a or not b:
        return 0.0
    common = sum(min(a.count(t), b.count(t)) for t in set(a))
    return 2 * common / (len(a) + len(b))


def _first_subhead(tree: HtmlElement) -> str | None:
    """Text of the first shown <h2> in the article zone, if any."""
    for node in islice(tree.iter("h2"), MAX_HEADINGS):
        if not is_hidden(node) and not off_article(node):
            text = heading_text(node)
            if len(text) >= 3:
                return text
    return None


def headline(tree: HtmlElement, declared: list[str], site_name: str | None, host: str) -> str | None:
    """The headline: the page's <h1> when it agrees with the declared titles, else the first declared title.

    `declared` are the titles the page states, best first (JSON-LD headline, og:title, twitter:title,
    <title>); they lose their site suffix, and those that are only the site's name are dropped. Hidden <h1>s
    and logo <h1>s (a link home) are not headlines, but a logo's text is a site name to strip; a kicker
    inside an <h1> is not part of it. An <h1>
    that repeats a declared title wins, even outside the article zone; one with a kicker before or a dateline
    after a declared title gives way to that title; a lone <h1> wins over declared titles it does not match.
    """
    site_keys, domain_keys = _site_keys(site_name, host)
    host_key = host.removeprefix("www.")
    declared = [_INVISIBLE.sub("", html.unescape(c)) for c in declared if len(c) <= MAX_TITLE_CHARS]
    declared = [_DANGLING.sub("", c) for c in declared
                if not (_DANGLING.search(c) and _names_site(_norm(c), domain_keys))]
    headings, elsewhere, logos = [], [], []
    for node in islice(tree.iter("h1"), MAX_HEADINGS):
        if is_logo(node):
            logos.append(visible_text(node))
        if is_hidden(node) or is_logo(node):
            continue
        text = without_dateline(heading_text(node))
        if 3 <= len(text) <= 300 and not _is_site_name(text, site_keys, domain_keys) and text != host_key:
            (elsewhere if off_article(node) else headings).append((node, text))
    for logo in logos:
        declared = [strip_site_suffix(c, logo, host) for c in declared]
    stripped = [s for s in (without_dateline(strip_site_suffix(c, site_name, host)) for c in declared)
                if _norm(s) and not _is_site_name(s, site_keys, domain_keys)]
    title_keys = {_norm(title) for title in stripped}
    for _node, heading in headings + elsewhere:
        if _norm(heading) in title_keys:
            return heading
    subhead = _first_subhead(tree)
    confirmed = [title for title in stripped if subhead and _norm(title) == _norm(subhead)]
    if confirmed:
        return confirmed[0]
    best, best_score = None, 0.0
    for node, heading in headings:
        key = _norm(heading)
        for title in stripped:
            title_key = _norm(title)
            if title_key.startswith(key) and len(key) > len(title_key) / 2:
                return heading
            dateline = key.startswith(title_key) and any(ch.isdigit() for ch in key[len(title_key):])
            if dateline and len(title_key) > len(key) / 2 or key.endswith(title_key) and any(
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
    return headings[0][1] if headings else subhead

"""Main article text: trafilatura on the cleaned tree, post-cleaning of the lead, JSON-LD and override fallbacks."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import trafilatura
from lxml.cssselect import CSSSelector, SelectorError
from lxml.etree import XPath, XPathError
from lxml.html import HtmlElement

from newsarchive.extract.boilerplate import clean_line, trim_related
from newsarchive.extract.metadata import Metadata
from newsarchive.fingerprint import normalise_text, words
from newsarchive.models import Overrides

LEAF_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt", "td", "th")
LEAD_LINES = 6
"""How many first lines are checked for a repeated headline, standfirst, byline or dateline."""
SHORT_LINE_WORDS = 14
TITLE_SHARE = 0.8
"""A top line whose words are this much the headline's is a repeated headline or standfirst."""
DATE_WORDS = (
    "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday", "fri",
    "friday", "sat", "saturday", "sun", "sunday", "jan", "january", "feb", "february", "mar", "march", "apr",
    "april", "may", "jun", "june", "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october",
    "nov", "november", "dec", "december", "published", "updated", "posted", "last", "on", "at", "am", "pm",
    "gmt", "utc", "pkt", "ist", "est", "edt", "pst", "pdt", "bst", "cet", "cest", "min", "mins", "read",
    "minutes", "ago", "hours", "hour", "today", "yesterday", "th", "st", "nd", "rd", "of",
)
BYLINE_STARTS = ("by", "von", "par", "por", "di", "door", "av", "written by", "posted by", "author")
FALLBACK_BELOW_CHARS = 1000
"""A fast extraction shorter than this is redone with trafilatura's fallback extractors."""
JSONLD_BETTER = 1.5
"""JSON-LD articleBody replaces the extracted body when it has this many times more words ..."""
JSONLD_OVERLAP = 0.6
"""... and holds at least this share of the extracted body's words (so it is the same story)."""

_DATE_LINE = re.compile(
    r"^(?:[\W\d_]|\b(?:" + "|".join(DATE_WORDS) + r")\b)+$", re.IGNORECASE
)
_BYLINE = re.compile(r"^(?:" + "|".join(BYLINE_STARTS) + r")\b\s*:?\s+\S", re.IGNORECASE)
_BREADCRUMB = re.compile(r"[»›>|/].*[»›>|/]")
_TAG = re.compile(r"<[^>]+>")
_BLOCK_BREAK = re.compile(r"</?(?:p|div|br|h[1-6]|li|ul|ol|blockquote)\b[^>]*>", re.IGNORECASE)


@dataclass
class Body:
    """The extracted body and where its links are to be looked for."""

    paragraphs: list[str]
    """Body paragraphs, cleaned."""
    roots: list[HtmlElement]
    """Tree nodes holding the body: override matches, else the whole (cleaned) page."""
    whole: bool
    """True when every link under `roots` belongs to the body (a site override selected them)."""
    source: str
    """Where the text came from: "override", "trafilatura", "json-ld" or "" when nothing was found."""

    @property
    def text(self) -> str:
        """Paragraphs separated by exactly one blank line."""
        return "\n\n".join(self.paragraphs)


def select(tree: HtmlElement, selector: str) -> list[HtmlElement]:
    """Elements matching a per-site selector: XPath when it starts with '/' or '(', else CSS; [] when invalid."""
    try:
        if selector.lstrip().startswith(("/", "(")):
            found = XPath(selector)(tree)
        else:
            found = CSSSelector(selector)(tree)
    except (XPathError, SelectorError, ValueError):
        return []
    return [node for node in found if isinstance(node, HtmlElement)] if isinstance(found, list) else []


def block_texts(node: HtmlElement) -> list[str]:
    """Texts of the innermost paragraph-like blocks under `node` (its lines when it has none)."""
    texts = [
        " ".join(element.text_content().split())
        for element in node.iter(LEAF_BLOCKS)
        if next(element.iterdescendants(LEAF_BLOCKS), None) is None
    ]
    return [text for text in texts if text] or [line for line in node.text_content().splitlines() if line.strip()]


def _trafilatura_text(tree: HtmlElement, url: str, fast: bool) -> str:
    document = trafilatura.bare_extraction(
        tree, url=url, fast=fast, include_comments=False, include_tables=True, include_links=False,
        with_metadata=False,
    )
    return document.text if document is not None and document.text else ""


def _trafilatura_lines(tree: HtmlElement, url: str) -> list[str]:
    """trafilatura's main extractor; its slower fallbacks (readability, jusText) only when that finds little."""
    text = _trafilatura_text(tree, url, fast=True)
    if len(text) < FALLBACK_BELOW_CHARS:
        text = _trafilatura_text(tree, url, fast=False)
    return text.splitlines()


def _clean(lines: list[str]) -> list[str]:
    return trim_related([line for line in (clean_line(" ".join(raw.split())) for raw in lines) if line])


def _is_lead_repeat(line: str, meta: Metadata) -> bool:
    """True for a headline (or a standfirst repeating it), byline, dateline or breadcrumb atop the body.

    A standfirst that is the page's meta description stays: it is the article's lead, not a repetition.
    """
    norm = normalise_text(line)
    line_words = words(line)
    if meta.title and norm == normalise_text(meta.title):
        return True
    if meta.title and len(line_words) >= 3:
        title_words = set(words(meta.title))
        shared = sum(1 for w in line_words if w in title_words)
        if len(line_words) <= len(title_words) + 4 and shared >= TITLE_SHARE * len(line_words):
            return True
    if len(line_words) > SHORT_LINE_WORDS:
        return False
    if _DATE_LINE.match(line) or meta.published_raw and normalise_text(meta.published_raw) in norm:
        return True
    if _BYLINE.match(line) or meta.authors and all(normalise_text(a) in norm for a in meta.authors):
        return True
    return bool(_BREADCRUMB.search(line)) and len(line_words) <= 8


def drop_lead(paragraphs: list[str], meta: Metadata) -> list[str]:
    """The paragraphs without the headline/standfirst/byline/dateline lines a theme repeats above the text."""
    start = 0
    while start < min(len(paragraphs), LEAD_LINES) and _is_lead_repeat(paragraphs[start], meta):
        start += 1
    return paragraphs[start:]


def _jsonld_paragraphs(article_body: str) -> list[str]:
    text = _BLOCK_BREAK.sub("\n", article_body) if "<" in article_body else article_body
    return _clean(html.unescape(_TAG.sub("", text)).splitlines())


def _prefer_jsonld(paragraphs: list[str], candidate: list[str]) -> bool:
    """True when the JSON-LD body is clearly more complete and tells the same story."""
    body_words = words(" ".join(paragraphs))
    jsonld_words = words(" ".join(candidate))
    if len(jsonld_words) < max(JSONLD_BETTER * len(body_words), 20):
        return False
    if not body_words:
        return True
    vocabulary = set(jsonld_words)
    return sum(1 for w in body_words if w in vocabulary) >= JSONLD_OVERLAP * len(body_words)


def extract_body(tree: HtmlElement, url: str, meta: Metadata, overrides: Overrides | None = None) -> Body:
    """The article body of a page whose boilerplate is already removed (see boilerplate.clean_tree)."""
    if overrides is not None and overrides.body:
        nodes = select(tree, overrides.body)
        if nodes:
            paragraphs = drop_lead(_clean([t for node in nodes for t in block_texts(node)]), meta)
            if paragraphs:
                return Body(paragraphs, nodes, True, "override")
    paragraphs = drop_lead(_clean(_trafilatura_lines(tree, url)), meta)
    source = "trafilatura" if paragraphs else ""
    if meta.article_body:
        candidate = drop_lead(_jsonld_paragraphs(meta.article_body), meta)
        if _prefer_jsonld(paragraphs, candidate):
            paragraphs, source = candidate, "json-ld"
    return Body(paragraphs, [tree], False, source)

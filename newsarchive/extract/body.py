"""Main article text: trafilatura on the cleaned tree, post-cleaning of the lead, JSON-LD and override fallbacks."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

import trafilatura
from lxml.cssselect import CSSSelector, SelectorError
from lxml.etree import XPath, XPathError
from lxml.html import HtmlElement

from newsarchive.extract.boilerplate import clean_line, trim_appeals, trim_related
from newsarchive.extract.metadata import Metadata
from newsarchive.extract.zones import marks_off_article
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
STANDFIRST_MIN_WORDS = 8
"""A description shorter than this is a tagline, not a standfirst."""
STANDFIRST_PROBE_CHARS = 60
"""The description's first characters, which locate its copy on the page (descriptions are often cut off)."""
STANDFIRST_SLACK_CHARS = 80
"""The block showing the description may hold this much more (a dateline, a sentence the description cut)."""
STANDFIRST_MAX_CHARS = 1200
"""A block that starts with the description is its paragraph when no longer than this."""
STANDFIRST_DATELINE_CHARS = 40
"""The description may start this far into its paragraph (after a dateline such as "Berlin (dpa) -")."""
STANDFIRST_SEARCH = 20
"""At most this many text nodes are looked at for the description's copy."""
_BLOCKS = frozenset({"p", "div", "section", "header", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "dd", "td"})
_NOT_SHOWN = frozenset({"script", "style", "noscript", "template", "textarea", "title", "head", "option"})
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_TEXT_WITH = XPath(".//text()[contains(., $key)]")
LEAD_NAME_WORDS = (
    "lead", "lede", "intro", "teaser", "excerpt", "standfirst", "summary", "abstract", "chapo", "chapeau", "sapo",
    "dek", "deck", "subline", "entradilla", "bajada",
)
"""Class/id parts that themes give an article's lead paragraph."""
LEAD_LEVELS = 5
"""The lead is looked for beside the body's first block and beside this many of its containers ..."""
LEAD_SEARCH = 400
"""... among at most this many elements before it, nearest first."""
LEAD_LINK_SHARE = 0.5
"""A lead is running text: a block whose text is more than this share link text is a teaser of other pages."""
_LEAD_NAMES = frozenset(LEAD_NAME_WORDS)
_NAME_PARTS = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")

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
    return trim_appeals(trim_related([line for line in (clean_line(" ".join(raw.split())) for raw in lines) if line]))


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


def _block_of(node: HtmlElement) -> HtmlElement:
    while node.tag not in _BLOCKS and node.getparent() is not None and node.getparent().tag != "body":
        node = node.getparent()
    return node


def _blocks_showing(body: HtmlElement, text: str) -> Iterator[tuple[HtmlElement, str, int]]:
    """(block, its text, where the text starts in it) for visible blocks showing the start of `text`.

    Found through one distinctive word of the text, so the search is one pass over the page's text nodes.
    """
    probe = normalise_text(text.rstrip(".…  ")[:STANDFIRST_PROBE_CHARS])
    key = max(text.split()[:6], key=len, default="")
    if not key:
        return
    for hit in _TEXT_WITH(body, key=key)[:STANDFIRST_SEARCH]:
        node = hit.getparent()
        if hit.is_tail and node.getparent() is not None:
            node = node.getparent()
        if node.tag in _NOT_SHOWN or any(a.tag in _NOT_SHOWN for a in node.iterancestors()):
            continue
        block = _block_of(node)
        if block.tag in ("body", "html"):
            continue
        block_text = " ".join(block.text_content().split())
        at = normalise_text(block_text).find(probe)
        if at >= 0:
            yield block, block_text, at


def _off_article_below(block: HtmlElement, shared: set[HtmlElement]) -> bool:
    """Whether the block sits in furniture below the containers it shares with the body."""
    for element in (block, *block.iterancestors()):
        if element in shared or element.tag in ("body", "html"):
            return False
        if marks_off_article(element, lead=True):
            return True
    return False


def _lead_named(element: HtmlElement) -> bool:
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return not _LEAD_NAMES.isdisjoint(_NAME_PARTS.split(_CAMEL.sub("-", names).lower()))


def _elements_before(anchor: HtmlElement) -> Iterator[HtmlElement]:
    """Elements before `anchor` inside its nearest containers, nearest first."""
    for level, container in enumerate((anchor, *anchor.iterancestors())):
        if level == LEAD_LEVELS or container.tag in ("body", "html"):
            return
        for sibling in container.itersiblings(preceding=True):
            if isinstance(sibling, HtmlElement):
                yield from reversed(list(sibling.iter()))


def _lead_text(element: HtmlElement, meta: Metadata) -> str:
    """The running text of a lead-named block: its paragraphs without headings, headline, byline or dateline."""
    parts = [
        " ".join(block.text_content().split())
        for block in element.iter(LEAF_BLOCKS)
        if block.tag not in _HEADINGS and next(block.iterdescendants(LEAF_BLOCKS), None) is None
    ]
    if not parts and next(element.iterdescendants(_HEADINGS), None) is None:
        parts = [" ".join(element.text_content().split())]
    text = " ".join(part for part in parts if part and not _is_lead_repeat(part, meta))
    return "" if meta.title and normalise_text(meta.title) in normalise_text(text) else text


def _named_lead(anchor: HtmlElement, shared: set[HtmlElement], meta: Metadata) -> str | None:
    """The text of the nearest lead-named block before the body's first block, when it is running text."""
    for index, element in enumerate(_elements_before(anchor)):
        if index == LEAD_SEARCH:
            return None
        if not isinstance(element.tag, str) or not _lead_named(element):
            continue
        text = _lead_text(element, meta)
        if len(words(text)) < STANDFIRST_MIN_WORDS or len(text) > STANDFIRST_MAX_CHARS:
            continue
        links = sum(len(" ".join(a.text_content().split())) for a in element.iter("a"))
        if links <= LEAD_LINK_SHARE * len(text) and not _off_article_below(element, shared):
            return text
    return None


def standfirst(tree: HtmlElement, paragraphs: list[str], meta: Metadata) -> str | None:
    """The standfirst the extractor left out: the visible block of the article that shows the meta description.

    Extractors score the text container and skip the lead paragraph themes put above it (in the header,
    beside the headline); a description that readers also see on the page, outside the page's furniture,
    is that lead. The block may be the description's whole paragraph (descriptions are often cut short).
    """
    description = " ".join((meta.description or "").split())
    body = tree.find("body")
    if body is None or not paragraphs:
        return None
    text = normalise_text(" ".join(paragraphs))
    described = len(words(description)) >= STANDFIRST_MIN_WORDS
    if described and normalise_text(description.rstrip(".…  ")[:STANDFIRST_PROBE_CHARS]) in text:
        return None
    anchor = next(_blocks_showing(body, paragraphs[0]), None)
    shared = set(anchor[0].iterancestors()) if anchor is not None else set()
    for block, shown, at in _blocks_showing(body, description) if described else ():
        longest = STANDFIRST_MAX_CHARS if at <= STANDFIRST_DATELINE_CHARS else len(description) + STANDFIRST_SLACK_CHARS
        if len(shown) <= longest and not _off_article_below(block, shared):
            return clean_line(shown) or None
    if anchor is None:
        return None
    lead = _named_lead(anchor[0], shared, meta)
    if lead is None or normalise_text(lead)[:STANDFIRST_PROBE_CHARS] in text:
        return None
    return clean_line(lead) or None


def _jsonld_paragraphs(article_body: str) -> list[str]:
    if "&lt;" in article_body:
        article_body = html.unescape(article_body)  # markup escaped twice: its tags come out as text
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
    lead = standfirst(tree, paragraphs, meta) if paragraphs else None
    if lead and not _is_lead_repeat(lead, meta):
        paragraphs = [lead, *paragraphs]
    return Body(paragraphs, [tree], False, source)

"""Links: the outbound links cited in an article body (report / internal / external), and a page's crawlable links."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement

from newsarchive.models import Link
from newsarchive.urls import canonical_url, registered_domain
from newsarchive.urlshape import SKIPPED_EXTENSIONS

BLOCK_TAGS = (
    "p", "li", "dd", "dt", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figure",
    "div", "section", "article", "main", "header", "footer", "aside", "nav", "table", "ul", "ol", "dl", "body",
)
REPORT_WORDS = (
    "report", "reports", "study", "studies", "analysis", "analyses", "paper", "papers", "white paper",
    "whitepaper", "full text", "full-text", "document", "documents", "survey", "findings", "brief", "briefing",
    "dossier", "filing", "judgment", "judgement", "ruling", "research", "assessment", "publication", "pdf",
    "bericht", "studie", "gutachten", "rapport", "étude", "informe", "estudio", "rapporto", "studio",
)
"""Words that mark a link (or the sentence around it) as pointing to the document an article cites."""
POINTER_PHRASES = (
    "click here", "click this link", "click this", "click the link", "this link", "here", "link", "read it here",
    "available here", "download", "hier", "ici", "aquí", "qui",
)
"""Anchor texts that only point ("click here"): their kind comes from the sentence around them."""
DOCUMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".odt", ".rtf", ".ppt", ".pptx", ".xls", ".xlsx")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml")
NEARBY_BLOCKS = 3
"""A link up to this many blocks after body text still belongs to it ("Click this link:" then the link)."""

_REPORT = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in REPORT_WORDS) + r")\b", re.IGNORECASE)
_POINTER = re.compile(
    r"^\W*(?:" + "|".join(re.escape(w) for w in POINTER_PHRASES) + r")\W*$|^\W*https?://", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_FEED_FOLDERS = re.compile(r"/(?:feed|rss|atom)/?$", re.IGNORECASE)
_FEEDS = XPath(
    "//link[contains(translate(@rel, 'ALTERNATE', 'alternate'), 'alternate')][@href]"
    "[" + " or ".join(f"contains(translate(@type, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'),"
                      f" '{t}')" for t in FEED_TYPES) + "]"
)
_BASE = XPath("//head/base[@href][1]/@href")
_BLOCK_SET = frozenset(BLOCK_TAGS)


def squash(text: str) -> str:
    """Whitespace collapsed to single spaces, stripped."""
    return " ".join(text.split())


def base_url(tree: HtmlElement, url: str) -> str:
    """The URL relative links resolve against: <base href> when present, else the page URL."""
    base = _BASE(tree)
    return urljoin(url, base[0].strip()) if base else url


def absolute(href: str | None, base: str) -> str | None:
    """An absolute http(s) URL for an href, None for fragments, javascript:, mailto: and malformed hrefs."""
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return None
    try:
        url = href if href.startswith(("http://", "https://")) else urljoin(base, href)
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url.split("#", 1)[0]


def site_of(url: str) -> str:
    """Registered domain of a URL, looked up by its host (and port), so repeated hosts hit the cache."""
    return registered_domain(urlsplit(url).netloc.rpartition("@")[2].lower())


def is_document(url: str) -> bool:
    """True when the URL path ends in a document extension (.pdf, .doc, ...)."""
    return urlsplit(url).path.lower().endswith(DOCUMENT_EXTENSIONS)


def link_kind(url: str, text: str, context: str, page_url: str) -> str:
    """`report` when the link or the sentence around a pointer link names a report; else internal/external."""
    if is_document(url) or _REPORT.search(text):
        return "report"
    if (not text or _POINTER.match(text)) and _REPORT.search(context):
        return "report"
    return "internal" if site_of(url) == site_of(page_url) else "external"


def _sentence_of(block_text: str, anchor_text: str) -> str:
    """The sentence of `block_text` holding `anchor_text` (the whole block when it cannot be located)."""
    if not anchor_text:
        return block_text
    for sentence in _SENTENCE_END.split(block_text):
        if anchor_text in sentence:
            return sentence
    return block_text


def _block_of(element: HtmlElement) -> HtmlElement:
    parent = element.getparent()
    while parent is not None and parent.tag not in _BLOCK_SET:
        parent = parent.getparent()
    return parent if parent is not None else element


class _BodyMatcher:
    """Tells whether a tree block's text is part of the extracted body, comparing without whitespace.

    A long block also matches when nearly all of it is in the body: the extractor may have dropped a
    footnote mark or an inline widget from the paragraph.
    """

    MIN_CHARS = 20
    CHUNK_CHARS = 24
    PARTIAL_MIN_CHARS = 60
    PARTIAL_SHARE = 0.8

    def __init__(self, paragraphs: Iterable[str]) -> None:
        self.paragraphs = {"".join(p.split()) for p in paragraphs}
        self.body = "\n".join(self.paragraphs)
        self.cache: dict[HtmlElement, bool] = {}

    def _matches(self, key: str) -> bool:
        if key in self.paragraphs or len(key) >= self.MIN_CHARS and key in self.body:
            return True
        if len(key) < self.PARTIAL_MIN_CHARS or len(key) > 2 * len(self.body):
            return False
        chunks = [key[i : i + self.CHUNK_CHARS] for i in range(0, len(key) - self.CHUNK_CHARS + 1, self.CHUNK_CHARS)]
        return sum(1 for chunk in chunks if chunk in self.body) >= self.PARTIAL_SHARE * len(chunks)

    def __call__(self, block: HtmlElement) -> bool:
        if block not in self.cache:
            key = "".join(block.text_content().split())
            self.cache[block] = bool(key) and self._matches(key)
        return self.cache[block]


def _report_like(href: str, text: str) -> bool:
    """Cheap test on an unresolved link: could it be a report link?"""
    path = href.split("?", 1)[0].split("#", 1)[0].lower()
    return path.endswith(DOCUMENT_EXTENSIONS) or bool(text) and bool(_REPORT.search(text) or _POINTER.match(text))


def body_links(
    root: HtmlElement, paragraphs: list[str], page_url: str, base: str, *, whole: bool = False
) -> list[Link]:
    """Links of the body, in reading order, found in the tree under `root`.

    A link counts when its block's text is in the body `paragraphs` (or always, with `whole`, for nodes a
    site override selected). A report-like link in a block the extractor dropped (a bare URL after
    "Click this link:") still counts when it follows body text within NEARBY_BLOCKS blocks.
    """
    matcher = _BodyMatcher(paragraphs)
    blocks: list[HtmlElement] | None = None
    position: dict[HtmlElement, int] = {}
    links: list[Link] = []
    seen: set[str] = set()
    for anchor in root.iter("a"):
        href = anchor.get("href")
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        block = _block_of(anchor)
        text = squash(anchor.text_content())
        if whole or matcher(block):
            context = None
        else:
            if not _report_like(href, text):
                continue
            if blocks is None:
                blocks = list(root.iter(BLOCK_TAGS))
                position = {b: i for i, b in enumerate(blocks)}
            index = position.get(block)
            if index is None:
                continue
            before = blocks[max(0, index - NEARBY_BLOCKS) : index]
            if not any(matcher(b) for b in before):
                continue
            context = squash(before[-1].text_content()) + " " + squash(block.text_content())
        url = absolute(href, base)
        if url is None or url in seen:
            continue
        if context is None:
            kind = link_kind(url, text, _context(block, squash(block.text_content()), text), page_url)
        else:
            kind = link_kind(url, text, context, page_url)
            if kind != "report":
                continue
        seen.add(url)
        links.append(Link(url=url, text=text, kind=kind))
    return links


def _context(block: HtmlElement, block_text: str, anchor_text: str) -> str:
    """The sentence holding the link, plus the previous block when the link is alone in its block."""
    if squash(block_text) != anchor_text:
        return _sentence_of(block_text, anchor_text)
    previous = block.getprevious()
    return f"{squash(previous.text_content()) if previous is not None else ''} {block_text}"


def page_links(tree: HtmlElement, page_url: str, base: str) -> list[str]:
    """Same-site http(s) links of the whole page, canonical, de-duplicated, in document order.

    Images, media, documents, feeds, mailto: and javascript: links are left out.
    """
    site = site_of(page_url)
    links: list[str] = []
    seen: set[str] = set()
    for anchor in tree.iter("a", "area"):
        url = absolute(anchor.get("href"), base)
        if url is None:
            continue
        path = urlsplit(url).path.lower()
        if path.endswith(SKIPPED_EXTENSIONS) or _FEED_FOLDERS.search(path) or site_of(url) != site:
            continue
        url = canonical_url(url)
        if url not in seen:
            seen.add(url)
            links.append(url)
    return links


def feed_links(tree: HtmlElement, base: str) -> list[str]:
    """Declared RSS/Atom/JSON feed alternates, absolute, de-duplicated."""
    feeds: list[str] = []
    for link in _FEEDS(tree):
        url = absolute(link.get("href"), base)
        if url and url not in feeds:
            feeds.append(url)
    return feeds

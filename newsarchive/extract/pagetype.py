"""Article or listing: a page-structure judgement after parsing (the URL-shape one before fetching is urlshape's)."""

from __future__ import annotations

import re
from dataclasses import dataclass

ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle", "satiricalarticle", "blogposting",
    "liveblogposting", "report", "scholarlyarticle", "techarticle", "socialmediaposting", "video.other",
})
"""og:type / JSON-LD @type values (lower-cased) that declare the page one article."""
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage", "profile"})
"""og:type / JSON-LD @type values that declare a section, tag, author or search page ("website" is no
evidence: many sites declare it on every page, and JSON-LD graphs of articles hold a WebSite node)."""

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@dataclass
class PageSignals:
    """What the page-type decision looks at, gathered from the one parse."""

    types: set[str]
    """Declared og:type / JSON-LD @type values, lower-cased."""
    body_words: int
    """Words in the extracted body."""
    long_paragraphs: int
    """Body paragraphs of running text (see is_long_paragraph)."""
    paragraphs: int
    """Body paragraphs."""
    teaser_lines: int
    """Body paragraphs that are the anchor text of an article-shaped link (headlines of other stories)."""
    teaser_share: float
    """Share of body characters in such teaser paragraphs."""
    article_links: int
    """Distinct same-site article-shaped links on the page."""
    url_shape: str
    """url_shape() of the page URL."""


LONG_PARAGRAPH_CHARS = 240
"""About 40 words of a European language; each CJK character counts three times."""
MIN_ARTICLE_WORDS = 50
RUNNING_TEXT_WORDS = 150
SHORT_PARAGRAPHS_WORDS = 300
LISTING_LINKS = 10
TEASER_SHARE = 0.4
TEASER_LINES = 4
TEASER_LINE_SHARE = 0.25


def is_long_paragraph(text: str) -> bool:
    """True for a paragraph of running text rather than a headline, caption or teaser."""
    return len(text) + 2 * len(_CJK.findall(text)) >= LONG_PARAGRAPH_CHARS


def page_kind(signals: PageSignals, hint: str | None = None) -> str:
    """"article" when running text (or a declared article type) carries the page, else "listing".

    A body made of the headlines of other stories, a listing-shaped URL without strong article evidence,
    or many article links around little text make a listing: a section page never comes back as an article.
    """
    s = signals
    declared = bool(s.types & ARTICLE_TYPES)
    running = (
        s.long_paragraphs >= 2
        or s.long_paragraphs == 1 and s.body_words >= RUNNING_TEXT_WORDS
        or s.teaser_lines == 0 and s.body_words >= SHORT_PARAGRAPHS_WORDS
    )
    teasers = s.teaser_share >= TEASER_SHARE or (
        s.teaser_lines >= TEASER_LINES and s.teaser_lines >= TEASER_LINE_SHARE * s.paragraphs
    )
    if teasers and not (declared and running and s.url_shape == "article"):
        return "listing"
    if s.url_shape == "listing":
        return "article" if declared and s.long_paragraphs >= 2 else "listing"
    if declared and (s.url_shape == "article" or s.body_words >= MIN_ARTICLE_WORDS) or running:
        return "article"
    if s.types & LISTING_TYPES or s.article_links >= LISTING_LINKS:
        return "listing"
    article_prior = hint == "article" or s.url_shape == "article"
    return "article" if article_prior and s.body_words >= MIN_ARTICLE_WORDS else "listing"

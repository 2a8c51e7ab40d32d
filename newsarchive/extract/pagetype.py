"""Article or listing: a URL-shape judgement before fetching, and a page-structure judgement after parsing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlsplit

from newsarchive.extract.links import SKIPPED_EXTENSIONS

ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle", "satiricalarticle", "blogposting",
    "liveblogposting", "report", "scholarlyarticle", "techarticle", "socialmediaposting", "video.other",
})
"""og:type / JSON-LD @type values (lower-cased) that declare the page one article."""
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage", "profile"})
"""og:type / JSON-LD @type values that declare a section, tag, author or search page ("website" is no
evidence: many sites declare it on every page, and JSON-LD graphs of articles hold a WebSite node)."""
LISTING_SEGMENTS = (
    "tag", "tags", "category", "categories", "cat", "topic", "topics", "section", "sections", "author",
    "authors", "page", "archive", "archives", "latest", "news", "home", "index", "rubrik", "rubrique",
    "ressort", "thema", "themen", "seccion", "categoria", "kategorie", "series", "columns", "columnists",
    "opinion", "world", "business", "sport", "sports", "politics", "tech", "technology", "culture", "science",
    "health", "entertainment", "lifestyle", "local", "national", "international", "region", "regions",
)
"""Path segments that name a section, tag or author page rather than one story."""
SKIP_SEGMENTS = (
    "login", "log-in", "signin", "sign-in", "signup", "sign-up", "register", "logout", "account", "my-account",
    "profile", "cart", "checkout", "subscribe", "subscription", "newsletter", "newsletters", "search", "share",
    "sharer", "print", "email", "wp-admin", "wp-login.php", "wp-json", "xmlrpc.php", "feed", "rss", "atom",
    "cdn-cgi", "about", "about-us", "contact", "contact-us", "privacy", "privacy-policy", "terms",
    "terms-of-use", "terms-of-service", "cookies", "cookie-policy", "impressum", "imprint", "advertise",
    "careers", "jobs", "donate", "faq", "help", "sitemap", "amp-ad", "comments", "replytocom", "oauth",
    "redirect", "out", "go", "track", "click", "ads", "static", "assets", "wp-content", "wp-includes",
)
"""Path segments of pages that are neither articles nor listings (accounts, search, sharing, legal, assets)."""
SKIP_PARAMS = ("s", "q", "query", "search", "share", "replytocom", "print", "action", "redirect", "login")
LISTING_PARAMS = ("page", "paged", "pg", "offset", "start", "cat", "category", "tag")
ID_PARAMS = ("p", "id", "article", "articleid", "article_id", "story", "storyid", "newsid", "news_id", "aid", "nid")

_DATE_PATH = re.compile(r"/(?:19|20)\d{2}[/-](?:0?[1-9]|1[0-2])(?:[/-](?:0?[1-9]|[12]\d|3[01]))?(?:/|-|$)")
_DATE_RUN = re.compile(r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_NUMERIC_ID = re.compile(r"(?:^|[^a-z0-9])\d{5,}(?:$|[^a-z0-9])|(?:^|[-_.])(?:a|art|id|n|story|article)?\d{6,}")
_PAGE_NUMBER = re.compile(r"^(?:page|seite|pagina|p)?[-_]?\d{1,3}$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_ARTICLE_EXT = (".html", ".htm", ".shtml", ".php", ".asp", ".aspx", ".jsp", ".cms", ".ece")


def _segments(path: str) -> list[str]:
    return [s for s in unquote(path).lower().split("/") if s]


def _slug_words(segment: str) -> int:
    stem = segment.rsplit(".", 1)[0] if segment.endswith(_ARTICLE_EXT) else segment
    return len([w for w in re.split(r"[-_+]", stem) if w])


@lru_cache(maxsize=65536)
def classify_url(url: str) -> str:
    """"article", "listing" or "skip" for a discovered link, judged from its shape alone.

    A URL of no telling shape counts as a listing: fetching it can only find more links.
    """
    shape = url_shape(url)
    return "listing" if shape == "unknown" else shape


@lru_cache(maxsize=65536)
def url_shape(url: str) -> str:
    """"article", "listing" (front, section, tag, author or paged URL), "skip" or "unknown"."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "skip"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "skip"
    path = parts.path or "/"
    lower = path.lower()
    segments = _segments(path)
    query = parse_qsl(parts.query, keep_blank_values=True)
    params = {k.lower() for k, _ in query}
    if lower.endswith(SKIPPED_EXTENSIONS) or params & set(SKIP_PARAMS):
        return "skip"
    if any(s in SKIP_SEGMENTS for s in segments[:2]) or segments and segments[-1] in SKIP_SEGMENTS:
        return "skip"
    last = segments[-1] if segments else ""
    if _DATE_PATH.search(lower + "/") and (_slug_words(last) >= 2 or _NUMERIC_ID.search(last) or lower.endswith(_ARTICLE_EXT)):
        return "article"
    if any(k.lower() in ID_PARAMS and v.isdigit() for k, v in query):
        return "article"
    if not segments or params & set(LISTING_PARAMS):
        return "listing"
    if _PAGE_NUMBER.match(last) and len(segments) >= 2 and segments[-2] in ("page", "seite", "pagina"):
        return "listing"
    if any(s in ("tag", "tags", "category", "categories", "topic", "topics", "author", "authors", "page")
           for s in segments[:-1]) and _slug_words(last) < 5:
        return "listing"
    if _NUMERIC_ID.search(last) or _DATE_RUN.search(last) or _slug_words(last) >= 4 or len(last) >= 40:
        return "article"
    stem = last.rsplit(".", 1)[0]
    if lower.endswith(_ARTICLE_EXT) and stem not in LISTING_SEGMENTS + ("index", "default"):
        return "article"
    if stem in LISTING_SEGMENTS:
        return "listing"
    return "unknown"


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

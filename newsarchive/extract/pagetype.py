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
LISTING_TYPES = frozenset({
    "website", "collectionpage", "itemlist", "searchresultspage", "profilepage", "blog", "newsmediaorganization",
    "organization", "webpage_collection", "profile",
})
"""og:type / JSON-LD @type values that declare a front page, section, tag, author or search page."""
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
_ARTICLE_EXT = (".html", ".htm", ".shtml", ".php", ".asp", ".aspx", ".jsp", ".cms", ".ece")


def _segments(path: str) -> list[str]:
    return [s for s in unquote(path).lower().split("/") if s]


def _slug_words(segment: str) -> int:
    stem = segment.rsplit(".", 1)[0] if segment.endswith(_ARTICLE_EXT) else segment
    return len([w for w in re.split(r"[-_+]", stem) if w])


@lru_cache(maxsize=65536)
def classify_url(url: str) -> str:
    """"article", "listing" or "skip" for a discovered link, judged from its shape alone."""
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
    if lower.endswith(_ARTICLE_EXT) and last.rsplit(".", 1)[0] not in LISTING_SEGMENTS + ("index", "default"):
        return "article"
    return "listing"


@dataclass
class PageSignals:
    """What the page-type decision looks at, gathered from the one parse."""

    types: set[str]
    """Declared og:type / JSON-LD @type values, lower-cased."""
    body_words: int
    """Words in the extracted body."""
    long_paragraphs: int
    """Body paragraphs of at least LONG_PARAGRAPH_WORDS words: running text."""
    teaser_share: float
    """Share of body characters that are anchor texts of article-shaped links (headline teasers)."""
    article_links: int
    """Distinct same-site article-shaped links on the page."""
    url_kind: str
    """classify_url() of the page URL."""


LONG_PARAGRAPH_WORDS = 40
MIN_ARTICLE_WORDS = 50
RUNNING_TEXT_WORDS = 150
LISTING_LINKS = 10
TEASER_SHARE = 0.4


def page_kind(signals: PageSignals, hint: str | None = None) -> str:
    """"article" when one dominant text block (or a declared article type) carries the page, else "listing".

    Many links to article-shaped URLs with little running text, or a body made of their headlines, make a
    listing whatever the page declares: a section page never comes back as an article.
    """
    s = signals
    if s.teaser_share >= TEASER_SHARE or s.article_links >= LISTING_LINKS and s.body_words < RUNNING_TEXT_WORDS:
        if not (s.types & ARTICLE_TYPES and s.long_paragraphs >= 2 and s.url_kind == "article"):
            return "listing"
    if s.types & ARTICLE_TYPES and s.body_words >= MIN_ARTICLE_WORDS:
        return "article"
    if s.body_words >= RUNNING_TEXT_WORDS and s.long_paragraphs >= 2:
        return "article"
    if s.types & LISTING_TYPES or s.url_kind == "listing" and hint != "article":
        return "listing"
    return "article" if hint == "article" and s.body_words >= MIN_ARTICLE_WORDS else "listing"

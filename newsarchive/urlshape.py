"""Article, listing or skip: what a discovered URL is, judged from its shape alone, before it is fetched.

Kept outside the extractor package so the crawling process can judge links without importing the extractor.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlsplit

SKIPPED_EXTENSIONS = (
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp", ".ico", ".tif", ".tiff", ".avif", ".heic",
    ".mp3", ".mp4", ".m4a", ".m4v", ".wav", ".ogg", ".oga", ".webm", ".mov", ".avi", ".flv", ".mkv", ".m3u8",
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".rtf", ".zip", ".rar", ".gz", ".7z",
    ".tar", ".exe", ".dmg", ".apk", ".css", ".js", ".json", ".woff", ".woff2", ".ttf", ".eot",
    ".rss", ".xml", ".atom", ".rdf",
)
"""Links a crawler never follows as pages: images, media, documents, feeds and static assets."""
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

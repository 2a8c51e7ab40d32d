"""Date strings to ISO 8601: machine formats by regex, dates written in words via dateparser."""

from __future__ import annotations

import re
import unicodedata
import warnings
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from urllib.parse import urlsplit

from lxml import etree

MAX_WORDS_INPUT = 100
"""dateparser is slow on long hostile strings: it never sees more than this many characters."""

_ISO = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"
    r"(?:[T ]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?",
    re.IGNORECASE,
)
_COMPACT = re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?:T?(?P<H>[0-2]\d)(?P<M>[0-5]\d)(?P<S>[0-5]\d)?)?$")
_DMY = re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)(?:\.\s?|/)(?P<m>[01]?\d)(?:\.\s?|/)(?P<y>(?:19|20)\d{2})(?!\d)")
_CJK = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일]?")
_MONTH_WORD = r"[^\W\d_]{3,}\.?"
_TIME = r"(?:[,\s]+(?:at|um|à|a las|alle|o|kl\.?|-)?\s*\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?\s?m\.?)?)?"
_WORDS_DATE = re.compile(
    rf"(?<!\w)(?:\d{{1,2}}(?:\.|st|nd|rd|th|er|º|°)?\s*(?:de\s+)?{_MONTH_WORD}\s*,?\s*(?:de\s+)?"
    rf"|{_MONTH_WORD}\s+\d{{1,2}}(?:st|nd|rd|th|\.)?,?\s+)(?:19|20)\d{{2}}(?!\d){_TIME}",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"\b(?:ago|vor|il y a|hace|fa|temu|today|yesterday|heute|gestern)\b", re.IGNORECASE)
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def _iso(y: int, m: int, d: int, hh: int | None = None, mm: int | None = None, ss: int | None = None,
         tz: str | None = None) -> str | None:
    """Format the parts as ISO 8601, or None when they are not a real date."""
    try:
        day = datetime(y, m, d, hh or 0, mm or 0, ss or 0)
    except ValueError:
        return None
    if hh is None:
        return day.strftime("%Y-%m-%d")
    text = day.strftime("%Y-%m-%dT%H:%M:%S")
    if tz:
        tz = tz.upper()
        if tz in ("Z", "UTC", "GMT"):
            return text + "+00:00"
        digits = tz.replace(":", "")
        return f"{text}{digits[:3]}:{digits[3:]}"
    return text


def _from_match(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    numbers = {k: int(v) for k, v in parts.items() if k in "ymdHMS" and v is not None}
    return _iso(numbers["y"], numbers["m"], numbers["d"], numbers.get("H"), numbers.get("M"), numbers.get("S"),
                parts.get("tz"))


def parse_machine_date(text: str) -> str | None:
    """Parse ISO-like (2023-08-20T10:00:00+02:00, 2023/08/20), compact (20230820) or d.m.Y dates."""
    text = text.strip()[:MAX_WORDS_INPUT]
    match = _ISO.search(text)
    if match:
        return _from_match(match)
    match = _COMPACT.match(text)
    if match:
        return _from_match(match)
    match = _DMY.search(text) or _CJK.search(text)
    if match:
        return _from_match(match)
    return None


def _dateparser(text: str, languages: list[str] | None) -> datetime | None:
    import dateparser  # imported lazily: loading its language data costs ~0.3 s

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return dateparser.parse(text, languages=languages, settings=_DATEPARSER_SETTINGS)
        except (ValueError, OverflowError, TypeError, AttributeError):
            return None
        except Exception as exc:  # dateparser raises language-detection errors of its own types
            if type(exc).__module__.startswith("dateparser"):
                return None
            raise


SCRIPT_LANGUAGES = (
    ("latin", ("en", "de", "fr", "es", "it", "pt", "nl", "pl")),
    ("arabic", ("ur", "ar", "fa")),
    ("cyrillic", ("ru", "uk", "bg", "sr")),
    ("greek", ("el",)),
    ("hebrew", ("he",)),
    ("devanagari", ("hi",)),
    ("thai", ("th",)),
)
"""Languages dateparser tries, by the script of the month word, when the page declares no language.

dateparser's own language detection loads every locale (tens of seconds once, ~100 ms a call): never used.
"""


def _script(word: str) -> str:
    for char in word:
        if char.isalpha():
            name = unicodedata.name(char, "")
            for script, _ in SCRIPT_LANGUAGES:
                if name.startswith(script.upper()):
                    return script
            return "latin"
    return "latin"


@lru_cache(maxsize=4096)
def _words_phrase(phrase: str, language: str | None) -> str | None:
    script = _script(re.sub(r"[\d\W_]+", "", phrase))
    guesses = dict(SCRIPT_LANGUAGES)[script]
    languages = [language, "en"] if language and language != "en" else ["en"]
    parsed = _dateparser(phrase, languages)
    if parsed is None and (language is None or script != "latin" or language not in guesses):
        parsed = _dateparser(phrase, [g for g in guesses if g not in languages] or guesses[:1])
    if parsed is None:
        return None
    if parsed.hour or parsed.minute:
        return parsed.strftime("%Y-%m-%dT%H:%M:%S")
    return parsed.strftime("%Y-%m-%d")


def parse_words_date(text: str, language: str | None = None) -> str | None:
    """Parse a date written in words in any language ("Sun Aug 20 2023", "20 اگست 2023").

    Only a short day-month-year (or month-day-year) phrase found by regex within the first
    MAX_WORDS_INPUT characters reaches dateparser, which is slow on long strings.
    """
    text = " ".join(text[: MAX_WORDS_INPUT * 4].split())[:MAX_WORDS_INPUT]
    for match in _WORDS_DATE.finditer(text):
        if _RELATIVE.search(match.group(0)):
            continue
        value = _words_phrase(match.group(0).strip(" ,-"), language)
        if value:
            return value
    return None


def parse_date(text: str, language: str | None = None) -> str | None:
    """Parse a date in any of the forms pages use, machine formats first."""
    if not text or not text.strip():
        return None
    return parse_machine_date(text) or parse_words_date(text, language)


def not_after(iso: str | None, now: datetime) -> str | None:
    """The date unless it lies after `now` (a day of slack for time zones)."""
    if iso is None:
        return None
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    if when > now + timedelta(days=1):
        return None
    if when.year < 1995:
        return None
    return iso


def now_utc(now: datetime | None) -> datetime:
    """`now` as an aware datetime (naive means UTC), the current time when None."""
    if now is None:
        return datetime.now(timezone.utc)
    return now if now.tzinfo else now.replace(tzinfo=timezone.utc)


_URL_DATE = re.compile(
    r"(?<![\d])((?:19|20)\d{2})[/_.-]?(0[1-9]|1[0-2])[/_.-]?(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)"
)
_DATE_NODES = etree.XPath(
    "//*[self::time or re:test(@class, '(^|[-_ ])(date|time|datum|fecha|data|published|pubdate|dateline|"
    "timestamp|meta|byline|posted|entry-date|post-date|article-date|publish|info)', 'i')"
    " or re:test(@id, '(date|time|datum|published|dateline|byline)', 'i')"
    " or @itemprop='datePublished' or @itemprop='dateCreated'][not(self::script or self::style)]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)
OFF_ARTICLE_WORDS = (
    "comment", "comments", "kommentar", "kommentare", "respond", "reply", "replies", "discussion", "sidebar",
    "widget", "widgets", "related", "teaser", "teasers", "recommended", "recommendations", "popular", "trending",
    "footer", "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "archive", "calendar",
    "newsletter", "promo", "sponsored", "outbrain", "taboola",
)
"""Parts of class/id names marking comment threads, sidebars, teaser lists, navigation and footers."""
LAYOUT_WORDS = ("with", "has", "for", "no", "left", "right", "wrapper", "wrap", "layout", "category", "tag",
                "type", "format", "content", "main", "container")
"""Parts that make such a name describe the page layout or a category label instead (has-sidebar)."""
_OFF_ARTICLE = frozenset(OFF_ARTICLE_WORDS)
_LAYOUT = frozenset(LAYOUT_WORDS)
_NAME_PARTS = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_OFF_TAGS = frozenset({"aside", "footer", "nav", "form", "select", "option"})
_UPDATED = re.compile(
    r"\b(?:updated?|modified|last|aktualisiert|geändert|zuletzt|mis à jour|modifié|actualizado|aggiornato)\b",
    re.IGNORECASE,
)
_PUBLISHED_WORD = re.compile(r"publi|veröff|erschien|posted|created|erstellt", re.IGNORECASE)
_HAS_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_SHORT_LINE = 80
_LINE_START = 40
MAX_VISIBLE_CANDIDATES = 40
"""Date-like elements read at most per page, so a page of dates cannot make extraction slow."""


def url_date(url: str) -> str | None:
    """The full day a URL path states (/2023/08/20/, -20230820-), else None."""
    path = urlsplit(url).path
    match = _URL_DATE.search(path)
    if not match:
        return None
    return _iso(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def off_article(node: etree._Element) -> bool:
    """Whether the node sits in a comment, sidebar, teaser list, navigation or footer."""
    for element in (node, *node.iterancestors()):
        if element.tag in ("body", "html"):
            return False
        if element.tag in _OFF_TAGS:
            return True
        for name in f"{element.get('class') or ''} {element.get('id') or ''}".split():
            parts = set(_NAME_PARTS.split(_CAMEL.sub("-", name).lower()))
            if parts & _OFF_ARTICLE and not parts & _LAYOUT:
                return True
    return False


def _visible_date(tree: etree._Element, language: str | None, now: datetime) -> tuple[str | None, str | None]:
    """The first date in a <time> or date-like element of the article (not comments or teasers)."""
    for node in _DATE_NODES(tree)[:MAX_VISIBLE_CANDIDATES]:
        raw = (node.get("datetime") or node.get("content") or "").strip()
        text = " ".join(node.text_content()[: MAX_WORDS_INPUT * 4].split())
        if not raw and not _HAS_YEAR.search(text[:MAX_WORDS_INPUT]):
            continue
        if _UPDATED.search(text[:MAX_WORDS_INPUT]) and not _PUBLISHED_WORD.search(text[:MAX_WORDS_INPUT]):
            continue
        if off_article(node):
            continue
        value = not_after(parse_date(raw, language), now) if raw else None
        if value is None and text:
            value, raw = not_after(parse_date(text, language), now), text[:MAX_WORDS_INPUT]
        if value:
            return value, raw
    return None, None


_NEAR_HEADLINE = etree.XPath(
    "(preceding::text()[normalize-space()][position() <= $before] | following::text()[normalize-space()]"
    "[position() <= $after])[re:test(., '(19|20)[0-9]{2}')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)


def _headline_date(tree: etree._Element, language: str | None, now: datetime) -> tuple[str | None, str | None]:
    """A date in the few lines just before or after the headline (the first <h1> of the article)."""
    headline = next((h for h in tree.iter("h1") if not off_article(h)), None)
    if headline is None:
        return None, None
    for text in _NEAR_HEADLINE(headline, before=6, after=25)[:8]:
        parent = text.getparent()
        if parent is None or parent.tag in ("script", "style") or off_article(parent):
            continue
        chunk = " ".join(str(text)[: MAX_WORDS_INPUT * 4].split())
        chunk = chunk[:MAX_WORDS_INPUT] if len(chunk) <= _SHORT_LINE else chunk[:_LINE_START]
        if _UPDATED.search(chunk) and not _PUBLISHED_WORD.search(chunk):
            continue
        value = not_after(parse_date(chunk, language), now)
        if value:
            return value, chunk
    return None, None


def _htmldate(tree: etree._Element, url: str, now: datetime) -> tuple[str | None, str | None]:
    import htmldate  # imported lazily with its own dateparser-free fast path

    try:
        found = htmldate.find_date(tree, url=url, original_date=True, extensive_search=False,
                                   max_date=now.strftime("%Y-%m-%d"))
    except (ValueError, TypeError):
        return None, None
    return (found, found) if found else (None, None)


def published_date(tree: etree._Element, url: str, declared: list[str], language: str | None,
                   now: datetime) -> tuple[str | None, str | None]:
    """(ISO date, source string) of the original publication, or (None, None).

    Order: dates the page declares (JSON-LD, meta), then a <time> or date-like element of the article,
    then htmldate's scan. A full date in the URL path decides the day when the page's date disagrees
    (time-zone shifts of UTC timestamps, republished or updated pages).
    """
    value = raw = None
    near, near_raw = _headline_date(tree, language, now)
    for candidate in declared:
        value = not_after(parse_date(candidate, language), now)
        if value:
            raw = candidate
            break
    if near and (value is None or value[:10] != near[:10]):
        value, raw = near, near_raw
    if value is None:
        value, raw = _visible_date(tree, language, now)
    in_url = not_after(url_date(url), now)
    if in_url and (value is None or value[:10] != in_url):
        return in_url, url
    if value is None:
        value, raw = _htmldate(tree, url, now)
    return value, raw


def modified_date(declared: list[str], language: str | None, now: datetime) -> str | None:
    """The first declared modification date that parses and is not in the future."""
    for candidate in declared:
        value = not_after(parse_date(candidate, language), now)
        if value:
            return value
    return None

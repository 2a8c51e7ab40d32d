"""Date strings to ISO 8601: machine formats by regex, dates written in words via dateparser."""

from __future__ import annotations

import re
import unicodedata
import warnings
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from urllib.parse import urlsplit

MAX_WORDS_INPUT = 100
"""dateparser is slow on long hostile strings: it never sees more than this many characters."""

_ISO = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"
    r"(?:[T ]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?",
    re.IGNORECASE,
)
_COMPACT = re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?:T?(?P<H>[0-2]\d)(?P<M>[0-5]\d)(?P<S>[0-5]\d)?)?$")
_DMY_SEPARATOR = r"(?:\.\s?|/|\s?\|\s?)"
_DMY = re.compile(rf"(?<![\d.])(?P<d>[0-3]?\d){_DMY_SEPARATOR}(?P<m>[01]?\d){_DMY_SEPARATOR}(?P<y>(?:19|20)\d{{2}})(?!\d)")
"""A day-first date: 20.08.2023, 20/08/2023, or with bars as some page designs write it (20 | 08 | 2023)."""
_DMY_SHORT = re.compile(r"(?<![\w.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>\d{2})(?!\d|\.\d)")
"""A dotted date with a two-digit year (28.09.19), as forums and German bylines write it."""
_CJK = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일]?")
_MONTH_WORD = r"[^\W\d_]{3,}\.?"
_TIME = r"(?:[,\s]+(?:at|um|à|a las|alle|o|kl\.?|-)?\s*\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?\s?m\.?)?)?"
_MONTH_NAMES = rf"{_MONTH_WORD}(?:(?:\s+{_MONTH_WORD})?\s*/\s*{_MONTH_WORD})?"
"""A month word, or two names of one month ("نيسان / أبريل", "كانون الثاني / يناير") as Arabic pages write them."""
_WORDS_DATE = re.compile(
    rf"(?<!\w)(?:\d{{1,2}}(?:\.|st|nd|rd|th|er|º|°)?\s*(?:de\s+)?{_MONTH_NAMES}\s*,?\s*(?:de\s+)?"
    rf"|{_MONTH_WORD}\s+\d{{1,2}}(?:st|nd|rd|th|\.)?,?\s+)(?:19|20)\d{{2}}(?!\d){_TIME}",
    re.IGNORECASE,
)
_MONTH_PAIR = re.compile(r"((?:[^\W\d_]{3,}\s+)?[^\W\d_]{3,}\.?)\s*/\s*([^\W\d_]{3,}\.?)")
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


_RFC2822 = re.compile(
    r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+(?:19|20)\d{2}\s+\d{2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|GMT|UTC|UT|Z)$"
)


def _rfc2822(text: str) -> str | None:
    """Tue, 03 May 2022 23:53:14 GMT (HTTP and RSS dates, also found in JSON-LD) with its offset."""
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return when.isoformat() if when.year >= 1900 else None


def parse_machine_date(text: str) -> str | None:
    """Parse ISO-like (2023-08-20T10:00:00+02:00, 2023/08/20), RFC 2822, compact (20230820) or d.m.Y dates."""
    text = text.strip()[:MAX_WORDS_INPUT]
    match = _ISO.search(text)
    if match:
        return _from_match(match)
    if _RFC2822.match(text):
        return _rfc2822(text)
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
        phrase = match.group(0).strip(" ,-")
        pair = _MONTH_PAIR.search(phrase)
        # "24 نيسان / أبريل 2020": two names of one month (Levantine / standard Arabic); either may be known
        for variant in ((phrase[:pair.start()] + pair.group(side) + phrase[pair.end():] for side in (2, 1))
                        if pair else (phrase,)):
            value = _words_phrase(variant, language)
            if value:
                return value
    return None


def parse_short_year(text: str) -> str | None:
    """A day-first dotted date with a two-digit year ("8.5.12", "28.09.19"): 90-99 are the 1990s, others 2000s."""
    match = _DMY_SHORT.search(text[:MAX_WORDS_INPUT])
    if match is None:
        return None
    year = int(match["y"])
    return _iso(year + (1900 if year >= 90 else 2000), int(match["m"]), int(match["d"]))


def parse_date(text: str, language: str | None = None) -> str | None:
    """Parse a date in any of the forms pages use, machine formats first, two-digit years last."""
    if not text or not text.strip():
        return None
    return parse_machine_date(text) or parse_words_date(text, language) or parse_short_year(text)


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
    r"(?<![\d])(?P<y>(?:19|20)\d{2})[/_.-]?(?P<m>0[1-9]|1[0-2])[/_.-]?(?P<d>0[1-9]|[12]\d|3[01])(?=[/_.-]|$)"
    r"|/(?P<y2>(?:19|20)\d{2})/(?P<m2>[1-9]|1[0-2])/(?P<d2>[1-9]|[12]\d|3[01])(?=/)"
    r"|(?<![\d])(?P<d3>0[1-9]|[12]\d|3[01])(?P<sep>[_.-])(?P<m3>0[1-9]|1[0-2])(?P=sep)(?P<y3>(?:19|20)\d{2})"
    r"(?=[/_.-]|$)"
)


def url_date(url: str) -> str | None:
    """The full day a URL path states (/2023/08/20/, -20230820-, /29-10-2021), else None."""
    path = urlsplit(url).path
    match = _URL_DATE.search(path)
    if not match:
        return None
    parts = match.groupdict()
    year, month, day = (int(next(parts[key + n] for n in ("", "2", "3") if parts.get(key + n))) for key in "ymd")
    return _iso(year, month, day)


_NUMERIC_DAY = re.compile(r"(?<![\d.])(?P<a>\d{1,2})(?P<sep>[/-])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d{2})(?!\d)")


def numeric_readings(text: str | None) -> set[str]:
    """Both days an all-numeric date like 06/01/2020 can mean (1 June in the US, 6 January in Europe).

    Dotted dates (01.11.2023) are read day first everywhere, so they have one reading.

    Empty when the text holds no such date or a number above 12 settles the reading; otherwise another
    date of the page decides which reading the page uses.
    """
    match = _NUMERIC_DAY.search((text or "")[:MAX_WORDS_INPUT * 4])
    if match is None:
        return set()
    a, b, year = int(match["a"]), int(match["b"]), int(match["y"])
    if a > 12 or b > 12 or a == b:
        return set()
    return {day for day in (_iso(year, a, b), _iso(year, b, a)) if day}

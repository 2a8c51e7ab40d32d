"""Date strings to ISO 8601: machine formats by regex, dates written in words via dateparser."""

from __future__ import annotations

import re
import warnings
from datetime import datetime, timedelta, timezone

MAX_WORDS_INPUT = 100
"""dateparser is slow on long hostile strings: it never sees more than this many characters."""

_ISO = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"
    r"(?:[T ]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?",
    re.IGNORECASE,
)
_COMPACT = re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?:T?(?P<H>[0-2]\d)(?P<M>[0-5]\d)(?P<S>[0-5]\d)?)?$")
_DMY = re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)[./](?P<m>[01]?\d)[./](?P<y>(?:19|20)\d{2})(?!\d)")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_WORD = re.compile(r"\S+")
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
    match = _DMY.search(text)
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


def parse_words_date(text: str, language: str | None = None) -> str | None:
    """Parse a date written in words in any language ("Sun Aug 20 2023", "20 اگست 2023").

    Only the first MAX_WORDS_INPUT characters around a four-digit year are read; relative dates
    ("2 hours ago") are refused because they depend on when the page was fetched.
    """
    text = " ".join(text.split())
    year = _YEAR.search(text)
    if not year or _RELATIVE.search(text[: year.end()]):
        return None
    window = text[max(0, year.start() - 60): year.end() + 30][:MAX_WORDS_INPUT]
    languages = [language, "en"] if language and language != "en" else None
    words = _WORD.findall(window)
    for skip in range(min(4, len(words))):
        candidate = " ".join(words[skip:])
        if not _YEAR.search(candidate):
            break
        parsed = _dateparser(candidate, languages)
        if parsed is None and languages:
            parsed = _dateparser(candidate, None)
        if parsed is not None:
            if parsed.hour or parsed.minute:
                return parsed.strftime("%Y-%m-%dT%H:%M:%S")
            return parsed.strftime("%Y-%m-%d")
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

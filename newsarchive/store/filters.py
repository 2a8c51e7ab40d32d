"""Shared article filters (site, date range, language) turned into SQL conditions with parameters."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from ..errors import ConfigError

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ARTICLE_DATE = "COALESCE(a.published, a.first_seen)"
ARTICLE_INSTANT = f"datetime({ARTICLE_DATE})"
"""The article date in UTC as 'YYYY-MM-DD HH:MM:SS': SQLite applies its offset; a bare day is its midnight."""


def date_bound(value: str, *, end: bool = False) -> str:
    """Validate a --since/--until value (YYYY-MM-DD or ISO 8601); an end day covers that whole day."""
    text = value.strip()
    try:
        if _DAY.match(text):
            day = date.fromisoformat(text)
            return (day + timedelta(days=1)).isoformat() if end else day.isoformat()
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(f"not a date: {value!r} (use YYYY-MM-DD or an ISO 8601 timestamp)") from None
    return text


def article_conditions(
    *, site: str | None = None, since: str | None = None, until: str | None = None, lang: str | None = None
) -> tuple[list[str], list[str]]:
    """SQL conditions on `articles AS a` and their parameters.

    Dates compare against the publication date, or first_seen when the page gave none; `until` is
    inclusive of its day.
    """
    conditions: list[str] = []
    params: list[str] = []
    if site:
        conditions.append("a.site = ?")
        params.append(site)
    if since:
        bound = date_bound(since)
        conditions.append(f"{ARTICLE_DATE} >= ?" if _DAY.match(bound) else f"{ARTICLE_INSTANT} >= ?")
        params.append(bound if _DAY.match(bound) else _utc(bound))
    if until:
        bound = date_bound(until, end=True)
        conditions.append(f"{ARTICLE_DATE} < ?" if _DAY.match(bound) else f"{ARTICLE_INSTANT} <= ?")
        params.append(bound if _DAY.match(bound) else _utc(bound))
    if lang:
        conditions.append("a.language = ?")
        params.append(lang.lower())
    return conditions, params


def _utc(timestamp: str) -> str:
    """A validated ISO 8601 timestamp as ARTICLE_INSTANT writes it (UTC; without an offset, taken as written)."""
    moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
        except OverflowError:
            raise ConfigError(f"not a date: {timestamp!r} (out of range in UTC)") from None
    return moment.isoformat(sep=" ", timespec="seconds")

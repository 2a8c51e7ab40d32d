"""UTC timestamps in the one text form the archive stores and compares ("2026-11-25T12:00:00Z")."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(timezone.utc)


def stamp(moment: datetime | None = None) -> str:
    """`moment` (default now) as an archive timestamp."""
    return (moment or utcnow()).astimezone(timezone.utc).strftime(FORMAT)


def stamp_in(seconds: float, moment: datetime | None = None) -> str:
    """The archive timestamp `seconds` after `moment` (default now)."""
    return stamp((moment or utcnow()) + timedelta(seconds=seconds))

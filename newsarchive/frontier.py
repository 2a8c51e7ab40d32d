"""The durable crawl frontier over the `urls` table: add URLs, claim due ones with a lease, confirm or fail them.

A URL is confirmed done in the same transaction that stores what was found on it, so a crawl killed at any
instant loses nothing: whatever was claimed but not confirmed is claimable again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from .clock import stamp, stamp_in, utcnow

# How long after each successful check an article is checked again; after the last, never.
ARTICLE_RECHECKS = (3600.0, 6 * 3600.0, 24 * 3600.0, 7 * 24 * 3600.0)
# Discovery pages fetched first, so articles are found early and listings are not starved.
KIND_PRIORITY = {"robots": 0, "sitemap": 1, "feed": 1, "start": 2, "listing": 3, "article": 4}
MAX_FAILURES = 3
RETRY_AFTER_FAILURE = 900.0


@dataclass(frozen=True)
class FrontierUrl:
    """A claimed URL and what the frontier knows about it."""

    url: str
    site: str
    kind: str
    depth: int
    etag: str | None
    last_modified: str | None
    checks: int
    fetch_count: int


_DONE = (
    "UPDATE urls SET state = 'done', kind = COALESCE(?1, kind), lease_until = NULL, "
    "due_at = CASE WHEN COALESCE(?1, kind) = 'article' THEN CASE checks "
    + " ".join(f"WHEN {i} THEN ?{9 + i}" for i in range(len(ARTICLE_RECHECKS)))
    + " ELSE NULL END ELSE ?2 END, "
    "checks = checks + (COALESCE(?1, kind) = 'article'), last_status = ?3, last_fetched = ?4, "
    "fetch_count = fetch_count + 1, failures = 0, last_error = NULL, etag = COALESCE(?5, etag), "
    "last_modified = COALESCE(?6, last_modified), article_url = COALESCE(?7, article_url) WHERE url = ?8"
)
"""Frontier.done's statement: ?1 kind, ?2 when a discovery page is due again, ?3 status, ?4 now, ?5 ETag,
?6 Last-Modified, ?7 article URL, ?8 the URL, then when each of ARTICLE_RECHECKS falls due."""


class _DoneTimes:
    """The timestamps Frontier.done writes (now, the article rechecks, now + recrawl), worked out once a second:
    at 100+ pages/s, formatting six of them for every page was a tenth of the store's time."""

    def __init__(self) -> None:
        self.second: datetime | None = None
        self.now = ""
        self.rechecks: list[str] = []
        self.recrawls: dict[float, str] = {}

    def at(self, recrawl: float | None) -> tuple[str, list[str], str | None]:
        """(now, each article recheck, now + `recrawl` or None when it is not set), to the whole second."""
        second = utcnow().replace(microsecond=0)
        if second != self.second:
            self.second, self.now, self.recrawls = second, stamp(second), {}
            self.rechecks = [stamp_in(seconds, second) for seconds in ARTICLE_RECHECKS]
        if not recrawl:
            return self.now, self.rechecks, None
        if recrawl not in self.recrawls:
            self.recrawls[recrawl] = stamp_in(recrawl, second)
        return self.now, self.rechecks, self.recrawls[recrawl]


class Frontier:
    """Frontier operations on an open Archive (whose connection and transactions it shares)."""

    def __init__(self, archive) -> None:
        self.archive = archive
        self.conn = archive.conn
        self._times = _DoneTimes()

    def add(self, urls: Iterable[tuple[str, str, str, int, str]]) -> int:
        """Add (url, site, kind, depth, source) rows not yet known; returns how many were new."""
        now = stamp()
        before = self.conn.total_changes
        self.conn.executemany(
            "INSERT OR IGNORE INTO urls (url, site, kind, state, depth, source, discovered_at, due_at) "
            "VALUES (?, ?, ?, 'pending', ?, ?, ?, ?)",
            ((url, site, kind, depth, source, now, now) for url, site, kind, depth, source in urls),
        )
        return self.conn.total_changes - before

    def seed(self, url: str, site: str, kind: str) -> None:
        """Add a start URL, or make a known one due now (start pages are rechecked on every run)."""
        now = stamp()
        self.conn.execute(
            "INSERT INTO urls (url, site, kind, state, depth, source, discovered_at, due_at) "
            "VALUES (?, ?, ?, 'pending', 0, 'seed', ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET due_at = excluded.due_at, site = excluded.site, "
            "state = CASE WHEN state = 'claimed' THEN state ELSE 'pending' END",
            (url, site, kind, now, now),
        )

    def refresh(self, sites: Iterable[str]) -> int:
        """Make every known article of these sites due now (a full recheck); returns how many."""
        names = list(sites)
        cur = self.conn.execute(
            f"UPDATE urls SET due_at = ? WHERE kind = 'article' AND state = 'done' "
            f"AND site IN ({','.join('?' * len(names))})",
            (stamp(), *names),
        )
        return cur.rowcount

    def release_orphans(self) -> int:
        """Return claims left by a run that died to the queue; call only while holding the crawl lock."""
        cur = self.conn.execute("UPDATE urls SET state = 'pending', lease_until = NULL WHERE state = 'claimed'")
        return cur.rowcount

    def claim(self, limit: int, *, sites: Iterable[str] | None = None, lease: float = 600.0) -> list[FrontierUrl]:
        """Claim up to `limit` due URLs (discovery pages first), leasing them for `lease` seconds."""
        now = stamp()
        site_filter, params = "", []
        if sites is not None:
            names = list(sites)
            site_filter = f"AND site IN ({','.join('?' * len(names))})"
            params = names
        priority = " ".join(f"WHEN '{k}' THEN {v}" for k, v in KIND_PRIORITY.items())
        rows = self.conn.execute(
            f"""
            UPDATE urls SET state = 'claimed', lease_until = ?
            WHERE url IN (
                SELECT url FROM urls
                WHERE due_at IS NOT NULL AND due_at <= ?
                  AND (state != 'claimed' OR lease_until < ?) {site_filter}
                ORDER BY CASE kind {priority} ELSE 9 END, due_at, depth
                LIMIT ?
            )
            RETURNING url, site, kind, depth, etag, last_modified, checks, fetch_count
            """,
            (stamp_in(lease), now, now, *params, limit),
        ).fetchall()
        # RETURNING does not keep the subquery's order.
        return sorted((FrontierUrl(*row) for row in rows), key=lambda u: (KIND_PRIORITY.get(u.kind, 9), u.depth))

    def done(
        self,
        url: str,
        *,
        status: int,
        recrawl: float | None,
        etag: str | None = None,
        last_modified: str | None = None,
        article_url: str | None = None,
        kind: str | None = None,
    ) -> None:
        """Confirm a URL fetched; schedule its next check.

        Articles follow ARTICLE_RECHECKS, then are not checked again; discovery pages come back after
        `recrawl` seconds, or never when it is None.
        """
        # One statement (this runs once per page): the article schedule is picked in SQL from the row's checks.
        now, rechecks, recrawl_at = self._times.at(recrawl)
        self.conn.execute(_DONE, (kind, recrawl_at, status, now, etag, last_modified, article_url, url, *rechecks))

    def failed(self, url: str, reason: str, *, status: int | None = None, retry_in: float | None = None) -> None:
        """Record a failed fetch; retry later, until MAX_FAILURES, then give up ('failed', never due)."""
        row = self.conn.execute("SELECT failures FROM urls WHERE url = ?", (url,)).fetchone()
        failures = (row[0] if row else 0) + 1
        gone = failures >= MAX_FAILURES or (status is not None and status in (404, 410))
        due = None if gone else stamp_in(retry_in if retry_in is not None else RETRY_AFTER_FAILURE * failures)
        self.conn.execute(
            "UPDATE urls SET state = ?, lease_until = NULL, due_at = ?, last_status = ?, last_fetched = ?, "
            "fetch_count = fetch_count + 1, failures = ?, last_error = ? WHERE url = ?",
            ("failed" if gone else "pending", due, status, stamp(), failures, reason[:500], url),
        )

    def release(self, url: str) -> None:
        """Give a claim back unused: the URL stays due for the next claim."""
        self.conn.execute("UPDATE urls SET state = 'pending', lease_until = NULL WHERE url = ?", (url,))

    def skip(self, url: str, reason: str) -> None:
        """Mark a URL never to be fetched (robots.txt, deny pattern, off-site redirect)."""
        self.conn.execute(
            "UPDATE urls SET state = 'skipped', lease_until = NULL, due_at = NULL, last_error = ? WHERE url = ?",
            (reason[:500], url),
        )

    def next_due(self, sites: Iterable[str]) -> dict[str, str]:
        """For each site with anything still to fetch, the earliest time something of it is due."""
        names = list(sites)
        rows = self.conn.execute(
            f"SELECT site, MIN(due_at) FROM urls WHERE due_at IS NOT NULL AND state != 'claimed' "
            f"AND site IN ({','.join('?' * len(names))}) GROUP BY site",
            names,
        ).fetchall()
        return dict(rows)

    def counts(self) -> dict[str, int]:
        """Number of URLs per state, plus how many are due now."""
        result = dict(self.conn.execute("SELECT state, COUNT(*) FROM urls GROUP BY state").fetchall())
        result["due"] = self.due_count()
        return result

    def due_count(self) -> int:
        """How many URLs are due now and not claimed."""
        return self.conn.execute(
            "SELECT COUNT(*) FROM urls WHERE due_at IS NOT NULL AND due_at <= ? AND state != 'claimed'", (stamp(),)
        ).fetchone()[0]

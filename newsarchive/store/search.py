"""Full-text search over the archive: FTS5 MATCH, bm25 ranking (title weighs more), highlighted snippets."""

from __future__ import annotations

import sqlite3
from typing import Any

from ..errors import QueryError
from .filters import article_conditions

TITLE_WEIGHT = 5.0
BODY_WEIGHT = 1.0
SNIPPET_TOKENS = 16
HIGHLIGHT = ("**", "**")


def check_query(conn: sqlite3.Connection, query: str) -> None:
    """Raise QueryError when `query` is empty or not valid FTS5 syntax."""
    if not query.strip():
        raise QueryError("empty search query")
    try:
        conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1", (query,)).fetchall()
    except sqlite3.OperationalError as exc:
        raise QueryError(f"invalid search query {query!r}: {exc}") from None


def search(
    conn: sqlite3.Connection,
    query: str,
    *,
    limit: int = 20,
    site: str | None = None,
    since: str | None = None,
    until: str | None = None,
    lang: str | None = None,
    highlight: tuple[str, str] = HIGHLIGHT,
) -> list[dict[str, Any]]:
    """Best matches first: url, site, title, published, language, snippet, score (lower bm25 is better)."""
    check_query(conn, query)
    conditions, params = article_conditions(site=site, since=since, until=until, lang=lang)
    where = "".join(f" AND {c}" for c in conditions)
    sql = f"""
        SELECT a.url, a.site, a.title, a.published, a.language,
               snippet(articles_fts, -1, ?, ?, '…', {SNIPPET_TOKENS}) AS snippet,
               bm25(articles_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score
        FROM articles_fts JOIN articles AS a ON a.rowid = articles_fts.rowid
        WHERE articles_fts MATCH ?{where}
        ORDER BY score
        LIMIT ?
    """
    cursor = conn.execute(sql, (*highlight, query, *params, limit))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]

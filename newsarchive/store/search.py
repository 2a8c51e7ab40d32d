"""Full-text search: FTS5 words with bm25 (title weighs more) and snippets; a trigram index for CJK and Thai."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from ..errors import QueryError
from .filters import article_conditions
from .schema import SPACELESS_CHARS, folded

TITLE_WEIGHT = 5.0
BODY_WEIGHT = 1.0
SNIPPET_TOKENS = 16
SNIPPET_CHARS = 60
HIGHLIGHT = ("**", "**")
_SPACELESS = re.compile(SPACELESS_CHARS)
_TRIGRAM_NOISE = re.compile(r'["*()]|\b(AND|OR|NOT|NEAR)\b')
_UNSUPPORTED_IN_SPACELESS = re.compile(r"\b(OR|NOT|NEAR)\b|(^|[\s(+-])(title|body|\{[^}]*\})\s*:")
"""Operators a substring search cannot honour: it would ignore them and return the wrong articles."""
_PUNCTUATION = re.compile(r'[^\w\s"*()]')
"""Characters FTS5 reads as syntax outside double quotes (a hyphen, apostrophe, colon, dot...)."""
_COLUMNS = "a.url, a.site, a.title, a.published, a.language"


def fold_query(query: str) -> str:
    """The query as the word index holds text: Arabic-script harakat and tatweel removed."""
    return folded(query)


def spaceless_terms(query: str) -> list[str] | None:
    """The substrings to look for when the query is in a script without spaces (CJK, Thai), else None.

    Such queries are matched as substrings (all terms must occur); FTS5 operators do not apply.
    """
    if not _SPACELESS.search(query):
        return None
    return [term for term in _TRIGRAM_NOISE.sub(" ", query).split() if term]


def check_query(conn: sqlite3.Connection, query: str) -> None:
    """Raise QueryError when `query` is empty or not valid FTS5 syntax."""
    if not query.strip():
        raise QueryError("empty search query")
    if spaceless_terms(query) is not None:
        if _UNSUPPORTED_IN_SPACELESS.search(query):
            raise QueryError(
                f"invalid search query {query!r}: in Chinese, Japanese, Korean and Thai searches every word must "
                "occur; OR, NOT, NEAR and column filters are not supported"
            )
        return
    try:
        conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1", (fold_query(query),)).fetchall()
    except sqlite3.OperationalError as exc:
        hint = " (put words with punctuation in double quotes, e.g. \"COVID-19\")" if _PUNCTUATION.search(query) else ""
        raise QueryError(f"invalid search query {query!r}: {exc}{hint}") from None


def match_condition(conn: sqlite3.Connection, query: str) -> tuple[list[str], list[str]]:
    """SQL conditions on `articles AS a` selecting the articles that match `query`, with parameters."""
    check_query(conn, query)
    terms = spaceless_terms(query)
    if terms is None:
        return ["a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"], [fold_query(query)]
    long_terms = [t for t in terms if len(t) >= 3]
    conditions, params = _substring_conditions([t for t in terms if len(t) < 3], only_indexed=not long_terms)
    if long_terms:
        conditions.insert(0, "a.rowid IN (SELECT rowid FROM articles_trigram WHERE articles_trigram MATCH ?)")
        params.insert(0, _trigram_query(long_terms))
    return conditions, params


def _trigram_query(terms: list[str]) -> str:
    return " AND ".join(f'"{term}"' for term in terms)


def _substring_conditions(terms: list[str], *, only_indexed: bool = False) -> tuple[list[str], list[str]]:
    """Terms shorter than a trigram: substring tests; with `only_indexed`, over trigram-indexed articles only.

    The rowids the trigram index holds are those of its docsize table: scanning them reads the few CJK and
    Thai articles instead of the whole archive.
    """
    conditions = ["(instr(COALESCE(a.title, ''), ?) > 0 OR instr(COALESCE(a.body, ''), ?) > 0)" for _ in terms]
    if only_indexed:
        conditions.insert(0, "a.rowid IN (SELECT id FROM articles_trigram_docsize)")
    return conditions, [value for term in terms for value in (term, term)]


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
    """Best matches first: url, site, title, published, language, snippet, score (lower is better)."""
    check_query(conn, query)
    conditions, params = article_conditions(site=site, since=since, until=until, lang=lang)
    terms = spaceless_terms(query)
    short, short_params = [], []
    if terms is None:
        table, match = "articles_fts", fold_query(query)
        weights = f"{TITLE_WEIGHT}, {BODY_WEIGHT}"
    elif any(len(t) >= 3 for t in terms):
        table, match, weights = "articles_trigram", _trigram_query([t for t in terms if len(t) >= 3]), ""
        short, short_params = _substring_conditions([t for t in terms if len(t) < 3])
    else:
        return _substring_search(conn, terms, conditions, params, limit, highlight)
    if site:
        # The site's articles are picked out of the covering index idx_articles_filters once, instead of reading
        # the article row of every match (the unary + keeps SQLite from probing the full-text index per article).
        # Without a site that index is no shortcut: the filters are tested on the row of each match.
        conditions = [f"+{table}.rowid IN (SELECT a.rowid FROM articles AS a WHERE {' AND '.join(conditions)})"]
    reads_row = bool(short) or (bool(conditions) and not site)
    # Rank every match, then cut snippets for the best `limit` only, one lookup each: in a single query
    # SQLite would compute the snippet of every match before sorting.
    join = f" JOIN articles AS a ON a.rowid = {table}.rowid" if reads_row else ""
    where = "".join(f" AND {c}" for c in conditions + short)
    params += short_params
    ranked = conn.execute(
        f"SELECT {table}.rowid, bm25({table}{', ' + weights if weights else ''}) AS score FROM {table}{join} "
        f"WHERE {table} MATCH ?{where} ORDER BY score LIMIT ?",
        (match, *params, limit),
    ).fetchall()
    names = ["url", "site", "title", "published", "language", "snippet"]
    results = []
    for rowid, score in ranked:
        row = conn.execute(
            f"SELECT {_COLUMNS}, snippet({table}, -1, ?, ?, '…', {SNIPPET_TOKENS}) FROM {table} "
            f"JOIN articles AS a ON a.rowid = {table}.rowid WHERE {table} MATCH ? AND {table}.rowid = ?",
            (*highlight, match, rowid),
        ).fetchone()
        results.append({**dict(zip(names, row)), "score": score})
    return results


def _substring_search(
    conn: sqlite3.Connection,
    terms: list[str],
    conditions: list[str],
    params: list[str],
    limit: int,
    highlight: tuple[str, str],
) -> list[dict[str, Any]]:
    """Queries of only 1-2 character CJK words: substring match, newest first, snippet cut around the first hit."""
    short, short_params = _substring_conditions(terms, only_indexed=True)
    where = " AND ".join(short + conditions)
    rows = conn.execute(
        f"SELECT {_COLUMNS}, a.body FROM articles AS a WHERE {where} "
        "ORDER BY COALESCE(a.published, a.first_seen) DESC LIMIT ?",
        (*short_params, *params, limit),
    ).fetchall()
    results = []
    for url, site, title, published, language, body in rows:
        results.append(
            {"url": url, "site": site, "title": title, "published": published, "language": language,
             "snippet": excerpt(body or title or "", terms, highlight), "score": 0.0}
        )  # fmt: skip
    return results


def excerpt(text: str, terms: list[str], highlight: tuple[str, str]) -> str:
    """About SNIPPET_CHARS characters of `text` around the first term found, every term highlighted."""
    hits = [text.find(term) for term in terms if term in text]
    start = max(0, min(hits, default=0) - SNIPPET_CHARS // 3)
    pattern = "|".join(re.escape(term) for term in sorted(set(terms), key=len, reverse=True))
    window = re.sub(pattern, lambda m: f"{highlight[0]}{m.group(0)}{highlight[1]}", text[start : start + SNIPPET_CHARS])
    return ("…" if start else "") + window + ("…" if start + SNIPPET_CHARS < len(text) else "")

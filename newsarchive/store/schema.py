"""Numbered schema migrations of archive.db; opening an older archive upgrades it in place."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable

from ..clock import stamp
from ..errors import ArchiveError
from .dedupe import PARAGRAPH_KEYS_FROM, band_keys

MIGRATION_1 = """
CREATE TABLE IF NOT EXISTS articles (
    url TEXT PRIMARY KEY,
    fetched_url TEXT,
    site TEXT,
    title TEXT,
    authors TEXT,
    published TEXT,
    published_raw TEXT,
    modified TEXT,
    language TEXT,
    description TEXT,
    body TEXT,
    tags TEXT,
    word_count INTEGER,
    content_hash TEXT,
    simhash TEXT,
    duplicate_of TEXT,
    first_seen TEXT,
    last_seen TEXT,
    revision INTEGER,
    error TEXT
);
CREATE INDEX IF NOT EXISTS idx_articles_site ON articles (site);
CREATE INDEX IF NOT EXISTS idx_articles_published ON articles (published);
CREATE INDEX IF NOT EXISTS idx_articles_content_hash ON articles (content_hash);

CREATE VIRTUAL TABLE IF NOT EXISTS [articles_fts] USING FTS5 (
    [title], [body],
    tokenize='unicode61 remove_diacritics 2',
    content=[articles]
);
CREATE TRIGGER IF NOT EXISTS [articles_ai] AFTER INSERT ON [articles] BEGIN
  INSERT INTO [articles_fts] (rowid, [title], [body]) VALUES (new.rowid, new.[title], new.[body]);
END;
CREATE TRIGGER IF NOT EXISTS [articles_ad] AFTER DELETE ON [articles] BEGIN
  INSERT INTO [articles_fts] ([articles_fts], rowid, [title], [body])
    VALUES ('delete', old.rowid, old.[title], old.[body]);
END;
CREATE TRIGGER IF NOT EXISTS [articles_au] AFTER UPDATE OF [title], [body] ON [articles] BEGIN
  INSERT INTO [articles_fts] ([articles_fts], rowid, [title], [body])
    VALUES ('delete', old.rowid, old.[title], old.[body]);
  INSERT INTO [articles_fts] (rowid, [title], [body]) VALUES (new.rowid, new.[title], new.[body]);
END;

CREATE TABLE IF NOT EXISTS near_keys (
    key INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (key, article)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idx_near_keys_article ON near_keys (article);

CREATE TABLE IF NOT EXISTS revisions (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    revision INTEGER NOT NULL,
    title TEXT,
    body TEXT,
    description TEXT,
    authors TEXT,
    published TEXT,
    modified TEXT,
    word_count INTEGER,
    content_hash TEXT,
    simhash TEXT,
    seen_from TEXT,
    seen_until TEXT,
    replaced_at TEXT NOT NULL,
    UNIQUE (url, revision)
);

CREATE TABLE IF NOT EXISTS links (
    article_url TEXT NOT NULL,
    position INTEGER NOT NULL,
    url TEXT NOT NULL,
    text TEXT,
    kind TEXT,
    PRIMARY KEY (article_url, position)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idx_links_url ON links (url);

CREATE TABLE IF NOT EXISTS snapshots (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    status INTEGER,
    content_type TEXT,
    encoding TEXT NOT NULL,
    size INTEGER NOT NULL,
    digest TEXT NOT NULL,
    body BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_snapshots_url ON snapshots (url, fetched_at);

CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    site TEXT,
    kind TEXT,
    state TEXT,
    depth INTEGER,
    source TEXT,
    discovered_at TEXT,
    due_at TEXT,
    lease_until TEXT,
    etag TEXT,
    last_modified TEXT,
    last_status INTEGER,
    last_fetched TEXT,
    fetch_count INTEGER DEFAULT 0,
    checks INTEGER DEFAULT 0,
    failures INTEGER DEFAULT 0,
    last_error TEXT,
    article_url TEXT
);
CREATE INDEX IF NOT EXISTS idx_urls_state_due ON urls (state, due_at);
CREATE INDEX IF NOT EXISTS idx_urls_site ON urls (site);

CREATE TABLE IF NOT EXISTS crawls (
    id INTEGER PRIMARY KEY,
    started TEXT,
    finished TEXT,
    status TEXT,
    args TEXT,
    pages INTEGER,
    articles_new INTEGER,
    articles_updated INTEGER,
    articles_unchanged INTEGER,
    duplicates INTEGER,
    errors INTEGER,
    counts TEXT
);
"""

Migration = Callable[[sqlite3.Connection], None]


def _script(sql: str) -> Migration:
    def apply(conn: sqlite3.Connection) -> None:
        for statement in _statements(sql):
            conn.execute(statement)

    return apply


def _statements(sql: str) -> list[str]:
    """Split a migration script into complete statements (triggers hold inner semicolons)."""
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete statement in migration: {buffer.strip()[:60]}")
    return statements


MIGRATION_2 = """
ALTER TABLE snapshots ADD COLUMN fetched_url TEXT;
"""

MIGRATION_3 = """
CREATE INDEX IF NOT EXISTS idx_articles_duplicate_of ON articles (duplicate_of);
"""

FOLDED_MARKS = tuple(chr(c) for c in range(0x064B, 0x0653)) + ("\u0670", "\u0640")
"""Arabic-script harakat, superscript alef and tatweel: left out of the search index, as queries rarely carry them."""
SPACELESS_LANGUAGES = ("zh", "ja", "ko", "th")
SPACELESS_CHARS = "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f\uf900-\ufaff]"
"""Kana, CJK ideographs, Hangul and Thai: scripts whose words are not separated by spaces (trigram-indexed)."""


_FOLD = str.maketrans("", "", "".join(FOLDED_MARKS))
_SPACELESS = re.compile(SPACELESS_CHARS)


def folded(text: str | None) -> str | None:
    """Text as the word index holds it (the Python twin of the SQL in the triggers)."""
    if not text or text.isascii() or not any(mark in text for mark in FOLDED_MARKS):  # scans far cheaper than translate
        return text
    return text.translate(_FOLD)


def is_spaceless(language: str | None, title: str | None, body: str | None) -> bool:
    """Whether an article goes into the trigram index (the Python twin of the triggers' condition)."""
    return language in SPACELESS_LANGUAGES or any(
        _SPACELESS.search(text) for text in (title, body) if text and not text.isascii()
    )


def _folded(expr: str) -> str:
    for mark in FOLDED_MARKS:
        expr = f"replace({expr}, char({ord(mark)}), '')"
    return expr


def _spaceless(row: str) -> str:
    languages = ", ".join(f"'{code}'" for code in SPACELESS_LANGUAGES)
    return (
        f"({row}.language IN ({languages}) OR {row}.title GLOB '*{SPACELESS_CHARS}*' "
        f"OR {row}.body GLOB '*{SPACELESS_CHARS}*')"
    )


# Word index: marks count as letters (Devanagari, Urdu), Arabic harakat are folded away at index time.
# Trigram index: articles in scripts without spaces; content='articles' in quotes so that Datasette and
# sqlite-utils, which look for content=[articles] or content="articles", keep finding articles_fts.
MIGRATION_4 = f"""
DROP TRIGGER IF EXISTS [articles_ai];
DROP TRIGGER IF EXISTS [articles_ad];
DROP TRIGGER IF EXISTS [articles_au];
DROP TABLE IF EXISTS [articles_fts];
CREATE VIRTUAL TABLE [articles_fts] USING FTS5 (
    [title], [body],
    tokenize="unicode61 remove_diacritics 2 categories 'L* N* Co M*'",
    content=[articles]
);
CREATE TRIGGER [articles_ai] AFTER INSERT ON [articles] BEGIN
  INSERT INTO [articles_fts] (rowid, [title], [body]) VALUES (new.rowid, {_folded("new.[title]")}, {_folded("new.[body]")});
END;
CREATE TRIGGER [articles_ad] AFTER DELETE ON [articles] BEGIN
  INSERT INTO [articles_fts] ([articles_fts], rowid, [title], [body])
    VALUES ('delete', old.rowid, {_folded("old.[title]")}, {_folded("old.[body]")});
END;
CREATE TRIGGER [articles_au] AFTER UPDATE OF [title], [body] ON [articles] BEGIN
  INSERT INTO [articles_fts] ([articles_fts], rowid, [title], [body])
    VALUES ('delete', old.rowid, {_folded("old.[title]")}, {_folded("old.[body]")});
  INSERT INTO [articles_fts] (rowid, [title], [body]) VALUES (new.rowid, {_folded("new.[title]")}, {_folded("new.[body]")});
END;
INSERT INTO [articles_fts] (rowid, [title], [body])
  SELECT rowid, {_folded("[title]")}, {_folded("[body]")} FROM [articles];

CREATE VIRTUAL TABLE articles_trigram USING FTS5 (title, body, tokenize='trigram', content='articles');
CREATE TRIGGER articles_trigram_ai AFTER INSERT ON articles BEGIN
  INSERT INTO articles_trigram (rowid, title, body) SELECT new.rowid, new.title, new.body WHERE {_spaceless("new")};
END;
CREATE TRIGGER articles_trigram_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_trigram (articles_trigram, rowid, title, body)
    SELECT 'delete', old.rowid, old.title, old.body WHERE {_spaceless("old")};
END;
CREATE TRIGGER articles_trigram_au AFTER UPDATE OF title, body, language ON articles BEGIN
  INSERT INTO articles_trigram (articles_trigram, rowid, title, body)
    SELECT 'delete', old.rowid, old.title, old.body WHERE {_spaceless("old")};
  INSERT INTO articles_trigram (rowid, title, body) SELECT new.rowid, new.title, new.body WHERE {_spaceless("new")};
END;
INSERT INTO articles_trigram (rowid, title, body)
  SELECT rowid, title, body FROM articles WHERE {_spaceless("articles")};
"""

# Inserting through triggers makes FTS5 flush its pending terms at every statement (a savepoint each):
# newsarchive indexes new rows itself (Archive._insert_row), about 3x faster; updates and deletes, rare,
# keep their triggers so that any tool deleting or editing rows keeps the indexes right.
MIGRATION_5 = """
DROP TRIGGER IF EXISTS [articles_ai];
DROP TRIGGER IF EXISTS articles_trigram_ai;
"""

# `stats` per site (count, first and last publication date) from one covering index; errors from a partial one.
MIGRATION_6 = """
CREATE INDEX IF NOT EXISTS idx_articles_site_published ON articles (site, published);
DROP INDEX IF EXISTS idx_articles_site;
CREATE INDEX IF NOT EXISTS idx_articles_errors ON articles (url) WHERE error IS NOT NULL;
"""

# Bulk writes touched a page of every table keyed by something random (a URL, a hash) for each article of a
# commit, and wrote it to the log. Links are now keyed by their article's rowid (new articles append) behind a
# `links` view with the old columns, and only report links are indexed by URL. Near-duplicate lookups read a
# narrow row per candidate (fingerprints and keys) instead of the article row, whose body spans overflow pages;
# the keys listed there replace the index of near_keys by article. Deleting an article deletes both.
MIGRATION_7 = """
CREATE TABLE article_links (
    article INTEGER NOT NULL,
    position INTEGER NOT NULL,
    url TEXT NOT NULL,
    text TEXT,
    kind TEXT,
    PRIMARY KEY (article, position)
) WITHOUT ROWID;
INSERT INTO article_links (article, position, url, text, kind)
  SELECT a.rowid, l.position, l.url, l.text, l.kind FROM links AS l JOIN articles AS a ON a.url = l.article_url;
DROP TABLE links;
CREATE INDEX idx_article_links_reports ON article_links (url) WHERE kind = 'report';
CREATE VIEW links (article_url, position, url, text, kind) AS
  SELECT a.url, l.position, l.url, l.text, l.kind FROM article_links AS l JOIN articles AS a ON a.rowid = l.article;

CREATE TABLE near_sketches (
    article INTEGER PRIMARY KEY,
    simhash TEXT,
    word_count INTEGER,
    keys TEXT NOT NULL
);
DELETE FROM near_keys WHERE article NOT IN (SELECT rowid FROM articles);
INSERT INTO near_sketches (article, simhash, word_count, keys)
  SELECT k.article, a.simhash, a.word_count, json_group_array(k.key)
  FROM near_keys AS k JOIN articles AS a ON a.rowid = k.article GROUP BY k.article;
DROP INDEX idx_near_keys_article;

CREATE TRIGGER articles_side_ad AFTER DELETE ON articles BEGIN
  DELETE FROM article_links WHERE article = old.rowid;
  DELETE FROM near_keys WHERE article = old.rowid
    AND key IN (SELECT value FROM json_each((SELECT keys FROM near_sketches WHERE article = old.rowid)));
  DELETE FROM near_sketches WHERE article = old.rowid;
END;
"""

# Band keys become the SimHash rotated to start with their band (dedupe.band_keys): rewritten from each sketch's
# SimHash. New keys gather in near_keys_recent before they move into near_keys (Archive._index_near_keys).
MIGRATION_8 = """
CREATE TABLE near_keys_recent (
    key INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (key, article)
) WITHOUT ROWID;
DROP TRIGGER articles_side_ad;
CREATE TRIGGER articles_side_ad AFTER DELETE ON articles BEGIN
  DELETE FROM article_links WHERE article = old.rowid;
  DELETE FROM near_keys WHERE article = old.rowid
    AND key IN (SELECT value FROM json_each((SELECT keys FROM near_sketches WHERE article = old.rowid)));
  DELETE FROM near_keys_recent WHERE article = old.rowid
    AND key IN (SELECT value FROM json_each((SELECT keys FROM near_sketches WHERE article = old.rowid)));
  DELETE FROM near_sketches WHERE article = old.rowid;
END;
"""


def _rotated_band_keys(conn: sqlite3.Connection) -> None:
    _script(MIGRATION_8)(conn)
    conn.execute("DELETE FROM near_keys WHERE key >= 0 AND key < ?", (PARAGRAPH_KEYS_FROM,))
    rows, sketches = [], []
    for article, simhash, listed in conn.execute("SELECT article, simhash, keys FROM near_sketches").fetchall():
        paragraphs = [key for key in json.loads(listed) if key >= PARAGRAPH_KEYS_FROM]
        bands = band_keys(simhash) if simhash else []
        rows += ((key, article) for key in bands)
        sketches.append((json.dumps(bands + paragraphs), article))
    conn.executemany("INSERT OR IGNORE INTO near_keys VALUES (?, ?)", sorted(rows))
    conn.executemany("UPDATE near_sketches SET keys = ? WHERE article = ?", sketches)


# Search filters (--site, --since, --until, --lang) read every column they test from one covering index instead
# of each match's article row; its leading (site, published) still answers `stats` per site.
MIGRATION_9 = """
CREATE INDEX IF NOT EXISTS idx_articles_filters ON articles (site, published, language, first_seen);
DROP INDEX IF EXISTS idx_articles_site_published;
"""


MIGRATIONS: tuple[tuple[int, str, Migration], ...] = (
    (1, "articles, revisions, links, snapshots, urls, crawls, FTS", _script(MIGRATION_1)),
    (2, "snapshots remember the URL they were fetched from", _script(MIGRATION_2)),
    (3, "index duplicate_of, to regroup copies when an earlier one arrives", _script(MIGRATION_3)),
    (4, "search in every script: marks in words, Arabic harakat folded, trigram index for CJK and Thai", _script(MIGRATION_4)),
    (5, "new articles are indexed by newsarchive, not by insert triggers", _script(MIGRATION_5)),
    (6, "indexes for stats: (site, published) and articles with errors", _script(MIGRATION_6)),
    (7, "links keyed by article rowid behind a links view; narrow near-duplicate sketches", _script(MIGRATION_7)),
    (8, "band keys are rotated SimHashes; new near keys gather in near_keys_recent", _rotated_band_keys),
    (9, "search filters from one covering index: (site, published, language, first_seen)", _script(MIGRATION_9)),
)
LATEST = MIGRATIONS[-1][0]


def schema_version(conn: sqlite3.Connection) -> int:
    """The highest migration applied to this database (0 for an empty file)."""
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").fetchone()
    if not exists:
        return 0
    return conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply every pending migration, each in its own transaction; returns the versions applied."""
    current = schema_version(conn)
    if current > LATEST:
        raise ArchiveError(f"archive schema version {current} is newer than this newsarchive knows ({LATEST}); upgrade newsarchive")
    applied = []
    for version, name, apply in MIGRATIONS:
        if version <= current:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(conn) >= version:  # another process migrated meanwhile
                conn.execute("COMMIT")
                continue
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)"
            )
            apply(conn)
            conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, stamp()))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied

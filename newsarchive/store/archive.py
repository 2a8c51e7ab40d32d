"""The Archive: one SQLite file holding articles, revisions, links, raw snapshots, the frontier and crawl runs."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

import sqlite_utils

from ..clock import stamp
from ..errors import ArchiveError
from ..fingerprint import content_hash, simhash, words
from ..models import Article, Link
from . import dedupe, search as fts, snapshots
from .checkpoint import Checkpointer
from .filters import article_conditions
from .schema import folded, is_spaceless, migrate

ARTICLE_COLUMNS = (
    "url", "fetched_url", "site", "title", "authors", "published", "published_raw", "modified", "language",
    "description", "body", "tags", "word_count", "content_hash", "simhash", "duplicate_of", "first_seen",
    "last_seen", "revision", "error",
)  # fmt: skip
_JSON_COLUMNS = ("authors", "tags")
# Fields a re-fetch may correct without making a new revision (only title and body changes do).
_METADATA_COLUMNS = (
    "fetched_url", "site", "authors", "published", "published_raw", "modified", "language", "description",
    "tags", "word_count", "content_hash", "simhash", "error",
)  # fmt: skip
_LINKS_JSON = (
    "(SELECT json_group_array(json_array(url, text, kind)) FROM "
    "(SELECT url, text, kind FROM article_links WHERE article = a.rowid ORDER BY position))"
)
BATCH = 500
"""Articles that upsert_articles and import_articles take at a time: rows one by one, links, snapshots and index
entries in bulk."""
BULK_CACHE_MB = 256
"""Page cache of a connection once it writes in bulk, so that the indexes every insert touches at random (URLs,
content hashes, near keys, links) stay in memory instead of being read back from the file."""
BULK_CHECKPOINT_PAGES = 16384
"""Write-ahead log size (pages) at which a connection that writes in bulk copies it into the database itself: a
bound for when its background checkpointer (checkpoint.Checkpointer) falls behind or is kept out by a reader."""
NEAR_RECENT_KEYS = 40_000
"""Near keys (about 8 an article) that near_keys_recent gathers before they move into near_keys. Keys are hashes,
so each commit that added them to near_keys itself would rewrite a page of that large table for nearly every key;
the small table takes them instead, and a page of near_keys is rewritten once per move."""
NEAR_KEY_TABLES = ("near_keys", "near_keys_recent")
CRAWL_COUNTS = ("pages", "articles_new", "articles_updated", "articles_unchanged", "duplicates", "errors")


def connect(path: Path, *, create: bool) -> sqlite3.Connection:
    """Open (or create) the archive file in WAL mode with a 30 s busy timeout; one clear error if impossible."""
    if path.is_dir():
        raise ArchiveError(f"{path}: is a directory, not an archive file")
    if not create and not path.exists():
        raise ArchiveError(f"{path}: no such archive (run a crawl first, or pass --db)")
    conn = None
    try:
        conn = sqlite3.connect(str(path), timeout=30.0, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA foreign_keys = ON")
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise ArchiveError(f"{path}: {exc}") from None
    return conn


class Archive:
    """Article storage with revisions, duplicate detection and full-text search; the crawler's only store."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        self.conn = connect(self.path, create=create)
        self.db = sqlite_utils.Database(self.conn)
        self._depth = 0
        self._checkpointer: Checkpointer | None = None
        self._recent_keys: int | None = None
        """Rows in near_keys_recent as this connection counts them (None until it first adds some)."""

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        if self._checkpointer is not None:
            self._checkpointer.close()
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[Archive]:
        """BEGIN IMMEDIATE ... COMMIT, ROLLBACK on exception; a no-op when already inside one."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        try:
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise ArchiveError(f"{self.path}: cannot commit ({exc})") from None
        if self._checkpointer is not None:
            self._checkpointer.nudge()

    # -- writes ---------------------------------------------------------------------------------------------

    def upsert_article(
        self,
        article: Article,
        *,
        raw: bytes | None = None,
        content_type: str | None = None,
        status: int = 200,
        fetched_at: str | None = None,
        revise: bool = True,
    ) -> str:
        """Store one fetched article; returns "new", "updated" or "unchanged".

        One row per canonical URL (article.url). A changed title or body moves the previous version to
        `revisions` (unless `revise` is False, as for a re-extraction, which corrects the row in place).
        Other fields are corrected in place. Links are replaced; raw bytes are kept compressed unless
        identical to the last snapshot. Runs inside the caller's transaction, or its own. The archive fields
        of the given object (duplicate_of, first_seen, last_seen, revision, fingerprints) are filled in.
        """
        with self.transaction():
            [outcome] = self._upsert_batch(
                [(article, raw)], content_type=content_type, status=status, now=fetched_at or stamp(), revise=revise
            )
        return outcome

    def upsert_articles(
        self,
        pages: Iterable[Article | tuple[Article, bytes | None]],
        *,
        content_type: str | None = None,
        status: int = 200,
        fetched_at: str | None = None,
        revise: bool = True,
    ) -> dict[str, int]:
        """upsert_article for many articles, in order and in one transaction; returns counts of each outcome.

        `pages` yields articles, or (article, raw response bytes) pairs. Each article gets exactly what its
        own upsert_article call would give it (later ones see the earlier ones as copies or revisions), but
        links, snapshots and search-index entries are written in bulk, BATCH articles at a time, and the
        snapshots are compressed in a background thread meanwhile. The connection keeps a larger page cache
        from then on (BULK_CACHE_MB).
        """
        now = fetched_at or stamp()
        counts = dict.fromkeys(("new", "updated", "unchanged"), 0)
        self._writing_in_bulk()
        with self.transaction():
            for batch in _batches(pages):
                for outcome in self._upsert_batch(batch, content_type=content_type, status=status, now=now, revise=revise):
                    counts[outcome] += 1
        return counts

    def import_article(self, article: Article) -> str:
        """Store an exported record as it is (archive fields included); returns "new" or "updated"."""
        with self.transaction():
            [outcome] = self._import_batch([article])
        return outcome

    def import_articles(self, articles: Iterable[Article]) -> dict[str, int]:
        """Import exported records in one transaction (all or nothing); returns counts of new and updated."""
        counts = {"new": 0, "updated": 0}
        self._writing_in_bulk()
        with self.transaction():
            for batch in _batches(articles):
                for outcome in self._import_batch([article for article, _ in batch]):
                    counts[outcome] += 1
        return counts

    def _writing_in_bulk(self) -> None:
        """Give this connection the page cache of bulk writes and a background checkpointer (once; they stay)."""
        if self._checkpointer is None:
            self.conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_MB * 1024}")
            self.conn.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")
            self._checkpointer = Checkpointer(self.path)

    def _upsert_batch(
        self, pages: list[tuple[Article, bytes | None]], *, content_type: str | None, status: int, now: str, revise: bool
    ) -> list[str]:
        """upsert_article for each page in turn, inside the caller's transaction."""
        articles = [fingerprinted(given) for given, _ in pages]
        known = self._known({article.url for article in articles})
        digests = [None if raw is None else snapshots.digest(raw) for _, raw in pages]
        changed = [i for i, article in enumerate(articles) if digests[i] and digests[i] != known[article.url].digest]
        writes = _Writes(snapshots.compress_all([pages[i][1] for i in changed]), changed)
        outcomes, touched = [], set()
        for i, ((given, raw), article) in enumerate(zip(pages, articles)):
            url = article.url
            if url in touched:  # a second version in this batch: the first must be written out in full
                self._flush(writes)
                known.update(self._known({url}))
            touched.add(url)
            old = known[url].row
            if old is None:
                outcome, first_seen, last_seen, revision = "new", now, now, 1
                rowid, duplicate_of = self._insert(article, now, writes)
            elif old[1] != article.title or old[2] != article.body:
                rowid = old[0]
                outcome, duplicate_of, revision = "updated", *self._revise(article, old, now, keep_history=revise)
                first_seen, last_seen = old[10], max(now, old[11] or now)
            else:
                rowid, values = old[0], _row_values(article)
                first_seen, last_seen, revision, duplicate_of = old[10], max(now, old[11] or now), old[12], old[13]
                self.conn.execute(
                    f"UPDATE articles SET {', '.join(f'{c} = ?' for c in _METADATA_COLUMNS)}, last_seen = ? WHERE rowid = ?",
                    (*(values[c] for c in _METADATA_COLUMNS), last_seen, rowid),
                )
                if (old[7], old[9]) != (article.word_count, article.simhash):  # fingerprints computed anew
                    self._index_near_keys(rowid, article, dedupe.article_keys(article), fresh=False)
                outcome = "unchanged"
            if known[url].linked:
                writes.unlinked.append(rowid)
            writes.links += ((rowid, position, link.url, link.text, link.kind) for position, link in enumerate(article.links))
            if digests[i] and digests[i] != known[url].digest:
                writes.snapshots.append(
                    (i, raw, (url, article.fetched_url, now, status, content_type, snapshots.ENCODING, len(raw), digests[i]))
                )
            given.duplicate_of, given.first_seen, given.last_seen, given.revision = duplicate_of, first_seen, last_seen, revision
            given.word_count, given.content_hash, given.simhash = article.word_count, article.content_hash, article.simhash
            outcomes.append(outcome)
        self._flush(writes)
        return outcomes

    def _import_batch(self, articles: list[Article]) -> list[str]:
        """import_article for each record in turn, inside the caller's transaction."""
        articles = [fingerprinted(article) for article in articles]
        known = self._known({article.url for article in articles})
        writes = _Writes(snapshots.compress_all([]), [])
        outcomes, touched = [], set()
        for article in articles:
            if article.url in touched:
                self._flush(writes)
                known.update(self._known({article.url}))
            touched.add(article.url)
            values = _row_values(article)
            values["revision"] = article.revision or 1
            values["first_seen"] = article.first_seen or stamp()
            values["last_seen"] = article.last_seen or values["first_seen"]
            old = known[article.url].row
            if old is None:
                rowid = self._insert_row(values, writes)
            else:
                rowid = old[0]
                self.conn.execute(
                    f"UPDATE articles SET {', '.join(f'{c} = ?' for c in ARTICLE_COLUMNS[1:])} WHERE rowid = ?",
                    (*(values[c] for c in ARTICLE_COLUMNS[1:]), rowid),
                )
            self._index_near_keys(rowid, article, dedupe.article_keys(article), fresh=old is None)
            if known[article.url].linked:
                writes.unlinked.append(rowid)
            writes.links += ((rowid, n, link.url, link.text, link.kind) for n, link in enumerate(article.links))
            outcomes.append("new" if old is None else "updated")
        self._flush(writes)
        return outcomes

    def _known(self, urls: set[str]) -> dict[str, _Known]:
        """What the archive holds for each URL: its row, the digest of its last snapshot, whether it has links."""
        return {
            url: _Known(row if row[0] is not None else None, digest, bool(linked))
            for url, *row, digest, linked in self.conn.execute(
                "SELECT v.value, a.rowid, a.title, a.body, a.description, a.authors, a.published, a.modified, "
                "a.word_count, a.content_hash, a.simhash, a.first_seen, a.last_seen, a.revision, a.duplicate_of, "
                "(SELECT digest FROM snapshots WHERE url = v.value ORDER BY fetched_at DESC, id DESC LIMIT 1), "
                "EXISTS (SELECT 1 FROM article_links WHERE article = a.rowid) "
                "FROM json_each(?) AS v LEFT JOIN articles AS a ON a.url = v.value",
                (json.dumps(sorted(urls), ensure_ascii=False),),
            )
        }

    def _flush(self, writes: _Writes) -> None:
        """Write out what a batch queued: links, snapshots and search-index entries, one statement each."""
        self.conn.executemany("DELETE FROM article_links WHERE article = ?", ((rowid,) for rowid in writes.unlinked))
        self.conn.executemany(
            "INSERT INTO article_links (article, position, url, text, kind) VALUES (?, ?, ?, ?, ?)", sorted(writes.links)
        )
        if writes.snapshots:
            blobs = dict(zip(writes.compressing, writes.compressed.result()))
            self.conn.executemany(
                "INSERT INTO snapshots (url, fetched_url, fetched_at, status, content_type, encoding, size, digest, "
                "body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((*row, blobs[i] if i in blobs else snapshots.compress(raw)) for i, raw, row in writes.snapshots),
            )
        self.conn.executemany("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)", writes.fts)
        self.conn.executemany("INSERT INTO articles_trigram (rowid, title, body) VALUES (?, ?, ?)", writes.trigram)
        writes.clear()

    def _insert(self, article: Article, now: str, writes: _Writes) -> tuple[int, str | None]:
        """Insert a new article and join its duplicate group; returns its rowid and duplicate_of."""
        values = _row_values(article)
        values.update(first_seen=now, last_seen=now, revision=1, duplicate_of=None)
        rowid = self._insert_row(values, writes)
        keys = dedupe.article_keys(article)
        self._index_near_keys(rowid, article, keys, fresh=True)
        return rowid, self._join_duplicate_group(article, rowid, keys)

    def _insert_row(self, values: dict[str, Any], writes: _Writes) -> int:
        """Insert an article row; its search-index entries are queued (updates and deletes are indexed by triggers)."""
        rowid = self.conn.execute(
            f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) VALUES ({', '.join('?' * len(ARTICLE_COLUMNS))})",
            tuple(values[c] for c in ARTICLE_COLUMNS),
        ).lastrowid
        title, body = values["title"], values["body"]
        writes.fts.append((rowid, folded(title), folded(body)))
        if is_spaceless(values["language"], title, body):
            writes.trigram.append((rowid, title, body))
        return rowid

    def _revise(self, article: Article, old: tuple, now: str, *, keep_history: bool) -> tuple[str | None, int]:
        """Replace the title and body of a stored article; returns its duplicate_of and revision number."""
        rowid, first_seen, revision = old[0], old[10], old[12] or 1
        if keep_history:
            self.conn.execute(
                "INSERT INTO revisions (url, revision, title, body, description, authors, published, modified, "
                "word_count, content_hash, simhash, seen_from, seen_until, replaced_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article.url, revision, *old[1:10], self._version_start(article.url, revision, first_seen), old[11], now),
            )
            revision += 1
        values = _row_values(article)
        values.update(revision=revision, duplicate_of=None)
        columns = [c for c in ARTICLE_COLUMNS if c not in ("url", "first_seen", "last_seen")]
        self.conn.execute(
            f"UPDATE articles SET {', '.join(f'{c} = ?' for c in columns)}, last_seen = ? WHERE rowid = ?",
            (*(values[c] for c in columns), max(now, old[11] or now), rowid),
        )
        keys = dedupe.article_keys(article)
        self._index_near_keys(rowid, article, keys, fresh=False)
        return self._join_duplicate_group(article, rowid, keys), revision

    def _version_start(self, url: str, revision: int, first_seen: str) -> str:
        """When version `revision` of an article first appeared: first_seen, or when it replaced the one before."""
        row = self.conn.execute(
            "SELECT replaced_at FROM revisions WHERE url = ? AND revision = ?", (url, revision - 1)
        ).fetchone()
        return row[0] if row else first_seen

    def _join_duplicate_group(self, article: Article, rowid: int, keys: list[int]) -> str | None:
        """Merge this article with its exact and near copies into one group pointing at the earliest; returns
        what this article now points at (None when it is the earliest or has no copy).

        The earliest is the first published (UTC), then the first stored: a syndicated copy crawled before
        the wire original still ends up pointing at the original.
        """
        roots = {duplicate_of or url for url, duplicate_of in self._copies_of(article, rowid, keys)} - {article.url}
        if not roots:
            return None
        members = self.conn.execute(
            f"SELECT url, published, first_seen, rowid FROM articles WHERE url IN ({', '.join('?' * (len(roots) + 1))})",
            (*roots, article.url),
        ).fetchall()
        root = min(members, key=lambda m: (dedupe.moment(m[1]) or m[2] or "", m[2] or "", m[3]))[0]
        group = sorted(roots | {article.url})
        marks = ", ".join("?" * len(group))
        self.conn.execute(
            f"UPDATE articles SET duplicate_of = ? WHERE (url IN ({marks}) OR duplicate_of IN ({marks})) AND url != ?",
            (root, *group, *group, root),
        )
        self.conn.execute("UPDATE articles SET duplicate_of = NULL WHERE url = ?", (root,))
        return None if root == article.url else root

    def _copies_of(self, article: Article, rowid: int, keys: list[int]) -> list[tuple[str, str | None]]:
        """(url, duplicate_of) of every other article with the same body or a near-duplicate one."""
        if not article.body.strip():
            return []
        copies = self.conn.execute(
            "SELECT url, duplicate_of FROM articles WHERE content_hash = ? AND url != ? LIMIT 50",
            (article.content_hash, article.url),
        ).fetchall()
        if keys:
            mine = [key for key in keys if key >= dedupe.PARAGRAPH_KEYS_FROM]
            ranges = dedupe.band_ranges(article.simhash) if len(mine) < len(keys) else []
            shared, close = set(), set()
            for key, other in self.conn.execute(
                _candidates_query(len(mine), len(ranges)),
                [value for _ in NEAR_KEY_TABLES for value in (*mine, *(end for pair in ranges for end in pair))],
            ):
                if key >= 0:
                    shared.add(other)
                # an article sharing no paragraph key is a copy only within NEAR_BITS, and most articles sharing a
                # band do so by chance: the rest of the band key tells them apart without reading their sketch
                elif dedupe.band_distance(key, article.simhash) <= dedupe.NEAR_BITS:
                    close.add(other)
            candidates = sorted((shared | close) - {rowid})[:200]
            sketches = self.conn.execute(
                "SELECT article, simhash, word_count, keys FROM near_sketches "
                f"WHERE article IN ({', '.join('?' * len(candidates))})",
                candidates,
            ).fetchall() if candidates else []  # fmt: skip
            near = [
                other
                for other, simhash, word_count, sketch in sketches
                if dedupe.is_near_duplicate(
                    article.simhash, article.word_count, simhash, word_count,
                    resemblance=dedupe.resemblance(mine, [k for k in json.loads(sketch) if k >= dedupe.PARAGRAPH_KEYS_FROM]),
                )  # fmt: skip
            ]
            if near:
                copies += self.conn.execute(
                    f"SELECT url, duplicate_of FROM articles WHERE rowid IN ({', '.join('?' * len(near))})", near
                ).fetchall()
        return copies

    def _index_near_keys(self, rowid: int, article: Article, keys: list[int], *, fresh: bool) -> None:
        """Replace the near keys and sketch of an article (`fresh`: it has none yet).

        New keys go to near_keys_recent, which moves into near_keys in one pass once it holds NEAR_RECENT_KEYS.
        """
        if not fresh:
            for table in NEAR_KEY_TABLES:
                self.conn.execute(
                    f"DELETE FROM {table} WHERE article = ? AND key IN "
                    "(SELECT value FROM json_each((SELECT keys FROM near_sketches WHERE article = ?)))",
                    (rowid, rowid),
                )
            self.conn.execute("DELETE FROM near_sketches WHERE article = ?", (rowid,))
        if not keys:
            return
        self.conn.execute(
            f"INSERT OR IGNORE INTO near_keys_recent VALUES {', '.join(['(?, ?)'] * len(keys))}",
            [value for key in keys for value in (key, rowid)],
        )
        self.conn.execute(
            "INSERT INTO near_sketches VALUES (?, ?, ?, ?)", (rowid, article.simhash, article.word_count, json.dumps(keys))
        )
        if self._recent_keys is None:
            self._recent_keys = self.conn.execute("SELECT COUNT(*) FROM near_keys_recent").fetchone()[0]
        else:
            self._recent_keys += len(keys)
        if self._recent_keys >= NEAR_RECENT_KEYS:
            self.conn.execute("INSERT OR IGNORE INTO near_keys SELECT key, article FROM near_keys_recent")
            self.conn.execute("DELETE FROM near_keys_recent")
            self._recent_keys = 0

    # -- reads ----------------------------------------------------------------------------------------------

    def get_article(self, url: str) -> Article | None:
        """The stored article with this canonical URL, or None."""
        row = self.conn.execute(
            f"SELECT {', '.join(f'a.{c}' for c in ARTICLE_COLUMNS)}, {_LINKS_JSON} FROM articles AS a WHERE a.url = ?",
            (url,),
        ).fetchone()
        return _article(row) if row else None

    def iter_articles(
        self,
        *,
        site: str | None = None,
        since: str | None = None,
        until: str | None = None,
        search: str | None = None,
        lang: str | None = None,
    ) -> Iterator[Article]:
        """Stream stored articles in storage order, filtered; constant memory."""
        where, params = self._where(site=site, since=since, until=until, search=search, lang=lang)
        cursor = self.conn.execute(
            f"SELECT {', '.join(f'a.{c}' for c in ARTICLE_COLUMNS)}, {_LINKS_JSON} FROM articles AS a {where} "
            "ORDER BY a.rowid",
            params,
        )
        try:
            for row in cursor:
                yield _article(row)
        finally:
            _close(cursor)

    def count_articles(self, **filters: str | None) -> int:
        """How many articles iter_articles(**filters) would yield."""
        where, params = self._where(**filters)
        return self.conn.execute(f"SELECT COUNT(*) FROM articles AS a {where}", params).fetchone()[0]

    def count_snapshots(self, **filters: str | None) -> int:
        """How many responses iter_snapshots(every=True, **filters) would yield."""
        where, params = self._where(**filters)
        return self.conn.execute(
            f"SELECT COUNT(*) FROM articles AS a JOIN snapshots AS s ON s.url = a.url {where}", params
        ).fetchone()[0]

    def _where(self, *, search: str | None = None, **filters: str | None) -> tuple[str, list[str]]:
        conditions, params = article_conditions(**filters)
        if search:
            matching, match_params = fts.match_condition(self.conn, search)
            conditions += matching
            params += match_params
        return (f"WHERE {' AND '.join(conditions)}" if conditions else ""), params

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        site: str | None = None,
        since: str | None = None,
        until: str | None = None,
        lang: str | None = None,
        highlight: tuple[str, str] = fts.HIGHLIGHT,
    ) -> list[dict[str, Any]]:
        """Full-text search, best first: dicts of url, site, title, published, language, snippet, score."""
        return fts.search(
            self.conn, query, limit=limit, site=site, since=since, until=until, lang=lang, highlight=highlight
        )

    def iter_snapshots(self, *, every: bool = False, **filters: str | None) -> Iterator[snapshots.Snapshot]:
        """The latest raw response of every article matching the iter_articles filters, decompressed; with `every`,
        each stored response of those articles (every capture, oldest first per article)."""
        where, params = self._where(**filters)
        latest = "(SELECT id FROM snapshots WHERE url = a.url ORDER BY fetched_at DESC, id DESC LIMIT 1)"
        cursor = self.conn.execute(
            "SELECT a.url, COALESCE(s.fetched_url, a.fetched_url, a.url), a.site, s.fetched_at, s.status, s.content_type, "
            f"s.encoding, s.body FROM articles AS a JOIN snapshots AS s ON {'s.url = a.url' if every else f's.id = {latest}'} "
            f"{where} ORDER BY a.rowid{', s.fetched_at, s.id' if every else ''}",
            params,
        )
        try:
            for url, fetched_url, site, fetched_at, status, content_type, encoding, blob in cursor:
                body = snapshots.decompress(blob, encoding)
                yield snapshots.Snapshot(url, fetched_url, site, fetched_at, status, content_type, body)
        finally:
            _close(cursor)

    def revisions(self, url: str) -> list[dict[str, Any]]:
        """Every version of an article, oldest first: revision, title, body, seen_from, seen_until, current."""
        article = self.conn.execute(
            "SELECT revision, title, body, first_seen, last_seen FROM articles WHERE url = ?", (url,)
        ).fetchone()
        if article is None:
            return []
        rows = self.conn.execute(
            "SELECT revision, title, body, seen_from, replaced_at FROM revisions WHERE url = ? ORDER BY revision",
            (url,),
        ).fetchall()
        versions = [
            {"revision": r, "title": t, "body": b, "seen_from": start, "replaced_at": end, "current": False}
            for r, t, b, start, end in rows
        ]
        revision, title, body, first_seen, last_seen = article
        start = versions[-1]["replaced_at"] if versions else first_seen
        versions.append(
            {"revision": revision, "title": title, "body": body, "seen_from": start, "replaced_at": None, "current": True}
        )
        return versions

    def stats(self) -> dict[str, Any]:
        """Archive summary: totals, per-site counts and date range, duplicates, revisions, last crawl."""
        one = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        duplicates = dict(
            self.conn.execute(
                "SELECT site, COUNT(*) FROM articles INDEXED BY idx_articles_duplicate_of "
                "WHERE duplicate_of IS NOT NULL GROUP BY site"
            )
        )
        sites = [
            {"site": site, "articles": n, "oldest": oldest, "newest": newest, "duplicates": duplicates.get(site, 0)}
            for site, n, oldest, newest in self.conn.execute(
                "SELECT site, COUNT(*), MIN(published), MAX(published) FROM articles GROUP BY site "
                "ORDER BY COUNT(*) DESC, site"
            )
        ]
        last = self.conn.execute(
            f"SELECT id, started, finished, status, {', '.join(CRAWL_COUNTS)} FROM crawls ORDER BY id DESC LIMIT 1"
        ).fetchone()
        names = ("id", "started", "finished", "status", *CRAWL_COUNTS)
        return {
            "articles": one("SELECT COUNT(*) FROM articles"),
            "oldest": one("SELECT MIN(published) FROM articles"),
            "newest": one("SELECT MAX(published) FROM articles"),
            "duplicates": one("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL"),
            "revisions": one("SELECT COUNT(*) FROM revisions"),
            "revised_articles": one("SELECT COUNT(DISTINCT url) FROM revisions"),
            "links": one("SELECT COUNT(*) FROM article_links"),
            "report_links": one("SELECT COUNT(*) FROM article_links WHERE kind = 'report'"),
            "snapshots": one("SELECT COUNT(*) FROM snapshots"),
            "errors": one("SELECT COUNT(*) FROM articles WHERE error IS NOT NULL"),
            "sites": sites,
            "crawls": one("SELECT COUNT(*) FROM crawls"),
            "last_crawl": dict(zip(names, last)) if last else None,
        }

    def site_totals(self, sites: list[str]) -> dict[str, int]:
        """Articles, duplicates, revised articles and report links of the given sites."""
        marks = ",".join("?" * len(sites))
        articles, duplicates, revised = self.conn.execute(
            f"SELECT COUNT(*), COUNT(duplicate_of), COALESCE(SUM(revision > 1), 0) FROM articles WHERE site IN ({marks})",
            sites,
        ).fetchone()
        (reports,) = self.conn.execute(
            f"SELECT COUNT(*) FROM article_links AS l JOIN articles AS a ON a.rowid = l.article "
            f"WHERE l.kind = 'report' AND a.site IN ({marks})",
            sites,
        ).fetchone()
        return {"articles": articles, "duplicates": duplicates, "revised": revised, "report_links": reports}

    # -- crawl runs -----------------------------------------------------------------------------------------

    def start_crawl(self, args: dict[str, Any]) -> int:
        """Record the start of a crawl run; returns its id."""
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT INTO crawls (started, status, args) VALUES (?, 'running', ?)",
                (stamp(), json.dumps(args, ensure_ascii=False, default=str)),
            )
        return cursor.lastrowid

    def finish_crawl(self, crawl_id: int, *, status: str, counts: dict[str, Any]) -> None:
        """Record how a crawl run ended; CRAWL_COUNTS keys fill their columns, `counts` keeps the whole dict."""
        with self.transaction():
            self.conn.execute(
                f"UPDATE crawls SET finished = ?, status = ?, {', '.join(f'{c} = ?' for c in CRAWL_COUNTS)}, "
                "counts = ? WHERE id = ?",
                (
                    stamp(),
                    status,
                    *(int(counts.get(c) or 0) for c in CRAWL_COUNTS),
                    json.dumps(counts, ensure_ascii=False, default=str),
                    crawl_id,
                ),
            )


def fingerprinted(article: Article) -> Article:
    """The article with word_count, content_hash and simhash filled in when the extractor left them out."""
    if article.word_count and article.content_hash and article.simhash and article.body is not None:
        return article
    body = article.body or ""
    return replace(
        article,
        body=body,
        word_count=article.word_count or len(words(body)),
        content_hash=article.content_hash or content_hash(body),
        simhash=article.simhash or simhash(body),
    )


@dataclass(frozen=True)
class _Known:
    """What the archive holds for one URL before a batch touches it."""

    row: tuple | None
    """(rowid, title, body, description, authors, published, modified, word_count, content_hash, simhash,
    first_seen, last_seen, revision, duplicate_of) of the stored article, or None."""
    digest: str | None
    """Digest of the article's latest snapshot."""
    linked: bool
    """Whether links are stored for the URL."""


@dataclass
class _Writes:
    """Writes a batch queues until Archive._flush: nothing in the batch reads them back before then."""

    compressed: Future[list[bytes]]
    """Compressed raw bytes of the batch's changed snapshots, computed in the background."""
    compressing: list[int]
    """Position in the batch of each article whose raw bytes are in `compressed`."""
    unlinked: list[str] = field(default_factory=list)
    links: list[tuple] = field(default_factory=list)
    snapshots: list[tuple[int, bytes, tuple]] = field(default_factory=list)
    fts: list[tuple] = field(default_factory=list)
    trigram: list[tuple] = field(default_factory=list)

    def clear(self) -> None:
        for queue in (self.unlinked, self.links, self.snapshots, self.fts, self.trigram):
            queue.clear()


@cache
def _candidates_query(paragraph_keys: int, bands: int) -> str:
    """SQL of the (key, article) rows of both near-key tables equal to one of `paragraph_keys` keys or within one
    of `bands` ranges (the parameters, given once per table)."""
    per_table = []
    for table in NEAR_KEY_TABLES:
        if paragraph_keys:
            per_table.append(f"SELECT key, article FROM {table} WHERE key IN ({', '.join('?' * paragraph_keys)})")
        per_table += [f"SELECT key, article FROM {table} WHERE key BETWEEN ? AND ?"] * bands
    return " UNION ALL ".join(per_table)


def _batches(pages: Iterable[Article | tuple[Article, bytes | None]]) -> Iterator[list[tuple[Article, bytes | None]]]:
    """(article, raw) pairs, BATCH at a time."""
    pairs = ((page, None) if isinstance(page, Article) else page for page in pages)
    while batch := list(islice(pairs, BATCH)):
        yield batch


def _close(cursor: sqlite3.Cursor) -> None:
    """Close a streaming cursor; one abandoned after its archive was closed is closed already."""
    with suppress(sqlite3.ProgrammingError):
        cursor.close()


def _row_values(article: Article) -> dict[str, Any]:
    values = {c: getattr(article, c) for c in ARTICLE_COLUMNS}
    for column in _JSON_COLUMNS:
        values[column] = json.dumps(values[column] or [], ensure_ascii=False)
    return values


def _article(row: tuple) -> Article:
    data = dict(zip(ARTICLE_COLUMNS, row))
    for column in _JSON_COLUMNS:
        data[column] = json.loads(data[column]) if data[column] else []
    data["body"] = data["body"] or ""
    data["links"] = [Link(url, text, kind) for url, text, kind in json.loads(row[-1] or "[]")]
    return Article(**data)

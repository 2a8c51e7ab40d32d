"""SQLite's own floor for bench/store.py: the same articles stored and indexed with executemany alone, no dedupe.

Each batch of 500 generated articles becomes its rows (article, search-index entries, links, compressed raw page)
before the clock starts; the timed part is one transaction of five executemany calls, in an archive with the
schema and bulk-write settings of `Archive.upsert_articles`. No duplicate lookups, no near-duplicate keys, no
revision checks and no Python per article while timed: what one SQLite writer needs to hold these articles.
"""

from __future__ import annotations

import json
import time
from itertools import islice
from pathlib import Path

from newsarchive.models import Article
from newsarchive.store import Archive
from newsarchive.store.archive import ARTICLE_COLUMNS, _row_values
from newsarchive.store.schema import folded, is_spaceless
from newsarchive.store.snapshots import ENCODING, compress, digest

BATCH = 500
STATEMENTS = (
    f"INSERT INTO articles (rowid, {', '.join(ARTICLE_COLUMNS)}) VALUES ({', '.join('?' * (len(ARTICLE_COLUMNS) + 1))})",
    "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
    "INSERT INTO articles_trigram (rowid, title, body) VALUES (?, ?, ?)",
    "INSERT INTO article_links (article, position, url, text, kind) VALUES (?, ?, ?, ?, ?)",
    "INSERT INTO snapshots (url, fetched_url, fetched_at, status, content_type, encoding, size, digest, body) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
)
NOW = "2026-01-01T00:00:00Z"


def rows(articles: list[Article], raws: list[bytes], first_rowid: int) -> tuple[list[tuple], ...]:
    """The rows of each table in STATEMENTS for these articles, as upsert_articles would store new ones."""
    articles_rows, fts, trigram, links, snapshots = [], [], [], [], []
    for rowid, (article, raw) in enumerate(zip(articles, raws), first_rowid):
        values = _row_values(article)  # the archive's own column values (authors and tags as JSON)
        values.update(first_seen=NOW, last_seen=NOW, revision=1, duplicate_of=None)
        articles_rows.append((rowid, *(values[c] for c in ARTICLE_COLUMNS)))
        fts.append((rowid, folded(article.title), folded(article.body)))
        if is_spaceless(article.language, article.title, article.body):
            trigram.append((rowid, article.title, article.body))
        links += ((rowid, n, link.url, link.text, link.kind) for n, link in enumerate(article.links))
        snapshots.append((article.url, article.fetched_url, NOW, 200, "text/html; charset=utf-8", ENCODING, len(raw),
                          digest(raw), compress(raw)))  # fmt: skip
    return articles_rows, fts, trigram, links, snapshots


def bare_ingest(db: Path, source: Path, raw_page) -> dict:
    """Store every article of the JSONL `source` (with `raw_page(article)` as its response) in a new archive at
    `db`, BATCH per transaction; only the transactions are timed."""
    timed, cpu, stored = 0.0, 0.0, 0
    with Archive(db) as archive, source.open(encoding="utf-8") as lines:
        archive.upsert_articles([])  # an empty call: the connection takes the page cache and checkpointer of bulk writes
        while articles := [Article.from_dict(json.loads(line)) for line in islice(lines, BATCH)]:
            tables = rows(articles, [raw_page(article) for article in articles], stored + 1)
            begin, begin_cpu = time.perf_counter(), time.process_time()
            with archive.transaction():
                for statement, table in zip(STATEMENTS, tables):
                    archive.conn.executemany(statement, table)
            timed += time.perf_counter() - begin
            cpu += time.process_time() - begin_cpu
            stored += len(articles)
    return {"articles": stored, "seconds": timed, "per_second": stored / timed, "per_cpu_second": stored / cpu}

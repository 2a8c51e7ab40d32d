"""Tests of numbered migrations: an archive written by schema 1 (kept as a fixture) opens upgraded, data intact."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from newsarchive.errors import ArchiveError
from newsarchive.models import Article
from newsarchive.store import Archive, dedupe
from newsarchive.store.schema import LATEST, MIGRATIONS, migrate, schema_version

SCHEMA_1 = Path(__file__).parent / "fixtures" / "store" / "archive-schema1.db"


@pytest.fixture
def old_archive(tmp_path) -> Path:
    path = tmp_path / "old.db"
    shutil.copyfile(SCHEMA_1, path)
    return path


def test_fixture_really_is_schema_1():
    conn = sqlite3.connect(f"file:{SCHEMA_1}?mode=ro", uri=True)
    assert schema_version(conn) == 1
    assert "fetched_url" not in {row[1] for row in conn.execute("PRAGMA table_info(snapshots)")}


def test_opening_upgrades_in_place_and_keeps_every_record(old_archive):
    with Archive(old_archive) as archive:
        assert schema_version(archive.conn) == LATEST == MIGRATIONS[-1][0]
        versions = [row[0] for row in archive.conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
        assert versions == list(range(1, LATEST + 1))
        assert archive.count_articles() == 4
        wire = archive.get_article("https://wire.example/port-strike")
        assert (wire.revision, wire.authors, wire.published, wire.first_seen) == (2, ["Ana Lima"], "2026-11-20T05:48:00Z", "2026-11-21T08:00:00Z")
        assert [link.kind for link in wire.links] == ["report"]
        assert archive.get_article("https://paper.example/ports").duplicate_of == wire.url
        assert [v["revision"] for v in archive.revisions(wire.url)] == [1, 2]
        stats = archive.stats()
        assert (stats["revisions"], stats["snapshots"], stats["last_crawl"]["status"]) == (1, 1, "finished")


@pytest.mark.parametrize(
    "query, url",
    [
        ("automation", "https://paper.example/ports"),
        ("محمد", "https://urdu.example/1"),  # indexed by schema 1 with the shadda; re-indexed folded
        ("集装箱", "https://cn.example/1"),  # trigram index built for existing rows
        ("罢工", "https://cn.example/1"),
    ],
)
def test_upgraded_archive_is_searchable_in_every_script(old_archive, query, url):
    with Archive(old_archive) as archive:
        assert url in [r["url"] for r in archive.search(query)]


def test_links_and_near_keys_move_to_their_rowid_keyed_tables(old_archive):
    with Archive(old_archive) as archive:
        rows = lambda sql: archive.conn.execute(sql).fetchall()  # noqa: E731
        assert rows("SELECT * FROM links") == [
            ("https://wire.example/port-strike", 0, "https://gov.example/report.pdf", "click this link", "report")
        ]
        assert rows("SELECT * FROM article_links") == [(1, 0, "https://gov.example/report.pdf", "click this link", "report")]
        sketches = rows("SELECT s.article, s.simhash = a.simhash, s.word_count = a.word_count, s.keys, s.simhash "
                        "FROM near_sketches AS s JOIN articles AS a ON a.rowid = s.article ORDER BY s.article")  # fmt: skip
        assert [row[:3] for row in sketches] == [(1, 1, 1), (2, 1, 1)]
        for rowid, *_, keys, simhash in sketches:
            listed = rows(f"SELECT key FROM near_keys WHERE article = {rowid} ORDER BY key")
            assert sorted(json.loads(keys)) == [key for (key,) in listed] and len(listed) == 7
            assert [key for key in json.loads(keys) if key < 0] == dedupe.band_keys(simhash)  # rotated (migration 8)
        assert rows(f"SELECT COUNT(*) FROM near_keys WHERE key >= 0 AND key < {dedupe.PARAGRAPH_KEYS_FROM}") == [(0,)]
        assert "idx_near_keys_article" not in {name for (name,) in rows("SELECT name FROM sqlite_master")}


def test_upgraded_archive_finds_copies_through_its_rewritten_band_keys(old_archive):
    with Archive(old_archive) as archive:
        wire = archive.get_article("https://wire.example/port-strike")
        touched = "\n\n".join(f"{paragraph} Updated." for paragraph in wire.body.split("\n\n"))  # no paragraph key shared
        copy = Article(url="https://late.example/1", fetched_url="https://late.example/1", title=wire.title, body=touched,
                       word_count=wire.word_count, content_hash="0" * 64, simhash=wire.simhash)  # fmt: skip
        archive.upsert_article(copy)
        assert copy.duplicate_of == wire.url


def test_upgraded_archive_filters_search_from_the_covering_index(old_archive):
    with Archive(old_archive) as archive:
        indexes = {name for (name,) in archive.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "idx_articles_filters" in indexes and "idx_articles_site_published" not in indexes
        assert [r["url"] for r in archive.search("automation", site="paper")] == ["https://paper.example/ports"]
        assert archive.search("automation", site="urdu") == []
        assert [s["site"] for s in archive.stats()["sites"]]


def test_old_snapshots_export_with_the_article_fetched_url(old_archive):
    with Archive(old_archive) as archive:
        [snap] = archive.iter_snapshots()
        assert snap.fetched_url == "https://wire.example/port-strike"  # the article's latest fetched_url
        assert snap.body.startswith(b"<html>")


def test_upgraded_archive_takes_new_writes(old_archive):
    with Archive(old_archive) as archive:
        archive.upsert_article(Article(url="https://cn.example/2", fetched_url="https://cn.example/2", title="台风",
                                       language="zh", body="台风登陆沿海地区，港口全部关闭。"), raw=b"<html></html>")  # fmt: skip
        assert [r["url"] for r in archive.search("港口全部")] == ["https://cn.example/2"]
        assert archive.conn.execute("SELECT fetched_url FROM snapshots WHERE url = 'https://cn.example/2'").fetchone() == (
            "https://cn.example/2",
        )
        for table in ("articles_fts", "articles_trigram"):
            archive.conn.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")


def test_migrating_twice_is_a_no_op(old_archive):
    Archive(old_archive).close()
    conn = sqlite3.connect(old_archive, isolation_level=None)
    assert migrate(conn) == []


def test_newer_archive_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "future.db"
    Archive(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', '2030-01-01T00:00:00Z')", (LATEST + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(ArchiveError, match="newer than this newsarchive"):
        Archive(path)


def test_failed_migration_rolls_back(tmp_path, monkeypatch):
    path = tmp_path / "a.db"
    def half_done(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half (x)")
        conn.execute("CREATE TABLE oops (")

    broken = (*MIGRATIONS, (LATEST + 1, "broken", half_done))
    monkeypatch.setattr("newsarchive.store.schema.MIGRATIONS", broken)
    monkeypatch.setattr("newsarchive.store.schema.LATEST", LATEST + 1)
    with pytest.raises(ArchiveError, match="incomplete input"):
        Archive(path)
    conn = sqlite3.connect(path)
    assert schema_version(conn) == LATEST
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name IN ('half', 'oops')").fetchone()

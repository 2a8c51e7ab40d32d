"""Tests of the bulk writes: upsert_articles and import_articles leave what one call per article leaves."""

from __future__ import annotations

import json

import pytest

from newsarchive.models import Article, Link
from newsarchive.store import Archive, archive as archive_module, dedupe
from test_store import WIRE as STORE_WIRE

WIRE = STORE_WIRE[:6]
FLOODS = [
    "Heavy rain flooded low-lying districts of the capital overnight, cutting power to thousands of homes and "
    "forcing the closure of two main roads into the city centre on Thursday morning.",
    "Emergency services said they had rescued more than 200 people from rooftops and stranded vehicles, and "
    "that shelters had been opened in schools and community halls across the region.",
    "The weather service warned that more storms were expected over the weekend and urged residents living "
    "near rivers to move valuables to higher floors and to follow evacuation orders.",
    "Farmers in the surrounding province said the floods had destroyed crops just weeks before the harvest, "
    "and called on the government to speed up compensation payments for the losses.",
]
CHINESE = [
    "周一，全国三大集装箱港口的码头工人开始罢工，船只装卸全面停止，数百辆卡车在码头大门外排起长队。",
    "代表约一万四千名港口员工的工会表示，在有关自动化和薪酬的谈判于周日深夜破裂后，罢工将持续至少七十二小时。",
    "航运公司警告说，停工可能会延误燃料、粮食和药品的交付，上午有数艘船只被转往沿海的较小港口。",
]
REPORT = Link("https://gov.example/report.pdf", "For the complete report, click this link", "report")


def article(url: str, paragraphs: list[str], title: str = "Port workers strike", **kw) -> Article:
    return Article(url=url, fetched_url=url + "?from=feed", site=url.split("/")[2], title=title,
                   body="\n\n".join(paragraphs), **kw)  # fmt: skip


def page(item: Article) -> bytes:
    return f"<html><title>{item.title}</title><body>{item.body}</body></html>".encode()


def pages() -> list[tuple[Article, bytes | None]]:
    """A crawl's worth of pages exercising every path: copies, re-pointing, revisions, repeats, links, scripts."""
    edited = WIRE[:3] + ["Local traders in the harbour district said business had already slowed as crowds thinned."] + WIRE[3:]
    first = article("https://wire.example/a", WIRE, published="2026-11-20T05:48:00Z", links=[REPORT])
    revised = article("https://wire.example/a", WIRE + ["Talks resumed on Tuesday evening at the ministry."],
                      title="Port strike enters second day", published="2026-11-20T05:48:00Z",
                      links=[Link("https://gov.example/new.pdf", "New report", "report")])  # fmt: skip
    items = [
        (article("https://paper.example/early-copy", WIRE, published="2026-11-20T07:00:00+01:00"), None),
        (first, page(first)),
        (article("https://daily.example/exact", WIRE, links=[REPORT, Link("https://daily.example/x", "More", "internal")]), None),
        (article("https://blog.example/edited", edited, title="Ports paralysed"), b"<html>edited</html>"),
        (article("https://news.example/floods", FLOODS, title="Floods cut power", tags=["weather"]), b"<html>floods</html>"),
        (first, page(first)),  # unchanged re-fetch in the same batch: no new snapshot
        (revised, page(revised)),  # revision in the same batch
        (article("https://cn.example/1", CHINESE, title="港口工人罢工", language="zh"), "<html>港口</html>".encode()),
        (article("https://short.example/1", ["Markets closed higher on Friday."]), None),
        (article("https://short.example/2", ["Markets closed higher on Friday."]), None),
        (article("https://empty.example/1", [], error="unparseable"), b""),
        (article("https://news.example/floods", FLOODS, title="Floods cut power", language="en"), b"<html>floods 2</html>"),
        (article("https://late.example/copy", FLOODS, title="Floods", published="2026-01-01"), None),  # earlier: re-points
    ]
    return items


def dump(archive: Archive) -> dict[str, list]:
    """Everything the archive holds, as comparable rows (rowids included: they key the search indexes)."""
    q = lambda sql: archive.conn.execute(sql).fetchall()  # noqa: E731
    return {
        "articles": q("SELECT rowid, * FROM articles ORDER BY rowid"),
        "revisions": q("SELECT * FROM revisions ORDER BY id"),
        "links": q("SELECT * FROM links ORDER BY article_url, position"),
        "snapshots": q("SELECT id, url, fetched_url, fetched_at, status, content_type, encoding, size, digest FROM snapshots ORDER BY id"),
        "near_keys": sorted(near_keys(archive), key=lambda row: (row[1], row[0])),
        "search": [sorted(r["url"] for r in archive.search(query)) for query in ("cranes", "ministry", "floods", "港口", "罢工")],
        "bodies": [s.body for s in archive.iter_snapshots()],
    }  # fmt: skip


def near_keys(archive: Archive) -> list[tuple[int, int]]:
    """(key, article) rows of both near-key tables."""
    return archive.conn.execute("SELECT key, article FROM near_keys UNION ALL SELECT key, article FROM near_keys_recent").fetchall()


def one_by_one(path, items) -> tuple[Archive, list[str]]:
    archive = Archive(path)
    with archive.transaction():
        outcomes = [archive.upsert_article(a, raw=raw, content_type="text/html", fetched_at="2026-11-21T10:00:00Z")
                    for a, raw in items]  # fmt: skip
    return archive, outcomes


@pytest.mark.parametrize("batch", [3, 4, 500], ids=["batch-3", "batch-4", "batch-500"])
def test_upsert_articles_leaves_what_one_upsert_per_article_leaves(tmp_path, monkeypatch, batch):
    monkeypatch.setattr(archive_module, "BATCH", batch)
    expected_items, got_items = pages(), pages()
    expected, outcomes = one_by_one(tmp_path / "one.db", expected_items)
    with expected, Archive(tmp_path / "bulk.db") as bulk:
        counts = bulk.upsert_articles(got_items, content_type="text/html", fetched_at="2026-11-21T10:00:00Z")
        assert counts == {o: outcomes.count(o) for o in ("new", "updated", "unchanged")}
        assert counts == {"new": 10, "updated": 1, "unchanged": 2}
        assert dump(bulk) == dump(expected)
        fields = lambda a: (a.duplicate_of, a.first_seen, a.last_seen, a.revision, a.word_count, a.simhash)  # noqa: E731
        assert [fields(a) for a, _ in got_items] == [fields(a) for a, _ in expected_items]
        for table in ("articles_fts", "articles_trigram"):
            bulk.conn.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
        assert not bulk.conn.in_transaction


def test_the_pages_exercise_copies_revisions_and_snapshots(tmp_path):
    archive, _ = one_by_one(tmp_path / "a.db", pages())
    with archive:
        get = archive.get_article
        assert (get("https://wire.example/a").revision, get("https://wire.example/a").duplicate_of) == (2, None)
        for copy in ("https://paper.example/early-copy", "https://daily.example/exact", "https://blog.example/edited"):
            assert get(copy).duplicate_of == "https://wire.example/a"  # published first, crawled second
        assert get("https://news.example/floods").duplicate_of == "https://late.example/copy"  # re-pointed
        assert get("https://short.example/2").duplicate_of == "https://short.example/1"
        urls = [url for (url,) in archive.conn.execute("SELECT url FROM snapshots ORDER BY id")]
        assert urls.count("https://wire.example/a") == 2 and urls.count("https://news.example/floods") == 2


def test_articles_without_raw_bytes_are_accepted_alone(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        assert archive.upsert_articles([article("https://wire.example/a", WIRE)]) == {"new": 1, "updated": 0, "unchanged": 0}
        assert archive.conn.execute("SELECT COUNT(*) FROM snapshots").fetchone()[0] == 0


def test_a_failure_midway_stores_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(archive_module, "BATCH", 2)

    def crawl():
        yield article("https://wire.example/a", WIRE), b"<html>a</html>"
        yield article("https://news.example/b", FLOODS), b"<html>b</html>"
        yield article("https://daily.example/c", WIRE), b"<html>c</html>"
        raise RuntimeError("crawler died")

    with Archive(tmp_path / "a.db") as archive:
        with pytest.raises(RuntimeError):
            archive.upsert_articles(crawl())
        for table in ("articles", "articles_fts", "links", "snapshots", "near_keys"):
            assert archive.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0, table
        assert not archive.conn.in_transaction


def test_a_new_row_taking_a_deleted_rowid_keeps_only_its_own_near_keys(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        archive.upsert_articles([article("https://wire.example/a", WIRE), article("https://news.example/b", FLOODS)])
        archive.conn.execute("DELETE FROM articles WHERE url = 'https://news.example/b'")  # rowid 2 is free again
        archive.upsert_articles([article("https://blog.example/c", CHINESE * 3, title="港口")])
        rowid, body, simhash = archive.conn.execute(
            "SELECT rowid, body, simhash FROM articles WHERE url = 'https://blog.example/c'"
        ).fetchone()
        keys = sorted(key for key, article in near_keys(archive) if article == rowid)
        assert rowid == 2 and keys == sorted(dedupe.near_keys(body, simhash))
        assert archive.get_article("https://blog.example/c").links == []  # not the deleted article's


def test_deleting_an_article_deletes_its_links_and_near_duplicate_keys(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        archive.upsert_articles([article("https://wire.example/a", WIRE, links=[REPORT]), article("https://news.example/b", FLOODS, links=[REPORT])])
        archive.conn.execute("DELETE FROM articles WHERE url = 'https://wire.example/a'")
        count = lambda sql: archive.conn.execute(sql).fetchone()[0]  # noqa: E731
        assert count("SELECT COUNT(*) FROM article_links WHERE article = 1") == 0
        assert [article for _, article in near_keys(archive) if article == 1] == []
        assert count("SELECT COUNT(*) FROM near_sketches WHERE article = 1") == 0
        assert archive.conn.execute("SELECT article_url, url FROM links").fetchall() == [("https://news.example/b", REPORT.url)]
        assert len(near_keys(archive)) == len(json.loads(count("SELECT keys FROM near_sketches WHERE article = 2")))


def test_near_sketches_follow_fingerprints_computed_anew_for_the_same_body(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        archive.upsert_articles([article("https://wire.example/a", WIRE)])
        archive.upsert_articles([article("https://wire.example/a", WIRE, simhash="0" * 16, word_count=7)])
        sketch = archive.conn.execute("SELECT simhash, word_count, keys FROM near_sketches").fetchone()
        keys = sorted(key for key, _ in near_keys(archive))
        assert sketch[:2] == ("0" * 16, 7) and sorted(json.loads(sketch[2])) == keys == sorted(dedupe.near_keys("\n\n".join(WIRE), "0" * 16))


def test_import_articles_leaves_what_one_import_per_record_leaves(tmp_path, monkeypatch):
    monkeypatch.setattr(archive_module, "BATCH", 3)
    source, _ = one_by_one(tmp_path / "source.db", pages())
    with source:
        records = list(source.iter_articles())
    records.insert(2, records[-1])  # a record twice: the second import updates the first
    with Archive(tmp_path / "one.db") as one, Archive(tmp_path / "bulk.db") as bulk:
        with one.transaction():
            outcomes = [one.import_article(record) for record in records]
        assert bulk.import_articles(records) == {"new": outcomes.count("new"), "updated": outcomes.count("updated")}
        assert outcomes.count("updated") == 1
        assert dump(bulk) == dump(one)
        bulk.conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")

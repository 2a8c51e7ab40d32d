"""Tests of the export writers: JSONL lines are json.dumps of each record, CSV cells, WARC members, filters, progress."""

from __future__ import annotations

import csv
import gzip
import io
import json
import sqlite3
import threading
import zlib

import pytest
from warcio.archiveiterator import ArchiveIterator

from newsarchive.models import Article, Link
from newsarchive.store import Archive, export
from newsarchive.store.export import RECORD_FIELDS, export_csv, export_jsonl, export_warc

EVERY_CHARACTER = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000) + "\U0001f600\U00010348\U0010ffff"
TRICKY = 'quote " backslash \\ tab\t newline\n return\r nul\x00 bell\x07 del\x7f \u2028\u2029\ufeff </script> %s %d %%'


def article(number: int, **fields) -> Article:
    url = f"https://site{number % 2}.example/news/{number}"
    return Article(**{"url": url, "fetched_url": url + "?ref=rss", "site": f"site{number % 2}", "title": f"Story {number}",
                      "published": f"2026-11-{10 + number:02d}", "language": "en", "body": f"Body of story {number}.",
                      **fields})  # fmt: skip


@pytest.fixture
def archive(tmp_path):
    with Archive(tmp_path / "archive.db") as archive:
        archive.upsert_article(
            article(1, title=TRICKY, authors=["Ana Lima", TRICKY], description=TRICKY, body=EVERY_CHARACTER,
                    links=[Link("https://gov.example/r.pdf", TRICKY, "report"), Link("https://b.example/", "b", "external")],
                    tags=[TRICKY, "Economy"], published_raw=TRICKY, modified="2026-11-12", error=TRICKY),  # fmt: skip
            raw=b"<html><body>one</body></html>",
            content_type="text/html",
            fetched_at="2026-11-21T08:00:00Z",
        )
        archive.upsert_article(article(2, language="ur", title="بندرگاہ پر ہڑتال", body="مزدوروں نے ہڑتال کر دی۔",
                                       description="a, b", published_raw="line\rbreak", error="nul\x00only", tags=["x\ny"]))  # fmt: skip
        archive.upsert_article(article(3, site=None, title=None, language=None, published=None, body=""))
        archive.upsert_article(article(4, body="Port strike enters its second day."), raw=b"<p>four</p>", status=404)
        yield archive


def jsonl(archive: Archive, **filters) -> bytes:
    out = io.BytesIO()
    count = export_jsonl(archive, out, **filters)
    assert count == out.getvalue().count(b"\n")
    return out.getvalue()


def reference_lines(archive: Archive, **filters) -> bytes:
    """What the export promises: json.dumps of every record, in storage order."""
    return b"".join(
        json.dumps(a.to_dict(), ensure_ascii=False).encode() + b"\n" for a in archive.iter_articles(**filters)
    )


def test_jsonl_lines_are_json_dumps_of_every_record(archive):
    assert jsonl(archive) == reference_lines(archive)
    first = json.loads(jsonl(archive).splitlines()[0])
    assert tuple(first) == RECORD_FIELDS and first["body"] == EVERY_CHARACTER and first["authors"][1] == TRICKY


@pytest.mark.parametrize("authors", ["Ana Lima", ["a", True, 2.5, None, ["x", "y"], {"k": "v"}], ["nul\x00", ""]])
def test_odd_imported_lists_come_out_as_they_went_in(archive, authors):
    archive.import_article(article(5, authors=authors, tags=authors))
    assert jsonl(archive) == reference_lines(archive)
    assert json.loads(jsonl(archive).splitlines()[-1])["authors"] == authors


def test_empty_or_null_lists_come_out_as_empty_lists(archive):
    archive.conn.execute("UPDATE articles SET authors = NULL, tags = '' WHERE url = ?", ("https://site0.example/news/2",))
    record = json.loads(jsonl(archive).splitlines()[1])
    assert (record["authors"], record["tags"]) == ([], [])
    assert jsonl(archive) == reference_lines(archive)


@pytest.mark.parametrize(
    "filters",
    [{"site": "site0"}, {"since": "2026-11-13"}, {"until": "2026-11-12"}, {"lang": "UR"}, {"search": "strike"},
     {"search": "ہڑتال"}, {"site": "site1", "search": "story"}, {"site": "nowhere"}],  # fmt: skip
)
def test_filters_select_what_iter_articles_selects(archive, filters):
    assert jsonl(archive, **filters) == reference_lines(archive, **filters)


def test_progress_is_told_each_chunk_and_output_streams(archive, monkeypatch):
    monkeypatch.setattr(export, "CHUNK", 3)
    reports: list[int] = []
    writes: list[int] = []

    class Out(io.BytesIO):
        def write(self, data: bytes) -> int:
            writes.append(data.count(b"\n"))
            return super().write(data)

    assert export_jsonl(archive, Out(), progress=reports.append) == 4
    assert reports == [3, 1] and writes == [3, 1]


@pytest.mark.parametrize("workers", [1, 3])
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_chunks_rendered_by_several_threads_come_back_in_order(archive, monkeypatch, workers, fmt):
    for number in range(5, 30):
        archive.upsert_article(article(number, body=f"Story {number} reports on the port strike, day {number}."))
    writer = {"jsonl": export_jsonl, "csv": export_csv}[fmt]
    whole = io.BytesIO()
    writer(archive, whole, search="strike")
    monkeypatch.setattr(export, "CHUNK", 2)
    monkeypatch.setattr(export, "WORKERS", workers)
    chunked = io.BytesIO()
    assert writer(archive, chunked, search="strike") == 26
    assert chunked.getvalue() == whole.getvalue()
    if fmt == "jsonl":
        assert chunked.getvalue() == reference_lines(archive, search="strike")


def test_a_failed_write_stops_the_threads_and_closes_their_connections(archive, monkeypatch):
    for number in range(5, 30):
        archive.upsert_article(article(number))
    monkeypatch.setattr(export, "CHUNK", 2)
    monkeypatch.setattr(export, "WORKERS", 2)
    opened = []
    monkeypatch.setattr(export, "_reader", lambda path, reader=export._reader: opened.append(reader(path)) or opened[-1])

    class Full(io.BytesIO):
        def write(self, data: bytes) -> int:
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        export_jsonl(archive, Full())
    assert len(opened) == 2 and not [t for t in threading.enumerate() if t.name.startswith("export")]
    for conn in opened:
        with pytest.raises(sqlite3.ProgrammingError, match="closed"):
            conn.execute("SELECT 1")


def test_csv_rows_are_the_record_fields_with_lists_as_json(archive):
    out = io.BytesIO()
    assert export_csv(archive, out) == 4
    expected = io.StringIO(newline="")
    writer = csv.writer(expected)
    writer.writerow(RECORD_FIELDS)
    for a in archive.iter_articles():
        writer.writerow(json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for v in a.to_dict().values())
    assert out.getvalue() == expected.getvalue().encode()
    rows = list(csv.reader(io.StringIO(out.getvalue().decode(), newline="")))
    assert rows[1][RECORD_FIELDS.index("body")] == EVERY_CHARACTER


def test_warc_records_are_separate_gzip_members_with_valid_digests(archive):
    out = io.BytesIO()
    assert export_warc(archive, out) == 2
    data = out.getvalue()
    members = 0
    while data:
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        decompressor.decompress(data)
        data = decompressor.unused_data
        members += 1
    assert members == 3  # warcinfo and two responses
    records = [
        (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.http_headers and r.http_headers.statusline,
         r.content_stream().read())
        for r in ArchiveIterator(io.BytesIO(out.getvalue()), check_digests="raise")
    ]  # fmt: skip
    assert records == [
        ("warcinfo", None, None, records[0][3]),
        ("response", "https://site1.example/news/1?ref=rss", "200 OK", b"<html><body>one</body></html>"),
        ("response", "https://site0.example/news/4?ref=rss", "404 Not Found", b"<p>four</p>"),
    ]
    assert b"newsarchive" in records[0][3] and gzip.decompress(out.getvalue()).startswith(b"WARC/1")


def test_warc_filters_and_progress(archive):
    out, reports = io.BytesIO(), []
    assert export_warc(archive, out, progress=reports.append, site="site0") == 1
    assert reports == [1]


def test_warc_holds_every_capture_of_an_article_oldest_first(archive):
    archive.upsert_article(article(1, title="Port strike ends"), raw=b"<html><body>one, edited</body></html>",
                           content_type="text/html", fetched_at="2026-11-22T09:30:00Z")  # fmt: skip
    out = io.BytesIO()
    assert export_warc(archive, out, site="site1") == archive.count_snapshots(site="site1") == 2
    responses = [
        (r.rec_headers.get_header("WARC-Date"), r.content_stream().read())
        for r in ArchiveIterator(io.BytesIO(out.getvalue()), check_digests="raise")
        if r.rec_type == "response"
    ]
    assert responses == [
        ("2026-11-21T08:00:00Z", b"<html><body>one</body></html>"),
        ("2026-11-22T09:30:00Z", b"<html><body>one, edited</body></html>"),
    ]
    [latest] = [s for s in archive.iter_snapshots(site="site1")]
    assert latest.body == b"<html><body>one, edited</body></html>"  # re-extraction still reads the latest only

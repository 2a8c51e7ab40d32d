"""Exports of the archive (JSONL records, flat CSV, WARC of raw responses), atomic file output, JSONL import."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import fields
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from queue import SimpleQueue
from typing import IO, TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

from ..atomic import atomic_writer
from ..errors import ArchiveError
from ..models import Article

if TYPE_CHECKING:
    from .archive import Archive

FORMATS = ("jsonl", "csv", "warc")
RECORD_FIELDS = tuple(f.name for f in fields(Article))
CHUNK = 250
"""Articles fetched, rendered and written at a time: about 1.3 MB of JSONL for news articles."""
WORKERS = min(4, os.cpu_count() or 1)
"""Threads fetching and rendering chunks of records."""
_LIST_FIELDS = ("authors", "links", "tags")
_COUNT_FIELDS = ("word_count", "revision")
_TEXT_FIELDS = tuple(f.name for f in fields(Article) if f.name not in (*_LIST_FIELDS, *_COUNT_FIELDS, "simhash"))
_SIMHASH = re.compile(r"[0-9a-fA-F]{1,16}")
_LARGEST_INTEGER = 2**63 - 1
"""SQLite's largest integer."""
Progress = Callable[[int], None]
T = TypeVar("T")


@contextmanager
def atomic_output(target: str | Path) -> Iterator[IO[bytes]]:
    """Yield a binary file to write that appears under `target` only once complete; `-` means standard output."""
    if str(target) == "-":
        sys.stdout.flush()
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    if Path(target).is_dir():
        raise ArchiveError(f"{target}: is a directory")
    with atomic_writer(target, "wb") as handle:
        yield handle


def _json_value(name: str) -> str:
    """SQL giving record field `name` of `articles AS a` as JSON text, as json.dumps(ensure_ascii=False) writes it.

    SQLite's json_quote escapes exactly as Python's encoder does (quote, backslash, control characters; all
    else verbatim). Authors and tags are stored as that very JSON text (Archive._row_values), so they are
    written as stored; links are rebuilt from their table with Python's separators.
    """
    if name == "links":
        link = "format('{\"url\": %s, \"text\": %s, \"kind\": %s}', json_quote(url), json_quote(text), json_quote(kind))"
        return (
            f"COALESCE((SELECT '[' || group_concat({link}, ', ') || ']' FROM (SELECT url, text, kind FROM "
            "article_links WHERE article = a.rowid ORDER BY position)), '[]')"
        )
    if name in _LIST_FIELDS:
        return f"COALESCE(NULLIF(a.{name}, ''), '[]')"
    if name == "body":
        return "json_quote(COALESCE(a.body, ''))"
    return f"json_quote(a.{name})"


def _csv_value(name: str) -> str:
    """SQL giving record field `name` as a CSV cell value: lists as JSON text, the rest as stored."""
    if name in _LIST_FIELDS:
        return _json_value(name)
    if name == "body":
        return "COALESCE(a.body, '')"
    return f"a.{name}"


_LINE = "{" + ", ".join(f'"{name}": %s' for name in RECORD_FIELDS) + "}\n"
_JSONL_SELECT = f"SELECT CAST(format('{_LINE}', {', '.join(map(_json_value, RECORD_FIELDS))}) AS BLOB) FROM articles AS a"
_CSV_SELECT = f"SELECT {', '.join(map(_csv_value, RECORD_FIELDS))} FROM articles AS a"


def _rendered(
    archive: Archive, select: str, render: Callable[[list[tuple]], T], filters: dict[str, str | None],
    progress: Progress | None,
) -> Iterator[tuple[int, T]]:  # fmt: skip
    """(how many, render(rows of `select`)) for the filtered articles in storage order, CHUNK articles at a time.

    The matching rowids are read here; each chunk is fetched and rendered by one of WORKERS threads with its
    own read-only connection (SQLite builds the text with the GIL released, so the cores work together) and
    handed back in order, at most WORKERS + 1 chunks in flight: constant memory. Each record is read by one
    statement, so it is whole; records read while a crawl writes may come from slightly different moments.
    """
    where, params = archive._where(**filters)
    readers: list[sqlite3.Connection] = []
    idle: SimpleQueue[sqlite3.Connection] = SimpleQueue()

    def chunk(rowids: list[int]) -> tuple[int, T]:
        conn = idle.get()
        try:
            marks = ", ".join("?" * len(rowids))
            rows = conn.execute(f"{select} WHERE a.rowid IN ({marks}) ORDER BY a.rowid", rowids).fetchall()
        finally:
            idle.put(conn)
        return len(rows), render(rows)

    ids = archive.conn.execute(f"SELECT a.rowid FROM articles AS a {where} ORDER BY a.rowid", params)
    pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="export")
    pending: deque[Future[tuple[int, T]]] = deque()
    try:
        for _ in range(WORKERS):
            readers.append(_reader(archive.path))
            idle.put(readers[-1])
        while rowids := [rowid for (rowid,) in ids.fetchmany(CHUNK)]:
            pending.append(pool.submit(chunk, rowids))
            if len(pending) > WORKERS:
                yield _reported(pending.popleft().result(), progress)
        while pending:
            yield _reported(pending.popleft().result(), progress)
    finally:
        pool.shutdown(cancel_futures=True)
        ids.close()
        for conn in readers:
            conn.close()


def _reported(done: tuple[int, T], progress: Progress | None) -> tuple[int, T]:
    if progress:
        progress(done[0])
    return done


def _reader(path: Path) -> sqlite3.Connection:
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=30.0, isolation_level=None, check_same_thread=False)


def export_jsonl(archive: Archive, out: IO[bytes], *, progress: Progress | None = None, **filters: str | None) -> int:
    """One JSON record per line (UTF-8), fields in Article order, for the articles matching `filters`; returns how many.

    Each line is byte for byte json.dumps(article.to_dict(), ensure_ascii=False), built by SQLite: no per-row
    Python objects. `progress` is called with the number of records after each chunk.
    """
    count = 0
    with closing(_rendered(archive, _JSONL_SELECT, _joined, filters, progress)) as chunks:
        for rows, lines in chunks:
            out.write(lines)
            count += rows
    return count


def _joined(rows: list[tuple]) -> bytes:
    return b"".join([line for (line,) in rows])


def export_csv(archive: Archive, out: IO[bytes], *, progress: Progress | None = None, **filters: str | None) -> int:
    """The record fields as CSV columns (lists as JSON text) with a header row; returns how many rows.

    The text is what csv.writer writes (minimal quoting, doubled quotes, CRLF line ends), about 4x faster
    on long bodies than csv.writer, which inspects one character at a time.
    """
    out.write(",".join(RECORD_FIELDS).encode() + b"\r\n")
    count = 0
    with closing(_rendered(archive, _CSV_SELECT, _csv_rows, filters, progress)) as chunks:
        for rows, text in chunks:
            out.write(text)
            count += rows
    return count


def _csv_rows(rows: list[tuple]) -> bytes:
    return "".join([",".join(map(_csv_cell, row)) + "\r\n" for row in rows]).encode()


def _csv_cell(value: Any) -> str:
    if value.__class__ is str:
        if '"' in value:
            return '"' + value.replace('"', '""') + '"'
        if "," in value or "\n" in value or "\r" in value:
            return '"' + value + '"'
        return value
    return "" if value is None else str(value)


def export_warc(
    archive: Archive, out: IO[bytes], *, progress: Progress | None = None, software: str = "newsarchive", **filters: str | None
) -> int:
    """A gzipped WARC: a warcinfo record, then one response record per stored snapshot (every capture of each
    matching article, oldest first); returns how many."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("newsarchive.warc.gz", {"software": software, "format": "WARC/1.1"}))
    count = 0
    for count, snap in enumerate(archive.iter_snapshots(every=True, **filters), 1):
        status = snap.status or 200
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Unknown"
        headers = [("Content-Length", str(len(snap.body)))]
        if snap.content_type:
            headers.insert(0, ("Content-Type", snap.content_type))
        record = writer.create_warc_record(
            snap.fetched_url,
            "response",
            payload=BytesIO(snap.body),
            length=len(snap.body),
            http_headers=StatusAndHeaders(f"{status} {reason}", headers, protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": snap.fetched_at},
        )
        writer.write_record(record)
        if progress:
            progress(1)
    return count


def read_jsonl(path: str | Path) -> Iterator[Article]:
    """Articles from an exported JSONL file; a bad line is one clear error naming the line."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise ArchiveError(f"{path}: cannot read ({exc.strerror})") from None
    with handle:
        try:
            yield from _records(path, handle)
        except UnicodeDecodeError:
            raise ArchiveError(f"{path}: not UTF-8 text") from None


def _records(path: Path, handle: IO[str]) -> Iterator[Article]:
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict) or not isinstance(data.get("url"), str):
                raise ValueError("no url")
            data.setdefault("fetched_url", data["url"])
            _check_storable(data)
            article = Article.from_dict(data)
        except (ValueError, TypeError) as exc:
            raise ArchiveError(f"{path}:{number}: not an article record ({exc})") from None
        yield article


def _check_storable(data: dict[str, Any]) -> None:
    """Raise ValueError naming the first field whose value the archive cannot store as a record field.

    Authors and tags are kept as they come (any JSON value round-trips); the other fields must have their type.
    """
    for name in _TEXT_FIELDS:
        if data.get(name) is not None and not isinstance(data[name], str):
            raise ValueError(f"{name} must be text or null")
    for name in _COUNT_FIELDS:
        value = data.get(name)
        if value is not None and (type(value) is not int or not 0 <= value <= _LARGEST_INTEGER):
            raise ValueError(f"{name} must be a whole number from 0 up, or null")
    simhash = data.get("simhash")
    if simhash and not (isinstance(simhash, str) and _SIMHASH.fullmatch(simhash)):
        raise ValueError("simhash must be up to 16 hex digits, or null")
    links = data.get("links") or []
    if not isinstance(links, list) or not all(_storable_link(link) for link in links):
        raise ValueError("links must be a list of {url, text, kind} with text values")


def _storable_link(link: Any) -> bool:
    return (
        isinstance(link, dict)
        and isinstance(link.get("url"), str)
        and all(link.get(name) is None or isinstance(link[name], str) for name in ("text", "kind"))
    )

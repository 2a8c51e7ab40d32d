"""Exports of the archive (JSONL records, flat CSV, WARC of raw responses), atomic file output, JSONL import."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ..atomic import atomic_writer
from ..errors import ArchiveError
from ..models import Article
from .snapshots import Snapshot

FORMATS = ("jsonl", "csv", "warc")
RECORD_FIELDS = tuple(f.name for f in fields(Article))


@contextmanager
def atomic_output(target: str | Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """Yield a file to write that appears under `target` only once complete; `-` means standard output."""
    if str(target) == "-":
        stream = sys.stdout.buffer if binary else sys.stdout
        yield stream
        stream.flush()
        return
    if Path(target).is_dir():
        raise ArchiveError(f"{target}: is a directory")
    with atomic_writer(target, "wb" if binary else "w") as handle:
        yield handle


def record(article: Article) -> dict[str, Any]:
    """article.to_dict() without dataclasses.asdict's recursive deep copies (the export's hot spot)."""
    data = {name: getattr(article, name) for name in RECORD_FIELDS}
    data["links"] = [{"url": link.url, "text": link.text, "kind": link.kind} for link in article.links]
    return data


def write_jsonl(articles: Iterable[Article], out: IO[str]) -> int:
    """One JSON record per line, fields in Article order; returns how many."""
    count = 0
    for count, article in enumerate(articles, 1):
        out.write(json.dumps(record(article), ensure_ascii=False))
        out.write("\n")
    return count


def write_csv(articles: Iterable[Article], out: IO[str]) -> int:
    """The record fields as CSV columns (lists as JSON text) with a header row; returns how many rows."""
    writer = csv.writer(out)
    writer.writerow(RECORD_FIELDS)
    count = 0
    for count, article in enumerate(articles, 1):
        data = record(article)
        writer.writerow(
            json.dumps(data[name], ensure_ascii=False) if isinstance(data[name], list) else data[name]
            for name in RECORD_FIELDS
        )
    return count


def write_warc(snapshots: Iterable[Snapshot], out: IO[bytes], *, software: str = "newsarchive") -> int:
    """A gzipped WARC: a warcinfo record, then one response record per stored snapshot; returns how many."""
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("newsarchive.warc.gz", {"software": software, "format": "WARC/1.1"}))
    count = 0
    for count, snap in enumerate(snapshots, 1):
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
            article = Article.from_dict(data)
        except (ValueError, TypeError) as exc:
            raise ArchiveError(f"{path}:{number}: not an article record ({exc})") from None
        yield article

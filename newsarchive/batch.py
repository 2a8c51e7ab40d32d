"""Batch extraction: a JSONL manifest of pages in, one record per page out, on every core."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from .errors import ExtractionError
from .extract import extract_article
from .models import Article

MAX_PAGE_BYTES = 64 * 1024 * 1024


def read_manifest(path: str | Path) -> Iterator[dict[str, Any]]:
    """Entries of a manifest, one JSON object per line with `id`, `path` and `url`; paths relative to the manifest."""
    path = Path(path)
    base = path.parent
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise ExtractionError(f"cannot read manifest {path}: {exc.strerror}") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ExtractionError(f"{path}:{number}: not a JSON object ({exc.msg})") from None
            if not isinstance(entry, dict) or not entry.get("path"):
                raise ExtractionError(f"{path}:{number}: each line needs at least a \"path\"")
            entry["path"] = str(base / entry["path"])
            yield entry


def read_page(path: str | Path) -> bytes:
    """The bytes of an .html or .html.gz file (gzip detected by its magic number), at most MAX_PAGE_BYTES."""
    with open(path, "rb") as handle:
        data = handle.read(MAX_PAGE_BYTES)
    if data.startswith(b"\x1f\x8b"):
        with gzip.open(path, "rb") as handle:
            data = handle.read(MAX_PAGE_BYTES)
    return data


def extract_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """The record of one manifest entry, carrying its `id`; never raises."""
    url = entry.get("url") or Path(entry["path"]).resolve().as_uri()
    try:
        record = extract_article(read_page(entry["path"]), url).to_dict()
    except OSError as exc:
        record = Article(url=url, fetched_url=url, error=f"cannot read {entry['path']}: {exc.strerror}").to_dict()
    except Exception as exc:  # any page gives a record; the batch goes on
        record = Article(url=url, fetched_url=url, error=f"{type(exc).__name__}: {exc}"[:500]).to_dict()
    return {"id": entry.get("id"), **record}


def run_batch(entries: list[dict[str, Any]], jobs: int | None = None) -> Iterator[dict[str, Any]]:
    """Records for the entries, in manifest order, extracted by `jobs` processes (default: one per core)."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1:
        yield from map(extract_entry, entries)
        return
    with ProcessPoolExecutor(jobs) as pool:
        yield from pool.map(extract_entry, entries, chunksize=4)

"""Raw response snapshots: compression of the stored bytes and the record handed to re-extraction and WARC."""

from __future__ import annotations

import hashlib
import os
import threading
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache

import zstandard

from ..errors import ArchiveError

ENCODING = "zstd"
_LEVEL = 3
_local = threading.local()  # zstd compressors and decompressors must not be shared between threads


def compress(raw: bytes) -> bytes:
    """Raw response bytes compressed for the `snapshots.body` column (encoding ENCODING)."""
    if not hasattr(_local, "compressor"):
        _local.compressor = zstandard.ZstdCompressor(level=_LEVEL)
    return _local.compressor.compress(raw)


def compress_all(raws: list[bytes]) -> Future[list[bytes]]:
    """compress() of each, in a background thread (zstd releases the GIL) while the caller goes on with its work."""
    if len(raws) < 2:
        done: Future[list[bytes]] = Future()
        done.set_result([compress(raw) for raw in raws])
        return done
    return _background(os.getpid()).submit(lambda: [compress(raw) for raw in raws])


@cache
def _background(pid: int) -> ThreadPoolExecutor:
    """The compressing thread of this process (a forked child starts its own: the parent's is not copied)."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsarchive-zstd")


def decompress(blob: bytes, encoding: str) -> bytes:
    """The raw bytes of a stored snapshot body."""
    if encoding == "zstd":
        if not hasattr(_local, "decompressor"):
            _local.decompressor = zstandard.ZstdDecompressor()
        return _local.decompressor.decompress(blob)
    if encoding == "zlib":
        return zlib.decompress(blob)
    if encoding == "identity":
        return bytes(blob)
    raise ArchiveError(f"snapshot compressed with unknown encoding {encoding!r}")


def digest(raw: bytes) -> str:
    """SHA-256 hex digest of raw bytes: identical fetches are stored once."""
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class Snapshot:
    """The latest stored response of an article."""

    url: str
    """Canonical URL of the article the response belongs to."""
    fetched_url: str
    """The URL the response was fetched from."""
    site: str | None
    """Site of the article."""
    fetched_at: str
    """When the response was fetched, ISO 8601 UTC."""
    status: int | None
    """HTTP status of the response."""
    content_type: str | None
    """Content-Type header of the response."""
    body: bytes
    """The raw response body, decompressed."""

"""Raw response snapshots: compression of the stored bytes and the record handed to re-extraction and WARC."""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass

import zstandard

from ..errors import ArchiveError

ENCODING = "zstd"
_LEVEL = 3
_compressor = zstandard.ZstdCompressor(level=_LEVEL)
_decompressor = zstandard.ZstdDecompressor()


def compress(raw: bytes) -> bytes:
    """Raw response bytes compressed for the `snapshots.body` column (encoding ENCODING)."""
    return _compressor.compress(raw)


def decompress(blob: bytes, encoding: str) -> bytes:
    """The raw bytes of a stored snapshot body."""
    if encoding == "zstd":
        return _decompressor.decompress(blob)
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

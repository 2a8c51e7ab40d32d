"""Tests of snapshot compression: one at a time or a batch in the background, the same bytes either way."""

from __future__ import annotations

import threading

import pytest

from newsarchive.errors import ArchiveError
from newsarchive.store import snapshots

PAGES = [b"", b"<html>" + b"<p>port strike</p>" * 300 + b"</html>", "<p>港口工人罢工</p>".encode() * 50]


@pytest.mark.parametrize("count", [0, 1, 3])
def test_compress_all_gives_what_compress_gives(count):
    raws = PAGES[:count]
    blobs = snapshots.compress_all(raws).result(timeout=30)
    assert blobs == [snapshots.compress(raw) for raw in raws]
    assert [snapshots.decompress(blob, snapshots.ENCODING) for blob in blobs] == raws


def test_threads_compress_at_the_same_time():
    raws = [page * n for n in range(1, 40) for page in PAGES]
    results: list[list[bytes]] = [[] for _ in range(4)]
    workers = [threading.Thread(target=lambda r=r: r.extend(map(snapshots.compress, raws))) for r in results]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert all([snapshots.decompress(blob, "zstd") for blob in result] == raws for result in results)


def test_unknown_encoding_is_an_archive_error():
    with pytest.raises(ArchiveError, match="unknown encoding 'lz4'"):
        snapshots.decompress(b"x", "lz4")

"""Tests of the background checkpointer that bulk writes use: it copies the log, stops cleanly, reports failures."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from newsarchive.models import Article
from newsarchive.store import Archive
from newsarchive.store.checkpoint import Checkpointer


def logged_archive(path) -> sqlite3.Connection:
    """An archive whose writes of a few hundred rows are still in the log only."""
    Archive(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO crawls (args) VALUES (?)", (("x" * 2000,) for _ in range(300)))
    conn.execute("COMMIT")
    return conn


def test_a_nudge_copies_the_log_into_the_database(tmp_path):
    path = tmp_path / "a.db"
    writer = logged_archive(path)
    before = path.stat().st_size
    checkpointer = Checkpointer(path)
    checkpointer.nudge()
    deadline = time.monotonic() + 20
    while path.stat().st_size == before and time.monotonic() < deadline:
        time.sleep(0.05)
    checkpointer.close()
    assert path.stat().st_size > before + 300 * 2000
    assert writer.execute("SELECT COUNT(*) FROM crawls").fetchone()[0] == 300
    writer.close()


def test_a_failed_checkpoint_is_logged_and_leaves_the_writer_to_checkpoint_itself(tmp_path, caplog):
    path = tmp_path / "a.db"
    logged_archive(path).close()
    checkpointer = Checkpointer(path)
    checkpointer._conn.close()  # the next checkpoint fails
    checkpointer.nudge()
    checkpointer._thread.join(timeout=20)
    assert not checkpointer._thread.is_alive()
    assert "background checkpoint failed" in caplog.text
    checkpointer.nudge()  # the writer's commits go on
    checkpointer.close()


@pytest.mark.parametrize("calls", [1, 3])
def test_bulk_writes_leave_no_checkpointer_running_after_close(tmp_path, calls):
    with Archive(tmp_path / "a.db") as archive:
        for n in range(calls):
            archive.upsert_articles([Article(url=f"https://a.example/{n}", fetched_url=f"https://a.example/{n}", title="Floods", body="Rain.")])
        assert [t.name for t in threading.enumerate()].count("newsarchive-checkpoint") == 1
    assert "newsarchive-checkpoint" not in [t.name for t in threading.enumerate()]
    with Archive(tmp_path / "a.db") as again:
        assert again.count_articles() == calls

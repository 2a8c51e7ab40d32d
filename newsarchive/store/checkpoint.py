"""Background WAL checkpoints: a second connection copies the log into the database while the writer goes on."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from ..errors import ArchiveError


class Checkpointer:
    """A thread with its own connection that runs a PASSIVE checkpoint after each commit it is told of.

    The writer no longer stops to copy the log (and wait for its fsyncs) every few batches: the copy runs on
    another core while the writer builds its next transaction, and is usually done by the time that one begins,
    so the log restarts from its beginning instead of growing (SQLite restarts a log only once wholly copied).
    Durability is unchanged: both connections keep synchronous=NORMAL, a checkpoint copies committed frames only,
    and the log is written exactly as before. A failed checkpoint stops the thread and is raised to the writer at
    its next commit.
    """

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(str(path), timeout=30.0, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA busy_timeout = 30000")
        self._conn.execute("PRAGMA synchronous = NORMAL")  # as the writer's: checkpoints sync the log, then the file
        self._wanted = threading.Event()
        self._stopping = threading.Event()
        self._error: sqlite3.Error | None = None
        self._thread = threading.Thread(target=self._run, name="newsarchive-checkpoint", daemon=True)
        self._thread.start()

    def nudge(self) -> None:
        """Ask for a checkpoint of what is committed now (returns at once)."""
        if self._error is not None:
            raise ArchiveError(f"background checkpoint failed: {self._error}")
        self._wanted.set()

    def close(self) -> None:
        """Finish the checkpoint under way, stop the thread and close its connection (idempotent)."""
        if self._thread.is_alive():
            self._stopping.set()
            self._wanted.set()
            self._thread.join()
        self._conn.close()

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            if self._stopping.is_set():
                return
            try:
                self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            except sqlite3.Error as exc:
                self._error = exc
                return

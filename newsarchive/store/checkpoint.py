"""Background WAL checkpoints: a second connection copies the log into the database while the writer goes on."""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

logger = logging.getLogger(__name__)


class Checkpointer:
    """A thread with its own connection that runs a PASSIVE checkpoint after each commit it is told of.

    The writer no longer stops to copy the log (and wait for its fsyncs) every few batches: the copy runs on
    another core while the writer builds its next transaction, and is usually done by the time that one begins,
    so the log restarts from its beginning instead of growing (SQLite restarts a log only once wholly copied).
    Durability is unchanged: both connections keep synchronous=NORMAL, a checkpoint copies committed frames only,
    and the log is written exactly as before. A failed checkpoint is logged and stops the thread; the writer's own
    automatic checkpoint (which stays on) then keeps the log bounded, as before there was a checkpointer.
    """

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(str(path), timeout=30.0, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA busy_timeout = 30000")
        self._conn.execute("PRAGMA synchronous = NORMAL")  # as the writer's: checkpoints sync the log, then the file
        self._wanted = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="newsarchive-checkpoint", daemon=True)
        self._thread.start()

    def nudge(self) -> None:
        """Ask for a checkpoint of what is committed now (returns at once)."""
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
                logger.warning("background checkpoint failed, the writer checkpoints itself from now on: %s", exc)
                return

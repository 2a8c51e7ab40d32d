"""Extraction worker processes forked from the fork server, each fed and read through a socket the event loop watches.

No helper threads in the crawling process: concurrent.futures' process pool runs two per pool (a queue feeder and a
result manager) that woke for every page and took the GIL from the event loop. Here a page goes to a worker as one
write on its socket and its answer comes back as the socket turning readable, in the loop's own select.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import select
import signal
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from . import forkserver

_SHORT = struct.Struct("!i")  # multiprocessing.connection's frame header: the length, or -1 and then...
_LONG = struct.Struct("!Q")  # ...the length of a frame of 2 GiB or more


class WorkerDied(Exception):
    """The worker ended (crashed, was killed, or never started) before it answered."""


def serve(conn: Connection, crawl_pid: int, started: Any) -> None:
    """In a worker: run each job the crawl sends, in order, and send back its result (or its exception).

    Notes in `started[place]` when the job at queue place `place` starts, so the crawl can time it from there.
    Ends when the crawl closes its end of the socket, or when the crawl process ends. Ctrl-C on a terminal reaches
    the whole process group: the crawl then finishes the pages in flight, so its workers must not stop on it.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with(crawl_pid)
    while True:
        try:
            place, job = pickle.loads(conn.recv_bytes())
        except EOFError:
            return
        started[place] = time.monotonic()  # CLOCK_MONOTONIC: the same clock in every process
        try:
            answer = (True, job())
        except Exception as exc:
            answer = (False, exc)
        try:
            payload = pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an answer that cannot cross to the crawl becomes an error that can
            payload = pickle.dumps((False, RuntimeError(f"unpicklable extraction result: {exc!r}")))
        try:
            conn.send_bytes(payload)
        except OSError:  # the crawl closed its end: it wants no more answers
            return


def exit_with(pid: int) -> None:
    """End this worker as soon as the crawl process `pid` ends, even when it is SIGKILLed.

    The workers otherwise outlive a killed crawl, forever, holding their memory.
    """

    def watch() -> None:
        try:
            handle = os.pidfd_open(pid)  # Linux: readable once the process has ended
        except (AttributeError, OSError):
            while _alive(pid):
                time.sleep(1.0)
        else:
            select.select([handle], [], [])
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-crawl", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class Worker(asyncio.Protocol):
    """One worker process and the jobs handed to it, answered in the order they were sent."""

    def __init__(self, started: Any, target: Callable[..., None]) -> None:
        self.pending: deque[asyncio.Future] = deque()
        self.buffer = bytearray()
        self.dead = False
        self.killed = False
        """Killed on purpose (a job over its budget): the jobs queued beside it did nothing wrong."""
        self.transport: asyncio.Transport | None = None
        loop = asyncio.get_running_loop()
        ours, theirs = socket.socketpair()
        self.theirs = Connection(theirs.detach())
        self.process = forkserver.context().Process(
            target=target, args=(self.theirs, os.getpid(), started), name="newsarchive-extract", daemon=True
        )
        self.connected = asyncio.ensure_future(loop.connect_accepted_socket(lambda: self, ours))
        loop.run_in_executor(None, self._start).add_done_callback(self._started)

    def _start(self) -> None:
        """In a thread: each start waits for the fork server's answer, which comes only once it has loaded and
        warmed the extractor (a second or more after the crawl starts); in the event loop's thread that wait would
        stop every download meanwhile. Jobs sent before then wait in the socket."""
        try:
            self.process.start()
        finally:
            self.theirs.close()  # the worker has its own copy now (or never will)

    def _started(self, done: asyncio.Future) -> None:
        if done.exception() is not None:  # no fork server to fork it: the jobs sent to it raise WorkerDied
            self._end()

    async def submit(self, place: int, job: Callable[[], Any]) -> asyncio.Future:
        """Send `job` (to run at queue place `place`); the future has its result, or raises WorkerDied."""
        if not self.connected.done():
            await asyncio.wait({self.connected})
        future = asyncio.get_running_loop().create_future()
        if self.dead or self.transport is None:
            future.set_exception(WorkerDied())
            return future
        payload = pickle.dumps((place, job), pickle.HIGHEST_PROTOCOL)
        if len(payload) > 0x7FFFFFFF:
            self.transport.writelines((_SHORT.pack(-1), _LONG.pack(len(payload)), payload))
        else:
            self.transport.writelines((_SHORT.pack(len(payload)), payload))
        self.pending.append(future)
        return future

    def kill(self) -> None:
        """Stop the worker now, whatever it is doing; the jobs it still holds raise WorkerDied."""
        self.killed = True
        self._end()

    def _end(self) -> None:
        self.dead = True
        if self.process.pid is not None:
            self.process.kill()
        if self.transport is not None:
            self.transport.abort()

    def close(self) -> None:
        """Close the socket: the worker finishes its job and exits."""
        if self.transport is not None:
            self.transport.close()

    def join(self, timeout: float) -> None:
        """Wait up to `timeout` seconds for the worker to exit, then kill it."""
        if self.process.pid is None:
            return
        self.process.join(timeout)
        if self.process.exitcode is None:
            self.process.kill()
            self.process.join()

    # asyncio.Protocol: the worker's answers, and its end.

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        if self.dead or self.killed:
            transport.abort()  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) >= _SHORT.size:
            size, head = _SHORT.unpack_from(self.buffer)[0], _SHORT.size
            if size < 0:
                if len(self.buffer) < _SHORT.size + _LONG.size:
                    return
                size, head = _LONG.unpack_from(self.buffer, _SHORT.size)[0], _SHORT.size + _LONG.size
            if len(self.buffer) < head + size:
                return
            ok, value = pickle.loads(memoryview(self.buffer)[head : head + size])
            del self.buffer[: head + size]
            future = self.pending.popleft()
            if future.cancelled():
                continue
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)

    def eof_received(self) -> bool:
        return False  # close the transport: connection_lost follows

    def connection_lost(self, exc: Exception | None) -> None:
        self.dead = True
        self.transport = None
        while self.pending:
            future = self.pending.popleft()
            if not future.done():
                future.set_exception(WorkerDied())

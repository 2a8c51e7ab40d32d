"""Atomic file output: write an unnamed file beside the target, fsync, then give it the target's name."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import NewsarchiveError

_NO_TMPFILE = {errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL}
"""errno values meaning the kernel or the file system has no O_TMPFILE."""


@contextmanager
def atomic_writer(path: str | Path, mode: str = "w") -> Iterator[IO]:
    """Yield a file whose content replaces `path` only when the block completes; a crash leaves `path` as it was.

    On Linux the file has no name until it is complete (O_TMPFILE), so a process killed mid-write leaves
    nothing behind; elsewhere a hidden `.NAME.*.tmp` file beside the target stands in, removed on errors.
    """
    target = Path(path)
    fd, tmp = _open_unnamed(target)
    try:
        with os.fdopen(fd, mode, **({"encoding": "utf-8", "newline": ""} if "b" not in mode else {})) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
            if tmp is None:
                tmp = _name_unnamed(handle.fileno(), target)
        os.replace(tmp, target)
        _sync_directory(target.parent)
    except BaseException:
        if tmp is not None:
            os.unlink(tmp)
        raise


def _open_unnamed(target: Path) -> tuple[int, str | None]:
    """A writable file beside `target`: unnamed (O_TMPFILE) where the system has it, else a named temporary one."""
    directory = target.parent
    try:
        if hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd"):
            try:
                return os.open(directory, os.O_TMPFILE | os.O_WRONLY, 0o666), None
            except OSError as exc:
                if exc.errno not in _NO_TMPFILE:
                    raise
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        return fd, tmp
    except OSError as exc:
        raise NewsarchiveError(f"cannot write in {directory}: {exc.strerror}") from None


def _name_unnamed(fd: int, target: Path) -> str:
    """Link the unnamed file `fd` under a fresh temporary name beside `target`, for the final rename.

    The link goes through /proc/self/fd with linkat(AT_SYMLINK_FOLLOW), which os.link uses only when given
    a directory descriptor.
    """
    directory = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        while True:
            name = f".{target.name}.{os.urandom(6).hex()}.tmp"
            try:
                os.link(f"/proc/self/fd/{fd}", name, dst_dir_fd=directory, follow_symlinks=True)
                return str(target.parent / name)
            except FileExistsError:
                continue
    finally:
        os.close(directory)


def _sync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)



"""Atomic output files: replaced only when complete, nothing left beside them on errors, usual permissions."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys

import pytest

from newsarchive import atomic
from newsarchive.atomic import atomic_writer
from newsarchive.errors import NewsarchiveError


def _names(directory):
    return sorted(p.name for p in directory.iterdir())


def test_the_target_gets_the_whole_content_and_nothing_else_is_left(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    with atomic_writer(target) as handle:
        handle.write("new 1\n")
        assert target.read_text() == "old\n"
        handle.write("new 2\n")
    assert target.read_text() == "new 1\nnew 2\n"
    assert _names(tmp_path) == ["out.jsonl"]


def test_an_error_inside_the_block_keeps_the_old_file_and_leaves_no_partial_one(tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_writer(target, "wb") as handle:
        handle.write(b"partial")
        raise RuntimeError("disk on fire")
    assert target.read_bytes() == b"old"
    assert _names(tmp_path) == ["out.csv"]


def test_the_new_file_follows_the_umask_like_any_other(tmp_path):
    mask = os.umask(0o027)
    try:
        with atomic_writer(tmp_path / "out.jsonl") as handle:
            handle.write("x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "out.jsonl").stat().st_mode) == 0o640


def test_without_unnamed_files_a_hidden_temporary_file_stands_in(tmp_path, monkeypatch):
    real_open = os.open

    def no_tmpfile(path, flags, *args):
        if flags & os.O_TMPFILE == os.O_TMPFILE:
            raise OSError(errno.EOPNOTSUPP, "not supported")
        return real_open(path, flags, *args)

    monkeypatch.setattr(atomic.os, "open", no_tmpfile)
    target = tmp_path / "out.jsonl"
    with atomic_writer(target) as handle:
        handle.write("complete")
        assert [name for name in _names(tmp_path) if name.startswith(".out.jsonl.")]
    assert target.read_text() == "complete"
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        raise RuntimeError("stop")
    assert _names(tmp_path) == ["out.jsonl"]


def test_an_unwritable_directory_is_one_clear_error(tmp_path):
    with pytest.raises(NewsarchiveError, match="cannot write in .*missing"):
        with atomic_writer(tmp_path / "missing" / "out.jsonl"):
            pass


def test_a_writer_killed_mid_write_leaves_the_old_file_and_nothing_beside_it(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    script = (
        "import sys, time\n"
        "from newsarchive.atomic import atomic_writer\n"
        "with atomic_writer(sys.argv[1]) as handle:\n"
        "    handle.write('partial\\n'); handle.flush()\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", script, str(target)], stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline() == "writing\n"
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    assert target.read_text() == "old\n"
    assert _names(tmp_path) == ["out.jsonl"]

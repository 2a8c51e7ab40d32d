"""kill -9 of `export` and `reextract` at random moments, Ctrl-C of `reextract`: old or complete output, no partial file left, a consistent archive."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from newsarchive.extract import extract_article
from newsarchive.reextract import CHUNK
from newsarchive.store import Archive

from conftest import ROOT

ARTICLES = 400
KILLS = 8
PARAGRAPH = ("The regional water board said on {day} that reservoir {n} had reached {level} percent of capacity, "
             "and engineers would inspect spillway {n} before the autumn rains arrive in the valley. ")


def _page(n: int) -> str:
    paragraphs = "".join(f"<p>{PARAGRAPH.format(day=d, n=n, level=40 + n % 50)}</p>" for d in range(1, 9))
    return (f"<!doctype html><html lang='en'><head><title>Reservoir {n} level report | Valley Times</title></head>"
            f"<body><nav><a href='/'>Home</a></nav><article><h1>Reservoir {n} level report</h1>"
            f"<p class='byline'>By Ana Lopes</p>{paragraphs}</article></body></html>")


def _url(n: int) -> str:
    return f"https://valleytimes.example/2024/03/05/reservoir-{n}-level-report"


@pytest.fixture(scope="module")
def stale_archive(tmp_path_factory):
    """An archive of ARTICLES records whose titles an older extractor got wrong, with their raw pages kept."""
    db = tmp_path_factory.mktemp("kill") / "archive.db"
    archive = Archive(db)
    with archive.transaction():
        for n in range(ARTICLES):
            article = extract_article(_page(n), _url(n))
            article.site = "valleytimes"
            article.title = f"STALE {n}"
            archive.upsert_article(article, raw=_page(n).encode(), content_type="text/html; charset=utf-8")
    archive.close()
    return db


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "newsarchive", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONWARNINGS": "ignore"})


def _timed_run(*args: str) -> float:
    started = time.monotonic()
    assert _start(*args).wait(timeout=300) == 0
    return time.monotonic() - started


def _kill_at(process: subprocess.Popen, moment: float) -> bool:
    """SIGKILL the process `moment` seconds after start; False when it had already finished."""
    deadline = time.monotonic() + moment
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return True


def test_killed_export_leaves_the_old_file_or_a_complete_one(stale_archive, tmp_path):
    target = tmp_path / "articles.jsonl"
    target.write_text('{"url": "https://old.example/"}\n', encoding="utf-8")
    old = target.read_bytes()
    duration = _timed_run("export", "-o", str(tmp_path / "probe.jsonl"), "--db", str(stale_archive))
    rng = random.Random(7)
    outcomes = {"old": 0, "complete": 0}
    for _ in range(KILLS):
        _kill_at(_start("export", "-o", str(target), "--db", str(stale_archive)), rng.uniform(0.2, duration))
        content = target.read_bytes()
        if content == old:
            outcomes["old"] += 1
            continue
        records = [json.loads(line) for line in content.decode("utf-8").splitlines()]
        assert len(records) == ARTICLES and len({r["url"] for r in records}) == ARTICLES
        outcomes["complete"] += 1
        target.write_bytes(old)
    print(f"export killed {KILLS} times: {outcomes}")
    assert outcomes["old"] >= 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.jsonl", "probe.jsonl"]  # no partial files left


def test_killed_reextract_leaves_each_article_old_or_new_and_resumes(stale_archive):
    duration = _timed_run("reextract", "--jobs", "1", "--db", str(stale_archive))
    # Make every record stale again, then kill re-extractions part way.
    conn = sqlite3.connect(stale_archive)
    with conn:
        conn.execute("UPDATE articles SET title = 'STALE ' || rowid")
    conn.close()
    rng = random.Random(11)
    killed = 0
    for _ in range(KILLS):
        killed += _kill_at(_start("reextract", "--jobs", "1", "--db", str(stale_archive)), rng.uniform(0.5, duration))
        conn = sqlite3.connect(stale_archive)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        titles = [t for (t,) in conn.execute("SELECT title FROM articles")]
        assert len(titles) == ARTICLES
        assert all(t.startswith("STALE ") or t.startswith("Reservoir ") for t in titles)
        assert conn.execute("SELECT COUNT(*) FROM revisions").fetchone() == (0,)
        conn.close()
    assert killed >= 1
    _timed_run("reextract", "--jobs", "1", "--db", str(stale_archive))
    conn = sqlite3.connect(stale_archive)
    titles = {t for (t,) in conn.execute("SELECT title FROM articles")}
    assert titles == {f"Reservoir {n} level report" for n in range(ARTICLES)}


CTRL_C_AFTER_THE_FIRST_CHUNK = """
import os, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # as at a terminal: a background job starts with it ignored
from newsarchive import reextract as module
from newsarchive.cli import cli

run = module.reextract
module.reextract = lambda *args, progress, **kwargs: run(*args, progress=lambda n: os.killpg(0, signal.SIGINT), **kwargs)
cli(sys.argv[1:])
"""


def test_ctrl_c_of_a_parallel_reextract_is_one_line_and_keeps_the_written_chunk(stale_archive):
    conn = sqlite3.connect(stale_archive)
    with conn:
        conn.execute("UPDATE articles SET title = 'STALE ' || rowid")
    conn.close()
    # Ctrl-C reaches the whole process group, workers included, while they wait for the next chunk.
    process = subprocess.run([sys.executable, "-c", CTRL_C_AFTER_THE_FIRST_CHUNK, "reextract", "--jobs", "2", "--db",
                              str(stale_archive)], cwd=ROOT, capture_output=True, text=True, timeout=300,
                             start_new_session=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})  # fmt: skip
    assert (process.returncode, process.stdout, process.stderr.strip()) == (1, "", "Aborted!")  # click's one line
    conn = sqlite3.connect(stale_archive)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    titles = [t for (t,) in conn.execute("SELECT title FROM articles")]
    conn.close()
    assert sum(t.startswith("Reservoir ") for t in titles) == CHUNK
    assert sum(t.startswith("STALE ") for t in titles) == ARTICLES - CHUNK

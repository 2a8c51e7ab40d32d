"""`newsarchive schedule` crawls, waits for what is due next, and stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from newsarchive.demo.server import DemoSites

from conftest import ROOT


def _crawls(db):
    if not db.exists():
        return []
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        return conn.execute("SELECT status, articles_new FROM crawls ORDER BY id").fetchall()
    except sqlite3.OperationalError:
        return []


def test_schedule_crawls_then_stops_cleanly_on_sigterm(tmp_path):
    db = tmp_path / "archive.db"
    with DemoSites() as demo:
        process = subprocess.Popen(
            [sys.executable, "-m", "newsarchive", "schedule", *demo.start_urls, "--allow-private", "--delay", "0",
             "--db", str(db)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not any(status == "finished" for status, _ in _crawls(db)):
                assert process.poll() is None, process.stderr.read()
                time.sleep(0.5)
            assert _crawls(db)[0][0] == "finished"
            requests_after_first_pass = len(demo.requests)
            time.sleep(2)  # the schedule now waits for the next due time: nothing is fetched meanwhile
            assert len(demo.requests) == requests_after_first_pass
            process.send_signal(signal.SIGTERM)
            stdout, stderr = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    first = _crawls(db)[0]
    assert first[1] > 0
    assert '"status": "finished"' in stdout


def test_schedule_recrawls_a_site_when_its_pages_come_due(tmp_path):
    db = tmp_path / "archive.db"
    with DemoSites() as demo:
        sites = tmp_path / "sites.toml"
        sites.write_text(f'[[sites]]\nname = "ledger"\nurl = "{demo.sites["ledger"]}/"\nrecrawl = "3s"\n')
        process = subprocess.Popen(
            [sys.executable, "-m", "newsarchive", "schedule", "--sites", str(sites), "--allow-private",
             "--delay", "0", "--db", str(db)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        def homepage_fetches() -> int:
            return sum(1 for site, _, path in list(demo.requests) if site == "ledger" and path == "/")

        try:
            deadline = time.monotonic() + 120
            # Two passes, the second refetching the homepage (a slow first pass may refetch it itself: recrawl 3 s).
            while time.monotonic() < deadline and (homepage_fetches() < 2 or len(_crawls(db)) < 2):
                assert process.poll() is None, process.stderr.read()
                time.sleep(0.5)
            time.sleep(1)  # let the pass that fetched it finish and record itself
            process.send_signal(signal.SIGTERM)
            _, stderr = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
    runs = _crawls(db)
    assert len(runs) >= 2, stderr
    assert runs[0] == ("finished", runs[0][1]) and runs[0][1] > 0
    assert all(new == 0 for _, new in runs[1:])  # the recrawls find nothing new
    assert homepage_fetches() >= 2

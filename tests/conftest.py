"""Shared fixtures: the demo sites on loopback, and running the real CLI in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_cli(*args: str, timeout: float = 300, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m newsarchive ARGS` in a fresh process (Scrapy's reactor runs once per process)."""
    result = subprocess.run(
        [sys.executable, "-m", "newsarchive", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})},
    )
    if check and result.returncode != 0:
        raise AssertionError(f"newsarchive {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def cli_run():
    """The run_cli function, for tests that drive the real command line."""
    return run_cli


@pytest.fixture(scope="session")
def demo_expected() -> dict:
    """The expected records of the demo sites (tests/fixtures/demo/expected.json)."""
    return json.loads((FIXTURES / "demo" / "expected.json").read_text(encoding="utf-8"))

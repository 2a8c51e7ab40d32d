"""Batch benchmark: `newsarchive extract --batch` pages/s on the open corpus with one core and with all cores.

    python bench/batch.py [--corpus DIR] [--limit N] [--jobs N] [--write-results]

Writes a manifest of the corpus pages (read in place, never copied) to a temporary folder and runs the real
command in a subprocess, once with --jobs 1 and once with --jobs N (default: every core); the time is the
command's whole run, start-up and output file included. For reference, in the same run, trafilatura's
bare_extraction (metadata on, its best news setting) goes over the same files in process pools of the same
sizes. Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

from extraction import Page, corpus_dir, load_pages
from results import RESULTS, replace_section

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Batch extraction"


def write_manifest(pages: Sequence[Page], path: Path) -> None:
    """One {"id", "path", "url"} line per page, paths absolute so the corpus stays where it is."""
    with open(path, "w", encoding="utf-8") as handle:
        for page in pages:
            handle.write(json.dumps({"id": page.key, "path": str(page.path.resolve()), "url": page.url}) + "\n")


def run_newsarchive(manifest: Path, output: Path, jobs: int) -> dict:
    """Wall seconds of `newsarchive extract --batch` with `jobs` workers, and what it wrote."""
    command = [sys.executable, "-m", "newsarchive", "extract", "--batch", str(manifest), "-o", str(output),
               "--jobs", str(jobs)]  # fmt: skip
    started = time.monotonic()
    process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    seconds = time.monotonic() - started
    if process.returncode != 0:
        raise SystemExit(f"extract --batch failed ({process.returncode}): {process.stderr.strip()[-500:]}")
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    return {"seconds": seconds, "records": len(records), "errors": sum(1 for r in records if r.get("error"))}


def _trafilatura_page(path: str) -> bool:
    from trafilatura import bare_extraction

    with gzip.open(path, "rb") as handle:
        html = handle.read()
    return bare_extraction(html, with_metadata=True, favor_precision=True, include_comments=False) is not None


def run_trafilatura(pages: Sequence[Page], jobs: int) -> dict:
    """Wall seconds for trafilatura over the same files in a pool of `jobs` processes (pool start-up included)."""
    paths = [str(page.path) for page in pages]
    started = time.monotonic()
    if jobs == 1:
        extracted = sum(map(_trafilatura_page, paths))
    else:
        with ProcessPoolExecutor(jobs) as pool:
            extracted = sum(pool.map(_trafilatura_page, paths, chunksize=4))
    return {"seconds": time.monotonic() - started, "records": len(paths), "errors": len(paths) - extracted}


def trafilatura_available() -> bool:
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        return False
    return True


def table(rows: dict[tuple[str, int], dict], pages: int) -> str:
    single = {name: row["seconds"] for (name, jobs), row in rows.items() if jobs == 1}
    lines = ["| extractor | processes | pages | seconds | pages/s | speed-up over 1 process | records with an error |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for (name, jobs), row in rows.items():
        lines.append(f"| {name} | {jobs} | {pages} | {row['seconds']:.1f} | {pages / row['seconds']:.1f}"
                     f" | {single[name] / row['seconds']:.2f}× | {row['errors']} |")
    return "\n".join(lines)


def results_section(markdown: str, jobs: int, load: tuple[float, float]) -> str:
    return "\n".join([
        SECTION, "",
        f"Run {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC with `python bench/batch.py --write-results` on"
        f" {platform.machine()} {platform.system()}, {os.cpu_count()} cores, Python {platform.python_version()};"
        f" 1-minute load average {load[0]:.1f} at the start and {load[1]:.1f} at the end.",
        "newsarchive is the real command `newsarchive extract --batch MANIFEST -o FILE --jobs N` (process start-up,"
        " reading the gzip files and writing the JSONL included); trafilatura is `bare_extraction` (metadata on,"
        f" favor_precision) over the same files in a process pool of the same size. {jobs} processes = every core.",
        "trafilatura's \"records with an error\" are pages where it returned nothing.",
        "", markdown, "",
    ])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="corpus folder (default: $NEWSARCHIVE_CORPUS or ../shared/corpus)")
    parser.add_argument("--limit", type=int, help="read at most N pages of each labelled set")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for the all-cores run")
    parser.add_argument("--write-results", action="store_true", help="write the table into bench/RESULTS.md")
    args = parser.parse_args(argv)

    pages = load_pages(corpus_dir(args.corpus), args.limit)
    if not pages:
        raise SystemExit(f"no corpus pages under {corpus_dir(args.corpus)}")
    load_at_start = os.getloadavg()[0]
    rows: dict[tuple[str, int], dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        manifest = Path(tmp) / "manifest.jsonl"
        write_manifest(pages, manifest)
        for jobs in sorted({1, args.jobs}):
            rows["newsarchive", jobs] = run_newsarchive(manifest, Path(tmp) / f"records-{jobs}.jsonl", jobs)
            if rows["newsarchive", jobs]["records"] != len(pages):
                raise SystemExit(f"extract --batch wrote {rows['newsarchive', jobs]['records']} records for {len(pages)} pages")
            if trafilatura_available():
                rows["trafilatura", jobs] = run_trafilatura(pages, jobs)
    rows = dict(sorted(rows.items()))
    markdown = table(rows, len(pages))
    print(markdown)
    if args.write_results:
        replace_section(SECTION, results_section(markdown, args.jobs, (load_at_start, os.getloadavg()[0])))
        print(f"wrote {RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

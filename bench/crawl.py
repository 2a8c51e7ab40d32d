"""Crawl benchmark: a full `newsarchive crawl` of a generated loopback site against extraction alone on its pages.

    python bench/crawl.py [--articles 2000] [--jobs N] [--write-results]

Serves the generated news site of tests/generated_site.py on 127.0.0.1 (no politeness delay), crawls it into
a fresh archive with the real command in a subprocess while sampling the resident memory of the crawl's whole
process tree from /proc, then fetches the same URLs again with a bare Scrapy spider (the crawl's settings and
downloader path, nothing done with the pages: Scrapy's own CPU floor), then runs newsarchive.extract.analyse_page
over the same HTML pages the crawl fetched, in a process pool of the same size. Timings are reported, never
asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from generated_site import HTML_TYPE, GeneratedSite  # noqa: E402
from results import RESULTS, replace_section  # noqa: E402

from newsarchive.extract import analyse_page  # noqa: E402

SECTION = "## Crawl"
TARGET_SHARE = 0.8
MEMORY_LIMIT_MB = 500
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


def tree_usage(pid: int) -> tuple[int, dict[int, float]]:
    """Resident bytes of `pid` and all its descendants, and the CPU seconds each has used, read from /proc."""
    rss, cpu, todo = 0, {}, [pid]
    while todo:
        current = todo.pop()
        try:
            rss += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * PAGE_SIZE
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            cpu[current] = (int(fields[11]) + int(fields[12])) / TICKS
            for thread in os.listdir(f"/proc/{current}/task"):
                todo += map(int, Path(f"/proc/{current}/task/{thread}/children").read_text().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return rss, cpu


class TreeSampler(threading.Thread):
    """Samples tree_usage(pid) every `interval` seconds until stopped: peak memory, last CPU time per process."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak, self.samples = pid, interval, 0, 0
        self.cpu: dict[int, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            rss, cpu = tree_usage(self.pid)
            self.peak = max(self.peak, rss)
            self.cpu.update(cpu)
            self.samples += 1
            self.done.wait(self.interval)


@dataclass
class CrawlRun:
    """What the crawl subprocess did."""

    wall: float
    summary: dict
    peak_rss: int
    samples: int
    main_cpu: float
    """CPU seconds of the crawling process itself (Scrapy, spider, store), start-up included."""
    children_cpu: float
    """CPU seconds of its children (fork server, extraction workers)."""
    html_pages: list[str]
    """Paths of the HTML pages the crawl fetched (each analysed once)."""


def _sampled_run(command: list[str]) -> tuple[subprocess.Popen, str, str, float, TreeSampler]:
    """Run `command` to its end while sampling its process tree: the process, its stdout and stderr, wall seconds
    and the sampler (CPU seconds per process, peak memory)."""
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONWARNINGS": "ignore"})  # fmt: skip
    sampler = TreeSampler(process.pid)
    sampler.start()
    out, err = process.communicate()
    wall = time.monotonic() - started
    sampler.done.set()
    sampler.join()
    return process, out, err, wall, sampler


def run_crawl(site: GeneratedSite, db: Path, jobs: int | None) -> CrawlRun:
    command = [sys.executable, "-m", "newsarchive", "crawl", site.url("/"), "--allow-private", "--delay", "0",
               "--db", str(db)]  # fmt: skip
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    process, out, err, wall, sampler = _sampled_run(command)
    if process.returncode != 0:
        raise SystemExit(f"crawl failed ({process.returncode}):\n{err}")
    html = {path for path, page in site.pages.items() if page.content_type == HTML_TYPE}
    fetched = [path for _, path, _ in site.requests if path in html]
    main_cpu = sampler.cpu.pop(process.pid, 0.0)
    return CrawlRun(wall, json.loads(out), sampler.peak, sampler.samples, main_cpu, sum(sampler.cpu.values()), fetched)


def run_bare_scrapy(site: GeneratedSite, paths: list[str], db: Path) -> tuple[float, float]:
    """Wall and CPU seconds of a subprocess that fetches `paths` from `site` with a bare Scrapy spider."""
    urls = Path(f"{db}.urls")
    urls.write_text("".join(site.url(path) + "\n" for path in paths))
    command = [sys.executable, str(ROOT / "bench" / "barecrawl.py"), str(urls), str(db)]
    process, out, err, wall, sampler = _sampled_run(command)
    if process.returncode != 0 or out.strip() != str(len(paths)):
        raise SystemExit(f"bare Scrapy crawl failed ({process.returncode}, {out.strip()} of {len(paths)}):\n{err}")
    return wall, sampler.cpu.get(process.pid, 0.0)


def _analyse(job: tuple[bytes, str]) -> tuple[str, float]:
    """The page's kind and the CPU seconds its analysis took."""
    started = time.process_time()
    kind = analyse_page(job[0], job[1]).kind
    return kind, time.process_time() - started


def extraction_alone(site: GeneratedSite, paths: list[str], workers: int) -> tuple[float, float]:
    """Wall and worker CPU seconds to analyse the pages at `paths` in a pool of `workers` processes (warmed first)."""
    jobs = [(site.pages[path].body, site.url(path)) for path in paths]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_analyse, jobs[:workers], chunksize=1))  # start the workers and load lazy data
        started = time.monotonic()
        results = list(pool.map(_analyse, jobs, chunksize=4))
        seconds = time.monotonic() - started
    assert len(results) == len(jobs)
    return seconds, sum(cpu for _, cpu in results)


def measure(articles: int, jobs: int | None) -> dict:
    workers = jobs or os.cpu_count() or 1
    load = os.getloadavg()[0]
    with GeneratedSite(articles, seed=2024) as site, tempfile.TemporaryDirectory() as tmp:
        crawl = run_crawl(site, Path(tmp) / "archive.db", jobs)
        # The same URLs again, but robots.txt: the robots middleware fetches it itself, as in the crawl.
        fetched = [path for _, path, _ in site.requests if path != "/robots.txt"]
        bare, bare_cpu = run_bare_scrapy(site, fetched, Path(tmp) / "bare.db")
        alone, alone_cpu = extraction_alone(site, crawl.html_pages, workers)
    pages = len(crawl.html_pages)
    in_run = crawl.summary["seconds"]
    return {
        "articles": articles,
        "workers": workers,
        "pages_fetched": crawl.summary["pages"],
        "html_pages": pages,
        "articles_new": crawl.summary["articles_new"],
        "crawl_wall_s": round(crawl.wall, 1),
        "crawl_run_s": in_run,
        "crawl_pages_per_s": round(pages / crawl.wall, 1),
        "crawl_run_pages_per_s": round(pages / in_run, 1),
        "extract_s": round(alone, 1),
        "extract_pages_per_s": round(pages / alone, 1),
        "share": round(alone / crawl.wall, 2),
        "share_in_run": round(alone / in_run, 2),
        "crawl_main_cpu_ms_per_page": round(1000 * crawl.main_cpu / pages, 1),
        "crawl_workers_cpu_ms_per_page": round(1000 * crawl.children_cpu / pages, 1),
        "bare_scrapy_s": round(bare, 1),
        "bare_scrapy_cpu_ms_per_page": round(1000 * bare_cpu / pages, 1),
        "extract_cpu_ms_per_page": round(1000 * alone_cpu / pages, 1),
        "crawl_cores_used": round((crawl.main_cpu + crawl.children_cpu) / crawl.wall, 2),
        "extract_cores_used": round(alone_cpu / alone, 2),
        "peak_rss_mb": round(crawl.peak_rss / 2**20),
        "rss_samples": crawl.samples,
        "load_before": load,
    }


def report(r: dict) -> str:
    ok = "meets" if r["share"] >= TARGET_SHARE else "misses"
    memory = "under" if r["peak_rss_mb"] < MEMORY_LIMIT_MB else "over"
    return "\n".join([
        "| measure | value |",
        "|---|---|",
        f"| site | {r['articles']} articles, {r['html_pages']} HTML pages crawled ({r['pages_fetched']} responses) |",
        f"| full crawl, end to end (process start to exit) | {r['crawl_wall_s']} s, **{r['crawl_pages_per_s']} pages/s** |",
        f"| full crawl, inside the run (after start-up) | {r['crawl_run_s']} s, {r['crawl_run_pages_per_s']} pages/s |",
        f"| extraction alone, {r['workers']} worker processes | {r['extract_s']} s, **{r['extract_pages_per_s']} pages/s** |",
        (f"| crawl rate / extraction-alone rate | **{r['share']:.0%}** end to end, {r['share_in_run']:.0%} inside the run "
        f"(target {TARGET_SHARE:.0%}: {ok}) |"),
        (f"| CPU per page: crawling process (Scrapy, spider, store; start-up included) | "
        f"{r['crawl_main_cpu_ms_per_page']} ms |"),
        (f"| CPU per page: its extraction workers (fork server and warm-up included) | "
        f"{r['crawl_workers_cpu_ms_per_page']} ms |"),
        (f"| CPU per page: a bare Scrapy crawl of the same URLs (same settings and downloader, nothing done with the "
        f"pages; start-up included) | {r['bare_scrapy_cpu_ms_per_page']} ms ({r['bare_scrapy_s']} s) |"),
        f"| CPU per page: extraction alone | {r['extract_cpu_ms_per_page']} ms |",
        f"| cores kept busy: crawl / extraction alone | {r['crawl_cores_used']} / {r['extract_cores_used']} |",
        (f"| extraction CPU / all crawl CPU per page (the share a CPU-bound crawl can reach) | "
        f"{r['extract_cpu_ms_per_page'] / (r['crawl_main_cpu_ms_per_page'] + r['crawl_workers_cpu_ms_per_page']):.0%} |"),
        (f"| peak memory of the crawl process tree | **{r['peak_rss_mb']} MB** ({memory} {MEMORY_LIMIT_MB} MB; "
        f"{r['rss_samples']} samples) |"),
    ])  # fmt: skip


def results_section(r: dict, table: str, argv: Sequence[str]) -> str:
    return "\n".join([
        SECTION, "",
        (f"Run {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC with `python bench/crawl.py {' '.join(argv)}` on "
        f"{platform.machine()} {platform.system()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"1-minute load average {r['load_before']:.1f} when it started. The generated site (tests/generated_site.py) "
        "is served on 127.0.0.1 from the benchmark process (pre-rendered pages, a thread per connection, "
        "TCP_NODELAY); the crawl is `newsarchive crawl URL --allow-private --delay 0` in a subprocess (no delay, so "
        "no AutoThrottle; default politeness otherwise: robots.txt obeyed, 2 requests at a time per host). "
        "The bare Scrapy crawl (bench/barecrawl.py) then fetches the same URLs from the same server with the crawl's "
        "settings and downloader path, and does nothing with the pages: Scrapy's own CPU floor. "
        "Extraction alone runs `analyse_page` over the same HTML pages in a process pool of the same size. "
        "Memory is the resident set of the crawl process and all its children (fork server, workers), sampled "
        "every 50 ms from /proc."),
        "", table, "",
    ])  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles on the generated site")
    parser.add_argument("--jobs", type=int, help="extraction worker processes [default: one per core]")
    parser.add_argument("--json", action="store_true", help="print the measures as one JSON object")
    parser.add_argument("--write-results", action="store_true", help="write the Crawl section of bench/RESULTS.md")
    args = parser.parse_args(argv)
    results = measure(args.articles, args.jobs)
    table = report(results)
    print(json.dumps(results) if args.json else table)
    if args.write_results:
        replace_section(SECTION, results_section(results, table, argv))
        print(f"wrote {RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

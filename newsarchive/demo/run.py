"""`newsarchive demo`: serve the sample sites on loopback, crawl them twice for real, summarise the archive."""

from __future__ import annotations

import time

from ..config import Site
from ..crawl import CrawlPass, crawl_settings, run_crawls
from ..store import Archive
from .server import DemoSites, serve_until_interrupted

# Stable ports keep the demo's URLs, and so its archive rows, the same from one run to the next.
DEMO_PORT = 8741
NEXT_STEPS = """Try next:
  newsarchive search "report" --db {db}
  newsarchive query "select site, count(*) as articles from articles group by site" --db {db}
  newsarchive export -o articles.jsonl --db {db}"""


def run_demo(db_path: str, *, keep_serving: bool = False) -> str:
    """Crawl the demo sites into `db_path` (first edition, then the second with one edited article); return a summary."""
    started = time.monotonic()
    with DemoSites(base_port=DEMO_PORT) as demo:
        sites = [Site(name=name, urls=(base + "/",)) for name, base in demo.sites.items()]
        settings = crawl_settings(
            db_path, NEWSARCHIVE_ALLOW_PRIVATE=True, DOWNLOAD_DELAY=0.0, AUTOTHROTTLE_ENABLED=False
        )

        def publish_second_edition() -> None:
            demo.edition = 2

        results = run_crawls(
            db_path,
            [CrawlPass(sites), CrawlPass(sites, refresh=True, before=publish_second_edition)],
            settings,
        )
        seconds = time.monotonic() - started
        if keep_serving:
            serve_until_interrupted(demo)
    archive = Archive(db_path)
    try:
        totals = archive.site_totals([site.name for site in sites])
    finally:
        archive.close()
    errors = sum(r.counts.get("errors", 0) for r in results)
    return "\n".join(
        [
            f"Demo crawl of {len(sites)} sample sites finished in {seconds:.1f} s "
            f"({sum(r.counts.get('pages', 0) for r in results)} pages fetched, {errors} errors).",
            f"  articles stored:     {totals['articles']}",
            f"  duplicates found:    {totals['duplicates']}",
            f"  revisions recorded:  {totals['revised']}",
            f"  report links found:  {totals['report_links']}",
            f"  archive:             {db_path}",
            "",
            NEXT_STEPS.format(db=db_path),
        ]
    )


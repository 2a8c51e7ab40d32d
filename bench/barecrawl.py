"""Scrapy's own CPU floor for bench/crawl.py: fetch a list of URLs as `newsarchive crawl` would, do nothing with them.

    python bench/barecrawl.py URLS_FILE DB

Same settings as `newsarchive crawl URL --allow-private --delay 0` (robots.txt, address guard, per-host limit,
middlewares, downloader), but a spider with no frontier, no extraction and no store. Prints the number of
responses. Imports nothing of the extractor, so its CPU is Scrapy's and the download path's alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

import scrapy
from scrapy.crawler import AsyncCrawlerProcess

sys.path[:0] = [str(Path(__file__).resolve().parent.parent)]

from newsarchive.cli import _crawl_setup  # noqa: E402


def main(urls_file: str, db: str) -> int:
    urls = Path(urls_file).read_text().split()
    options = {"sites_path": None, "allow_private": True, "delay": 0.0, "db_path": db, "user_agent": None,
               "jobs": None, "no_snapshots": False, "verbose": 0}  # fmt: skip
    _, settings = _crawl_setup((urls[0],), options)
    settings.set("NEWSARCHIVE_PROGRESS", "off", priority="cmdline")  # it reports on the news spider's frontier
    statuses: list[int] = []

    class BareSpider(scrapy.Spider):
        name = "bare"

        async def start(self):  # type: ignore[override]
            for url in urls:
                yield scrapy.Request(url, callback=self.parse, dont_filter=True)

        async def parse(self, response: scrapy.http.Response) -> None:
            statuses.append(response.status)

    process = AsyncCrawlerProcess(settings)
    process.crawl(BareSpider)
    process.start()
    print(len(statuses))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))

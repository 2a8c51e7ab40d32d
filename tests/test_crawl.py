"""End to end: the real spider crawls the demo sites on loopback into a real SQLite archive."""

from __future__ import annotations

import json
import pickle
import sqlite3
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from newsarchive.crawl import UNUSED_EXTENSIONS, crawl_settings
from newsarchive.demo.server import DemoSites
from newsarchive.extract import analyse_page
from newsarchive.store import Archive


def _expand(value: str, demo: DemoSites, site: str) -> str:
    for name, base in demo.sites.items():
        value = value.replace(f"{{{{base:{name}}}}}", base)
    return value.replace("{{base}}", demo.sites[site])


@pytest.fixture(scope="module")
def crawled(tmp_path_factory, cli_run):
    """Crawl all demo sites (edition 1), then publish edition 2 and crawl again with --refresh."""
    db = tmp_path_factory.mktemp("crawl") / "archive.db"
    with DemoSites() as demo:
        first = cli_run("crawl", *demo.start_urls, "--allow-private", "--delay", "0", "--db", str(db))
        first_requests = list(demo.requests)
        demo.edition = 2
        second = cli_run("crawl", *demo.start_urls, "--allow-private", "--delay", "0", "--refresh", "--db", str(db))
        yield {
            "db": db,
            "demo": demo,
            "first": json.loads(first.stdout),
            "second": json.loads(second.stdout),
            "first_requests": first_requests,
            "requests": list(demo.requests),
        }


def _stored(db, url):
    archive = Archive(db, create=False)
    try:
        return archive.get_article(url)
    finally:
        archive.close()


def _problems(article, expected, demo) -> list[str]:
    if article is None:
        return ["not stored"]
    problems = []
    if article.title != expected["title"]:
        problems.append(f"title {article.title!r}")
    if (article.published or "")[:10] != expected["published"]:
        problems.append(f"published {article.published!r}")
    if article.authors != expected["authors"]:
        problems.append(f"authors {article.authors!r}")
    reports = sorted(link.url for link in article.links if link.kind == "report")
    if reports != sorted(_expand(u, demo, expected["site"]) for u in expected["report_links"]):
        problems.append(f"report links {reports!r}")
    problems += [f"missing {snippet!r}" for snippet in expected["with"] if snippet not in article.body]
    problems += [f"boilerplate {snippet!r}" for snippet in expected["without"] if snippet in article.body]
    if "icon-" in article.body or "icon-" in (article.title or ""):
        problems.append("share-icon text")
    return problems


def test_every_demo_article_is_stored_with_its_expected_fields(crawled, demo_expected):
    demo = crawled["demo"]
    failures = {}
    for expected in demo_expected["articles"]:
        url = demo.sites[expected["site"]] + expected["path"]
        problems = _problems(_stored(crawled["db"], url), expected, demo)
        if problems:
            failures[f"{expected['site']}{expected['path']}"] = problems
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)


def test_no_listing_404_redirect_or_disallowed_page_is_stored_as_an_article(crawled, demo_expected):
    demo = crawled["demo"]
    for page in demo_expected["non_articles"]:
        assert _stored(crawled["db"], demo.sites[page["site"]] + page["path"]) is None, page


def test_robots_disallowed_path_is_never_fetched(crawled, demo_expected):
    disallowed = {(p["site"], p["path"]) for p in demo_expected["non_articles"] if p["kind"] == "robots-disallowed"}
    assert disallowed
    fetched = {(site, urlsplit(path).path) for site, _, path in crawled["requests"]}
    assert not disallowed & fetched


def test_one_row_per_article_and_nothing_stored_twice(crawled, demo_expected):
    conn = sqlite3.connect(crawled["db"])
    (count,) = conn.execute("SELECT COUNT(*) FROM articles").fetchone()
    assert count == len(demo_expected["articles"])
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_second_run_rechecks_with_conditional_get_and_records_the_revision(crawled, demo_expected):
    second = crawled["second"]
    assert second["articles_new"] == 0
    revised = [a for a in demo_expected["articles"] if a.get("revised")]
    assert second["articles_updated"] == len(revised)
    assert second["not_modified"] >= len(demo_expected["articles"]) - len(revised) - 1
    for expected in revised:
        article = _stored(crawled["db"], crawled["demo"].sites[expected["site"]] + expected["path"])
        assert article.revision == 2


def test_duplicates_point_at_the_original(crawled, demo_expected):
    demo = crawled["demo"]
    for expected in demo_expected["articles"]:
        if expected.get("duplicate_of"):
            article = _stored(crawled["db"], demo.sites[expected["site"]] + expected["path"])
            original = expected["duplicate_of"]
            assert article.duplicate_of == demo.sites[original["site"]] + original["path"]


def test_crawl_is_recorded_in_the_crawls_table(crawled):
    conn = sqlite3.connect(crawled["db"])
    rows = conn.execute("SELECT status, pages, articles_new FROM crawls ORDER BY id").fetchall()
    assert [r[0] for r in rows] == ["finished", "finished"]
    assert rows[0][2] == crawled["first"]["articles_new"] > 0


def test_scrapy_extensions_the_crawl_does_not_use_are_not_even_named(tmp_path):
    # Scrapy imports every extension named in its lists, disabled or not, before it can start.
    extensions = crawl_settings(tmp_path / "archive.db").getwithbase("EXTENSIONS")
    assert UNUSED_EXTENSIONS and not set(UNUSED_EXTENSIONS) & set(extensions)
    assert extensions["newsarchive.progress.Progress"] == 500


@pytest.mark.parametrize(("level", "logged"), [("WARNING", False), ("INFO", False), ("DEBUG", True), (10, True)])
def test_per_page_log_lines_are_built_only_when_debug_is_shown(tmp_path, level, logged):
    from scrapy import Request
    from scrapy.http import HtmlResponse

    from newsarchive.crawllog import PageLogFormatter

    settings = crawl_settings(tmp_path / "archive.db", LOG_LEVEL=level)
    assert settings["LOG_FORMATTER"] == "newsarchive.crawllog.PageLogFormatter"
    formatter = PageLogFormatter.from_crawler(type("Crawler", (), {"settings": settings})())
    response = HtmlResponse("https://news.example.com/", body=b"<html></html>", request=Request("https://news.example.com/"))
    lines = [formatter.crawled(response.request, response, None), formatter.scraped({"page": 1}, response, None)]
    assert [line is not None for line in lines] == [logged, logged]


ARTICLE_PAGE = (
    "<html><head><title>Port strike ends</title></head><body><article><h1>Port strike ends</h1><p>"
    + "Dock workers returned to work on Monday after a week-long strike over pay and shifts. " * 8
    + "</p></article></body></html>"
)


def test_the_crawling_process_never_imports_the_extractor(tmp_path):
    # The extractor (trafilatura, bs4, htmldate...) is the workers' and the fork server's: importing it here would
    # cost the crawl process a third of a second of CPU, at start-up or when it unpickles a worker's first result.
    result = analyse_page(ARTICLE_PAGE, "https://news.example.com/2024/01/01/port-strike-ends")
    assert result.article is not None
    script = (
        "import pickle, sys\n"
        "from scrapy.utils.misc import load_object\n"
        "from newsarchive.crawl import crawl_settings\n"
        "import newsarchive.cli, newsarchive.spiders.news\n"
        f"settings = crawl_settings({str(tmp_path / 'archive.db')!r})\n"
        "for name in ('ITEM_PIPELINES', 'DOWNLOADER_MIDDLEWARES', 'SPIDER_MIDDLEWARES', 'EXTENSIONS'):\n"
        "    for path, order in settings.getwithbase(name).items():\n"
        "        if order is not None:\n"
        "            load_object(path)\n"
        "load_object(settings['DOWNLOADER']), load_object(settings['TWISTED_DNS_RESOLVER'])\n"
        "print(pickle.loads(sys.stdin.buffer.read()).article.title)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('newsarchive.extract', 'trafilatura', 'bs4', 'htmldate'))))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], input=pickle.dumps(result), capture_output=True, check=True)
    assert run.stdout.decode().splitlines() == ["Port strike ends", "[]"]

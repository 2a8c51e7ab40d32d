"""The demo news sites: every page served, validators, robots, 404, 301, editions, base substitution."""

from __future__ import annotations

import html
import http.client
import json
import re
import socket
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser
from xml.etree import ElementTree

import pytest

from newsarchive.demo.content import load_all
from newsarchive.demo.pdf import minimal_pdf
from newsarchive.demo.render import (
    MONTHS_UR,
    date_long,
    date_urdu,
    date_words,
    join_names,
    paragraph_html,
)
from newsarchive.demo.server import DemoSites

EXPECTED = json.loads((Path(__file__).parent / "fixtures" / "demo" / "expected.json").read_text("utf-8"))
ARTICLES = EXPECTED["articles"]
NON_ARTICLES = EXPECTED["non_articles"]
SITE_NAMES = sorted(load_all())
NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _kind(kind: str) -> list[dict]:
    return [r for r in NON_ARTICLES if r["kind"] == kind]


def fetch(
    base: str, target: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One request without following redirects: (status, lower-cased headers, body)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request(method, target, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def links_of(page: bytes) -> set[str]:
    return {html.unescape(h) for h in re.findall(r'href="([^"]+)"', page.decode("utf-8"))}


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoSites]:
    with DemoSites() as sites:
        yield sites


def listing_links(demo: DemoSites, site: str) -> set[str]:
    """Every href (made site-relative) on the site's listing pages."""
    base = demo.sites[site]
    found: set[str] = set()
    for record in _kind("listing"):
        if record["site"] == site:
            _, _, body = fetch(base, record["path"])
            found |= {link.removeprefix(base) for link in links_of(body)}
    return found


def test_demo_has_four_sites_and_forty_articles(demo: DemoSites) -> None:
    assert len(demo.sites) >= 4
    assert len(ARTICLES) >= 40
    assert sorted(demo.sites) == SITE_NAMES
    assert demo.start_urls == [base + "/" for base in demo.sites.values()]
    assert all(re.fullmatch(r"http://127\.0\.0\.1:\d+", base) for base in demo.sites.values())


@pytest.mark.parametrize("site", SITE_NAMES)
def test_homepage_declares_feed_and_robots_names_sitemap(demo: DemoSites, site: str) -> None:
    base = demo.sites[site]
    status, headers, body = fetch(base, "/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    feed = re.search(r'<link rel="alternate" type="application/rss\+xml"[^>]*href="([^"]+)"', body.decode())
    assert feed is not None
    status, headers, body = fetch(base, feed.group(1))
    assert status == 200 and headers["content-type"].startswith("application/rss+xml")
    items = ElementTree.fromstring(body).findall("./channel/item")
    expected_paths = {a["path"] for a in ARTICLES if a["site"] == site}
    assert {urlsplit(i.findtext("link")).path for i in items} == expected_paths
    status, headers, body = fetch(base, "/robots.txt")
    assert status == 200 and headers["content-type"] == "text/plain; charset=utf-8"


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: f"{a['site']}{a['path']}")
def test_every_expected_article_is_served(demo: DemoSites, article: dict) -> None:
    status, headers, body = fetch(demo.sites[article["site"]], article["path"])
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["etag"] and headers["last-modified"]
    text = html.unescape(body.decode("utf-8"))
    assert article["title"] in text
    for snippet in article["with"]:
        assert snippet in re.sub(r"<[^>]+>", "", text)


@pytest.mark.parametrize("article", [a for a in ARTICLES if a["report_links"]], ids=lambda a: a["path"])
def test_report_links_are_linked_and_serve_valid_pdfs(demo: DemoSites, article: dict) -> None:
    base = demo.sites[article["site"]]
    _, _, page = fetch(base, article["path"])
    for link in article["report_links"]:
        url = link.replace("{{base}}", base)
        assert url in links_of(page)
        status, headers, body = fetch(base, urlsplit(url).path)
        assert status == 200 and headers["content-type"] == "application/pdf"
        assert_valid_pdf(body)


def assert_valid_pdf(data: bytes) -> None:
    """Header, trailer and every xref offset pointing at its object."""
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    start = int(re.search(rb"startxref\s+(\d+)", data).group(1))
    assert data[start:].startswith(b"xref")
    count = int(re.match(rb"xref\s+0 (\d+)", data[start:]).group(1))
    entries = re.findall(rb"(\d{10}) 00000 n", data[start:])
    assert len(entries) == count - 1
    for number, offset in enumerate(entries, start=1):
        assert data[int(offset) :].startswith(f"{number} 0 obj".encode())


def test_minimal_pdf_escapes_and_is_valid() -> None:
    data = minimal_pdf("A (bracketed) title \\ with backslash", ("Line one", "Ünïcode line"))
    assert_valid_pdf(data)
    assert b"A \\(bracketed\\) title \\\\ with backslash" in data


def test_etag_and_last_modified_give_304(demo: DemoSites) -> None:
    base, path = demo.sites[ARTICLES[0]["site"]], ARTICLES[0]["path"]
    _, headers, body = fetch(base, path)
    status, again, rest = fetch(base, path, headers={"If-None-Match": headers["etag"]})
    assert status == 304 and rest == b"" and again["etag"] == headers["etag"]
    status, _, _ = fetch(base, path, headers={"If-None-Match": '"something-else"'})
    assert status == 200
    status, _, _ = fetch(base, path, headers={"If-Modified-Since": headers["last-modified"]})
    assert status == 304
    status, _, _ = fetch(base, path, headers={"If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT"})
    assert status == 200
    status, _, _ = fetch(base, path, headers={"If-Modified-Since": "not a date"})
    assert status == 200


def test_head_sends_headers_without_body(demo: DemoSites) -> None:
    base, path = demo.sites[ARTICLES[0]["site"]], ARTICLES[0]["path"]
    _, full_headers, body = fetch(base, path)
    status, headers, empty = fetch(base, path, method="HEAD")
    assert status == 200 and empty == b""
    assert headers["content-length"] == str(len(body)) and headers["etag"] == full_headers["etag"]


@pytest.mark.parametrize("site", SITE_NAMES)
def test_unknown_path_and_page_out_of_range_are_404(demo: DemoSites, site: str) -> None:
    for target in ("/no/such/page/", "/?page=99"):
        status, headers, body = fetch(demo.sites[site], target)
        assert status == 404 and headers["content-type"] == "text/html; charset=utf-8"
        assert b"</html>" in body and "etag" not in headers


@pytest.mark.parametrize("record", _kind("not-found"), ids=lambda r: r["path"])
def test_dead_links_in_listings_are_404(demo: DemoSites, record: dict) -> None:
    assert fetch(demo.sites[record["site"]], record["path"])[0] == 404
    assert record["path"] in listing_links(demo, record["site"])


@pytest.mark.parametrize("record", _kind("redirect"), ids=lambda r: r["path"])
def test_old_article_urls_redirect_permanently(demo: DemoSites, record: dict) -> None:
    base = demo.sites[record["site"]]
    status, headers, _ = fetch(base, record["path"])
    assert status == 301 and headers["location"] == base + record["location"]
    assert {"site": record["site"], "path": record["location"]} in [
        {"site": a["site"], "path": a["path"]} for a in ARTICLES
    ]
    assert record["path"] in listing_links(demo, record["site"])


@pytest.mark.parametrize("record", _kind("robots-disallowed"), ids=lambda r: r["path"])
def test_disallowed_path_is_linked_served_and_forbidden_by_robots(demo: DemoSites, record: dict) -> None:
    base = demo.sites[record["site"]]
    robots = RobotFileParser()
    robots.parse(fetch(base, "/robots.txt")[2].decode().splitlines())
    assert not robots.can_fetch("newsarchive", base + record["path"])
    assert all(robots.can_fetch("newsarchive", base + a["path"]) for a in ARTICLES if a["site"] == record["site"])
    assert fetch(base, record["path"])[0] == 200
    assert record["path"] in listing_links(demo, record["site"])


@pytest.mark.parametrize("record", _kind("listing"), ids=lambda r: f"{r['site']}{r['path']}")
def test_listing_pages_are_served(demo: DemoSites, record: dict) -> None:
    status, headers, body = fetch(demo.sites[record["site"]], record["path"])
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize("site", SITE_NAMES)
def test_listings_paginate_and_reach_every_article(demo: DemoSites, site: str) -> None:
    listings = [r["path"] for r in _kind("listing") if r["site"] == site]
    assert any("page" in path for path in listings)
    linked = listing_links(demo, site)
    assert {a["path"] for a in ARTICLES if a["site"] == site} - linked <= {
        r["location"] for r in _kind("redirect") if r["site"] == site
    }


def test_robots_sitemap_index_leads_to_google_news_sitemap(demo: DemoSites) -> None:
    news_dates = {}
    for site, base in demo.sites.items():
        robots = fetch(base, "/robots.txt")[2].decode()
        for index_url in re.findall(r"^Sitemap: (\S+)$", robots, flags=re.M):
            status, headers, body = fetch(base, urlsplit(index_url).path)
            assert status == 200 and headers["content-type"] == "application/xml; charset=utf-8"
            for loc in ElementTree.fromstring(body).iter(f"{SITEMAP_NS}loc"):
                _, _, sitemap = fetch(base, urlsplit(loc.text).path)
                for url in ElementTree.fromstring(sitemap).iter(f"{SITEMAP_NS}url"):
                    date = url.findtext(f"{NEWS_NS}news/{NEWS_NS}publication_date")
                    if date is not None:
                        news_dates[(site, urlsplit(url.findtext(f"{SITEMAP_NS}loc")).path)] = date
    assert news_dates
    published = {(a["site"], a["path"]): a["published"] for a in ARTICLES}
    for key, date in news_dates.items():
        assert date.startswith(published[key])


def test_no_placeholder_is_ever_served_and_bases_are_substituted(demo: DemoSites) -> None:
    for record in ARTICLES + _kind("listing"):
        base = demo.sites[record["site"]]
        body = fetch(base, record["path"])[2].decode("utf-8")
        assert "{{base" not in body
        assert f'<link rel="canonical" href="{base}' in body or record.get("duplicate_of")
    for base in demo.sites.values():
        robots = fetch(base, "/robots.txt")[2].decode()
        assert "{{base" not in robots
        assert all(url.startswith(base + "/") for url in re.findall(r"^Sitemap: (\S+)$", robots, flags=re.M))


@pytest.mark.parametrize("article", [a for a in ARTICLES if a["duplicate_of"]], ids=lambda a: a["path"])
def test_syndicated_copy_points_to_original_on_other_site(demo: DemoSites, article: dict) -> None:
    original = article["duplicate_of"]
    assert original["site"] != article["site"]
    copy = fetch(demo.sites[article["site"]], article["path"])[2].decode()
    assert f'<link rel="canonical" href="{demo.sites[original["site"]]}{original["path"]}">' in copy
    source = next(a for a in ARTICLES if (a["site"], a["path"]) == (original["site"], original["path"]))
    assert source["title"] == article["title"] and source["with"] == article["with"]


def test_edition_two_serves_the_revision(demo: DemoSites) -> None:
    revised = [a for a in ARTICLES if a["revised"]]
    assert revised
    for article in revised:
        base = demo.sites[article["site"]]
        _, first_headers, first = fetch(base, article["path"])
        demo.edition = 2
        try:
            _, second_headers, second = fetch(base, article["path"])
            assert fetch(base, article["path"], headers={"If-None-Match": first_headers["etag"]})[0] == 200
        finally:
            demo.edition = 1
        assert second_headers["etag"] != first_headers["etag"]
        assert second_headers["last-modified"] != first_headers["last-modified"]
        first_text, second_text = first.decode(), second.decode()
        for snippet in article["edition2"]["with"]:
            assert snippet in html.unescape(second_text) and snippet not in html.unescape(first_text)
        for snippet in article["edition2"]["without"]:
            assert snippet in html.unescape(first_text) and snippet not in html.unescape(second_text)


def test_requests_are_recorded_and_server_is_quiet(demo: DemoSites, capfd: pytest.CaptureFixture[str]) -> None:
    site = SITE_NAMES[0]
    before = len(demo.requests)
    fetch(demo.sites[site], "/robots.txt", method="HEAD")
    fetch(demo.sites[site], "/missing-page")
    assert demo.requests[before:] == [(site, "HEAD", "/robots.txt"), (site, "GET", "/missing-page")]
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


def test_sites_stop_on_exit() -> None:
    with DemoSites() as sites:
        base = sites.sites[SITE_NAMES[0]]
        assert fetch(base, "/")[0] == 200
    with pytest.raises(OSError):
        fetch(base, "/")


def test_base_port_gives_stable_addresses_and_falls_back_when_taken() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        taken = probe.getsockname()[1]
        with DemoSites(base_port=taken) as sites:
            first = sites.sites[SITE_NAMES[0]]
            assert not first.endswith(f":{taken}")
            assert fetch(first, "/")[0] == 200
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    with DemoSites(base_port=free) as sites:
        assert sites.sites[SITE_NAMES[0]] == f"http://127.0.0.1:{free}"


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: f"{a['site']}{a['path']}")
def test_structured_data_agrees_with_expected_record(demo: DemoSites, article: dict) -> None:
    page = fetch(demo.sites[article["site"]], article["path"])[2].decode("utf-8")
    assert re.search(rf'<html lang="{article["language"]}" dir="(ltr|rtl)"', page)
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S):
        data = json.loads(block)
        assert data["@type"] == "NewsArticle" and data["headline"] == article["title"]
        assert [a["name"] for a in data["author"] if a["@type"] == "Person"] == article["authors"]
        assert re.fullmatch(rf"{article['published']}T\d\d:\d\d:\d\d[+-]\d\d:\d\d", data["datePublished"])
    published = re.search(r'<meta property="article:published_time" content="([^"]+)"', page)
    if published is not None:
        assert published.group(1).startswith(article["published"])


def test_urdu_site_is_right_to_left_with_urdu_dates(demo: DemoSites) -> None:
    urdu = [a for a in ARTICLES if a["language"] == "ur"]
    assert urdu
    for article in urdu:
        page = fetch(demo.sites[article["site"]], article["path"])[2].decode("utf-8")
        assert '<html lang="ur" dir="rtl">' in page
        year, month, day = (int(part) for part in article["published"].split("-"))
        assert f"{day} {MONTHS_UR[month - 1]} {year}" in page


@pytest.mark.parametrize(
    ("moment", "words", "long", "urdu"),
    [
        (datetime(2023, 8, 20, 9, 0), "Sun Aug 20 2023", "August 20, 2023", "20 اگست 2023"),
        (datetime(2023, 1, 5, 23, 59), "Thu Jan 05 2023", "January 5, 2023", "5 جنوری 2023"),
    ],
)
def test_date_formats(moment: datetime, words: str, long: str, urdu: str) -> None:
    assert (date_words(moment), date_long(moment), date_urdu(moment)) == (words, long, urdu)


@pytest.mark.parametrize(
    ("names", "joined"),
    [([], ""), (["A"], "A"), (["A", "B"], "A and B"), (["A", "B", "C"], "A, B and C")],
)
def test_join_names(names: list[str], joined: str) -> None:
    assert join_names(names, "and") == joined


@pytest.mark.parametrize(
    ("text", "markup"),
    [
        ("Plain & simple", "<p>Plain &amp; simple</p>"),
        ("## A subheading", "<h2>A subheading</h2>"),
        ("> Quoted words", "<blockquote><p>Quoted words</p></blockquote>"),
        ("See [the study](/doc.pdf) now", '<p>See <a href="/doc.pdf">the study</a> now</p>'),
    ],
)
def test_paragraph_html(text: str, markup: str) -> None:
    assert paragraph_html(text) == markup

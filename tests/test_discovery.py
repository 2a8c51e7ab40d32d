"""Feeds, sitemaps and robots.txt: what discovery finds, and what hostile XML cannot do."""

from __future__ import annotations

import gzip

import pytest

from newsarchive.discovery import DiscoveryError, decompress, parse_feed, parse_sitemap, sitemaps_in_robots

BASE = "https://news.example.com/"

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example News</title>
<item><title>One</title><link>https://news.example.com/2024/05/01/one.html</link>
<pubDate>Wed, 01 May 2024 08:00:00 +0000</pubDate></item>
<item><title>Two</title><guid>/2024/05/02/two.html</guid></item>
<item><title>Mail</title><link>mailto:desk@example.com</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title>
<entry><title>A</title><link rel="alternate" href="https://news.example.com/a"/>
<link rel="edit" href="https://news.example.com/edit/a"/><published>2024-05-01T10:00:00Z</published></entry>
<entry><title>B</title><link href="https://news.example.com/b"/></entry>
</feed>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example.com/world/story-1</loc>
<news:news><news:publication><news:name>Example</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2024-05-01T08:00:00+00:00</news:publication_date><news:title>Story</news:title></news:news></url>
<url><loc>https://news.example.com/world/story-2</loc><lastmod>2024-05-02</lastmod></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example.com/sitemap-news.xml</loc></sitemap>
<sitemap><loc>/sitemap-2024.xml.gz</loc></sitemap>
</sitemapindex>"""


def test_rss_items_resolve_relative_links_and_skip_other_schemes():
    found = parse_feed(RSS, BASE)
    assert [f.url for f in found] == [
        "https://news.example.com/2024/05/01/one.html",
        "https://news.example.com/2024/05/02/two.html",
    ]
    assert found[0].published == "Wed, 01 May 2024 08:00:00 +0000"
    assert all(f.kind == "article" for f in found)


def test_atom_entries_use_alternate_links():
    found = parse_feed(ATOM, BASE)
    assert [f.url for f in found] == ["https://news.example.com/a", "https://news.example.com/b"]
    assert found[0].published == "2024-05-01T10:00:00Z"


def test_google_news_sitemap_gives_publication_dates():
    found = parse_sitemap(NEWS_SITEMAP, BASE)
    assert [(f.url, f.kind, f.published) for f in found] == [
        ("https://news.example.com/world/story-1", "article", "2024-05-01T08:00:00+00:00"),
        ("https://news.example.com/world/story-2", "article", "2024-05-02"),
    ]


@pytest.mark.parametrize("compressed", [False, True])
def test_sitemap_index_children_are_sitemaps(compressed):
    body = gzip.compress(INDEX) if compressed else INDEX
    found = parse_sitemap(body, BASE)
    assert [(f.url, f.kind) for f in found] == [
        ("https://news.example.com/sitemap-news.xml", "sitemap"),
        ("https://news.example.com/sitemap-2024.xml.gz", "sitemap"),
    ]


def test_robots_sitemap_lines():
    robots = b"User-agent: *\nDisallow: /private/\nSitemap: https://news.example.com/sitemap.xml\nsitemap: /news.xml\n"
    assert sitemaps_in_robots(robots, BASE) == [
        "https://news.example.com/sitemap.xml",
        "https://news.example.com/news.xml",
    ]


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    xxe = f"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY leak SYSTEM "file://{secret}">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://news.example.com/&leak;</loc></url></urlset>""".encode()
    found = parse_sitemap(xxe, BASE)
    assert all("TOP-SECRET" not in f.url for f in found)


def test_billion_laughs_does_not_expand():
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    bomb = f"""<?xml version="1.0"?><!DOCTYPE rss [{"".join(levels)}]>
<rss><channel><item><link>https://news.example.com/&lol9;</link></item></channel></rss>""".encode()
    found = parse_feed(bomb, BASE)
    assert all(len(f.url) < 1000 for f in found)


def test_gzip_bomb_is_refused_past_the_cap():
    bomb = gzip.compress(b"<urlset>" + b" " * (32 * 1024 * 1024))
    with pytest.raises(DiscoveryError, match="exceeds"):
        decompress(bomb, max_size=1024 * 1024)


@pytest.mark.parametrize("body", [b"", b"not xml at all <<<", b"\x1f\x8b\x08broken-gzip"])
def test_unreadable_bodies_raise_discovery_error(body):
    with pytest.raises(DiscoveryError):
        parse_sitemap(body, BASE)

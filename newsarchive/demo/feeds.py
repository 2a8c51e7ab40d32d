"""The RSS feed and the sitemaps (index, URL and Google News) of a demo site."""

from __future__ import annotations

import html
from datetime import datetime
from email.utils import format_datetime

from .content import SiteContent, Story


def rss_feed(site: SiteContent, stories: list[Story]) -> str:
    """RSS 2.0 with one item per story (dc:creator per author)."""
    items = []
    for s in stories:
        items.append(
            "<item>"
            f"<title>{html.escape(s.title)}</title>"
            f"<link>{{{{base}}}}{s.path}</link>"
            f'<guid isPermaLink="true">{{{{base}}}}{s.path}</guid>'
            f"<pubDate>{format_datetime(s.published)}</pubDate>"
            + "".join(f"<dc:creator>{html.escape(a)}</dc:creator>" for a in s.authors)
            + f"<category>{html.escape(site.section(s.section).name)}</category>"
            f"<description>{html.escape(s.standfirst)}</description>"
            "</item>"
        )
    built = max((s.modified for s in stories), default=site.updated)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{html.escape(site.title)}</title>\n<link>{{{{base}}}}/</link>\n"
        f'<atom:link href="{{{{base}}}}{site.feed}" rel="self" type="application/rss+xml"/>\n'
        f"<description>{html.escape(site.tagline)}</description>\n<language>{site.lang}</language>\n"
        f"<lastBuildDate>{format_datetime(built)}</lastBuildDate>\n" + "\n".join(items) + "\n</channel>\n</rss>\n"
    )


def sitemap_index(paths: list[tuple[str, datetime]]) -> str:
    """A sitemap index listing (path, last modified) sitemaps."""
    entries = "".join(
        f"<sitemap><loc>{{{{base}}}}{p}</loc><lastmod>{m.isoformat()}</lastmod></sitemap>\n" for p, m in paths
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</sitemapindex>\n'
    )


def url_sitemap(stories: list[Story]) -> str:
    """A plain sitemap: each story's address and last modification."""
    entries = "".join(
        f"<url><loc>{{{{base}}}}{s.path}</loc><lastmod>{s.modified.isoformat()}</lastmod></url>\n" for s in stories
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</urlset>\n'
    )


def news_sitemap(site: SiteContent, stories: list[Story]) -> str:
    """A Google News sitemap: publication, language, news:publication_date and title per story."""
    entries = "".join(
        f"<url><loc>{{{{base}}}}{s.path}</loc><news:news><news:publication>"
        f"<news:name>{html.escape(site.title)}</news:name><news:language>{site.lang}</news:language>"
        f"</news:publication><news:publication_date>{s.published.isoformat()}</news:publication_date>"
        f"<news:title>{html.escape(s.title)}</news:title></news:news></url>\n"
        for s in stories
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n{entries}</urlset>\n'
    )

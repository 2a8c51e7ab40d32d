"""The public API is exactly what `newsarchive.__all__` names, sorted, and every name resolves."""

from __future__ import annotations

import newsarchive

EXPECTED = [
    "Archive", "ArchiveError", "Article", "ConfigError", "ExtractionError", "Link", "NewsarchiveError", "Overrides",
    "PageAnalysis", "QueryError", "Site", "UrlError", "analyse_page", "canonical_url", "extract_article", "load_sites",
]


def test_public_api_is_pinned_and_sorted():
    assert newsarchive.__all__ == EXPECTED == sorted(EXPECTED)


def test_every_public_name_resolves():
    for name in newsarchive.__all__:
        assert getattr(newsarchive, name) is not None


def test_extract_article_from_the_package(tmp_path):
    article = newsarchive.extract_article(
        "<html><body><article><h1>Port strike ends</h1><p>" + "Dock workers returned to work on Monday. " * 8
        + "</p></article></body></html>",
        "https://news.example.com/2024/01/01/port-strike-ends",
    )
    assert isinstance(article, newsarchive.Article)
    assert article.title == "Port strike ends"

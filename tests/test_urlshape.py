"""URL-shape classification of discovered links: article, listing, skip (or unknown) from the URL alone."""

from __future__ import annotations

import pytest

from newsarchive.urlshape import classify_url, url_shape


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://news.example.com/2023/08/20/csis-finds-iskp-threat/", "article"),
        ("https://news.example.com/news/2023-08-20/flood-warning", "article"),
        ("https://news.example.com/world/europe/pakistan-floods-kill-twenty-people", "article"),
        ("https://news.example.com/article/1234567", "article"),
        ("https://news.example.com/politik/deutschland/olaf-scholz-a-1234567.html", "article"),
        ("https://news.example.com/news/some-story.html", "article"),
        ("https://news.example.com/story.php?id=48213", "article"),
        ("https://news.example.com/?p=48213", "article"),
        ("https://news.example.com/local/20240314-council-vote", "article"),
        ("https://news.example.com/", "listing"),
        ("https://news.example.com", "listing"),
        ("https://news.example.com/world/", "listing"),
        ("https://news.example.com/news/world", "listing"),
        ("https://news.example.com/category/national/", "listing"),
        ("https://news.example.com/category/national/page/2/", "listing"),
        ("https://news.example.com/tag/pakistan", "listing"),
        ("https://news.example.com/author/jane-doe/", "listing"),
        ("https://news.example.com/news?page=3", "listing"),
        ("https://news.example.com/2023/08/", "listing"),
        ("https://news.example.com/politics.html", "listing"),
        ("https://news.example.com/search?q=floods", "skip"),
        ("https://news.example.com/?s=floods", "skip"),
        ("https://news.example.com/wp-content/uploads/2023/08/photo.jpg", "skip"),
        ("https://news.example.com/files/report.pdf", "skip"),
        ("https://news.example.com/static/app.js", "skip"),
        ("https://news.example.com/feed/", "skip"),
        ("https://news.example.com/login?next=/x", "skip"),
        ("https://news.example.com/account/settings", "skip"),
        ("https://news.example.com/share/whatsapp", "skip"),
        ("https://news.example.com/2023/08/20/story/?share=facebook", "skip"),
        ("https://news.example.com/about-us/", "skip"),
        ("https://news.example.com/privacy-policy", "skip"),
        ("mailto:desk@news.example.com", "skip"),
        ("javascript:void(0)", "skip"),
        ("ftp://news.example.com/x", "skip"),
        ("https://[broken/", "skip"),
    ],
)
def test_classify_url(url: str, kind: str) -> None:
    assert classify_url(url) == kind


@pytest.mark.parametrize(
    ("url", "shape"),
    [
        ("https://news.example.com/brexit", "unknown"),
        ("https://news.example.com/p/abc", "unknown"),
        ("https://news.example.com/politics", "listing"),
        ("https://news.example.com/", "listing"),
        ("https://news.example.com/2023/08/20/a-story", "article"),
        ("https://news.example.com/search?q=x", "skip"),
    ],
)
def test_url_shape(url: str, shape: str) -> None:
    assert url_shape(url) == shape

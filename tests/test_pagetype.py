"""URL-shape classification of discovered links, and the article-or-listing decision on page signals."""

from __future__ import annotations

import pytest

from newsarchive.extract.pagetype import PageSignals, classify_url, page_kind


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


def signals(**changes: object) -> PageSignals:
    values: dict = dict(types=set(), body_words=600, long_paragraphs=6, teaser_share=0.0, article_links=40,
                        url_kind="article")
    values.update(changes)
    return PageSignals(**values)


@pytest.mark.parametrize(
    ("page", "hint", "kind"),
    [
        (signals(), None, "article"),
        (signals(types={"newsarticle"}, body_words=80, long_paragraphs=1, article_links=3), None, "article"),
        (signals(types={"article"}, body_words=60, long_paragraphs=0, article_links=5), "listing", "article"),
        (signals(body_words=90, long_paragraphs=1, article_links=30, url_kind="listing"), "article", "listing"),
        (signals(types={"article"}, body_words=90, long_paragraphs=0, article_links=30), "article", "listing"),
        (signals(teaser_share=0.7, body_words=400, long_paragraphs=0, url_kind="listing"), None, "listing"),
        (signals(types={"website"}, body_words=120, long_paragraphs=1, article_links=4), None, "listing"),
        (signals(body_words=120, long_paragraphs=1, article_links=4, url_kind="listing"), None, "listing"),
        (signals(body_words=120, long_paragraphs=1, article_links=4, url_kind="listing"), "article", "article"),
        (signals(body_words=10, long_paragraphs=0, article_links=0), "article", "listing"),
        (signals(body_words=0, long_paragraphs=0, article_links=0), None, "listing"),
        (signals(types={"newsarticle"}, teaser_share=0.5, long_paragraphs=5, url_kind="article"), None, "article"),
    ],
)
def test_page_kind(page: PageSignals, hint: str | None, kind: str) -> None:
    assert page_kind(page, hint) == kind

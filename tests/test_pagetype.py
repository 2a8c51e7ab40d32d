"""The article-or-listing decision on page signals."""

from __future__ import annotations

import pytest

from newsarchive.extract.pagetype import PageSignals, is_long_paragraph, page_kind


def signals(**changes: object) -> PageSignals:
    values: dict = dict(types=set(), body_words=600, long_paragraphs=6, paragraphs=10, teaser_lines=0,
                        teaser_share=0.0, article_links=40, url_shape="article")
    values.update(changes)
    return PageSignals(**values)


@pytest.mark.parametrize(
    ("page", "hint", "kind"),
    [
        (signals(), None, "article"),
        (signals(types={"newsarticle"}, body_words=80, long_paragraphs=1, article_links=3), None, "article"),
        (signals(types={"article"}, body_words=60, long_paragraphs=0, article_links=5), "listing", "article"),
        (signals(types={"newsarticle"}, body_words=90, long_paragraphs=1, article_links=56), None, "article"),
        (signals(types={"newsarticle"}, body_words=20, long_paragraphs=0, url_shape="article"), None, "article"),
        (signals(types={"newsarticle"}, body_words=20, long_paragraphs=0, url_shape="unknown"), None, "listing"),
        (signals(body_words=120, long_paragraphs=2, article_links=30, url_shape="unknown"), None, "article"),
        (signals(types={"website"}, body_words=280, long_paragraphs=0, article_links=2), None, "article"),
        (signals(types={"newsarticle"}, teaser_share=0.5, long_paragraphs=5), None, "article"),
        (signals(types={"newsarticle"}, teaser_share=0.5, long_paragraphs=5, url_shape="unknown"), None, "listing"),
        (signals(teaser_share=0.7, body_words=400, long_paragraphs=0, url_shape="unknown"), "article", "listing"),
        (signals(teaser_lines=6, paragraphs=12, teaser_share=0.2, long_paragraphs=6, url_shape="unknown"), None,
         "listing"),
        (signals(teaser_lines=3, paragraphs=12, teaser_share=0.1, url_shape="unknown"), None, "article"),
        (signals(body_words=90, long_paragraphs=1, article_links=30, url_shape="listing"), "article", "listing"),
        (signals(types={"article"}, body_words=300, long_paragraphs=1, url_shape="listing"), "article", "listing"),
        (signals(types={"article"}, body_words=300, long_paragraphs=3, url_shape="listing"), None, "article"),
        (signals(body_words=120, long_paragraphs=1, article_links=30, url_shape="unknown"), "article", "listing"),
        (signals(types={"collectionpage"}, body_words=120, long_paragraphs=1, article_links=4), None, "listing"),
        (signals(body_words=120, long_paragraphs=1, article_links=4, url_shape="unknown"), None, "listing"),
        (signals(body_words=120, long_paragraphs=1, article_links=4, url_shape="unknown"), "article", "article"),
        (signals(body_words=120, long_paragraphs=1, article_links=4), None, "article"),
        (signals(body_words=10, long_paragraphs=0, article_links=0), "article", "listing"),
        (signals(body_words=0, long_paragraphs=0, article_links=0), None, "listing"),
        (signals(body_words=410, long_paragraphs=0, paragraphs=24, article_links=58), None, "article"),
        (signals(body_words=410, long_paragraphs=0, paragraphs=24, teaser_lines=2, article_links=58), None, "listing"),
    ],
)
def test_page_kind(page: PageSignals, hint: str | None, kind: str) -> None:
    assert page_kind(page, hint) == kind




@pytest.mark.parametrize(
    ("text", "long"),
    [
        ("Short headline of another story", False),
        ("word " * 50, True),
        ("新华社北京2月19日电" * 9, True),
        ("新华社北京2月19日电" * 3, False),
    ],
)
def test_is_long_paragraph(text: str, long: bool) -> None:
    assert is_long_paragraph(text) is long

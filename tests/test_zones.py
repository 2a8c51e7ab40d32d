"""Tests for newsarchive.extract.zones: article parts versus comments, sidebars and navigation."""

from __future__ import annotations

import lxml.html
import pytest

from newsarchive.extract.zones import marks_off_article, off_article


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<div class="comments"><p id="x">t</p></div>', True),
        ('<div class="comment-list"><p id="x">t</p></div>', True),
        ('<aside><p id="x">t</p></aside>', True),
        ('<div id="secondary-sidebar"><p id="x">t</p></div>', True),
        ('<div class="row right-sidebar"><p id="x">t</p></div>', False),
        ('<ul class="relatedPosts"><li id="x">t</li></ul>', True),
        ('<div class="content has-sidebar"><p id="x">t</p></div>', False),
        ('<article class="post category-newsletter"><p id="x">t</p></article>', False),
        ('<div class="commentary"><p id="x">t</p></div>', False),
        ('<div class="article"><p id="x">t</p></div>', False),
    ],
)
def test_off_article(body: str, expected: bool) -> None:
    tree = lxml.html.fromstring(f'<html><body class="sidebar-layout nav-open">{body}</body></html>')
    assert off_article(tree.get_element_by_id("x")) is expected


@pytest.mark.parametrize(
    ("markup", "lead", "expected"),
    [
        ('<div class="teaser-text">t</div>', False, True),
        ('<div class="teaser-text">t</div>', True, False),
        ('<div class="article__teaser">t</div>', True, False),
        ('<div class="related-teasers">t</div>', True, True),
        ('<footer class="site">t</footer>', True, True),
        ('<div class="comments">t</div>', True, True),
        ('<div class="intro">t</div>', False, False),
    ],
)
def test_marks_off_article(markup: str, lead: bool, expected: bool) -> None:
    element = lxml.html.fromstring(f"<html><body>{markup}</body></html>").find("body")[0]
    assert marks_off_article(element, lead=lead) is expected

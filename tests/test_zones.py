"""Tests for newsarchive.extract.zones: article parts versus comments, sidebars and navigation."""

from __future__ import annotations

import lxml.html
import pytest

from newsarchive.extract.zones import off_article


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

"""Which parts of a page belong to the article: not comments, sidebars, teaser lists, navigation or footers."""

from __future__ import annotations

import re

from lxml import etree

OFF_ARTICLE_WORDS = (
    "comment", "comments", "kommentar", "kommentare", "respond", "reply", "replies", "discussion", "sidebar",
    "widget", "widgets", "related", "teaser", "teasers", "recommended", "recommendations", "popular", "trending",
    "footer", "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "archive", "calendar",
    "newsletter", "promo", "sponsored", "outbrain", "taboola",
)
"""Parts of class/id names marking comment threads, sidebars, teaser lists, navigation and footers."""
LAYOUT_WORDS = ("with", "has", "for", "no", "left", "right", "wrapper", "wrap", "layout", "category", "tag",
                "type", "format", "content", "main", "container")
"""Parts that make such a name describe the page layout or a category label instead (has-sidebar)."""
LEAD_WORDS = ("teaser", "teasers")
"""Parts of OFF_ARTICLE_WORDS that also name an article's own lead paragraph."""
_OFF_ARTICLE = frozenset(OFF_ARTICLE_WORDS)
_LEAD = frozenset(LEAD_WORDS)
_LAYOUT = frozenset(LAYOUT_WORDS)
_NAME_PARTS = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_OFF_TAGS = frozenset({"aside", "footer", "nav", "form", "select", "option"})


def marks_off_article(element: etree._Element, lead: bool = False) -> bool:
    """Whether this element itself is a comment thread, sidebar, teaser list, navigation or footer.

    With `lead`, "teaser" names do not count: many themes class an article's own lead paragraph so.
    """
    if element.tag in _OFF_TAGS:
        return True
    for name in f"{element.get('class') or ''} {element.get('id') or ''}".split():
        parts = set(_NAME_PARTS.split(_CAMEL.sub("-", name).lower()))
        if lead:
            parts -= _LEAD
        if parts & _OFF_ARTICLE and not parts & _LAYOUT:
            return True
    return False


def off_article(node: etree._Element) -> bool:
    """Whether the node sits in a comment, sidebar, teaser list, navigation or footer."""
    for element in (node, *node.iterancestors()):
        if element.tag in ("body", "html"):
            return False
        if marks_off_article(element):
            return True
    return False

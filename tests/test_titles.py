"""Tests for newsarchive.extract.titles: headline choice and site-suffix stripping."""

from __future__ import annotations

import lxml.html
import pytest

from newsarchive.extract.titles import headline, strip_site_suffix


@pytest.mark.parametrize(
    ("title", "site", "host", "expected"),
    [
        ("Rates rise again | Example News", "Example News", "example-news.com", "Rates rise again"),
        ("Rates rise again - Example News", None, "example-news.com", "Rates rise again"),
        ("Example News | Rates rise again", "Example News", "example.org", "Rates rise again"),
        ("Rates rise again – The Gazette", None, "gazette.co.uk", "Rates rise again"),
        ("Q&A - what the rate rise means", None, "example.org", "Q&A - what the rate rise means"),
        ("Rates rise again", "Example News", "example-news.com", "Rates rise again"),
        ("Rates rise again | Politics | Example News", "Example News", "x.com", "Rates rise again"),
    ],
)
def test_strip_site_suffix(title: str, site: str | None, host: str, expected: str) -> None:
    assert strip_site_suffix(title, site, host) == expected



@pytest.mark.parametrize(
    ("body", "declared", "expected"),
    [
        # the h1 agrees with the declared title: the visible wording wins
        ("<h1>Storm hits the coast</h1>", ["Storm hits the coast | Example News"], "Storm hits the coast"),
        # a reworded h1 (same story, other words) is the headline a reader sees
        ("<h1>How do I care for witch hazel in winter?</h1>", ["Witch hazel in winter"],
         "How do I care for witch hazel in winter?"),
        # a kicker glued before the headline in the h1 gives way to the declared headline
        ("<h1><span>Data leak</span> Rheinmetall files hacked</h1>", ["Rheinmetall files hacked"],
         "Rheinmetall files hacked"),
        # the site name in an h1 logo is skipped for the h1 that matches
        ('<h1>Example News</h1><h1>Storm hits the coast</h1>', ["Storm hits the coast - Example News"],
         "Storm hits the coast"),
        # a lone h1 wins over unrelated declared titles
        ("<h1>Welcome!</h1>", ["Lawyer Smith"], "Welcome!"),
        # several unrelated h1s: the declared title
        ("<h1>Menu</h1><h1>Newsletter</h1>", ["Storm hits the coast"], "Storm hits the coast"),
        # h1s in navigation or sidebars do not count
        ('<nav><h1>Sections</h1></nav><div class="sidebar"><h1>Most read</h1></div>', ["Real title"], "Real title"),
        # CSS inside the h1 is not text
        ("<h1><style>.x{color:red}</style>Clean headline</h1>", [], "Clean headline"),
        # entities double-escaped in meta tags are decoded
        ("", ["Fish &amp; chips &#8211; the guide"], "Fish & chips – the guide"),
        ("", [], None),
    ],
)
def test_headline(body: str, declared: list[str], expected: str | None) -> None:
    tree = lxml.html.fromstring(f"<html><body>{body}<p>text</p></body></html>")
    assert headline(tree, declared, "Example News", "www.example-news.com") == expected

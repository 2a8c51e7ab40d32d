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
        # only the separator before the last kept part decides whether that part is a section label
        ("Ski touring: light and fast - Novelties | Alpine.com", "Alpine.com", "alpine.com",
         "Ski touring: light and fast - Novelties"),
        ("Jo Blogg's Digital Home | Why compilers matter", None, "joblogg.com", "Why compilers matter"),
        ("ICON • ICON Magazine", "ICON Magazine", "iconmag.de", "ICON"),
        # box-drawing and full-width bars separate like "|", with or without spaces around them
        ("Rates rise again │ Example News", "Example News", "x.com", "Rates rise again"),
        ("Example News｜Rates rise again", "Example News", "x.com", "Rates rise again"),
        # a site name with accents or umlauts matches its ASCII domain (é as e, ö as o or oe)
        ("Rates rise again - Café Crème", None, "cafe-creme.fr", "Rates rise again"),
        ("Rates rise again - Ökologisch Bauen", None, "oekologisch-bauen.info", "Rates rise again"),
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


@pytest.mark.parametrize(
    ("body", "declared", "expected"),
    [
        # a kicker element inside the h1, with a hidden separator, is not part of the headline
        ('<h1><span class="article-heading__kicker">Climate</span><span class="visually-hidden">: </span>'
         '<span class="article-heading__title">Drilling until it gets hot</span></h1>',
         ["Climate: Drilling until it gets hot"], "Drilling until it gets hot"),
        ('<h1><span class="ts-overline">Fever checks </span><span class="ts-colon">: </span>'
         '<span>How firms protect staff</span></h1>', ["How firms protect staff"], "How firms protect staff"),
        ('<h1><div class="topic-label">100th birthday</div> Survivor turns 100</h1>',
         ["100th birthday: Survivor turns 100"], "Survivor turns 100"),
        # hidden h1s and logo h1s (a link home) are not the headline
        ('<h1 class="visuallyhidden">Beige</h1><h1 class="article__title">Provence travel guide</h1>',
         ["Provence travel guide"], "Provence travel guide"),
        ('<h1 class="header pagetitle hidden">News</h1><h1>The first electron counts</h1>',
         ["The first electron counts"], "The first electron counts"),
        ('<h1 class="text-hide">Brand logo</h1><h1>Provence travel guide</h1>', [], "Provence travel guide"),
        ('<h1><a href="http://www.radio-blog.example/" title="radioblog">radioblog</a></h1>',
         ["radioblog » Number two: Leo"], "Number two: Leo"),
        ('<h1><a href="/" rel="home">Love goes through the stomach</a></h1>',
         ["Liver with apple and onion | Love goes through the stomach"], "Liver with apple and onion"),
        # a declared title that is only the site name is no headline
        ('<h1 class="sr-only">Example News</h1>', ["Example-News.com", "Storm hits the coast"],
         "Storm hits the coast"),
        # an h1 outside the article zone that repeats a declared title exactly is still the headline
        ('<div class="teaser-wrap"><h1>So went the auction</h1></div>',
         ["Lübeck - So went the auction", "So went the auction"], "So went the auction"),
        # an h1 that adds a dateline to a declared title gives way to it; one that adds words is the headline
        ("<h1>Storm hits the coast 12.03.2020</h1>", ["Storm hits the coast"], "Storm hits the coast"),
        ("<h1>Lemon cake from the tray: simply delicious!</h1>", ["Lemon cake from the tray"],
         "Lemon cake from the tray: simply delicious!"),
        # soft hyphens and zero-width spaces are hyphenation hints, not text
        ("<h1>Mes\u00adsen\u00adger ser\u200bvices</h1>", [], "Messenger services"),
        # ruby readings (<rt>, <rp>) sit over the letters; inline elements join text without a space
        ("<h1><ruby>雨<rp>(</rp><rt>あめ</rt><rp>)</rp></ruby>が<ruby>降<rt>ふ</rt></ruby>る</h1>", [], "雨が降る"),
        ("<h1>Rates <em>rise</em>: what <b>next</b>?</h1>", [], "Rates rise: what next?"),
        ("<h1>Storm hits<br>the coast</h1>", [], "Storm hits the coast"),
        # a full date set off by a separator before or after the headline is a dateline
        ("<h1>23.01.2022 - Storm hits the coast</h1>", ["23.01.2022 - Storm hits the coast | Example News"],
         "Storm hits the coast"),
        ("", ["Storm hits the coast - 23.01.2022"], "Storm hits the coast"),
        ("<h1>1.2.2022 - Minutes</h1>", [], "1.2.2022 - Minutes"),
        # a declared title repeated by the first <h2> of the article beats an <h1> that matches no declared title
        ("<h1>Pensions</h1><h2>Saving for retirement with your employer</h2>",
         ["Saving for retirement with your employer"], "Saving for retirement with your employer"),
        ("<h1>Our three steps to greener shipping</h1><p>x</p><h2>Greener shipping</h2><h2>Returns</h2>",
         ["Greener shipping"], "Greener shipping"),
        # a title closing on a separator is the site name with an empty headline slot; with no h1 and no
        # other declared title, the article's first <h2> is the headline
        ("<h1></h1><h2>Replacement buses this weekend</h2><h2>Stations</h2>", ["Example News Online -"],
         "Replacement buses this weekend"),
        ("<h2>Replacement buses this weekend</h2>", ["Storm hits the coast -"], "Storm hits the coast"),
        ('<div class="sidebar"><h2>Most read</h2></div>', [], None),
        # an <h2> in a sidebar confirms nothing
        ('<h1>Pensions</h1><div class="sidebar"><h2>Saving for retirement</h2></div>', ["Saving for retirement"],
         "Pensions"),
    ],
)
def test_headline_zones_kickers_and_logos(body: str, declared: list[str], expected: str | None) -> None:
    tree = lxml.html.fromstring(f"<html><body>{body}<p>text</p></body></html>")
    assert headline(tree, declared, "Example News", "www.example-news.com") == expected


def test_site_name_that_is_a_whole_title_is_ignored() -> None:
    title = "University halls too full to be safe, experts warn"
    tree = lxml.html.fromstring(f"<html><body><h1>{title}</h1></body></html>")
    assert headline(tree, [title], title, "www.example.com") == title

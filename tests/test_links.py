"""Body links (report / internal / external), page links for discovery, and feed alternates."""

from __future__ import annotations

import pytest
from lxml.html import document_fromstring

from newsarchive.extract.links import absolute, base_url, body_links, feed_links, link_kind, page_links

PAGE = "https://www.news.example.com/2024/05/02/story"
BODY = [
    "The ministry published its findings on Tuesday, and officials said the figures would be revised.",
    "For the Complete Report and Analysis, Click this Link:",
]


def tree_of(body: str, head: str = ""):
    return document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


@pytest.mark.parametrize(
    ("url", "text", "context", "kind"),
    [
        ("https://gov.example.org/files/survey-2024.pdf", "here", "", "report"),
        ("https://gov.example.org/files/annex.DOCX", "annex", "", "report"),
        ("https://gov.example.org/pub/123", "the full report", "", "report"),
        ("https://gov.example.org/pub/123", "white paper", "", "report"),
        ("https://gov.example.org/pub/123", "study", "", "report"),
        ("https://gov.example.org/pub/123", "Click this Link", "For the Complete Report and Analysis, Click this Link", "report"),
        ("https://gov.example.org/pub/123", "https://gov.example.org/pub/123", "Read the analysis at", "report"),
        ("https://gov.example.org/pub/123", "here", "Photos of the event are here", "external"),
        ("https://gov.example.org/pub/123", "the minister", "The study was criticised by the minister", "external"),
        ("https://news.example.com/politics/", "politics", "", "internal"),
        ("https://other.news.example.com/x", "sister site", "", "internal"),
        ("https://example.net/x", "elsewhere", "", "external"),
    ],
)
def test_link_kind(url: str, text: str, context: str, kind: str) -> None:
    assert link_kind(url, text, context, PAGE) == kind


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/a/b?x=1#frag", "https://www.news.example.com/a/b?x=1"),
        ("c", "https://www.news.example.com/2024/05/02/c"),
        ("//cdn.example.net/x", "https://cdn.example.net/x"),
        ("#top", None),
        ("javascript:void(0)", None),
        ("mailto:desk@news.example.com", None),
        ("ftp://files.example.com/x", None),
        ("http://[broken", None),
        ("", None),
        (None, None),
    ],
)
def test_absolute(href: str | None, expected: str | None) -> None:
    assert absolute(href, PAGE) == expected


def test_report_link_in_the_paragraph_after_the_pointer_line() -> None:
    tree = tree_of(
        f"<div><p>{BODY[0]}</p><p><strong>{BODY[1]}</strong></p>"
        "<p><a href='https://think.example.org/analysis/iskp.pdf'>https://think.example.org/analysis/iskp.pdf</a></p>"
        "</div><div class='more'><p><a href='https://think.example.org/events'>Our events</a></p></div>"
    )
    links = body_links(tree, BODY, PAGE, PAGE)
    assert [(l.url, l.text, l.kind) for l in links] == [
        ("https://think.example.org/analysis/iskp.pdf", "https://think.example.org/analysis/iskp.pdf", "report")
    ]


def test_report_link_in_the_same_paragraph_as_the_pointer() -> None:
    body = ["For the Complete Report and Analysis, Click this Link: full analysis"]
    tree = tree_of("<p>For the Complete Report and Analysis, Click this Link: "
                   "<a href='https://think.example.org/x'>full analysis</a></p>")
    assert [(l.url, l.kind) for l in body_links(tree, body, PAGE, PAGE)] == [("https://think.example.org/x", "report")]


def test_pointer_link_takes_its_kind_from_the_previous_paragraph() -> None:
    body = ["The commission released its report on Monday.", "Click here"]
    tree = tree_of("<p>The commission released its report on Monday.</p><p><a href='https://c.example.org/r'>Click here</a></p>")
    assert [l.kind for l in body_links(tree, body, PAGE, PAGE)] == ["report"]


def test_links_outside_the_body_are_ignored_unless_they_are_nearby_reports() -> None:
    tree = tree_of(
        "<nav><a href='/'>Home</a><a href='/report-archive.pdf'>Reports</a></nav>"
        f"<p>{BODY[0]} <a href='/budget'>budget</a></p>"
        "<ul><li><a href='/2024/05/01/other'>Other story</a></li></ul>"
    )
    body = [BODY[0] + " budget"]
    assert [(l.url, l.kind) for l in body_links(tree, body, PAGE, PAGE)] == [
        ("https://www.news.example.com/budget", "internal")
    ]


def test_body_links_are_unique_and_in_reading_order() -> None:
    text = "Officials cited the survey and the census and then the survey again in their statement."
    tree = tree_of("<p>Officials cited the <a href='https://a.example.org/s'>survey</a> and the "
                   "<a href='https://b.example.org/c'>census</a> and then the <a href='https://a.example.org/s'>survey</a>"
                   " again in their statement.</p>")
    assert [l.url for l in body_links(tree, [text], PAGE, PAGE)] == ["https://a.example.org/s", "https://b.example.org/c"]


def test_whole_roots_keep_every_link() -> None:
    tree = tree_of("<div><a href='/a'>A</a> <a href='https://x.example.org/b'>B</a></div>")
    links = body_links(tree.find("body")[0], [], PAGE, PAGE, whole=True)
    assert [(l.url, l.kind) for l in links] == [
        ("https://www.news.example.com/a", "internal"), ("https://x.example.org/b", "external")
    ]


def test_short_blocks_match_only_whole_paragraphs() -> None:
    tree = tree_of("<ul><li><a href='/news'>News</a></li></ul><p>Latest News from the region follows here today.</p>")
    assert body_links(tree, ["Latest News from the region follows here today."], PAGE, PAGE) == []


def test_page_links() -> None:
    tree = tree_of(
        "<a href='/2024/05/01/one?utm_source=x#c'>1</a><a href='https://m.news.example.com/2024/05/01/one'>1m</a>"
        "<a href='/img/photo.JPG'>img</a><a href='/files/a.pdf'>pdf</a><a href='/feed/'>feed</a>"
        "<a href='mailto:x@y.z'>mail</a><a href='javascript:go()'>js</a><a href='https://other.example.org/'>o</a>"
        "<a href='https://sport.news.example.com/live'>sport</a><map><area href='/section/world'></map>"
    )
    assert page_links(tree, PAGE, PAGE) == [
        "https://www.news.example.com/2024/05/01/one",
        "https://sport.news.example.com/live",
        "https://www.news.example.com/section/world",
    ]


def test_page_links_keep_ports_apart() -> None:
    tree = tree_of("<a href='http://127.0.0.1:8001/a'>a</a><a href='http://127.0.0.1:8002/b'>b</a>")
    assert page_links(tree, "http://127.0.0.1:8001/", "http://127.0.0.1:8001/") == ["http://127.0.0.1:8001/a"]


def test_feed_links_and_base() -> None:
    head = ("<base href='https://cdn.news.example.com/'>"
            "<link rel='alternate' type='application/rss+xml' href='/feed/'>"
            "<link rel='Alternate' type='Application/Atom+XML' href='https://www.news.example.com/atom.xml'>"
            "<link rel='alternate' type='application/rss+xml' href='/feed/'>"
            "<link rel='alternate' hreflang='de' href='/de/'><link rel='stylesheet' href='/s.css'>")
    tree = tree_of("", head)
    base = base_url(tree, PAGE)
    assert base == "https://cdn.news.example.com/"
    assert feed_links(tree, base) == ["https://cdn.news.example.com/feed/", "https://www.news.example.com/atom.xml"]


def test_a_paragraph_the_extractor_trimmed_slightly_still_gives_its_links() -> None:
    text = ("The agency said on Monday that its inspectors had visited all forty sites named in the complaint "
            "and found no evidence of the violations alleged by the campaign group.")
    tree = tree_of(f"<p>{text[:60]}<sup>[1]</sup>{text[60:]} <a href='https://agency.example.org/inspections'>"
                   "inspection notes</a></p><nav><p>Home News Sport Weather and a great many other sections</p></nav>")
    links = body_links(tree, [text + " inspection notes"], PAGE, PAGE)
    assert [l.url for l in links] == ["https://agency.example.org/inspections"]

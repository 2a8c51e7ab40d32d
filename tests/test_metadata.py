"""Tests for newsarchive.extract.metadata on small pages written for these tests."""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone

import lxml.html
import pytest

from newsarchive.extract.metadata import Metadata, extract_metadata
from newsarchive.models import Overrides

NOW = datetime(2024, 1, 1, tzinfo=timezone.utc)


def page(head: str = "", body: str = "", lang: str = "") -> lxml.html.HtmlElement:
    attr = f' lang="{lang}"' if lang else ""
    return lxml.html.fromstring(f"<!DOCTYPE html><html{attr}><head>{head}</head><body>{body}</body></html>")


def jsonld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def meta_of(head: str = "", body: str = "", url: str = "https://www.example-news.com/a/1", **kw) -> Metadata:
    return extract_metadata(page(head, body, kw.pop("lang", "")), url, now=kw.pop("now", NOW), **kw)


def test_jsonld_news_article_with_person_authors() -> None:
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": "Dams fail after storm",
        "datePublished": "2023-08-20T09:15:00+05:00", "dateModified": "2023-08-21T10:00:00Z",
        "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "John Roe"},
                   {"@type": "Organization", "name": "Example News"}],
        "articleBody": "First paragraph.\n\nSecond paragraph.", "inLanguage": "en-US",
        "keywords": ["floods", "dams"],
    }
    m = meta_of(jsonld(data), "<h1>Dams fail after storm</h1>")
    assert m.title == "Dams fail after storm"
    assert m.authors == ["Jane Doe", "John Roe"]
    assert m.published == "2023-08-20T09:15:00+05:00"
    assert m.published_raw == "2023-08-20T09:15:00+05:00"
    assert m.modified == "2023-08-21T10:00:00+00:00"
    assert m.language == "en"
    assert m.article_body == "First paragraph.\n\nSecond paragraph."
    assert m.tags == ["floods", "dams"]
    assert "newsarticle" in m.page_types


@pytest.mark.parametrize("wrap", ["graph", "array"])
def test_jsonld_graph_and_array(wrap: str) -> None:
    objects = [
        {"@type": "WebSite", "name": "Example News"},
        {"@type": "WebPage", "datePublished": "2020-01-01"},
        {"@type": ["NewsArticle", "Article"], "headline": "Budget passes", "datePublished": "2023-03-04",
         "author": {"@type": "Person", "name": "Ana Lima"}, "publisher": {"@type": "Organization", "name": "EN"}},
    ]
    data = {"@context": "https://schema.org", "@graph": objects} if wrap == "graph" else objects
    m = meta_of(jsonld(data))
    assert (m.title, m.authors, m.published) == ("Budget passes", ["Ana Lima"], "2023-03-04")
    assert {"website", "webpage", "newsarticle", "article"} <= m.page_types


def test_jsonld_author_given_as_id_reference() -> None:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "Article", "headline": "Tide tables", "author": {"@id": "https://blog.example.org/#/person/1"}},
        {"@type": "Person", "@id": "https://blog.example.org/#/person/1", "name": "Ruth Anning"},
    ]}
    assert meta_of(jsonld(graph), url="https://blog.example.org/tide").authors == ["Ruth Anning"]


def test_personal_blog_whose_author_is_also_its_publisher() -> None:
    # A blog named after its author declares one Person-and-Organization: the byline is that person.
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": ["Person", "Organization"], "@id": "https://oskar-brandt.example/#me", "name": "Oskar Brandt"},
        {"@type": "BlogPosting", "headline": "Moss", "author": {"@id": "https://oskar-brandt.example/#me"},
         "publisher": {"@id": "https://oskar-brandt.example/#me"}},
    ]}
    head = jsonld(graph) + '<meta property="og:site_name" content="Oskar Brandt">'
    body = '<article><h1>Moss</h1><span class="byline">Oskar Brandt</span></article>'
    assert meta_of(head, body, url="https://oskar-brandt.example/moss").authors == ["Oskar Brandt"]


@pytest.mark.parametrize(
    ("declared", "byline", "expected"),
    [
        # a one-word declared author (first name, brand) gives way to the full name in the byline
        ({"@type": "Person", "name": "Todd"}, "By Todd Baites", ["Todd Baites"]),
        ("Jobs & Hire", "By Jose de la Cruz", ["Jose de la Cruz"]),
        # a visible name spells out a declared user name
        ("gabor_muniar", "Autor: Gàbor Muniár", ["Gàbor Muniár"]),
        # a user name alone stays
        ("tlow", "", ["tlow"]),
    ],
)
def test_one_word_declared_authors_and_the_visible_byline(declared: object, byline: str, expected: list[str]) -> None:
    head = jsonld({"@type": "NewsArticle", "headline": "T", "author": declared})
    body = f'<article><h1>T</h1><span class="byline">{byline}</span><p>Text.</p></article>'
    assert meta_of(head, body).authors == expected


@pytest.mark.parametrize(
    ("meta_author", "expected"),
    [
        ("Prisma Média", ["Marie Merle"]),
        ("Marie Merle, Elise Koch", ["Marie Merle", "Elise Koch"]),
        ("marie.merle", ["Marie Merle"]),
    ],
)
def test_meta_author_beside_jsonld_author(meta_author: str, expected: list[str]) -> None:
    head = jsonld({"@type": "NewsArticle", "headline": "T", "author": {"@type": "Person", "name": "Marie Merle"}})
    head += f'<meta name="author" content="{meta_author}">'
    assert meta_of(head).authors == expected


@pytest.mark.parametrize(
    "key", ["cXenseParse:author", "shareaholic:article_author_name"],
)
def test_analytics_author_meta_tags(key: str) -> None:
    head = f'<meta name="author" content="Example News"><meta property="{key}" content="Lina Sommer">'
    body = '<article><h1>T</h1><p>Text.</p><span class="photo-credit">Foto: Max Blende</span></article>'
    assert meta_of(head, body).authors == ["Lina Sommer"]


def test_meta_authors_of_cited_items_are_not_the_pages() -> None:
    body = ('<article itemscope itemtype="https://schema.org/ScholarlyArticle"><h1>T</h1>'
            '<span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Rania Haddad'
            '</span></span><p>Text.</p><ol><li itemprop="citation" itemscope itemtype="https://schema.org/ScholarlyArticle">'
            '<meta itemprop="author" content="KL. Berg, TS. Moll"><meta itemprop="datePublished" content="1988">'
            '</li></ol></article>')
    assert meta_of("", body).authors == ["Rania Haddad"]


def test_broken_jsonld_is_skipped() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
    head += '<meta property="og:title" content="Fallback headline">'
    assert meta_of(head).title == "Fallback headline"


def test_opengraph_and_meta_tags() -> None:
    head = (
        '<meta property="og:title" content="Rates rise again - Example News">'
        '<meta property="og:site_name" content="Example News">'
        '<meta property="og:type" content="article">'
        '<meta property="og:url" content="/a/1?ref=x">'
        '<meta property="og:locale" content="de_DE">'
        '<meta property="og:description" content="The bank moved.">'
        '<meta property="article:published_time" content="2022-11-03T08:00:00+01:00">'
        '<meta property="article:modified_time" content="2022-11-04T08:00:00+01:00">'
        '<meta property="article:tag" content="Economy"><meta name="keywords" content="rates, economy">'
        '<meta name="author" content="Max Mustermann">'
    )
    m = meta_of(head)
    assert m.title == "Rates rise again"
    assert m.site_name == "Example News"
    assert m.canonical == "https://www.example-news.com/a/1?ref=x"
    assert m.language == "de"
    assert m.description == "The bank moved."
    assert m.published == "2022-11-03T08:00:00+01:00"
    assert m.modified == "2022-11-04T08:00:00+01:00"
    assert m.tags == ["Economy", "rates"]
    assert m.authors == ["Max Mustermann"]
    assert m.page_types == {"article"}


def test_canonical_link_wins_over_og_url() -> None:
    head = '<link rel="canonical" href="/story"><meta property="og:url" content="https://other.example/x">'
    assert meta_of(head).canonical == "https://www.example-news.com/story"


def test_seed_style_page_visible_date_before_headline() -> None:
    body = (
        '<div class="post-meta"><span class="post-date">Sun Aug 20 2023</span>'
        '<i class="icon-facebook"></i><i class="icon-twitter"></i></div>'
        "<h1>Washington Based CSIS Finds ISKP Threat in Pakistan</h1>"
        "<p>CSIS Finds ISKP Threat in Pakistan Emanating From Afghan Side</p>"
    )
    head = "<title>Washington Based CSIS Finds ISKP Threat in Pakistan - Daily Ausaf</title>"
    m = meta_of(head, body, url="https://dailyausaf.com/x")
    assert m.published == "2023-08-20"
    assert m.published_raw == "Sun Aug 20 2023"
    assert m.title == "Washington Based CSIS Finds ISKP Threat in Pakistan"


def test_urdu_date_in_words() -> None:
    body = '<h1>خبر</h1><p class="date">20 اگست 2023</p>'
    m = meta_of("", body, lang="ur")
    assert (m.published, m.language) == ("2023-08-20", "ur")


def test_time_element_datetime() -> None:
    body = '<article><h1>T</h1><time datetime="2021-05-06T07:08:09Z">6 May</time></article>'
    assert meta_of("", body).published == "2021-05-06T07:08:09+00:00"


def test_updated_line_is_not_the_publication_date() -> None:
    body = '<span class="date">Updated 3 March 2023</span><span class="date">Published 1 March 2023</span>'
    assert meta_of("", body).published == "2023-03-01"


def test_h1_preferred_when_it_matches_title_prefix() -> None:
    head = "<title>Storm hits coast: live updates | Example News</title>"
    body = "<h1>Storm hits coast: live updates</h1><h1>Newsletter</h1>"
    assert meta_of(head, body).title == "Storm hits coast: live updates"


def test_byline_with_agency() -> None:
    body = '<h1>T</h1><p class="byline">By Jane Doe and John Roe | Reuters</p>'
    assert meta_of("", body).authors == ["Jane Doe", "John Roe"]


def test_future_date_rejected() -> None:
    head = '<meta property="article:published_time" content="2030-01-01T00:00:00Z">'
    body = '<time datetime="2023-05-05">5 May 2023</time>'
    assert meta_of(head, body).published == "2023-05-05"


def test_future_date_alone_gives_none() -> None:
    head = '<meta property="article:published_time" content="2030-01-01T00:00:00Z">'
    assert meta_of(head).published is None


def test_hostile_long_date_string_is_fast() -> None:
    hostile = ("Sunday 12 " * 100_000) + "2023"
    body = f'<div class="date">{hostile}</div><p>{"August " * 150_000} 2023</p>'
    tree = page("", body)
    start = time.perf_counter()
    extract_metadata(tree, "https://example.org/x", now=NOW)
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize(
    ("field", "selector", "expected"),
    [
        ("title", "h2.real-title", "The real headline"),
        ("title", "//h2[@class='real-title']", "The real headline"),
        ("published", "span.when", "2019-09-09"),
        ("authors", "(//span[@class='who'])", ["Ida Wells", "Ben Hecht"]),
    ],
)
def test_overrides_win_when_they_match(field: str, selector: str, expected: object) -> None:
    head = '<meta property="og:title" content="Wrong"><meta name="date" content="2020-02-02">'
    head += '<meta name="author" content="Nobody Here">'
    body = ('<h2 class="real-title">The real headline</h2><span class="when">9 September 2019</span>'
            '<span class="who">Ida Wells</span><span class="who">Ben Hecht</span>')
    m = meta_of(head, body, overrides=Overrides(**{field: selector}))
    assert getattr(m, field) == expected


def test_override_that_does_not_match_falls_back() -> None:
    head = '<meta property="og:title" content="Declared title">'
    assert meta_of(head, overrides=Overrides(title="h2.missing")).title == "Declared title"


def test_empty_page() -> None:
    m = meta_of()
    assert m == Metadata(language=None)


@pytest.mark.parametrize(
    "body",
    [
        "<h1>Headline</h1>" * 20_000,
        '<p class="date">12 Foo 2023</p>' * 20_000,
        '<span class="author">by 12</span>' * 20_000,
        "<div>" * 5_000 + "Sun Aug 20 2023" + "</div>" * 5_000,
    ],
    ids=["many-h1", "many-dates", "many-bylines", "deep"],
)
def test_pages_built_to_be_slow_stay_fast(body: str) -> None:
    tree = page("<title>" + "x " * 200_000 + "</title>", body)
    extract_metadata(tree, "https://example.org/x", now=NOW)  # warm dateparser's locales
    start = time.perf_counter()
    extract_metadata(tree, "https://example.org/x", now=NOW)
    assert time.perf_counter() - start < 5


_RECIPE = {"@context": "https://schema.org", "@type": "Recipe", "name": "Plum cake", "datePublished": "2019-07-04",
           "recipeIngredient": ["plums", "flour"]}
_FAQ = {"@context": "https://schema.org", "@graph": [
    {"@type": "WebPage", "datePublished": "2019-11-14T13:51:06+00:00"},
    {"@type": "FAQPage", "mainEntity": [{"@type": "Question", "name": "What does a loan cost?"}]}]}


@pytest.mark.parametrize(
    ("data", "body", "expected"),
    [
        # a recipe or FAQ page kept up to date: the date its CMS declares but the page never shows is not a
        # publication day
        (_RECIPE, "<h1>Plum cake</h1><p>Mix the flour and the plums.</p>", None),
        (_FAQ, "<h1>Loan interest</h1><h2>What does a loan cost?</h2><p>It depends.</p>", None),
        # ... but one the page writes is
        (_RECIPE, '<h1>Plum cake</h1><p class="meta">By Ana, 4. Juli 2019</p><p>Mix.</p>', "2019-07-04"),
        (_FAQ, "<h1>Loan interest</h1><p>Last reviewed 11/14/2019</p>", "2019-11-14T13:51:06+00:00"),
        # an article keeps its declared date, shown or not
        ({"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": "2019-07-04"},
         "<h1>Storm</h1><p>Text.</p>", "2019-07-04"),
    ],
)
def test_reference_pages_without_a_shown_date(data: dict, body: str, expected: str | None) -> None:
    assert meta_of(jsonld(data), body).published == expected

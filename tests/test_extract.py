"""extract_article / analyse_page on the golden pages, and on every kind of hostile or broken input."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import trafilatura.core
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml.html import HtmlElement

import newsarchive.extract.document as document
from newsarchive.extract import PageAnalysis, analyse_page, extract_article
from newsarchive.fingerprint import words
from newsarchive.models import Article, Overrides

PAGES = Path(__file__).parent / "fixtures" / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
ARTICLES = sorted(name for name, spec in EXPECTED.items() if spec["kind"] == "article")
URL = "https://news.example.com/2024/05/02/river-levels-fall-after-week-of-rain"
STORY = (
    "<p>River levels fell across the valley on Thursday after a week of heavy rain that closed roads, "
    "flooded cellars and forced the evacuation of two care homes near the old bridge.</p>"
    "<p>Engineers said the embankments had held, although several sections would need repairs before the "
    "autumn storms, and the county council promised to publish its review of the response within a month.</p>"
    "<p>Residents of the lower town, many of whom spent the week with relatives, began returning home on "
    "Thursday afternoon to assess the damage and start the long work of drying out their houses.</p>"
)


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>River levels fall</title></head><body>{body}</body></html>"


def load(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def normalised(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_golden_page_kind_and_feeds(name: str) -> None:
    spec = EXPECTED[name]
    analysis = analyse_page(load(name), spec["url"])
    assert analysis.kind == spec["kind"]
    assert analysis.feeds == spec["feeds"]
    assert (analysis.article is not None) is (spec["kind"] == "article")
    for link in spec.get("page_links", []):
        assert link in analysis.links


@pytest.mark.parametrize("name", ARTICLES)
def test_golden_article_record(name: str) -> None:
    spec = EXPECTED[name]
    article = extract_article(load(name), spec["url"])
    assert article.url == spec["canonical"]
    assert article.fetched_url == spec["url"]
    assert article.title == spec["title"]
    assert (article.published or "")[:10] == spec["published"]
    assert article.authors == spec["authors"]
    assert article.error is None
    body = normalised(article.body)
    for snippet in spec["with"]:
        assert normalised(snippet) in body
    for snippet in spec["without"]:
        assert normalised(snippet) not in body
    assert len(article.body.split("\n\n")) == spec["paragraphs"]
    assert [(link.url, link.kind) for link in article.links] == [(l["url"], l["kind"]) for l in spec["links"]]
    assert article.word_count == len(words(article.body))
    assert article.content_hash and article.simhash


@pytest.mark.parametrize("name", ARTICLES)
def test_body_paragraphs_are_separated_by_one_blank_line(name: str) -> None:
    body = extract_article(load(name), EXPECTED[name]["url"]).body
    assert "\n\n\n" not in body
    assert all(paragraph.strip() == paragraph and paragraph for paragraph in body.split("\n\n"))


def test_seed_page_report_link_keeps_its_text() -> None:
    spec = EXPECTED["dailyledger.csis-iskp-threat.html"]
    article = extract_article(load("dailyledger.csis-iskp-threat.html"), spec["url"])
    report = [link for link in article.links if link.kind == "report"]
    assert len(report) == 1 and report[0].text == report[0].url
    assert article.body.endswith("For the Complete Report and Analysis, Click this Link:\n\n" + report[0].url)


def test_extract_article_is_analyse_page_article() -> None:
    spec = EXPECTED["metrowire.flood-barrier-vote.html"]
    html = load("metrowire.flood-barrier-vote.html")
    analysis = analyse_page(html, spec["url"], hint="article")
    assert analysis.article == extract_article(html, spec["url"])


def test_listing_page_is_never_an_article_even_with_an_article_hint() -> None:
    spec = EXPECTED["dailyledger.category-national.html"]
    analysis = analyse_page(load("dailyledger.category-national.html"), spec["url"], hint="article")
    assert analysis.kind == "listing" and analysis.article is None


def test_page_links_are_same_site_canonical_and_unique() -> None:
    spec = EXPECTED["dailyledger.csis-iskp-threat.html"]
    links = analyse_page(load("dailyledger.csis-iskp-threat.html"), spec["url"]).links
    assert len(links) == len(set(links))
    assert all(link.startswith("https://dailyledger.example.pk/") for link in links)
    assert not any(link.endswith((".png", ".pdf", ".css")) or "/feed" in link for link in links)
    assert links.index("https://dailyledger.example.pk/") < links.index("https://dailyledger.example.pk/tag/bajaur/")


@pytest.mark.parametrize(
    ("canonical", "expected"),
    [
        ("https://www.news.example.com/2024/05/02/river-levels?utm_source=rss#top",
         "https://www.news.example.com/2024/05/02/river-levels"),  # same site, another host: followed, folded
        ("/2024/05/02/river-levels/amp", "https://news.example.com/2024/05/02/river-levels"),  # relative, AMP folded
        ("https://aggregator.example.net/story/123", URL),  # another site: ignored
        ("javascript:void(0)", URL),
    ],
)  # fmt: skip
def test_record_url_follows_only_a_same_site_rel_canonical(canonical: str, expected: str) -> None:
    head = f'<head><link rel="canonical" href="{canonical}"></head>'
    page = f"<html>{head}<body><article><h1>River levels fall</h1>{STORY}</article></body></html>"
    article = extract_article(page, URL + "?utm_medium=social&fbclid=x")
    assert (article.url, article.fetched_url) == (expected, URL + "?utm_medium=social&fbclid=x")


def test_analyse_page_parses_the_page_once(monkeypatch: pytest.MonkeyPatch) -> None:
    parses: list[int] = []
    parse = document.document_fromstring
    load_html = trafilatura.core.load_html

    def counting_parse(*args: object, **kwargs: object) -> HtmlElement:
        parses.append(1)
        return parse(*args, **kwargs)

    def tree_only(html: object, *args: object) -> HtmlElement | None:
        assert isinstance(html, HtmlElement), "trafilatura must get the parsed tree, not markup"
        return load_html(html, *args)

    monkeypatch.setattr(document, "document_fromstring", counting_parse)
    monkeypatch.setattr(trafilatura.core, "load_html", tree_only)
    spec = EXPECTED["metrowire.flood-barrier-vote.html"]
    analysis = analyse_page(load("metrowire.flood-barrier-vote.html"), spec["url"])
    assert analysis.kind == "article" and parses == [1]


def test_override_selector_wins_when_it_matches() -> None:
    html = page(f"<div class='story'>{STORY}</div><div class='box'><p>Only this paragraph, please.</p>"
                "<p>See <a href='/files/review.pdf'>the review</a>.</p></div>")
    article = extract_article(html, URL, overrides=Overrides(body="div.box"))
    assert article.body == "Only this paragraph, please.\n\nSee the review."
    assert [(link.url, link.kind) for link in article.links] == [("https://news.example.com/files/review.pdf", "report")]


def test_override_selector_that_matches_nothing_falls_back() -> None:
    article = extract_article(page(STORY), URL, overrides=Overrides(body="//div[@id='missing']"))
    assert "Engineers said the embankments had held" in article.body


def test_relative_links_resolve_against_base_href() -> None:
    html = page(STORY.replace("the county council", "<a href='council/review'>the county council</a>"),
                head="<base href='https://archive.example.org/reports/'>")
    article = extract_article(html, URL)
    assert [(link.url, link.kind) for link in article.links] == [
        ("https://archive.example.org/reports/council/review", "external")
    ]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", "empty document"),
        (b"   \n\t ", "empty document"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "not html (pdf)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "not html (png)"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "not html (jpeg)"),
        (b"PK\x03\x04\x14\x00\x06\x00", "not html (zip)"),
        (bytes(range(32)) * 64, "not html (binary)"),
    ],
)
def test_non_html_gives_an_empty_record_with_a_reason(data: bytes, error: str) -> None:
    article = extract_article(data, URL)
    assert isinstance(article, Article)
    assert (article.error, article.body, article.title, article.links) == (error, "", None, [])
    assert article.url == URL and article.fetched_url == URL
    analysis = analyse_page(data, URL)
    assert analysis == PageAnalysis("listing", None, [], [])


@pytest.mark.parametrize("control", ["\x00", "\x08", "\x0b", "\x1f", "\ufffe", "\uffff"])
@pytest.mark.parametrize("as_bytes", [False, True])
def test_control_characters_are_dropped_before_parsing(control: str, as_bytes: bool) -> None:
    html = page(STORY.replace("heavy rain", f"hea{control}vy rain"))
    article = extract_article(html.encode("utf-8", "surrogatepass") if as_bytes else html, URL)
    assert "a week of heavy rain that closed roads" in article.body


def test_lying_charset_label_is_overruled() -> None:
    html = page("<p>Caf\xe9 owners in Z\xfcrich say the \u201csummer of rain\u201d cost them dearly this year, "
                "and many now plan to close their terraces for good.</p>" + STORY,
                head="<meta charset='utf-8'>").encode("cp1252")
    article = extract_article(html, URL)
    assert "Café owners in Zürich say the “summer of rain”" in article.body


def test_http_encoding_hint_is_used() -> None:
    html = page("<p>Жители нижнего города начали возвращаться домой в четверг после недели сильных дождей, "
                "которые затопили подвалы и закрыли дороги.</p>" + STORY).encode("cp1251")
    article = extract_article(html, URL, encoding="windows-1251")
    assert "Жители нижнего города начали возвращаться домой" in article.body


def test_declared_utf8_with_a_cut_character_stays_utf8() -> None:
    html = page("<p>Zielona Góra: służby zatrzymały przemyt papierosów na granicy.</p>" + STORY,
                head="<meta charset='utf-8'>").encode("utf-8")
    html = html.replace("papierosów".encode(), "papieros".encode() + b"\xc3")
    assert "Zielona Góra: służby zatrzymały przemyt papieros" in extract_article(html, URL).body


def test_weak_latin1_hint_does_not_garble_utf8() -> None:
    html = page("<p>Café owners in Zürich say the summer cost them dearly.</p>" + STORY).encode("utf-8")
    assert "Café owners in Zürich" in extract_article(html, URL, encoding="iso-8859-1").body


@pytest.mark.parametrize("bom, codec", [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_byte_order_mark_decides_the_encoding(bom: bytes, codec: str) -> None:
    html = bom + page("<p>Die Brücke über den Fluss bleibt gesperrt, sagte die Stadt.</p>" + STORY).encode(codec)
    assert "Die Brücke über den Fluss bleibt gesperrt" in extract_article(html, URL).body


def test_undeclared_charset_is_detected() -> None:
    text = ("<p>Les habitants de la basse ville ont commencé à rentrer chez eux jeudi après une semaine de "
            "pluies diluviennes qui ont inondé les caves et fermé les routes du département.</p>")
    html = page(text * 3 + STORY).encode("cp1252")
    assert "Les habitants de la basse ville ont commencé à rentrer chez eux" in extract_article(html, URL).body


def test_truncated_markup_keeps_what_arrived() -> None:
    html = page(STORY).encode("utf-8")
    cut = html[: html.index(b"care homes") + 20]
    article = extract_article(cut, URL)
    assert article.body.startswith("River levels fell across the valley on Thursday")
    assert article.error is None


def test_text_input_is_accepted() -> None:
    article = extract_article('<?xml version="1.0" encoding="utf-8"?>' + page(STORY), URL)
    assert "Engineers said the embankments had held" in article.body


@pytest.mark.timeout(60)
def test_deep_nesting_does_not_crash() -> None:
    html = ("<html><body>" + "<div>" * 100_000 + STORY + "</div>" * 100_000 + "</body></html>").encode()
    start = time.perf_counter()
    article = extract_article(html, URL)
    assert isinstance(article, Article)
    assert time.perf_counter() - start < 30


@pytest.mark.timeout(120)
def test_huge_text_node_is_truncated_not_fatal() -> None:
    html = b"<html><body><p>" + b"flood " * (50 * 1024 * 1024 // 6) + b"</p></body></html>"
    article = extract_article(html, URL)
    assert article.error == "truncated at 16 MB"
    analysis = analyse_page(html, URL)
    assert analysis.kind == "listing"


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.binary(max_size=2000), st.text(max_size=2000)))
def test_any_input_gives_an_article(data: bytes | str) -> None:
    article = extract_article(data, URL)
    assert isinstance(article, Article) and article.fetched_url == URL
    assert isinstance(analyse_page(data, URL, hint="article"), PageAnalysis)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<a href='/x'>", "</a>", "<table>", "<td>",
                                 "<script>", "</script>", "<!--", "-->", "text ", "é", "\x00", "<br>", "<h1>"]),
                max_size=200))
def test_broken_markup_gives_an_article(parts: list[str]) -> None:
    article = extract_article("".join(parts), URL)
    assert isinstance(article, Article)

"""Tests for newsarchive.extract.dates: date strings to ISO 8601."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import lxml.html
import pytest

from newsarchive.extract.dates import (
    modified_date,
    not_after,
    now_utc,
    parse_date,
    parse_machine_date,
    published_date,
    url_date,
)

NOW = datetime(2024, 1, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-08-20", "2023-08-20"),
        ("2023-08-20T10:00:00+02:00", "2023-08-20T10:00:00+02:00"),
        ("2023-08-20T10:00:00.123Z", "2023-08-20T10:00:00+00:00"),
        ("2023-08-20 10:00", "2023-08-20T10:00:00"),
        ("2023-08-20T10:00:00+0530", "2023-08-20T10:00:00+05:30"),
        ("2023/08/20", "2023-08-20"),
        ("20230820", "2023-08-20"),
        ("20.08.2023", "2023-08-20"),
        ("Stand: 20.08.2023", "2023-08-20"),
        ("2023-02-30", None),
        ("2023年8月20日", "2023-08-20"),
        ("4.\u20092.\u20092022.", "2022-02-04"),
        ("4. 2. 2022", "2022-02-04"),
        ("no date", None),
    ],
)
def test_parse_machine_date(text: str, expected: str | None) -> None:
    assert parse_machine_date(text) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Sun Aug 20 2023", None, "2023-08-20"),
        ("20 اگست 2023", "ur", "2023-08-20"),
        ("20 اگست 2023", None, "2023-08-20"),
        ("Veröffentlicht am 20. August 2023", "de", "2023-08-20"),
        ("Published: August 20, 2023 at 3:45 pm", "en", "2023-08-20T15:45:00"),
        ("le 20 août 2023", "fr", "2023-08-20"),
        ("20 de agosto de 2023", "es", "2023-08-20"),
        ("2 hours ago", "en", None),
        ("August 2023", "en", None),
        ("", None, None),
    ],
)
def test_parse_date_in_words(text: str, language: str | None, expected: str | None) -> None:
    assert parse_date(text, language) == expected


def test_hostile_input_is_fast() -> None:
    start = time.perf_counter()
    parse_date("Sunday 12 August " * 70_000 + "2023", "en")
    parse_date("1" * 1_000_000)
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize(
    ("iso", "expected"),
    [
        ("2023-12-31", "2023-12-31"),
        ("2023-12-31T20:00:00-05:00", "2023-12-31T20:00:00-05:00"),
        ("2024-01-02T20:00:00-05:00", None),
        ("2024-03-01", None),
        ("1990-01-01", None),
        (None, None),
    ],
)
def test_not_after(iso: str | None, expected: str | None) -> None:
    assert not_after(iso, NOW) == expected


def test_now_utc_makes_naive_aware() -> None:
    assert now_utc(datetime(2024, 1, 1)).tzinfo is timezone.utc
    assert now_utc(None).tzinfo is not None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/2023/08/20/storm-hits", "2023-08-20"),
        ("https://example.org/news/2023-08-20-storm", "2023-08-20"),
        ("https://example.org/news/storm-20230820.html", "2023-08-20"),
        ("https://example.org/2023/08/storm", None),
        ("https://example.org/2023/13/45/storm", None),
        ("https://example.org/item?id=20230820", None),
    ],
)
def test_url_date(url: str, expected: str | None) -> None:
    assert url_date(url) == expected


def _tree(body: str, head: str = "") -> lxml.html.HtmlElement:
    return lxml.html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


@pytest.mark.parametrize(
    ("body", "url", "declared", "expected"),
    [
        # a dateline under the headline, no markup saying "date"
        ("<h1>Title</h1><p>Hamburg, 2. November 2021 - Text.</p>", "https://e.org/a", [], "2021-11-02"),
        # the visible date beside the headline wins over a declared (often modified) date of another day
        ("<h1>Title</h1><span>20.08.2023</span><p>Text</p>", "https://e.org/a", ["2023-09-01T10:00:00Z"],
         "2023-08-20"),
        # the declared date keeps its time when the visible day agrees
        ("<h1>Title</h1><span>20.08.2023</span>", "https://e.org/a", ["2023-08-20T10:00:00+02:00"],
         "2023-08-20T10:00:00+02:00"),
        # a full date in the URL decides the day (a UTC timestamp past midnight)
        ("<h1>Title</h1>", "https://e.org/2023/11/08/x", ["2023-11-09T05:30:59Z"], "2023-11-08"),
        # dates in comments are not the article's
        ('<h1>Title</h1><p>Text</p><p>Text</p><p>Text</p><p>Text</p><p>Text</p><p>Text</p><p>Text</p><p>Text</p>'
         '<div class="comments"><span class="date">August 3, 2019</span></div>', "https://e.org/a", ["2019-07-01"],
         "2019-07-01"),
        # a date inside a long paragraph is an event in the story, not the publication date
        ("<h1>Title</h1><p>Applications must reach the office by the deadline on 30 April 2022, the"
         " ministry said on its website.</p>", "https://e.org/a", [], None),
        # a line that says updated is not the publication date
        ('<h1>Title</h1><p class="date">Updated 3 March 2023</p>', "https://e.org/a", ["2023-03-01"],
         "2023-03-01"),
    ],
)
def test_published_date(body: str, url: str, declared: list[str], expected: str | None) -> None:
    assert published_date(_tree(body), url, declared, "en", NOW)[0] == expected


def test_published_date_keeps_raw_source() -> None:
    assert published_date(_tree("<h1>T</h1><p>Sun Aug 20 2023</p>"), "https://e.org/a", [], None, NOW) == (
        "2023-08-20", "Sun Aug 20 2023")


def test_modified_date_skips_future_and_garbage() -> None:
    assert modified_date(["soon", "2030-01-01", "2023-05-06T07:08:09Z"], None, NOW) == "2023-05-06T07:08:09+00:00"

"""Tests for newsarchive.extract.dates: date strings to ISO 8601."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest

from newsarchive.extract.dates import (
    not_after,
    now_utc,
    numeric_readings,
    parse_date,
    parse_machine_date,
    parse_short_year,
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
        ("Tue, 03 May 2022 23:53:14 GMT", "2022-05-03T23:53:14+00:00"),
        ("Wed, 4 May 2022 00:25 +0200", "2022-05-04T00:25:00+02:00"),
        ("03 May 2022 23:53:14 UT", "2022-05-03T23:53:14+00:00"),
        ("Tue, 03 Foo 2022 23:53:14 GMT", None),
        ("20.08.2023", "2023-08-20"),
        ("Stand: 20.08.2023", "2023-08-20"),
        # a day, month and year set apart by bars, as some page designs write them
        ("26 | 01 | 2022", "2022-01-26"),
        ("26|01|2022", "2022-01-26"),
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
        # Levantine and standard Arabic names of one month side by side
        ("تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً", "ar", "2020-04-24T09:22:00"),
        ("نشر في 3 كانون الثاني / يناير 2021", None, "2021-01-03"),
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
        ("https://example.org/home/2017/7/12/storm", "2017-07-12"),
        ("https://example.org/2023/13/45/storm", None),
        ("https://example.org/item?id=20230820", None),
        # day-month-year, as European sites write it in paths
        ("https://example.org/meldungen/29-10-2021", "2021-10-29"),
        ("https://example.org/bericht_vom_22.04.2020_text", "2020-04-22"),
        ("https://example.org/detail/~02-01-2022-land-startet", "2022-01-02"),
        ("https://example.org/news/31-02-2021", None),
        ("https://example.org/news/29-10.2021", None),
    ],
)
def test_url_date(url: str, expected: str | None) -> None:
    assert url_date(url) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06/01/2020", {"2020-06-01", "2020-01-06"}),
        ("Posted 3/5/2022 22:41", {"2022-05-03", "2022-03-05"}),
        ("Erstellt am: 01.11.2023", set()),
        ("https://example.org/news/02-11-2023-storm", {"2023-11-02", "2023-02-11"}),
        ("13/01/2020", set()),
        ("05/05/2020", set()),
        ("2020-06-01", set()),
        ("June 1, 2020", set()),
        (None, set()),
    ],
)
def test_numeric_readings(text: str | None, expected: set[str]) -> None:
    assert numeric_readings(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Anna Berg, 8.5.12", "2012-05-08"),
        ("<span>28.09.19</span>", "2019-09-28"),
        ("zuletzt 31.12.98", "1998-12-31"),
        ("Version 1.2.10.4", None),  # a version number, not a date
        ("v2.1.12", None),
        ("30.02.21", None),
        ("28.09.2019", None),  # four digits: parse_machine_date's
    ],
)
def test_parse_short_year(text: str, expected: str | None) -> None:
    assert parse_short_year(text) == expected


def test_two_digit_years_come_after_other_forms() -> None:
    assert parse_date("Release 1.2.10 of 5 March 2021", "en") == "2021-03-05"
    assert parse_date("Forum, 28.09.19, 12:44", "de") == "2019-09-28"



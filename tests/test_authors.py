"""Tests for newsarchive.extract.authors: byline strings to person names."""

from __future__ import annotations

import pytest

from newsarchive.extract.authors import merge_names, split_byline


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("By Jane Doe and John Roe | Reuters", ["Jane Doe", "John Roe"]),
        ("Jane Doe, John Roe & Ann Lee", ["Jane Doe", "John Roe", "Ann Lee"]),
        ("Jane Doe; John Roe", ["Jane Doe", "John Roe"]),
        ("Von Max Mustermann und Erika Musterfrau", ["Max Mustermann", "Erika Musterfrau"]),
        ("Par Jean Dupont", ["Jean Dupont"]),
        ("BY JANE DOE", ["JANE DOE"]),
        ("Jane Doe, Staff Reporter", ["Jane Doe"]),
        ("Jane Doe (@janedoe)", ["Jane Doe"]),
        ("Jane Doe jane.doe@example.com", ["Jane Doe"]),
        ("Jane Doe | 20 August 2023, 10:15", ["Jane Doe"]),
        ("Redaktion", []),
        ("AFP", []),
        ("dpa/AFP", []),
        ("The Associated Press", []),
        ("Example News Staff", []),
        ("Posted by admin", []),
        ("", []),
    ],
)
def test_split_byline(byline: str, expected: list[str]) -> None:
    assert split_byline(byline) == expected


def test_site_name_is_not_a_person() -> None:
    assert split_byline("Daily Planet", frozenset({"daily planet"})) == []


def test_long_input_is_capped() -> None:
    assert len(split_byline("Jane Doe, " * 100_000)) == 1


def test_merge_names_dedupes_keeping_order() -> None:
    assert merge_names([["Jane Doe", "John Roe"], ["jane  doe", "Ann Lee"]]) == ["Jane Doe", "John Roe", "Ann Lee"]

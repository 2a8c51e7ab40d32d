"""Tests for newsarchive.extract.authors: byline strings to person names."""

from __future__ import annotations

import pytest

from newsarchive.extract.authors import drop_aliases, is_person_name, merge_names, org_key, split_byline


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("By Jane Doe and John Roe | Reuters", ["Jane Doe", "John Roe"]),
        ("Jane Doe, John Roe & Ann Lee", ["Jane Doe", "John Roe", "Ann Lee"]),
        ("Jane Doe; John Roe", ["Jane Doe", "John Roe"]),
        ("Von Max Mustermann und Erika Musterfrau", ["Max Mustermann", "Erika Musterfrau"]),
        ("فاطمہ نقوی اور احمد رضا", ["فاطمہ نقوی", "احمد رضا"]),
        ("राम शर्मा और सीता देवी", ["राम शर्मा", "सीता देवी"]),
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
    assert split_byline("The Daily Planet", frozenset({"dailyplanet"})) == []


def test_long_input_is_capped() -> None:
    assert len(split_byline("Jane Doe, " * 100_000)) == 1


def test_merge_names_dedupes_keeping_order() -> None:
    assert merge_names([["Jane Doe", "John Roe"], ["jane  doe", "Ann Lee"]]) == ["Jane Doe", "John Roe", "Ann Lee"]


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Grant Tinsley, PhD", ["Grant Tinsley"]),
        ("AuthorAndreas Kalt", ["Andreas Kalt"]),
        ("Erstellt von Andri Bryner", ["Andri Bryner"]),
        ("Isabella Biase am Samstag", ["Isabella Biase"]),
        ("Tomas Spahn Fr", ["Tomas Spahn"]),
        ("Nicolas Gutierrez C.", ["Nicolas Gutierrez C."]),
        ("Perry Bacon Jr.", ["Perry Bacon Jr."]),
        ("Kersti Wolnow sagt", []),
        ("Name", []),
        ("Posted on", []),
        ("Hanns-Seidel-Stiftung e.V.", []),
    ],
)
def test_split_byline_drops_labels_roles_and_organisations(byline: str, expected: list[str]) -> None:
    assert split_byline(byline) == expected


@pytest.mark.parametrize(
    ("name", "site_names", "expected"),
    [
        ("Die Furche", frozenset({"furche", "furcheat"}), []),
        ("El País", frozenset({"elpais"}), []),
        ("Marie Merlet", frozenset({"prismamedia"}), ["Marie Merlet"]),
    ],
)
def test_publisher_names_are_not_people(name: str, site_names: frozenset[str], expected: list[str]) -> None:
    assert split_byline(name, site_names) == expected


def test_org_key_folds_case_accents_and_punctuation() -> None:
    assert org_key("Condé Nast, Inc.") == "condenastinc"


@pytest.mark.parametrize(
    ("name", "site_names", "expected"),
    [
        ("Daniel Lemke", frozenset({"lemke", "lemkeme"}), ["Daniel Lemke"]),
        ("NOTICIAS TROMBA", frozenset({"tromba", "trombape"}), []),
        ("KURIER-Online-Experte Rob Tesch", frozenset({"kurier"}), []),
    ],
)
def test_site_name_inside_a_longer_name(name: str, site_names: frozenset[str], expected: list[str]) -> None:
    assert split_byline(name, site_names) == expected


@pytest.mark.parametrize(
    ("byline", "usernames", "expected"),
    [
        ("by marc", True, ["marc"]),
        ("by marc", False, []),
        ("r23", True, ["r23"]),
        ("2019", True, []),
        ("12:30", True, []),
        ("admin", True, []),
        ("facebook.com", True, []),
    ],
)
def test_user_names_in_marked_up_bylines(byline: str, usernames: bool, expected: list[str]) -> None:
    assert split_byline(byline, usernames=usernames) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("8. Januar 2020 · by Aureliana · in Gefühle", ["Aureliana"]),
        ("Ursula von der Leyen", ["Ursula von der Leyen"]),
        ("Jose de la Cruz", ["Jose de la Cruz"]),
        ("责任编辑：孔德明", ["孔德明"]),
    ],
)
def test_parts_starting_with_a_lower_case_word(byline: str, expected: list[str]) -> None:
    assert split_byline(byline, usernames=True) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Evgenia Karp", "evgenia.karp"], ["Evgenia Karp"]),
        (["Perry Bacon Jr.", "perrybaconjr"], ["Perry Bacon Jr."]),
        (["Tina Klostermann", "TK"], ["Tina Klostermann"]),
        (["marc", "Jane Doe"], ["marc", "Jane Doe"]),
    ],
)
def test_drop_aliases(names: list[str], expected: list[str]) -> None:
    assert drop_aliases(names) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Redacci&oacute;n Central", []),
        ("Ana Mar&iacute;a Ruiz", ["Ana María Ruiz"]),
        ("stol.it", []),
        ("fri.juli", ["fri.juli"]),
    ],
)
def test_escaped_entities_and_domains(byline: str, expected: list[str]) -> None:
    assert split_byline(byline, usernames=True) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Posted on September 21, 2020 by Ada Tamir", ["Ada Tamir"]),
        ("06.11.2023 13:30 von Olga", ["Olga"]),
        ("Ein Artikel von Pia Sander | 27.01.2022 - 12:45", ["Pia Sander"]),
        ("Gespeichert von rosal am 24. Juli 2017 - 18:55", ["rosal"]),
        ("- Redaktion: Eberhard Fuchs (Pressesprecher)", ["Eberhard Fuchs"]),
        ("Redaktion Polizeiticker", []),
        ("Alles von Martin Junge", ["Martin Junge"]),
        ("Rezept von", []),
        ("Kategorie: Alle Blogposts", []),
        ("Detalles Publicado: Jueves", []),
    ],
)
def test_labels_dates_and_widget_words_around_names(byline: str, expected: list[str]) -> None:
    assert split_byline(byline, usernames=True) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Foto: Ingo Schreiner", []),
        ("Text von Christian Seidl Illustration von Markus Rost", ["Christian Seidl"]),
        ("By Jane Doe Photos by John Roe", ["Jane Doe"]),
        ("Jane Doe, Photo: John Roe", ["Jane Doe"]),
    ],
)
def test_picture_credits_are_not_authors(byline: str, expected: list[str]) -> None:
    assert split_byline(byline, usernames=True) == expected


@pytest.mark.parametrize(
    ("byline", "site_names", "expected"),
    [
        # The site's name with its town and country: none of it is a person.
        ("Kirche und Welt, Münster, Germany", frozenset({"kircheundwelt"}), []),
        # A publisher named with its own domain in brackets.
        ("Deutsche Wochenschau (www.dw-s.com)", frozenset({"dwscom", "dws"}), []),
        ("Jane Doe (www.janedoe.com)", frozenset({"dwscom"}), ["Jane Doe"]),
        ("NDR, Jane Doe und John Roe", frozenset({"ndr"}), ["Jane Doe", "John Roe"]),
    ],
)
def test_site_segments_and_what_follows_them(byline: str, site_names: frozenset[str], expected: list[str]) -> None:
    assert split_byline(byline, site_names, usernames=True) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Michael Humm, CHIP Software-Redaktion", ["Michael Humm"]),
        ("PETA-Team", []),
        ("Claus Boelen-Theile", ["Claus Boelen-Theile"]),
    ],
)
def test_hyphenated_desk_names(byline: str, expected: list[str]) -> None:
    assert split_byline(byline, usernames=True) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Richard David Prechtl im Gespräch mit Karin Fisch", ["Richard David Prechtl", "Karin Fisch"]),
        ("Text & Fotos: Ivan Valet", ["Ivan Valet"]),
        ("Peter Maar / SP-X", ["Peter Maar"]),
        ("Agencia EFE", []),
        ("Rechtsanwalt Dennis Toll", ["Dennis Toll"]),
        ("Auto Illustrierte", []),
        ("Pressekontakt", []),
    ],
)
def test_interviews_joint_credits_agencies_and_roles(byline: str, expected: list[str]) -> None:
    assert split_byline(byline, usernames=True) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Bankmagazin, Versicherungsmagazin", []),
        ("Newsdesk", []),
        ("Lokalredaktion", []),
        ("Krimi-Archiv", []),
        ("Steffi Verlagsmann", ["Steffi Verlagsmann"]),
    ],
)
def test_compound_publication_and_desk_names(byline: str, expected: list[str]) -> None:
    assert split_byline(byline, usernames=True) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Olympia-Verlag GmbH, Nürnberg, Germany", []),
        ("Musterwerke GmbH & Co. KG", []),
        ("Impressum Datenschutz", []),
        ("anónimo", []),
    ],
)
def test_companies_with_their_towns_and_page_furniture(byline: str, expected: list[str]) -> None:
    assert split_byline(byline, usernames=True) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [("Vielen Dank!", []), ("Why now?", []), ("¡Hola Amigos!", []), ("Lea Winter", ["Lea Winter"])],
)
def test_exclamations_and_questions_are_not_names(byline: str, expected: list[str]) -> None:
    assert split_byline(byline, usernames=True) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [("red", []), ("red/dpa", []), ("Von Jo Ray, red", ["Jo Ray"]), ("Red Kowalski", ["Red Kowalski"])],
)
def test_the_desk_abbreviation_red(byline: str, expected: list[str]) -> None:
    assert split_byline(byline, usernames=True) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Gartenfachmagazin /KB", []),
        ("Ole Sander, Lokalredaktion / TB", ["Ole Sander"]),
        ("Redaktion: Ole Sander / TB", ["Ole Sander", "TB"]),
        ("Ole Sander | Hanse Druck SE", ["Ole Sander"]),
        ("Ole Sander, Peter Hahn SA", ["Ole Sander"]),
    ],
)
def test_initials_after_a_publication_compound_are_its_desk(byline: str, expected: list[str]) -> None:
    assert split_byline(byline, usernames=True) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Anna Berg", True),
        ("Greta van Dijk", False),  # a particle is no capitalised word: such names come from bylines, not site titles
        ("Daheim Solar", False),
        ("Anna Berg Media", False),
        ("Le Monde", False),
        ("anna berg", False),
        ("Anna", False),
        ("Anna Berg Lena Vogt", False),
        ("Greta Holm SE", False),  # a company named after its founder: a copyright line's holder
        ("JONAS A. KURZ", True),
        ("Jonas A. Kurz", True),
        ("Jonas K", False),
        ("Greta Weltcup ABGESAGT", False),
        ("Harry Holm Wiki", False),
        ("Anna Musikschule", False),
    ],
)
def test_is_person_name_needs_a_known_first_name(text: str, expected: bool) -> None:
    assert is_person_name(text) is expected


def test_a_part_with_an_unknown_label_and_a_colon_is_no_name() -> None:
    assert split_byline("Jonas Kurz, Zeichner: Ole Sander") == ["Jonas Kurz"]

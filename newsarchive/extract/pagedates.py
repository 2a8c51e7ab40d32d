"""The publication and modification dates of a parsed page: declared, beside the headline, in the URL."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

from lxml import etree

from newsarchive.extract.dates import (
    MAX_WORDS_INPUT,
    not_after,
    numeric_readings,
    parse_date,
    url_date,
)
from newsarchive.extract.zones import off_article

_DATE_CLASS = re.compile(
    r"(?:^|[-_ ])(?:date|time|datum|fecha|data|published|pubdate|dateline|timestamp|meta|byline|posted|"
    r"entry-date|post-date|article-date|publish|created|info)",
    re.IGNORECASE,
)
_DATE_ID = re.compile(r"date|time|datum|published|dateline|byline", re.IGNORECASE)
_MARKED = etree.XPath("//body//*[@class or @id or @itemprop or @datetime] | //body//time")


def _marked_date(node: etree._Element) -> bool:
    """Whether an element is a <time> or says date in its itemprop, class or id."""
    return bool(
        node.tag == "time"
        or node.get("itemprop") in ("datePublished", "dateCreated")
        or _DATE_CLASS.search(node.get("class") or "")
        or _DATE_ID.search(node.get("id") or "")
    )


def _date_nodes(tree: etree._Element) -> list[etree._Element]:
    """<time> elements and elements whose class, id or itemprop says date, in page order (at most a few)."""
    found = []
    for node in _MARKED(tree):
        if node.tag in ("script", "style"):
            continue
        if _marked_date(node):
            found.append(node)
            if len(found) == MAX_VISIBLE_CANDIDATES:
                break
    return found


_UPDATED = re.compile(
    r"\b(?:updated?|modified|last|aktualisiert|geändert|zuletzt|mis à jour|modifié|actualizado|aggiornato)\b",
    re.IGNORECASE,
)
_PUBLISHED_WORD = re.compile(r"publi|veröff|erschien|posted|created|erstellt|written|geschrieben|écrit|escrito|scritto",
                             re.IGNORECASE)
MEMBER_WORDS = (
    "joined", "registered", "member since", "registriert", "mitglied seit", "dabei seit", "inscrit", "inscrito",
    "registrado", "iscritto", "registrato", "lid sinds", "zarejestrowany", "dołączył",
)
"""Labels of the date a forum user signed up ("Joined: May 11, 2017"), not the post's date."""
OTHER_DATE_WORDS = (
    "abgerufen", "accessed", "retrieved", "consulté", "zugriff am", "termin", "event date", "deadline", "frist",
    "einsendeschluss", "anmeldeschluss", "bewerbungsschluss", "closing date", "antworten bis", "gültig bis",
    "valid until", "expires", "nächste ausgabe", "next issue", "prochain numéro", "erscheint am", "geboren",
    "geburtstag", "born", "birthday", "gestorben", "todestag", "died", "kundenbewertung", "kundenmeinung",
    "customer review", "avis client",
)
"""Labels of dates that are not the page's publication: a cited page's access date, an event, a deadline, the
next issue, a birth or a death, a customer's review."""
_NOT_PUBLICATION = re.compile(
    r"(?<!\w)(?:" + "|".join(map(re.escape, MEMBER_WORDS + OTHER_DATE_WORDS)) + r")(?!\w)", re.IGNORECASE)


_PERIOD = re.compile(
    r"(?<![\d.])\d{1,2}\.?\s*(?:[-–—]|bis|to|au|al)\s*\d{1,2}\.?\s*(?:[^\W\d_]{3,}\.?|[01]?\d\.)\s*(?:19|20)\d{2}"
    r"|(?:19|20)\d{2}(?:,?\s+\d{1,2}[:.]\d{2})?\s*(?:[-–—]|bis|to|au|al)\s+\d{1,2}(?:\.|\s+[^\W\d_]{3,})"
    r".{0,20}?(?:19|20)\d{2}"
    r"|(?<![\d.:])\d{1,2}[:.]\d{2}(?![\d.])\s*(?:uhr|h)?\s*(?:[-–—]|bis)\s*\d{1,2}[:.]\d{2}(?![\d.])",
    re.IGNORECASE,
)
"""A period, not a day: two days ("14. - 20. Januar 2022", "08.01.2020 - 02.02.2020", "9-23 Feb 2017") or two
times of one day ("30. März 2020, 13:15 Uhr - 19:00 Uhr"): an event, a stay, a report's week, an archive's span."""


def _other_date(holder: etree._Element, chunk: str) -> bool:
    """Whether a date is not the publication's (a forum user's sign-up, a citation's access date, an event, a
    deadline, a birthday, a period): its line, its element or the label before it says so."""
    if _PERIOD.search(chunk):
        return True
    previous = holder.getprevious()
    label = f"{chunk} {holder.get('class') or ''} {(holder.text or '')[:MAX_WORDS_INPUT]}"
    if len(holder):
        label += f" {holder[0].text_content()[:MAX_WORDS_INPUT]}"
    if previous is not None and isinstance(previous.tag, str):
        label += f" {previous.text_content()[:MAX_WORDS_INPUT]}"
    return bool(_NOT_PUBLICATION.search(label.replace("-", " ").replace("_", " ")))


_FULL_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_HAS_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|\d\.[01]?\d\.\d{2}(?!\d)")
"""A four-digit year, or a dotted date with a two-digit year (28.09.19)."""
_SHORT_LINE = 80
_DATELINE_LEAD = re.compile(
    r"^(?:[^\W\d_][\w.-]*(?:\s[^\W\d_][\w.-]*){0,2}(?:,\s*|\s+(?=\(\d)))?\(?(?=\d|[^\W\d_]+\.?\s+\d)")
"""The start of a dateline: a place name or two, then a date ("Bern, 17.08.2007 -", "Karlsruhe, (12.11.2021).")."""
_LINE_START = 40
_WORD = re.compile(r"[^\W\d_]{2,}")
MAX_DATELINE_WORDS = 7
"""A line with more words than this (besides numbers) is prose, not a dateline."""
_SHORT_TEXT = 60
_SHORT_TEXT_RAW = 600
MAX_VISIBLE_CANDIDATES = 40
"""Date-like elements read at most per page, so a page of dates cannot make extraction slow."""



_MODIFIED_CLASS = re.compile(r"(?:^|\s)(?:updated|modified|date-?modified|last-?modified|last-?updated)(?:\s|$)",
                             re.IGNORECASE)
_PUBLISHED_CLASS = re.compile(r"publi|pubdate|entry-date|created", re.IGNORECASE)


def _is_modification(node: etree._Element) -> bool:
    """Whether the element (or its parent) is marked up as the modification date: itemprop="dateModified",
    or a class naming only the update (hAtom's "updated" without "published")."""
    for element in (node, node.getparent()):
        if element is None:
            return False
        if element.get("itemprop") in ("dateModified", "dateUpdated"):
            return True
        names = element.get("class") or ""
        if _MODIFIED_CLASS.search(names) and not _PUBLISHED_CLASS.search(names) and element.get("pubdate") is None:
            return True
    return False


def _in_link(node: etree._Element) -> bool:
    """Whether the node sits in a link: a teaser's date is the linked page's."""
    return any(element.tag == "a" for element in node.iterancestors())


def _quoted(node: etree._Element) -> bool:
    """Whether the node sits in a <blockquote>: a quotation or an embedded post (Instagram, X), not the article's."""
    return any(element.tag == "blockquote" for element in (node, *node.iterancestors()))


def _visible_date(tree: etree._Element, language: str | None, now: datetime,
                  strict: bool = True) -> tuple[str | None, str | None]:
    """The first date in a <time> or date-like element of the article (not comments or teasers).

    Not strict: of the page outside comments (the article may sit in a block named like a sidebar).
    """
    for node in _date_nodes(tree):
        raw = (node.get("datetime") or node.get("content") or "").strip()
        text = " ".join(node.text_content()[: MAX_WORDS_INPUT * 4].split())
        if not raw and not _HAS_YEAR.search(text[:MAX_WORDS_INPUT]):
            continue
        if _UPDATED.search(text[:MAX_WORDS_INPUT]) and not _PUBLISHED_WORD.search(text[:MAX_WORDS_INPUT]):
            continue
        if (off_article(node) if strict else _in_comments(node)) or _quoted(node) or _other_date(node, text):
            continue
        if _is_modification(node):
            continue
        value = not_after(parse_date(raw, language), now) if raw else None
        if value is None and text:
            if _is_prose(text[:MAX_WORDS_INPUT]):
                continue
            value, raw = not_after(parse_date(text, language), now), text[:MAX_WORDS_INPUT]
        if value:
            return value, raw
    return None, None


_NEAR_HEADLINE = etree.XPath(
    "(preceding::text()[normalize-space()][position() <= $before] | following::text()[normalize-space()]"
    "[position() <= $after])[re:test(., '(19|20)[0-9]{2}|[0-9]\\.[01]?[0-9]\\.[0-9]{2}')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)


def _is_prose(line: str) -> bool:
    """Whether a line is a sentence that mentions a date (an event) rather than a dateline."""
    return len(_WORD.findall(line)) > MAX_DATELINE_WORDS


def _headline_date(tree: etree._Element, language: str | None,
                   now: datetime) -> tuple[str | None, str | None, bool]:
    """A date in the few lines just before or after the headline (the first <h1> of the article).

    A date with a two-digit year (02.12.19) only when none of these lines has one with four digits.
    The flag says whether the date's element is marked up as a date (<time>, a date class).
    """
    headline = next((h for h in tree.iter("h1") if not off_article(h)), None)
    if headline is None:
        return None, None, False
    weak: tuple[str | None, str | None, bool] = (None, None, False)
    for text in _NEAR_HEADLINE(headline, before=6, after=25)[:8]:
        parent = text.getparent()
        if parent is None or parent.tag in ("script", "style") or off_article(parent) or _quoted(parent):
            continue
        chunk = " ".join(str(text)[: MAX_WORDS_INPUT * 4].split())
        if len(chunk) > _SHORT_LINE:
            # in running text only a leading dateline counts ("Bern, 17.08.2007 - ..."), not dates of events;
            # text after an inline element (a link, <em>) is the middle of a sentence, not its start
            lead = None if getattr(text, "is_tail", False) else _DATELINE_LEAD.match(chunk)
            if lead is None:
                continue
            chunk = chunk[: lead.end() + _LINE_START]
        chunk = chunk[:MAX_WORDS_INPUT]
        if _UPDATED.search(chunk) and not _PUBLISHED_WORD.search(chunk) or _is_prose(chunk):
            continue
        if _other_date(parent, chunk) or _is_modification(parent):
            continue
        value = not_after(parse_date(chunk, language), now)
        if value and _FULL_YEAR.search(chunk):
            return value, chunk, _marked_date(parent)
        if value and weak[0] is None:
            weak = (value, chunk, _marked_date(parent))
    return weak


def _short_dated_lines(tree: etree._Element) -> list[tuple[etree._Element, str]]:
    """Short text lines with a year in them and the element holding each, in page order (at most a few)."""
    body = tree.find("body")
    found: list[tuple[etree._Element, str]] = []
    if body is None:
        return found
    for element in body.iter():
        for text, holder in ((element.text, element), (element.tail, element.getparent())):
            if text and holder is not None and len(text) <= _SHORT_TEXT_RAW and _HAS_YEAR.search(text):
                line = " ".join(text.split())
                if len(line) <= _SHORT_TEXT:
                    found.append((holder, line))
        if len(found) >= MAX_VISIBLE_CANDIDATES:
            break
    return found


_COMMENTS = re.compile(r"comment|kommentar|respond|repl(?:y|ies)|discussion", re.IGNORECASE)


def _in_comments(node: etree._Element) -> bool:
    return any(_COMMENTS.search(f"{element.get('class') or ''} {element.get('id') or ''}")
               for element in (node, *node.iterancestors()))


def _first_short_date(tree: etree._Element, language: str | None, now: datetime,
                      strict: bool = True) -> tuple[str | None, str | None]:
    """The first short line of the article that is mostly a date ("Pressemitteilung vom 25. Januar 2022"),
    not in a link (a teaser's date is the linked page's).

    Not strict: lines anywhere but in reader comments count, for pages whose article sits in a <form>
    (ASP.NET), a "teaser" or "sidebar" block, or that have nothing else; and a line that says updated
    ("Date of last revision: ...") when no other line has a date.
    """
    updated: tuple[str | None, str | None] = (None, None)
    for parent, chunk in _short_dated_lines(tree):
        if not isinstance(parent.tag, str) or parent.tag in ("script", "style", "option", "a"):
            continue
        if (off_article(parent) if strict else _in_comments(parent)) or _quoted(parent) or _in_link(parent):
            continue
        is_update = bool(_UPDATED.search(chunk) and not _PUBLISHED_WORD.search(chunk)) or _is_modification(parent)
        if is_update and (strict or updated[0]) or _is_prose(chunk) or _other_date(parent, chunk):
            continue
        value = not_after(parse_date(chunk, language), now)
        if value and is_update:
            updated = (value, chunk)
        elif value:
            return value, chunk
    return updated


_COMMENT_BLOCK = re.compile(r"(?:^|[-_\s])(?:comments?|kommentare?|respond|repl(?:y|ies)|discussion)(?:$|[-_\s])",
                            re.IGNORECASE)
_BODY_ELEMENTS = etree.XPath("//body//*[@class or @id]")


def _comment_blocks(tree: etree._Element) -> list[etree._Element]:
    """The outermost reader-comment blocks of the page, in page order; not one holding a headline (an opinion
    column's article may be classed "commentary")."""
    blocks: list[etree._Element] = []
    for element in _BODY_ELEMENTS(tree):
        if blocks and any(element is block or block in element.iterancestors() for block in blocks[-1:]):
            continue
        if _COMMENT_BLOCK.search(f"{element.get('class') or ''} {element.get('id') or ''}") \
                and element.find(".//h1") is None and element.getparent() is not None:
            blocks.append(element)
    return blocks


def _htmldate(tree: etree._Element, url: str, now: datetime) -> tuple[str | None, str | None]:
    """htmldate's date of the page without its reader comments (a comment's date is not the article's).

    The comment blocks are taken out for the call and put back in place after it.
    """
    import htmldate  # imported lazily with its own dateparser-free fast path

    removed = []
    for block in _comment_blocks(tree):
        parent = block.getparent()
        removed.append((parent, parent.index(block), block))
        parent.remove(block)
    try:
        found = htmldate.find_date(tree, url=url, original_date=True, extensive_search=False,
                                   max_date=now.strftime("%Y-%m-%d"))
    except (ValueError, TypeError):
        found = None
    finally:
        for parent, index, block in reversed(removed):
            parent.insert(index, block)
    return (found, found) if found else (None, None)


_JSONLD_SCRIPTS = etree.XPath("//script[@type='application/ld+json' or @type='application/json+ld']")
_JSON_PUBLISHED = re.compile(r'"(?:datePublished|dateCreated)"\s*:\s*"([^"]{6,40})"')


def broken_jsonld_dates(tree: etree._Element) -> list[str]:
    """datePublished / dateCreated strings of JSON-LD blocks that are not valid JSON (a stray brace)."""
    found = []
    for script in _JSONLD_SCRIPTS(tree):
        raw = (script.text or "").strip()
        if '"datePublished"' not in raw and '"dateCreated"' not in raw:
            continue
        try:
            json.loads(re.sub(r"^\s*(?:<!--|//\s*<!\[CDATA\[)|(?://\s*\]\]>|-->)\s*$", "", raw), strict=False)
        except (ValueError, RecursionError):
            found.extend(_JSON_PUBLISHED.findall(raw))
    return found


def published_date(tree: etree._Element, url: str, declared: list[str], language: str | None,
                   now: datetime) -> tuple[str | None, str | None]:
    """(ISO date, source string) of the original publication, or (None, None).

    The first declared date (JSON-LD, meta) unless the page shows another: a declared date of the day
    written beside the headline (or, without one, of the day a <time> or date-like element shows) wins
    over the first, and a date beside the headline wins over a declared date of another day, which is
    often a modification date, unless a <time> or date-like element agrees with the declared day or the
    headline's date is all-numeric and the declared day is its other reading (06/01/2020). Without any,
    a <time> or date-like element of the article, then the first short date line of the article,
    htmldate's scan, then the first short date line outside comments, then a date a short inline script
    writes. A full date in the URL path decides the day when the page's date disagrees (time-zone shifts
    of UTC timestamps, republished pages), unless the page both declares and writes its day, not weeks after
    the URL's.
    Dates labelled as something else (an event, a deadline, an access date), periods, or marked up as the
    modification never count as the publication; a two-digit year never overrides a declared date.
    """
    near, near_raw, near_marked = _headline_date(tree, language, now)
    headline_day = near
    values = _declared_values(declared or broken_jsonld_dates(tree), language, now)
    value, raw = values[0] if values else (None, None)
    if values and near_raw and not _FULL_YEAR.search(near_raw):
        near = None  # a two-digit year (02.01.23) is too weak to stand against a declared date
    if near and (value is None or value[:10] != near[:10]):
        confirmed = _of_day(values, near)
        if confirmed:
            value, raw = confirmed
        elif not (value and _declared_holds(tree, value, near, near_raw, near_marked, language, now)):
            value, raw = near, near_raw
    elif near is None and len({day[:10] for day, _ in values}) > 1:
        value, raw = _of_day(values, _visible_date(tree, language, now, strict=False)[0]) or (value, raw)
    if value is None:
        value, raw = _visible_date(tree, language, now)
    if value is None:
        value, raw = _first_short_date(tree, language, now)
    in_url = not_after(url_date(url), now)
    if in_url and (value is None or value[:10] != in_url) and not (value and value[:10] in numeric_readings(url)) \
            and not (value and _shown_declared_day(tree, value, in_url, values, headline_day, language, now)):
        return in_url, url
    if value is None:
        value, raw = _htmldate(tree, url, now)
    if value is None:
        value, raw = _first_short_date(tree, language, now, strict=False)
    if value is None:
        value, raw = _script_written_date(tree, now)
    return value, raw


def _shown_declared_day(tree: etree._Element, value: str, in_url: str, values: list[tuple[str, str]],
                        headline_day: str | None, language: str | None, now: datetime) -> bool:
    """Whether the page both declares the day of `value` and writes it (beside the headline: `headline_day`, or
    in a short date line; a machine timestamp is in UTC, not the page's day), and the URL's day is not weeks
    earlier (a republished page keeps its first URL): then the page's day wins over the URL's (a story filed
    under the day it was planned)."""
    if _of_day(values, value) is None:
        return False
    if (date.fromisoformat(value[:10]) - date.fromisoformat(in_url)).days >= STORY_DATE_DAYS:
        return False
    if headline_day and headline_day[:10] == value[:10]:
        return True
    shown = _first_short_date(tree, language, now)[0]
    return bool(shown) and shown[:10] == value[:10]


_BODY_SCRIPTS = etree.XPath("//body//script[not(@src)]")
_WRITES_DATE = re.compile(r"^[\w.$]+\(\s*[\"'](?P<date>[^\"']{8,40})[\"']")
MAX_SCRIPT_CHARS = 200
"""Longer inline scripts are programs, not a date written into the page."""


def _script_written_date(tree: etree._Element, now: datetime) -> tuple[str | None, str | None]:
    """A date a short inline script of the body writes where it stands (showDate("2020/04/17 01:43:09"),
    document.write('...')): old CMSs render the publication date so."""
    for script in _BODY_SCRIPTS(tree):
        text = (script.text or "").strip()
        if len(text) > MAX_SCRIPT_CHARS or script.get("type") not in (None, "text/javascript"):
            continue
        match = _WRITES_DATE.match(text)
        if match:
            value = not_after(parse_date(match["date"]), now)
            if value:
                return value, text
    return None, None


MAX_DECLARED = 12
"""Declared date strings read at most per page."""


def _declared_values(declared: list[str], language: str | None, now: datetime) -> list[tuple[str, str]]:
    """(ISO date, source string) of the declared dates that parse and are not in the future, in order."""
    values = []
    for candidate in declared[:MAX_DECLARED]:
        value = not_after(parse_date(candidate, language), now)
        if value:
            values.append((value, candidate))
    return values


def _of_day(values: list[tuple[str, str]], day: str | None) -> tuple[str, str] | None:
    """The first declared (date, source) on the given day."""
    return next((value for value in values if day and value[0][:10] == day[:10]), None)


STORY_DATE_DAYS = 14
"""A date beside the headline this many days or more before the declared publication is one the story
mentions (a quotation, an event, a teaser), not a later-declared publication: CMSs set datePublished when
they publish and put later edits in dateModified."""


def _declared_holds(tree: etree._Element, declared: str, near: str, near_raw: str | None, near_marked: bool,
                    language: str | None, now: datetime) -> bool:
    """Whether a declared date stands against a different date beside the headline.

    A date marked up as one (<time>, a date class) is the page's own, however long before the declared one.
    """
    if declared[:10] in numeric_readings(near_raw):
        return True
    before = (date.fromisoformat(declared[:10]) - date.fromisoformat(near[:10])).days
    if not near_marked and before >= STORY_DATE_DAYS:
        return True
    visible = _visible_date(tree, language, now)[0]
    return visible is not None and visible[:10] == declared[:10]


_HIDDEN = frozenset({"script", "style", "noscript", "template"})


def _day_pattern(day: str) -> re.Pattern[str]:
    """The ways a page writes a day: 2023-08-20, 20.08.2023, 20/08/23, 08/20/2023, 20. August 2023, Aug 20, 2023,
    20 de agosto de 2023, 2023年8月20日 (the month word in any language)."""
    year, month, dom = day[:4], int(day[5:7]), int(day[8:10])
    d, m, y = rf"0?{dom}", rf"0?{month}", rf"(?:{year}|{year[2:]})"
    return re.compile(
        rf"{year}\s*[-/.]\s*{m}\s*[-/.]\s*{d}(?!\d)"
        rf"|(?<!\d){d}\s*[./|-]\s*{m}\s*[./|-]\s*{y}(?!\d)"
        rf"|(?<!\d){m}\s*/\s*{d}\s*/\s*{y}(?!\d)"
        rf"|(?<!\d){d}(?:\.|st|nd|rd|th|er|º)?[\s/]*(?:de\s+)?[^\W\d_]{{3,}}\.?,?[\s/]*(?:de\s+)?{year}"
        rf"|[^\W\d_]{{3,}}\.?\s+{d}(?:st|nd|rd|th|\.)?,?\s+{year}"
        rf"|{year}\s*[年년]\s*{m}\s*[月월]\s*{d}(?!\d)",
        re.IGNORECASE,
    )


def writes_day(tree: etree._Element, day: str) -> bool:
    """Whether the page's text (not its scripts, styles or attributes) writes the given YYYY-MM-DD day."""
    body = tree.find("body")
    if body is None:
        return False
    pattern = _day_pattern(day)
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        texts = (element.tail,) if element.tag in _HIDDEN else (element.text, element.tail)
        if any(text and pattern.search(text) for text in texts):
            return True
    return False


def modified_date(declared: list[str], language: str | None, now: datetime) -> str | None:
    """The first declared modification date that parses and is not in the future."""
    for candidate in declared:
        value = not_after(parse_date(candidate, language), now)
        if value:
            return value
    return None

"""Byline strings to person names: no "By", no dates, no roles, agencies, handles or e-mails."""

from __future__ import annotations

import functools
import html
import importlib.util
import json
import re
import unicodedata
from pathlib import Path

BYLINE_PREFIXES = (
    "by", "von", "par", "por", "di", "da", "door", "av", "af", "przez", "autor", "autorin", "author",
    "authors", "written by", "posted by", "published by", "reported by", "text", "texte", "text von",
    "ein beitrag von", "ein kommentar von", "eine analyse von", "ein gastbeitrag von", "geschrieben von",
    "verfasst von", "redakteur", "redakteurin", "auteur", "escrito por", "scritto da", "napisał", "napisała",
    "story by", "words by", "interview", "kommentar", "ein artikel von", "gespeichert von", "submitted by",
    "veröffentlicht von", "alles von", "mehr von", "artikel von", "weitere artikel von", "mehr artikel von",
    "more from", "more by", "all posts by", "view all posts by", "alle beiträge von", "rechtsanwalt",
    "rechtsanwältin",
    "fachanwalt", "fachanwältin", "anwalt", "anwältin", "notar", "notarin", "steuerberater", "steuerberaterin",
    "pressesprecher", "pressesprecherin", "chefredakteur", "chefredakteurin", "vom",
    "eingestellt von", "erstellt von", "publié par", "publicado por", "pubblicato da", "opublikowano przez",
    "作者", "责任编辑", "编辑", "记者", "文", "beitrag von", "blog beitrag von", "blogbeitrag von",
    "autoren",
)
"""Words that introduce a byline; removed from the start of a name (case-insensitive)."""

COLON_PREFIXES = ("redaktion", "redakteur", "redakteurin")
"""Words that introduce a byline only with a colon ("Redaktion: Eva Berg"); alone they name a desk."""

CREDIT_WORDS = (
    "photo", "photos", "foto", "fotos", "fotografie", "bild", "bilder", "illustration", "illustrationen",
    "grafik", "video", "kamera", "camera", "image", "images",
)
"""Words that introduce a picture credit: the name after them took the photo, it did not write the article."""

NON_PERSON_WORDS = (
    "staff", "reporter", "reporters", "editor", "editors", "editorial", "correspondent", "correspondents",
    "redaktion", "redaktionen", "newsroom", "desk", "team", "admin", "administrator", "webmaster", "agency",
    "agencies", "press", "presse", "news", "nachrichten", "wire", "wires", "service", "services", "bureau",
    "contributor", "contributors", "guest", "gast", "gastautor", "autor", "author", "writer", "writers",
    "online", "magazin", "magazine", "zeitung", "journal", "media", "group", "verlag", "gmbh", "ltd", "inc",
    "llc", "redakcja", "rédaction", "redacción", "redazione", "anonymous", "unknown", "user", "guestauthor",
    "updated", "aktualisiert", "published", "veröffentlicht", "mis à jour", "comments", "kommentare",
    "publicado", "publicada", "publié", "publiée", "pubblicato", "detalles", "details", "kategorie", "kategorien",
    "category", "categories", "catégorie", "categoría", "tags", "schlagwörter", "schlagworte", "stand", "über",
    "about", "publisher", "źródło", "pressemitteilung", "pressemeldung", "paid", "content", "sponsored",
    "anzeige", "werbung", "advertorial", "illustrierte", "pressekontakt", "kontakt", "contact", "edit", "bearbeiten",
    "close", "schließen", "archiv", "archive", "impressum", "datenschutz", "default",
    "anónimo", "anonym", "anonyme", "kg", "actualizado", "message", "nachricht", "profil", "profile",
    "share", "teilen", "follow", "folgen", "email", "e-mail", "mail", "twitter", "facebook", "more",
    "mehr", "articles", "artikel", "posts", "beiträge", "read", "lesen", "min", "minutes", "minuten",
    "photo", "foto", "bild", "picture", "image", "video", "quelle", "source", "copyright", "name", "posted",
    "publiziert", "datum", "date", "uncategorized", "allgemein", "says", "sagt", "said", "schreibt", "wrote",
    "antworten", "reply", "e.v", "stiftung", "verband", "foundation", "institut", "institute", "university",
    "universität", "gmbh", "ag", "corp", "company", "phd", "md", "mba", "wiki", "entertainment", "consortium",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "montag", "dienstag",
    "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
)
"""Words that mark a byline part as a role, a department, a widget label or an organisation."""

ORG_SUFFIXES = (
    "magazin", "magazine", "redaktion", "zeitung", "verlag", "desk", "team", "media", "verband", "stiftung", "schule",
)
"""Endings of compound words naming a publication or a desk ("Bankmagazin", "Newsdesk", "Lokalredaktion")."""
MIN_COMPOUND_CHARS = 7
ORGANISATION_WORDS = (
    "gmbh", "verlag", "ag", "inc", "ltd", "llc", "e.v", "e.v.", "stiftung", "verband", "corp", "company", "group",
    "gbr", "kg", "mbh", "plc", "sarl", "s.a", "s.l", "b.v", "se", "sa", "nv", "spa", "s.p.a", "srl", "oy",
)
"""Words naming a company or an association: the single words after one in a byline are its town and country."""

AGENCIES = (
    "ap", "afp", "dpa", "reuters", "upi", "ansa", "efe", "epd", "kna", "sid", "apa", "sda", "pa", "ani", "pti",
    "ians", "xinhua", "tass", "bloomberg", "associated press", "agence france-presse", "thomson reuters", "sp-x",
    "jiji", "kyodo", "yonhap", "anp", "belga", "ats", "ctk", "pap", "mti", "ntb", "ritzau", "kathpress", "dts",
    "europa press", "agencia efe",
)
"""News agencies credited in bylines instead of (or beside) people."""

_PREFIX = re.compile(
    r"^(?:" + "|".join(re.escape(p) for p in sorted(BYLINE_PREFIXES, key=len, reverse=True)) + r")\b\s*[:：.\-–—]?\s*",
    re.IGNORECASE,
)
NAME_PARTICLES = (
    "von", "van", "de", "da", "di", "del", "della", "der", "den", "des", "du", "la", "le", "zu", "ten", "ter",
    "bin", "ibn", "al", "el", "dos", "das",
)
"""The lower-case words a name may hold ("Ursula von der Leyen"); a part with another lower-case word
("in Politics", "Head of the press office") is a label or a phrase, not a name."""
_NON_PERSON = frozenset(NON_PERSON_WORDS)
_ORG_SUFFIXES = tuple(ORG_SUFFIXES)
_ORGANISATION_WORDS = frozenset(ORGANISATION_WORDS)
_PARTICLES = frozenset(NAME_PARTICLES)
_COLON_PREFIX = re.compile(r"^(?:" + "|".join(COLON_PREFIXES) + r")\s*:\s*", re.IGNORECASE)
_CREDIT = re.compile(r"^(?:" + "|".join(CREDIT_WORDS) + r")s?\b", re.IGNORECASE)
_CREDIT_SPLIT = re.compile(r"\s(?=(?:" + "|".join(CREDIT_WORDS) + r")\s*(?::|by\s|von\s|de\s|par\s))", re.IGNORECASE)
DAY_PATTERN = (r"(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}"
               r"|\d{1,2}\.?\s+[^\W\d]{3,}\.?\s+\d{4}|[^\W\d]{3,}\.?\s+\d{1,2},?\s+\d{4})")
CLOCK_PATTERN = r"\d{1,2}[:.]\d{2}(?:\s*(?:uhr|h|am|pm))?"
"""Regex sources of a written day and of a clock time as bylines write them."""
DATED_LABEL = re.compile(
    rf"^[^\d]{{0,20}}?{DAY_PATTERN}(?:[\s,|·•–—-]*{CLOCK_PATTERN})?[\s,|·•–—-]*"
    r"(?:[^\W\d]+\s+)?(?:by|von|par|por|door|di|av)\s+(?=\S)",
    re.IGNORECASE,
)
"""A date (and time) before a byline label: "Posted on May 2, 2020 by", "06.11.2023 13:30 von"."""
BROADCASTERS = (
    "ard", "zdf", "ndr", "wdr", "swr", "mdr", "rbb", "orf", "srf", "dlf", "bbc", "cnn", "npr", "dw", "rtl", "ntv",
    "n-tv", "3sat", "arte", "phoenix", "rai", "tve", "rtve",
)
"""Broadcasters credited in bylines beside their reporters ("Jo Ray, NDR")."""
_AGENCIES = frozenset(AGENCIES + BROADCASTERS)
DESK_ABBREVIATIONS = ("red",)
"""Short forms of "Redaktion" standing alone in a byline ("red/dpa", "Jo Ray, red"); one word of a name is not one
("Red Kowalski")."""
_DESK_ABBREVIATIONS = frozenset(DESK_ABBREVIATIONS)
_LIST_SPLIT = r"\s*(?:;|\||,|&|/|\+|·|•|\n|\s[-–—]\s)\s*"
_AND_SPLIT = re.compile(
    r"\s(?:and|und|et|y|e|i|og|en|oraz|és|ve|اور|و|और"
    r"|im gespräch mit|in conversation with|en conversación con)\s",
    re.IGNORECASE,
)
SEGMENT_SPLIT = re.compile(_LIST_SPLIT)
"""Separators between the parts of a byline: "Jo Ray | Reuters", "Jo Ray; Al Roe"."""
NAME_SPLIT = re.compile(rf"{_LIST_SPLIT}|\s*{_AND_SPLIT.pattern}\s*", re.IGNORECASE)
"""Separators between names, "and" in several languages included."""
_JOINT_LABEL = re.compile(
    r"^(?:text|texte|words|story)\s*(?:&|und|and|\+|/)\s*(?:fotos?|photos?|bilder?|pictures?)\s*(?:by|von|:)\s*",
    re.IGNORECASE,
)
"""A label crediting one person with text and pictures: "Text & Fotos: Ivan Vale", "Words and pictures by"."""
_SITE_MARK = "\x00"
"""Put in place of a bracket naming the site's own domain ("Deutsche Welle (www.dw.com)"): the name before it is
the site's."""
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_HANDLE = re.compile(r"(?<!\w)@\w+")
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
_TOKEN = re.compile(r"[\w'’.-]+", re.UNICODE)
_GLUED_LABEL = re.compile(r"^(?:Author|Autor|Auteur|By|Von)(?=[A-ZÀ-Ý])")
_TRAILING_WHEN = re.compile(
    r"\s+(?:(?:am|on|le|el|il|um|at)\s+\S+.*|(?:Mo|Di|Mi|Do|Fr|Sa|So|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?)$"
)
_TRAILING_IN = re.compile(r"\s+(?:in|im)$", re.IGNORECASE)
"""A byline's "in" before the section it names in the next element, after a name of two words or more ("JO RAY IN")."""
_TRAILING_LABEL = re.compile(r"\s(?:by|von|par|por|de|di|from|of)$", re.IGNORECASE)
"""A part ending in a byline label is a label ("Rezept von", "Alles von"), its name is on the next line."""
_MAX_INPUT = 400
_USERNAME = re.compile(r"^[^\W\d_][\w.]*\d[\w.]*$")
_DOMAIN = re.compile(r"\w\.[a-z]{2,3}$")
_EXCLAMATION = re.compile(r"[!?¡¿]")
"""Marks of a phrase ("Vielen Dank!", "Why now?"), never of a name."""
MAX_SITE_AFFIX = 3
"""Letters a name may have beyond a site name and still be that site ("Die Furche", "Welt TV")."""


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def org_key(name: str) -> str:
    """A name folded for comparing with organisation names: no case, accents, spaces or punctuation."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in folded if ch.isalnum())


def _is_organisation(part: str, site_names: frozenset[str]) -> bool:
    """Whether a name is the site's: a site name, alone or with an article or suffix ("Die Furche"), or
    written as a brand inside a longer name ("NOTICIAS TROME", "FOCUS-Online-Experte").

    A site name written as a capitalised word of a longer name ("Lemire" in "Daniel Lemire") is a person's
    own site.
    """
    key = org_key(part)
    if key in site_names:
        return True
    for site in site_names:
        if len(site) >= 5 and site in key:
            if len(key) - len(site) <= MAX_SITE_AFFIX:
                return True
            if any(site in org_key(token) and not token.istitle() for token in part.split()):
                return True
    return False


def _clean_part(part: str, site_names: frozenset[str], usernames: bool) -> str | None:
    part = DATED_LABEL.sub("", part.strip(" \t\r\n:,;-–—'\"«»„“”‘’()[]*•·|"))
    if _CREDIT.match(part):
        return None
    part = _GLUED_LABEL.sub("", _COLON_PREFIX.sub("", part))
    part = _TRAILING_WHEN.sub("", part)
    before_in = _TRAILING_IN.sub("", part)
    if len(before_in.split()) > 1:
        part = before_in
    if _TRAILING_LABEL.search(part):
        return None
    part = re.sub(r"(?<!\b[A-ZÀ-Ý])(?<!\b[JS]r)(?<!\bDr)\.+$", "", part).strip()
    while True:
        stripped = _PREFIX.sub("", part, count=1).strip(" :-–—")
        if stripped == part:
            break
        part = stripped
    if not part or any(ch.isdigit() for ch in part) and not (usernames and _USERNAME.match(part)):
        return None
    if _DOMAIN.search(part) or _EXCLAMATION.search(part) or ":" in part:
        return None
    key = _key(part)
    if key in _AGENCIES or key in _DESK_ABBREVIATIONS or _is_organisation(part, site_names):
        return None
    tokens = _TOKEN.findall(key)
    if not tokens or len(tokens) > 5:
        return None
    if any(word in _NON_PERSON for tok in tokens for word in (tok.strip(".-"), *tok.split("."), *tok.split("-"))):
        return None
    if any(tok.endswith(_ORG_SUFFIXES) and len(tok) > MIN_COMPOUND_CHARS for tok in tokens):
        return None
    if not any(ch.isalpha() for ch in part) or not part[0].isupper() and not part[0].isalpha():
        return None
    if len(tokens) == 1 and (len(part) < 2 or not usernames and (len(part) < 3 or part.islower())):
        return None
    words = part.split()
    if len(words) > 1 and any(word[:1].islower() and word not in _PARTICLES for word in words):
        return None
    return " ".join(part.split())


def split_byline(text: str, site_names: frozenset[str] = frozenset(), *, usernames: bool = False) -> list[str]:
    """Person names in one byline string, in order: "By Jane Doe and John Roe | Reuters" -> two names.

    `site_names` are org_key() forms of the site's and publisher's names: parts naming them are dropped.
    With `usernames` (text marked up as the author's name), a lone lower-case or letters-and-digits word
    is kept: it is the user name the page shows as its author ("by marc", "r23").
    """
    text = _JOINT_LABEL.sub("", DATED_LABEL.sub("", html.unescape(text[:_MAX_INPUT]).strip()))
    text = _BRACKETS.sub(
        lambda match: _SITE_MARK if _names_site(match.group(0)[1:-1], site_names) else match.group(0), text)
    text = _EMAIL.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _BRACKETS.sub(" ", text)
    names = []
    after_site = False
    for segment in SEGMENT_SPLIT.split(_CREDIT_SPLIT.sub("\n", text)):
        if (_SITE_MARK in segment or _is_organisation(segment.strip(), site_names)
                or _ORGANISATION_WORDS & set(_TOKEN.findall(segment.casefold()))):
            after_site = True
            continue
        if _names_publication(segment):
            after_site = True
        for part in _AND_SPLIT.split(segment):
            name = _clean_part(part, site_names, usernames)
            if name and not (after_site and len(name.split()) == 1):
                names.append(name)
    return merge_names([names])


def _names_publication(segment: str) -> bool:
    """Whether a byline part names a publication or a desk by a compound word ("IT Finanzmagazin", "Lokalredaktion"),
    not as the label before a name ("Redaktion: Jo Ray")."""
    tokens = _TOKEN.findall(_COLON_PREFIX.sub("", segment.strip(" -–—•·*")).casefold())
    return any(token.endswith(_ORG_SUFFIXES) and len(token) > MIN_COMPOUND_CHARS for token in tokens)


def _names_site(text: str, site_names: frozenset[str]) -> bool:
    """Whether a bracket's text is the site's own domain or name ("(www.example.com)")."""
    text = re.sub(r"^(?:https?://)?(?:www\.)?", "", text.strip().lower()).rstrip("/")
    return bool(text) and org_key(text) in site_names


def merge_names(groups: list[list[str]]) -> list[str]:
    """Concatenate name lists, dropping repeats (case- and space-insensitive), keeping first order."""
    seen: set[str] = set()
    result = []
    for group in groups:
        for name in group:
            key = _key(name)
            if key not in seen:
                seen.add(key)
                result.append(name)
    return result


def drop_aliases(names: list[str]) -> list[str]:
    """Names without the one-word aliases of another name: its user name ("jane.doe", "janedoe") or initials ("JD")."""
    full = [name for name in names if len(name.split()) > 1]
    aliases = {org_key(name) for name in full} | {org_key("".join(word[0] for word in name.split())) for name in full}
    return [name for name in names if len(name.split()) > 1 or org_key(name) not in aliases]


FIRST_NAME_LOCALES = (
    "cs", "da", "de", "de-at", "en", "en-gb", "es", "fi", "fr", "hr", "hu", "it", "nl", "pl", "pt", "sk", "sv", "tr",
)
"""Locales of the mimesis name lists read for telling a person from a brand: the languages of European news sites."""
NOT_FIRST_NAMES = ("le", "la", "el", "il", "lo", "les", "los", "las", "the", "my", "our", "van", "von", "de", "da", "di")
"""Words that some name lists hold as first names but that open a brand far more often ("Le Monde", "My Home")."""
_NOT_FIRST_NAMES = frozenset(NOT_FIRST_NAMES)


@functools.cache
def first_names() -> frozenset[str]:
    """First names of the mimesis name lists, read from its data files: importing mimesis takes a second and
    20 MB, reading the files 40 ms and 4 MB, once per process."""
    spec = importlib.util.find_spec("mimesis")
    if spec is None or spec.origin is None:
        raise ImportError("mimesis, a dependency of newsarchive, is not installed")
    folder = Path(spec.origin).parent / "datasets"
    names: set[str] = set()
    for locale in FIRST_NAME_LOCALES:
        with open(folder / locale / "person.json", encoding="utf-8") as handle:
            listed = json.load(handle).get("names", {})
        for group in listed.values() if isinstance(listed, dict) else (listed,):
            names.update(name.casefold() for name in group)
    return frozenset(names - _NOT_FIRST_NAMES)


_INITIAL = re.compile(r"^[A-ZÀ-Ý]\.$")


def is_person_name(text: str) -> bool:
    """Whether a text is a person's full name: two or three capitalised words (or all in capitals), the first a known
    first name, the last no initial, and no word of a role or an organisation ("Jo Ray", "JO A. RAY", not "Daheim
    Solar", "Jo Ray Media", "FINA Weltmeisterschaften VERSCHOBEN" or "Thomas W")."""
    words = text.split()
    if not 2 <= len(words) <= 3 or len(words[-1]) < 2 or _INITIAL.match(words[-1]):
        return False
    spelled = [word for word in words if not _INITIAL.match(word)]
    capitalised = all(word[:1].isupper() and not word.isupper() for word in spelled) or all(
        word.isupper() for word in spelled)
    return capitalised and words[0].casefold() in first_names() and split_byline(text) == [text]

"""Byline strings to person names: no "By", no dates, no roles, agencies, handles or e-mails."""

from __future__ import annotations

import re
import unicodedata

BYLINE_PREFIXES = (
    "by", "von", "par", "por", "di", "da", "door", "av", "af", "przez", "autor", "autorin", "author",
    "authors", "written by", "posted by", "published by", "reported by", "text", "texte", "text von",
    "ein beitrag von", "ein kommentar von", "eine analyse von", "ein gastbeitrag von", "geschrieben von",
    "verfasst von", "redakteur", "redakteurin", "auteur", "escrito por", "scritto da", "napisał", "napisała",
    "photo", "photos", "foto", "fotos", "bild", "story by", "words by", "interview", "kommentar",
)
"""Words that introduce a byline; removed from the start of a name (case-insensitive)."""

NON_PERSON_WORDS = (
    "staff", "reporter", "reporters", "editor", "editors", "editorial", "correspondent", "correspondents",
    "redaktion", "redaktionen", "newsroom", "desk", "team", "admin", "administrator", "webmaster", "agency",
    "agencies", "press", "presse", "news", "nachrichten", "wire", "wires", "service", "services", "bureau",
    "contributor", "contributors", "guest", "gast", "gastautor", "autor", "author", "writer", "writers",
    "online", "magazin", "magazine", "zeitung", "journal", "media", "group", "verlag", "gmbh", "ltd", "inc",
    "llc", "redakcja", "rédaction", "redacción", "redazione", "anonymous", "unknown", "user", "guestauthor",
    "updated", "aktualisiert", "published", "veröffentlicht", "mis à jour", "comments", "kommentare",
    "share", "teilen", "follow", "folgen", "email", "e-mail", "mail", "twitter", "facebook", "more",
    "mehr", "articles", "artikel", "posts", "beiträge", "read", "lesen", "min", "minutes", "minuten",
    "photo", "foto", "bild", "picture", "image", "video", "quelle", "source", "copyright",
)
"""Words that mark a byline part as a role, a department, a widget label or an organisation."""

AGENCIES = (
    "ap", "afp", "dpa", "reuters", "upi", "ansa", "efe", "epd", "kna", "sid", "apa", "sda", "pa", "ani", "pti",
    "ians", "xinhua", "tass", "bloomberg", "associated press", "agence france-presse", "thomson reuters",
)
"""News agencies credited in bylines instead of (or beside) people."""

_PREFIX = re.compile(
    r"^(?:" + "|".join(re.escape(p) for p in sorted(BYLINE_PREFIXES, key=len, reverse=True)) + r")\b\s*[:.\-–—]?\s*",
    re.IGNORECASE,
)
_NON_PERSON = frozenset(NON_PERSON_WORDS)
_AGENCIES = frozenset(AGENCIES)
_SPLIT = re.compile(r"\s*(?:;|\||,|&|/|\+|·|•|\n|\s[-–—]\s|\s(?:and|und|et|y|e|i|og|en|oraz|és|ve)\s)\s*", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_HANDLE = re.compile(r"(?<!\w)@\w+")
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
_TOKEN = re.compile(r"[\w'’.-]+", re.UNICODE)
_MAX_INPUT = 400


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _clean_part(part: str, site_names: frozenset[str]) -> str | None:
    part = part.strip(" \t\r\n.:,;-–—'\"«»„“”‘’()[]*•·|")
    while True:
        stripped = _PREFIX.sub("", part, count=1).strip(" :.-–—")
        if stripped == part:
            break
        part = stripped
    if not part or any(ch.isdigit() for ch in part):
        return None
    key = _key(part)
    if key in _AGENCIES or key in site_names:
        return None
    tokens = _TOKEN.findall(key)
    if not tokens or len(tokens) > 5:
        return None
    if any(tok.strip(".-") in _NON_PERSON for tok in tokens):
        return None
    if not any(ch.isalpha() for ch in part) or not part[0].isupper() and not part[0].isalpha():
        return None
    if len(tokens) == 1 and (len(part) < 3 or part.islower()):
        return None
    if sum(1 for tok in part.split() if tok[:1].islower()) > max(1, len(tokens) // 2):
        return None
    return " ".join(part.split())


def split_byline(text: str, site_names: frozenset[str] = frozenset()) -> list[str]:
    """Person names in one byline string, in order: "By Jane Doe and John Roe | Reuters" -> two names."""
    text = text[:_MAX_INPUT]
    text = _EMAIL.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _BRACKETS.sub(" ", text)
    names = []
    for part in _SPLIT.split(text):
        name = _clean_part(part, site_names)
        if name:
            names.append(name)
    return merge_names([names])


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

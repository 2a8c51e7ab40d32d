"""Byline strings to person names: no "By", no dates, no roles, agencies, handles or e-mails."""

from __future__ import annotations

import html
import re
import unicodedata
from itertools import islice

from lxml import etree

from newsarchive.extract.titles import MAX_HEADINGS, is_hidden, is_logo
from newsarchive.extract.zones import marks_off_article, off_article

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
    "universität", "gmbh", "ag", "corp", "company", "phd", "md", "mba",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "montag", "dienstag",
    "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
)
"""Words that mark a byline part as a role, a department, a widget label or an organisation."""

ORG_SUFFIXES = ("magazin", "magazine", "redaktion", "zeitung", "verlag", "desk", "team", "media", "verband", "stiftung")
"""Endings of compound words naming a publication or a desk ("Bankmagazin", "Newsdesk", "Lokalredaktion")."""
MIN_COMPOUND_CHARS = 7
ORGANISATION_WORDS = (
    "gmbh", "verlag", "ag", "inc", "ltd", "llc", "e.v", "e.v.", "stiftung", "verband", "corp", "company", "group",
    "gbr", "kg", "mbh", "plc", "sarl", "s.a", "s.l", "b.v",
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
_DAY = (r"(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}"
        r"|\d{1,2}\.?\s+[^\W\d]{3,}\.?\s+\d{4}|[^\W\d]{3,}\.?\s+\d{1,2},?\s+\d{4})")
_CLOCK = r"\d{1,2}[:.]\d{2}(?:\s*(?:uhr|h|am|pm))?"
_DATED_LABEL = re.compile(
    rf"^[^\d]{{0,20}}?{_DAY}(?:[\s,|·•–—-]*{_CLOCK})?[\s,|·•–—-]*"
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
_NAVIGATION = frozenset({"nav", "navigation", "menu"})
_LIST_SPLIT = r"\s*(?:;|\||,|&|/|\+|·|•|\n|\s[-–—]\s)\s*"
_AND_SPLIT = re.compile(
    r"\s(?:and|und|et|y|e|i|og|en|oraz|és|ve|اور|و|और"
    r"|im gespräch mit|in conversation with|en conversación con)\s",
    re.IGNORECASE,
)
_SEGMENTS = re.compile(_LIST_SPLIT)
_SPLIT = re.compile(rf"{_LIST_SPLIT}|\s*{_AND_SPLIT.pattern}\s*", re.IGNORECASE)
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
    part = _DATED_LABEL.sub("", part.strip(" \t\r\n:,;-–—'\"«»„“”‘’()[]*•·|"))
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
    if _DOMAIN.search(part):
        return None
    key = _key(part)
    if key in _AGENCIES or _is_organisation(part, site_names):
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
    text = _JOINT_LABEL.sub("", _DATED_LABEL.sub("", html.unescape(text[:_MAX_INPUT]).strip()))
    text = _BRACKETS.sub(
        lambda match: _SITE_MARK if _names_site(match.group(0)[1:-1], site_names) else match.group(0), text)
    text = _EMAIL.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _BRACKETS.sub(" ", text)
    names = []
    after_site = False
    for segment in _SEGMENTS.split(_CREDIT_SPLIT.sub("\n", text)):
        if (_SITE_MARK in segment or _is_organisation(segment.strip(), site_names)
                or _ORGANISATION_WORDS & set(_TOKEN.findall(segment.casefold()))):
            after_site = True
            continue
        for part in _AND_SPLIT.split(segment):
            name = _clean_part(part, site_names, usernames)
            if name and not (after_site and len(name.split()) == 1):
                names.append(name)
    return merge_names([names])


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


BYLINE_CLASS_WORDS = ("author", "autor", "auteur", "byline", "verfasser", "writer", "wrote", "written", "submitted")
"""Substrings of class/id names of byline elements."""
_BYLINE_CLASS = re.compile("|".join(BYLINE_CLASS_WORDS), re.IGNORECASE)
_MARKED = etree.XPath("//body//*[@class or @id or @itemprop or @rel]")
_NOT_BYLINE_TAGS = frozenset({"meta", "link", "script", "style", "article", "main", "img"})


COMMENT_WORDS = ("comment", "comments", "kommentar", "kommentare", "respond", "reply", "replies", "discussion")
"""Class/id parts of comment threads: a "By ..." line in one names a commenter."""
BYLINE_OFF_WORDS = (
    *COMMENT_WORDS, "related", "teaser", "teasers", "recommended", "recommendations", "popular", "trending",
    "more", "next", "prev",
)
"""Class/id parts of blocks inside an article that hold other people's names: comments and teasers."""
_BYLINE_OFF = frozenset(BYLINE_OFF_WORDS)
CREDIT_CLASS_WORDS = ("credit", "credits", "caption", "copyright", "figcaption", "source", "quelle")
"""Class/id parts of picture credits and captions: a "By ..." line there names a photographer or an owner."""
_CREDIT_CLASSES = frozenset(CREDIT_CLASS_WORDS)
_COMMENTS = frozenset(COMMENT_WORDS)
_ENTRY_OFF = _BYLINE_OFF | {"sidebar"}
"""Zones around a post that make it someone else's: comments, teasers, sidebars (a "widget" wrapper does not)."""
_CLASS_PARTS = re.compile(r"[^a-z0-9]+")
_HEADLINE_CONTAINERS = frozenset({"article", "header"})
ENTRY_CLASSES = ("hentry", "h-entry")
"""Microformat classes of a post's own element: its footer and aside hold the post's byline."""
_ENTRY_CLASSES = frozenset(ENTRY_CLASSES)
_ENTRY_OFF_TAGS = frozenset({"aside", "nav"})
_WIDGET = frozenset({"widget", "widgets"})


def _headline(tree: etree._Element) -> etree._Element | None:
    """The page's headline <h1>: not hidden, not a logo, in the article zone if one is; else the first <h1>."""
    headings = list(islice(tree.iter("h1"), MAX_HEADINGS))
    shown = [h for h in headings if not is_hidden(h) and not is_logo(h)] or headings
    return next((h for h in shown if not off_article(h)), shown[0] if shown else None)


def _headline_container(headline: etree._Element | None) -> etree._Element | None:
    """The <article> (else the <header>) around the headline: what sits in it belongs to the headline's story.

    Without one, a block the page marks as off-article ("module-imageTeaser") that holds the headline is the
    story's own block.
    """
    if headline is None:
        return None
    ancestors = list(headline.iterancestors())
    return next((el for el in ancestors if el.tag == "article"),
                next((el for el in ancestors if el.tag in _HEADLINE_CONTAINERS),
                     next((el for el in ancestors if el.tag not in ("body", "html") and marks_off_article(el)), None)))


def _is_entry(element: etree._Element) -> bool:
    """Whether an element is one post: an <article>, or marked up as a microformats entry."""
    return element.tag == "article" or bool(_ENTRY_CLASSES & set((element.get("class") or "").split()))


def in_article(node: etree._Element, container: etree._Element | None) -> bool:
    """Whether a byline candidate belongs to the article.

    Off-article zones (comments, sidebars, footers) say no, except inside the headline's <article> or <header>,
    or inside a post (an <article>, a microformats entry) that is not itself in such a zone: there only comment and
    teaser blocks below the container do. A post's own <footer> or <aside> holds its byline, and "sidebar" layout
    classes on the page around the article say nothing about it.
    """
    if not off_article(node) or _in_widgets_only(node):
        return True
    for element in (node, *node.iterancestors()):
        if element is container:
            return True
        if _BYLINE_OFF & _class_parts(element):
            return False
        if _is_entry(element):
            return not any(_ENTRY_OFF & _class_parts(outer) or outer.tag in _ENTRY_OFF_TAGS
                           for outer in element.iterancestors())
    return False


def _in_widgets_only(node: etree._Element) -> bool:
    """Whether the only off-article marks around a node are "widget" wrappers: page builders (Elementor, Blogger)
    wrap every block of the page, the article's own byline too, in one."""
    for element in (node, *node.iterancestors()):
        if not marks_off_article(element):
            continue
        parts = _class_parts(element)
        if element.tag in _ENTRY_OFF_TAGS or element.tag == "footer" or not _WIDGET & parts or _ENTRY_OFF & parts:
            return False
    return True


def _in_comments(node: etree._Element) -> bool:
    return any(_COMMENTS & _class_parts(element) for element in (node, *node.iterancestors()))


def _class_parts(element: etree._Element) -> set[str]:
    return set(_CLASS_PARTS.split(f"{element.get('class') or ''} {element.get('id') or ''}".lower()))


def _byline_nodes(tree: etree._Element, container: etree._Element | None) -> list[etree._Element]:
    """In-article elements marked as bylines (itemprop/rel author, data-author, an author/byline class or id), in
    page order (a forum thread's first post carries its author in data-author).

    Comment and teaser bylines are skipped before counting, so a long comment thread cannot use up the cap.
    """
    found = []
    for node in _MARKED(tree):
        if node.tag in _NOT_BYLINE_TAGS and not node.get("data-author"):
            continue
        marked = node.get("data-author") or node.get("itemprop") == "author" or node.get("rel") == "author"
        if (marked or _BYLINE_CLASS.search(f"{node.get('class') or ''} {node.get('id') or ''}")) and in_article(
                node, container):
            found.append(node)
            if len(found) == MAX_BYLINE_NODES:
                break
    return found


_ITEMPROP_NAME = etree.XPath(".//*[@itemprop='name']")
MAX_TEXTS_AFTER_HEADLINE = 100
"""Text nodes after the headline searched for a "By ..." line (a signature may close a short article)."""
_AFTER_HEADLINE = etree.XPath(
    "(preceding::text()[normalize-space()][position() <= 4] | following::text()[normalize-space()]"
    f"[position() <= {MAX_TEXTS_AFTER_HEADLINE}])"
)
MAX_TEXTS_WITHOUT_HEADLINE = 300
"""Text nodes of a page without an <h1> searched for a "By ..." line."""
_BODY_TEXTS = etree.XPath(f"//body//text()[normalize-space()][position() <= {MAX_TEXTS_WITHOUT_HEADLINE}]")
_LABEL_WORDS = (r"by|von|par|por|door|av|af|di|przez|written by|posted by|geschrieben von|verfasst von|text von|"
                r"texte? de|text by|words by|story by|"
                r"(?:ein |blog ?)?beitrag von|autoren|authors")
_COLON_LABEL_WORDS = r"texte?|autor(?:in)?|author|auteurs?|redaktion|redakteur(?:in)?|责任编辑|编辑|作者|记者"
_EXPLICIT_BYLINE = re.compile(
    rf"^[\s\-–—•·*]*(?:(?:{_LABEL_WORDS})\b\s*[:：]?|(?:{_COLON_LABEL_WORDS})\s*[:：])\s*\S", re.IGNORECASE,
)
"""A line that starts with a byline label: "By Jane Doe", "Von: Erika Muster", "Autorin: Uta Kunz", "— by Jo Ray"."""
_JOINER = re.compile(r"^(?:,|&|;|/|and|und|et|y|e|i)$", re.IGNORECASE)
"""A text node that only joins two linked names of a byline."""
_LABEL_ONLY = re.compile(rf"^\s*(?:{_LABEL_WORDS}|{_COLON_LABEL_WORDS})\s*[:：]?\s*$", re.IGNORECASE)
MAX_DATED_LINE_CHARS = 80
"""A line opening with a date is a byline ("2. Mai 2020 von Jo Ray", "04.02.2022 | Uta Kunz") only when this short,"""
MAX_TEXTS_TO_DATED_LINE = 12
"""and only among the first text nodes around the headline (further down, dated lines list events or posts)."""
_DATED_NAME = re.compile(
    rf"^\s*{_DAY}(?:\s*[|·•,–—-]?\s*{_CLOCK})?\s*[|·•–—-]\s*(?P<name>[^\d|·•–—-]+?)\s*$",
    re.IGNORECASE,
)
"""A date, maybe a time, then a name after a separator: "25.10.2022 - Reiner Nagel", "04.02.2022 | 13:10 | Uta Kunz"."""
TAXONOMY_LABELS = (
    "kategorie", "kategorien", "category", "categories", "catégorie", "catégories", "categoría", "categorías",
    "tag", "tags", "schlagwörter", "schlagworte", "filed under", "posted in", "veröffentlicht in", "themen",
)
"""Labels of a post-meta line listing categories or tags: the words after them are not names."""
_TAXONOMY = re.compile(r"(?<!\w)(?:" + "|".join(TAXONOMY_LABELS) + r")(?!\w)", re.IGNORECASE)
MAX_SIGNATURE_CANDIDATES = 50
_EMPHASIS_PARAGRAPHS = etree.XPath("//body//p[count(*) = 1][strong or b or em or i]")
"""Paragraphs that are one bold or italic element: where a signature closing an article sits."""
_POST_AUTHOR_COMMENTS = etree.XPath("//*[contains(concat(' ', normalize-space(@class), ' '), ' bypostauthor ')]")
_COMMENTER_NAMES = (etree.XPath(".//*[contains(concat(' ', normalize-space(@class), ' '), ' fn ')]"),
                    etree.XPath(".//*[contains(@class, 'comment-author')]"))
"""Where a comment names its writer: the hCard name, else the comment-author element."""
"""A text node that is only a byline label; the name follows in the next one ("By <a>Jane Doe</a>")."""
MAX_BYLINE_NODES = 15
MAX_BYLINE_CHARS = 120
MAX_META_LINE_PARTS = 5
"""A post-meta line with more parts than this is a list of categories or tags, not a byline."""


BLOCK_TAGS = (
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "footer", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "section", "table", "td", "th", "time", "tr", "ul",
)
"""Elements whose text is a line of its own: a byline box's name and its date ("Jo Ray<div>3 hours ago</div>")."""
_BLOCKS = frozenset(BLOCK_TAGS)
_SKIPPED_TEXT = frozenset({"script", "style", "noscript", "template"})
WIDGET_LABELS = ("Follow", "Folgen", "Abonnieren", "Subscribe", "Share", "Teilen", "Profil", "Profile", "Kontakt",
                 "Contact", "E-Mail", "Email", "Twitter", "Facebook", "Edit")
"""Buttons that follow an author's name in a byline box, often with no space ("Inga HoltFollow")."""
_GLUED_WIDGET = re.compile(r"(?<=[a-zà-ÿ])(?=(?:" + "|".join(WIDGET_LABELS) + r")\b)")
_SPACES = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r"\s*\n\s*")


def block_text(node: etree._Element, limit: int = MAX_BYLINE_CHARS * 4) -> str:
    """An element's text with a line break between block elements and spaces collapsed, read up to `limit` chars."""
    pieces: list[str] = []
    size = 0
    stack: list[tuple[etree._Element, bool]] = [(node, False)]
    while stack and size <= limit:
        element, done = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        if done:
            pieces.append("\n" if tag in _BLOCKS else "")
            if element is not node and element.tail:
                pieces.append(element.tail)
                size += len(element.tail)
            continue
        if tag in _BLOCKS:
            pieces.append("\n")
        if tag and tag not in _SKIPPED_TEXT and element.text:
            pieces.append(element.text)
            size += len(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    text = _SPACES.sub(" ", "".join(pieces)[:limit])
    return _NEWLINES.sub("\n", text).strip()


def _node_names(node: etree._Element, site_names: frozenset[str]) -> list[str]:
    if node.get("itemprop") == "author":
        inner = _ITEMPROP_NAME(node)
        texts = [n.get("content") or n.text_content() for n in inner] or [node.get("content") or ""]
    else:
        texts = [node.get("data-author") or node.get("content") or ""]
    declared = [" ".join(t[: MAX_BYLINE_CHARS * 4].split()) for t in texts if t.strip()]
    if not declared:
        return _first_line_names(block_text(node), site_names)
    names = []
    for text in declared:
        if 2 < len(text) <= MAX_BYLINE_CHARS:
            names.extend(split_byline(text, site_names, usernames=True))
    return merge_names([names])


def _first_line_names(text: str, site_names: frozenset[str]) -> list[str]:
    """The names on the first line of a byline box that has any: the lines after it hold its date, the author's
    bio or widget labels ("Jo Ray / 3 hours ago / Edit", "Jo RayFollow")."""
    if not 2 < len(text) <= MAX_BYLINE_CHARS:
        return []
    lines = _GLUED_WIDGET.sub("\n", text).split("\n")
    for index, line in enumerate(lines):
        if _LABEL_ONLY.match(line) and index + 1 < len(lines):
            line = f"{line} {lines[index + 1]}"
        names = split_byline(line, site_names, usernames=True)
        if len(_SPLIT.split(line)) > MAX_META_LINE_PARTS:  # a list of categories; keep only full names in it
            names = [name for name in names if len(name.split()) > 1]
        if names or _EXPLICIT_BYLINE.match(line):
            return names
    return []


_META_CLASS = re.compile(r"(?:^|[-_ ])meta(?:$|[-_ A-Z])|metaInfo|post-info|entry-info|article-info", re.IGNORECASE)
_META_CANDIDATES = etree.XPath(  # a few contains() tests in XPath are cheaper than a Python loop over every node
    "//body//*[contains(@class, 'eta') or contains(@class, 'ETA') or contains(@class, '-info')]")


def _meta_lines(tree: etree._Element) -> list[etree._Element]:
    found = []
    for node in _META_CANDIDATES(tree):
        if node.tag not in _NOT_BYLINE_TAGS and _META_CLASS.search(node.get("class") or ""):
            found.append(node)
            if len(found) == MAX_BYLINE_NODES:
                break
    return found


def visible_authors(tree: etree._Element, site_names: frozenset[str] = frozenset()) -> list[str]:
    """Names in the article's byline elements, else in a "By ..." line next to the headline."""
    headline = _headline(tree)
    container = _headline_container(headline)
    for node in _byline_nodes(tree, container):
        names = _node_names(node, site_names)
        if names:
            return names
    for node in _meta_lines(tree):
        if not in_article(node, container) or _NAVIGATION & _class_parts(node):
            continue
        text = " ".join(node.text_content()[: MAX_BYLINE_CHARS * 4].split())
        if (len(text) <= MAX_BYLINE_CHARS and len(_SPLIT.split(text)) <= MAX_META_LINE_PARTS
                and not _TAXONOMY.search(text)):
            names = [n for n in split_byline(text, site_names) if len(n.split()) >= 2]
            if names:
                return names
    nodes = _AFTER_HEADLINE(headline) if headline is not None else _BODY_TEXTS(tree)
    return _line_names(nodes, site_names) or _post_author(tree, site_names) or _signature(tree, site_names)


def _line_names(nodes: list, site_names: frozenset[str]) -> list[str]:
    """Names in a byline line among these text nodes (those around the headline, else the page's first ones):
    "By Jane Doe", "2. Mai 2020 von Jo Ray", "04.02.2022 - Uta Kunz"."""
    texts = [" ".join(str(text)[: MAX_BYLINE_CHARS * 4].split()) for text in nodes]
    for index, line in enumerate(texts):
        if _LABEL_ONLY.match(line) and index + 1 < len(texts):
            line = f"{line} {texts[index + 1]}"
            role = " " not in texts[index + 1] and not split_byline(texts[index + 1], usernames=True)
            after = index + 2
            if role and after < len(texts):
                line = f"{line} {texts[after]}"  # a role between label and name: "Autor: <a>Anwalt</a> Jo Ray"
                after += 1
            while after + 1 < len(texts) and _JOINER.match(texts[after]) and len(line) <= MAX_BYLINE_CHARS:
                line = f"{line} {texts[after]} {texts[after + 1]}"  # "Von <a>Jo Ray</a> und <a>Al Roe</a>"
                after += 2
        if len(line) > MAX_BYLINE_CHARS:
            continue
        dated_line = index < MAX_TEXTS_TO_DATED_LINE and len(line) <= MAX_DATED_LINE_CHARS
        label = _EXPLICIT_BYLINE.match(line) or (_DATED_LABEL.match(line) if dated_line else None)
        dated = _DATED_NAME.match(line) if dated_line and not label else None
        if not (label or dated) or _in_comments(nodes[index].getparent()) or _is_credit(nodes[index]):
            continue
        if label:
            first = split_byline(_SEGMENTS.split(line[label.end() - 1:], maxsplit=1)[0], usernames=True)
            names = split_byline(line, site_names, usernames=True) if first else []
            # One word first, then more: a list of things in a sentence ("von Säure, Extrakt und Zucker").
            if names and (len(first[0].split()) > 1 or len(names) == 1):
                return names
        if dated:
            names = [name for name in split_byline(dated.group("name"), site_names) if len(name.split()) > 1]
            if names:
                return names
    return []


def _signature(tree: etree._Element, site_names: frozenset[str]) -> list[str]:
    """The name closing the article in a paragraph of its own, set in bold or italics: "<p><b>Jo Ray</b></p>".

    Only a name of two or three words that is the whole paragraph and the last text of its block counts.
    """
    for paragraph in islice(_EMPHASIS_PARAGRAPHS(tree), MAX_SIGNATURE_CANDIDATES):
        if (paragraph.text or "").strip() or (paragraph[0].tail or "").strip() or off_article(paragraph):
            continue
        text = " ".join(paragraph.text_content().split())
        if not 2 <= len(text.split()) <= 3 or split_byline(text, site_names) != [text]:
            continue
        if not any(sibling.text_content().strip() for sibling in paragraph.itersiblings()):
            return [text]
    return []


def _is_credit(text: etree._ElementUnicodeResult) -> bool:
    """Whether a text node is a picture credit or caption ("By U.S. Customs" under a video)."""
    parent = text.getparent()
    return parent is not None and bool(_CREDIT_CLASSES & _class_parts(parent))


def _post_author(tree: etree._Element, site_names: frozenset[str]) -> list[str]:
    """The name on the post author's own comment (WordPress marks it "bypostauthor"): that user wrote the post."""
    for comment in islice(_POST_AUTHOR_COMMENTS(tree), 1):
        for find in _COMMENTER_NAMES:
            for node in islice(find(comment), 1):
                return split_byline(" ".join(node.text_content().split()), site_names, usernames=True)
    return []

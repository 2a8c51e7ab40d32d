"""Bylines on a parsed page: the article's byline elements and "By ..." lines, read into person names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain, islice

from lxml import etree

from newsarchive.extract.authors import (
    CLOCK_PATTERN,
    DATED_LABEL,
    DAY_PATTERN,
    NAME_SPLIT,
    SEGMENT_SPLIT,
    is_person_name,
    merge_names,
    split_byline,
)
from newsarchive.extract.titles import MAX_HEADINGS, MAX_TITLE_CHARS, is_hidden, is_logo
from newsarchive.extract.zones import marks_off_article, off_article

BYLINE_CLASS_WORDS = ("author", "autor", "auteur", "byline", "verfasser", "writer", "wrote", "written", "submitted")
"""Substrings of class/id names of byline elements."""
_NAVIGATION = frozenset({"nav", "navigation", "menu"})
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
LICENCE_CLASS_WORDS = ("license", "licence", "lizenz", "attribution")
"""Class/id parts of a picture's licence note: an "author" element in one names the picture's owner."""
_LICENCE_CLASSES = frozenset(LICENCE_CLASS_WORDS)
LICENCE_DEPTH = 3
"""Ancestors of a byline element searched for a licence note's class."""
CREDIT_CLASS_WORDS = (
    "credit", "credits", "caption", "copyright", "figcaption", "source", "quelle", *LICENCE_CLASS_WORDS,
)
"""Class/id parts of picture credits, captions and licence notes: a "By ..." line there names a photographer or an
owner."""
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
                node, container) and not _in_licence(node):
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
MAX_TEXTS_TO_COLON_LABEL = 400
"""Text nodes after the headline searched, past the first ones, for a byline with a colon label ("Text: Jo Ray")
closing a long article."""
_FAR_AFTER_HEADLINE = etree.XPath(
    f"following::text()[normalize-space()][position() > {MAX_TEXTS_AFTER_HEADLINE}]"
    f"[position() <= {MAX_TEXTS_TO_COLON_LABEL - MAX_TEXTS_AFTER_HEADLINE}]"
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
_COLON_BYLINE = re.compile(rf"^[\s\-–—•·*]*(?:{_COLON_LABEL_WORDS})\s*[:：]\s*\S", re.IGNORECASE)
"""A line that starts with a byline label and a colon: "Text: Jo Ray", "Autorin: Uta Kunz"."""
_JOINER = re.compile(r"^(?:,|&|;|/|and|und|et|y|e|i)$", re.IGNORECASE)
"""A text node that only joins two linked names of a byline."""
_LABEL_ONLY = re.compile(rf"^\s*(?:{_LABEL_WORDS}|{_COLON_LABEL_WORDS})\s*[:：]?\s*$", re.IGNORECASE)
MAX_DATED_LINE_CHARS = 80
"""A line opening with a date is a byline ("2. Mai 2020 von Jo Ray", "04.02.2022 | Uta Kunz") only when this short,"""
MAX_TEXTS_TO_DATED_LINE = 12
"""and only among the first text nodes around the headline (further down, dated lines list events or posts)."""
_DATED_NAME = re.compile(
    rf"^\s*{DAY_PATTERN}(?:\s*[|·•,–—-]?\s*{CLOCK_PATTERN})?\s*[|·•–—-]\s*(?P<name>[^\d|·•–—-]+?)\s*$",
    re.IGNORECASE,
)
"""A date, maybe a time, then a name after a separator: "25.10.2022 - Reiner Nagel", "04.02.2022 | 13:10 | Uta Kunz"."""
TAXONOMY_LABELS = (
    "kategorie", "kategorien", "category", "categories", "catégorie", "catégories", "categoría", "categorías",
    "tag", "tags", "schlagwörter", "schlagworte", "filed under", "posted in", "veröffentlicht in", "themen",
)
"""Labels of a post-meta line listing categories or tags: the words after them are not names."""
_TAXONOMY = re.compile(r"(?<!\w)(?:" + "|".join(TAXONOMY_LABELS) + r")(?!\w)", re.IGNORECASE)
TAXONOMY_CLASS_WORDS = ("cat", "cats", "category", "categories", "kategorie", "kategorien", "tag", "tags", "topics")
"""Class/id parts of a post-meta element listing the post's categories or tags ("entry-meta-categories")."""
_NOT_META_LINES = frozenset(TAXONOMY_CLASS_WORDS) | _NAVIGATION
MAX_SIGNATURE_CANDIDATES = 50
_EMPHASIS_PARAGRAPHS = etree.XPath("//body//p[count(*) = 1][strong or b or em or i]")
_SIGN_OFF_PARAGRAPHS = etree.XPath("//body//p[count(br) = 1][not(following-sibling::*[normalize-space()])]")
"""Paragraphs of two lines with no text after them in their block: where a sign-off "Jo Ray<br>2. Mai 2020" sits."""
_WHOLE_DAY = re.compile(rf"^{DAY_PATTERN}$", re.IGNORECASE)
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


def _short_line(text: str) -> str:
    """The start of a text (enough for any byline), its whitespace collapsed."""
    return " ".join(str(text)[: MAX_BYLINE_CHARS * 4].split())


_PORTRAIT = etree.XPath(".//img[@alt]")


def _portrait_name(node: etree._Element, site_names: frozenset[str]) -> list[str]:
    """The full name in the alt text of the author's picture in a byline box that shows no name as text."""
    for image in islice(_PORTRAIT(node), 1):
        alt = " ".join(image.get("alt", "").split())
        names = split_byline(alt, site_names) if len(alt) <= MAX_BYLINE_CHARS else []
        if len(names) == 1 and names[0] == alt and len(alt.split()) > 1:
            return names
    return []


def _node_names(node: etree._Element, site_names: frozenset[str]) -> list[str]:
    if node.get("itemprop") == "author":
        inner = _ITEMPROP_NAME(node)
        texts = [n.get("content") or n.text_content() for n in inner] or [node.get("content") or ""]
    else:
        texts = [node.get("data-author") or node.get("content") or ""]
    declared = [_short_line(t) for t in texts if t.strip()]
    if not declared:
        return _first_line_names(block_text(node), site_names) or _portrait_name(node, site_names)
    names = []
    for text in declared:
        if 2 < len(text) <= MAX_BYLINE_CHARS:
            names.extend(split_byline(text, site_names, usernames=True))
    return merge_names([names])


_SURNAME = re.compile(r"\s+(?:(?:von|van|de|der|den|da|di|du|la|le)\s+)*[A-ZÀ-Ý][\w'’-]+")
"""The surname after a first name, with its particles: " Stahl", " von der Au"."""


def _spelled_out(name: str, later: list[etree._Element], site_names: frozenset[str]) -> str:
    """A one-word name ("Stefanus") as the full name that opens a later byline element of the article, its author
    box's bio ("Stefanus Stahl – engineer and ..."); else as it is."""
    if " " in name:
        return name
    for node in later:
        text = block_text(node, MAX_BYLINE_CHARS).lstrip()
        if text.startswith(name):
            surname = _SURNAME.match(text, len(name))
            full = f"{name}{surname.group(0)}" if surname else ""
            if full and split_byline(full, site_names) == [" ".join(full.split())]:
                return " ".join(full.split())
    return name


def _first_line_names(text: str, site_names: frozenset[str]) -> list[str]:
    """The names on the first line of a byline box that has any: the lines after it hold its date, the author's
    bio or widget labels ("Jo Ray / 3 hours ago / Edit", "Jo RayFollow").

    A longer box (a name, then a bio) gives the full name that is its whole first line, and nothing else.
    """
    if len(text) <= 2:
        return []
    lines = _GLUED_WIDGET.sub("\n", text).split("\n")
    if len(text) > MAX_BYLINE_CHARS:
        names = split_byline(lines[0], site_names) if len(lines[0]) <= MAX_BYLINE_CHARS else []
        return names if len(names) == 1 and names[0] == lines[0].strip() and len(names[0].split()) > 1 else []
    for index, line in enumerate(lines):
        if _LABEL_ONLY.match(line) and index + 1 < len(lines):
            line = f"{line} {lines[index + 1]}"
        names = split_byline(line, site_names, usernames=True)
        if len(NAME_SPLIT.split(line)) > MAX_META_LINE_PARTS:  # a list of categories; keep only full names in it
            names = [name for name in names if len(name.split()) > 1]
        if names or _EXPLICIT_BYLINE.match(line):
            return names
    return []


_META_CLASS = re.compile(r"(?:^|[-_ ])meta(?:$|[-_ A-Z])|metadata|metaInfo|post-info|entry-info|article-info",
                         re.IGNORECASE)
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
    nodes = _byline_nodes(tree, container)
    for index, node in enumerate(nodes):
        names = _node_names(node, site_names)
        if names:
            return [_spelled_out(name, nodes[index + 1:], site_names) for name in names]
    for node in _meta_lines(tree):
        if not in_article(node, container) or _NOT_META_LINES & _class_parts(node):
            continue
        text = _short_line(node.text_content())
        if (len(text) <= MAX_BYLINE_CHARS and len(NAME_SPLIT.split(text)) <= MAX_META_LINE_PARTS
                and not _TAXONOMY.search(text)):
            names = [n for n in split_byline(text, site_names) if len(n.split()) >= 2]
            if names:
                return names
    nodes = _AFTER_HEADLINE(headline) if headline is not None else _BODY_TEXTS(tree)
    names = _line_names(nodes, site_names)
    if names:
        return names
    far = _FAR_AFTER_HEADLINE(headline) if headline is not None else []
    return (_line_names(far, site_names, colon_only=True) or _post_author(tree, site_names)
            or _signature(tree, site_names) or _sign_off(tree, site_names) or _press_contact([*nodes, *far])
            or _site_owner(tree, headline))


def _line_names(nodes: list, site_names: frozenset[str], *, colon_only: bool = False) -> list[str]:
    """Names in a byline line among these text nodes (those around the headline, else the page's first ones):
    "By Jane Doe", "2. Mai 2020 von Jo Ray", "04.02.2022 - Uta Kunz"; with `colon_only`, only "Text: Jo Ray"."""
    texts = [_short_line(text) for text in nodes]
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
        if colon_only:
            label, dated_line = _COLON_BYLINE.match(line), False
        else:
            dated_line = index < MAX_TEXTS_TO_DATED_LINE and len(line) <= MAX_DATED_LINE_CHARS
            label = _EXPLICIT_BYLINE.match(line) or (DATED_LABEL.match(line) if dated_line else None)
        dated = _DATED_NAME.match(line) if dated_line and not label else None
        if not (label or dated) or _in_comments(nodes[index].getparent()) or _is_credit(nodes[index]):
            continue
        if label:
            first = split_byline(SEGMENT_SPLIT.split(line[label.end() - 1:], maxsplit=1)[0], usernames=True)
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


def _in_licence(node: etree._Element) -> bool:
    """Whether an element, or one of its nearest ancestors, is a picture's licence note ("license-author")."""
    return any(_LICENCE_CLASSES & _class_parts(element)
               for element in islice(chain((node,), node.iterancestors()), LICENCE_DEPTH + 1))


def _sign_off(tree: etree._Element, site_names: frozenset[str]) -> list[str]:
    """The name of a sign-off closing the article: a paragraph of a name, a line break and a day ("Jo<br>2. Mai 2020")."""
    for paragraph in islice(_SIGN_OFF_PARAGRAPHS(tree), MAX_SIGNATURE_CANDIDATES):
        lines = [" ".join(line.split()) for line in block_text(paragraph).split("\n")]
        if len(lines) != 2 or not _WHOLE_DAY.match(lines[1]) or off_article(paragraph):
            continue
        if 1 <= len(lines[0].split()) <= 3 and split_byline(lines[0], site_names, usernames=True) == [lines[0]]:
            return [lines[0]]
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


_CONTACT_LABEL = re.compile(
    r"^(?:presse|press|media|medien)?-?\s*(?:kontakt|contact)(?:\s+(?:für|for)\s+(?:die\s+)?(?:presse|medien|media|press))?"
    r"\s*:?$", re.IGNORECASE)
"""A press release's contact label on a line of its own: "Pressekontakt", "Media contact:", "Kontakt:"."""
_ACADEMIC_TITLES = re.compile(r"^(?:(?:Dr|Prof|PD|Mag)\.\s*)+")


def _press_contact(nodes: list) -> list[str]:
    """The person a page with no byline names as its contact, on the line after the label ("Pressekontakt<br>Jo Ray<br>
    Tel. ..."): a press release's author of record. Only a name that starts with a known first name counts (after a
    "Dr." or "Prof."): the line may name the company."""
    texts = [_short_line(text) for text in nodes]
    for label, line in zip(texts, texts[1:]):
        if _CONTACT_LABEL.match(label) and is_person_name(_ACADEMIC_TITLES.sub("", line)):
            return [line]
    return []


_COPYRIGHT_TEXTS = etree.XPath(  # each contains() test scans every text of the page: two, not four ("(c)", "(C)")
    "//body//text()[contains(., '©') or contains(., 'opyright')]"
    "[not(parent::script or parent::style or parent::noscript or parent::template)]")
MAX_COPYRIGHT_LINES = 5
"""Copyright lines of a page read for its owner's name: a short line with the year ("© 2019 Jo Ray"); a picture
credit names the photographer, and rarely a year ("Foto © Jo Ray")."""
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_COPYRIGHT_WORDS = re.compile(
    r"©|\(c\)|copyright|all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados"
    r"|\b(?:19|20)\d\d\b", re.IGNORECASE)
_TITLE_PARTS = re.compile(r"\s*\|\s*|\s[-–—·•»]\s")
_COPYRIGHT_PARTS = re.compile(r"\s*(?:\||·|•|:|\s[-–—]\s|[.,;](?:\s|$))\s*")
_POSSESSIVE = re.compile(r"['’]s?(?:\s.*)?$")
_OWNER_LABEL = re.compile(r"^(?:by|von|par|por)\s+", re.IGNORECASE)
_SITE_NAME = etree.XPath("//head/meta[@property='og:site_name']/@content")
SITE_HEADER_CLASSES = ("site-title", "site-description", "site-name", "blog-title", "blog-description")
"""Classes of a page header's site name and tagline (the common blog themes'): a personal blog shows its owner there."""
_SITE_HEADER_CLASSES = frozenset(SITE_HEADER_CLASSES)
_SITE_HEADER_CANDIDATES = etree.XPath("//body//*[contains(@class, 'site-') or contains(@class, 'blog-')]")
MAX_SITE_HEADER_NODES = 4


def _site_header(tree: etree._Element) -> list[etree._Element]:
    """The page header's site name and tagline elements (one contains() test in XPath, then the exact class in Python:
    XPath's token test on every element costs ~10 ms a page)."""
    found = (node for node in _SITE_HEADER_CANDIDATES(tree) if _SITE_HEADER_CLASSES & set((node.get("class") or "").split()))
    return list(islice(found, MAX_SITE_HEADER_NODES))


def _in_picture(element: etree._Element | None) -> bool:
    """Whether an element is, or is in, a figure or a picture credit or caption."""
    return element is not None and any(_CREDIT_CLASSES & _class_parts(outer) or outer.tag in ("figure", "figcaption")
                                       for outer in (element, *element.iterancestors()))


def _site_owner(tree: etree._Element, headline: etree._Element | None) -> list[str]:
    """The person a site belongs to, for a page with no byline: a person's name as the site part of its title
    (first or last, not in the headline: "Post title | Jo Ray"), as its og:site_name ("Jo Ray's Blog"), as its
    header's site name or tagline, or in a copyright line that is not a picture's ("© 2019 Jo Ray").

    Only a name that starts with a known first name counts: brands look the same ("Daheim Solar").
    """
    title = tree.find("head/title")
    parts = _TITLE_PARTS.split(" ".join(title.text_content()[:MAX_TITLE_CHARS].split())) if title is not None else []
    shown = " ".join(headline.text_content()[:MAX_TITLE_CHARS].split()) if headline is not None else ""
    candidates = [part for part in (parts[0], parts[-1]) if part not in shown] if len(parts) > 1 else []
    candidates.extend(" ".join(str(name)[:MAX_TITLE_CHARS].split()) for name in _SITE_NAME(tree))
    candidates.extend(" ".join(node.text_content()[:MAX_TITLE_CHARS].split()) for node in _site_header(tree))
    for candidate in chain(candidates, _copyright_parts(tree)):
        name = _POSSESSIVE.sub("", _OWNER_LABEL.sub("", candidate.strip(" -–—()")))
        if is_person_name(name):
            return [name]
    return []


def _copyright_parts(tree: etree._Element) -> Iterator[str]:
    """The parts of the page's copyright lines: short, with the year, not a picture's credit."""
    for text in islice(_COPYRIGHT_TEXTS(tree), MAX_COPYRIGHT_LINES):
        line = _short_line(text)
        if len(line) <= MAX_BYLINE_CHARS and _YEAR.search(line) and not _in_picture(text.getparent()):
            yield from _COPYRIGHT_PARTS.split(_COPYRIGHT_WORDS.sub(" ", line))

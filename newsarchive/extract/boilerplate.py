"""Share-icon, widget, related, newsletter and comment vocabulary as data, compiled once; tree and line filters."""

from __future__ import annotations

import re
from collections import deque
from functools import lru_cache

from lxml import etree
from lxml.etree import XPath
from lxml.html import HtmlElement

# Class/id parts (split on "-" and "_") naming small page widgets: removed when they hold little text.
WIDGET_WORDS = (
    # share and social buttons
    "share", "shares", "sharing", "sharer", "sharebar", "sharethis", "sharedaddy", "addthis", "addtoany",
    "a2a", "shariff", "social", "socials", "socialmedia", "follow", "followus", "likebox", "whatsapp",
    "printfriendly", "print-button", "print-link", "email-link", "reactions",
    # captions and credits
    "caption", "wp-caption-text", "figcaption", "photo-credit", "image-credit", "media-credit", "credit",
    "credits",
    # advertising
    "ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising", "adsbygoogle", "ad-slot",
    "adslot", "ad-unit", "adunit", "dfp", "gpt", "sponsored", "sponsor", "banner-ad", "native-ad",
    # accessibility labels of buttons ("Click to share on X (Opens in new window)")
    "screen-reader-text", "sr-only", "visually-hidden", "visuallyhidden",
)
# Class/id parts naming whole page sections that are never article text.
SECTION_WORDS = (
    # related, popular and recommended rails
    "related", "relatedposts", "yarpp", "crp", "more-from", "more-stories", "more-news", "most-read",
    "mostread", "most-popular", "most-viewed", "popular-posts", "trending", "recommended", "recommendations",
    "also-read", "read-also", "readmore-box", "you-may-like", "outbrain", "taboola", "zergnet", "ob-widget",
    "next-article", "prev-next", "post-navigation", "nav-links",
    # newsletter, subscription, app promotion, tips
    "newsletter", "newsletters", "subscribe", "subscription", "signup", "sign-up", "mailchimp", "mc4wp",
    "optin", "opt-in", "app-promo", "app-download", "download-app", "app-banner", "smartbanner", "tipbox",
    "tip-box", "have-a-tip",
    # comments
    "comments", "comment", "commentlist", "comment-list", "comments-area", "comment-respond", "respond",
    "disqus", "disqus_thread", "fb-comments", "discussion",
    # copyright, tag and topic lists, author boxes
    "copyright", "reprint", "reprints", "permissions", "tags", "tag-list", "tagcloud", "tag-cloud", "topics",
    "keywords",
    "post-tags", "entry-tags", "author-bio", "about-author", "author-box", "authorbox",
)
WIDGET_MAX_CHARS = 400
"""A widget-classed element holding more text than this is a content wrapper with an unlucky class."""
# Class tokens that merely describe the page or post (WordPress post_class/body_class, state flags).
MODIFIER_PREFIXES = (
    "category-", "tag-", "tags-", "topic-", "section-", "postid-", "post-template", "page-template",
    "single-", "format-", "type-", "status-", "has-", "is-", "with-", "no-", "hide-on", "show-", "js-",
)
# Class-token endings that describe a state ("comments-open", "sd-sharing-enabled"), not an element.
MODIFIER_SUFFIXES = ("-open", "-closed", "-enabled", "-disabled", "-allowed", "_open", "_closed")
# Link targets of share endpoints: the anchor is a share button whatever its markup.
SHARE_URL_PARTS = (
    "facebook.com/sharer", "facebook.com/share.php", "facebook.com/dialog/share", "twitter.com/intent",
    "twitter.com/share", "x.com/intent", "x.com/share", "api.whatsapp.com/send", "wa.me/?", "whatsapp://",
    "web.whatsapp.com/send", "t.me/share", "telegram.me/share", "linkedin.com/sharearticle", "linkedin.com/cws/share", "pinterest.com/pin/create", "reddit.com/submit",
    "tumblr.com/share", "tumblr.com/widgets/share", "vk.com/share.php", "getpocket.com/save",
    "flipboard.com/bookmarklet", "news.ycombinator.com/submitlink", "mailto:?", "sms:?", "share=",
)
# Substrings one of which every share endpoint above contains: a cheap XPath pre-filter.
SHARE_URL_KEYS = ("share", "intent", "whatsapp", "wa.me", "submit", "pin/create", "getpocket", "bookmarklet",
                  "mailto:?", "sms:?")
# Elements that are widgets or sections whatever their class.
WIDGET_TAGS = ("figcaption", "button", "svg")
SECTION_TAGS = ("aside", "template", "dialog")

# Icon-font class names (icon-facebook, fa-twitter, ...) leaking into the text.
ICON_PREFIXES = (
    "icon", "icons", "fa", "fab", "fas", "far", "fal", "bi", "glyphicon", "ion", "ionicons", "dashicons",
    "genericon", "socicon", "mdi", "ti", "la", "lab", "las", "td-icon", "jnews-icon", "ico",
)
SOCIAL_NAMES = (
    "facebook", "facebook-f", "twitter", "x-twitter", "x", "whatsapp", "telegram", "linkedin", "linkedin-in",
    "pinterest", "pinterest-p", "reddit", "email", "envelope", "mail", "print", "printer", "share", "share-alt",
    "tumblr", "messenger", "instagram", "youtube", "tiktok", "vk", "viber", "line", "skype", "flipboard",
    "pocket", "sms", "copy", "link", "rss", "google", "google-plus", "comment", "comments", "bluesky",
    "threads", "mastodon",
)
# Whole lines that are share prompts, widget labels, promotions or credits, never article text.
SOCIAL_LINE_WORDS = (
    "facebook", "twitter", "x", "whatsapp", "telegram", "linkedin", "pinterest", "reddit", "email", "e-mail",
    "print", "share", "shares", "tumblr", "messenger", "copy link", "flipboard", "pocket", "sms", "comment", "comments",
)
LINE_PATTERNS = (
    r"click to (share|email|print)\b.*",
    r"(share|tweet|pin|email|send) (this|on|via)( (article|story|post|page|link))?\b[^.]{0,40}",
    r"share this( (article|story|post|page))?:?",
    r"(like|share) this:?",
    r"like loading\.*",
    r"loading\.*",
    r"(opens|open) in (a )?new (window|tab)\)?",
    r"follow us( on)?\b.{0,60}",
    r"copy( the)? link|link copied.*",
    r"(sign up|subscribe|register)\b.{0,80}\b(newsletter|inbox|updates|alerts)\b.{0,80}",
    r"(get|receive)\b.{0,60}\b(delivered to|in) your inbox\b.*",
    r"have a (news )?tip\b.*",
    r"(additional )?reporting by\b.{0,150}",
    r"(writing|editing|compiled) by\b.{0,120}",
    r"(©|\(c\)|copyright\s*(©|\(c\)|\d{4})).{0,200}",
    r".{0,150}\ball rights reserved\b.{0,100}",
    r"(reprints?|republish)( and| &) permissions.*",
    r".{0,150}\b(copyrighted|written permission)\b.{0,250}",
    r"[^©]{0,150}©[^©]{0,80}",
    r"\(?(photo|image|picture|video|foto|bild|bildquelle|titelbild|beitragsbild|credit|crédits?( photos?)?|source"
    r"|quelle|quellen|quellenangaben?|fuente|copyright)s?( credit)?\s*[:/|].{0,150}",
    r"(titelbild|beitragsbild|bild anzeigen|image illustrative|credit)",
    r".{0,200}\((ap photo|photo|foto|image|picture|bild|getty images)\b[^()]{0,80}\)",
    r"(afp|ap|dpa|epa|pap|reuters|getty images|imago|efe|ansa|apa|kna|sda)\s*/\s*[^.]{2,40}",
    r"[a-z]{2,5}\s*/\s*(afp|ap|dpa|epa|pap|reuters|efe|ansa|apa|kna|sda)",
    r"(advertisement|anzeige|werbung|publicité|publicidad|pubblicità|reklama|sponsored( content)?"
    r"|story continues below( advertisement)?)\b.{0,80}",
    r"(no|keine|\d+)?\s*(comments?|kommentare?|commentaires?|comentarios?|komentarze?)( insgesamt| anzeigen)?\s*:?",
    r"(view|show|load|read) (all )?comments?.{0,20}",
    r".{0,60}\b(logged in|log in|eingeloggt|angemeldet|connecté)\b.{0,60}",
    r"(warning|notice|deprecated|fatal error|parse error|strict standards): .{0,400} on line \d+",
    r"(subscribe (now|today|to)|abonnieren sie|jetzt abonnieren|abonnez-vous|suscríbete|pour lire la suite"
    r"|pour accéder|weiterlesen mit)\b.{0,150}",
)
# Headings of "related stories" blocks: the heading goes, and so does a tail of short headline lines after it.
RELATED_HEADINGS = (
    "related", "related (stories|articles|posts|content|news|coverage|reading)", "read (also|more|next)",
    "also read", "see also", "more (on this|on this story|about this|from|stories|news|to read)",
    "recommended( for you| reading| stories)?", "you (may|might) (also )?(like|be interested in)",
    "most (read|popular|viewed)", "trending( now)?", "mehr (zum thema|themen|dazu|aus)", "weitere (themen|artikel"
    "|beiträge|nachrichten|news|meldungen)", "auch (lesen|interessant)", "lesen sie auch", "das (thema )?könnte"
    " (sie|dich) (auch )?interessieren", "schon gelesen", "zum weiterlesen", "empfohlene (beiträge|artikel)",
    "schlagworte", "themen", "tags", "kategorien", "categories", "temas", "etiquetas", "à lire aussi", "lire aussi", "à découvrir", "voir aussi", "sur le même sujet",
    "notas relacionadas", "contenido relacionado", "noticias relacionadas", "(le|te) puede interesar",
    "(lee|lea) también", "más sobre", "puedes ver", "leggi anche", "articoli correlati", "czytaj (też|także)",
    "zobacz (też|także)", "dowiedz się więcej",
)
# Short labels that introduce an inline link to another story ("Lea también: <headline>").
READ_ALSO_LABELS = (
    "(lee|lea)( también| tambien| más| mas)?", "mir[ae]", "(vea|ver|véase) también", "también puedes leer",
    "lesen sie (hier|auch|mehr|dazu|außerdem)", "czytaj (więcej|również)", "leia (também|mais)", "veja também",
    "vedi anche", "à voir aussi", "a lire aussi",
)
# Affiliate and advertising disclosures, wherever they stand in a line.
DISCLOSURE_PATTERNS = (
    r"\b(we|wir|i|ich)( may| might| can| could)? (receive|earn|get|erhalten|bekommen|verdienen)\b.{0,40}"
    r"\b(compensation|commissions?|provisions?|vergütung|a small fee)\b",
    r"\baffiliate[- ]links?\b", r"\b(contains?|enthält) (affiliate|advertising|werbung|anzeigen|sponsored)\b",
    r"\breferences to products from\b",
)
DISCLOSURE_WORDS = 60
"""Lines of at most this many words holding a disclosure are the disclosure."""
READ_ALSO_WORDS = 30
"""A label, a separator and a headline: lines of at most this many words."""
# Calls to action that close an article: newsletter, subscription, app, donation and social-follow appeals.
APPEAL_PATTERNS = (
    r"newsletter", r"(?<!un)subscri(be|bers?)\b", r"sign(ing)? up\b", r"download\b.{0,40}\bapps?\b",
    r"\bapps? for (ios|android)", r"follow (us|\w+( \w+)?) on (twitter|facebook|instagram|x|linkedin|telegram|youtube)",
    r"\bdonate (now|today|here)\b|\bdonate\W*$", r"support (our|us\b|independent)", r"letters? to the editor",
    r"write to us", r"\babonnieren\b", r"jetzt (abonnieren|unterstützen|spenden|registrieren|anmelden)",
    r"unterstütze (uns|unsere?)\b", r"unterstützen sie (uns|unsere?)\b", r"spendenfinanziert", r"suscr[ií]b",
    r"hazte (miembro|socio)", r"canal de (telegram|youtube|whatsapp)", r"nuestro canal", r"abonnez", r"soutenez",
    r"subskrypc", r"wesprzyj", r"posteingang", r"in your inbox",
)
APPEAL_TAIL_LINES = 5
"""Appeals are looked for among the last lines of the text (and only in its second half) ..."""
APPEAL_WORDS = 45
"""... in lines of at most this many words."""
RELATED_HEADING_WORDS = 12
RELATED_TAIL_WORDS = 25
"""After a related heading, lines shorter than this many words are headlines of other stories."""
LONG_LINE_WORDS = 40
"""Lines longer than this many words are never dropped by the line patterns."""


_WIDGET_WORDS = frozenset(word.replace("_", "-") for word in WIDGET_WORDS)
_SECTION_WORDS = frozenset(word.replace("_", "-") for word in SECTION_WORDS)
_PART_SPLIT = re.compile(r"[\s_-]+")
_FIRST_PARTS = frozenset(_PART_SPLIT.split(word)[0] for word in WIDGET_WORDS + SECTION_WORDS)
_MODIFIER_TOKEN = re.compile("|".join(re.escape(p) for p in MODIFIER_PREFIXES))

_SHARE_KEY = re.compile("|".join(map(re.escape, SHARE_URL_KEYS)))
_SHARE_URL = re.compile("|".join(map(re.escape, SHARE_URL_PARTS)), re.IGNORECASE)
_PROTECTED = XPath(".//h1 | .//*[@itemprop='articleBody']")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_ICON_TOKEN = re.compile(
    r"(?<![\w-])(?:" + "|".join(map(re.escape, ICON_PREFIXES)) + r")[-_](?:"
    + "|".join(sorted(map(re.escape, SOCIAL_NAMES), key=len, reverse=True))
    + r")(?:[-_][a-z0-9]+)*(?![\w-])",
    re.IGNORECASE,
)
_ICON_ONLY = re.compile(
    r"^(?:\s*(?:" + "|".join(map(re.escape, ICON_PREFIXES)) + r")[-_][a-z0-9-]+)+\s*$", re.IGNORECASE
)
_SOCIAL_WORD = "(?:" + "|".join(map(re.escape, SOCIAL_LINE_WORDS)) + ")"
_SOCIAL_LINE = rf"(\d+\s*)?{_SOCIAL_WORD}(\s*[,|·•/]?\s*(?:{_SOCIAL_WORD}|\d+))*"
_LINE = re.compile(
    r"^\s*(?:" + "|".join(f"(?:{p})" for p in (*LINE_PATTERNS, _SOCIAL_LINE)) + r")\s*$", re.IGNORECASE
)
_RELATED_HEADING = re.compile(
    r"^\W*(?:" + "|".join(RELATED_HEADINGS) + r")\b[^.!?]{0,60}[.!?:…]?$", re.IGNORECASE
)
_READ_ALSO = re.compile(
    r"^\W{0,3}(?:" + "|".join(RELATED_HEADINGS + READ_ALSO_LABELS) + r")\s*(?::|»|>>|→|\|)\s*\S.{0,200}$", re.IGNORECASE
)
_DISCLOSURE = re.compile("|".join(DISCLOSURE_PATTERNS), re.IGNORECASE)
_APPEAL = re.compile("|".join(APPEAL_PATTERNS), re.IGNORECASE)
_NAME_ATTRIBUTES = frozenset({"class", "id"})
_STATE_ATTRIBUTES = frozenset({"hidden", "role", "style"})
"""Attributes that can mark an element as hidden or as a page region (see furniture_kind)."""
_PROTECTED_TAGS = frozenset({"html", "body", "main", "article", "head"})


def furniture_kind(element: HtmlElement) -> str | None:
    """"widget" or "section" when the element's class, id, role or hidden state marks it as furniture."""
    if element.get("hidden") is not None or _HIDDEN_STYLE.search(element.get("style", "")):
        return "widget"
    if element.get("role") in ("complementary", "navigation", "banner", "contentinfo", "dialog"):
        return "section"
    return _names_kind(f"{element.get('class', '')} {element.get('id', '')}".lower())


@lru_cache(maxsize=4096)
def _names_kind(names: str) -> str | None:
    """The furniture kind that lowercased class and id names mark (pages repeat the same few, so cached)."""
    widget = False
    for name in names.split():
        name = name.split("--", 1)[0]
        if _MODIFIER_TOKEN.match(name) or name.endswith(MODIFIER_SUFFIXES):
            continue
        parts = _PART_SPLIT.split(name)
        words = {"-".join(parts[i : i + n]) for n in (1, 2, 3) for i in range(len(parts) - n + 1)}
        if not words.isdisjoint(_SECTION_WORDS):
            return "section"
        widget = widget or not words.isdisjoint(_WIDGET_WORDS)
    return "widget" if widget else None


def _removable(element: HtmlElement, kind: str | None, page_chars: int) -> bool:
    if kind is None or element.tag in _PROTECTED_TAGS:
        return False
    chars = len(element.text_content())
    small = chars <= WIDGET_MAX_CHARS if kind == "widget" else chars <= page_chars / 2
    return small and (chars == 0 or not _PROTECTED(element))


def _is_share_link(href: str | None) -> bool:
    """Whether a link target is a share endpoint (cheap key test first, then the endpoint list)."""
    return bool(href and _SHARE_KEY.search(href) and _SHARE_URL.search(href))


@lru_cache(maxsize=4096)
def _furniture_named(name: str | None) -> bool:
    """Whether a class or id value has a part that starts a furniture word (the full test is furniture_kind)."""
    return bool(name) and not _FIRST_PARTS.isdisjoint(_PART_SPLIT.split(name.lower()))


def _attached(element: HtmlElement, root: HtmlElement) -> bool:
    """Whether the element is still in the page (not inside a subtree an earlier step dropped)."""
    top = deque(element.iterancestors(), maxlen=1)
    return bool(top) and top[0] is root


def _drop(element: HtmlElement) -> None:
    if element.getparent() is not None:
        element.drop_tree()


def clean_tree(tree: HtmlElement) -> None:
    """Remove share buttons, rails, newsletter boxes, comments, captions and ad slots, in place.

    Elements that hold the headline, an itemprop=articleBody or most of the page's text are kept, and
    so are widget-classed elements holding much text: a furniture word in the class of an article
    wrapper must not delete the article.
    """
    body = tree.find("body")
    if body is None:
        return
    for anchor in [a for a in body.iter("a") if _is_share_link(a.get("href"))]:
        _drop(anchor)
    page_chars = len(body.text_content())
    candidates, flagged = [], []
    for element in body.iterdescendants(etree.Element):
        named = shown = False
        for name, value in element.items():
            if name in _NAME_ATTRIBUTES:
                named = named or _furniture_named(value)
            elif name in _STATE_ATTRIBUTES:
                shown = True
        if named:
            candidates.append(element)
        if shown:
            flagged.append(element)
    root = body.getroottree().getroot()
    for element in candidates + flagged:
        if _attached(element, root) and _removable(element, furniture_kind(element), page_chars):
            _drop(element)
    for kind, tags in (("widget", WIDGET_TAGS), ("section", SECTION_TAGS)):
        for element in list(body.iter(*tags)):
            if _removable(element, kind, page_chars):
                _drop(element)


def clean_line(line: str) -> str:
    """A body line without icon-font class names and share prompts; '' when nothing of value is left."""
    line = _ICON_TOKEN.sub("", line).strip() if "-" in line or "_" in line else line.strip()
    if not line or _ICON_ONLY.match(line):
        return ""
    count = len(line.split())
    if count <= LONG_LINE_WORDS and _LINE.match(line):
        return ""
    if count <= READ_ALSO_WORDS and _READ_ALSO.match(line):
        return ""
    if count <= DISCLOSURE_WORDS and _DISCLOSURE.search(line):
        return ""
    return line


def trim_related(lines: list[str]) -> list[str]:
    """The lines without "related stories" headings, and without the run of short headlines that follows one.

    A heading in the first half of the text is only removed itself: what follows may still be the story.
    """
    for index, line in enumerate(lines):
        if len(line.split()) <= RELATED_HEADING_WORDS and _RELATED_HEADING.match(line):
            rest = lines[index + 1 :]
            if index >= len(lines) / 2 and all(len(r.split()) < RELATED_TAIL_WORDS for r in rest):
                return lines[:index]
            return lines[:index] + trim_related(rest)
    return lines


def trim_appeals(lines: list[str]) -> list[str]:
    """The lines without the newsletter, subscription, app, donation and follow-us appeals closing the text."""
    start = max(len(lines) // 2, len(lines) - APPEAL_TAIL_LINES)
    return [
        line for index, line in enumerate(lines)
        if index < start or len(line.split()) > APPEAL_WORDS or not _APPEAL.search(line)
    ]

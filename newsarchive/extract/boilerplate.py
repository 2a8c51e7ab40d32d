"""Share-icon, widget, related, newsletter and comment vocabulary as data, compiled once; tree and line filters."""

from __future__ import annotations

import re

from lxml.etree import XPath
from lxml.html import HtmlElement

# Class/id parts (split on "-" and "_") naming page furniture that is never article text.
FURNITURE_WORDS = (
    # share and social buttons
    "share", "shares", "sharing", "sharer", "sharebar", "sharethis", "sharedaddy", "addthis", "addtoany",
    "a2a", "shariff", "social", "socials", "socialmedia", "follow", "followus", "likebox", "whatsapp",
    "printfriendly", "print-button", "print-link", "email-link", "reactions",
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
    # captions, credits, copyright, tags, author boxes
    "caption", "wp-caption-text", "figcaption", "photo-credit", "image-credit", "media-credit", "credit",
    "credits", "copyright", "reprint", "reprints", "permissions", "tags", "tag-list", "tagcloud", "tag-cloud",
    "post-tags", "entry-tags", "author-bio", "about-author", "author-box", "authorbox",
    # advertising
    "ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising", "adsbygoogle", "ad-slot",
    "adslot", "ad-unit", "adunit", "dfp", "gpt", "sponsored", "sponsor", "banner-ad", "native-ad",
    # accessibility labels of buttons ("Click to share on X (Opens in new window)")
    "screen-reader-text", "sr-only", "visually-hidden", "visuallyhidden",
)
# Class tokens that merely describe the page or post (WordPress post_class/body_class, state flags).
MODIFIER_PREFIXES = (
    "category-", "tag-", "tags-", "topic-", "section-", "postid-", "post-template", "page-template",
    "single-", "format-", "type-", "status-", "has-", "is-", "with-", "no-", "hide-on", "show-",
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
# Elements that are furniture whatever their class.
FURNITURE_TAGS = ("figcaption", "aside", "noscript", "template", "button", "form", "dialog", "svg")

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
    r"(photo|image|picture|video|foto|bild|credit|source)s?( credit)?\s*[:/|].{0,150}",
    r".{0,200}\((ap photo|photo|foto|image|picture|bild|getty images)\b[^()]{0,80}\)",
    r"(advertisement|anzeige|publicité|sponsored( content)?|story continues below( advertisement)?)",
    r"(related|read more|read also|also read|see also|more from|recommended|trending|most read)"
    r"( (stories|articles|news|posts|content))?\s*[:|»>]?",
    r"(related|read more|read also|also read|see also)\s*:.{0,200}",
)
LONG_LINE_WORDS = 40
"""Lines longer than this many words are never dropped by the line patterns."""


_WORDS = frozenset(word.replace("_", "-") for word in FURNITURE_WORDS)
_PART_SPLIT = re.compile(r"[\s_-]+")
_FIRST_PARTS = frozenset(_PART_SPLIT.split(word)[0] for word in FURNITURE_WORDS)
_MODIFIER_TOKEN = re.compile("|".join(re.escape(p) for p in MODIFIER_PREFIXES))

_NAMES = XPath("//body//*/@class | //body//*/@id")
_FLAGGED = XPath("//body//*[@hidden or @role or @style]")
_SHARE_LINKS = XPath("//body//a[" + " or ".join(f"contains(@href, '{key}')" for key in SHARE_URL_KEYS) + "]")
_SHARE_URL = re.compile("|".join(map(re.escape, SHARE_URL_PARTS)), re.IGNORECASE)
_FURNITURE_ELEMENTS = XPath("//" + " | //".join(FURNITURE_TAGS))
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
_PROTECTED_TAGS = frozenset({"html", "body", "main", "article", "head"})


def is_furniture(element: HtmlElement) -> bool:
    """True when the element's class, id, role or hidden state marks it as page furniture."""
    if element.get("hidden") is not None:
        return True
    if _HIDDEN_STYLE.search(element.get("style", "")):
        return True
    if element.get("role") in ("complementary", "navigation", "banner", "contentinfo", "dialog"):
        return True
    names = f"{element.get('class', '')} {element.get('id', '')}".lower().split()
    return any(
        not _MODIFIER_TOKEN.match(name) and not name.endswith(MODIFIER_SUFFIXES) and _furniture_name(name)
        for name in names
    )


def _furniture_name(name: str) -> bool:
    """True when one, two or three consecutive parts of a class name form a furniture word."""
    parts = _PART_SPLIT.split(name)
    return any(
        "-".join(parts[i : i + size]) in _WORDS for size in (1, 2, 3) for i in range(len(parts) - size + 1)
    )


def _removable(element: HtmlElement, page_chars: int) -> bool:
    return not _PROTECTED(element) and len(element.text_content()) <= page_chars / 2


def _drop(element: HtmlElement) -> None:
    if element.getparent() is not None:
        element.drop_tree()


def clean_tree(tree: HtmlElement) -> None:
    """Remove share buttons, rails, newsletter boxes, comments, captions and ad slots, in place.

    Elements that hold the headline, an itemprop=articleBody or most of the page's text are kept: a
    furniture word in the class of an article wrapper must not delete the article.
    """
    body = tree.find("body")
    if body is None:
        return
    for anchor in [a for a in _SHARE_LINKS(tree) if _SHARE_URL.search(a.get("href", ""))]:
        _drop(anchor)
    page_chars = len(body.text_content())
    candidates = [
        name.getparent() for name in _NAMES(tree) if not _FIRST_PARTS.isdisjoint(_PART_SPLIT.split(name.lower()))
    ]
    for element in candidates + _FLAGGED(tree):
        if element.tag not in _PROTECTED_TAGS and is_furniture(element) and _removable(element, page_chars):
            _drop(element)
    for element in _FURNITURE_ELEMENTS(body):
        if _removable(element, page_chars):
            _drop(element)


def clean_line(line: str) -> str:
    """A body line without icon-font class names and share prompts; '' when nothing of value is left."""
    line = _ICON_TOKEN.sub("", line).strip() if "-" in line or "_" in line else line.strip()
    if not line or _ICON_ONLY.match(line):
        return ""
    if len(line.split()) <= LONG_LINE_WORDS and _LINE.match(line):
        return ""
    return line

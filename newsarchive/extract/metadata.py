"""Article metadata (title, authors, dates, language, canonical URL): structured data first, visible page second."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from newsarchive.extract.authors import drop_aliases, merge_names, org_key, split_byline
from newsarchive.extract.bylines import visible_authors
from newsarchive.extract.dates import not_after, now_utc, parse_date
from newsarchive.extract.pagedates import modified_date, published_date, writes_day
from newsarchive.extract.titles import MAX_TITLE_CHARS, headline, visible_text
from newsarchive.models import Overrides
from newsarchive.urls import registered_domain

ARTICLE_TYPES = (
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "blogposting", "socialmediaposting", "liveblogposting",
    "report", "scholarlyarticle", "techarticle", "posting", "webpage", "itempage",
)
"""JSON-LD @type values (lower-cased) whose object describes the page's main article, best first."""

PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time", "article.published",
    "datepublished", "date", "pubdate", "publishdate", "publish-date", "publish_date", "publication_date",
    "publication-date", "dc.date.issued", "dc.date", "dcterms.issued", "dcterms.date", "dcterms.created",
    "dc.date.created", "dc.created", "citation_publication_date", "citation_date", "sailthru.date",
    "parsely-pub-date", "originalpublicationdate", "article_date_original", "cxenseparse:recs:publishtime",
    "date_published", "created", "creation_date", "release_date", "og:pubdate", "pub_date",
)
"""<meta name/property/itemprop> keys holding the publication date, best first."""

MODIFIED_META = (
    "article:modified_time", "og:updated_time", "og:modified_time", "datemodified", "last-modified",
    "dcterms.modified", "dc.date.modified", "lastmod", "article.updated", "revised",
)
"""<meta> keys holding the last modification date, best first."""

REFERENCE_TYPES = frozenset({"recipe", "faqpage"})
"""JSON-LD @type values (lower-cased) of reference pages, kept up to date rather than published on a day: a date
they declare but never show is no publication date."""

AUTHOR_META = (
    "author", "article:author", "og:article:author", "dc.creator", "dcterms.creator", "sailthru.author",
    "parsely-author", "byl", "citation_author", "twitter:creator", "cxenseparse:author",
    "shareaholic:article_author_name",
)
"""<meta> keys holding author names."""

_ISO_LANG = re.compile(r"^[a-zA-Z]{2}(?:$|[-_])")


@dataclass
class Metadata:
    """What a page says about itself, before the body is extracted."""

    title: str | None = None
    """Headline without a " | Site" suffix."""
    authors: list[str] = field(default_factory=list)
    """Person names (or the user names a page shows as its authors), in page order."""
    published: str | None = None
    """Original publication date, ISO 8601 (time and offset when given, else YYYY-MM-DD)."""
    published_raw: str | None = None
    """The source string `published` was read from."""
    modified: str | None = None
    """Last modification date, ISO 8601."""
    language: str | None = None
    """ISO 639-1 code declared by the page."""
    description: str | None = None
    """Meta, OpenGraph or JSON-LD description."""
    tags: list[str] = field(default_factory=list)
    """Keywords, article tags and sections."""
    canonical: str | None = None
    """Absolute URL declared by <link rel=canonical> or og:url."""
    site_name: str | None = None
    """og:site_name, else the JSON-LD publisher name."""
    page_types: set[str] = field(default_factory=set)
    """Lower-cased og:type and JSON-LD @type values."""
    article_body: str | None = None
    """JSON-LD articleBody, when the page gives one."""


def _text(node: HtmlElement) -> str:
    return " ".join(node.text_content().split())


def _jsonld_objects(tree: HtmlElement) -> list[dict]:
    """Every JSON-LD object on the page: arrays and @graph flattened, broken scripts skipped."""
    objects: list[dict] = []

    def walk(data: object, depth: int = 0) -> None:
        if depth > 4:
            return
        if isinstance(data, list):
            for item in data:
                walk(item, depth + 1)
        elif isinstance(data, dict):
            objects.append(data)
            if "@graph" in data:
                walk(data["@graph"], depth + 1)

    for script in tree.xpath("//script[@type='application/ld+json' or @type='application/json+ld']"):
        raw = (script.text or "").strip()
        raw = re.sub(r"^\s*(?:<!--|//\s*<!\[CDATA\[)|(?://\s*\]\]>|-->)\s*$", "", raw)
        try:
            walk(json.loads(raw, strict=False))
        except (ValueError, RecursionError):
            continue
    return objects


def _types(obj: dict) -> list[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return [v.lower() for v in values if isinstance(v, str)]


def _main_object(objects: list[dict]) -> dict:
    """The JSON-LD object describing the article itself (NewsArticle before WebPage), else {}."""
    best, rank = {}, len(ARTICLE_TYPES)
    for obj in objects:
        for kind in _types(obj):
            if kind in ARTICLE_TYPES and ARTICLE_TYPES.index(kind) < rank:
                best, rank = obj, ARTICLE_TYPES.index(kind)
    return best


def _string(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, (str, int, float)) and str(value).strip():
        return " ".join(str(value).split())
    return None


def _meta_values(tree: HtmlElement) -> dict[str, list[str]]:
    """<meta> contents by lower-cased name / property / itemprop / http-equiv, in page order.

    An itemprop <meta> of a nested item (a cited paper, a review) describes that item, not the page: skipped.
    """
    values: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if content is None or not content.strip() or meta.get("itemprop") and _in_nested_item(meta):
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = meta.get(attr)
            if key:
                values.setdefault(key.strip().lower(), []).append(" ".join(content.split()))
    return values


def _in_nested_item(node: HtmlElement) -> bool:
    """Whether the microdata item a node belongs to is itself a property of another item."""
    scope = next((el for el in node.iterancestors() if el.get("itemscope") is not None), None)
    return scope is not None and scope.get("itemprop") is not None


def _select(tree: HtmlElement, selector: str) -> list[HtmlElement]:
    if selector.startswith(("/", "(")):
        found = tree.xpath(selector)
    else:
        found = tree.cssselect(selector)
    return [node for node in found if isinstance(node, etree._Element)]


def _override_value(tree: HtmlElement, selector: str | None) -> tuple[list[str], bool]:
    """Texts (or date attributes) of the nodes a user selector matches, and whether it matched."""
    if not selector:
        return [], False
    nodes = _select(tree, selector)
    texts = []
    for node in nodes:
        value = node.get("datetime") or node.get("content") or _text(node)
        if value:
            texts.append(value)
    return texts, bool(texts)


def _site_name(meta: dict[str, list[str]], objects: list[dict]) -> str | None:
    for key in ("og:site_name", "application-name", "twitter:site"):
        if key in meta:
            return meta[key][0].lstrip("@")
    for obj in objects:
        if "publisher" in obj:
            name = _string(obj["publisher"])
            if name:
                return name
        if "website" in _types(obj) and _string(obj.get("name")):
            return _string(obj.get("name"))
    return None


def _organisations(meta: dict[str, list[str]], objects: list[dict], host: str) -> frozenset[str]:
    """org_key() forms of the names the page gives its site and publisher, and of its domain.

    A blog named after its author declares that name as a Person: such names, and site names that are
    part of them, are not organisations.
    """
    people = {org_key(_string(obj.get("name")) or "") for obj in objects if "person" in _types(obj)} - {""}
    names = [*meta.get("og:site_name", []), *meta.get("application-name", []), *meta.get("twitter:site", [])]
    for obj in objects:
        names.append(_string(obj.get("publisher")) or "")
        if any("organization" in kind for kind in _types(obj)) or "website" in _types(obj):
            names.append(_string(obj.get("name")) or "")
    domain = registered_domain(host) if host else ""
    names.extend((domain, domain.split(".")[0]))
    return frozenset(key for key in map(org_key, names)
                     if len(key) >= 2 and not any(key in person for person in people))


def _title(tree: HtmlElement, meta: dict[str, list[str]], main: dict, site_name: str | None, host: str) -> str | None:
    title_node = tree.find(".//title")
    declared = [_string(main.get("headline")), *meta.get("og:title", [])[:1], *meta.get("twitter:title", [])[:1],
                visible_text(title_node)[:MAX_TITLE_CHARS + 1] if title_node is not None else None]
    return headline(tree, [c for c in declared if c], site_name, host)


def _language(tree: HtmlElement, meta: dict[str, list[str]], main: dict) -> str | None:
    candidates = [tree.get("lang"), tree.get("xml:lang"), *meta.get("og:locale", []),
                  *meta.get("content-language", []), *meta.get("language", []), *meta.get("dc.language", []),
                  _string(main.get("inLanguage"))]
    for value in candidates:
        if value and _ISO_LANG.match(value.strip()):
            return value.strip()[:2].lower()
    return None


def _canonical(tree: HtmlElement, meta: dict[str, list[str]], url: str) -> str | None:
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rel and href:
            return urljoin(url, href)
    if "og:url" in meta:
        return urljoin(url, meta["og:url"][0])
    return None


def _tags(meta: dict[str, list[str]], main: dict) -> list[str]:
    raw: list[str] = []
    for key in ("article:tag", "article:section", "news_keywords", "keywords"):
        for value in meta.get(key, []):
            raw.extend(value.split(",") if key in ("keywords", "news_keywords") else [value])
    for key in ("keywords", "articleSection"):
        value = main.get(key)
        if isinstance(value, str):
            raw.extend(value.split(","))
        elif isinstance(value, list):
            raw.extend(v for v in value if isinstance(v, str))
    return merge_names([[" ".join(t.split()) for t in raw if t.strip()]])


def _people(value: object, by_id: dict[str, dict]) -> list[str]:
    """Names of the Person entries of a JSON-LD author value (Organizations are not people).

    An entry that is only an {"@id": ...} reference is looked up among the page's other JSON-LD objects.
    """
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str):
            item = by_id.get(item["@id"], item)
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and _string(item.get("name")) and (
                "person" in _types(item) or "organization" not in _types(item)):
            names.append(_string(item.get("name")) or "")
    return names


def _authors(tree: HtmlElement, meta: dict[str, list[str]], main: dict, objects: list[dict],
             site_names: frozenset[str]) -> list[str]:
    """JSON-LD and <meta> authors, else the visible byline.

    Beside JSON-LD authors, a <meta> author value counts only when it names one of them too (a publisher
    or a theme credit in <meta name=author> does not). Declared names of one word only (a user name, a
    first name, the site's brand) give way to full names in the visible byline; a visible name that spells
    out a declared user name replaces it.
    """
    by_id = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str)}
    structured = [split_byline(n, site_names, usernames=True) for n in _people(main.get("author"), by_id)]
    declared = {org_key(name) for names in structured for name in names}
    for key in AUTHOR_META:
        for value in meta.get(key, []):
            if not value.startswith(("http://", "https://", "@")):
                names = split_byline(value, site_names, usernames=True)
                if not declared or any(org_key(name) in declared for name in names):
                    structured.append(names)
    names = drop_aliases(merge_names(structured))
    if any(len(name.split()) > 1 for name in names):
        return names
    visible = visible_authors(tree, site_names)
    if not names or any(len(name.split()) > 1 for name in visible):
        return drop_aliases(visible)
    keys = {org_key(name) for name in names}
    return drop_aliases(merge_names([[name for name in visible if org_key(name) in keys], names]))


def _article_body(main: dict) -> str | None:
    value = main.get("articleBody")
    if isinstance(value, list):
        value = "\n\n".join(v for v in value if isinstance(v, str))
    return value.strip() or None if isinstance(value, str) else None


def extract_metadata(tree: HtmlElement, url: str, *, now: datetime | None = None,
                     overrides: Overrides | None = None) -> Metadata:
    """Read title, authors, dates, language, description, tags and canonical URL from a parsed page."""
    now = now_utc(now)
    overrides = overrides or Overrides()
    host = urlsplit(url).hostname or ""
    meta = _meta_values(tree)
    objects = _jsonld_objects(tree)
    main = _main_object(objects)
    site_name = _site_name(meta, objects)
    site_names = _organisations(meta, objects, host)
    language = _language(tree, meta, main)

    title_texts, matched = _override_value(tree, overrides.title)
    title = title_texts[0] if matched else _title(tree, meta, main, site_name, host)

    author_texts, matched = _override_value(tree, overrides.authors)
    if matched:
        authors = merge_names([split_byline(t, site_names) for t in author_texts])
    else:
        authors = _authors(tree, meta, main, objects, site_names)

    published = published_raw = None
    date_texts, matched = _override_value(tree, overrides.published)
    for raw in date_texts:
        published = not_after(parse_date(raw, language), now)
        if published:
            published_raw = raw
            break
    page_types = set(v.lower() for v in meta.get("og:type", []))
    for obj in objects:
        page_types.update(_types(obj))
    if published is None:
        declared = [_string(main.get("datePublished")), _string(main.get("dateCreated")),
                    *(value for key in PUBLISHED_META for value in meta.get(key, []))]
        published, published_raw = published_date(tree, url, [d for d in declared if d], language, now)
        if published and page_types & REFERENCE_TYPES and not writes_day(tree, published[:10]):
            published = published_raw = None  # a recipe's or FAQ's CMS date that the page never shows
    description = (meta.get("og:description") or meta.get("description") or [None])[0] or _string(
        main.get("description"))
    return Metadata(
        title=title,
        authors=authors,
        published=published,
        published_raw=published_raw,
        modified=modified_date([d for d in (_string(main.get("dateModified")),
                                            *(v for key in MODIFIED_META for v in meta.get(key, []))) if d],
                               language, now),
        language=language,
        description=description,
        tags=_tags(meta, main),
        canonical=_canonical(tree, meta, url),
        site_name=site_name,
        page_types=page_types,
        article_body=_article_body(main),
    )

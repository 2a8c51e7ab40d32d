"""The records newsarchive produces: Article, Link and a page's analysis, with one line per field."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

LINK_KINDS = ("report", "external", "internal")


@dataclass
class Link:
    """A hyperlink found inside an article body."""

    url: str
    """Absolute URL the link points to."""
    text: str
    """Visible anchor text, whitespace collapsed."""
    kind: str
    """`report` (the document the article cites), `external` or `internal` (same registered domain)."""


@dataclass
class Article:
    """One extracted news article: the record stored in the archive and exported as JSONL."""

    url: str
    """Canonical article URL (same-site rel=canonical, else the normalised fetched URL)."""
    fetched_url: str
    """The URL actually fetched."""
    site: str | None = None
    """Site name from sites.toml, else the host."""
    title: str | None = None
    """Headline, without a " - Site Name" suffix."""
    authors: list[str] = field(default_factory=list)
    """Person names, no "By", no dates, no site names."""
    published: str | None = None
    """Publication date, ISO 8601 (with time and offset when the page gives them, else the day)."""
    published_raw: str | None = None
    """The string the publication date was read from, kept in case parsing was wrong."""
    modified: str | None = None
    """Last modification date, ISO 8601, when the page states one."""
    language: str | None = None
    """ISO 639-1 code of the body language."""
    description: str | None = None
    """Standfirst or meta description, None if none."""
    body: str = ""
    """Plain text, paragraphs separated by one blank line, no boilerplate."""
    links: list[Link] = field(default_factory=list)
    """Links inside the body, in reading order."""
    tags: list[str] = field(default_factory=list)
    """Section and keyword labels the page gives."""
    word_count: int = 0
    """Number of words in the body."""
    content_hash: str | None = None
    """SHA-256 (hex) of the normalised body, for exact-duplicate detection."""
    simhash: str | None = None
    """64-bit SimHash of the body as 16 hex digits, for near-duplicate detection."""
    duplicate_of: str | None = None
    """URL of the earlier copy when this article duplicates one, else None (set by the archive)."""
    first_seen: str | None = None
    """When the archive first stored this article, ISO 8601 UTC (set by the archive)."""
    last_seen: str | None = None
    """When the archive last fetched this article, ISO 8601 UTC (set by the archive)."""
    revision: int | None = None
    """How many versions of this article the archive holds (set by the archive)."""
    error: str | None = None
    """Why the record is partial or empty (unparseable page, size or time budget hit), else None."""

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data, fields in the documented order."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Build an Article from a record dict, ignoring unknown keys."""
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        values["links"] = [l if isinstance(l, Link) else Link(**l) for l in values.get("links") or []]
        return cls(**values)


@dataclass(frozen=True)
class Overrides:
    """Per-site extraction selectors from sites.toml; each is CSS, or XPath when it starts with '/' or '('."""

    title: str | None = None
    """Selector of the headline element."""
    body: str | None = None
    """Selector of the element(s) holding the article body."""
    published: str | None = None
    """Selector of the element holding the publication date (its datetime/content attribute or text)."""
    authors: str | None = None
    """Selector of the element(s) holding author names."""


@dataclass
class PageAnalysis:
    """What one fetched page is and what it offers the crawler (extract.analyse_page's result).

    Defined here, not in the extractor, so the crawling process unpickles it from a worker without importing the
    extractor.
    """

    kind: str
    """"article" or "listing"."""
    article: Article | None = None
    """The extracted article when `kind` is "article"."""
    links: list[str] = field(default_factory=list)
    """Same-site http(s) links of the page, canonical, de-duplicated, in document order."""
    feeds: list[str] = field(default_factory=list)
    """Declared RSS/Atom feeds of the page, absolute."""

"""Pure extraction: page bytes and URL in, Article (or a listing's links) out; no Scrapy, no I/O."""

from __future__ import annotations

from datetime import datetime

from lxml.html import HtmlElement

from newsarchive.extract.body import Body, extract_body
from newsarchive.extract.boilerplate import clean_tree
from newsarchive.extract.document import load
from newsarchive.extract.links import absolute, base_url, body_links, feed_links, page_links, squash
from newsarchive.extract.metadata import Metadata, extract_metadata
from newsarchive.extract.pagetype import PageSignals, is_long_paragraph, page_kind
from newsarchive.fingerprint import content_hash, simhash, words
from newsarchive.models import Article, Overrides, PageAnalysis
from newsarchive.urls import canonical_url, same_site
from newsarchive.urlshape import classify_url, url_shape

__all__ = ["PageAnalysis", "analyse_page", "classify_url", "extract_article"]


def _article_url(meta: Metadata, url: str) -> str:
    if meta.canonical and meta.canonical.startswith(("http://", "https://")) and same_site(meta.canonical, url):
        return canonical_url(meta.canonical)
    return canonical_url(url)


def _article(meta: Metadata, body: Body, links: list, url: str, error: str | None) -> Article:
    text = body.text
    return Article(
        url=_article_url(meta, url),
        fetched_url=url,
        title=meta.title,
        authors=list(meta.authors),
        published=meta.published,
        published_raw=meta.published_raw,
        modified=meta.modified,
        language=meta.language,
        description=meta.description,
        body=text,
        links=links,
        tags=list(meta.tags),
        word_count=len(words(text)),
        content_hash=content_hash(text) if text else None,
        simhash=simhash(text) if text else None,
        error=error,
    )


def _headlines(tree: HtmlElement, base: str) -> set[str]:
    """Anchor texts of the page's links to article-shaped URLs."""
    texts = set()
    for anchor in tree.iter("a"):
        target = absolute(anchor.get("href"), base)
        if target is not None and classify_url(target) == "article":
            texts.add(squash(anchor.text_content()))
    return texts


def _signals(
    tree: HtmlElement, paragraphs: list[str], site_links: list[str], meta: Metadata, url: str, base: str
) -> PageSignals:
    """The page-type evidence: declared types, running text, teaser headlines, article links, URL shape."""
    headlines = _headlines(tree, base) if paragraphs else set()
    teasers = [p for p in paragraphs if p in headlines]
    total_chars = sum(len(p) for p in paragraphs)
    return PageSignals(
        types=meta.page_types,
        body_words=sum(len(words(p)) for p in paragraphs),
        long_paragraphs=sum(1 for p in paragraphs if is_long_paragraph(p)),
        paragraphs=len(paragraphs),
        teaser_lines=len(teasers),
        teaser_share=sum(len(p) for p in teasers) / total_chars if total_chars else 0.0,
        article_links=sum(1 for u in site_links if classify_url(u) == "article"),
        url_shape=url_shape(url),
    )


def _analyse(
    html: bytes | str,
    url: str,
    overrides: Overrides | None,
    now: datetime | None,
    encoding: str | None,
    hint: str | None,
    article_only: bool,
) -> PageAnalysis:
    document = load(html, encoding)
    if document.tree is None:
        kind = "article" if article_only or hint == "article" else "listing"
        article = Article(url=canonical_url(url), fetched_url=url, error=document.error or "unparseable")
        return PageAnalysis(kind, article if kind == "article" else None)
    tree = document.tree
    meta = extract_metadata(tree, url, now=now, overrides=overrides)
    base = base_url(tree, url)
    site_links = [] if article_only else page_links(tree, url, base)
    feeds = [] if article_only else feed_links(tree, base)
    clean_tree(tree)
    body = extract_body(tree, url, meta, overrides)
    kind = "article"
    if not article_only:
        kind = page_kind(_signals(tree, body.paragraphs, site_links, meta, url, base), hint)
    article = None
    if kind == "article":
        links = [link for root in body.roots for link in body_links(root, body.paragraphs, url, base, whole=body.whole)]
        article = _article(meta, body, links, url, document.error)
    return PageAnalysis(kind, article, site_links, feeds)


def analyse_page(
    html: bytes | str,
    url: str,
    *,
    overrides: Overrides | None = None,
    now: datetime | None = None,
    encoding: str | None = None,
    hint: str | None = None,
) -> PageAnalysis:
    """Parse a page once and decide: an article (with its record) or a listing (with its links and feeds).

    `hint` is the crawler's prior ("article" for a URL from a feed or sitemap); the page structure decides.
    """
    return _analyse(html, url, overrides, now, encoding, hint, article_only=False)


def extract_article(
    html: bytes | str,
    url: str,
    *,
    overrides: Overrides | None = None,
    now: datetime | None = None,
    encoding: str | None = None,
) -> Article:
    """The Article record of a page, whatever the page looks like; never raises on page content."""
    analysis = _analyse(html, url, overrides, now, encoding, "article", article_only=True)
    assert analysis.article is not None
    return analysis.article

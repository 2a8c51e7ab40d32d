"""Find article URLs in robots.txt, RSS/Atom feeds and XML sitemaps, with no entity resolution or network access."""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

MAX_XML_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Found:
    """A URL found by discovery, with what its source says about it."""

    url: str
    kind: str
    """"article" for feed items and sitemap URLs, "sitemap" for sitemap-index children."""
    published: str | None = None
    """Publication date the feed or Google News sitemap states, as written."""


class DiscoveryError(ValueError):
    """A feed or sitemap body could not be read (too large, not XML, corrupt compression)."""


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, recover=True, remove_comments=True, remove_pis=True,
    )


def decompress(body: bytes, max_size: int = MAX_XML_BYTES) -> bytes:
    """Gunzip a gzip body (sitemap.xml.gz) without ever holding more than `max_size` bytes."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
        try:
            while chunk := stream.read(65536):
                out.write(chunk)
                if out.tell() > max_size:
                    raise DiscoveryError(f"decompressed body exceeds {max_size} bytes")
        except (OSError, EOFError, zlib.error) as exc:
            raise DiscoveryError(f"corrupt gzip body: {exc}") from None
    return out.getvalue()


def _parse_xml(body: bytes) -> etree._Element:
    body = decompress(body)
    if len(body) > MAX_XML_BYTES:
        raise DiscoveryError(f"XML body exceeds {MAX_XML_BYTES} bytes")
    try:
        root = etree.fromstring(body.lstrip(), parser=_safe_parser())
    except etree.XMLSyntaxError as exc:
        raise DiscoveryError(f"not XML: {exc}") from None
    if root is None:
        raise DiscoveryError("empty XML document")
    return root


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(elem: etree._Element, *names: str) -> str | None:
    for child in elem:
        if _local(child.tag) in names and child.text and child.text.strip():
            return child.text.strip()
    return None


def parse_sitemap(body: bytes, base_url: str) -> list[Found]:
    """URLs of a sitemap (kind "article", with news:publication_date) or of a sitemap index (kind "sitemap")."""
    root = _parse_xml(body)
    index = _local(root.tag) == "sitemapindex"
    found = []
    for elem in root:
        name = _local(elem.tag)
        if name not in ("url", "sitemap"):
            continue
        loc = _child_text(elem, "loc")
        if not loc:
            continue
        published = None
        for child in elem:
            if _local(child.tag) == "news":
                published = _child_text(child, "publication_date")
        if published is None and not index:
            published = _child_text(elem, "lastmod")
        found.append(Found(urljoin(base_url, loc), "sitemap" if index else "article", published))
    return found


def parse_feed(body: bytes, base_url: str) -> list[Found]:
    """Item links of an RSS 2.0, RSS 1.0 (RDF) or Atom feed."""
    root = _parse_xml(body)
    found = []
    for elem in root.iter():
        name = _local(elem.tag)
        if name == "item":
            link = _child_text(elem, "link") or _child_text(elem, "guid")
            published = _child_text(elem, "pubdate", "date")
        elif name == "entry":
            link = next(
                (c.get("href") for c in elem if _local(c.tag) == "link" and c.get("rel", "alternate") == "alternate"),
                None,
            )
            published = _child_text(elem, "published", "updated")
        else:
            continue
        if link and link.strip().lower().startswith(("http://", "https://", "/")):
            found.append(Found(urljoin(base_url, link.strip()), "article", published))
    return found


def sitemaps_in_robots(body: bytes, base_url: str) -> list[str]:
    """The `Sitemap:` URLs a robots.txt declares."""
    urls = []
    for line in body.decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            urls.append(urljoin(base_url, value.strip()))
    return urls

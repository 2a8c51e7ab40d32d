"""Turn raw response bytes into one lxml tree: charset detection, size cap, non-HTML sniffing, one parse."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from bs4.dammit import UnicodeDammit
from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction, document_fromstring

MAX_BYTES = 16 * 1024 * 1024
"""Input beyond this size is cut off before parsing (and the record says so)."""

SNIFF_BYTES = 4096
UTF8_BROKEN_SEQUENCES = 3
UTF8_BYTES_PER_BROKEN = 20000
"""UTF-8 text may hold a few broken sequences: 3, or one per 20 kB, before another encoding is tried."""

# (magic prefix, label) of formats that are certainly not HTML.
_MAGIC = (
    (b"%PDF", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\x00\x00\x01\x00", "ico"),
    (b"wOFF", "font"),
    (b"wOF2", "font"),
    (b"OggS", "ogg"),
    (b"ID3", "mp3"),
    (b"fLaC", "flac"),
    (b"\x1aE\xdf\xa3", "webm"),
    (b"PK\x03\x04", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!", "rar"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ms-office"),
    (b"{\\rtf", "rtf"),
    (b"\x7fELF", "binary"),
    (b"MZ", "binary"),
)
_RIFF_KINDS = {b"WEBP": "webp", b"WAVE": "wav", b"AVI ": "avi"}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""",
    re.IGNORECASE,
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Characters libxml2 chokes on (it can drop the rest of a document after one of them).
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
"""The ASCII part of _CONTROL_CHARS as UTF-8 bytes (no multi-byte sequence holds a byte below 0x80)."""
# Control characters that never occur in text, only in binary data.
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
# Encodings that servers and templates declare by default, whatever the real encoding (browsers read
# all three as windows-1252).
_WEAK_CODECS = frozenset({"iso8859-1", "cp1252", "ascii"})
_PARSER = HTMLParser(huge_tree=False, remove_comments=True, remove_pis=True, default_doctype=False)
# lxml.html's own lookup calls back into Python for every element the extractor touches (to give forms and
# inputs their classes, which nothing here uses); the C-level default lookup gives the same HtmlElement.
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))


@dataclass
class Document:
    """A decoded and parsed page; `tree` is None when the bytes are not a readable HTML page."""

    tree: HtmlElement | None
    """The parsed page."""
    encoding: str | None
    """The character encoding the text was decoded with."""
    error: str | None
    """Why the page is partial or unreadable, else None."""


def sniff_binary(data: bytes) -> str | None:
    """The format name when `data` is a known non-HTML format or binary noise, else None."""
    head = data[:SNIFF_BYTES]
    for magic, label in _MAGIC:
        if head.startswith(magic):
            return label
    if head.startswith(b"RIFF") and head[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[head[8:12]]
    if head[4:8] == b"ftyp":
        return "mp4"
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    if head and len(_BINARY_BYTES.findall(head)) > len(head) // 20:
        return "binary"
    return None


def _codec(label: str | bytes | None) -> str | None:
    """Python codec name for a charset label, None when unknown."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    try:
        return codecs.lookup(label.strip().strip("\"'").lower()).name
    except LookupError:
        return None


def _try_decode(data: bytes, codec: str | None, declared: bool = False) -> str | None:
    """`data` decoded with `codec`, None when it does not fit.

    Declared UTF-8 tolerates a few broken sequences (a multi-byte character cut by a CMS truncating a
    teaser), but not the many a page in a single-byte encoding produces.
    """
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        if codec != "utf-8" or not declared:
            return None
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    return text if broken <= max(UTF8_BROKEN_SEQUENCES, len(data) // UTF8_BYTES_PER_BROKEN) else None


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode page bytes: BOM, then the HTTP hint, then <meta charset>, then detection for lying labels.

    Returns (text, codec name). A weak default label (latin-1, cp1252, ascii) does not win over bytes
    that are valid UTF-8 with non-ASCII content, since servers send those labels by default.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace"), codec
    head = data[:SNIFF_BYTES]
    match = _META_CHARSET.search(head)
    labels = (encoding, match.group(1).decode("ascii", "ignore") if match else None)
    for label in labels:
        codec = _codec(label)
        if codec is None:
            continue
        if codec in _WEAK_CODECS:
            if not data.isascii() and (text := _try_decode(data, "utf-8")) is not None:
                return text, "utf-8"
            codec = "cp1252"
        if codec.startswith(("utf-16", "utf-32")):
            continue  # a page that can be read as ASCII to find this label is not UTF-16
        if (text := _try_decode(data, codec, declared=True)) is not None:
            return text, codec
    if (text := _try_decode(data, "utf-8")) is not None:
        return text, "utf-8"
    dammit = UnicodeDammit(data, is_html=True)
    if dammit.unicode_markup is not None and dammit.original_encoding:
        return dammit.unicode_markup, dammit.original_encoding
    return data.decode("cp1252", "replace"), "cp1252"


def _without_controls(text: str) -> str:
    """The text without the characters libxml2 chokes on; a byte-level test first, since most pages have none."""
    encoded = text.encode("utf-8", "surrogatepass")
    if len(encoded.translate(None, _CONTROL_BYTES)) == len(encoded) and "\ufffe" not in text and "\uffff" not in text:
        return text
    return _CONTROL_CHARS.sub("", text)


def load(html: bytes | str, encoding: str | None = None) -> Document:
    """Decode and parse a page once; never raises on any input."""
    error = None
    if isinstance(html, str):
        if len(html) > MAX_BYTES:
            html, error = html[:MAX_BYTES], "truncated at 16 MB"
        text, codec = html, None
    else:
        data = bytes(html or b"")
        if not data.strip():
            return Document(None, None, "empty document")
        kind = sniff_binary(data)
        if kind is not None:
            return Document(None, None, f"not html ({kind})")
        if len(data) > MAX_BYTES:
            data, error = data[:MAX_BYTES], "truncated at 16 MB"
        text, codec = decode(data, encoding)
    text = _without_controls(_XML_DECLARATION.sub("", text, count=1))
    if not text.strip():
        return Document(None, codec, "empty document")
    try:
        tree = document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return Document(None, codec, error or "unparseable")
    if not isinstance(tree, HtmlElement) or tree.find("body") is None and len(tree) == 0:
        return Document(None, codec, error or "unparseable")
    return Document(tree, codec, error)

"""Duplicate detection keys: SimHash bands and a bottom-k sample of paragraph hashes, plus the match rule.

A near duplicate is an article of similar length whose SimHash is close to an earlier one's: within
NEAR_BITS_SHARED when at least half their paragraphs are the same (a wire story with a new headline and
an added paragraph measures 4-18; a short CJK body, tokenised by clauses, moves most), else within
NEAR_BITS (a copy touched everywhere, such as re-punctuated). Candidates come from an index, never a
scan: two copies share a 16-bit SimHash band when they differ by at most 3 bits, and share one of their
PARAGRAPH_SAMPLE smallest paragraph hashes (a bottom-k sample of the paragraph set, which also estimates
how many paragraphs they share) when most paragraphs are common.

A band key is the SimHash rotated to start with its band (the permuted tables of Manku, Jain and Das Sarma,
WWW 2007), cut to BAND_KEY_BITS: the articles sharing a band are one range of keys, and the bits after the band
tell which of them are too far apart to be copies, from the index alone (in a large archive most articles
sharing a 16-bit band do so by chance).
"""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import datetime, timezone

from ..clock import stamp
from ..fingerprint import hamming
from ..models import Article

NEAR_BITS = 6
"""Largest SimHash distance of a near duplicate that shares no paragraph with the original."""
NEAR_BITS_SHARED = 20
"""Largest SimHash distance of a near duplicate sharing most paragraphs (unrelated stories measure 24+)."""
MIN_RESEMBLANCE = 0.5
"""Share of common paragraphs (estimated from the samples) that counts as sharing most paragraphs."""
MIN_LENGTH_RATIO = 0.75
"""Shorter body / longer body, in words, at least this for a near duplicate."""
MIN_CHARS = 200
"""Bodies shorter than this (in characters, so that CJK counts too) are only checked for exact duplicates."""
BANDS = 4
BAND_BITS = 16
BAND_KEY_BITS = 45
"""Leading bits of the rotated SimHash a band key keeps: its band and the 29 bits after it."""
PARAGRAPH_SAMPLE = 4
MIN_PARAGRAPH_CHARS = 40
PARAGRAPH_KEYS_FROM = 1 << 20
"""Paragraph keys are 63-bit hashes from here up; band keys are negative."""
_MASK = (1 << 64) - 1
_KEPT = (1 << BAND_KEY_BITS) - 1
_AFTER_BAND = BAND_KEY_BITS - BAND_BITS


def band_keys(simhash: str) -> list[int]:
    """For each band, the SimHash rotated to start with it, cut to BAND_KEY_BITS and tagged with the band's
    position, as a negative number."""
    value = int(simhash, 16)
    return [-1 - (band << BAND_KEY_BITS | _leading(value, band)) for band in range(BANDS)]


def band_ranges(simhash: str) -> list[tuple[int, int]]:
    """For each band, the (lowest, highest) key of every SimHash with the same band."""
    value = int(simhash, 16)
    ranges = []
    for band in range(BANDS):
        first = band << BAND_KEY_BITS | _leading(value, band) >> _AFTER_BAND << _AFTER_BAND
        ranges.append((-1 - (first | (1 << _AFTER_BAND) - 1), -1 - first))
    return ranges


def band_distance(key: int, simhash: str) -> int:
    """Differing bits between the part of a SimHash a band key keeps and the same part of `simhash`: a lower
    bound of their distance."""
    kept = -1 - key
    return (kept & _KEPT ^ _leading(int(simhash, 16), kept >> BAND_KEY_BITS)).bit_count()


def _leading(value: int, band: int) -> int:
    """The first BAND_KEY_BITS bits of the 64-bit `value` rotated right until band `band` leads."""
    shift = BAND_BITS * (band + 1) % 64
    return ((value >> shift | value << (64 - shift)) & _MASK) >> (64 - BAND_KEY_BITS)


def paragraph_keys(body: str) -> list[int]:
    """The PARAGRAPH_SAMPLE smallest hashes of the body's substantial paragraphs (each normalised)."""
    text = unicodedata.normalize("NFKC", body)
    hashes = set()
    for piece in paragraphs(text.lower() if text.isascii() else text.casefold()):  # the same for ASCII, faster
        if len(piece) >= MIN_PARAGRAPH_CHARS:
            hashes.add(max(int.from_bytes(hashlib.blake2b(piece.encode(), digest_size=8).digest()) >> 1, PARAGRAPH_KEYS_FROM))
    return sorted(hashes)[:PARAGRAPH_SAMPLE]


def paragraphs(text: str) -> list[str]:
    """The paragraphs of `text` (split at blank lines), each whitespace-collapsed as " ".join(paragraph.split())."""
    return [piece if _collapsed(piece) else " ".join(piece.split()) for piece in text.split("\n\n")]


def _collapsed(piece: str) -> bool:
    """Whether a paragraph is already whitespace-collapsed (the common case, found without splitting every word).

    Every character str.split() splits on but the space is unprintable, so isprintable() rules out all other
    whitespace (and sends the rare paragraph with other unprintable characters the slow way).
    """
    return piece.isprintable() and "  " not in piece and piece[:1] != " " and piece[-1:] != " "


def near_keys(body: str, simhash: str | None) -> list[int]:
    """Every index key of an article; none for bodies too short to compare."""
    if not simhash or len(body) < MIN_CHARS:
        return []
    return band_keys(simhash) + paragraph_keys(body)


def article_keys(article: Article) -> list[int]:
    """near_keys of a fingerprinted article."""
    return near_keys(article.body, article.simhash)


def resemblance(sample: list[int], other: list[int]) -> float:
    """Estimated share of paragraphs two bodies have in common, from their bottom-k paragraph samples."""
    union = sorted(set(sample) | set(other))[:PARAGRAPH_SAMPLE]
    return sum(key in sample and key in other for key in union) / len(union) if union else 0.0


def is_near_duplicate(
    simhash: str, word_count: int, other_simhash: str | None, other_word_count: int | None, *, resemblance: float
) -> bool:
    """The match rule: similar length, and SimHash distance within NEAR_BITS_SHARED or NEAR_BITS."""
    if not other_simhash or not other_word_count or not word_count:
        return False
    if min(word_count, other_word_count) / max(word_count, other_word_count) < MIN_LENGTH_RATIO:
        return False
    limit = NEAR_BITS_SHARED if resemblance >= MIN_RESEMBLANCE else NEAR_BITS
    return hamming(simhash, other_simhash) <= limit


def moment(published: str | None) -> str | None:
    """A publication date as an archive UTC timestamp, so copies compare across offsets; None if unreadable.

    A date without a time counts as midnight UTC; a time without an offset counts as UTC.
    """
    if not published:
        return None
    try:
        parsed = datetime.fromisoformat(published.strip())
    except ValueError:
        return None
    return stamp(parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc))

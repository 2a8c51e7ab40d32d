"""Duplicate detection keys: SimHash bands and a bottom-k sample of paragraph hashes, plus the match rule.

A near duplicate is an article whose SimHash is within NEAR_BITS of an earlier one and whose length is
similar. Candidates come from an index, never a scan: two copies share a 16-bit SimHash band when they
differ by at most 3 bits, and share one of their PARAGRAPH_SAMPLE smallest paragraph hashes (a min-wise
sample of the paragraph set) when most paragraphs are common, as in a wire story with a new headline and
an added paragraph.
"""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import datetime, timezone

from ..clock import stamp
from ..fingerprint import hamming
from ..models import Article

NEAR_BITS = 12
"""Largest SimHash distance of a near duplicate (edited copies measure 1-12; unrelated stories 20+)."""
MIN_LENGTH_RATIO = 0.75
"""Shorter body / longer body, in words, at least this for a near duplicate."""
MIN_WORDS = 40
"""Bodies shorter than this are only checked for exact duplicates (too little text to compare)."""
BANDS = 4
PARAGRAPH_SAMPLE = 4
MIN_PARAGRAPH_WORDS = 8
_BAND_SPACE = 1 << 20  # band keys live below this; paragraph keys are 63-bit hashes above it


def band_keys(simhash: str) -> list[int]:
    """The SimHash split into BANDS 16-bit pieces, each tagged with its position."""
    value = int(simhash, 16)
    return [band << 16 | (value >> (16 * band)) & 0xFFFF for band in range(BANDS)]


def paragraph_keys(body: str) -> list[int]:
    """The PARAGRAPH_SAMPLE smallest hashes of the body's substantial paragraphs (each normalised)."""
    hashes = set()
    for paragraph in unicodedata.normalize("NFKC", body).casefold().split("\n\n"):
        tokens = paragraph.split()
        if len(tokens) < MIN_PARAGRAPH_WORDS:
            continue
        text = " ".join(tokens)
        value = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big") >> 1
        hashes.add(max(value, _BAND_SPACE))
    return sorted(hashes)[:PARAGRAPH_SAMPLE]


def near_keys(body: str, simhash: str | None, word_count: int) -> list[int]:
    """Every index key of an article; none for bodies too short to compare."""
    if not simhash or word_count < MIN_WORDS:
        return []
    return band_keys(simhash) + paragraph_keys(body)


def article_keys(article: Article) -> list[int]:
    """near_keys of a fingerprinted article."""
    return near_keys(article.body, article.simhash, article.word_count)


def is_near_duplicate(simhash: str, word_count: int, other_simhash: str | None, other_word_count: int | None) -> bool:
    """The match rule: SimHash distance at most NEAR_BITS and similar length."""
    if not other_simhash or not other_word_count or word_count < MIN_WORDS:
        return False
    ratio = min(word_count, other_word_count) / max(word_count, other_word_count)
    return ratio >= MIN_LENGTH_RATIO and hamming(simhash, other_simhash) <= NEAR_BITS


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

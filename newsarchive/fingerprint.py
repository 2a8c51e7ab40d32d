"""Body fingerprints: word count, exact content hash and a 64-bit SimHash for near duplicates."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)
SHINGLE = 3


def normalise_text(text: str) -> str:
    """Case-folded, NFKC, whitespace-collapsed text: what two copies of one story share."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def words(text: str) -> list[str]:
    """The words of `text`, case-folded."""
    return _WORD.findall(normalise_text(text))


def content_hash(text: str) -> str:
    """SHA-256 hex digest of the normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def simhash(text: str) -> str:
    """64-bit SimHash over word 3-shingles, as 16 hex digits.

    Bit b is set when more than half of the shingle hashes have bit b set. The per-bit counts are kept
    bit-sliced (planes[k] holds bit k of all 64 counters), so adding one hash is a short ripple-carry
    over whole integers instead of 64 separate additions.
    """
    tokens = words(text)
    shingles = [" ".join(tokens[i : i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1))]
    planes: list[int] = []
    for shingle in shingles:
        carry = int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")
        for k, plane in enumerate(planes):
            if not carry:
                break
            planes[k], carry = plane ^ carry, plane & carry
        if carry:
            planes.append(carry)
    half = len(shingles)
    value = 0
    for bit in range(64):
        if 2 * sum((plane >> bit & 1) << k for k, plane in enumerate(planes)) > half:
            value |= 1 << bit
    return f"{value:016x}"


def hamming(a: str, b: str) -> int:
    """Number of differing bits between two hex SimHashes."""
    return (int(a, 16) ^ int(b, 16)).bit_count()

"""Tests of body fingerprints: the fast bit-sliced SimHash equals the textbook one; hashes ignore case and spacing."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.fingerprint import SHINGLE, content_hash, hamming, normalise_text, simhash, words


def textbook_simhash(text: str) -> str:
    tokens = words(text)
    shingles = [" ".join(tokens[i : i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1))]
    weights = [0] * 64
    for shingle in shingles:
        h = int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if h >> bit & 1 else -1
    return f"{sum(1 << bit for bit in range(64) if weights[bit] > 0):016x}"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["port", "strike", "union", "the", "of", "ہڑتال", "罢工", "said", "1", "x"]), max_size=300))
def test_simhash_equals_the_textbook_definition(tokens):
    text = " ".join(tokens)
    assert simhash(text) == textbook_simhash(text)


@pytest.mark.parametrize("text", ["", "one", "one two", "one two three", "a b c d " * 200])
def test_simhash_edge_lengths(text):
    assert simhash(text) == textbook_simhash(text) and len(simhash(text)) == 16


def test_hashes_ignore_case_and_spacing():
    assert content_hash("Port  Strike\n\nEnds") == content_hash("port strike ends")
    assert simhash("Port  Strike ends today") == simhash("port strike ends today")
    assert normalise_text("  Ｐort\tSTRIKE ") == "port strike"


def test_hamming():
    assert hamming("0000000000000000", "000000000000000f") == 4
    assert hamming("ffffffffffffffff", "0000000000000000") == 64

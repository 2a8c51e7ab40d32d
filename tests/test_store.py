"""Tests of the Archive contract: schema, opening errors, transactions, upserts, revisions, duplicates, FTS."""

from __future__ import annotations

import sqlite3
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.errors import ArchiveError, ConfigError, QueryError
from newsarchive.fingerprint import hamming, simhash, words
from newsarchive.models import Article, Link
from newsarchive.store import Archive
from newsarchive.store import archive as archive_module, dedupe
from newsarchive.store.schema import FOLDED_MARKS, LATEST, _folded, folded

WIRE = [
    "Dock workers at the country's three largest container ports walked off the job on Monday, halting the "
    "loading of ships and leaving hundreds of trucks queued outside the terminal gates before dawn.",
    "The union representing about 14,000 port employees said the strike would last at least 72 hours after "
    "talks over automation and pay broke down late on Sunday without an agreement.",
    "Shipping lines warned that the stoppage could delay deliveries of fuel, grain and medicines, and several "
    "vessels were diverted to smaller harbours along the coast during the morning.",
    "The transport ministry said it had called both sides to a meeting on Tuesday and urged the union to "
    "allow perishable cargo and emergency supplies to pass through the picket lines.",
    "Employers say the new cranes will make the terminals safer and cut waiting times for ships, while "
    "workers fear that hundreds of jobs will disappear within the next five years.",
    "Economists estimated that each day of the strike would cost the economy roughly 40 million dollars in "
    "lost trade, with exporters of fresh fruit among the hardest hit by the delays.",
    "The last major port strike, in 2019, lasted nine days and ended with a three-year wage agreement that "
    "expired in the spring of this year after months of inconclusive negotiations.",
    "Union leaders said they would return to the table only if employers withdrew plans to introduce "
    "remote-controlled cranes at the northern terminal before a review of safety rules.",
]
EXTRA = (
    "Local traders in the harbour district said business had already slowed, and some shops closed early as "
    "the crowds of idle drivers thinned out during the afternoon."
)
OTHER_STRIKE = [
    "Airport baggage handlers began a two-day strike on Friday, forcing airlines to cancel dozens of flights "
    "and leaving travellers stranded in long queues at the check-in halls.",
    "The handlers, employed by a private contractor, are demanding a pay rise in line with inflation and "
    "more staff on the night shifts, which they say are dangerously understaffed.",
    "The contractor said its offer of a six percent increase was fair and accused the union of holding "
    "holidaymakers to ransom at the busiest time of the year for the airport.",
    "Passengers were advised to travel with hand luggage only and to check the status of their flights "
    "before leaving home, as further cancellations were expected on Saturday.",
    "The transport ministry said it was monitoring the situation and encouraged both sides to return to "
    "talks, but ruled out intervening directly in a dispute between private companies.",
    "Trade unions in other sectors have announced solidarity actions, raising the prospect of wider "
    "disruption if the dispute is not settled before the start of next month.",
    "Airline executives warned that the cost of the cancellations would run into millions and that some "
    "carriers might reduce their schedules at the airport during the winter season.",
    "The last strike at the airport, three years ago, ended after a week when the contractor agreed to a "
    "bonus payment and a review of shift patterns that workers say never took place.",
]


def story(url: str, paragraphs: list[str], title: str = "Port workers strike over automation", **kw) -> Article:
    return Article(url=url, fetched_url=url, site=kw.pop("site", "wire"), title=title, body="\n\n".join(paragraphs), **kw)


@pytest.fixture
def archive(tmp_path):
    with Archive(tmp_path / "archive.db") as store:
        yield store


def store(archive: Archive, article: Article, **kwargs) -> str:
    with archive.transaction():
        return archive.upsert_article(article, **kwargs)


# -- opening ---------------------------------------------------------------------------------------------------


def test_new_archive_has_every_table_in_wal_mode(archive):
    tables = set(archive.db.table_names())
    assert {"articles", "articles_fts", "revisions", "article_links", "snapshots", "urls", "crawls", "schema_migrations"} <= tables
    assert {"near_keys", "near_sketches"} <= tables and archive.db.view_names() == ["links"]
    assert archive.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert archive.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30000
    assert archive.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] == LATEST
    urls_columns = {c.name for c in archive.db["urls"].columns}
    assert {"url", "state", "due_at", "lease_until", "etag", "fetch_count", "article_url"} <= urls_columns


def test_reopening_runs_no_migration_twice(tmp_path):
    Archive(tmp_path / "a.db").close()
    with Archive(tmp_path / "a.db", create=False) as again:
        assert again.conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == LATEST


def test_fts_table_is_detected_like_datasette_does(archive):
    assert archive.db["articles"].detect_fts() == "articles_fts"
    store(archive, story("https://a.example/1", WIRE))
    assert [r["url"] for r in archive.db["articles"].search("cranes")] == ["https://a.example/1"]


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda p: p.write_bytes(b"this is a text file, not sqlite " * 40), "file is not a database"),
        (lambda p: None, "no such archive"),
        (lambda p: p.mkdir(), "is a directory"),
    ],
    ids=["not-sqlite", "missing", "directory"],
)
def test_unusable_paths_give_one_clear_error(tmp_path, setup, message):
    path = tmp_path / "archive.db"
    setup(path)
    with pytest.raises(ArchiveError, match=message) as info:
        Archive(path, create=False)
    assert "\n" not in str(info.value) and str(path) in str(info.value)


def test_unopenable_path_is_an_archive_error(tmp_path):
    with pytest.raises(ArchiveError, match="unable to open database file"):
        Archive(tmp_path / "missing-dir" / "archive.db")


# -- transactions ----------------------------------------------------------------------------------------------


def test_transaction_rolls_back_everything_on_error(archive):
    with pytest.raises(RuntimeError):
        with archive.transaction():
            archive.upsert_article(story("https://a.example/1", WIRE))
            with archive.transaction():  # nested: no-op, the outer one decides
                archive.upsert_article(story("https://a.example/2", OTHER_STRIKE))
            raise RuntimeError("crash")
    assert archive.get_article("https://a.example/1") is None
    assert archive.conn.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0] == 0
    assert not archive.conn.in_transaction


def test_transaction_commits_when_inner_block_ends(tmp_path):
    path = tmp_path / "a.db"
    with Archive(path) as writer, writer.transaction():
        with writer.transaction():
            writer.upsert_article(story("https://a.example/1", WIRE))
        assert writer.conn.in_transaction
    with Archive(path) as reader:
        assert reader.get_article("https://a.example/1").title == "Port workers strike over automation"


# -- upserts and revisions -------------------------------------------------------------------------------------


def full_article(url: str = "https://a.example/news/1") -> Article:
    return Article(
        url=url,
        fetched_url=url + "?utm_source=x",
        site="example",
        title="Port workers strike over automation",
        authors=["Ana Lima", "Bo Chen"],
        published="2026-11-20T08:30:00+01:00",
        published_raw="Fri Nov 20 2026 08:30",
        modified="2026-11-20",
        language="en",
        description="A 72-hour stoppage.",
        body="\n\n".join(WIRE),
        links=[Link("https://gov.example/report.pdf", "Click this link", "report"), Link(url + "/b", "More", "internal")],
        tags=["Economy", "Labour"],
    )


def test_every_field_round_trips(archive):
    article = full_article()
    assert store(archive, article, fetched_at="2026-11-21T10:00:00Z") == "new"
    got = archive.get_article(article.url)
    for name in ("url", "fetched_url", "site", "title", "authors", "published", "published_raw", "modified",
                 "language", "description", "body", "links", "tags"):  # fmt: skip
        assert getattr(got, name) == getattr(article, name), name
    assert got.word_count == len(words(article.body))
    assert got.simhash == simhash(article.body) and len(got.content_hash) == 64
    assert (got.first_seen, got.last_seen, got.revision, got.duplicate_of) == (
        "2026-11-21T10:00:00Z", "2026-11-21T10:00:00Z", 1, None,
    )  # fmt: skip


def test_unchanged_refetch_only_moves_last_seen(archive):
    article = full_article()
    store(archive, article, fetched_at="2026-11-21T10:00:00Z")
    assert store(archive, article, fetched_at="2026-11-22T10:00:00Z") == "unchanged"
    got = archive.get_article(article.url)
    assert (got.first_seen, got.last_seen, got.revision) == ("2026-11-21T10:00:00Z", "2026-11-22T10:00:00Z", 1)
    assert archive.conn.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == 0
    assert archive.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1


@pytest.mark.parametrize("change", ["title", "body"])
def test_changed_title_or_body_makes_a_revision(archive, change):
    first = full_article()
    store(archive, first, fetched_at="2026-11-21T10:00:00Z")
    second = full_article()
    if change == "title":
        second.title = "Port strike enters second day"
    else:
        second.body = first.body + "\n\nTalks resumed on Tuesday evening at the ministry."
    second.links = [Link("https://gov.example/new.pdf", "New report", "report")]
    assert store(archive, second, fetched_at="2026-11-22T10:00:00Z") == "updated"
    got = archive.get_article(first.url)
    assert (got.title, got.body, got.revision) == (second.title, second.body, 2)
    assert got.first_seen == "2026-11-21T10:00:00Z" and got.last_seen == "2026-11-22T10:00:00Z"
    assert [l.url for l in got.links] == ["https://gov.example/new.pdf"]
    old = archive.conn.execute("SELECT revision, title, body, seen_from, replaced_at FROM revisions").fetchall()
    assert old == [(1, first.title, first.body, "2026-11-21T10:00:00Z", "2026-11-22T10:00:00Z")]
    versions = archive.revisions(first.url)
    assert [(v["revision"], v["seen_from"], v["current"]) for v in versions] == [
        (1, "2026-11-21T10:00:00Z", False), (2, "2026-11-22T10:00:00Z", True),
    ]  # fmt: skip


def test_revise_false_corrects_in_place(archive):
    store(archive, full_article())
    corrected = full_article()
    corrected.body = "\n\n".join(WIRE[:-1])
    with archive.transaction():
        assert archive.upsert_article(corrected, revise=False) == "updated"
    assert archive.get_article(corrected.url).revision == 1
    assert archive.revisions(corrected.url)[0]["body"] == corrected.body


def test_fts_follows_updates(archive):
    article = full_article()
    store(archive, article)
    article.body = article.body.replace("cranes", "robots")
    store(archive, article)
    assert archive.search("cranes") == []
    assert [r["url"] for r in archive.search("robots")] == [article.url]
    assert archive.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')").rowcount != 0


def test_raw_snapshot_is_compressed_and_stored_once_per_content(archive):
    raw = ("<html><body>" + "<p>port strike</p>" * 500 + "</body></html>").encode()
    store(archive, full_article(), raw=raw, content_type="text/html; charset=utf-8")
    store(archive, full_article(), raw=raw, content_type="text/html; charset=utf-8")
    rows = archive.conn.execute("SELECT encoding, size, length(body) FROM snapshots").fetchall()
    assert len(rows) == 1 and rows[0][0] == "zstd" and rows[0][1] == len(raw) and rows[0][2] < len(raw) / 10
    [snap] = archive.iter_snapshots()
    assert snap.body == raw and snap.content_type == "text/html; charset=utf-8" and snap.status == 200
    store(archive, full_article(), raw=raw + b"<!-- changed -->")
    assert archive.conn.execute("SELECT COUNT(*) FROM snapshots").fetchone()[0] == 2
    assert next(archive.iter_snapshots()).body.endswith(b"<!-- changed -->")


def test_no_raw_means_no_snapshot(archive):
    store(archive, full_article())
    assert archive.conn.execute("SELECT COUNT(*) FROM snapshots").fetchone()[0] == 0


def test_upsert_outside_a_transaction_is_atomic_on_its_own(archive):
    assert archive.upsert_article(full_article()) == "new"
    assert not archive.conn.in_transaction


# -- duplicates ------------------------------------------------------------------------------------------------


def test_exact_copy_on_another_site_points_at_the_earliest(archive):
    store(archive, story("https://wire.example/a", WIRE), fetched_at="2026-11-20T10:00:00Z")
    store(archive, story("https://paper.example/b", WIRE, site="paper"), fetched_at="2026-11-20T11:00:00Z")
    store(archive, story("https://daily.example/c", WIRE, site="daily"), fetched_at="2026-11-20T12:00:00Z")
    assert archive.get_article("https://wire.example/a").duplicate_of is None
    assert archive.get_article("https://paper.example/b").duplicate_of == "https://wire.example/a"
    assert archive.get_article("https://daily.example/c").duplicate_of == "https://wire.example/a"
    copy = story("https://late.example/d", WIRE)
    store(archive, copy, fetched_at="2026-11-20T13:00:00Z")
    assert (copy.duplicate_of, copy.first_seen, copy.revision) == ("https://wire.example/a", "2026-11-20T13:00:00Z", 1)
    assert len(archive.search("cranes")) == 4  # every copy stays searchable


def test_edited_copy_with_new_headline_and_added_paragraph_is_a_near_duplicate(archive):
    edited = WIRE[:4] + [EXTRA] + WIRE[4:]
    edited[0] = edited[0].replace("on Monday", "early on Monday")
    assert hamming(simhash("\n\n".join(WIRE)), simhash("\n\n".join(edited))) > 3  # beyond the band guarantee
    store(archive, story("https://wire.example/a", WIRE))
    store(archive, story("https://paper.example/b", edited, title="Ports paralysed as dockers walk out", site="paper"))
    assert archive.get_article("https://paper.example/b").duplicate_of == "https://wire.example/a"


def test_lightly_edited_copy_found_through_simhash_bands(archive):
    edited = [p.replace(",", "", 1) for p in WIRE]  # every paragraph touched: no paragraph key is shared
    assert not set(dedupe.paragraph_keys("\n\n".join(edited))) & set(dedupe.paragraph_keys("\n\n".join(WIRE)))
    assert hamming(simhash("\n\n".join(WIRE)), simhash("\n\n".join(edited))) <= 3  # one band is intact
    store(archive, story("https://wire.example/a", WIRE))
    store(archive, story("https://paper.example/b", edited, site="paper"))
    assert archive.get_article("https://paper.example/b").duplicate_of == "https://wire.example/a"


def test_different_story_on_the_same_topic_is_not_a_duplicate(archive):
    store(archive, story("https://wire.example/a", WIRE))
    store(archive, story("https://wire.example/b", OTHER_STRIKE, title="Airport strike grounds flights"))
    assert archive.get_article("https://wire.example/b").duplicate_of is None
    assert hamming(simhash("\n\n".join(WIRE)), simhash("\n\n".join(OTHER_STRIKE))) > dedupe.NEAR_BITS_SHARED


def test_shared_paragraphs_with_very_different_length_do_not_match(archive):
    store(archive, story("https://wire.example/a", WIRE))
    store(archive, story("https://wire.example/b", WIRE[:3] + OTHER_STRIKE, title="Strikes everywhere"))
    assert archive.get_article("https://wire.example/b").duplicate_of is None


def test_short_bodies_are_only_exact_duplicates(archive):
    store(archive, story("https://a.example/1", ["Markets closed higher on Friday."]))
    store(archive, story("https://a.example/2", ["Markets closed higher on Friday."]))
    store(archive, story("https://a.example/3", ["Markets closed lower on Friday."]))
    assert archive.get_article("https://a.example/2").duplicate_of == "https://a.example/1"
    assert archive.get_article("https://a.example/3").duplicate_of is None


def test_empty_bodies_are_never_duplicates(archive):
    store(archive, story("https://a.example/1", [], error="unparseable"))
    store(archive, story("https://a.example/2", [], error="unparseable"))
    assert archive.get_article("https://a.example/2").duplicate_of is None


def test_original_updated_later_does_not_point_at_its_copy(archive):
    store(archive, story("https://wire.example/a", WIRE), fetched_at="2026-11-20T10:00:00Z")
    store(archive, story("https://paper.example/b", WIRE), fetched_at="2026-11-20T11:00:00Z")
    store(archive, story("https://wire.example/a", WIRE, title="Updated"), fetched_at="2026-11-20T12:00:00Z")
    assert archive.get_article("https://wire.example/a").duplicate_of is None
    assert archive.get_article("https://paper.example/b").duplicate_of == "https://wire.example/a"


def test_copy_crawled_before_the_original_points_at_the_earlier_published(archive):
    copy = story("https://paper.example/b", WIRE, site="paper", published="2026-11-20T07:02:00+01:00")
    later = story("https://daily.example/c", WIRE, site="daily", published="2026-11-21")
    original = story("https://wire.example/a", WIRE, published="2026-11-20T05:48:00Z")
    for article in (copy, later, original):  # crawled in the wrong order
        store(archive, article)
    assert archive.get_article("https://wire.example/a").duplicate_of is None
    assert archive.get_article("https://paper.example/b").duplicate_of == "https://wire.example/a"
    assert archive.get_article("https://daily.example/c").duplicate_of == "https://wire.example/a"
    assert original.duplicate_of is None


def test_undated_copies_point_at_the_first_stored(archive):
    for n, url in enumerate(("https://paper.example/b", "https://wire.example/a", "https://daily.example/c")):
        store(archive, story(url, WIRE), fetched_at=f"2026-11-20T1{n}:00:00Z")
    assert archive.get_article("https://paper.example/b").duplicate_of is None
    assert [archive.get_article(url).duplicate_of for url in ("https://wire.example/a", "https://daily.example/c")] == [
        "https://paper.example/b"
    ] * 2


@pytest.mark.parametrize(
    "published, original",
    [
        ("2026-11-20T09:00:00+02:00", "https://wire.example/a"),  # 07:00 UTC: before the undated copy was first stored
        ("2026-11-20T12:00:00Z", "https://paper.example/b"),  # after it: the undated copy was out first
        ("2026-11-20", "https://wire.example/a"),  # a date alone counts as midnight UTC
    ],
)
def test_an_undated_copy_counts_from_when_it_was_first_stored(archive, published, original):
    store(archive, story("https://paper.example/b", WIRE, site="paper"), fetched_at="2026-11-20T10:00:00Z")
    store(archive, story("https://wire.example/a", WIRE, published=published), fetched_at="2026-11-20T13:00:00Z")
    copy = {"https://wire.example/a": "https://paper.example/b", "https://paper.example/b": "https://wire.example/a"}
    assert archive.get_article(original).duplicate_of is None
    assert archive.get_article(copy[original]).duplicate_of == original


def test_an_earlier_edited_copy_arriving_last_becomes_the_original_of_the_whole_group(archive):
    edited = WIRE[:4] + [EXTRA] + WIRE[4:]
    store(archive, story("https://paper.example/b", WIRE, site="paper", published="2026-11-20T09:00:00Z"))
    store(archive, story("https://daily.example/c", WIRE, site="daily", published="2026-11-20T10:00:00Z"))
    first = story("https://wire.example/a", edited, title="Dockers walk out", published="2026-11-20T05:48:00Z")
    store(archive, first)
    assert first.duplicate_of is None and archive.get_article("https://wire.example/a").duplicate_of is None
    for url in ("https://paper.example/b", "https://daily.example/c"):  # re-pointed, not left at the old original
        assert archive.get_article(url).duplicate_of == "https://wire.example/a"


@pytest.mark.parametrize(
    "published, expected",
    [
        ("2026-11-20T07:02:00+01:00", "2026-11-20T06:02:00Z"),
        ("2026-11-20T05:48:00Z", "2026-11-20T05:48:00Z"),
        ("2026-11-20", "2026-11-20T00:00:00Z"),
        ("2026-11-20T10:00:00", "2026-11-20T10:00:00Z"),
        ("20 August 2023", None),
        (None, None),
    ],
)
def test_publication_moment_for_ordering_copies(published, expected):
    assert dedupe.moment(published) == expected


def test_near_duplicate_lookup_uses_the_index(archive):
    body = "\n\n".join(WIRE)
    ranges = [end for pair in dedupe.band_ranges(simhash(body)) for end in pair]
    query = archive_module._candidates_query(2, dedupe.BANDS)
    plan = " ".join(row[-1] for row in archive.conn.execute(f"EXPLAIN QUERY PLAN {query}", [1, 2, *ranges] * 2))
    assert "SCAN" not in plan and "articles" not in plan, plan  # never the article row (its body spans pages)
    sketches = " ".join(
        row[-1] for row in archive.conn.execute("EXPLAIN QUERY PLAN SELECT keys FROM near_sketches WHERE article IN (1, 2)")
    )
    assert "SCAN" not in sketches, sketches
    regroup = " ".join(
        row[-1]
        for row in archive.conn.execute(
            "EXPLAIN QUERY PLAN UPDATE articles SET duplicate_of = ? WHERE (url IN (?) OR duplicate_of IN (?)) AND url != ?",
            ("a", "b", "b", "a"),
        )
    )
    assert "SCAN articles" not in regroup, regroup


def test_near_keys_cover_bands_and_a_paragraph_sample():
    body = "\n\n".join(WIRE)
    keys = dedupe.near_keys(body, simhash(body))
    assert len(keys) == dedupe.BANDS + dedupe.PARAGRAPH_SAMPLE
    assert sum(key >= dedupe.PARAGRAPH_KEYS_FROM for key in keys) == dedupe.PARAGRAPH_SAMPLE
    assert dedupe.near_keys("too short", simhash("too short")) == []


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**64 - 1), st.lists(st.integers(0, 63), max_size=3), st.lists(st.integers(0, 63), max_size=12))
def test_band_keys_find_every_simhash_within_three_bits(value, flips, more):
    original = f"{value:016x}"
    for bit in flips:
        value ^= 1 << bit
    close = f"{value:016x}"
    keys, ranges = dedupe.band_keys(original), dedupe.band_ranges(close)
    assert all(key < 0 for key in keys)
    assert any(low <= key <= high for key, (low, high) in zip(keys, ranges))
    for bit in more:
        value ^= 1 << bit
    for key in keys:  # the bits a key keeps never overstate the distance
        assert dedupe.band_distance(key, f"{value:016x}") <= hamming(original, f"{value:016x}")
    assert [dedupe.band_distance(key, original) for key in keys] == [0] * dedupe.BANDS


def test_band_ranges_hold_only_their_own_band():
    keys, ranges = dedupe.band_keys("0" * 16), dedupe.band_ranges("0" * 16)
    assert [sum(low <= key <= high for key in keys) for low, high in ranges] == [1] * dedupe.BANDS


def test_near_keys_move_from_the_recent_table_and_stay_found(archive, monkeypatch):
    monkeypatch.setattr(archive_module, "NEAR_RECENT_KEYS", 8)
    store(archive, story("https://wire.example/a", WIRE))  # its 8 keys fill the recent table: they move
    count = lambda table: archive.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: E731
    assert (count("near_keys"), count("near_keys_recent")) == (8, 0)
    monkeypatch.setattr(archive_module, "NEAR_RECENT_KEYS", 100)
    store(archive, story("https://other.example/x", OTHER_STRIKE, title="Airport strike"))
    assert (count("near_keys"), count("near_keys_recent")) == (8, 8)
    edited = WIRE[:4] + [EXTRA] + WIRE[4:]  # found through a paragraph key in near_keys
    store(archive, story("https://paper.example/b", edited, title="Ports paralysed", site="paper"))
    lightly = [p.replace(",", "", 1) for p in OTHER_STRIKE]  # found through a band key in near_keys_recent
    store(archive, story("https://daily.example/c", lightly, title="Airport strike", site="daily"))
    assert archive.get_article("https://paper.example/b").duplicate_of == "https://wire.example/a"
    assert archive.get_article("https://daily.example/c").duplicate_of == "https://other.example/x"


def test_every_space_but_the_space_is_unprintable():  # what the fast path of dedupe.paragraphs relies on
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c.isprintable()] == [" "]


PIECES = ["ab", "c", " ", "  ", "\n", "\n\n", "\t", "\u3000", "\u2028", "\xa0", "\xad", "é", "港"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_paragraphs_collapse_whitespace_like_split_and_join(text):
    assert dedupe.paragraphs(text) == [" ".join(piece.split()) for piece in text.split("\n\n")]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "é", "م", "ح", "د", *FOLDED_MARKS]), max_size=20).map("".join))
def test_folding_skips_only_texts_without_marks(text):
    assert folded(text) == sqlite3.connect(":memory:").execute(f"SELECT {_folded('?')}", (text,)).fetchone()[0]


def test_stories_sharing_only_a_boilerplate_paragraph_are_not_duplicates(archive):
    footer = "This story was produced by the Continental Wire news desk and may be republished with attribution."
    store(archive, story("https://wire.example/a", WIRE + [footer]))
    store(archive, story("https://wire.example/b", OTHER_STRIKE + [footer], title="Airport strike"))
    assert archive.get_article("https://wire.example/b").duplicate_of is None


CHINESE = [
    "周一，全国三大集装箱港口的码头工人开始罢工，船只装卸全面停止，数百辆卡车在码头大门外排起长队。",
    "代表约一万四千名港口员工的工会表示，在有关自动化和薪酬的谈判于周日深夜破裂后，罢工将持续至少七十二小时。",
    "航运公司警告说，停工可能会延误燃料、粮食和药品的交付，上午有数艘船只被转往沿海的较小港口。",
    "交通部表示已召集双方于周二会面，并敦促工会允许易腐货物和紧急物资通过纠察线。",
    "经济学家估计，罢工每持续一天，经济将因贸易损失约四千万美元，新鲜水果出口商受到的打击最为严重。",
]


def test_chinese_copy_with_an_added_paragraph_is_a_near_duplicate(archive):
    edited = CHINESE[:2] + ["港区附近的商户说，生意已经明显放缓，一些商店在下午提前关门，闲置的司机也逐渐散去。"] + CHINESE[2:]
    store(archive, story("https://cn.example/a", CHINESE, title="港口工人罢工", language="zh"))
    store(archive, story("https://cn2.example/b", edited, title="港口瘫痪", language="zh", site="cn2"))
    assert archive.get_article("https://cn2.example/b").duplicate_of == "https://cn.example/a"


# -- reads -----------------------------------------------------------------------------------------------------


@pytest.fixture
def filled(archive):
    rows = [
        ("https://a.example/1", "alpha", "en", "2026-11-01", "Port strike begins", WIRE),
        ("https://a.example/2", "alpha", "en", "2026-11-15T09:00:00Z", "Airport strike", OTHER_STRIKE),
        ("https://b.example/1", "beta", "fr", None, "Grève des dockers", ["Les dockers sont en grève au port."]),
    ]
    for url, site, lang, published, title, body in rows:
        store(archive, story(url, body, title=title, site=site, language=lang, published=published),
              fetched_at="2026-11-20T00:00:00Z")  # fmt: skip
    return archive


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({}, ["https://a.example/1", "https://a.example/2", "https://b.example/1"]),
        ({"site": "alpha"}, ["https://a.example/1", "https://a.example/2"]),
        ({"since": "2026-11-10"}, ["https://a.example/2", "https://b.example/1"]),
        ({"until": "2026-11-15"}, ["https://a.example/1", "https://a.example/2"]),
        ({"until": "2026-11-14"}, ["https://a.example/1"]),
        ({"lang": "FR"}, ["https://b.example/1"]),
        ({"search": "strike"}, ["https://a.example/1", "https://a.example/2"]),
        ({"search": "strike", "since": "2026-11-02"}, ["https://a.example/2"]),
    ],
)
def test_iter_articles_filters(filled, filters, expected):
    assert [a.url for a in filled.iter_articles(**filters)] == expected
    assert filled.count_articles(**filters) == len(expected)


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"since": "2026-11-15T10:00:00+02:00"}, ["https://a.example/2", "https://b.example/1"]),  # 08:00Z
        ({"until": "2026-11-15T08:30:00-01:00"}, ["https://a.example/1", "https://a.example/2"]),  # 09:30Z
        ({"until": "2026-11-15T10:30:00+02:00"}, ["https://a.example/1"]),  # 08:30Z, before 09:00Z
        ({"since": "2026-11-01T00:00:00Z", "until": "2026-11-01T00:00:00Z"}, ["https://a.example/1"]),  # a bare day
        ({"since": "2026-11-20T00:00:00"}, ["https://b.example/1"]),  # first_seen, no offset: UTC
    ],
)
def test_timestamp_filters_compare_instants_not_text(filled, filters, expected):
    assert [a.url for a in filled.iter_articles(**filters)] == expected
    assert sorted(r["url"] for r in filled.search("strike OR dockers", **filters)) == expected


def test_bad_date_filter_is_a_clear_error(filled):
    with pytest.raises(ConfigError, match="not a date"):
        list(filled.iter_articles(since="last tuesday"))


@pytest.mark.parametrize(
    "query, expected",
    [
        ("cranes", ["https://a.example/1"]),
        ('"baggage handlers"', ["https://a.example/2"]),
        ("strik*", ["https://a.example/1", "https://a.example/2"]),
        ("strike NOT airport", ["https://a.example/1"]),
        ("cranes OR baggage", ["https://a.example/1", "https://a.example/2"]),
        ("greve", ["https://b.example/1"]),  # diacritics folded
    ],
)
def test_search_syntax(filled, query, expected):
    assert sorted(r["url"] for r in filled.search(query)) == expected


def test_search_ranks_title_hits_first_and_highlights(filled):
    results = filled.search("airport")
    assert results[0]["url"] == "https://a.example/2"
    assert "**" in results[0]["snippet"] and results[0]["score"] < 0


@pytest.mark.parametrize("kw, expected", [({"site": "beta"}, []), ({"lang": "en", "limit": 1}, 1), ({"since": "2026-11-10"}, 1)])
def test_search_filters(filled, kw, expected):
    results = filled.search("strike", **kw)
    assert (len(results) if isinstance(expected, int) else results) == expected


@pytest.mark.parametrize("query", ['"unbalanced', "AND", "strike AND (", ""])
def test_malformed_search_is_one_clear_error(filled, query):
    with pytest.raises(QueryError) as info:
        filled.search(query)
    assert "\n" not in str(info.value)


# -- crawls and stats ------------------------------------------------------------------------------------------


def test_crawl_runs_are_recorded(archive):
    crawl_id = archive.start_crawl({"urls": ["https://a.example/"], "max_pages": 10})
    archive.finish_crawl(
        crawl_id, status="finished", counts={"pages": 12, "articles_new": 5, "errors": 1, "sites": {"a": 5}}
    )
    row = archive.db["crawls"].get(crawl_id)
    assert (row["status"], row["pages"], row["articles_new"], row["articles_updated"], row["errors"]) == (
        "finished", 12, 5, 0, 1,
    )  # fmt: skip
    assert '"sites": {"a": 5}' in row["counts"] and row["finished"] >= row["started"]
    assert archive.stats()["last_crawl"]["status"] == "finished"


def test_stats(filled):
    store(filled, story("https://c.example/copy", WIRE, site="gamma"))
    stats = filled.stats()
    assert stats["articles"] == 4 and stats["duplicates"] == 1 and stats["last_crawl"] is None
    alpha = next(s for s in stats["sites"] if s["site"] == "alpha")
    assert (alpha["articles"], alpha["oldest"], alpha["newest"]) == (2, "2026-11-01", "2026-11-15T09:00:00Z")


def test_frontier_sql_runs_against_the_schema(archive):
    archive.conn.execute(
        "INSERT INTO urls (url, site, kind, state, depth, source, discovered_at, due_at) "
        "VALUES ('https://a.example/', 'a', 'start', 'pending', 0, 'seed', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
    )
    row = archive.conn.execute("SELECT fetch_count, checks, failures FROM urls").fetchone()
    assert row == (0, 0, 0)
    with pytest.raises(sqlite3.IntegrityError):
        archive.conn.execute("INSERT INTO urls (url) VALUES ('https://a.example/')")


@pytest.mark.parametrize(
    "sample, other, expected",
    [([1, 2, 3, 4], [1, 2, 3, 4], 1.0), ([1, 2, 3, 4], [5, 6, 7, 8], 0.0), ([1, 2, 3, 5], [1, 2, 3, 4], 0.75),
     ([10, 20], [10, 30], 1 / 3), ([], [1], 0.0), ([], [], 0.0)],
)  # fmt: skip
def test_resemblance_from_bottom_k_samples(sample, other, expected):
    assert dedupe.resemblance(sample, other) == pytest.approx(expected)


@pytest.mark.parametrize(
    "distance, words, resemblance, expected",
    [(0, 500, 0.0, True), (6, 500, 0.0, True), (7, 500, 0.0, False), (18, 500, 0.75, True), (21, 500, 1.0, False),
     (0, 300, 1.0, False)],
)  # fmt: skip
def test_match_rule(distance, words, resemblance, expected):
    base = "0" * 16
    other = f"{(1 << distance) - 1:016x}"
    assert dedupe.is_near_duplicate(base, 500, other, words, resemblance=resemblance) is expected


def test_import_without_fingerprints_computes_them_and_indexes_near_keys(archive):
    record = story("https://wire.example/a", WIRE).to_dict() | {"simhash": None, "content_hash": None, "word_count": 0}
    archive.import_articles([Article.from_dict(record)])
    got = archive.get_article("https://wire.example/a")
    assert got.simhash == simhash(got.body) and got.word_count == len(words(got.body))
    assert archive.conn.execute("SELECT COUNT(*) FROM near_keys_recent").fetchone()[0] == dedupe.BANDS + dedupe.PARAGRAPH_SAMPLE

"""Tests of search in every script: Urdu and Arabic (harakat folded), Hindi, and CJK/Thai through the trigram index."""

from __future__ import annotations

import sqlite3

import pytest

from newsarchive.errors import QueryError
from newsarchive.models import Article
from newsarchive.store import Archive
from newsarchive.store.schema import _folded, _spaceless, folded, is_spaceless
from newsarchive.store.search import excerpt, fold_query, match_condition, spaceless_terms

DOCS = {
    "https://ur.example/1": ("ur", "کراچی میں بندرگاہ کے مزدوروں کی ہڑتال", "کراچی کی بندرگاہ پر مزدوروں نے پیر کے روز ہڑتال کر دی۔\n\nمحمّد علی نے کہا کہ حکومت سے بات چیت جاری ہے۔"),
    "https://ar.example/1": ("ar", "إضراب عمال الميناء", "أعلن عمال الميناء الإضراب يوم الاثنين، وقال المتحدث إن المفاوضات ستستمر أيضاً هذا الأسبوع.\n\nوقالت الحكومة إنّ الحوار مفتوح."),
    "https://hi.example/1": ("hi", "बंदरगाह पर हड़ताल", "मुंबई के बंदरगाह पर मज़दूरों ने सोमवार को हड़ताल शुरू की।"),
    "https://zh.example/1": ("zh", "港口工人罢工", "周一，全国三大集装箱港口的码头工人罢工，船只装卸停止。工会表示罢工将持续至少七十二小时。"),
    "https://ja.example/1": ("ja", "港湾労働者がストライキ", "月曜日、国内の主要なコンテナ港で港湾労働者がストライキに入り、船の荷役が止まった。"),
    "https://ko.example/1": ("ko", "항만 노동자 파업", "월요일 서울에서 항만 노동자들이 파업에 들어갔다고 노조가 밝혔다."),
    "https://th.example/1": (None, "คนงานท่าเรือนัดหยุดงาน", "คนงานท่าเรือในกรุงเทพฯ นัดหยุดงานเมื่อวันจันทร์"),
    "https://en.example/1": ("en", "Port workers strike", "Dock workers walked off the job on Monday, halting ships at the port."),
}


@pytest.fixture
def archive(tmp_path):
    with Archive(tmp_path / "a.db") as store:
        with store.transaction():
            for url, (language, title, body) in DOCS.items():
                store.upsert_article(Article(url=url, fetched_url=url, site=url.split("/")[2], title=title,
                                             language=language, body=body))  # fmt: skip
        yield store


@pytest.mark.parametrize(
    "query, url",
    [
        ("ہڑتال", "https://ur.example/1"),
        ("کراچی", "https://ur.example/1"),
        ("محمد", "https://ur.example/1"),  # stored as محمّد (with shadda)
        ("محمّد", "https://ur.example/1"),  # the query's marks are folded too
        ('"بات چیت"', "https://ur.example/1"),
        ("أيضا", "https://ar.example/1"),  # stored with tanwin: أيضاً
        ("إن", "https://ar.example/1"),  # stored with shadda: إنّ
        ("الميناء", "https://ar.example/1"),
        ("हड़ताल", "https://hi.example/1"),  # vowel signs and nukta are parts of the word
        ("बंदरगाह", "https://hi.example/1"),
        ("集装箱", "https://zh.example/1"),
        ("码头工人", "https://zh.example/1"),
        ("罢工", "https://zh.example/1"),  # two characters: below a trigram, matched as a substring
        ("港口 罢工", "https://zh.example/1"),
        ("ストライキ", "https://ja.example/1"),
        ("荷役", "https://ja.example/1"),
        ("서울", "https://ko.example/1"),  # inside 서울에서
        ("노동자", "https://ko.example/1"),
        ("นัดหยุดงาน", "https://th.example/1"),  # no language given: detected by script
        ("strike", "https://en.example/1"),
    ],
)
def test_search_in_every_script(archive, query, url):
    results = archive.search(query)
    assert [r["url"] for r in results] == [url]
    assert "**" in results[0]["snippet"]


@pytest.mark.parametrize("query", ["港口 火灾", "罢工 台风", "ストライキ 台風"])
def test_all_terms_must_match(archive, query):
    assert archive.search(query) == []


@pytest.mark.parametrize(
    "query", ["港口 NOT 罢工", "港口 OR 서울", "title:港口", "{title body} : 港口", "NEAR(港口 罢工)", "strike OR 港口"]
)
def test_spaceless_query_with_an_operator_it_cannot_honour_is_refused(archive, query):
    # Matched as substrings, "港口 NOT 罢工" would find the very article that has both words.
    with pytest.raises(QueryError, match="not supported"):
        archive.search(query)
    with pytest.raises(QueryError, match="not supported"):
        list(archive.iter_articles(search=query))


@pytest.mark.parametrize("query", ["walked-off", "job.", "Dock-workers"])
def test_query_with_bare_punctuation_is_refused_with_the_quoting_hint(archive, query):
    with pytest.raises(QueryError, match="put words with punctuation in double quotes"):
        archive.search(query)
    assert [r["url"] for r in archive.search(f'"{query}"')] == ["https://en.example/1"]


def test_syntax_error_without_punctuation_gets_no_quoting_hint(archive):
    with pytest.raises(QueryError) as info:
        archive.search("strike AND")
    assert "punctuation" not in str(info.value)


def test_spaceless_search_with_filters_and_export_filter(archive):
    assert archive.search("港口", lang="ja") == []
    assert [r["url"] for r in archive.search("港", site="ja.example")] == ["https://ja.example/1"]
    assert sorted(a.url for a in archive.iter_articles(search="港")) == ["https://ja.example/1", "https://zh.example/1"]
    assert archive.count_articles(search="集装箱") == 1


def test_trigram_index_holds_only_spaceless_scripts(archive):
    indexed = {row[0] for row in archive.conn.execute("SELECT a.url FROM articles_trigram('\"a\" OR \"o\" OR \"港\" OR \"서\" OR \"ท\"') JOIN articles a ON a.rowid = articles_trigram.rowid")}
    assert indexed <= {u for u in DOCS if u.split("/")[2][:2] in ("zh", "ja", "ko", "th")}


def test_trigram_index_follows_updates_and_deletes(archive):
    url = "https://zh.example/1"
    with archive.transaction():
        archive.upsert_article(Article(url=url, fetched_url=url, title="Port strike", language="en",
                                       body="The strike at the container port ended on Tuesday."))  # fmt: skip
    assert archive.search("集装箱") == []
    assert url in [r["url"] for r in archive.search("container")]
    archive.conn.execute("DELETE FROM articles WHERE url = 'https://ja.example/1'")
    assert archive.search("ストライキ") == []
    for table in ("articles_fts", "articles_trigram"):
        archive.conn.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")


def test_word_index_is_still_the_one_datasette_finds(archive):
    assert archive.db["articles"].detect_fts() == "articles_fts"
    assert [r["url"] for r in archive.db["articles"].search("ہڑتال")] == ["https://ur.example/1"]


@pytest.mark.parametrize(
    "query, terms",
    [("strike", None), ("港口 罢工", ["港口", "罢工"]), ('"码头工人" AND 罢工', ["码头工人", "罢工"]), ("港*", ["港"])],
)
def test_spaceless_terms(query, terms):
    assert spaceless_terms(query) == terms


def test_fold_query_removes_harakat_and_tatweel():
    assert fold_query("مُحَمَّد") == "محمد"
    assert fold_query("عـــربي") == "عربي"
    assert fold_query("plain") == "plain"


def test_excerpt_highlights_every_term():
    text = "工会表示罢工将持续至少七十二小时。" * 5
    snippet = excerpt(text, ["罢工", "小时"], ("[", "]"))
    assert snippet.startswith("工会表示[罢工]") and "[小时]" in snippet and snippet.endswith("…")


@pytest.mark.parametrize(
    "language, title, body",
    [
        ("zh", "Title", "English body"),
        (None, "港口", "English body"),
        (None, "Title", "body with 한국어 inside"),
        ("en", "Title", "ภาษาไทย"),
        ("ur", "کراچی", "ہڑتال"),
        (None, None, None),
        ("ja", None, None),
    ],
)
def test_python_and_sql_agree_on_the_trigram_condition(language, title, body):
    conn = sqlite3.connect(":memory:")
    sql = f"SELECT {_spaceless('x')} FROM (SELECT ? AS language, ? AS title, ? AS body) AS x"
    assert bool(conn.execute(sql, (language, title, body)).fetchone()[0]) == is_spaceless(language, title, body)


@pytest.mark.parametrize("text", ["مُحَمَّدٌ", "عـــربي", "plain text", "", "أيضاً جداً"])
def test_python_and_sql_fold_the_same_marks(text):
    assert sqlite3.connect(":memory:").execute(f"SELECT {_folded('?')}", (text,)).fetchone()[0] == folded(text)


def test_short_cjk_words_scan_only_the_trigram_indexed_articles(archive):
    conditions, params = match_condition(archive.conn, "罢工")
    plan = " ".join(
        row[-1]
        for row in archive.conn.execute(
            f"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM articles AS a WHERE {' AND '.join(conditions)}", params
        )
    )
    assert "SCAN a" not in plan and "articles_trigram_docsize" in plan


FILTERED = [
    {"site": "ur.example"},
    {"site": "zh.example", "lang": "zh"},
    {"site": "en.example", "since": "2026-11-01"},
    {"site": "en.example", "until": "2020-01-01"},
    {"site": "nowhere.example"},
    {"lang": "ko"},
    {"since": "2026-01-01"},
]


@pytest.mark.parametrize("filters", FILTERED)
@pytest.mark.parametrize("query", ["strike OR ہڑتال OR بندرگاہ OR Monday", "港口", "港口 罢工", "노동자"])
def test_filtered_search_is_the_unfiltered_search_filtered(archive, filters, query):
    def kept(result):
        article = archive.get_article(result["url"])
        day = article.published or article.first_seen
        return (
            article.site == filters.get("site", article.site)
            and article.language == filters.get("lang", article.language)
            and day >= filters.get("since", "")
            and day < filters.get("until", "9999")
        )

    expected = [result for result in archive.search(query, limit=100) if kept(result)]
    assert archive.search(query, limit=100, **filters) == expected


def test_site_filtered_search_reads_no_article_row_of_a_match(archive):
    statements = []
    archive.conn.set_trace_callback(statements.append)
    archive.search("strike", site="en.example", lang="en", since="2026-01-01")
    archive.conn.set_trace_callback(None)
    [ranking] = [sql for sql in statements if "bm25" in sql]
    plan = " / ".join(row[3] for row in archive.conn.execute(f"EXPLAIN QUERY PLAN {ranking}"))
    assert "COVERING INDEX idx_articles_filters" in plan and "SEARCH a USING INTEGER PRIMARY KEY" not in plan, plan

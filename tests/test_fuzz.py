"""Property tests: mutated real-looking pages never break the extractor; any record survives export and import."""

from __future__ import annotations

import io
import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsarchive.demo.render import render_all
from newsarchive.extract import analyse_page, extract_article
from newsarchive.models import Article, Link
from newsarchive.store import Archive
from newsarchive.store.export import export_jsonl, read_jsonl

# Far above any real page's time (tens of ms), far below a stall.
BUDGET_SECONDS = 5.0
URL = "https://news.example.com/2024/05/01/story"


def _demo_pages() -> list[bytes]:
    pages = []
    for site in render_all(1).values():
        for path, resource in sorted(site.resources.items()):
            if resource.content_type.startswith("text/html") and isinstance(resource.body, str):
                pages.append(resource.body.replace("{{base}}", "https://news.example.com").encode("utf-8"))
    return pages


PAGES = _demo_pages()

mutation = st.one_of(
    st.tuples(st.just("delete"), st.floats(0, 1), st.floats(0, 0.3)),
    st.tuples(st.just("duplicate"), st.floats(0, 1), st.floats(0, 0.3)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.binary(max_size=200)),
    st.tuples(st.just("truncate"), st.floats(0, 1), st.none()),
    st.tuples(st.just("tags"), st.floats(0, 1), st.sampled_from([b"<div>" * 500, b"</p></div></article>", b"<script>",
                                                                 b"<!--", b"<![CDATA[", b"\x00\xff\xfe", b"&#xD800;"])),
)


def _mutate(page: bytes, operations: list[tuple]) -> bytes:
    for kind, where, arg in operations:
        at = int(where * len(page))
        if kind == "delete":
            page = page[:at] + page[at + int(arg * len(page)):]
        elif kind == "duplicate":
            page = page[:at] + page[at : at + int(arg * len(page))] * 2 + page[at:]
        elif kind == "truncate":
            page = page[:at]
        else:
            page = page[:at] + arg + page[at:]
    return page


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(PAGES) - 1), st.lists(mutation, min_size=1, max_size=4))
def test_mutated_pages_never_raise_and_stay_within_budget(index, operations):
    page = _mutate(PAGES[index], operations)
    started = time.perf_counter()
    article = extract_article(page, URL)
    analysis = analyse_page(page, URL, hint="listing")
    assert time.perf_counter() - started < BUDGET_SECONDS
    assert isinstance(article, Article) and isinstance(article.body, str)
    assert analysis.kind in ("article", "listing")


text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
optional_text = st.none() | text
records = st.builds(
    Article,
    url=st.from_regex(r"https://[a-z]{1,8}\.example\.com/[a-z0-9/-]{0,20}", fullmatch=True),
    fetched_url=st.from_regex(r"https://[a-z]{1,8}\.example\.com/[a-z0-9/?=-]{0,20}", fullmatch=True),
    site=optional_text,
    title=optional_text,
    authors=st.lists(text, max_size=3),
    published=st.none() | st.dates().map(str),
    published_raw=optional_text,
    modified=st.none() | st.dates().map(str),
    language=st.none() | st.sampled_from(["en", "ur", "de", "zh"]),
    description=optional_text,
    body=text,
    links=st.lists(st.builds(Link, url=st.just("https://report.example.org/a.pdf"), text=text,
                             kind=st.sampled_from(["report", "external", "internal"])), max_size=3),
    tags=st.lists(text, max_size=3),
    error=optional_text,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(records, min_size=1, max_size=5, unique_by=lambda a: a.url))
def test_export_then_import_round_trips_every_field(tmp_path_factory, articles):
    folder = tmp_path_factory.mktemp("roundtrip")
    source = Archive(folder / "source.db")
    source.import_articles(articles)
    exported = io.BytesIO()
    export_jsonl(source, exported)
    assert exported.getvalue() == "".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in source.iter_articles()).encode()
    source.close()
    (folder / "out.jsonl").write_bytes(exported.getvalue())
    target = Archive(folder / "target.db")
    target.import_articles(read_jsonl(folder / "out.jsonl"))
    again = io.BytesIO()
    export_jsonl(target, again)
    target.close()
    assert again.getvalue() == exported.getvalue()
    by_url = {a.url: a for a in read_jsonl(folder / "out.jsonl")}
    for original in articles:
        restored = by_url[original.url]
        for field in ("title", "authors", "published", "body", "links", "tags", "error", "description"):
            assert getattr(restored, field) == getattr(original, field), field


@pytest.mark.parametrize("index", range(0, len(PAGES), max(1, len(PAGES) // 10)))
def test_unmutated_demo_pages_extract_quickly(index):
    started = time.perf_counter()
    extract_article(PAGES[index], URL)
    assert time.perf_counter() - started < BUDGET_SECONDS

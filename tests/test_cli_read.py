"""Tests of the archive-reading commands: search, query (read-only, refusals), export, import, stats, history."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import pty
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from newsarchive.cli import cli
from newsarchive.models import Article, Link
from newsarchive.store import Archive
from newsarchive.store.export import RECORD_FIELDS

from conftest import ROOT

BODY = (
    "Dock workers at the three largest container ports walked off the job on Monday, halting ships.\n\n"
    "The union said the strike would last at least 72 hours after talks over automation broke down.\n\n"
    "For the complete report and analysis, click this link."
)
RAW = b"<html><head><title>Port strike</title></head><body><p>Dock workers walked off the job.</p></body></html>"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "archive.db"
    with Archive(path) as archive, archive.transaction():
        archive.upsert_article(
            Article(
                url="https://wire.example/port-strike",
                fetched_url="https://wire.example/port-strike?utm_source=rss",
                site="wire",
                title="Port workers strike over automation",
                authors=["Ana Lima"],
                published="2026-11-20",
                language="en",
                body=BODY,
                links=[Link("https://gov.example/report.pdf", "click this link", "report")],
                tags=["Economy"],
            ),
            raw=RAW,
            content_type="text/html; charset=utf-8",
            fetched_at="2026-11-21T08:00:00Z",
        )
        archive.upsert_article(
            Article(
                url="https://wire.example/port-strike",
                fetched_url="https://wire.example/port-strike",
                site="wire",
                title="Port strike enters second day",
                authors=["Ana Lima"],
                published="2026-11-20",
                language="en",
                body=BODY.replace("on Monday", "on Monday and Tuesday"),
                links=[Link("https://gov.example/report.pdf", "click this link", "report")],
            ),
            fetched_at="2026-11-22T08:00:00Z",
        )
        archive.upsert_article(
            Article(url="https://paper.example/ports", fetched_url="https://paper.example/ports", site="paper",
                    title="Ports closed", language="en", published="2026-11-23", body=BODY),  # fmt: skip
            raw=RAW + b"<!-- paper -->",
            fetched_at="2026-11-23T08:00:00Z",
        )
        archive.upsert_article(
            Article(url="https://urdu.example/1", fetched_url="https://urdu.example/1", site="urdu",
                    title="بندرگاہ پر ہڑتال", language="ur", published="2026-11-24", body="مزدوروں نے ہڑتال کر دی۔"),  # fmt: skip
            fetched_at="2026-11-24T08:00:00Z",
        )
        archive.start_crawl({"urls": ["https://wire.example/"]})
    return path


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("command", ["search", "query", "export", "import", "stats", "history"])
def test_every_command_has_help(command):
    result = run(command, "-h")
    assert result.exit_code == 0 and "--db" in result.stdout and len(result.stdout.splitlines()) > 4


# -- search ----------------------------------------------------------------------------------------------------


def test_search_json_best_first_with_snippet(db):
    result = run("search", "strike", "--db", str(db), "--json")
    assert result.exit_code == 0, result.output
    rows = json_lines(result.stdout)
    assert rows[0]["url"] == "https://wire.example/port-strike"  # title hit ranks first
    assert {r["url"] for r in rows} == {"https://wire.example/port-strike", "https://paper.example/ports"}
    assert "**" in rows[1]["snippet"]


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--site", "paper"], ["https://paper.example/ports"]),
        (["--since", "2026-11-22"], ["https://paper.example/ports"]),
        (["--until", "2026-11-20"], ["https://wire.example/port-strike"]),
        (["--lang", "ur"], []),
        (["--limit", "1"], ["https://wire.example/port-strike"]),
    ],
)
def test_search_filters(db, args, expected):
    result = run("search", "strike", "--db", str(db), "--json", *args)
    assert [r["url"] for r in json_lines(result.stdout)] == expected


def run_on_a_terminal(*args: str) -> str:
    """The command's standard output when it is a terminal (a pseudo-terminal 200 columns wide)."""
    controller, terminal = pty.openpty()
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "PYTHONWARNINGS": "ignore"}
    with os.fdopen(controller, "rb", buffering=0) as screen:
        subprocess.run([sys.executable, "-m", "newsarchive", *args], stdout=terminal, cwd=ROOT, env=env, timeout=120)
        os.close(terminal)
        output = b""
        while True:
            try:
                chunk = screen.read(65536)
            except OSError:  # EIO: the terminal is closed and everything was read
                break
            if not chunk:
                break
            output += chunk
    return re.sub(r"\x1b\[[0-9;]*m", "", output.decode("utf-8")).replace("\r\n", "\n")


def test_search_on_a_terminal_shows_line_breaks_as_spaces(db, tmp_path):
    with Archive(db) as archive, archive.transaction():
        archive.upsert_article(
            Article(url="https://wire.example/ships", fetched_url="https://wire.example/ships", site="wire",
                    title="Ships\nwait offshore", language="en", body="The ships waited.\n\nThe union met."),
            fetched_at="2026-11-25T08:00:00Z",
        )  # fmt: skip
    lines = run_on_a_terminal("search", "waited met", "--db", str(db)).splitlines()
    assert lines[0] == "1. Ships wait offshore"
    assert lines[1:] == ["   https://wire.example/ships  ·  wire  ·  undated", "   The ships waited. The union met."]
    piped = json_lines(run("search", "waited met", "--db", str(db)).stdout)
    assert (piped[0]["title"], piped[0]["snippet"]) == ("Ships\nwait offshore", "The ships **waited**.\n\nThe union **met**.")


def test_search_urdu(db):
    result = run("search", "ہڑتال", "--db", str(db), "--json")
    assert [r["url"] for r in json_lines(result.stdout)] == ["https://urdu.example/1"]


@pytest.mark.parametrize("query", ['"unclosed', "strike AND", "(strike"])
def test_malformed_search_is_one_error_line(db, query):
    result = run("search", query, "--db", str(db))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: invalid search query") and result.stderr.count("\n") == 1


def test_missing_archive_is_one_error_line_and_no_file(tmp_path):
    result = run("search", "x", "--db", str(tmp_path / "nope.db"))
    assert result.exit_code == 1 and "no such archive" in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "nope.db").exists()


def test_not_a_database_is_one_error_line(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("just some notes\n" * 100)
    for command in (["search", "x"], ["stats"], ["export"], ["query", "select 1"]):
        result = run(*command, "--db", str(bogus))
        assert result.exit_code == 1 and "file is not a database" in result.stderr, command
        assert result.stderr.count("\n") == 1


# -- query -----------------------------------------------------------------------------------------------------


def test_query_json_lines_when_piped(db):
    result = run("query", "SELECT site, COUNT(*) AS n FROM articles GROUP BY site ORDER BY site", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert json_lines(result.stdout) == [{"site": "paper", "n": 1}, {"site": "urdu", "n": 1}, {"site": "wire", "n": 1}]


def test_query_csv(db):
    result = run("query", "SELECT url, revision FROM articles ORDER BY url", "--csv", "--db", str(db))
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[2] == {"url": "https://wire.example/port-strike", "revision": "2"}


def test_query_row_cap_notes_on_stderr(db):
    result = run("query", "SELECT url FROM articles", "--max-rows", "2", "--db", str(db))
    assert len(json_lines(result.stdout)) == 2 and "--max-rows" in result.stderr


def test_query_blob_is_json_safe(db):
    result = run("query", "SELECT body FROM snapshots LIMIT 1", "--db", str(db))
    assert json_lines(result.stdout)[0]["body"]["$base64"] is True


def test_query_infinite_numbers_are_valid_json(db):
    result = run("query", "SELECT 1e999 AS big, -1e999 AS small, 1.5 AS plain", "--db", str(db))
    assert json.loads(result.stdout, parse_constant=lambda name: pytest.fail(f"{name} is not JSON")) == {
        "big": "inf", "small": "-inf", "plain": 1.5
    }


@pytest.mark.parametrize(
    "sql, reason",
    [
        ("DELETE FROM articles", "DELETE"),
        ("UPDATE articles SET title = 'x'", "UPDATE"),
        ("INSERT INTO crawls (status) VALUES ('x')", "INSERT"),
        ("DROP TABLE articles", "DELETE FROM sqlite_master"),
        ("CREATE TABLE t (x)", "INSERT INTO sqlite_master"),
        ("ATTACH DATABASE '{tmp}/other.db' AS other", "ATTACH"),
        ("VACUUM INTO '{tmp}/copy.db'", "ATTACH"),
        ("VACUUM", "ATTACH"),
        ("PRAGMA journal_mode = DELETE", "PRAGMA journal_mode"),
        ("PRAGMA query_only = 0", "PRAGMA query_only"),
        ("PRAGMA user_version = 7", "PRAGMA user_version"),
        ("PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA wal_checkpoint"),
        ("SELECT * FROM pragma_journal_mode('delete')", "unknown database 'delete'"),
        ("SELECT * FROM pragma_optimize", "PRAGMA optimize"),
        ("SELECT * FROM pragma_writable_schema", "PRAGMA writable_schema"),
        ("UPDATE sqlite_master SET sql = 'x'", "may not be modified"),
        ("SELECT load_extension('/tmp/evil.so')", "load_extension"),
        ("BEGIN IMMEDIATE", "TRANSACTION"),
        ("REINDEX", "REINDEX"),
        ("ANALYZE", "refused"),
        ("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')", "INSERT"),
        ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n", "time limit"),
        ("SELECT 1; DELETE FROM articles", "one SQL statement"),
        ("SELEC 1", "syntax error"),
    ],
)
def test_refused_statements_leave_the_file_byte_for_byte_unchanged(db, tmp_path, sql, reason):
    before = sha256(db)
    files_before = sorted(p.name for p in tmp_path.iterdir())
    result = run("query", sql.format(tmp=tmp_path), "--timeout", "0.5", "--db", str(db))
    assert result.exit_code == 1 and reason in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert sha256(db) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("other", "copy"))) == []
    assert [n for n in sorted(p.name for p in tmp_path.iterdir()) if n not in files_before] in ([], ["archive.db-shm", "archive.db-wal"])


@pytest.mark.parametrize("sql", ["", "  \n\t", ";", "/* nothing */ ;", "-- a comment\n", "/* never closed"])
def test_empty_query_is_one_error_line(db, sql):
    result = run("query", "--db", str(db), "--", sql)
    assert result.exit_code == 1 and result.stderr == "Error: empty query: no SQL statement given\n"


@pytest.mark.parametrize("timeout", ["nan", "inf"])
def test_query_time_limit_cannot_be_switched_off(db, timeout):
    result = run("query", "SELECT 1", "--timeout", timeout, "--db", str(db))  # nan: no query would ever stop
    assert result.exit_code == 1 and result.stderr == (
        "Error: --timeout must be a positive, finite number of seconds and --max-rows a positive count\n"
    )


def test_read_only_pragmas_are_allowed(db):
    result = run("query", "PRAGMA table_info(articles)", "--db", str(db))
    assert "duplicate_of" in {row["name"] for row in json_lines(result.stdout)}


@pytest.mark.parametrize(
    "sql, expected",
    [
        ("SELECT name FROM pragma_table_info('articles') WHERE name = 'duplicate_of'", [{"name": "duplicate_of"}]),
        ("SELECT COUNT(*) > 0 AS hidden FROM pragma_table_xinfo('articles_fts') WHERE hidden > 0", [{"hidden": 1}]),
        ("SELECT COUNT(*) > 0 AS indexes FROM pragma_index_list('articles')", [{"indexes": 1}]),
        ("SELECT COUNT(*) > 0 AS columns FROM pragma_index_list('articles') AS i, pragma_index_info(i.name)",
         [{"columns": 1}]),
        ("SELECT COUNT(*) AS keys FROM pragma_foreign_key_list('articles')", [{"keys": 0}]),
        ("SELECT journal_mode FROM pragma_journal_mode", [{"journal_mode": "wal"}]),
        ("SELECT value FROM json_each('[1, 2]')", [{"value": 1}, {"value": 2}]),
    ],
)
def test_read_only_table_valued_functions_are_allowed(db, sql, expected):
    before = sha256(db)
    result = run("query", sql, "--db", str(db))
    assert result.exit_code == 0, result.stderr
    assert json_lines(result.stdout) == expected
    assert sha256(db) == before


def test_query_never_creates_an_archive(tmp_path):
    result = run("query", "SELECT 1", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1 and not (tmp_path / "none.db").exists()


# -- export and import -----------------------------------------------------------------------------------------


def test_export_jsonl_has_every_field_in_order(db):
    result = run("export", "--db", str(db))
    assert result.exit_code == 0, result.output
    records = json_lines(result.stdout)
    assert len(records) == 3 and all(tuple(r) == RECORD_FIELDS for r in records)
    wire = records[0]
    assert wire["links"] == [{"url": "https://gov.example/report.pdf", "text": "click this link", "kind": "report"}]
    assert (wire["revision"], wire["authors"], wire["first_seen"]) == (2, ["Ana Lima"], "2026-11-21T08:00:00Z")


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--site", "urdu"], ["https://urdu.example/1"]),
        (["--since", "2026-11-23"], ["https://paper.example/ports", "https://urdu.example/1"]),
        (["--until", "2026-11-22"], ["https://wire.example/port-strike"]),
        (["--search", "ports"], ["https://wire.example/port-strike", "https://paper.example/ports"]),
    ],
)
def test_export_filters(db, args, expected):
    assert [r["url"] for r in json_lines(run("export", "--db", str(db), *args).stdout)] == expected


def test_export_to_file_and_import_round_trip_every_field(db, tmp_path):
    first = tmp_path / "out.jsonl"
    result = run("export", "-o", str(first), "--db", str(db))
    assert result.exit_code == 0 and "3 articles written" in result.stderr
    copy = tmp_path / "copy.db"
    result = run("import", str(first), "--db", str(copy))
    assert result.exit_code == 0 and "3 new" in result.stderr, result.output
    second = tmp_path / "again.jsonl"
    run("export", "-o", str(second), "--db", str(copy))
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
    assert run("search", "automation", "--json", "--db", str(copy)).stdout.count("\n") == 2


def test_import_bad_line_names_it_and_imports_nothing(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"url": "https://a.example/1", "title": "ok", "body": "text"}\nnot json\n', encoding="utf-8")
    result = run("import", str(source), "--db", str(tmp_path / "new.db"))
    assert result.exit_code == 1 and f"{source}:2: not an article record" in result.stderr
    assert not (tmp_path / "new.db").exists()


@pytest.mark.parametrize("content", [b"not json\n", b'{"url": "https://a.example/1", "body": "ok"}\n{"url": 7}\n', b"\xff\xfe"])
def test_failed_import_leaves_no_new_archive_behind(tmp_path, content):
    source = tmp_path / "in.jsonl"
    source.write_bytes(content)
    result = run("import", str(source), "--db", str(tmp_path / "new.db"))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_failed_import_leaves_an_existing_archive_as_it_was(db, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("not json\n", encoding="utf-8")
    before = sha256(db)
    assert run("import", str(source), "--db", str(db)).exit_code == 1
    assert sha256(db) == before
    assert json.loads(run("stats", "--db", str(db)).stdout)["articles"] == 3


LONG_BODY = " ".join(f"word{n}" for n in range(300))


@pytest.mark.parametrize(
    ("fields", "complaint"),
    [({"simhash": "zz", "body": LONG_BODY}, "simhash"), ({"simhash": 5, "body": LONG_BODY}, "simhash"),
     ({"simhash": 2**80}, "simhash"), ({"word_count": 2**80}, "word_count"), ({"word_count": "many"}, "word_count"),
     ({"revision": -3}, "revision"), ({"title": {"a": 1}}, "title"), ({"body": 5}, "body"),
     ({"first_seen": 5}, "first_seen"), ({"links": [{"url": {"a": 1}, "text": "t", "kind": "report"}]}, "links"),
     ({"links": [{"url": None, "text": "t", "kind": "report"}]}, "links"), ({"links": "abc"}, "links")],
)  # fmt: skip
def test_import_field_of_the_wrong_type_is_one_error_line(tmp_path, fields, complaint):
    source = tmp_path / "in.jsonl"
    good = {"url": "https://a.example/1", "title": "ok", "body": "text"}
    lines = [good, {"url": "https://a.example/2", **fields}]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = run("import", str(source), "--db", str(tmp_path / "new.db"))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # not a traceback
    assert result.stderr.startswith(f"Error: {source}:2: not an article record ({complaint} ")
    assert len(result.stderr.splitlines()) == 1
    with Archive(tmp_path / "new.db") as archive:
        assert archive.count_articles() == 0


def test_export_csv_has_the_record_columns(db):
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv", "--db", str(db)).stdout)))
    assert tuple(rows[0]) == RECORD_FIELDS and json.loads(rows[0]["authors"]) == ["Ana Lima"]
    assert rows[0]["body"].startswith("Dock workers")


def test_export_warc_holds_the_raw_responses(db, tmp_path):
    out = tmp_path / "archive.warc.gz"
    assert run("export", "--format", "warc", "-o", str(out), "--db", str(db)).exit_code == 0
    with out.open("rb") as handle:
        records = [
            (r.rec_headers.get_header("WARC-Target-URI"), r.http_headers.get_statuscode(), r.content_stream().read())
            for r in ArchiveIterator(handle)
            if r.rec_type == "response"
        ]
    assert records == [
        ("https://wire.example/port-strike?utm_source=rss", "200", RAW),  # the fetch that gave the snapshot
        ("https://paper.example/ports", "200", RAW + b"<!-- paper -->"),
    ]


def test_failed_export_leaves_the_previous_file_untouched(db, tmp_path, monkeypatch):
    target = tmp_path / "out.jsonl"
    target.write_text("previous export\n")

    def crash(archive, out, **filters):
        out.write(b'{"url": "https://wire.example/port-strike"}\n')
        raise OSError("disk full")

    monkeypatch.setattr("newsarchive.store.export.export_jsonl", crash)
    result = run("export", "-o", str(target), "--db", str(db))
    assert result.exit_code != 0
    assert target.read_text() == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []


@pytest.mark.parametrize("args, message", [(["--since", "yesterday"], "not a date"), (["--search", '"x'], "invalid search")])
def test_export_bad_filter_is_one_error_line(db, tmp_path, args, message):
    result = run("export", "-o", str(tmp_path / "x.jsonl"), "--db", str(db), *args)
    assert result.exit_code == 1 and message in result.stderr and not (tmp_path / "x.jsonl").exists()


# -- stats and history -----------------------------------------------------------------------------------------


def test_stats_json(db):
    stats = json.loads(run("stats", "--db", str(db)).stdout)
    assert (stats["articles"], stats["duplicates"], stats["revisions"], stats["report_links"]) == (3, 1, 1, 1)
    assert {s["site"] for s in stats["sites"]} == {"wire", "paper", "urdu"}
    assert stats["last_crawl"]["status"] == "running"


def test_history_lists_versions_with_dates(db):
    result = run("history", "https://wire.example/port-strike?utm_source=x", "--json", "--db", str(db))
    versions = json_lines(result.stdout)
    assert [(v["revision"], v["seen_from"], v["current"]) for v in versions] == [
        (1, "2026-11-21T08:00:00Z", False), (2, "2026-11-22T08:00:00Z", True),
    ]  # fmt: skip


def test_history_piped_uses_the_keys_of_json_without_bodies(db):
    url = "https://wire.example/port-strike"
    piped = json_lines(run("history", url, "--db", str(db)).stdout)
    full = json_lines(run("history", url, "--json", "--db", str(db)).stdout)
    assert [{k: v for k, v in version.items() if k != "body"} for version in full] == [
        {k: v for k, v in summary.items() if k != "words"} for summary in piped
    ]
    assert [summary["words"] for summary in piped] == [len(version["body"].split()) for version in full]


def test_history_diff(db):
    result = run("history", "https://wire.example/port-strike", "--diff", "1", "2", "--db", str(db))
    lines = result.stdout.splitlines()
    assert lines[0] == "--- https://wire.example/port-strike revision 1 (2026-11-21T08:00:00Z)"
    assert "-# Port workers strike over automation" in lines and "+# Port strike enters second day" in lines
    assert any(line.startswith("+") and "Monday and Tuesday" in line for line in lines)


@pytest.mark.parametrize(
    "args, message",
    [(["https://nowhere.example/x"], "no article with URL"), (["https://wire.example/port-strike", "--diff", "1", "5"], "no revision 5")],
)
def test_history_errors(db, args, message):
    result = run("history", *args, "--db", str(db))
    assert result.exit_code == 1 and message in result.stderr and result.stderr.count("\n") == 1


ANALYST_QUERIES = {
    "articles per day per site": (
        "SELECT site, substr(published, 1, 10) AS day, COUNT(*) AS articles FROM articles "
        "GROUP BY site, day ORDER BY day, site",
        [{"site": "wire", "day": "2026-11-20", "articles": 1}, {"site": "paper", "day": "2026-11-23", "articles": 1},
         {"site": "urdu", "day": "2026-11-24", "articles": 1}],
    ),
    "report links to a domain": (
        "SELECT a.title, l.url FROM links AS l JOIN articles AS a ON a.url = l.article_url "
        "WHERE l.kind = 'report' AND (l.url LIKE '%://gov.example/%' OR l.url LIKE '%.gov.example/%')",
        [{"title": "Port strike enters second day", "url": "https://gov.example/report.pdf"}],
    ),
    "articles changed after publication": (
        "SELECT a.url, a.revision, r.title AS was, a.title AS now, r.replaced_at FROM articles AS a "
        "JOIN revisions AS r ON r.url = a.url ORDER BY r.replaced_at DESC",
        [{"url": "https://wire.example/port-strike", "revision": 2, "was": "Port workers strike over automation",
          "now": "Port strike enters second day", "replaced_at": "2026-11-22T08:00:00Z"}],
    ),
    "full-text search in SQL": (
        "SELECT a.url, highlight(articles_fts, 0, '[', ']') AS title FROM articles_fts "
        "JOIN articles AS a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH 'title:strike' ORDER BY rank",
        [{"url": "https://wire.example/port-strike", "title": "Port [strike] enters second day"}],
    ),
    "copies per original": (
        "SELECT duplicate_of, COUNT(*) AS copies FROM articles WHERE duplicate_of IS NOT NULL GROUP BY duplicate_of",
        [{"duplicate_of": "https://wire.example/port-strike", "copies": 1}],
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", ANALYST_QUERIES)
def test_analyst_queries_run_read_only(db, name):
    sql, expected = ANALYST_QUERIES[name]
    before = sha256(db)
    result = run("query", sql, "--db", str(db))
    assert result.exit_code == 0, result.output
    assert json_lines(result.stdout) == expected
    assert sha256(db) == before


README = (ROOT / "README.md").read_text(encoding="utf-8")
README_QUERIES = [" ".join(sql.split()) for sql in re.findall(r'^newsarchive query "(.*?)"$', README, re.M | re.S)]
README_SQLITE3 = re.findall(r'^sqlite3 archive\.db "(.*?)"$', README, re.M)


def test_readme_examples_are_found():
    assert len(README_QUERIES) >= 3 and len(README_SQLITE3) >= 1


@pytest.mark.parametrize("sql", README_QUERIES)
def test_readme_queries_run_verbatim(db, sql):
    result = run("query", sql, "--db", str(db))
    assert result.exit_code == 0, result.output
    assert all(isinstance(row, dict) for row in json_lines(result.stdout))


@pytest.mark.parametrize("sql", README_SQLITE3)
def test_readme_sqlite3_examples_run_verbatim(db, sql):
    with sqlite3.connect(db) as conn:
        conn.execute(sql).fetchall()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args", [["query", "SELECT * FROM articles"], ["search", "strike"], ["export"], ["export", "--format", "warc"], ["stats"]]
)
def test_full_disk_on_standard_output_is_one_error_line(db, args):
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "newsarchive", *args, "--db", str(db)], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert (result.returncode, result.stderr) == (1, "Error: No space left on device\n")

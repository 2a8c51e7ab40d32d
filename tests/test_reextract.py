"""`newsarchive reextract` corrects stored records from their raw snapshots, in place."""

from __future__ import annotations

import json
import sqlite3

from newsarchive.extract import extract_article
from newsarchive.store import Archive

PAGE = """<!doctype html><html lang="en"><head><title>Harbour levy vote delayed | The Bay Courier</title>
<meta property="og:title" content="Harbour levy vote delayed"></head><body>
<header><nav><a href="/">Home</a> <a href="/politics/">Politics</a></nav></header>
<article><h1>Harbour levy vote delayed</h1><p class="byline">By Ana Lopes</p>
<time datetime="2024-03-05T09:30:00+00:00">5 March 2024</time>
<p>The city council postponed its vote on the harbour levy after two members asked for an independent costing.</p>
<p>Port operators said the delay would leave shipping companies uncertain about fees for another quarter.</p>
<p>The council's finance committee will publish the costing before the next session in April.</p>
</article><footer>Copyright The Bay Courier</footer></body></html>"""
URL = "https://baycourier.example/politics/2024/03/05/harbour-levy-vote-delayed"


def _store_stale_record(db):
    """An archive whose record came from an older, worse extractor, with the raw page kept."""
    article = extract_article(PAGE, URL)
    article.site = "baycourier"
    article.title = "Harbour levy vote delayed | The Bay Courier"
    article.body = "Home Politics " + article.body
    archive = Archive(db)
    with archive.transaction():
        archive.upsert_article(article, raw=PAGE.encode(), content_type="text/html; charset=utf-8")
    archive.close()


def test_reextract_corrects_records_in_place(tmp_path, cli_run):
    db = tmp_path / "archive.db"
    _store_stale_record(db)
    result = cli_run("reextract", "--db", str(db), "--jobs", "1")
    assert json.loads(result.stdout) == {"reextracted": 1, "changed": 1, "unchanged": 0}
    archive = Archive(db, create=False)
    article = archive.get_article(URL)
    archive.close()
    assert article.title == "Harbour levy vote delayed"
    assert article.body.startswith("The city council postponed")
    assert article.revision == 1
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM revisions").fetchone() == (0,)
    again = cli_run("reextract", "--db", str(db), "--jobs", "1")
    assert json.loads(again.stdout)["unchanged"] == 1


def test_reextract_of_a_missing_archive_is_one_clear_error(tmp_path, cli_run):
    result = cli_run("reextract", "--db", str(tmp_path / "none.db"), check=False)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_reextract_of_an_unknown_site_is_one_clear_error(tmp_path, cli_run):
    db = tmp_path / "archive.db"
    _store_stale_record(db)
    result = cli_run("reextract", "--db", str(db), "--site", "baycurier", check=False)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"Error: no articles of site 'baycurier' in {db}\n"


def test_reextract_says_how_many_articles_had_no_raw_response(tmp_path, cli_run):
    db = tmp_path / "archive.db"
    _store_stale_record(db)
    archive = Archive(db)
    archive.import_article(extract_article(PAGE, URL.replace("levy", "fees")))  # imported: no snapshot
    archive.close()
    result = cli_run("reextract", "--db", str(db), "--jobs", "1")
    assert json.loads(result.stdout) == {"reextracted": 1, "changed": 1, "unchanged": 0}
    assert result.stderr.startswith("note: 1 of 2 articles have no stored raw response")

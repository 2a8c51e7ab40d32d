"""`newsarchive extract`: one page to JSON, and --batch manifests where any bytes give a record."""

from __future__ import annotations

import gzip
import json

from conftest import FIXTURES

SEED_PAGE = FIXTURES / "pages" / "dailyledger.csis-iskp-threat.html"


def test_extract_one_file_prints_its_record(cli_run):
    result = cli_run("extract", str(SEED_PAGE), "--url", "https://dailyledger.example/2023/08/20/csis-iskp-threat/")
    record = json.loads(result.stdout)
    assert record["url"].startswith("https://dailyledger.example/")
    assert record["published"].startswith("2023-08-20")
    assert "icon-facebook" not in record["body"]
    assert any(link["kind"] == "report" for link in record["links"])


def test_batch_gives_one_record_per_entry_even_for_unreadable_pages(tmp_path, cli_run):
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(SEED_PAGE.read_bytes()))
    (tmp_path / "binary.html").write_bytes(bytes(range(256)) * 50)
    (tmp_path / "empty.html").write_bytes(b"")
    manifest = tmp_path / "manifest.jsonl"
    entries = [
        {"id": "seed", "path": "page.html.gz", "url": "https://dailyledger.example/2023/08/20/csis-iskp-threat/"},
        {"id": "binary", "path": "binary.html", "url": "https://x.example/a"},
        {"id": "empty", "path": "empty.html", "url": "https://x.example/b"},
        {"id": "missing", "path": "nowhere.html", "url": "https://x.example/c"},
    ]
    manifest.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    cli_run("extract", "--batch", str(manifest), "-o", str(out), "--jobs", "2")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["seed", "binary", "empty", "missing"]
    assert records[0]["title"] and records[0]["error"] is None
    assert all(r["error"] for r in records[1:])
    assert records[3]["body"] == ""


def test_bad_manifest_line_is_one_clear_error(tmp_path, cli_run):
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text('{"id": 1, "path": "a.html"}\nnot json\n', encoding="utf-8")
    result = cli_run("extract", "--batch", str(manifest), "-o", str(tmp_path / "out.jsonl"), check=False)
    assert result.returncode == 1
    assert "manifest.jsonl:2" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out.jsonl").exists()

"""Quality gate: newsarchive's scores on the open corpus never fall below bench/floors.json; scoring tests."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import extraction  # noqa: E402  (bench/ is a folder of scripts, not a package)
from results import replace_section  # noqa: E402
from scoring import (  # noqa: E402
    Labels,
    Prediction,
    author_names,
    day,
    score_authors,
    score_body,
    score_dates,
    score_timing,
    score_title,
    title_matches,
    token_f1,
)

FLOORS = json.loads((BENCH / "floors.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("predicted", "label", "expected"),
    [
        ("Rates rise again", "Rates rise again", True),
        ("RATES  rise “again”", "rates rise \"again\"", True),
        ("Rates rise – again", "Rates rise - again", True),
        ("Rates rise again | Example News", "Rates rise again", True),
        ("Rates rise again - Example News", "Rates rise again", True),
        ("Rates - rise again - Example News", "Rates - rise again", False),
        ("Rates rise", "Rates rise again", False),
        (None, "Rates rise again", False),
    ],
)
def test_title_matches(predicted: str | None, label: str, expected: bool) -> None:
    assert title_matches(predicted, label) is expected


def test_token_f1() -> None:
    assert token_f1("a b c d", "a b c d") == 1.0
    assert token_f1("a b", "a b c d") == pytest.approx(2 / 3)
    assert token_f1(None, "a") == 0.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Jane Doe; John Roe", {"jane doe", "john roe"}),
        ("By Jane Doe, John Roe & Ann Lee", {"jane doe", "john roe", "ann lee"}),
        ("Von Max Muster und Eva Muster", {"max muster", "eva muster"}),
        (["Jane Doe", "John Roe and Ann Lee"], {"jane doe", "john roe", "ann lee"}),
        ("", set()),
        (None, set()),
    ],
)
def test_author_names(value: object, expected: set[str]) -> None:
    assert author_names(value) == expected


def test_body_metric_counts_snippets() -> None:
    labels = Labels(with_=["first  para", "missing"], without=["share this", "absent"])
    result = score_body([(Prediction(body="The first\npara. Share this"), labels)])
    # TP=1 (first para), FN=1 (missing), FP=0 (case differs: "Share this" is not "share this")
    assert result == {"body_p": 1.0, "body_r": 0.5, "body_f1": pytest.approx(2 / 3)}


def test_title_and_author_scores_skip_unlabelled_pages() -> None:
    pairs = [
        (Prediction(title="A", authors=["Jane Doe"]), Labels(title="A", author="Jane Doe", annotated=True)),
        (Prediction(title="B", authors=["X Y"]), Labels(title="C", author="", annotated=True)),
        (Prediction(title="Z", authors=["Jane Doe", "X Y"]), Labels(title="D", author="Jane Doe", annotated=True)),
        (Prediction(title="Q"), Labels(title="Q", author="Ann", annotated=False)),
    ]
    assert score_title(pairs)["title_acc"] == pytest.approx(1 / 3)
    assert score_authors(pairs) == {"author_acc": 0.5, "author_p": pytest.approx(2 / 3), "author_r": 1.0,
                                    "author_f1": pytest.approx(0.8)}


def test_date_score_counts_right_none_as_correct() -> None:
    pairs = [
        (Prediction(date="2023-08-20T10:00:00+02:00"), Labels(date="2023-08-20")),
        (Prediction(date=None), Labels(date=None)),
        (Prediction(date="2023-08-21"), Labels(date="2023-08-20")),
        (Prediction(date=None), Labels(date="2023-08-20")),
    ]
    assert score_dates(pairs) == {"date_acc": 0.5, "date_p": 0.5, "date_r": 0.5}
    assert day("2023-08-20T10:00") == "2023-08-20" and day("20.08.2023") is None


def test_timing() -> None:
    result = score_timing([10.0, 20.0, 30.0, 40.0])
    assert result["median_ms"] == 25.0 and result["p95_ms"] == 40.0 and result["pages_s"] == pytest.approx(40.0)


def test_write_results_replaces_only_its_section(tmp_path: Path) -> None:
    path = tmp_path / "RESULTS.md"
    path.write_text("# Benchmark results\n\n## Extraction\n\nold\n\n## Crawl\n\nkept\n", encoding="utf-8")
    replace_section("## Extraction", "## Extraction\n\nnew table\n", path)
    assert path.read_text(encoding="utf-8") == "# Benchmark results\n\n## Extraction\n\nnew table\n\n## Crawl\n\nkept\n"
    other = tmp_path / "other.md"
    replace_section("## Extraction", "## Extraction\n\nfirst\n", other)
    assert other.read_text(encoding="utf-8") == "# Benchmark results\n\n## Extraction\n\nfirst\n"


def test_corpus_scores_stay_above_floors() -> None:
    corpus = extraction.corpus_dir()
    if not (corpus / "trafilatura" / "ground-truth.json").is_file():
        pytest.skip(f"open corpus not found at {corpus} (set NEWSARCHIVE_CORPUS)")
    pages = extraction.load_pages(corpus)
    predictions = extraction.run(pages, [extraction.OURS], jobs=2)[extraction.OURS]
    result = extraction.scores(pages, predictions)
    below = {key: (round(result[key], 4), floor) for key, floor in FLOORS.items() if result[key] < floor}
    assert not below, f"scores below the committed floors (score, floor): {below}"

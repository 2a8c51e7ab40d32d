"""Scores of extraction results against the open corpus labels, exactly as its README defines them."""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

_QUOTES = str.maketrans({c: "'" for c in "\"‘’‚‛“”„‟«»‹›`´′″"} | {c: "-" for c in "‐‑‒–—―−"})
_NAME_SPLIT = re.compile(r"\s*(?:;|,|\s&\s|\sand\s|\sund\s)\s*", re.IGNORECASE)
_BY = re.compile(r"^(?:by|von)\s+", re.IGNORECASE)
_SITE_SUFFIX = re.compile(r"\s[|-]\s(?!.*\s[|-]\s).*$")
_TOKENS = re.compile(r"\w+", re.UNICODE)


@dataclass
class Prediction:
    """What one extractor returned for one page; None where the extractor does not give the field."""

    body: str | None = None
    title: str | None = None
    authors: list[str] | None = None
    date: str | None = None
    ms: float = 0.0
    """Wall time of the extractor call in milliseconds."""


@dataclass
class Labels:
    """The labels of one corpus page (trafilatura/ pages carry all, htmldate/ pages only `date`)."""

    with_: list[str] = field(default_factory=list)
    without: list[str] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    date: str | None = None
    annotated: bool = False
    """True when title/author/date are labels (an empty string then means "none")."""


def normalise(text: str) -> str:
    """NFKC, casefold, one kind of quote and dash, collapsed whitespace."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    return " ".join(text.split())


def title_matches(predicted: str | None, label: str) -> bool:
    """Exact match after normalisation; a trailing " | Site" / " - Site" is ignored when the label has none."""
    if not predicted:
        return False
    got, want = normalise(predicted), normalise(label)
    if got == want:
        return True
    if not _SITE_SUFFIX.search(want):
        return _SITE_SUFFIX.sub("", got) == want
    return False


def token_f1(predicted: str | None, label: str) -> float:
    """F1 of the bags of word tokens of two titles."""
    got, want = _TOKENS.findall(normalise(predicted or "")), _TOKENS.findall(normalise(label))
    if not got or not want:
        return 0.0
    common = sum(min(got.count(t), want.count(t)) for t in set(got))
    if common == 0:
        return 0.0
    precision, recall = common / len(got), common / len(want)
    return 2 * precision * recall / (precision + recall)


def author_names(value: str | Sequence[str] | None) -> set[str]:
    """A label or a prediction as a set of normalised names (split on ; , & and und, no leading by/von)."""
    if not value:
        return set()
    text = value if isinstance(value, str) else "; ".join(value)
    names = set()
    for part in _NAME_SPLIT.split(normalise(text)):
        part = _BY.sub("", part).strip()
        if part:
            names.add(part)
    return names


def day(value: str | None) -> str | None:
    """The YYYY-MM-DD day of an ISO date or datetime string."""
    if not value:
        return None
    match = re.match(r"\d{4}-\d{2}-\d{2}", value.strip())
    return match.group(0) if match else None


def body_counts(body: str | None, labels: Labels) -> tuple[int, int, int, int]:
    """(TP, FP, FN, TN) of the snippet metric on one page."""
    text = " ".join((body or "").split())
    tp = sum(1 for s in labels.with_ if " ".join(s.split()) in text)
    fp = sum(1 for s in labels.without if " ".join(s.split()) in text)
    return tp, fp, len(labels.with_) - tp, len(labels.without) - fp


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return precision, recall, f1


def score_body(pairs: Iterable[tuple[Prediction, Labels]]) -> dict[str, float]:
    """Body precision, recall and F1 summed over all pages."""
    tp = fp = fn = 0
    for prediction, labels in pairs:
        page = body_counts(prediction.body, labels)
        tp, fp, fn = tp + page[0], fp + page[1], fn + page[2]
    precision, recall, f1 = _prf(tp, fp, fn)
    return {"body_p": precision, "body_r": recall, "body_f1": f1}


def score_title(pairs: Iterable[tuple[Prediction, Labels]]) -> dict[str, float]:
    """Title accuracy and mean token F1 over annotated pages with a non-empty title label."""
    hits, f1s = [], []
    for prediction, labels in pairs:
        if labels.annotated and labels.title:
            hits.append(title_matches(prediction.title, labels.title))
            f1s.append(token_f1(prediction.title, labels.title))
    return {"title_acc": sum(hits) / len(hits) if hits else 0.0, "title_f1": statistics.fmean(f1s) if f1s else 0.0}


def score_authors(pairs: Iterable[tuple[Prediction, Labels]]) -> dict[str, float]:
    """Exact-set accuracy and micro name-level P/R/F1 over annotated pages with a non-empty author label."""
    tp = fp = fn = exact = pages = 0
    for prediction, labels in pairs:
        if not (labels.annotated and labels.author):
            continue
        want, got = author_names(labels.author), author_names(prediction.authors)
        pages += 1
        exact += got == want
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
    precision, recall, f1 = _prf(tp, fp, fn)
    return {"author_acc": exact / pages if pages else 0.0, "author_p": precision, "author_r": recall,
            "author_f1": f1}


def score_dates(pairs: Iterable[tuple[Prediction, Labels]]) -> dict[str, float]:
    """Day accuracy (right day, or no date where the label has none) with precision and recall.

    A right day is a true positive, a wrong day a false positive, no date where one is labelled a
    false negative, and no date where none is labelled a true negative.
    """
    tp = fp = fn = tn = 0
    for prediction, labels in pairs:
        got, want = day(prediction.date), day(labels.date)
        if got is None:
            fn, tn = fn + (want is not None), tn + (want is None)
        else:
            tp, fp = tp + (got == want), fp + (got != want)
    total = tp + fp + fn + tn
    precision, recall, _ = _prf(tp, fp, fn)
    return {"date_acc": (tp + tn) / total if total else 0.0, "date_p": precision, "date_r": recall}


def score_timing(milliseconds: Sequence[float]) -> dict[str, float]:
    """Median and 95th percentile per page, and pages per second of extractor time."""
    if not milliseconds:
        return {"median_ms": 0.0, "p95_ms": 0.0, "pages_s": 0.0}
    ordered = sorted(milliseconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    total = sum(ordered) / 1000
    return {"median_ms": statistics.median(ordered), "p95_ms": p95,
            "pages_s": len(ordered) / total if total else 0.0}

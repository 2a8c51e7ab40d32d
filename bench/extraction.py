"""Extraction benchmark: newsarchive beside trafilatura, htmldate and newspaper4k on the open corpus.

    python bench/extraction.py [--corpus DIR] [--limit N] [--jobs N]
                               [--peers trafilatura,htmldate,newspaper4k] [--write-results]

The corpus (../shared/corpus by default, or $NEWSARCHIVE_CORPUS) is read in place, never copied.
Every extractor gets the same decoded text of each page in the same process; its call is timed
with time.perf_counter.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import platform
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata as importlib_metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # benchmark the checkout this script belongs to, installed or not

from results import RESULTS, replace_section
from scoring import Labels, Prediction, score_authors, score_body, score_dates, score_timing, score_title

PEERS = ("trafilatura", "htmldate", "newspaper4k")
OURS = "newsarchive"
OURS_METADATA = "newsarchive-metadata"
SECTION = "## Extraction"
_WARMUP_HTML = "<html><head><title>Warm up</title></head><body><h1>Warm up</h1><p>Sun Aug 20 2023</p></body></html>"


@dataclass
class Page:
    """One corpus page: which labelled set it belongs to, where its HTML is, and its labels."""

    subset: str
    """`trafilatura` (body, title, author, date labels) or `htmldate` (date only)."""
    key: str
    url: str
    path: Path
    labels: Labels


def corpus_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The corpus folder: the given path, else $NEWSARCHIVE_CORPUS, else ../shared/corpus beside the repo."""
    if path:
        return Path(path)
    if os.environ.get("NEWSARCHIVE_CORPUS"):
        return Path(os.environ["NEWSARCHIVE_CORPUS"])
    return ROOT.parent / "shared" / "corpus"


def load_pages(corpus: Path, limit: int | None = None) -> list[Page]:
    """The pages of both labelled sets, sorted by id, at most `limit` of each."""
    pages: list[Page] = []
    for subset in ("trafilatura", "htmldate"):
        truth_file = corpus / subset / "ground-truth.json"
        if not truth_file.is_file():
            continue
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        for key in sorted(truth)[:limit]:
            entry = truth[key]
            if subset == "trafilatura":
                annotated = bool(entry.get("metadata_annotated"))
                labels = Labels(with_=entry.get("with") or [], without=entry.get("without") or [],
                                title=entry.get("title"), author=entry.get("author"),
                                date=entry.get("date") or None, annotated=annotated)
            else:
                labels = Labels(date=entry.get("date") or None, annotated=True)
            url = entry.get("url") or f"https://corpus.invalid/{key}"
            pages.append(Page(subset, key, url, corpus / subset / entry["html"], labels))
    return pages


def read_html(page: Page) -> str:
    """The page's HTML decoded with its own charset (newsarchive's decoder)."""
    from newsarchive.extract.document import decode

    with gzip.open(page.path, "rb") as handle:
        return decode(handle.read())[0]


def run_newsarchive(html: str, url: str) -> Prediction:
    from newsarchive.extract import extract_article

    article = extract_article(html, url)
    return Prediction(body=article.body, title=article.title, authors=article.authors, date=article.published)


def run_newsarchive_metadata(html: str, url: str) -> Prediction:
    from newsarchive.extract.document import load
    from newsarchive.extract.metadata import extract_metadata

    tree = load(html).tree
    if tree is None:
        return Prediction()
    meta = extract_metadata(tree, url)
    return Prediction(title=meta.title, authors=meta.authors, date=meta.published)


def run_trafilatura(html: str, url: str) -> Prediction:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, favor_precision=True,
                                      include_comments=False)
    if doc is None:
        return Prediction(body="", authors=[])
    return Prediction(body=doc.text or "", title=doc.title, authors=[doc.author] if doc.author else [],
                      date=doc.date)


def run_htmldate(html: str, url: str) -> Prediction:
    import htmldate

    return Prediction(date=htmldate.find_date(html, url=url, original_date=True, extensive_search=True))


def run_newspaper4k(html: str, url: str) -> Prediction:
    from newspaper import Article

    article = Article(url, fetch_images=False)
    article.download(input_html=html)
    article.parse()
    published = article.publish_date.date().isoformat() if article.publish_date else None
    return Prediction(body=article.text or "", title=article.title or None, authors=list(article.authors),
                      date=published)


EXTRACTORS: dict[str, Callable[[str, str], Prediction]] = {
    OURS: run_newsarchive,
    OURS_METADATA: run_newsarchive_metadata,
    "trafilatura": run_trafilatura,
    "htmldate": run_htmldate,
    "newspaper4k": run_newspaper4k,
}


def available(names: Sequence[str]) -> list[str]:
    """The requested extractors that can run here; a missing peer is reported on stderr and skipped."""
    usable = []
    for name in names:
        if name not in EXTRACTORS:
            raise SystemExit(f"unknown extractor {name!r}; choose from {', '.join(EXTRACTORS)}")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                EXTRACTORS[name](_WARMUP_HTML, "https://example.org/warm-up")
        except ImportError as exc:
            if name in (OURS, OURS_METADATA):
                raise SystemExit(f"newsarchive extractor not importable: {exc}") from exc
            print(f"skipping {name}: {exc}", file=sys.stderr)
            continue
        usable.append(name)
    return usable


_names: list[str] = []


def _init_worker(names: list[str]) -> None:
    """Load each extractor once (imports, language data) so page timings measure steady state."""
    _names[:] = names
    warnings.simplefilter("ignore")
    for name in names:
        EXTRACTORS[name](_WARMUP_HTML, "https://example.org/warm-up")


def _run_page(page: Page) -> dict[str, Prediction]:
    html = read_html(page)
    results = {}
    for name in _names:
        start = time.perf_counter()
        try:
            prediction = EXTRACTORS[name](html, page.url)
        except Exception as exc:  # a peer crashing on one page scores as an empty result there
            if name in (OURS, OURS_METADATA):
                raise RuntimeError(f"{name} failed on {page.subset}/{page.key}") from exc
            prediction = Prediction()
        prediction.ms = (time.perf_counter() - start) * 1000
        results[name] = prediction
    return results


def run(pages: Sequence[Page], names: Sequence[str], jobs: int = 1,
        progress: Callable[[int], None] | None = None) -> dict[str, list[Prediction]]:
    """Every extractor's prediction for every page, in page order."""
    results: dict[str, list[Prediction]] = {name: [] for name in names}
    context = multiprocessing.get_context("spawn" if sys.platform == "darwin" else "fork")
    with context.Pool(max(1, jobs), initializer=_init_worker, initargs=(list(names),)) as pool:
        for done, page_results in enumerate(pool.imap(_run_page, pages, chunksize=4), 1):
            for name in names:
                results[name].append(page_results[name])
            if progress:
                progress(done)
    return results


def scores(pages: Sequence[Page], predictions: Sequence[Prediction]) -> dict[str, float]:
    """All metrics of one extractor's predictions."""
    traf = [(p, page.labels) for p, page in zip(predictions, pages) if page.subset == "trafilatura"]
    annotated = [pair for pair in traf if pair[1].annotated]
    dated = [(p, page.labels) for p, page in zip(predictions, pages) if page.subset == "htmldate"]
    result = {**score_body(traf), **score_title(traf), **score_authors(traf)}
    result.update({f"{k}_annotated": v for k, v in score_dates(annotated).items()})
    result.update({f"{k}_dated": v for k, v in score_dates(dated).items()})
    result.update(score_timing([p.ms for p in predictions]))
    result["pages"] = len(predictions)
    return result


COLUMNS = (
    ("body P", "body_p", "body"), ("body R", "body_r", "body"), ("body F1", "body_f1", "body"),
    ("title acc", "title_acc", "title"), ("author acc", "author_acc", "authors"),
    ("author P / R / F1", "author_prf", "authors"), ("date acc (851 annotated)", "date_acc_annotated", "date"),
    ("date acc (1000 dated)", "date_acc_dated", "date"), ("median ms", "median_ms", None),
    ("p95 ms", "p95_ms", None), ("pages/s", "pages_s", None),
)
_GIVES = {"htmldate": {"date"}, OURS_METADATA: {"title", "authors", "date"}}


def table(results: dict[str, dict[str, float]]) -> str:
    """One markdown table, a row per extractor; fields an extractor does not give are shown as —."""
    lines = ["| extractor | " + " | ".join(c[0] for c in COLUMNS) + " |",
             "|---" + "|---:" * len(COLUMNS) + "|"]
    for name, values in results.items():
        cells = []
        for _, key, needs in COLUMNS:
            if needs and needs not in _GIVES.get(name, {"body", "title", "authors", "date"}):
                cells.append("—")
            elif key == "author_prf":
                cells.append(f"{values['author_p']:.3f} / {values['author_r']:.3f} / {values['author_f1']:.3f}")
            elif key.endswith("_ms"):
                cells.append(f"{values[key]:.1f}")
            elif key == "pages_s":
                cells.append(f"{values[key]:.1f}")
            else:
                cells.append(f"{values[key]:.3f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _version(package: str) -> str:
    try:
        return importlib_metadata.version(package)
    except importlib_metadata.PackageNotFoundError:
        return "not installed"


def results_section(markdown: str, pages: Sequence[Page], names: Sequence[str], jobs: int,
                    load: tuple[float, float]) -> str:
    """The "Extraction" section of bench/RESULTS.md: the table with date, machine and versions."""
    counts = {s: sum(1 for p in pages if p.subset == s) for s in ("trafilatura", "htmldate")}
    packages = ["newsarchive", "lxml", "dateparser", *(n for n in PEERS if n in names)]
    versions = ", ".join(f"{p} {_version(p)}" for p in packages)
    return "\n".join([
        SECTION, "",
        f"Run {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC with `python bench/extraction.py --jobs {jobs}"
        f" --write-results` on {platform.machine()} {platform.system()}, {os.cpu_count()} cores,"
        f" Python {platform.python_version()}; {versions}. 1-minute load average {load[0]:.1f} at the start"
        f" and {load[1]:.1f} at the end (other work on the machine inflates every extractor's times alike).",
        f"Pages: {counts['trafilatura']} of the trafilatura set (body, title, author; dates on its"
        f" {sum(1 for p in pages if p.subset == 'trafilatura' and p.labels.annotated)} annotated pages) and"
        f" {counts['htmldate']} of the htmldate set (dates). Metrics as defined in the corpus README;"
        " timings are per extractor call on the same decoded text in the same process"
        f" ({jobs} worker processes run side by side); pages/s = pages / summed call time.",
        "", markdown, "",
    ])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="corpus folder (default: $NEWSARCHIVE_CORPUS or ../shared/corpus)")
    parser.add_argument("--limit", type=int, help="read at most N pages of each labelled set")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--peers", default=",".join(PEERS), help="comma-separated peers to run beside ours ('' for none)")
    parser.add_argument("--metadata-only", action="store_true",
                        help="run only newsarchive's metadata step (title, authors, date) instead of the full extractor")
    parser.add_argument("--write-results", action="store_true", help="write the table into bench/RESULTS.md")
    args = parser.parse_args(argv)

    corpus = corpus_dir(args.corpus)
    pages = load_pages(corpus, args.limit)
    if not pages:
        raise SystemExit(f"no corpus pages under {corpus}")
    names = available([OURS_METADATA if args.metadata_only else OURS, *(p.strip() for p in args.peers.split(",") if p.strip())])
    start, load_at_start = time.perf_counter(), os.getloadavg()[0]

    def progress(done: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{done}/{len(pages)} pages", end="", file=sys.stderr, flush=True)

    predictions = run(pages, names, args.jobs, progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    results = {name: scores(pages, predictions[name]) for name in names}
    markdown = table(results)
    print(markdown)
    print(f"\n{len(pages)} pages in {time.perf_counter() - start:.0f} s with {args.jobs} jobs", file=sys.stderr)
    if args.write_results:
        replace_section(SECTION, results_section(markdown, pages, names, args.jobs, (load_at_start, os.getloadavg()[0])))
        print(f"wrote {RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Store benchmark: ingest rate (FTS + dedupe + snapshots), search latency, export rate and memory, bytes per article.

    python bench/store.py [--articles 100000] [--db PATH] [--write-results]

Articles are generated (deterministic seed): news-like prose from a Zipf vocabulary, 12 sites, 3 languages,
links, authors, raw HTML pages; 6% are syndicated exact copies and 4% edited copies (new headline, added
paragraph) of earlier articles, so dedupe does real work. Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import accumulate, islice
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsarchive.fingerprint import content_hash, simhash, words  # noqa: E402
from newsarchive.models import Article, Link  # noqa: E402
from newsarchive.store import Archive  # noqa: E402

from barestore import bare_ingest  # noqa: E402

COMMON = (
    "the of to and a in that is for on said it with was as by at from he his be have has are an not they "
    "but who were which their this will had been after its would more also year people new over than two "
    "government minister police city officials country week state percent last first could court president "
    "million told report public health workers union strike port market prices bank election party vote "
    "military forces attack talks agreement deal border water power energy oil gas trade exports company "
    "companies investors shares economy growth inflation rate rates budget tax spending schools children "
    "hospital doctors patients rain flood floods storm drought farmers crops food aid refugees camp fighting "
    "ceasefire peace protest protesters capital region province district village residents families homes "
    "roads bridge railway airport flights passengers ships cargo containers construction project projects "
    "plan plans law bill parliament senate opposition leader leaders spokesman statement interview monday "
    "tuesday wednesday thursday friday saturday sunday morning evening night month months years days early "
    "late according data survey study researchers scientists climate emissions carbon solar wind coal mine "
    "mining gold copper steel factory factories jobs unemployment wages pay pension reform reforms crisis "
    "debt loan loans fund funds billion dollars rupees euros court judge trial case charges arrested prison"
).split()
SYLLABLES = ("ka", "ra", "mi", "to", "shi", "lan", "dor", "vel", "ben", "zu", "qa", "ri", "mon", "tes", "al", "ur")
SITES = tuple(f"site{n:02d}" for n in range(12))
LANGUAGES = (("en", 0.9), ("ur", 0.06), ("zh", 0.04))
URDU = "کراچی بندرگاہ مزدور ہڑتال حکومت وزیر بات چیت پیر منگل شہر پولیس عدالت انتخابات بجٹ قیمتیں".split()
CHINESE = "港口工人罢工政府部长会谈周一城市警察法院选举预算价格经济增长出口公司市场"
PAGE = (
    '<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} - {site}</title>'
    '<meta property="og:title" content="{title}"><link rel="canonical" href="{url}">'
    '<script type="application/ld+json">{{"@type":"NewsArticle","headline":"{title}","datePublished":"{published}"}}</script>'
    "</head><body><header><nav>{nav}</nav></header><div class=\"share\"><i class=\"icon-facebook\"></i>"
    '<i class="icon-twitter"></i><i class="icon-whatsapp"></i></div><article><h1>{title}</h1>'
    "<time datetime=\"{published}\">{published}</time>{paragraphs}</article><aside>{related}</aside>"
    "<footer>{footer}</footer></body></html>"
)
SHARE = 0.06
EDITED = 0.04


FUNCTION_WORDS = COMMON[:45]
CONTENT_WORDS = COMMON[45:]
TOPICS = 40


def vocabulary(rng: random.Random, size: int = 6000) -> tuple[list[str], list[float]]:
    """The general vocabulary with cumulative Zipf weights: invented names, places and rare words, with the content
    words scattered between ranks 200 and 3000 (outside their topics they are mentioned, but rarely)."""
    vocab = sorted({"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size * 2)})
    vocab = [w for w in vocab if w not in CONTENT_WORDS][: size - len(CONTENT_WORDS)]
    rng.shuffle(vocab)
    for word in CONTENT_WORDS:
        vocab.insert(rng.randint(200, 3000), word)
    return vocab, list(accumulate(1.0 / (rank + 1) ** 1.05 for rank in range(len(vocab))))


def topic_words(topic: int, vocab: list[str]) -> list[str]:
    """What a story on this topic keeps coming back to: a dozen content words and a few names."""
    rng = random.Random(1000 + topic)
    return rng.sample(CONTENT_WORDS, 12) + rng.sample(vocab[:3000], 8)


def prose(rng: random.Random, vocab: list[str], cumulative: list[float], language: str, topic: list[str]) -> list[str]:
    """Paragraphs of 2-4 sentences: about 45% function words, 20% topic words, 35% general vocabulary."""
    function_cumulative = list(accumulate(1.0 / (rank + 1) for rank in range(len(FUNCTION_WORDS))))
    paragraphs = []
    for _ in range(rng.randint(6, 14)):
        if language == "ur":
            sentences = [" ".join(rng.choices(URDU, k=rng.randint(6, 14))) + "۔" for _ in range(rng.randint(2, 3))]
        elif language == "zh":
            sentences = ["".join(rng.choices(CHINESE, k=rng.randint(15, 40))) + "。" for _ in range(rng.randint(2, 3))]
        else:
            sentences = []
            for _ in range(rng.randint(2, 4)):
                tokens = []
                for _ in range(rng.randint(10, 28)):
                    draw = rng.random()
                    if draw < 0.45:
                        tokens.append(rng.choices(FUNCTION_WORDS, cum_weights=function_cumulative)[0])
                    elif draw < 0.65:
                        tokens.append(rng.choice(topic))
                    else:
                        tokens.append(rng.choices(vocab, cum_weights=cumulative)[0])
                sentences.append(tokens[0].capitalize() + " " + " ".join(tokens[1:]) + ".")
        paragraphs.append(" ".join(sentences))
    return paragraphs


def generate_chunk(args: tuple[int, int]) -> list[dict]:
    """Articles start..start+count (unique stories), with the fingerprints the extractor would compute."""
    start, count = args
    vocab_rng = random.Random(7)
    vocab, weights = vocabulary(vocab_rng)
    records = []
    for number in range(start, start + count):
        rng = random.Random(number)
        language = rng.choices([code for code, _ in LANGUAGES], [w for _, w in LANGUAGES])[0]
        site = rng.choice(SITES)
        topic = topic_words(rng.randrange(TOPICS), vocab)
        paragraphs = prose(rng, vocab, weights, language, topic)
        title = " ".join(rng.choices(topic, k=rng.randint(3, 5)) + rng.choices(vocab[:500], k=rng.randint(2, 4))).capitalize()
        records.append(_record(number, site, language, title, paragraphs, rng))
    return records


def _record(number: int, site: str, language: str, title: str, paragraphs: list[str], rng: random.Random) -> dict:
    body = "\n\n".join(paragraphs)
    day = 1 + number % 700
    published = f"{2024 + day // 365}-{1 + day % 365 // 31:02d}-{1 + day % 28:02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z"
    slug = re.sub(r"\W+", "-", title.lower())[:60]
    url = f"https://www.{site}.example/news/{published[:10]}/{number}-{slug}"
    links = [
        Link(f"https://{rng.choice(SITES)}.example/{rng.randint(1, 10**6)}", "related coverage", "external")
        for _ in range(rng.randint(1, 4))
    ]
    if rng.random() < 0.3:
        links.append(Link(f"https://gov.example/reports/{number}.pdf", "For the complete report, click this link", "report"))
    return {
        "url": url, "fetched_url": url + "?utm_source=rss", "site": site, "title": title,
        "authors": [f"Author {rng.randint(1, 400)}"], "published": published, "language": language,
        "description": paragraphs[0][:160], "body": body, "links": [link.__dict__ for link in links],
        "tags": [rng.choice(COMMON[40:120]) for _ in range(2)], "word_count": len(words(body)),
        "content_hash": content_hash(body), "simhash": simhash(body),
    }  # fmt: skip


def articles(total: int, workers: int) -> Iterator[Article]:
    """Articles in crawl order: unique stories with copies of recent ones (exact or edited) mixed in."""
    rng = random.Random(42)
    originals: list[dict] = []
    chunk = 500
    unique_total = int(total * (1 - SHARE - EDITED))
    copies_left = total - unique_total
    with Pool(workers) as pool:
        for records in pool.imap(generate_chunk, ((s, min(chunk, unique_total - s)) for s in range(0, unique_total, chunk))):
            for record in records:
                originals = (originals + [record])[-2000:]
                yield Article.from_dict(record)
                while copies_left and rng.random() < (SHARE + EDITED) / (1 - SHARE - EDITED):
                    yield _copy(rng.choice(originals), rng, total - copies_left)
                    copies_left -= 1
    while copies_left:
        yield _copy(rng.choice(originals), rng, total - copies_left)
        copies_left -= 1


def _copy(record: dict, rng: random.Random, number: int) -> Article:
    copy = dict(record)
    site = rng.choice([s for s in SITES if s != record["site"]])
    copy["url"] = copy["fetched_url"] = f"https://www.{site}.example/wire/{number}"
    copy["site"] = site
    if rng.random() < EDITED / (SHARE + EDITED):
        paragraphs = record["body"].split("\n\n")
        paragraphs.insert(rng.randrange(1, len(paragraphs)), paragraphs[0][::-1])  # an added paragraph
        copy["body"] = "\n\n".join(paragraphs)
        copy["title"] = "Update: " + record["title"]
        copy.update(word_count=len(words(copy["body"])), content_hash=content_hash(copy["body"]), simhash=simhash(copy["body"]))
    return Article.from_dict(copy)


def raw_page(article: Article) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in article.body.split("\n\n"))
    nav = "".join(f'<a href="/section/{n}">Section {n}</a>' for n in range(40))
    related = "".join(f'<a href="/news/{n}">Related story number {n}</a>' for n in range(20))
    return PAGE.format(lang=article.language, title=article.title, site=article.site, url=article.url,
                       published=article.published, nav=nav, paragraphs=paragraphs, related=related,
                       footer="Copyright. All rights reserved. " * 20).encode()  # fmt: skip


def generate(path: Path, total: int, workers: int) -> None:
    """Write the generated articles as JSONL first, so that generation does not compete with the ingest."""
    partial = path.with_name(path.name + ".part")
    with partial.open("w", encoding="utf-8") as out:
        for number, article in enumerate(articles(total, workers), 1):
            out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
            if number % 20_000 == 0:
                print(f"  generated {number:,}", file=sys.stderr)
    partial.replace(path)


class TimedConnection:
    """The archive's connection, adding up the CPU time the calling thread spends inside SQLite calls (the first
    step of each statement; rows a loop fetches later are not counted, so the sum is a lower bound)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn, self.cpu = conn, 0.0

    def __getattr__(self, name: str):
        return getattr(self.conn, name)

    def execute(self, *args):
        return self._timed(self.conn.execute, args)

    def executemany(self, *args):
        return self._timed(self.conn.executemany, args)

    def _timed(self, call, args: tuple):
        begin = time.thread_time()
        try:
            return call(*args)
        finally:
            self.cpu += time.thread_time() - begin


def ingest(db: Path, source: Path) -> dict:
    """Upsert every generated article with its raw page, 500 per upsert_articles call (one transaction each);
    only the upserts are timed. CPU is split into the writing thread's time inside SQLite, its other (Python)
    time, and the time of the archive's other threads (snapshot compression, WAL checkpoints)."""
    batch, timed, cpu, writer, stored = 500, 0.0, 0.0, 0.0, 0
    with Archive(db) as archive, source.open(encoding="utf-8") as lines:
        archive.conn = timed_conn = TimedConnection(archive.conn)
        while True:
            pending = [Article.from_dict(json.loads(line)) for line in islice(lines, batch)]
            if not pending:
                break
            raws = [raw_page(article) for article in pending]
            begin, begin_cpu, begin_thread = time.perf_counter(), time.process_time(), time.thread_time()
            archive.upsert_articles(zip(pending, raws), content_type="text/html; charset=utf-8")
            timed += time.perf_counter() - begin
            cpu += time.process_time() - begin_cpu
            writer += time.thread_time() - begin_thread
            stored += len(pending)
            if stored % 10_000 == 0:
                print(f"  ingested {stored:,} ({stored / timed:,.0f}/s)", file=sys.stderr)
        archive.conn = timed_conn.conn
        one = lambda sql: archive.conn.execute(sql).fetchone()[0]  # noqa: E731
        copy = "url LIKE '%/wire/%'"  # copies live under /wire/, edited ones carry an "Update: " headline
        dedupe = {
            "exact_found": one(f"SELECT COUNT(*) FROM articles WHERE {copy} AND title NOT LIKE 'Update: %' AND duplicate_of IS NOT NULL"),
            "exact_copies": one(f"SELECT COUNT(*) FROM articles WHERE {copy} AND title NOT LIKE 'Update: %'"),
            "edited_found": one(f"SELECT COUNT(*) FROM articles WHERE {copy} AND title LIKE 'Update: %' AND duplicate_of IS NOT NULL"),
            "edited_copies": one(f"SELECT COUNT(*) FROM articles WHERE {copy} AND title LIKE 'Update: %'"),
            "false_positives": one(f"SELECT COUNT(*) FROM articles WHERE NOT {copy} AND duplicate_of IS NOT NULL"),
        }  # fmt: skip
    copies = dedupe["exact_copies"] + dedupe["edited_copies"]
    return {"articles": stored, "seconds": timed, "per_second": stored / timed, "per_cpu_second": stored / cpu,
            "sqlite_ms": timed_conn.cpu / stored * 1000, "python_ms": (writer - timed_conn.cpu) / stored * 1000,
            "other_threads_ms": (cpu - writer) / stored * 1000, "copies": copies, **dedupe}  # fmt: skip


QUERIES = (
    "strike", "port workers", '"trade union"', "inflat*", "election AND parliament", "flood OR drought",
    "minister NOT police", "ceasefire", "copper mining", '"central bank"', "budget tax", "refugees camp",
    "NEAR(court judge, 5)", "solar wind coal", "title:strike", "ہڑتال", "کراچی", "港口罢工", "选举", "rupees",
)


def search_latency(db: Path, rounds: int = 10) -> dict:
    with Archive(db, create=False) as archive:
        vocab, _ = vocabulary(random.Random(7))
        rare = [w for w in vocab[1000:1100]]
        queries = list(QUERIES) + rare[:30] + [f"{w}*" for w in rare[30:40]]
        for query in queries:  # warm the page cache once
            archive.search(query)
        timings, cpu_timings, hits = [], [], 0
        for _ in range(rounds):
            for query in queries:
                begin, begin_cpu = time.perf_counter(), time.process_time()
                hits += len(archive.search(query, limit=20))
                timings.append((time.perf_counter() - begin) * 1000)
                cpu_timings.append((time.process_time() - begin_cpu) * 1000)
        filtered = []
        for query in queries[:20]:
            begin = time.perf_counter()
            archive.search(query, site="site03", since="2024-06-01", lang="en")
            filtered.append((time.perf_counter() - begin) * 1000)
    timings.sort()
    cpu_timings.sort()
    return {
        "cpu_p50_ms": statistics.median(cpu_timings), "cpu_p95_ms": cpu_timings[int(len(cpu_timings) * 0.95)],
        "queries": len(timings), "p50_ms": statistics.median(timings), "p95_ms": timings[int(len(timings) * 0.95)],
        "max_ms": timings[-1], "filtered_p95_ms": sorted(filtered)[int(len(filtered) * 0.95)], "mean_hits": hits / len(timings),
    }  # fmt: skip


# `newsarchive export` that reports its own peak memory (VmHWM) when it exits: ru_maxrss of a child carries the
# high-water mark of the process that started it across exec, here this benchmark's, page cache of the ingest included.
EXPORT = """
import atexit, re, sys
from newsarchive.cli import cli
status = lambda: open("/proc/self/status").read()
atexit.register(lambda: sys.stderr.write("peak_kb " + re.search(r"VmHWM:\\s+(\\d+) kB", status()).group(1) + "\\n"))
cli(sys.argv[1:], prog_name="newsarchive")
"""


def export_run(db: Path) -> dict:
    """`newsarchive export` in a child process: articles/s and the child's peak resident memory."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "export.jsonl"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        begin = time.perf_counter()
        child = subprocess.run([sys.executable, "-c", EXPORT, "export", "-o", str(out), "--db", str(db)], check=True,
                               cwd=Path(__file__).resolve().parent.parent, stderr=subprocess.PIPE, text=True)  # fmt: skip
        seconds = time.perf_counter() - begin
        lines = sum(1 for _ in out.open(encoding="utf-8"))
        size = out.stat().st_size
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    peak_kb = int(re.findall(r"^peak_kb (\d+)$", child.stderr, flags=re.M)[-1])
    return {"articles": lines, "seconds": seconds, "per_second": lines / seconds, "per_cpu_second": lines / cpu,
            "peak_rss_mb": peak_kb / 1024, "jsonl_bytes": size}  # fmt: skip


def sizes(db: Path, articles: int) -> dict:
    with Archive(db, create=False) as archive:
        archive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        groups: dict[str, int] = {}
        for name, size in archive.conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"):
            group = ("articles_fts" if name.startswith("articles_fts") else "articles_trigram" if name.startswith("articles_trigram")
                     else "articles" if name.startswith(("articles", "idx_articles", "sqlite_autoindex_articles")) else
                     "links" if name.startswith(("article_links", "idx_article_links")) else
                     name.removeprefix("idx_").removeprefix("sqlite_autoindex_").split("_")[0])  # fmt: skip
            groups[group] = groups.get(group, 0) + size
    total = db.stat().st_size
    return {"bytes_per_article": total / articles, "file_mb": total / 2**20,
            "per_article_by_table": {k: round(v / articles) for k, v in sorted(groups.items(), key=lambda kv: -kv[1]) if v / articles >= 1}}  # fmt: skip


def write_results(results: dict, path: Path) -> None:
    """Replace the "## Store" section of RESULTS.md (other sections untouched)."""
    i, s, e, z, b = results["ingest"], results["search"], results["export"], results["size"], results["bare"]
    load = results["load"]
    section = f"""## Store

`python bench/store.py --articles {i['articles']} --write-results` on {results['machine']}; the machine was shared
with other work (1-minute load average {load[0]:.1f} at the start, {load[1]:.1f} at the end), so wall-clock rates are
pessimistic and the CPU-time rates (work done per second of this process's CPU) are given beside them.
Generated archive: {i['articles']:,} articles, 12 sites, en/ur/zh, {i['copies']:,} syndicated or edited copies,
raw HTML page (about 7.5 KB) kept for every article. Targets from issue 6 in brackets.

| measure | wall clock | per CPU second |
|---|---|---|
| ingest: `upsert_articles`, 500 per call (one transaction), with FTS5, trigram, dedupe, links, zstd snapshot [≥ 2,000/s] | **{i['per_second']:,.0f} articles/s** | {i['per_cpu_second']:,.0f} articles/s |
| CPU per article of the ingest: writing thread inside SQLite (at least) / its Python / other threads (zstd, WAL checkpoints) | {i['sqlite_ms']:.2f} / {i['python_ms']:.2f} / {i['other_threads_ms']:.2f} ms | |
| the most one SQLite writer allows with that SQLite work (1 / its ms per article), Python free | {1000 / i['sqlite_ms']:,.0f} articles/s | |
| bare SQLite (bench/barestore.py): the same rows, search entries, links and snapshots, executemany only, 500 per transaction, no dedupe | {b['per_second']:,.0f} articles/s | {b['per_cpu_second']:,.0f} articles/s |
| search p50 / p95 / max, {s['queries']} timed queries, limit 20 [p95 ≤ 50 ms] | **{s['p50_ms']:.1f} / {s['p95_ms']:.1f} / {s['max_ms']:.1f} ms** | {s['cpu_p50_ms']:.1f} / {s['cpu_p95_ms']:.1f} ms |
| search with --site/--since/--lang filters, p95 | {s['filtered_p95_ms']:.1f} ms | |
| export JSONL, `newsarchive export -o` in a child process [≥ 10,000/s, < 200 MB] | **{e['per_second']:,.0f} articles/s**, peak RSS **{e['peak_rss_mb']:.0f} MB** | {e['per_cpu_second']:,.0f} articles/s |
| database size | {z['file_mb']:,.0f} MB, **{z['bytes_per_article']:,.0f} bytes/article** | |

Bytes per article by table: {', '.join(f'{k} {v:,}' for k, v in z['per_article_by_table'].items())}.

Duplicates: {i['exact_found']:,} of {i['exact_copies']:,} exact copies and {i['edited_found']:,} of {i['edited_copies']:,}
edited copies (new headline, added paragraph) found; {i['false_positives']:,} unique articles wrongly marked.

"""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n\n"
    match = re.search(r"^## Store\n.*?(?=^## |\Z)", text, flags=re.M | re.S)
    text = text[: match.start()] + section + text[match.end() :] if match else text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="How many articles to generate.")
    parser.add_argument("--db", type=Path, help="Archive to build (default: a temporary file, deleted after).")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="Processes generating articles.")
    parser.add_argument("--write-results", action="store_true", help="Update the Store section of bench/RESULTS.md.")
    parser.add_argument("--cache", type=Path, help="Keep the generated articles in this JSONL file and reuse it next time.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        if db.exists():
            sys.exit(f"{db} exists; give a new path")
        results = {"machine": f"{os.cpu_count()} CPU, Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}"}
        load_before = os.getloadavg()[0]
        source = args.cache or Path(tmp) / "articles.jsonl"
        if not source.exists():
            generate(source, args.articles, args.workers)
        results["ingest"] = ingest(db, source)
        print(json.dumps(results["ingest"]), flush=True)
        results["search"] = search_latency(db)
        print(json.dumps(results["search"]), flush=True)
        results["export"] = export_run(db)
        print(json.dumps(results["export"]), flush=True)
        results["size"] = sizes(db, results["ingest"]["articles"])
        print(json.dumps(results["size"]), flush=True)
        results["bare"] = bare_ingest(Path(tmp) / "bare.db", source, raw_page)
        print(json.dumps(results["bare"]), flush=True)
        results["load"] = (load_before, os.getloadavg()[0])
    if args.write_results:
        write_results(results, Path(__file__).resolve().parent / "RESULTS.md")


if __name__ == "__main__":
    main()

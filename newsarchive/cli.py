"""The `newsarchive` command line: one click group, shared options, one clear line per error."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from .errors import ConfigError, NewsarchiveError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class NewsarchiveGroup(click.Group):
    """Click group that turns NewsarchiveError (and OS errors on user paths) into one line and exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsarchiveError as exc:
            raise click.ClickException(str(exc)) from None
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(1)
        except OSError as exc:  # a full disk or an I/O error while writing the output
            _drop_pending_output()
            message = f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror or str(exc)
            raise click.ClickException(message) from None


def _drop_pending_output() -> None:
    """Point stdout at /dev/null, so that the exit does not fail again flushing what could not be written."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout is not a file (a test runner's buffer): nothing is pending on a descriptor
        pass


def db_option(fn: Callable) -> Callable:
    """The shared `--db PATH` option (default ./archive.db)."""
    return click.option(
        "--db",
        "db_path",
        default="archive.db",
        show_default=True,
        type=click.Path(dir_okay=False),
        help="Archive database file.",
    )(fn)


def output_options(fn: Callable) -> Callable:
    """Shared `--json` / `--csv` output format flags; default is a table on a terminal, JSON lines in a pipe."""

    @click.option("--json", "as_json", is_flag=True, help="Output JSON lines.")
    @click.option("--csv", "as_csv", is_flag=True, help="Output CSV with a header row.")
    @functools.wraps(fn)
    def wrapper(*args: Any, as_json: bool, as_csv: bool, **kwargs: Any) -> Any:
        if as_json and as_csv:
            raise click.UsageError("choose one of --json and --csv")
        fmt = "json" if as_json else "csv" if as_csv else ("table" if sys.stdout.isatty() else "json")
        return fn(*args, fmt=fmt, **kwargs)

    return wrapper


def emit_rows(rows: Iterable[dict[str, Any]], fmt: str, columns: list[str] | None = None) -> int:
    """Write rows as a rich table, JSON lines or CSV to stdout; return how many were written."""
    count = 0
    if fmt == "json":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
            count += 1
        return count
    if fmt == "csv":
        import csv

        writer = None
        for row in rows:
            if writer is None:
                writer = csv.DictWriter(sys.stdout, fieldnames=columns or list(row), extrasaction="ignore")
                writer.writeheader()
            writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in row.items()})
            count += 1
        if writer is None and columns:
            csv.writer(sys.stdout).writerow(columns)
        return count
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    materialised = list(rows)
    table = Table(*(columns or (list(materialised[0]) if materialised else [])))
    for row in materialised:
        table.add_row(*(Text("" if v is None else str(v)) for v in row.values()))  # data, not markup
    Console().print(table)
    return len(materialised)


@click.group(cls=NewsarchiveGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="newsarchive")
def cli() -> None:
    """Crawl news sites, extract articles cleanly, and archive every revision in one SQLite file."""


@cli.group("sites")
def sites_group() -> None:
    """Validate and inspect sites.toml files."""


@sites_group.command("check")
@click.argument("path", type=click.Path())
def sites_check(path: str) -> None:
    """Validate a sites.toml file without crawling, and summarise each site."""
    from .config import format_duration, load_sites

    loaded = load_sites(path)
    for site in loaded:
        limit = f", at most {site.max_pages} pages" if site.max_pages else ""
        click.echo(f"{site.name}  (recrawl every {format_duration(site.recrawl)}{limit})")
        for label, urls in (("start", site.urls), ("feed", site.feeds), ("sitemap", site.sitemaps)):
            for url in urls:
                click.echo(f"  {label:<8} {url}")
    click.echo(f"{path}: {len(loaded)} site{'s' if len(loaded) != 1 else ''} OK")


# --- crawling and extraction -------------------------------------------------------------------


def _print_summary(summary: dict[str, Any]) -> None:
    if sys.stdout.isatty():
        click.echo("  ".join(f"{k.replace('_', ' ')}: {v}" for k, v in summary.items() if not isinstance(v, dict)))
    else:
        click.echo(json.dumps(summary, ensure_ascii=False))


def crawl_options(fn: Callable) -> Callable:
    """Options shared by `crawl` and `schedule`: politeness, safety, workers, logging, --db."""
    for decorator in reversed(
        [
            click.option("--sites", "sites_path", type=click.Path(dir_okay=False), help="sites.toml listing the sites to crawl."),
            click.option("--delay", type=click.FloatRange(min=0), help="Seconds between requests to one host [default: 0.5, adapted by AutoThrottle; 0: none, AutoThrottle off]."),
            click.option("--allow-private", is_flag=True, help="Allow loopback, private and link-local addresses (test servers)."),
            click.option("--user-agent", help="User-Agent header [default: newsarchive/VERSION (...)]."),
            click.option("--jobs", type=click.IntRange(min=0), help="Extraction worker processes [default: one per core; 0: none]."),
            click.option("--no-snapshots", is_flag=True, help="Do not keep the raw responses (re-extraction needs them)."),
            click.option("-v", "--verbose", count=True, help="Show Scrapy's log (-v info, -vv debug)."),
            db_option,
        ]
    ):
        fn = decorator(fn)
    return fn


def _crawl_setup(urls: tuple[str, ...], opts: dict[str, Any]) -> tuple[list, Any]:
    """The sites to crawl (from URLS and --sites, address-checked) and the Scrapy settings for the options."""
    from .config import load_sites, sites_from_urls
    from .crawl import crawl_settings
    from .netguard import check_public_url
    from .urls import validate_http_url

    if not urls and not opts["sites_path"]:
        raise click.UsageError("give start URLs, --sites sites.toml, or both")
    sites = list(load_sites(opts["sites_path"])) if opts["sites_path"] else []
    sites += sites_from_urls([validate_http_url(u) for u in urls])
    if not opts["allow_private"]:
        for site in sites:
            for url in site.urls:
                check_public_url(url)
    delay = opts["delay"]
    settings = crawl_settings(
        opts["db_path"],
        NEWSARCHIVE_ALLOW_PRIVATE=opts["allow_private"],
        DOWNLOAD_DELAY=delay,
        AUTOTHROTTLE_START_DELAY=delay,
        USER_AGENT=opts["user_agent"],
        NEWSARCHIVE_EXTRACT_WORKERS=opts["jobs"],
        NEWSARCHIVE_SNAPSHOTS=not opts["no_snapshots"],
        LOG_LEVEL={0: "WARNING", 1: "INFO"}.get(opts["verbose"], "DEBUG"),
        DOWNLOAD_SLOTS=_site_slots(sites),
    )
    return sites, settings


@cli.command()
@click.argument("urls", nargs=-1)
@click.option("--max-pages", type=click.IntRange(min=1), help="Stop after fetching this many pages in this run.")
@click.option("--refresh", is_flag=True, help="Re-check every known article now, with conditional GET.")
@crawl_options
def crawl(urls: tuple[str, ...], max_pages: int | None, refresh: bool, **opts: Any) -> None:
    """Crawl news sites: start pages given as URLS and/or the sites of a sites.toml.

    Finds articles from the start pages, their feeds and sitemaps, extracts and stores them in the archive.
    Polite by default: robots.txt, 2 requests at a time per host, an identifying User-Agent.
    Safe to run from cron and to kill: the next run picks up every URL still due.
    """
    from .crawl import CrawlPass, run_crawls

    sites, settings = _crawl_setup(urls, opts)
    (result,) = run_crawls(opts["db_path"], [CrawlPass(sites, max_pages=max_pages, refresh=refresh)], settings)
    _print_summary({"crawl": result.crawl_id, "status": result.status, "seconds": round(result.seconds, 1),
                    **{k: v for k, v in result.counts.items() if k != "sites"}})
    if result.status.startswith("failed"):
        sys.exit(1)


@cli.command()
@click.argument("urls", nargs=-1)
@crawl_options
def schedule(urls: tuple[str, ...], **opts: Any) -> None:
    """Keep crawling until stopped: each site again whenever something of it is due.

    Start pages, feeds and sitemaps come due at each site's `recrawl` interval, articles on a decaying
    re-check schedule. SIGTERM or Ctrl-C finishes the pages in flight and exits cleanly.
    """
    from .crawl import run_crawls
    from .schedule import scheduled_passes

    sites, settings = _crawl_setup(urls, opts)
    for result in run_crawls(opts["db_path"], scheduled_passes(opts["db_path"], sites), settings):
        _print_summary({"crawl": result.crawl_id, "status": result.status, "seconds": round(result.seconds, 1),
                        **{k: v for k, v in result.counts.items() if k != "sites"}})


@cli.command()
@click.option("--site", help="Only the articles of this site.")
@click.option("--sites", "sites_path", type=click.Path(dir_okay=False), help="sites.toml whose per-site extraction overrides apply.")
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes [default: one per core].")
@db_option
def reextract(site: str | None, sites_path: str | None, jobs: int | None, db_path: str) -> None:
    """Re-run the current extractor over the stored raw responses and correct the records in place.

    An archive improves when the extractor does. Safe to kill: each article is either as it was or
    re-extracted, and re-running finishes the job.
    """
    from rich.progress import Progress

    from .config import load_sites
    from .reextract import reextract as run_reextract
    from .store import Archive

    sites = load_sites(sites_path) if sites_path else []
    archive = Archive(db_path, create=False)
    try:
        total = archive.count_articles(site=site)
    finally:
        archive.close()
    if site and not total:
        raise ConfigError(f"no articles of site {site!r} in {db_path}")
    with Progress(disable=not sys.stderr.isatty(), transient=True) as bar:
        task = bar.add_task("re-extracting", total=total)
        counts = run_reextract(db_path, site=site, sites=sites, jobs=jobs, progress=lambda n: bar.advance(task, n))
    _print_summary({"reextracted": counts.seen, "changed": counts.changed, "unchanged": counts.unchanged})
    if total > counts.seen:
        click.echo(f"note: {total - counts.seen} of {total} articles have no stored raw response (crawled with "
                   "--no-snapshots, or imported) and were left as they were", err=True)  # fmt: skip


def _site_slots(sites: list) -> dict[str, dict[str, float]] | None:
    """Scrapy DOWNLOAD_SLOTS giving each host of a site with its own `delay` that delay."""
    from .urls import host_of

    slots = {host_of(url): {"delay": site.delay} for site in sites if site.delay is not None for url in site.urls}
    return slots or None


@cli.command()
@click.option("--keep-serving", is_flag=True, help="After the crawl, keep the demo sites up until Ctrl-C.")
@db_option
def demo(keep_serving: bool, db_path: str) -> None:
    """Crawl the bundled sample news sites on 127.0.0.1 into the archive and summarise what was stored.

    Runs two passes: the first finds and stores every article; the second, after one article was edited,
    re-checks them all with conditional GET and stores the edit as a new revision.
    """
    from .demo.run import run_demo

    summary = run_demo(db_path, keep_serving=keep_serving)
    click.echo(summary)


@cli.command()
@click.argument("source", required=False)
@click.option("--url", help="Original address of the page in FILE (for canonical URL and link kinds).")
@click.option("--batch", "manifest", type=click.Path(dir_okay=False), help="JSONL manifest: {\"id\", \"path\", \"url\"} per line.")
@click.option("-o", "--output", default="-", show_default=True, help="Output JSONL file for --batch ('-' for stdout).")
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes for --batch [default: one per core].")
@click.option("--allow-private", is_flag=True, help="Allow fetching a URL on a loopback or private address.")
def extract(source: str | None, url: str | None, manifest: str | None, output: str, jobs: int | None, allow_private: bool) -> None:
    """Print the extracted record of one page (a file, or an http(s) URL to fetch) as JSON.

    With --batch, extract every page of a manifest into one JSONL file, one record per page carrying its id;
    a page that cannot be parsed gives a record with an `error`, never a crash of the batch.
    """
    from .batch import read_manifest, read_page, run_batch
    from .extract import extract_article
    from .fetch import fetch_page

    if manifest:
        if source:
            raise click.UsageError("give either a page or --batch MANIFEST, not both")
        entries = list(read_manifest(manifest))
        records = run_batch(entries, jobs)
        if output == "-":
            for record in records:
                click.echo(json.dumps(record, ensure_ascii=False))
            return
        from rich.progress import Progress

        from .atomic import atomic_writer

        with atomic_writer(output) as handle, Progress(disable=not sys.stderr.isatty(), transient=True) as bar:
            task = bar.add_task("extracting", total=len(entries))
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                bar.advance(task)
        click.echo(f"{len(entries)} records written to {output}", err=True)
        return
    if not source:
        raise click.UsageError("give a FILE or URL, or --batch MANIFEST")
    if source.lower().startswith(("http://", "https://")):
        html, final_url = fetch_page(source, allow_private=allow_private)
        article = extract_article(html, url or final_url)
    else:
        path = Path(source)
        if not path.is_file():
            raise click.ClickException(f"no such file: {source}")
        article = extract_article(read_page(path), url or path.resolve().as_uri())
    click.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))


# -- Reading the archive: search, query, export, import, stats, history ------------------------------------------

_MARKS = ("\x02", "\x03")  # snippet highlight markers for the terminal view, never present in article text


def _filter_options(fn: Callable) -> Callable:
    """The shared article filters: --site, --since, --until, --lang."""
    fn = click.option("--lang", help="Only articles in this language (ISO 639-1 code, e.g. en, ur).")(fn)
    fn = click.option("--until", help="Only articles published on or before this date (YYYY-MM-DD or ISO 8601).")(fn)
    fn = click.option("--since", help="Only articles published on or after this date (YYYY-MM-DD or ISO 8601).")(fn)
    return click.option("--site", help="Only articles of this site.")(fn)


@cli.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="Most results to show.")
@_filter_options
@output_options
@db_option
def search(query: str, limit: int, site: str | None, since: str | None, until: str | None, lang: str | None,
           fmt: str, db_path: str) -> None:  # fmt: skip
    """Full-text search over titles and bodies, best match first, with a highlighted snippet.

    QUERY is SQLite FTS5 syntax: words, "a phrase", prefix*, AND / OR / NOT, NEAR(a b), title:word.
    In Chinese, Japanese, Korean and Thai, QUERY is words that must all occur (no OR, NOT, NEAR, title:).
    """
    from .store import Archive

    with Archive(db_path, create=False) as archive:
        results = archive.search(query, limit=limit, site=site, since=since, until=until, lang=lang,
                                 highlight=_MARKS if fmt == "table" else ("**", "**"))  # fmt: skip
    if fmt != "table":
        emit_rows(results, fmt, ["url", "site", "title", "published", "language", "snippet", "score"])
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    for number, result in enumerate(results, 1):
        console.print(Text.assemble((f"{number}. ", "dim"), (_one_line(result["title"] or "(untitled)"), "bold")))
        console.print(Text(f"   {result['url']}  ·  {result['site']}  ·  {result['published'] or 'undated'}", "dim"))
        snippet = Text("   ")
        for index, part in enumerate(_one_line(result["snippet"]).replace(_MARKS[1], _MARKS[0]).split(_MARKS[0])):
            snippet.append(part, "bold yellow" if index % 2 else "")
        console.print(snippet)
    if not results:
        click.echo("no matching articles", err=True)


def _one_line(text: str) -> str:
    """The text with each line break (and the blanks around it) shown as one space, for a terminal view."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


@cli.command()
@click.argument("sql")
@click.option("--timeout", default=5.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="Stop the query after this many seconds.")  # fmt: skip
@click.option("--max-rows", default=1000, show_default=True, type=click.IntRange(min=1),
              help="Output at most this many rows (a note on stderr says when more matched).")  # fmt: skip
@output_options
@db_option
def query(sql: str, timeout: float, max_rows: int, fmt: str, db_path: str) -> None:
    """Run one read-only SQL query on the archive; anything that would change the file is refused.

    Tables: articles (FTS5 index articles_fts), revisions, links, snapshots, urls, crawls.
    """
    from .store.readonly import run_query

    result = run_query(db_path, sql, timeout=timeout, max_rows=max_rows)
    emit_rows(result.rows, fmt, result.columns)
    if result.truncated:
        click.echo(f"note: output stopped at {max_rows} rows (--max-rows); the query has more", err=True)


@cli.command()
@click.option("-o", "--output", default="-", show_default=True,
              help="Output file, written atomically ('-' for standard output).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "warc"]), default="jsonl", show_default=True,
              help="jsonl: one record per article; csv: the same fields flat; warc: the stored raw responses.")  # fmt: skip
@_filter_options
@click.option("--search", "search_query", help="Only articles matching this full-text query.")
@db_option
def export(output: str, fmt: str, site: str | None, since: str | None, until: str | None, lang: str | None,
           search_query: str | None, db_path: str) -> None:  # fmt: skip
    """Stream the archive's articles as JSONL, CSV or WARC, in constant memory."""
    from .store import Archive, export as exporter

    write = {"jsonl": exporter.export_jsonl, "csv": exporter.export_csv, "warc": exporter.export_warc}[fmt]
    filters = {"site": site, "since": since, "until": until, "lang": lang, "search": search_query}
    with Archive(db_path, create=False) as archive, exporter.atomic_output(output) as out:
        if output == "-" or not sys.stderr.isatty():
            count = write(archive, out, **filters)
        else:
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                total = (archive.count_snapshots if fmt == "warc" else archive.count_articles)(**filters)
                task = bar.add_task(f"exporting {fmt}", total=total)
                count = write(archive, out, progress=lambda done: bar.advance(task, done), **filters)
    if output != "-":
        click.echo(f"{count} {'responses' if fmt == 'warc' else 'articles'} written to {output}", err=True)


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@db_option
def import_(file: str, db_path: str) -> None:
    """Load a JSONL export into an archive (created if missing), keeping every record field.

    The whole file is imported in one transaction: a bad line imports nothing (and creates no archive).
    """
    from .store import Archive
    from .store.export import read_jsonl

    created = not Path(db_path).exists()
    try:
        with Archive(db_path) as archive:
            counts = archive.import_articles(read_jsonl(file))
    except BaseException:
        if created:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(db_path + suffix).unlink(missing_ok=True)
        raise
    click.echo(f"{counts['new']} new and {counts['updated']} updated articles imported into {db_path}", err=True)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Output one JSON object (the default when piped).")
@db_option
def stats(as_json: bool, db_path: str) -> None:
    """Articles per site, oldest and newest dates, duplicates, revisions, and the last crawl."""
    from .store import Archive

    with Archive(db_path, create=False) as archive:
        summary = archive.stats()
    if as_json or not sys.stdout.isatty():
        click.echo(json.dumps(summary, ensure_ascii=False))
        return
    click.echo(
        f"{summary['articles']} articles ({summary['oldest'] or '-'} to {summary['newest'] or '-'}), "
        f"{summary['duplicates']} duplicates, {summary['revisions']} earlier revisions of "
        f"{summary['revised_articles']} articles, {summary['report_links']} report links, "
        f"{summary['snapshots']} raw snapshots"
    )
    emit_rows(summary["sites"], "table", ["site", "articles", "oldest", "newest", "duplicates"])
    last = summary["last_crawl"]
    if last:
        click.echo(
            f"last crawl #{last['id']}: {last['status']}, started {last['started']}, finished {last['finished'] or '-'}; "
            f"{last['pages']} pages, {last['articles_new']} new, {last['articles_updated']} updated, "
            f"{last['articles_unchanged']} unchanged, {last['duplicates']} duplicates, {last['errors']} errors"
        )
    else:
        click.echo("no crawl recorded yet")


@cli.command()
@click.argument("url")
@click.option("--diff", nargs=2, type=int, metavar="A B", help="Show a unified diff from revision A to revision B.")
@click.option("--json", "as_json", is_flag=True,
              help="Output the versions as JSON lines with their bodies (piped: without, with word counts).")  # fmt: skip
@db_option
def history(url: str, diff: tuple[int, int] | None, as_json: bool, db_path: str) -> None:
    """List the stored versions of an article with their dates, or diff two of them."""
    from .store import Archive
    from .store.history import unified_diff
    from .urls import canonical_url

    with Archive(db_path, create=False) as archive:
        versions = archive.revisions(url) or archive.revisions(canonical_url(url))
    if not versions:
        raise NewsarchiveError(f"no article with URL {url} in {db_path}")
    if diff:
        for line in unified_diff(url, versions, *diff):
            click.echo(line)
        return
    if as_json:
        emit_rows(versions, "json")
        return
    summaries = [{**{k: v for k, v in version.items() if k != "body"}, "words": len((version["body"] or "").split())}
                 for version in versions]  # fmt: skip
    if not sys.stdout.isatty():
        emit_rows(summaries, "json")
        return
    rows = [
        {"revision": s["revision"], "seen from": s["seen_from"], "replaced": s["replaced_at"] or "(current)",
         "words": s["words"], "title": s["title"]}
        for s in summaries
    ]  # fmt: skip
    emit_rows(rows, "table")

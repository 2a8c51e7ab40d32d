"""The `newsarchive` command line: one click group, shared options, one clear line per error."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable
from typing import Any

import click

from .errors import NewsarchiveError

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

    materialised = list(rows)
    table = Table(*(columns or (list(materialised[0]) if materialised else [])))
    for row in materialised:
        table.add_row(*("" if v is None else str(v) for v in row.values()))
    Console().print(table)
    return len(materialised)


@click.group(cls=NewsarchiveGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="newsarchive")
def cli() -> None:
    """Crawl news sites, extract articles cleanly, and archive every revision in one SQLite file."""

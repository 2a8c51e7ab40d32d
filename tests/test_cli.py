"""The command line as a user meets it: help everywhere, documented in the README, one clear line per mistake."""

from __future__ import annotations

import hashlib

import click
import pytest
from click.testing import CliRunner

from newsarchive.cli import cli

from conftest import ROOT


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        yield path, command
        if isinstance(command, click.Group):
            yield from _commands(command, path)


COMMANDS = list(_commands(cli))


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help_and_every_option_is_explained(path, command):
    for flag in ("-h", "--help"):
        result = CliRunner().invoke(cli, [*path, flag])
        assert result.exit_code == 0, result.output
        assert "Usage:" in result.output
    assert command.help and command.help.strip()
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"{' '.join(path)} {param.opts} has no help text"


@pytest.mark.parametrize("path", [p for p, c in COMMANDS if not isinstance(c, click.Group)], ids=lambda p: " ".join(p))
def test_every_command_is_documented_in_the_readme(path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"newsarchive {' '.join(path)}" in readme


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and "version" in result.output


@pytest.fixture
def not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not an archive\n")
    return path


BAD_INPUTS = {
    "missing page file": ["extract", "/no/such/page.html"],
    "missing manifest": ["extract", "--batch", "/no/such/manifest.jsonl"],
    "not http": ["crawl", "ftp://news.example.com/", "--db", "{tmp}/a.db"],
    "javascript url": ["crawl", "javascript:alert(1)", "--db", "{tmp}/a.db"],
    "loopback without --allow-private": ["crawl", "http://127.0.0.1:9/", "--db", "{tmp}/a.db"],
    "missing sites file": ["crawl", "--sites", "/no/such/sites.toml", "--db", "{tmp}/a.db"],
    "malformed sites file": ["crawl", "--sites", "{tmp}/broken.toml", "--db", "{tmp}/a.db"],
    "nothing to crawl": ["crawl", "--db", "{tmp}/a.db"],
    "not a database (search)": ["search", "report", "--db", "{notdb}"],
    "not a database (export)": ["export", "--db", "{notdb}"],
    "not a database (stats)": ["stats", "--db", "{notdb}"],
    "missing archive (query)": ["query", "select 1", "--db", "{tmp}/none.db"],
    "unreadable directory as archive": ["stats", "--db", "{tmp}"],
}


@pytest.mark.parametrize("args", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_is_one_clear_line_and_a_non_zero_exit(args, tmp_path, not_a_database, cli_run):
    (tmp_path / "broken.toml").write_text('[[sites]]\nname = "x"\nurl = ["https://a.example/"\n')
    before = hashlib.sha256(not_a_database.read_bytes()).hexdigest()
    result = cli_run(*(a.format(tmp=tmp_path, notdb=not_a_database) for a in args), check=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 or lines[0].startswith("Usage:"), result.stderr
    assert hashlib.sha256(not_a_database.read_bytes()).hexdigest() == before
    assert not (tmp_path / "none.db").exists()

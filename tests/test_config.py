"""Tests for newsarchive.config: sites.toml loading, validation errors with lines, durations, URL ownership."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.cli import cli
from newsarchive.config import (
    DEFAULT_RECRAWL,
    Site,
    format_duration,
    load_sites,
    parse_duration,
    site_for_url,
    sites_from_urls,
)
from newsarchive.errors import ConfigError, UrlError
from newsarchive.models import Overrides

REPO = Path(__file__).resolve().parents[1]

FULL = """\
# a comment
[[sites]]
name = "daily"
url = ["https://www.dailyherald.com/", "https://news.dailyherald.com/world"]
feeds = ["https://www.dailyherald.com/rss.xml"]
sitemaps = "https://www.dailyherald.com/sitemap.xml"
allow = ['/\\d{4}/\\d{2}/', '/world/']
deny = '/live/'
recrawl = "1h30m"
max_pages = 200
user_agent = "ResearchBot/1.0"
delay = "2s"

[sites.headers]
Cookie = "session=abc"

[sites.overrides]
title = "h1.headline"
body = "//div[@class='story']//p"

[[sites]]
name = "tribune"
url = "http://tribune.example.org"
recrawl = 900
"""

GOOD = {
    "full": (
        FULL,
        [
            dict(
                name="daily",
                urls=("https://www.dailyherald.com/", "https://news.dailyherald.com/world"),
                feeds=("https://www.dailyherald.com/rss.xml",),
                sitemaps=("https://www.dailyherald.com/sitemap.xml",),
                allow=(r"/\d{4}/\d{2}/", "/world/"),
                deny=("/live/",),
                recrawl=5400.0,
                max_pages=200,
                user_agent="ResearchBot/1.0",
                headers=(("Cookie", "session=abc"),),
                delay=2.0,
                overrides=Overrides(title="h1.headline", body="//div[@class='story']//p"),
            ),
            dict(name="tribune", urls=("http://tribune.example.org",), recrawl=900.0, delay=None, overrides=None),
        ],
    ),
    "minimal": (
        '[[sites]]\nname = "m"\nurl = "https://m.example.com/"\n',
        [
            dict(
                name="m", urls=("https://m.example.com/",), feeds=(), sitemaps=(), allow=(), deny=(),
                recrawl=DEFAULT_RECRAWL, max_pages=None, user_agent=None, headers=(), delay=None, overrides=None,
            )
        ],
    ),
    "inline tables and name padding": (
        '[[sites]]\nname = "  padded "\nurl = ["https://p.example.com/", "https://p.example.com/"]\n'
        'overrides = { authors = "  .byline a  ", published = "(//time)[1]" }\nheaders = {}\n',
        [
            dict(
                name="padded",
                urls=("https://p.example.com/",),
                overrides=Overrides(authors=".byline a", published="(//time)[1]"),
                headers=(),
            )
        ],
    ),
    "recrawl in weeks and delay zero": (
        '[[sites]]\nname = "w"\nurl = "https://w.example.com/"\nrecrawl = "1w 2d"\ndelay = 0\n',
        [dict(name="w", recrawl=777600.0, delay=0.0)],
    ),
}


@pytest.mark.parametrize("text, expected", GOOD.values(), ids=GOOD.keys())
def test_load_good_documents(tmp_path: Path, text: str, expected: list[dict]) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    sites = load_sites(path)
    assert len(sites) == len(expected)
    for site, fields in zip(sites, expected):
        for key, value in fields.items():
            actual = getattr(site, key)
            if key in ("allow", "deny"):
                actual = tuple(p.pattern for p in actual)
            assert actual == value, key


# (document, line of the error, fragment the message must contain)
BAD = {
    "toml syntax": ('[[sites]]\nname = "a"\nurl = \n', "3:7", "invalid TOML: Invalid value"),
    "toml unterminated string": ('[[sites]]\nname = "a\n', "2:", "invalid TOML"),
    "toml duplicate key": ('[[sites]]\nname = "a"\nname = "b"\n', "3:", "invalid TOML"),
    "unknown site key": (
        '[[sites]]\nname = "a"\nurl = "https://a.example.com/"\nrecrawl_every = "1h"\n',
        "4",
        "unknown key 'recrawl_every' in [[sites]] (known keys: name, url, feeds, sitemaps, allow, deny, recrawl, max_pages, user_agent, headers, delay, overrides; did you mean 'recrawl'?)",
    ),
    "unknown key in second site": (
        '[[sites]]\nname = "a"\nurl = "https://a.example.com/"\nfeeds = []\n\n'
        '[[sites]]\nname = "b"\nurl = "https://b.example.com/"\nfeed = "https://b.example.com/rss"\n',
        "9",
        "unknown key 'feed' in [[sites]] (known keys: name, url, feeds, sitemaps, allow, deny, recrawl, max_pages, user_agent, headers, delay, overrides; did you mean 'feeds'?)",
    ),
    "unknown top-level key": ('user_agent = "x"\n[[sites]]\nname = "a"\nurl = "https://a.example.com/"\n', "1", "unknown top-level key 'user_agent'"),
    "no sites": ("# nothing here\n", None, "defines no sites"),
    "sites not tables": ('sites = ["a", "b"]\n', "1", "must be [[sites]] tables"),
    "missing name": ('[[sites]]\nurl = "https://a.example.com/"\n', "1", "has no 'name'"),
    "empty name": ('[[sites]]\nname = " "\nurl = "https://a.example.com/"\n', "2", "'name' must be a non-empty string"),
    "missing url": ('[[sites]]\nname = "a"\nrecrawl = "1h"\n', "1", "site 'a': no 'url'"),
    "empty url list": ('[[sites]]\nname = "a"\nurl = []\n', "3", "'url' is empty"),
    "url not a string": ('[[sites]]\nname = "a"\nurl = 42\n', "3", "'url' must be a string or a list of strings"),
    "ftp url": ('[[sites]]\nname = "a"\nurl = "ftp://a.example.com/"\n', "3", "only http and https URLs"),
    "bad feed url in multi-line list": (
        '[[sites]]\nname = "a"\nurl = "https://a.example.com/"\nfeeds = [\n  "https://a.example.com/rss",\n  "file:///etc/passwd",\n]\n',
        "6",
        "feeds: only http and https URLs can be crawled, not 'file:///etc/passwd'",
    ),
    "duplicate names": (
        '[[sites]]\nname = "a"\nurl = "https://a.example.com/"\n\n[[sites]]\nname = "A"\nurl = "https://b.example.com/"\n',
        "6",
        "site name 'A' is used twice (first at line 2)",
    ),
    "bad allow regex": (
        "[[sites]]\nname = \"a\"\nurl = \"https://a.example.com/\"\nallow = [\n  '/news/',\n  '/(world',\n]\n",
        "6",
        "allow pattern '/(world' is not a valid regular expression (missing ), unterminated subpattern",
    ),
    "bad deny regex": ('[[sites]]\nname = "a"\nurl = "https://a.example.com/"\ndeny = "*live"\n', "4", "deny pattern '*live' is not a valid"),
    "bad interval word": ("[[sites]]\nname = \"a\"\nurl = \"https://a.example.com/\"\nrecrawl = 'soon'\n", "4", "recrawl: not a duration: 'soon'"),
    "bad interval unit": ('[[sites]]\nname = "a"\nurl = "https://a.example.com/"\nrecrawl = "15 mins"\n', "4", "not a duration"),
    "zero interval": ('[[sites]]\nname = "a"\nurl = "https://a.example.com/"\nrecrawl = 0\n', "4", "recrawl must be longer than zero"),
    "negative interval": ('[[sites]]\nname = "a"\nurl = "https://a.example.com/"\nrecrawl = -5\n', "4", "finite number of seconds >= 0"),
    "infinite delay": ('[[sites]]\nname = "a"\nurl = "https://a.example.com/"\ndelay = inf\n', "4", "delay:"),
    "boolean interval": ('[[sites]]\nname = "a"\nurl = "https://a.example.com/"\nrecrawl = true\n', "4", "not a duration: True"),
    "max_pages zero": ('[[sites]]\nname = "a"\nurl = "https://a.example.com/"\nmax_pages = 0\n', "4", "max_pages must be a whole number >= 1"),
    "max_pages text": ('[[sites]]\nname = "a"\nurl = "https://a.example.com/"\nmax_pages = "ten"\n', "4", "max_pages must be"),
    "user agent with newline": ('[[sites]]\nname = "a"\nurl = "https://a.example.com/"\nuser_agent = "x\\ny"\n', "4", "user_agent must be one non-empty line"),
    "header name invalid": ('[[sites]]\nname = "a"\nurl = "https://a.example.com/"\n[sites.headers]\n"Bad Header" = "v"\n', "5", "'Bad Header' is not a valid HTTP header name"),
    "header value injection": ('[[sites]]\nname = "a"\nurl = "https://a.example.com/"\nheaders = { Cookie = "a\\r\\nHost: evil" }\n', "4", "header 'Cookie' must be one line of text"),
    "headers not a table": ('[[sites]]\nname = "a"\nurl = "https://a.example.com/"\nheaders = "Cookie: a"\n', "4", "headers must be a table"),
    "unknown override key": (
        '[[sites]]\nname = "a"\nurl = "https://a.example.com/"\n\n[sites.overrides]\ntitle = "h1"\ndate = "time"\n',
        "7",
        "unknown key 'date' in overrides (known keys: title, body, published, authors)",
    ),
    "bad css selector": ('[[sites]]\nname = "a"\nurl = "https://a.example.com/"\n[sites.overrides]\nbody = "div["\n', "5", "overrides.body: 'div[' is not a valid CSS selector"),
    "css pseudo element": ('[[sites]]\nname = "a"\nurl = "https://a.example.com/"\n[sites.overrides]\ntitle = "h1::text"\n', "5", "is not a valid CSS selector"),
    "bad xpath selector": ('[[sites]]\nname = "a"\nurl = "https://a.example.com/"\n[sites.overrides]\ntitle = "//h1["\n', "5", "'//h1[' is not a valid XPath expression"),
    "xpath unknown prefix": ('[[sites]]\nname = "a"\nurl = "https://a.example.com/"\n[sites.overrides]\ntitle = "//og:h1"\n', "5", "not a valid XPath expression (Undefined namespace prefix)"),
    "xpath unknown function": ('[[sites]]\nname = "a"\nurl = "https://a.example.com/"\n[sites.overrides]\ntitle = "(//h1 | foo())"\n', "5", "(Unregistered function)"),
    "xpath without leading slash": (
        '[[sites]]\nname = "a"\nurl = "https://a.example.com/"\noverrides = { authors = "descendant::a" }\n',
        "4",
        "an XPath selector must start with '/' or '('",
    ),
    "empty selector": ('[[sites]]\nname = "a"\nurl = "https://a.example.com/"\noverrides = { body = "" }\n', "4", "overrides.body must be a CSS or XPath selector string"),
    "overrides not a table": ('[[sites]]\nname = "a"\nurl = "https://a.example.com/"\noverrides = "h1"\n', "4", "overrides must be a table"),
}


@pytest.mark.parametrize("text, line, fragment", BAD.values(), ids=BAD.keys())
def test_load_bad_documents(tmp_path: Path, text: str, line: str | None, fragment: str) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_sites(path)
    message = str(caught.value)
    prefix = f"{path}:{line}" if line else f"{path}: "
    assert message.startswith(prefix), message
    assert fragment in message
    assert "\n" not in message
    assert "evil" not in message and "Cookie: a" not in message  # header values may be credentials


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=re.escape(f"{tmp_path / 'absent.toml'}: no such sites file")):
        load_sites(tmp_path / "absent.toml")


def test_directory_is_not_a_sites_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=re.escape(f"{tmp_path}: is a directory")):
        load_sites(tmp_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "sites.toml"
    path.write_text('[[sites]]\nname = "a"\nurl = "https://a.example.com/"\n')
    path.chmod(0)
    with pytest.raises(ConfigError, match=re.escape(f"{path}: cannot read sites file")):
        load_sites(path)


def test_file_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "sites.toml"
    path.write_bytes(b'[[sites]]\nname = "caf\xe9"\n')
    with pytest.raises(ConfigError, match=re.escape(f"{path}:2: not UTF-8 text")):
        load_sites(path)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "sites.toml"
    path.write_bytes(b'\xef\xbb\xbf[[sites]]\nname = "bom"\nurl = "https://bom.example.com/"\n')
    assert [s.name for s in load_sites(path)] == ["bom"]


def test_example_file_in_docs_is_valid() -> None:
    sites = load_sites(REPO / "docs" / "sites.example.toml")
    assert [s.name for s in sites] == ["example-news", "example-daily"]
    assert sites[1].overrides is not None and sites[1].overrides.published.startswith("//")


@pytest.mark.parametrize(
    "text, seconds",
    [
        ("90s", 90.0), ("15m", 900.0), ("1h", 3600.0), ("2d", 172800.0), ("1w", 604800.0),
        ("1h30m", 5400.0), ("1h 30m 15s", 5415.0), ("1.5h", 5400.0), ("3600", 3600.0), (" 45 ", 45.0),
        ("2H", 7200.0), ("0", 0.0), (120, 120.0), (0.25, 0.25),
    ],
)
def test_parse_duration(text: str | int | float, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["soon", "", "h", "1h-30m", "-5", "1y", "15 minutes", "1h30", None, True, -1, float("nan")])
def test_parse_duration_rejects(text: object) -> None:
    with pytest.raises(ConfigError):
        parse_duration(text)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "seconds, text",
    [(0, "0s"), (45, "45s"), (90, "1m30s"), (900, "15m"), (3600, "1h"), (5400, "1h30m"), (90061, "1d1h1m1s"), (1209600, "2w"), (2.5, "2.5s")],
)
def test_format_duration_round_trips(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text
    assert parse_duration(text) == seconds


def _site(**kwargs: object) -> Site:
    values: dict = {"name": "daily", "urls": ("https://www.dailyherald.com/",)}
    values.update(kwargs)
    return Site(**values)


@pytest.mark.parametrize(
    "allow, deny, url, allowed",
    [
        ((), (), "https://www.dailyherald.com/2024/01/story", True),
        ((), (), "https://news.dailyherald.com/x", True),  # same registered domain, other host
        ((), (), "http://dailyherald.com/", True),
        ((), (), "https://www.othernews.com/2024/01/story", False),
        ((), (), "https://dailyherald.com.evil.net/", False),
        ((), (), "mailto:desk@dailyherald.com", False),
        ((), (), "ftp://www.dailyherald.com/file", False),
        ((), (), "http://[::1", False),
        ((r"/\d{4}/",), (), "https://www.dailyherald.com/2024/01/story", True),
        ((r"/\d{4}/",), (), "https://www.dailyherald.com/about", "owned only"),
        ((r"/\d{4}/",), ("/live/",), "https://www.dailyherald.com/2024/live/blog", False),  # deny wins
        ((), ("/live/",), "https://www.dailyherald.com/live/blog", False),
        ((r"/\d{4}/",), (), "https://www.othernews.com/2024/01/story", False),  # allow never widens the domain
    ],
)
def test_allows_and_owns(allow: tuple[str, ...], deny: tuple[str, ...], url: str, allowed: bool | str) -> None:
    """`owns` is domain and deny patterns (feeds, listings); `allows` adds the allow patterns (articles)."""
    site = _site(allow=tuple(map(re.compile, allow)), deny=tuple(map(re.compile, deny)))
    assert site.allows(url) is (allowed is True)
    assert site.owns(url) is bool(allowed)


def test_site_needs_a_start_url() -> None:
    with pytest.raises(ConfigError, match="no start URL"):
        _site(urls=())


def test_site_repr_hides_headers() -> None:
    site = _site(headers=(("Cookie", "secret-session"),))
    assert "secret-session" not in repr(site)
    assert site.headers == (("Cookie", "secret-session"),)


def test_site_for_url_prefers_the_site_whose_allow_matched() -> None:
    general = _site(name="general")
    sport = _site(name="sport", allow=(re.compile("/sport/"),))
    other = _site(name="other", urls=("https://othernews.net/",))
    sites = [general, sport, other]
    assert site_for_url(sites, "https://www.dailyherald.com/sport/match") is sport
    assert site_for_url(sites, "https://www.dailyherald.com/politics/vote") is general
    assert site_for_url(sites, "https://othernews.net/a") is other
    assert site_for_url(sites, "https://unknown.org/a") is None


def test_sites_from_urls_groups_by_registered_domain() -> None:
    sites = sites_from_urls(
        [
            "https://www.dailyherald.com/",
            "https://news.dailyherald.com/world",
            "http://127.0.0.1:8001/",
            "http://127.0.0.1:8002/",
            "https://www.dailyherald.com/",
        ]
    )
    assert [(s.name, s.urls) for s in sites] == [
        ("www.dailyherald.com", ("https://www.dailyherald.com/", "https://news.dailyherald.com/world")),
        ("127.0.0.1:8001", ("http://127.0.0.1:8001/",)),
        ("127.0.0.1:8002", ("http://127.0.0.1:8002/",)),
    ]
    assert all(s.recrawl == DEFAULT_RECRAWL and not s.allow for s in sites)


def test_sites_from_urls_rejects_non_http() -> None:
    with pytest.raises(UrlError, match="only http and https"):
        sites_from_urls(["https://ok.example.com/", "javascript:alert(1)"])


def test_cli_sites_check_summarises(tmp_path: Path) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(FULL, encoding="utf-8")
    result = CliRunner().invoke(cli, ["sites", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "daily  (recrawl every 1h30m, at most 200 pages)",
        "  start    https://www.dailyherald.com/",
        "  start    https://news.dailyherald.com/world",
        "  feed     https://www.dailyherald.com/rss.xml",
        "  sitemap  https://www.dailyherald.com/sitemap.xml",
        "tribune  (recrawl every 15m)",
        "  start    http://tribune.example.org",
        f"{path}: 2 sites OK",
    ]


def test_cli_sites_check_reports_one_error_line(tmp_path: Path) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(BAD["bad interval word"][0], encoding="utf-8")
    result = CliRunner().invoke(cli, ["sites", "check", str(path)])
    assert result.exit_code == 1
    assert result.output == f"Error: {path}:4: site 'a': recrawl: not a duration: 'soon' (use e.g. 90s, 15m, 1h30m, 2d or plain seconds)\n"


@pytest.mark.parametrize(
    "text, code, expected",
    [
        (GOOD["minimal"][0], 0, "1 site OK"),
        (BAD["bad allow regex"][0], 1, ":6: site 'a': allow pattern '/(world' is not a valid regular expression"),
        (BAD["toml syntax"][0], 1, ":3:7: invalid TOML"),
        (None, 1, "no such sites file"),
    ],
    ids=["good", "bad regex", "bad toml", "missing file"],
)
def test_python_m_sites_check_has_no_traceback(tmp_path: Path, text: str | None, code: int, expected: str) -> None:
    path = tmp_path / "sites.toml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run(
        [sys.executable, "-m", "newsarchive", "sites", "check", str(path)],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
    )
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    if code:
        assert proc.stdout == ""
        assert proc.stderr.count("\n") == 1 and expected in proc.stderr
    else:
        assert expected in proc.stdout and proc.stderr == ""

"""A threaded loopback HTTP server of hostile endpoints (issue 7) that records every request it receives."""

from __future__ import annotations

import random
import select
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

import brotli
import zstandard
from twisted.internet.error import DNSLookupError

from newsarchive.netguard import GuardedResolver

MB = 1 << 20
GB = 1 << 30
ZEROS = bytes(MB)
SPACES = b" " * MB
CHUNKED_STREAM_BYTES = 2 * GB
SLOW_BODY_BYTES = 10_000
PARTIAL_BODY = (200_000, 20_000)
"""(declared Content-Length, bytes actually sent) of the short and cut-off bodies."""
RETRY_AFTER_SECONDS = 7200
BUSY_RETRY_AFTER_SECONDS = 600
SECRETS = ("Bearer hostile-secret-token", "subscriber=hostile-secret-cookie", "jar=hostile-secret-jar")
"""Authorization and Cookie values configured for the hostile site, and the cookie its front page sets."""
NESTED_DIVS = 100_000
MANY_PARAGRAPHS = 100_000
"""Short paragraphs in one article (5 MB): the extractor needs about a minute for them, far over a 4 s budget."""
HUGE_TEXT_NODE = 50 * MB
OFF_MACHINE_PRIVATE = "10.255.255.1"
METADATA_ADDRESS = "169.254.169.254"


def article_html(title: str, text: str, head: str = "", doctype: str = "<!DOCTYPE html>") -> bytes:
    """A plain, well-formed news article page."""
    paragraphs = "".join(f"<p>{text} Paragraph {i} of the story adds more reported detail.</p>" for i in range(1, 7))
    return (
        f"{doctype}<html lang='en'><head><title>{title}</title>"
        f"<meta property='og:type' content='article'>"
        f"<meta property='article:published_time' content='2024-03-05T09:00:00+00:00'>{head}</head>"
        f"<body><article><h1>{title}</h1><p class='byline'>By Dana Reporter</p>{paragraphs}</article></body></html>"
    ).encode()


# --- decompression bombs: a compressed block of 1 MB of filler repeats, so a GB bomb costs no compression time ---


def _repeat_deflate(prefix: bytes, filler: bytes, count: int, suffix: bytes, wbits: int) -> Iterator[bytes]:
    """A gzip (wbits 31) or zlib (wbits 15) stream of prefix + filler * count + suffix, with a correct trailer."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    first = compressor.compress(prefix + filler) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(filler) + compressor.flush(zlib.Z_FULL_FLUSH)
    if compressor.compress(filler) + compressor.flush(zlib.Z_FULL_FLUSH) != block:
        raise RuntimeError("filler does not compress to a repeating block")
    tail = compressor.compress(suffix) + compressor.flush()
    yield first
    for _ in range(count - 1):
        yield block
    if wbits == 31:
        crc = zlib.crc32(prefix)
        for _ in range(count):
            crc = zlib.crc32(filler, crc)
        crc = zlib.crc32(suffix, crc)
        size = len(prefix) + len(filler) * count + len(suffix)
        yield tail[:-8] + struct.pack("<II", crc, size & 0xFFFFFFFF)
    else:
        check = zlib.adler32(prefix)
        for _ in range(count):
            check = zlib.adler32(filler, check)
        yield tail[:-4] + struct.pack(">I", zlib.adler32(suffix, check))


def _repeat_brotli(count: int) -> Iterator[bytes]:
    compressor = brotli.Compressor(quality=5)
    first = compressor.process(ZEROS) + compressor.flush()
    block = compressor.process(ZEROS) + compressor.flush()
    yield first
    yield block * (count - 1)
    yield compressor.finish()


def _repeat_zstd(count: int) -> Iterator[bytes]:
    compressor = zstandard.ZstdCompressor(level=3).compressobj()
    flush = zstandard.COMPRESSOBJ_FLUSH_BLOCK
    first = compressor.compress(ZEROS) + compressor.flush(flush)
    block = compressor.compress(ZEROS) + compressor.flush(flush)
    yield first
    yield block * (count - 1)
    yield compressor.flush()


SITEMAP_HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'


BOMB_KINDS = ("gzip", "deflate", "br", "zstd", "sitemap")


@lru_cache(maxsize=16)
def bomb(kind: str, size: int) -> bytes:
    """A compressed body that expands to `size` bytes: gzip, deflate, br, zstd, or a gzipped sitemap."""
    count = max(4, size // MB)
    if kind == "gzip":
        parts = _repeat_deflate(b"", ZEROS, count, b"", 31)
    elif kind == "deflate":
        parts = _repeat_deflate(b"", ZEROS, count, b"", 15)
    elif kind == "br":
        parts = _repeat_brotli(count)
    elif kind == "zstd":
        parts = _repeat_zstd(count)
    elif kind == "sitemap":
        parts = _repeat_deflate(SITEMAP_HEAD, SPACES, count, b"</urlset>\n", 31)
    else:
        raise ValueError(f"unknown bomb kind {kind!r}")
    return b"".join(parts)


# --- hostile XML: external entities, an external DTD and a parameter entity on the canary, billion laughs ---

LAUGHS = (
    '<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
)


def hostile_xml(kind: str, base: str, local_file: Path) -> bytes:
    """A feed or sitemap ('feed-xxe', 'sitemap-laughs', ...) whose items point at /story/<kind>."""
    shape, attack = kind.split("-", 1)
    dtd = {
        "xxe": f'[<!ENTITY local SYSTEM "file://{local_file}"><!ENTITY passwd SYSTEM "file:///etc/passwd">]',
        "dtd": f'SYSTEM "{base}/canary/{kind}.dtd" [<!ENTITY % remote SYSTEM "{base}/canary/{kind}-pe"> %remote;]',
        "laughs": f"[{LAUGHS}]",
    }[attack]
    payload = {"xxe": "&local;&passwd;", "dtd": "&remote-entity;", "laughs": "&lol9;"}[attack]
    root = "rss" if shape == "feed" else "urlset"
    if shape == "feed":
        body = (
            f'<rss version="2.0"><channel><title>{payload}</title>'
            f"<item><title>{payload}</title><link>{base}/story/{kind}?v={payload}</link></item>"
            f"<item><title>Plain</title><link>{base}/story/{kind}-plain</link></item></channel></rss>"
        )
    else:
        body = (
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{base}/story/{kind}?v={payload}</loc></url>"
            f"<url><loc>{base}/story/{kind}-plain</loc></url></urlset>"
        )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE {root} {dtd}>\n{body}'.encode()


# --- the server ---


@dataclass
class Hit:
    """One request the server received."""

    host: str
    path: str
    headers: dict[str, str]
    started: float
    ended: float | None = None
    sent: int = 0
    """Body bytes the server managed to hand to the socket before the exchange ended."""

    @property
    def seconds(self) -> float:
        return (self.ended or time.monotonic()) - self.started


@dataclass
class HostileConfig:
    """What a HostileServer serves besides its fixed endpoints."""

    robots: str = "missing"
    """'missing' (404), 'allow' (200), '503', '429', or 'hang'."""
    bomb_size: int = GB
    local_file: Path = Path("/nonexistent")
    """A local file the XXE feeds and redirects point at (its content must never reach the archive)."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        hit = Hit(self.headers.get("Host", ""), self.path, {k.lower(): v for k, v in self.headers.items()},
                  time.monotonic())
        self.hit = hit
        self.server.owner.record(hit)
        self.close_connection = True
        try:
            self.server.owner.route(self)
        except (TimeoutError, BrokenPipeError, ConnectionResetError):
            pass
        finally:
            hit.ended = time.monotonic()

    # helpers for endpoints

    def head(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()

    def body(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()
        self.hit.sent += len(data)

    def reply(self, status: int, data: bytes = b"", content_type: str | None = "text/html; charset=utf-8",
              **headers: str) -> None:
        all_headers = {"Content-Type": content_type} if content_type else {}
        all_headers.update({k.replace("_", "-"): v for k, v in headers.items()})
        all_headers["Content-Length"] = str(len(data))
        self.head(status, all_headers)
        self.body(data)

    def redirect(self, location: str) -> None:
        self.reply(302, b"", Location=location)

    def closed_by_client(self, wait: float) -> bool:
        """Wait up to `wait` seconds; True as soon as the client has closed its side."""
        deadline = time.monotonic() + wait
        while (left := deadline - time.monotonic()) > 0:
            if self.server.owner.stopping.is_set():
                return True
            readable, _, _ = select.select([self.connection], [], [], min(left, 0.05))
            if readable:
                try:
                    if not self.connection.recv(1024, socket.MSG_PEEK):
                        return True
                    self.connection.recv(1024)
                except OSError:
                    return True
        return False

    def hold(self) -> None:
        """Keep the connection open, sending nothing, until the client gives up."""
        while not self.closed_by_client(1.0):
            pass

    def stream(self, chunks: Iterator[bytes]) -> None:
        for chunk in chunks:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.hit.sent += len(chunk)
            if self.server.owner.stopping.is_set():
                return
        self.wfile.write(b"0\r\n\r\n")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: HostileServer


class HostileServer:
    """Serves the hostile endpoints on 127.0.0.1 (also reachable as localhost) and records every request."""

    def __init__(self, config: HostileConfig | None = None) -> None:
        self.config = config or HostileConfig()
        self.hits: list[Hit] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self.port = self._server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.alias = f"http://localhost:{self.port}"
        """The same server under another host name: another host for redirects, a loopback name for the guard."""
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.routes: dict[str, Callable[[_Handler], None]] = {
            "/": self._front, "/robots.txt": self._robots,
            "/hang": _Handler.hold, "/slow": self._slow, "/cut": self._cut, "/short": self._short,
            "/endless": self._endless, "/huge-text-node": self._huge_text_node, "/many-paragraphs": self._many_paragraphs,
            "/nested-divs": self._nested_divs, "/lying-charset": self._lying_charset,
            "/no-content-type": self._no_content_type, "/binary-as-html": self._binary_as_html,
            "/members/story": lambda h: h.redirect("/login"), "/login": self._login,
            "/limited": self._limited, "/limited-date": self._limited_date, "/busy": self._busy,
            "/article-dtd": self._article_dtd, "/landing": self._landing,
            "/redirect/loop-a": lambda h: h.redirect("/redirect/loop-b"),
            "/redirect/loop-b": lambda h: h.redirect("/redirect/loop-a"),
            "/redirect/file": lambda h: h.redirect("file:///etc/passwd"),
            "/redirect/local-file": lambda h: h.redirect(f"file://{self.config.local_file}"),
            "/redirect/ftp": lambda h: h.redirect(f"ftp://127.0.0.1:{self.port}/canary/ftp"),
            "/redirect/localhost": lambda h: h.redirect(f"{self.alias}/canary/localhost"),
            "/redirect/private": lambda h: h.redirect(f"http://{OFF_MACHINE_PRIVATE}/canary/private"),
            "/redirect/metadata": lambda h: h.redirect(f"http://{METADATA_ADDRESS}/latest/meta-data/"),
            # 127.0.0.2 written as one number: not the allowed 127.0.0.1 itself, which w3lib >= 2.6 would turn
            # 2130706433 into before any resolver sees it (making the hop a same-host redirect)
            "/redirect/decimal": lambda h: h.redirect(f"http://2130706434:{self.port}/canary/decimal"),
            "/redirect/zero": lambda h: h.redirect(f"http://0.0.0.0:{self.port}/canary/zero"),
            "/redirect/offsite": lambda h: h.redirect(f"{self.alias}/landing"),
        }

    # lifecycle and records

    def __enter__(self) -> HostileServer:
        for kind in BOMB_KINDS:  # built before serving, so no request waits on it
            bomb(kind, self.config.bomb_size)
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def hits_on(self, prefix: str) -> list[Hit]:
        """Requests whose path starts with `prefix`."""
        with self._lock:
            return [h for h in self.hits if h.path.startswith(prefix)]

    def hits_at(self, path: str) -> list[Hit]:
        """Requests for exactly `path` (query included)."""
        with self._lock:
            return [h for h in self.hits if h.path == path]

    def route(self, handler: _Handler) -> None:
        path = handler.path.split("?", 1)[0]
        if path in self.routes:
            self.routes[path](handler)
        elif path.startswith("/bomb/"):
            self._bomb(handler, path.removeprefix("/bomb/"))
        elif path.startswith("/redirect/chain/"):
            hop = int(path.rsplit("/", 1)[1])
            handler.redirect(f"/redirect/chain/{hop + 1}") if hop < 50 else handler.reply(200, article_html(
                "End of the chain", "Fifty hops later."))
        elif path.startswith(("/feed-", "/sitemap-")) and path.endswith(".xml"):
            kind = path.strip("/").removesuffix(".xml")
            handler.reply(200, hostile_xml(kind, self.base, self.config.local_file), "application/xml")
        elif path == "/sitemap-bomb.xml.gz":
            handler.reply(200, bomb("sitemap", self.config.bomb_size), "application/gzip")
        elif path.startswith("/story/"):
            slug = path.removeprefix("/story/")
            handler.reply(200, article_html(f"Story {slug}", f"This is the {slug} story."))
        elif path.startswith("/canary/"):
            handler.reply(200, b"canary", "text/plain")
        else:
            handler.reply(404, b"<html><body>Not found</body></html>")

    # endpoints

    def _front(self, h: _Handler) -> None:
        links = "".join(f"<li><a href='/story/front-{i}'>Front story {i}</a></li>" for i in range(3))
        h.reply(200, f"<html><head><title>Hostile front</title></head><body><ul>{links}</ul></body></html>".encode(),
                Set_Cookie=f"{SECRETS[2]}; Path=/")

    def _robots(self, h: _Handler) -> None:
        mode = self.config.robots
        if mode == "hang":
            h.hold()
        elif mode in ("503", "429"):
            h.reply(int(mode), b"Not now", "text/plain", Retry_After="120")
        elif mode == "allow":
            h.reply(200, b"User-agent: *\nAllow: /\n", "text/plain")
        else:
            h.reply(404, b"no robots here", "text/plain")

    def _slow(self, h: _Handler) -> None:
        h.head(200, {"Content-Type": "text/html", "Content-Length": str(SLOW_BODY_BYTES)})
        for _ in range(SLOW_BODY_BYTES):
            h.body(b" ")
            if h.closed_by_client(1.0):
                return

    def _cut(self, h: _Handler) -> None:
        declared, sent = PARTIAL_BODY
        h.head(200, {"Content-Type": "text/html", "Content-Length": str(declared)})
        h.body(b"<html><body><p>" + b"x" * (sent - 15))
        h.connection.shutdown(socket.SHUT_RDWR)

    def _short(self, h: _Handler) -> None:
        declared, sent = PARTIAL_BODY
        h.head(200, {"Content-Type": "text/html", "Content-Length": str(declared)})
        h.body(b"<html><body><p>" + b"x" * (sent - 15))
        h.hold()

    def _endless(self, h: _Handler) -> None:
        h.head(200, {"Content-Type": "text/html", "Transfer-Encoding": "chunked"})
        chunk = b"<p>" + b"endless " * 8190 + b"</p>"
        h.stream(chunk for _ in range(CHUNKED_STREAM_BYTES // len(chunk)))

    def _huge_text_node(self, h: _Handler) -> None:
        h.head(200, {"Content-Type": "text/html; charset=utf-8", "Transfer-Encoding": "chunked"})
        words = b"verbose " * 8192
        count = HUGE_TEXT_NODE // len(words)
        h.stream(iter([b"<html><head><title>Huge</title></head><body><p>", *(words for _ in range(count)),
                       b"</p></body></html>"]))

    def _many_paragraphs(self, h: _Handler) -> None:
        paragraphs = b"".join(b"<p>Short paragraph number %d with a few words.</p>" % i for i in range(MANY_PARAGRAPHS))
        h.reply(200, b"<html><head><title>Many</title></head><body><article><h1>Many</h1>" + paragraphs
                + b"</article></body></html>")

    def _nested_divs(self, h: _Handler) -> None:
        h.reply(200, b"<html><head><title>Deep</title></head><body>" + b"<div>" * NESTED_DIVS
                + b"<p>Deep text at the bottom of a hundred thousand divs.</p>" + b"</div>" * NESTED_DIVS
                + b"</body></html>")

    def _lying_charset(self, h: _Handler) -> None:
        text = "Новости дня: пожар на складе. " * 8
        page = (f"<html><head><meta charset='iso-8859-1'><title>Новости дня</title></head><body><article>"
                f"<h1>Новости дня</h1><p>{text}</p><p>{text}</p></article></body></html>")
        h.reply(200, page.encode("cp1251"), "text/html; charset=utf-8")

    def _no_content_type(self, h: _Handler) -> None:
        h.reply(200, article_html("No content type", "Served without a Content-Type header."), None)

    def _binary_as_html(self, h: _Handler) -> None:
        noise = random.Random(7).randbytes(300_000)
        h.reply(200, b"\x89PNG\r\n\x1a\n" + noise)

    def _login(self, h: _Handler) -> None:
        h.reply(200, b"<html><head><title>Sign in</title></head><body><form method='post' action='/login'>"
                     b"<input name='user'><input name='password' type='password'><button>Sign in</button>"
                     b"</form></body></html>")

    def _limited(self, h: _Handler) -> None:
        h.reply(429, b"slow down", "text/plain", Retry_After=str(RETRY_AFTER_SECONDS))

    def _limited_date(self, h: _Handler) -> None:
        when = datetime.now(UTC) + timedelta(seconds=RETRY_AFTER_SECONDS)
        h.reply(429, b"slow down", "text/plain", Retry_After=format_datetime(when, usegmt=True))

    def _busy(self, h: _Handler) -> None:
        h.reply(503, b"busy", "text/plain", Retry_After=str(BUSY_RETRY_AFTER_SECONDS))

    def _article_dtd(self, h: _Handler) -> None:
        canary = f"{self.base}/canary"
        head = (f"<link rel='stylesheet' href='{canary}/style.css'><script src='{canary}/script.js'></script>"
                f"<link rel='preload' href='{canary}/preload'>")
        doctype = (f'<!DOCTYPE html SYSTEM "{canary}/html.dtd" '
                   f'[<!ENTITY % remote SYSTEM "{canary}/html-pe"> %remote; <!ENTITY local SYSTEM "file:///etc/passwd">]>')
        page = article_html("External DTD", f"Images <img src='{canary}/pixel.gif'> and entities &local; stay inert.",
                            head, doctype)
        h.reply(200, page)

    def _landing(self, h: _Handler) -> None:
        h.reply(200, article_html("Landing", "A page on another host, reached by a redirect."))

    def _bomb(self, h: _Handler, kind: str) -> None:
        size = self.config.bomb_size
        if kind == "raw-gzip":
            h.reply(200, bomb("gzip", size), "application/gzip")
        elif kind in ("gzip", "deflate", "br", "zstd"):
            h.reply(200, bomb(kind, size), Content_Encoding=kind)
        elif kind == "sitemap-gzip":
            h.reply(200, bomb("sitemap", size), "application/xml", Content_Encoding="gzip")
        else:
            h.reply(404, b"no such bomb")


class ServerOnlyResolver(GuardedResolver):
    """The address guard, on, except for the literal 127.0.0.1: a guarded crawl can reach the hostile server only.

    Every other name (localhost, 10.255.255.1, 169.254.169.254) goes through GuardedResolver unchanged.
    """

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> ServerOnlyResolver:
        resolver = super().from_crawler(crawler, reactor)
        if resolver.allow_private:
            raise ValueError("ServerOnlyResolver is for crawls without --allow-private")
        return resolver

    def getHostByName(self, name: str, timeout: Any = ()) -> Any:
        if name == "127.0.0.1":
            return super(GuardedResolver, self).getHostByName(name, timeout)
        return super().getHostByName(name, timeout)


def guard_refuses(address: str) -> bool:
    """Whether GuardedResolver refuses a name that resolved to `address` (checked before any crawl uses it)."""
    try:
        GuardedResolver._refuse_forbidden(address, address)
    except DNSLookupError:
        return True
    return False

"""Serve the demo news sites on 127.0.0.1, one threaded HTTP server per site, for demos and tests."""

from __future__ import annotations

import hashlib
import re
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from .render import HTML_TYPE, RenderedSite, render_all

_PLACEHOLDER = re.compile(r"\{\{base(?::(\w+))?\}\}")


@dataclass(frozen=True)
class Document:
    """A resource ready to send: final bytes and validators."""

    body: bytes
    content_type: str
    etag: str
    last_modified: datetime


def _substitute(text: str, bases: dict[str, str], own: str) -> bytes:
    """Replace {{base}} with the serving site's base URL and {{base:name}} with another site's."""
    return _PLACEHOLDER.sub(lambda m: bases[m.group(1) or own], text).encode("utf-8")


def _finalise(body: str | bytes, content_type: str, modified: datetime, bases: dict[str, str], own: str) -> Document:
    if isinstance(body, str):
        body = _substitute(body, bases, own)
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    return Document(body, content_type, etag, modified.astimezone(UTC).replace(microsecond=0))


class _SiteState:
    """One site's documents for each edition, with its base URL substituted."""

    def __init__(self, name: str, editions: dict[int, RenderedSite], bases: dict[str, str]) -> None:
        self.name = name
        self.base = bases[name]
        self.documents = {
            edition: {
                path: _finalise(r.body, r.content_type, r.last_modified, bases, name)
                for path, r in rendered.resources.items()
            }
            for edition, rendered in editions.items()
        }
        self.redirects = {edition: rendered.redirects for edition, rendered in editions.items()}
        self.not_found = {
            edition: _substitute(rendered.not_found, bases, name)
            for edition, rendered in editions.items()
        }

    def lookup(self, edition: int, target: str) -> Document | None:
        """The document for a request target; a `page` query must match exactly, other queries are ignored."""
        documents = self.documents[edition]
        if target in documents:
            return documents[target]
        parts = urlsplit(target)
        if "page" in parse_qs(parts.query):
            return None
        return documents.get(parts.path)


def _not_modified(document: Document, headers: dict[str, str]) -> bool:
    """RFC 9110 conditional GET: If-None-Match wins over If-Modified-Since."""
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return "*" in tags or document.etag in tags
    if_modified_since = headers.get("if-modified-since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return document.last_modified <= since
    return False


class _Handler(BaseHTTPRequestHandler):
    """Answers GET and HEAD for one site; the server object carries the site and the DemoSites."""

    server: _SiteServer
    protocol_version = "HTTP/1.1"
    server_version = "DemoNews/1.0"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet by design
        return

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        sites, state = self.server.sites, self.server.state
        sites.record(state.name, self.command, self.path)
        edition = sites.edition
        target = self.path
        document = state.lookup(edition, target)
        if document is not None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            if _not_modified(document, headers):
                self._send(304, document, b"", send_body=False)
            else:
                self._send(200, document, document.body, send_body)
            return
        location = state.redirects[edition].get(urlsplit(target).path)
        if location is not None:
            self.send_response(301)
            self.send_header("Location", state.base + location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = state.not_found[edition]
        self.send_response(404)
        self.send_header("Content-Type", HTML_TYPE)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _send(self, status: int, document: Document, body: bytes, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("ETag", document.etag)
        self.send_header("Last-Modified", format_datetime(document.last_modified, usegmt=True))
        if status == 200:
            self.send_header("Content-Type", document.content_type)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and status == 200:
            self.wfile.write(body)


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    state: _SiteState
    sites: DemoSites


class DemoSites:
    """The demo news sites on loopback; a context manager that starts and stops one server per site.

    `edition` may be changed while serving: edition 2 serves the revised article (new text, ETag and
    Last-Modified). `requests` records (site, method, path) of every request served. With `base_port`, site i
    listens on base_port + i when that port is free, so repeated demo runs crawl the same URLs.
    """

    def __init__(self, edition: int = 1, *, base_port: int = 0) -> None:
        self.edition = edition
        self.base_port = base_port
        self.sites: dict[str, str] = {}
        self.start_urls: list[str] = []
        self.requests: list[tuple[str, str, str]] = []
        self._lock = threading.Lock()
        self._servers: list[tuple[_SiteServer, threading.Thread]] = []

    def record(self, site: str, method: str, path: str) -> None:
        with self._lock:
            self.requests.append((site, method, path))

    def __enter__(self) -> DemoSites:
        editions = {edition: render_all(edition) for edition in (1, 2)}
        servers = {name: self._bind(i) for i, name in enumerate(editions[1])}
        self.sites = {name: f"http://127.0.0.1:{server.server_address[1]}" for name, server in servers.items()}
        self.start_urls = [base + "/" for base in self.sites.values()]
        for name, server in servers.items():
            server.sites = self
            server.state = _SiteState(name, {e: rendered[name] for e, rendered in editions.items()}, self.sites)
            thread = threading.Thread(target=server.serve_forever, name=f"demo-{name}", daemon=True)
            thread.start()
            self._servers.append((server, thread))
        return self

    def _bind(self, index: int) -> _SiteServer:
        """A server on base_port + index (stable URLs across demo runs), or on a free port if that one is taken."""
        if self.base_port:
            try:
                return _SiteServer(("127.0.0.1", self.base_port + index), _Handler)
            except OSError:
                pass
        return _SiteServer(("127.0.0.1", 0), _Handler)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for server, thread in self._servers:
            server.shutdown()
            server.server_close()
            thread.join()
        self._servers.clear()


def serve_until_interrupted(demo: DemoSites) -> None:
    """Print the sites' addresses and keep serving them until Ctrl-C."""
    for name, base in demo.sites.items():
        print(f"{name:10} {base}/", flush=True)
    print("Serving the demo news sites; press Ctrl-C to stop.", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print()


def main() -> None:
    """Serve the demo sites until Ctrl-C, printing their addresses."""
    with DemoSites() as demo:
        serve_until_interrupted(demo)


if __name__ == "__main__":
    main()

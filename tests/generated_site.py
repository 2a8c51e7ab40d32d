"""A generated news site on 127.0.0.1 for crawl tests and benchmarks: articles, paginated listings, RSS, sitemap.

Everything is deterministic from (article count, seed): headlines, bylines, dates and 5-8 paragraphs of varied
prose per article, wrapped in the furniture real news pages carry (nav, share widgets, related links, footer).
"""

from __future__ import annotations

import hashlib
import html
import random
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape

SECTIONS = ("world", "business", "science", "politics", "culture", "health")
FIRST_NAMES = (
    "Amara", "Jonas", "Priya", "Tomasz", "Leila", "Marcus", "Ines", "Kenji", "Olga", "Rafael", "Sana", "Dmitri",
    "Hannah", "Tariq", "Lucia", "Emeka", "Freya", "Mateo", "Noor", "Viktor", "Yara", "Callum", "Ayesha", "Bruno",
)
LAST_NAMES = (
    "Okafor", "Lindqvist", "Raman", "Kowalski", "Haddad", "Whitfield", "Moreau", "Tanaka", "Petrova", "Quintero",
    "Mirza", "Volkov", "Brennan", "Aziz", "Ferreira", "Adeyemi", "Larsen", "Castillo", "Siddiqui", "Novak",
)
PLACES = (
    "Kestrel Bay", "the northern provinces", "Port Alder", "the river delta", "Marrow Heights", "the capital",
    "Greywater", "the coastal districts", "Lindenfeld", "the eastern valley", "Saltmarsh", "the old harbour",
    "Brightwell", "the mountain towns", "Oakhaven", "the industrial belt", "Fenmoor", "the border region",
)
ACTORS = (
    "The regional council", "A coalition of farmers", "Health officials", "The transport ministry",
    "Researchers at the state university", "The central bank", "Local shopkeepers", "Union representatives",
    "The harbour authority", "Opposition lawmakers", "A panel of independent auditors", "Emergency crews",
    "The water utility", "Teachers' associations", "Two of the largest insurers", "Residents' groups",
    "The energy regulator", "Provincial prosecutors", "A team of marine biologists", "City planners",
    "The fire service", "A group of parents", "The chamber of commerce", "Hospital doctors", "The mayor's office",
    "Environmental campaigners", "The statistics bureau", "Dock workers", "The ombudsman", "Tenant advocates",
)
ACTIONS = (
    "approved a revised budget for", "warned of delays to", "published new figures on", "called for an inquiry into",
    "announced a pilot programme for", "rejected the latest proposal on", "raised concerns about",
    "secured fresh funding for", "postponed a decision on", "released a long-awaited report on",
    "began consultations on", "signed an agreement covering", "criticised the handling of",
    "doubled spending on", "suspended work on", "set out a timetable for", "questioned the cost of",
    "defended the decision to cut", "ordered a safety review of", "promised to speed up", "quietly shelved",
    "won a court ruling over", "lost a vote on", "struck a compromise on", "asked for more time to assess",
)
TOPICS = (
    "flood defences", "the new tram line", "rural clinics", "grain storage", "school meals", "the fishing quota",
    "wind farms off the coast", "affordable housing", "the bridge repairs", "drinking water quality",
    "hospital waiting lists", "small business loans", "the regional airport", "wildfire prevention",
    "broadband in remote villages", "the pension reform", "public library hours", "the wetland reserve",
    "freight rail capacity", "night bus services", "the vaccination campaign", "coastal erosion",
    "the ferry timetable", "apprenticeship places", "street lighting", "the hospital merger", "peat restoration",
    "the tax rebate", "road safety cameras", "the youth orchestra", "cold-weather shelters", "the landfill site",
    "the museum extension", "electric buses", "the dairy cooperative", "dam inspections", "the seed bank",
)
FOLLOW_UPS = (
    "Officials said the first results would be reviewed before the end of the quarter.",
    "Critics argued that the plan left too many questions unanswered.",
    "The figures were broadly in line with what analysts had expected.",
    "Several residents told reporters they had heard nothing about the changes until this week.",
    "A spokesperson declined to say how much the measures would cost in total.",
    "The proposal still needs the approval of a second committee.",
    "Similar schemes elsewhere have produced mixed results.",
    "Those involved described the talks as difficult but constructive.",
    "The decision follows months of pressure from community organisations.",
    "Independent experts cautioned that the data covered only a short period.",
    "No date has yet been set for a public hearing.",
    "The agency said it would publish a detailed breakdown next month.",
)
QUOTES = (
    "We cannot keep postponing the hard choices",
    "This is the most serious shortfall we have seen in a decade",
    "People deserve to know where the money is going",
    "The evidence points clearly in one direction",
    "We were promised a plan and we are still waiting for it",
    "It is a modest step, but it is a step forward",
    "Nobody expected the numbers to move this quickly",
    "We will keep monitoring the situation closely",
)
ROLES = (
    "a council member", "the director of the programme", "a local resident", "an economist at the university",
    "a union organiser", "the head of the regional office", "a hospital administrator", "a retired engineer",
)
ADJECTIVES = (
    "cautious", "costly", "ambitious", "overdue", "fragile", "modest", "sweeping", "controversial", "temporary",
    "detailed", "unexpected", "divided", "regional", "emergency", "long-term", "independent", "revised", "joint",
    "informal", "skeptical", "crowded", "ageing", "seasonal", "underfunded", "experimental", "rival", "quiet",
    "lengthy", "narrow", "public", "private", "volunteer", "coastal", "rural", "urban", "national", "weekly",
)
NOUNS = (
    "committee", "proposal", "survey", "inspection", "contract", "audit", "petition", "hearing", "budget",
    "shipment", "timetable", "workforce", "tender", "ruling", "forecast", "campaign", "report", "network",
    "clinic", "warehouse", "reservoir", "depot", "consortium", "charity", "laboratory", "assembly", "tribunal",
    "cooperative", "district", "programme", "census", "estimate", "deadline", "study", "strike", "merger",
)
VERBS = (
    "examined", "delayed", "endorsed", "challenged", "revived", "overturned", "expanded", "trimmed", "funded",
    "reopened", "criticised", "praised", "audited", "replaced", "extended", "questioned", "published", "leaked",
    "cancelled", "reviewed", "doubled", "halved", "blocked", "unveiled", "defended", "rejected", "monitored",
)
PREPOSITIONS = ("near", "across", "outside", "beyond", "throughout", "north of", "south of", "inside", "around")
SYLLABLES = (
    "kes", "tre", "mar", "lin", "dor", "vel", "bra", "ton", "sil", "ach", "ren", "gal", "mo", "ri", "sta", "fen",
    "ul", "ka", "bel", "nor", "wyn", "ash", "por", "quel", "thi", "zan", "ob", "lu", "ver", "hal", "den", "cor",
)
PLACE_SUFFIXES = ("", " Bay", " Heights", "ford", " Valley", "wick", " Springs", " Crossing", "burg", " Point")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DETAILS = (
    "a shortage of qualified staff", "rising material costs", "an unusually wet spring", "a legal challenge",
    "objections from neighbouring towns", "a software failure", "the loss of a key contractor", "falling demand",
    "a sharp rise in applications", "pressure on the regional budget", "a change in national rules",
    "two years of disappointing results", "record visitor numbers", "the closure of the main depot",
)
CONNECTIVES = ("Meanwhile,", "In a statement,", "Earlier this year,", "By contrast,", "According to the report,",
               "At a briefing on Tuesday,", "Despite the setback,", "In recent weeks,")  # fmt: skip
EPOCH = datetime(2024, 1, 1, 6, 0, tzinfo=timezone.utc)
HTML_TYPE = "text/html; charset=utf-8"


@dataclass(frozen=True)
class GeneratedArticle:
    """One article of the generated site and what a correct extraction must give back."""

    path: str
    title: str
    authors: tuple[str, ...]
    published: datetime
    section: str
    standfirst: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Page:
    """A resource ready to send."""

    body: bytes
    content_type: str
    etag: str
    last_modified: datetime


def _coined(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _sentence(rng: random.Random, places: list[str], people: list[str]) -> str:
    """One sentence; `places` and `people` are the article's own, so each story reads (and hashes) apart."""
    place, person = rng.choice(places), rng.choice(people)
    kind = rng.random()
    if kind < 0.75:
        adj, noun, verb = rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(VERBS)
        return (f"{rng.choice(('The', 'A', 'One', 'Another'))} {adj} {noun} {verb} {rng.choice(('the', 'a', 'its'))} "
                f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(PREPOSITIONS)} {place}"
                f"{rng.choice(('', ' last week', ' this spring', ' on ' + rng.choice(WEEKDAYS)))}.")  # fmt: skip
    kind = rng.random()
    if kind < 0.45:
        place = f" in {place}" if rng.random() < 0.6 else ""
        return f"{rng.choice(ACTORS)} {rng.choice(ACTIONS)} {rng.choice(TOPICS)}{place}."
    if kind < 0.75:
        return f"{rng.choice(CONNECTIVES)} {rng.choice(ACTORS).lower()} {rng.choice(ACTIONS)} {rng.choice(TOPICS)}."
    if kind < 0.72:
        number = rng.choice((rng.randint(3, 97), rng.randint(120, 9800)))
        return (f"The total now stands at {number:,} {rng.choice(('households', 'jobs', 'applications', 'complaints', 'vessels', 'pupils'))}, "
                f"up from {int(number * rng.uniform(0.4, 0.9)):,} a year earlier.")  # fmt: skip
    if kind < 0.78:
        return (f"On {rng.choice(WEEKDAYS)}, {rng.choice(ACTORS).lower()} blamed {rng.choice(DETAILS)} for the "
                f"problems with {rng.choice(TOPICS)}, saying {rng.choice(DETAILS)} had made matters worse.")  # fmt: skip
    if kind < 0.86:
        return f'"{rng.choice(QUOTES)}," said {person}, {rng.choice(ROLES)}.'
    return rng.choice(FOLLOW_UPS)


def _paragraph(rng: random.Random, places: list[str], people: list[str]) -> str:
    sentences: list[str] = []
    while len(" ".join(sentences).split()) < rng.randint(45, 80):
        sentence = _sentence(rng, places, people)
        if sentence not in sentences:
            sentences.append(sentence)
    return " ".join(sentences)


def generate_article(index: int, seed: int) -> GeneratedArticle:
    """The article number `index` of the site generated from `seed`."""
    rng = random.Random(f"{seed}:{index}")
    topic = rng.choice(TOPICS)
    title = f"{rng.choice(ACTORS)} {rng.choice(ACTIONS)} {topic}"
    title = title.replace("The ", "", 1) if title.startswith("The ") and rng.random() < 0.5 else title
    authors = tuple(f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(rng.choice((1, 1, 1, 2))))
    published = EPOCH + timedelta(hours=7 * index, minutes=rng.randint(0, 59))
    slug = "-".join(w.strip("'").lower() for w in title.split()[:7] if w.strip("'").isalnum())
    path = f"/news/{published:%Y/%m/%d}/{slug}-{index:05d}"
    places = [_coined(rng) + rng.choice(PLACE_SUFFIXES) for _ in range(4)] + [rng.choice(PLACES)]
    people = [f"{rng.choice(FIRST_NAMES)} {_coined(rng)}" for _ in range(3)]
    paragraphs = tuple(_paragraph(rng, places, people) for _ in range(rng.randint(5, 8)))
    standfirst = f"{rng.choice(CONNECTIVES)} the debate over {topic} in {rng.choice(PLACES)} moved to a new stage."
    return GeneratedArticle(path, title, authors, published, rng.choice(SECTIONS), standfirst, paragraphs)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _nav() -> str:
    items = "".join(f'<li><a href="/section/{s}/">{s.title()}</a></li>' for s in SECTIONS)
    return (
        '<header class="site-header"><a class="logo" href="/">The Generated Gazette</a>'
        f'<nav class="main-nav"><ul><li><a href="/">Home</a></li>{items}</ul></nav>'
        '<form class="search-form" action="/search"><input name="q" placeholder="Search"><button>Go</button></form>'
        "</header>"
    )


def _footer() -> str:
    return (
        '<footer class="site-footer"><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a>'
        '</li><li><a href="/privacy">Privacy policy</a></li></ul><p class="copyright">&copy; 2024 The Generated '
        "Gazette. All rights reserved.</p></footer>"
    )


def _share(url: str) -> str:
    target = quote(url, safe="")
    return (
        '<div class="share-buttons"><span class="share-label">Share this article</span>'
        f'<a class="share-facebook" href="https://www.facebook.com/sharer/sharer.php?u={target}"><i class="icon-facebook">'
        f'</i>Facebook</a><a class="share-twitter" href="https://twitter.com/intent/tweet?url={target}"><i class="'
        f'icon-twitter"></i>Twitter</a><a class="share-whatsapp" href="https://api.whatsapp.com/send?text={target}">'
        '<i class="icon-whatsapp"></i>WhatsApp</a><a class="share-email" href="mailto:?subject=Read%20this">Email</a>'
        "</div>"
    )


def _layout(title: str, head: str, main: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)} | The Generated Gazette'
        f'</title><meta name="viewport" content="width=device-width, initial-scale=1">{head}'
        '<link rel="alternate" type="application/rss+xml" title="The Generated Gazette" href="/feed.xml">'
        f'<link rel="stylesheet" href="/static/site.css"></head><body>{_nav()}<main id="content">{main}</main>'
        f'{_footer()}<script src="/static/site.js"></script></body></html>'
    )


def render_article(article: GeneratedArticle, related: list[GeneratedArticle], base: str) -> str:
    """The HTML page of one article, with its furniture; absolute URLs use `base`."""
    url = base + article.path
    stamp = article.published.isoformat()
    byline = " and ".join(
        f'<a rel="author" href="/author/{a.lower().replace(" ", "-")}/">{_e(a)}</a>' for a in article.authors
    )
    ld = (
        '{"@context": "https://schema.org", "@type": "NewsArticle", '
        f'"headline": "{_e(article.title)}", "datePublished": "{stamp}", '
        '"author": [' + ", ".join(f'{{"@type": "Person", "name": "{a}"}}' for a in article.authors) + "]}"
    )
    head = (
        f'<link rel="canonical" href="{_e(url)}"><meta property="og:type" content="article">'
        f'<meta property="og:title" content="{_e(article.title)}"><meta property="og:url" content="{_e(url)}">'
        f'<meta name="description" content="{_e(article.standfirst)}">'
        f'<meta property="article:published_time" content="{stamp}">'
        f'<script type="application/ld+json">{ld}</script>'
    )
    paragraphs = "".join(f"<p>{_e(p)}</p>" for p in article.paragraphs)
    links = "".join(f'<li><a href="{r.path}">{_e(r.title)}</a></li>' for r in related)
    main = (
        f'<article class="story"><div class="kicker"><a href="/section/{article.section}/">'
        f"{article.section.title()}</a></div><h1 class=\"headline\">{_e(article.title)}</h1>"
        f'<p class="standfirst">{_e(article.standfirst)}</p>'
        f'<div class="meta"><span class="byline">By {byline}</span> '
        f'<time datetime="{stamp}">{article.published:%d %B %Y, %H:%M}</time></div>{_share(url)}'
        f'<div class="story-body">{paragraphs}</div>{_share(url)}</article>'
        f'<aside class="related-stories"><h2>Related stories</h2><ul>{links}</ul></aside>'
        '<div class="newsletter-signup"><p>Get the morning briefing in your inbox.</p>'
        '<a href="/newsletter">Sign up</a></div>'
    )
    return _layout(article.title, head, main)


def render_listing(title: str, articles: list[GeneratedArticle], newer: str | None, older: str | None) -> str:
    """A listing page: one teaser per article, and pagination links."""
    teasers = "".join(
        f'<li class="teaser"><h2><a href="{a.path}">{_e(a.title)}</a></h2><p>{_e(a.standfirst)}</p>'
        f'<time datetime="{a.published.isoformat()}">{a.published:%d %B %Y}</time></li>'
        for a in articles
    )
    pager = "".join(
        f'<a class="{cls}" href="{href}">{label}</a>'
        for cls, href, label in (("newer", newer, "Newer stories"), ("older", older, "Older stories"))
        if href
    )
    head = '<meta property="og:type" content="website">'
    return _layout(title, head, f'<h1 class="section-title">{_e(title)}</h1><ul class="teasers">{teasers}</ul>'
                               f'<nav class="pagination">{pager}</nav>')  # fmt: skip


def _page_path(number: int) -> str:
    return "/" if number == 1 else f"/page/{number}/"


def render_site(
    articles: list[GeneratedArticle], base: str, per_page: int, crawl_delay: float | None = None
) -> dict[str, tuple[str | bytes, str, datetime]]:
    """Every resource of the site by path: (body, content type, last modified)."""
    newest_first = sorted(articles, key=lambda a: a.published, reverse=True)
    latest = newest_first[0].published if newest_first else EPOCH
    resources: dict[str, tuple[str | bytes, str, datetime]] = {}
    for position, article in enumerate(articles):
        related = [articles[(position + step) % len(articles)] for step in (1, 3, 7) if len(articles) > step]
        resources[article.path] = (render_article(article, related, base), HTML_TYPE, article.published)
    pages = max(1, -(-len(newest_first) // per_page))
    for number in range(1, pages + 1):
        chunk = newest_first[(number - 1) * per_page : number * per_page]
        newer = _page_path(number - 1) if number > 1 else None
        older = _page_path(number + 1) if number < pages else None
        title = "Latest news" if number == 1 else f"Latest news, page {number}"
        resources[_page_path(number)] = (render_listing(title, chunk, newer, older), HTML_TYPE, latest)
    for section in SECTIONS:
        chunk = [a for a in newest_first if a.section == section][:per_page]
        resources[f"/section/{section}/"] = (render_listing(section.title(), chunk, None, None), HTML_TYPE, latest)
    items = "".join(
        f"<item><title>{escape(a.title)}</title><link>{escape(base + a.path)}</link>"
        f"<guid>{escape(base + a.path)}</guid><pubDate>{format_datetime(a.published)}</pubDate>"
        f"<description>{escape(a.standfirst)}</description></item>"
        for a in newest_first[:50]
    )
    resources["/feed.xml"] = (
        ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>The Generated Gazette</title>'
        f"<link>{escape(base)}/</link><description>Latest news</description>{items}</channel></rss>"),
        "application/rss+xml; charset=utf-8",
        latest,
    )
    urls = "".join(
        f"<url><loc>{escape(base + a.path)}</loc><lastmod>{a.published:%Y-%m-%d}</lastmod></url>" for a in articles
    )
    resources["/sitemap.xml"] = (
        ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{urls}</urlset>"),
        "application/xml; charset=utf-8",
        latest,
    )
    resources["/robots.txt"] = (
        "User-agent: *\nDisallow: /search\nDisallow: /newsletter\n"
        + (f"Crawl-delay: {crawl_delay:g}\n" if crawl_delay is not None else "")
        + f"\nSitemap: {base}/sitemap.xml\n",
        "text/plain; charset=utf-8",
        EPOCH,
    )
    return resources


def _page(body: str | bytes, content_type: str, modified: datetime) -> Page:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Page(data, content_type, '"' + hashlib.sha256(data).hexdigest()[:24] + '"', modified)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "GeneratedGazette/1.0"
    disable_nagle_algorithm = True
    """TCP_NODELAY, as web servers set it: with Nagle's algorithm a body written after its headers waits for the
    client's delayed ACK of the headers, tens of milliseconds per response on loopback."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet by design
        return

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        site = self.server.site
        path = urlsplit(self.path).path
        site.record(self.command, path, self.headers.get("If-None-Match"))
        try:
            if site.latency:
                time.sleep(site.latency)
            self._answer(site, path)
        finally:
            site.served()

    def _answer(self, site: GeneratedSite, path: str) -> None:
        page = site.pages.get(path)
        if page is None:
            body = b"<!DOCTYPE html><html><head><title>Not found</title></head><body><h1>Not found</h1></body></html>"
            self.send_response(404)
            self.send_header("Content-Type", HTML_TYPE)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        tags = [t.strip().removeprefix("W/") for t in (self.headers.get("If-None-Match") or "").split(",")]
        fresh = page.etag in tags
        self.send_response(304 if fresh else 200)
        self.send_header("ETag", page.etag)
        self.send_header("Last-Modified", format_datetime(page.last_modified, usegmt=True))
        if fresh:
            self.end_headers()
            return
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        self.end_headers()
        self.wfile.write(page.body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    """Listen backlog (socketserver's default is 5): a crawler opening more connections at once than the backlog
    holds has the extra SYNs dropped and waits a second or more for their retransmission."""
    site: GeneratedSite

    def handle_error(self, request: object, client_address: object) -> None:
        """A client killed mid-request (as the kill tests do) is expected, not an error worth a traceback."""


class GeneratedSite:
    """A generated news site served on 127.0.0.1 from a background thread; use as a context manager.

    `requests` lists (method, path, If-None-Match) of every request received, in arrival order; `arrivals` the
    time.monotonic() at which each arrived; `most_in_progress` the most requests it was answering at once.
    `crawl_delay` adds a `Crawl-delay:` line to robots.txt; `latency` seconds pass before each answer.
    """

    def __init__(
        self, articles: int, *, seed: int = 0, per_page: int = 20, crawl_delay: float | None = None,
        latency: float = 0.0,
    ) -> None:  # fmt: skip
        self.seed = seed
        self.per_page = per_page
        self.crawl_delay = crawl_delay
        self.latency = latency
        self.in_progress = 0
        self.most_in_progress = 0
        self.articles = [generate_article(i, seed) for i in range(articles)]
        self.pages: dict[str, Page] = {}
        self._log: list[tuple[str, str, str | None]] = []
        self._arrivals: list[float] = []
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.base = ""

    def __enter__(self) -> Self:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.site = self
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._render()
        self._thread = threading.Thread(target=self._server.serve_forever, name="generated-site", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _render(self) -> None:
        rendered = render_site(self.articles, self.base, self.per_page, self.crawl_delay)
        self.pages = {path: _page(*resource) for path, resource in rendered.items()}  # swapped in one assignment

    def publish(self, count: int) -> list[GeneratedArticle]:
        """Add `count` new articles (newest first on the listings, in the feed and sitemap); returns them."""
        start = len(self.articles)
        new = [generate_article(start + i, self.seed) for i in range(count)]
        self.articles.extend(new)
        self._render()
        return new

    def url(self, path: str = "/") -> str:
        return self.base + path

    def record(self, method: str, path: str, if_none_match: str | None) -> None:
        """A request arrived: log it; it is in progress until served()."""
        with self._lock:
            self._log.append((method, path, if_none_match))
            self._arrivals.append(time.monotonic())
            self.in_progress += 1
            self.most_in_progress = max(self.most_in_progress, self.in_progress)

    def served(self) -> None:
        with self._lock:
            self.in_progress -= 1

    @property
    def requests(self) -> list[tuple[str, str, str | None]]:
        with self._lock:
            return list(self._log)

    @property
    def arrivals(self) -> list[float]:
        with self._lock:
            return list(self._arrivals)

    def clear_requests(self) -> None:
        with self._lock:
            self._log.clear()
            self._arrivals.clear()

    @property
    def article_paths(self) -> set[str]:
        return {a.path for a in self.articles}

"""Render the demo sites (theme templates + content) into the pages each serves, per edition."""

from __future__ import annotations

import html
import json
import mimetypes
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from string import Template

from .content import SiteContent, Story, load_all
from .feeds import news_sitemap, rss_feed, sitemap_index, url_sitemap
from .pdf import minimal_pdf

MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
DAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS_UR = (
    "جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون",
    "جولائی", "اگست", "ستمبر", "اکتوبر", "نومبر", "دسمبر",
)
HTML_TYPE = "text/html; charset=utf-8"
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_RELATED_COUNT, _RECENT_COUNT, _COMMENT_COUNT, _INLINE_AFTER = 4, 5, 3, 2


@dataclass(frozen=True)
class Resource:
    """One document a site serves with status 200; text may hold {{base}} placeholders."""

    body: str | bytes
    content_type: str
    last_modified: datetime


@dataclass(frozen=True)
class RenderedSite:
    """All a site serves in one edition: documents by path (with query), redirects, its 404 page."""

    resources: dict[str, Resource]
    redirects: dict[str, str]
    not_found: str


class Theme:
    """A site's templates (theme/*.html), each a string.Template named by its file stem."""

    def __init__(self, directory: Path) -> None:
        self._templates = {p.stem: Template(p.read_text("utf-8").rstrip("\n")) for p in directory.glob("*.html")}

    def has(self, template: str) -> bool:
        return template in self._templates

    def fill(self, template: str, **values: object) -> str:
        return self._templates[template].substitute(values)


def date_words(moment: datetime) -> str:
    """'Sun Aug 20 2023', as the seed page writes the date."""
    return f"{DAYS_EN[moment.weekday()]} {MONTHS_EN[moment.month - 1][:3]} {moment.day:02d} {moment.year}"


def date_long(moment: datetime) -> str:
    """'August 20, 2023'."""
    return f"{MONTHS_EN[moment.month - 1]} {moment.day}, {moment.year}"


def date_urdu(moment: datetime) -> str:
    """'20 اگست 2023'."""
    return f"{moment.day} {MONTHS_UR[moment.month - 1]} {moment.year}"


def paragraph_html(text: str) -> str:
    """One content paragraph as HTML: '## ' makes a subheading, '> ' a quote, [text](url) a link."""
    escaped = _LINK.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', html.escape(text, quote=False))
    if text.startswith("## "):
        return f"<h2>{escaped[3:]}</h2>"
    if text.startswith("> "):
        return f"<blockquote><p>{escaped[5:]}</p></blockquote>"
    return f"<p>{escaped}</p>"


def slug(name: str) -> str:
    return re.sub(r"[^\w]+", "-", name.lower()).strip("-")


def join_names(names: list[str], and_word: str) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {and_word} {names[-1]}"


def json_ld(site: SiteContent, story: Story) -> str:
    """A schema.org NewsArticle block for the story, safe to place inside <script>."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": "{{base}}" + story.path},
        "headline": story.title,
        "description": story.standfirst,
        "datePublished": story.published.isoformat(),
        "dateModified": story.modified.isoformat(),
        "author": [
            {"@type": "Person", "name": name, "url": "{{base}}/authors/" + slug(name)} for name in story.authors
        ],
        "publisher": {
            "@type": "Organization",
            "name": site.title,
            "logo": {"@type": "ImageObject", "url": "{{base}}/static/logo.svg"},
        },
        "articleSection": site.section(story.section).name,
        "keywords": list(story.tags),
        "inLanguage": site.lang,
    }
    return json.dumps(data, ensure_ascii=False, indent=2).replace("</", "<\\/")


class SiteRenderer:
    """Renders one site's pages for one edition."""

    def __init__(self, site: SiteContent, edition: int) -> None:
        self.site = site
        self.theme = Theme(site.directory / "theme")
        self.stories = [s.in_edition(edition) for s in site.stories]
        self.articles = [s for s in self.stories if not s.removed]
        self.public = [s for s in self.articles if not s.members_only]

    # -- shared pieces ------------------------------------------------------------------------
    def _layout(self, title: str, main: str, head: str, body_class: str) -> str:
        site, theme = self.site, self.theme
        nav = "".join(theme.fill("nav_item", url=s.path, name=html.escape(s.name)) for s in site.sections)
        recent = "".join(
            theme.fill("recent_item", url=s.path, title=html.escape(s.title), date_long=date_long(s.published))
            for s in self.public[:_RECENT_COUNT]
        )
        return theme.fill(
            "layout",
            lang=site.lang,
            dir=site.direction,
            page_title=html.escape(title),
            head=head,
            body_class=body_class,
            site_title=html.escape(site.title),
            tagline=html.escape(site.tagline),
            feed_url=site.feed,
            nav=nav,
            recent=recent,
            main=main,
        )

    def _story_values(self, story: Story) -> dict[str, object]:
        site = self.site
        section = site.section(story.section)
        return {
            "url": "{{base}}" + story.path,
            "listed_url": story.listed_path,
            "title": html.escape(story.title),
            "title_attr": html.escape(story.title, quote=True),
            "standfirst": html.escape(story.standfirst),
            "standfirst_attr": html.escape(story.standfirst, quote=True),
            "section_name": html.escape(section.name),
            "section_url": section.path,
            "date_iso": story.published.isoformat(),
            "modified_iso": story.modified.isoformat(),
            "date_words": date_words(story.published),
            "date_long": date_long(story.published),
            "date_urdu": date_urdu(story.published),
            "modified_long": date_long(story.modified),
            "time_hm": story.published.strftime("%H:%M"),
            "authors_text": html.escape(join_names(list(story.authors), site.and_word), quote=True),
        }

    # -- articles --------------------------------------------------------------------------------
    def _related_stories(self, story: Story) -> list[Story]:
        """Other public stories, those of the same section first."""
        others = [s for s in self.public if s.path != story.path]
        others.sort(key=lambda s: s.section != story.section)
        return others

    def _related(self, story: Story) -> str:
        if not self.theme.has("related_item"):
            return ""
        chosen = self._related_stories(story)[:_RELATED_COUNT]
        return "".join(self.theme.fill("related_item", **self._story_values(s)) for s in chosen)

    def _comments(self, story: Story) -> str:
        pool = self.site.comments
        if not pool or not self.theme.has("comment"):
            return ""
        start = self.site.stories.index(next(s for s in self.site.stories if s.path == story.path))
        picked = [pool[(start + i) % len(pool)] for i in range(_COMMENT_COUNT)]
        return "".join(
            self.theme.fill("comment", name=html.escape(c["name"]), text=html.escape(c["text"]), ago=c["ago"])
            for c in picked
        )

    def article(self, story: Story) -> str:
        site, theme = self.site, self.theme
        values = self._story_values(story)
        byline = join_names(
            [theme.fill("author", name=html.escape(n), slug=slug(n)) for n in story.authors], site.and_word
        )
        blocks = [paragraph_html(p) for p in story.paragraphs]
        inline = self._related_stories(story)[:1]
        if theme.has("inline_related") and inline and len(blocks) > _INLINE_AFTER + 1:
            blocks.insert(_INLINE_AFTER, theme.fill("inline_related", **self._story_values(inline[0])))
        body = "\n".join(blocks)
        if story.report is not None:
            report_url = "{{base}}" + story.report.path
            body += "\n" + theme.fill("report", url=report_url, title=html.escape(story.report.title))
        if story.copy_of is not None:
            original_site, original_path = story.copy_of
            canonical = "{{base:" + original_site + "}}" + original_path
        else:
            canonical = "{{base}}" + story.path
        tags = "\n".join(theme.fill("tag", name=html.escape(t)) for t in story.tags) if theme.has("tag") else ""
        values |= {
            "byline": byline,
            "body": body,
            "tags": tags,
            "related": self._related(story),
            "comments": self._comments(story),
            "canonical": canonical,
            "jsonld": json_ld(site, story),
        }
        head = theme.fill("article_head", **values)
        main = theme.fill("article", **values)
        return self._layout(story.title, main, head, "single single-post")

    # -- listings --------------------------------------------------------------------------------
    def page_path(self, base: str, number: int) -> str:
        if number == 1:
            return base
        if self.site.pagination == "path":
            return f"{base}page/{number}/"
        return f"{base}?page={number}"

    def listing(self, base: str, heading: str, stories: list[Story]) -> dict[str, tuple[str, datetime]]:
        """Listing pages for `stories` under `base`, paginated: path -> (html, last modified)."""
        theme, size = self.theme, self.site.per_page
        chunks = [stories[i : i + size] for i in range(0, len(stories), size)] or [[]]
        pages = {}
        for number, chunk in enumerate(chunks, start=1):
            cards = "".join(theme.fill("card", **self._story_values(s)) for s in chunk)
            numbers = "".join(
                theme.fill(
                    "page_number",
                    url=self.page_path(base, n),
                    number=n,
                    current=' aria-current="page"' if n == number else "",
                )
                for n in range(1, len(chunks) + 1)
            )
            newer = theme.fill("pager_newer", url=self.page_path(base, number - 1)) if number > 1 else ""
            older = theme.fill("pager_older", url=self.page_path(base, number + 1)) if number < len(chunks) else ""
            main = theme.fill(
                "listing", heading=html.escape(heading), cards=cards, numbers=numbers, newer=newer, older=older
            )
            head = theme.fill("listing_head", canonical="{{base}}" + self.page_path(base, number))
            title = heading if number == 1 else f"{heading} – {number}"
            modified = max((s.modified for s in chunk), default=self.site.updated)
            pages[self.page_path(base, number)] = (self._layout(title, main, head, "archive"), modified)
        return pages

    def not_found(self) -> str:
        return self._layout(self.theme.fill("notfound_title"), self.theme.fill("notfound"), "", "error404")


def _static_files(site: SiteContent) -> dict[str, Resource]:
    """The files under the site's static/ folder, served at their relative paths (robots.txt, CSS, JS, SVG)."""
    root = site.directory / "static"
    found = {}
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        path = "/" + file.relative_to(root).as_posix()
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/"):
            found[path] = Resource(file.read_text("utf-8"), f"{kind}; charset=utf-8", site.updated)
        else:
            found[path] = Resource(file.read_bytes(), kind, site.updated)
    return found


def render_site(site: SiteContent, edition: int) -> RenderedSite:
    """Every page, feed, sitemap, report and static file of `site` as served in `edition`."""
    renderer = SiteRenderer(site, edition)
    resources = _static_files(site)
    for story in renderer.articles:
        resources[story.path] = Resource(renderer.article(story), HTML_TYPE, story.modified)
        if story.report is not None:
            pdf = minimal_pdf(story.report.title, story.report.lines)
            resources[story.report.path] = Resource(pdf, "application/pdf", story.published)
    listings = renderer.listing("/", site.title, renderer.stories)
    for section in site.sections:
        chosen = [s for s in renderer.stories if s.section == section.slug]
        listings |= renderer.listing(section.path, section.name, chosen)
    for path, (page, modified) in listings.items():
        resources[path] = Resource(page, HTML_TYPE, modified)
    public = renderer.public
    newest = max((s.modified for s in public), default=site.updated)
    resources[site.feed] = Resource(rss_feed(site, public), "application/rss+xml; charset=utf-8", newest)
    xml = "application/xml; charset=utf-8"
    if site.sitemap_index and site.post_sitemap and site.news_sitemap:
        index = [(site.post_sitemap, newest), (site.news_sitemap, newest)]
        resources[site.sitemap_index] = Resource(sitemap_index(index), xml, newest)
        resources[site.post_sitemap] = Resource(url_sitemap(public), xml, newest)
        resources[site.news_sitemap] = Resource(news_sitemap(site, public), xml, newest)
    redirects = {s.old_path: s.path for s in renderer.articles if s.old_path}
    return RenderedSite(resources, redirects, renderer.not_found())


def render_all(edition: int) -> dict[str, RenderedSite]:
    """Every demo site rendered for `edition`, keyed by site name."""
    return {name: render_site(site, edition) for name, site in load_all().items()}

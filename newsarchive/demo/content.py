"""Load the demo sites' content (site/<name>/content.toml) into typed records."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

SITE_ROOT = Path(__file__).parent / "site"


@dataclass(frozen=True)
class Report:
    """A PDF report an article cites, served by the site."""

    path: str
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Story:
    """One article page (or a teaser that only appears in listings, when `removed`)."""

    path: str
    section: str
    title: str
    published: datetime
    modified: datetime
    authors: tuple[str, ...] = ()
    standfirst: str = ""
    paragraphs: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    report: Report | None = None
    old_path: str | None = None
    members_only: bool = False
    removed: bool = False
    copy_of: tuple[str, str] | None = None
    revision: Story | None = None

    @property
    def listed_path(self) -> str:
        """The address listings link to: the stale old address for a moved article."""
        return self.old_path or self.path

    def in_edition(self, edition: int) -> Story:
        """This story as served in `edition` (2 and later serve the revision, when there is one)."""
        return self.revision if edition >= 2 and self.revision is not None else self


@dataclass(frozen=True)
class Section:
    """A section (category) of a site, with its listing address."""

    slug: str
    name: str
    path: str


@dataclass(frozen=True)
class SiteContent:
    """Everything one demo site serves, before rendering."""

    name: str
    title: str
    tagline: str
    lang: str
    direction: str
    per_page: int
    pagination: str
    feed: str
    sitemap_index: str | None
    news_sitemap: str | None
    post_sitemap: str | None
    updated: datetime
    and_word: str
    sections: tuple[Section, ...]
    stories: tuple[Story, ...]
    comments: tuple[dict[str, str], ...]
    directory: Path

    def section(self, slug: str) -> Section:
        return next(s for s in self.sections if s.slug == slug)


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(" ".join(p.split()) for p in text.strip().split("\n\n") if p.strip())


def _report(data: dict[str, Any] | None) -> Report | None:
    if data is None:
        return None
    return Report(path=data["path"], title=data["title"], lines=tuple(data.get("lines", ())))


def _story(data: dict[str, Any]) -> Story:
    published = data["published"]
    story = Story(
        path=data["path"],
        section=data["section"],
        title=data.get("title", ""),
        published=published,
        modified=data.get("modified", published),
        authors=tuple(data.get("authors", ())),
        standfirst=data.get("standfirst", ""),
        paragraphs=_paragraphs(data.get("body", "")),
        tags=tuple(data.get("tags", ())),
        report=_report(data.get("report")),
        old_path=data.get("old_path"),
        members_only=data.get("members_only", False),
        copy_of=tuple(data["copy_of"].split(":", 1)) if "copy_of" in data else None,  # type: ignore[arg-type]
    )
    edition2 = data.get("edition2")
    if edition2 is not None:
        story = replace(
            story,
            revision=replace(story, modified=edition2["modified"], paragraphs=_paragraphs(edition2["body"])),
        )
    return story


def _removed(data: dict[str, Any]) -> Story:
    return Story(
        path=data["path"],
        section=data["section"],
        title=data["title"],
        published=data["published"],
        modified=data["published"],
        standfirst=data.get("standfirst", ""),
        removed=True,
    )


def load_site(directory: Path) -> SiteContent:
    """Read one site's content.toml (stories, sections, comments) from `directory`."""
    with open(directory / "content.toml", "rb") as handle:
        data = tomllib.load(handle)
    meta = data["site"]
    stories = [_story(s) for s in data.get("story", [])] + [_removed(r) for r in data.get("removed", [])]
    return SiteContent(
        name=meta["name"],
        title=meta["title"],
        tagline=meta.get("tagline", ""),
        lang=meta["lang"],
        direction=meta.get("dir", "ltr"),
        per_page=meta["per_page"],
        pagination=meta["pagination"],
        feed=meta["feed"],
        sitemap_index=meta.get("sitemap_index"),
        news_sitemap=meta.get("news_sitemap"),
        post_sitemap=meta.get("post_sitemap"),
        updated=meta["updated"],
        and_word=meta.get("and_word", "and"),
        sections=tuple(Section(**s) for s in data.get("section", [])),
        stories=tuple(sorted(stories, key=lambda s: s.published, reverse=True)),
        comments=tuple(data.get("comment", [])),
        directory=directory,
    )


def resolve_copies(sites: dict[str, SiteContent]) -> dict[str, SiteContent]:
    """Fill each syndicated copy's headline, byline and text from the original on the other site."""
    originals = {(name, s.path): s for name, site in sites.items() for s in site.stories}
    resolved = {}
    for name, site in sites.items():
        stories = []
        for story in site.stories:
            if story.copy_of is not None:
                original = originals[story.copy_of]
                story = replace(
                    story,
                    title=story.title or original.title,
                    authors=story.authors or original.authors,
                    standfirst=story.standfirst or original.standfirst,
                    paragraphs=story.paragraphs or original.paragraphs,
                    tags=story.tags or original.tags,
                )
            stories.append(story)
        resolved[name] = replace(site, stories=tuple(stories))
    return resolved


def load_all(root: Path = SITE_ROOT) -> dict[str, SiteContent]:
    """Every demo site under `root` (one folder with a content.toml each), keyed by site name."""
    sites = {}
    for directory in sorted(p for p in root.iterdir() if (p / "content.toml").is_file()):
        site = load_site(directory)
        sites[site.name] = site
    return resolve_copies(sites)

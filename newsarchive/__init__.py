"""newsarchive: crawl news sites, extract articles cleanly, keep every revision in one SQLite archive.

The names below are the public API. Heavy modules (the extractor, the store) load on first use, so the
command line starts fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .errors import ArchiveError, ConfigError, ExtractionError, NewsarchiveError, QueryError, UrlError
from .models import Article, Link, Overrides

_LAZY = {
    "Archive": "newsarchive.store",
    "PageAnalysis": "newsarchive.extract",
    "Site": "newsarchive.config",
    "analyse_page": "newsarchive.extract",
    "canonical_url": "newsarchive.urls",
    "extract_article": "newsarchive.extract",
    "load_sites": "newsarchive.config",
}

__all__ = [
    "Archive",
    "ArchiveError",
    "Article",
    "ConfigError",
    "ExtractionError",
    "Link",
    "NewsarchiveError",
    "Overrides",
    "PageAnalysis",
    "QueryError",
    "Site",
    "UrlError",
    "analyse_page",
    "canonical_url",
    "extract_article",
    "load_sites",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'newsarchive' has no attribute {name!r}")

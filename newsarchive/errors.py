"""The one exception hierarchy: the CLI turns these into one clear line and a non-zero exit."""

from __future__ import annotations


class NewsarchiveError(Exception):
    """Base class of every error newsarchive reports to a user."""


class ConfigError(NewsarchiveError):
    """A sites.toml file or a command-line option is invalid."""


class UrlError(NewsarchiveError):
    """A URL is malformed, not http(s), or points at a forbidden address."""


class ArchiveError(NewsarchiveError):
    """The archive database cannot be opened, read or written."""


class QueryError(ArchiveError):
    """A user SQL query is invalid, refused (it would write) or too slow."""


class ExtractionError(NewsarchiveError):
    """A page cannot be read at all (missing file, unreadable manifest)."""

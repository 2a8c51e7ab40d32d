"""What the spider hands to the pipelines: one fetched page and, after extraction, what was found in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .frontier import FrontierUrl


@dataclass
class FetchedPage:
    """A fetched HTML page on its way through the extract and store pipelines."""

    frontier: FrontierUrl
    """The frontier entry that was claimed for this fetch."""
    url: str
    """Final URL after redirects."""
    status: int
    body: bytes
    encoding: str | None
    """Charset from the Content-Type header, if any."""
    content_type: str | None
    etag: str | None
    last_modified: str | None
    site: Any
    """The config.Site this URL belongs to."""
    analysis: Any = None
    """extract.PageAnalysis, set by the extract pipeline."""
    extract_error: str | None = field(default=None)
    """Why extraction failed or was cut short (time budget), if it did."""

"""Article history: pick two stored versions and show what changed between them as a unified diff."""

from __future__ import annotations

import difflib
from typing import Any

from ..errors import ArchiveError


def version(versions: list[dict[str, Any]], number: int) -> dict[str, Any]:
    """The version with this revision number, or an ArchiveError listing the ones that exist."""
    for entry in versions:
        if entry["revision"] == number:
            return entry
    known = ", ".join(str(v["revision"]) for v in versions)
    raise ArchiveError(f"no revision {number} of this article (revisions: {known})")


def unified_diff(url: str, versions: list[dict[str, Any]], a: int, b: int) -> list[str]:
    """Unified diff lines (title first, then body paragraphs) from revision `a` to revision `b`."""
    old, new = version(versions, a), version(versions, b)

    def lines(entry: dict[str, Any]) -> list[str]:
        return [f"# {entry['title'] or ''}", ""] + (entry["body"] or "").split("\n")

    return list(
        difflib.unified_diff(
            lines(old),
            lines(new),
            fromfile=f"{url} revision {a} ({old['seen_from']})",
            tofile=f"{url} revision {b} ({new['seen_from']})",
            lineterm="",
        )
    )

"""The archive store: the only code besides frontier.py that speaks SQL."""

from __future__ import annotations

from .archive import Archive, fingerprinted
from .snapshots import Snapshot

__all__ = ["Archive", "Snapshot", "fingerprinted"]

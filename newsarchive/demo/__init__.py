"""Bundled demo news sites (pages written for this project) served on loopback for demos and tests."""

from __future__ import annotations

from .server import DemoSites

__all__ = ["DemoSites"]

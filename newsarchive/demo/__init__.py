"""Bundled demo news sites (pages written for this project) served on loopback: see `server.DemoSites`."""

from __future__ import annotations

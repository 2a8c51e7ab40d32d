"""Preloaded by the extraction fork server: importing it loads the extractor and runs one page through it, so
every worker forked from the server starts with the extractor's lazy data (date parsers, vocabularies) loaded."""

from __future__ import annotations

from .extract import warm_up

warm_up()

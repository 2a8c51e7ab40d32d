"""The pipelines NewsSpider runs each fetched HTML page through, one per module: extract, then store."""

"""Scrapy downloader middlewares of newsarchive, one per module, and the downloader they run in."""

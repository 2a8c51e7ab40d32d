"""Scrapy downloader middlewares of newsarchive, one per module."""

"""Scrapy spiders of newsarchive."""

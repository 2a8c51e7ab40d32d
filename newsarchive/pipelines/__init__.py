"""Scrapy item pipelines of newsarchive, one component per module: extract, then store."""

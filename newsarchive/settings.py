"""Scrapy settings for newsarchive crawls: politeness, limits, safety and the archive's components."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    VERSION = version("newsarchive")
except PackageNotFoundError:  # running from a source tree that was not installed
    VERSION = "0.1.0"

BOT_NAME = "newsarchive"
SPIDER_MODULES = ["newsarchive.spiders"]
USER_AGENT = f"newsarchive/{VERSION} (news archive crawler; +https://pypi.org/project/newsarchive/)"

# Politeness: robots.txt, few requests per host, a delay that AutoThrottle adapts to the server.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOADER = "newsarchive.middlewares.downloader.Downloader"  # holds a host to that limit also with no delay
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Limits: every request ends, no body over the cap is read (also after decompression).
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
DNS_TIMEOUT = 10
REDIRECT_MAX_TIMES = 10
RETRY_TIMES = 2
# 429 and 503 are not retried at once: the frontier schedules them after their Retry-After (or a backoff).
RETRY_HTTP_CODES = [500, 502, 504, 522, 524, 408]
METAREFRESH_ENABLED = False

# The frontier, not Scrapy, decides what is fetched: no request de-duplication, every status reaches the spider.
DUPEFILTER_CLASS = "scrapy.dupefilters.BaseDupeFilter"
HTTPERROR_ALLOW_ALL = True
TELNETCONSOLE_ENABLED = False
# Stateless fetches: no cookie jar carried between pages or hosts (Scrapy's jar also looks the public suffix
# list up on the network). A site that needs a cookie gets it from its `headers` in sites.toml, sent to it only.
COOKIES_ENABLED = False
# Throughput: the callbacks yield nothing (NewsSpider.parse runs the pipelines itself), yet Scrapy starts
# CONCURRENT_ITEMS tasks per response to go through their output (100 by default); the return-value check re-parses
# the callback's source on every response (bound methods defeat its cache).
CONCURRENT_ITEMS = 1
WARN_ON_GENERATOR_RETURN_VALUE = False
# The spider's callbacks yield nothing (no requests, no items), so the spider middlewares that look at their
# output (depth, URL length, meta copies) only cost time (the referer one stays: redirects ask for it), as does the HTTP-error one
# (HTTPERROR_ALLOW_ALL lets every status through anyway); per-request byte counts nobody reads are not kept either.
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
    "scrapy.spidermiddlewares.httperror.HttpErrorMiddleware": None,
}
DOWNLOADER_STATS = False
# Scrapy works out the versions it would log at INFO on every start, logged or not: a `uname -p` subprocess and a
# package metadata scan on the way to the first request.
LOG_VERSIONS: list[str] = []
LOG_LEVEL = "WARNING"
LOG_FORMATTER = "newsarchive.crawllog.PageLogFormatter"  # the per-page DEBUG lines only when DEBUG is shown
STATS_CLASS = "newsarchive.crawlstats.PlainStatsCollector"

# Safety: only http(s); no private, loopback or link-local address unless NEWSARCHIVE_ALLOW_PRIVATE.
TWISTED_DNS_RESOLVER = "newsarchive.netguard.GuardedResolver"
# Scrapy's off-site filter (the spider names no allowed_domains: the frontier decides what is fetched) and HTTP
# auth (the spider has no http_user) would only cost time on every request.
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
    "newsarchive.netguard.SchemeGuardMiddleware": 50,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newsarchive.middlewares.robots.RobotsTxtMiddleware": 100,
    "newsarchive.middlewares.siteheaders.SiteHeadersMiddleware": 450,
}
# No Scrapy item pipelines: NewsSpider.parse runs each HTML page through newsarchive.pipelines (extract, then
# store) itself, sparing every page Scrapy's item path (output chain, pipeline chain, item_scraped signal).
ITEM_PIPELINES: dict[str, int] = {}

# newsarchive's own settings.
NEWSARCHIVE_DB = "archive.db"
NEWSARCHIVE_ALLOW_PRIVATE = False
NEWSARCHIVE_EXTRACT_WORKERS = None  # None: one per core; 0: extract in the crawling process
NEWSARCHIVE_EXTRACT_TIMEOUT = 30.0
NEWSARCHIVE_CLAIM_BATCH = 64
NEWSARCHIVE_MAX_DEPTH = 3
NEWSARCHIVE_SNAPSHOTS = True
# Scrapy 2.19 opens a remote-control HTTP server in every crawl: not in this one. crawl.crawl_settings takes it out
# of EXTENSIONS_BASE rather than setting it to None here: Scrapy imports every extension it finds named (aiohttp
# with this one, 0.3 s of CPU on the way to the first request).
EXTENSIONS = {
    "newsarchive.progress.Progress": 500,
    # AutoThrottle floored by each host's own delay (sites.toml `delay`, robots.txt Crawl-delay).
    "scrapy.extensions.throttle.AutoThrottle": None,
    "newsarchive.middlewares.throttle.AutoThrottle": 0,
}
NEWSARCHIVE_PROGRESS = "auto"  # "live" on a terminal, "log" lines when piped, or "off"

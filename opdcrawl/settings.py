"""Scrapy settings and opdcrawl defaults.

Every threshold an operator may want to change lives here, under an ``OPDCRAWL_``
prefix, and is documented in the README's settings table. Override per run with
``scrapy crawl websites -s OPDCRAWL_ACTIVE_MAX_DAYS=14`` or in ``scrapy.cfg``.
"""

from __future__ import annotations

import os
import shutil

BOT_NAME = "opdcrawl"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# --- Identity and politeness -------------------------------------------------------------
OPDCRAWL_CONTACT_URL = os.environ.get(
    "OPDCRAWL_CONTACT_URL", "https://github.com/opdcrawl/opdcrawl#kontak"
)
USER_AGENT = f"opdcrawl/0.1 (+{OPDCRAWL_CONTACT_URL}; pemantauan website OPD oleh Diskominfo)"
ROBOTSTXT_OBEY = True
# Protego, keeping the Sitemap lines so the spider need not fetch robots.txt twice.
ROBOTSTXT_PARSER = "opdcrawl.robots.SitemapRobotParser"
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_DELAY = 0.5
CONCURRENT_REQUESTS_PER_DOMAIN = 2

# --- Broad crawl (Scrapy docs, "Broad Crawls") -------------------------------------------
# Requests waiting out a site's download delay count against this global cap, so it is
# set well above the number of sites that can be fetched at once (benchmarks/bench_crawl.py:
# 64 -> 128 gave +52 % sites per minute at 1,000 loopback sites). On the internet's
# latency (0.2-2 s an answer, 5 % hanging sites: benchmarks/bench_national.py) a request
# mostly waits: 128 -> 512 cut a 1,000-site crawl from 145 s to 85 s; it costs sockets,
# not CPU, and politeness stays per site (CONCURRENT_REQUESTS_PER_DOMAIN, delays).
CONCURRENT_REQUESTS = 512
# Sites started and not yet done, at most (spiders/websites.py): start() is read lazily so
# memory does not grow with the registry; twice the concurrency keeps the downloader fed.
OPDCRAWL_SITES_IN_FLIGHT = 1024
# Items of one response processed at once. A site's callback yields one check (discover a
# few proposals); Scrapy starts this many worker tasks for every response, and at its
# default of 100 making and awaiting them was a twelfth of a national crawl's main thread.
CONCURRENT_ITEMS = 4
REACTOR_THREADPOOL_MAXSIZE = 20
COOKIES_ENABLED = False
LOG_LEVEL = os.environ.get("OPDCRAWL_LOG_LEVEL", "INFO")
DOWNLOAD_TIMEOUT = 20
DNS_TIMEOUT = 10
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 8
AJAXCRAWL_ENABLED = False

# Transient errors are retried with backoff (see opdcrawl.middlewares); DNS and TLS
# failures are permanent for this run and are reported, not retried.
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_EXCEPTIONS = [
    "scrapy.exceptions.DownloadConnectionRefusedError",
    "scrapy.exceptions.DownloadFailedError",
    "scrapy.exceptions.DownloadTimeoutError",
    "scrapy.exceptions.ResponseDataLossError",
    "twisted.internet.error.ConnectionDone",
    "twisted.internet.error.ConnectError",
    "twisted.internet.error.ConnectionLost",
]
# A site that gave up is stored with its reason; the log line need not be an ERROR.
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"
OPDCRAWL_RETRY_BACKOFF_BASE = 2.0  # seconds; doubles on every retry
OPDCRAWL_RETRY_BACKOFF_MAX = 30.0
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "opdcrawl.middlewares.BackoffRetryMiddleware": 550,
    # Nearer the downloader than retries, so a refused address is named, not retried.
    "opdcrawl.netguard.AddressGuardMiddleware": 560,
    # Before Scrapy's DownloadTimeoutMiddleware (350), which fills in the default timeout.
    "opdcrawl.middlewares.RobotsTimeoutMiddleware": 340,
}
OPDCRAWL_ROBOTS_TIMEOUT = 10.0  # seconds for robots.txt; the homepage keeps DOWNLOAD_TIMEOUT

# --- A crawler that cannot be turned against its own network (opdcrawl.netguard) ---------
# Registry URLs and redirects that resolve to private, loopback, link-local or cloud
# metadata addresses are refused (error class forbidden_address). The demo, the tests and
# the benchmarks serve their sites on loopback and switch this on explicitly.
TWISTED_DNS_RESOLVER = "opdcrawl.netguard.GuardedResolver"
OPDCRAWL_ALLOW_PRIVATE_ADDRESSES = os.environ.get(
    "OPDCRAWL_ALLOW_PRIVATE_ADDRESSES", ""
).strip().lower() in ("1", "true", "yes", "ya")
# Networks still allowed when the above is off, e.g. ["10.20.0.0/16"] for an office's own
# proxy or an intranet mirror the crawl must reach.
OPDCRAWL_ALLOWED_NETWORKS: list[str] = []

# --- Certificates (opdcrawl.certificates) -------------------------------------------------
# Trusted roots for judging websites' certificate chains: a PEM bundle; empty = the
# system's bundle (Debian: /etc/ssl/certs/ca-certificates.crt).
OPDCRAWL_CA_BUNDLE = os.environ.get("OPDCRAWL_CA_BUNDLE", "")
# Reports, the dashboard and alerts warn about certificates that expire within this many
# days (also from the environment: reports and alerts run outside Scrapy).
OPDCRAWL_CERT_WARN_DAYS = int(os.environ.get("OPDCRAWL_CERT_WARN_DAYS") or 30)

# --- Unattended runs: no remote code execution, no telnet --------------------------------
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

# --- JavaScript-only sites: scrapy-playwright, used only when a page needs it --------------
DOWNLOAD_HANDLERS = {
    "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
}
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
PLAYWRIGHT_BROWSER_TYPE = "chromium"
_SYSTEM_CHROMIUM = os.environ.get("OPDCRAWL_CHROMIUM") or shutil.which("chromium") or ""
PLAYWRIGHT_LAUNCH_OPTIONS: dict = {
    "headless": True,
    "args": [
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
    ],
}
if _SYSTEM_CHROMIUM:
    PLAYWRIGHT_LAUNCH_OPTIONS["executable_path"] = _SYSTEM_CHROMIUM
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 20_000
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4
# Browser contexts alive at once: social pages get one context each (closed after the
# account), so this bounds the browser's memory; further renders wait for a free one.
PLAYWRIGHT_MAX_CONTEXTS = 4
PLAYWRIGHT_ABORT_REQUEST = "opdcrawl.browser.should_abort_request"

# --- Site integrity: the search-engine view of each homepage (README, "Site integrity") ---
# One extra homepage request per reachable site whose homepage shows no integrity finding,
# with a search engine's User-Agent and a search-results referrer, to catch spam shown
# only to search engines (cloaking). Off: that request is not made.
OPDCRAWL_SEARCH_ENGINE_VIEW = True
OPDCRAWL_SEARCH_ENGINE_USER_AGENT = (
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html) "
    f"opdcrawl-integritas (+{OPDCRAWL_CONTACT_URL})"
)
OPDCRAWL_SEARCH_ENGINE_REFERER = "https://www.google.com/search?q=site%3A{host}"

# --- Items and storage -------------------------------------------------------------------
ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 100,
    "pipelines.dates.NormaliseDatesPipeline": 200,
    "pipelines.freshness.ScoreFreshnessPipeline": 300,
    "pipelines.scrub.ScrubSecretsPipeline": 700,
    "pipelines.sql.SqlWriterPipeline": 800,
}
OPDCRAWL_DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///opdcrawl.db")
# Every spider's run is recorded (registry sync, crawl_run start/finish) by this extension;
# OPDCRAWL_RECORD_RUNS=False crawls without a database (feed exports only).
# Secrets (database and proxy passwords, API tokens) are masked in every log line,
# Scrapy's "Overridden settings" included (opdcrawl.secrets).
EXTENSIONS = {"opdcrawl.secrets.SecretMasking": 0, "opdcrawl.run_recorder.RunRecorder": 500}
OPDCRAWL_RECORD_RUNS = True
# Checks written at once, each in a worker thread with its own connection (PostgreSQL;
# SQLite always writes one at a time). Keep at or below the engine's pool size (5).
OPDCRAWL_SQL_WRITERS = 4
# A write that fails on the connection (database restarted) is retried with backoff for
# this long; after that the crawl stops as failed and says which checks were not stored.
OPDCRAWL_SQL_RETRY_SECONDS = 120.0
# Seed directory; empty means the CSVs packaged with opdcrawl (they travel in Scrapyd eggs).
OPDCRAWL_SEEDS_DIR = os.environ.get("OPDCRAWL_SEEDS_DIR", "")
# The run's "now" as ISO 8601; empty = the real time. Only for replaying captured sites.
OPDCRAWL_CRAWL_TIME = ""

# --- Freshness model (DESIGN.md; README "Bagaimana kategori ditentukan") -----------------
OPDCRAWL_ACTIVE_MAX_DAYS = 30
OPDCRAWL_ACTIVE_MIN_POSTS_90D = 3
OPDCRAWL_LESS_ACTIVE_MAX_DAYS = 90
OPDCRAWL_CADENCE_WINDOW_DAYS = 180
OPDCRAWL_CADENCE_DAILY_PER_WEEK = 5.0
OPDCRAWL_CADENCE_WEEKLY_PER_WEEK = 1.0
OPDCRAWL_CADENCE_MONTHLY_PER_WEEK = 0.25
OPDCRAWL_CADENCE_MIN_POSTS = 2
# Per channel kind, overrides of the rules above (same names without OPDCRAWL_). Social
# accounts are held to a faster cadence: the offices call an account "update" at about
# two posts a week (Diskominfo Sulawesi Barat), Cilegon ranks them monthly.
OPDCRAWL_FRESHNESS_BY_KIND: dict[str, dict[str, float]] = {
    kind: {"ACTIVE_MAX_DAYS": 14, "ACTIVE_MIN_POSTS_90D": 12, "LESS_ACTIVE_MAX_DAYS": 60}
    for kind in ("instagram", "facebook", "youtube", "x", "tiktok")
}

# --- Social accounts (opdcrawl.social; SOCIAL_NOTES.md) -----------------------------------
# Platform base URLs: settings, so tests serve every route on loopback.
OPDCRAWL_SOCIAL_BASE_URLS: dict[str, str] = {
    "youtube": "https://www.youtube.com",
    "youtube_api": "https://www.googleapis.com/youtube/v3",
    "instagram": "https://www.instagram.com",
    "tiktok": "https://www.tiktok.com",
    "facebook": "https://www.facebook.com",
    "x_api": "https://api.x.com",
    "graph_api": "https://graph.facebook.com/v21.0",
}
# Politeness per platform, not per account (Scrapy's DOWNLOAD_SLOTS, one slot per platform).
DOWNLOAD_SLOTS: dict[str, dict[str, float]] = {
    "social-youtube": {"concurrency": 2, "delay": 1.0},
    "social-instagram": {"concurrency": 1, "delay": 3.0},
    "social-tiktok": {"concurrency": 1, "delay": 3.0},
    "social-facebook": {"concurrency": 1, "delay": 3.0},
    "social-x": {"concurrency": 1, "delay": 1.0},
}
OPDCRAWL_SOCIAL_REFUSALS_TO_STOP = 3  # refusals in a row before a platform is left alone
OPDCRAWL_SOCIAL_OUTAGE_MIN_ACCOUNTS = 5  # an outage needs at least this many accounts …
OPDCRAWL_SOCIAL_OUTAGE_SHARE = 0.8  # … failing the same way
# Platforms' robots.txt forbid most crawlers everywhere, embed pages included; an office
# reading its own agencies' public accounts may decide otherwise for its runs.
OPDCRAWL_SOCIAL_OBEY_ROBOTSTXT = True
# A platform's last route may render its page in Chromium, for an account its plain routes
# left unjudged. Only for these platforms ([] turns the browser off for social pages).
OPDCRAWL_SOCIAL_BROWSER_PLATFORMS = ["facebook"]
OPDCRAWL_SOCIAL_BROWSER_TIMEOUT = 20.0  # seconds for the page to arrive, then given up
OPDCRAWL_SOCIAL_BROWSER_SETTLE = 2.0  # seconds the page's scripts get to fill it in
# Optional official API credentials, from the environment only (never in a file).
OPDCRAWL_YOUTUBE_API_KEY = os.environ.get("OPDCRAWL_YOUTUBE_API_KEY", "")
OPDCRAWL_X_BEARER_TOKEN = os.environ.get("OPDCRAWL_X_BEARER_TOKEN", "")
# Instagram Graph API Business Discovery: the office's own professional account id and
# its token (reads professional target accounts only).
OPDCRAWL_INSTAGRAM_BUSINESS_ID = os.environ.get("OPDCRAWL_INSTAGRAM_BUSINESS_ID", "")
OPDCRAWL_INSTAGRAM_BUSINESS_TOKEN = os.environ.get("OPDCRAWL_INSTAGRAM_BUSINESS_TOKEN", "")

# --- Discovery budget per site ----------------------------------------------------------
OPDCRAWL_MAX_LIST_PAGES = 3
OPDCRAWL_MAX_ARTICLE_PAGES = 3
OPDCRAWL_WINDOW_DAYS = 365  # stop paging once posts are older than this
OPDCRAWL_RENDER_JS = True  # retry JavaScript-only homepages through Chromium

FEED_EXPORT_ENCODING = "utf-8"
# `-O checks.csv`: one readable cell per field (lists joined, posts as "date url").
FEED_EXPORTERS = {"csv": "opdcrawl.feed_export.FlatCsvItemExporter"}
# Local feed files are checked for write access before the crawl, not at its end.
FEED_STORAGES = {
    "": "opdcrawl.feed_export.CheckedFileFeedStorage",
    "file": "opdcrawl.feed_export.CheckedFileFeedStorage",
}

# --- Unattended runs: outcomes, exit codes, progress (README "Kode keluar") --------------
# `scrapy crawl` is opdcrawl's own (opdcrawl/scrapy_commands/crawl.py): it exits with the
# run's code (opdcrawl.run_end) instead of 0 for every crawl that closed.
COMMANDS_MODULE = "opdcrawl.scrapy_commands"
EXTENSIONS.update(
    {
        "opdcrawl.outage.OutageWatch": 510,
        "opdcrawl.progress.ProgressLog": 520,
    }
)
# A registry with errors: the good rows are crawled, then the run exits 5 (False: exit 0).
OPDCRAWL_FAIL_ON_REGISTRY_ERRORS = True
# Crawler-side outage: at least this many distinct hosts checked …
OPDCRAWL_OUTAGE_MIN_SITES = 5
# … and this share of them failing with one network error (DNS, refused, timeout).
OPDCRAWL_OUTAGE_SHARE = 0.9
# A run still "running" after this many hours (or whose process on this host is gone) is
# closed as killed at the next run's start and by `opdcrawl runs --close-stale`.
OPDCRAWL_STALE_RUN_HOURS = 48
# Seconds between Indonesian progress lines (sites done / total, errors, time left); 0 = off.
OPDCRAWL_PROGRESS_INTERVAL = 60

# --- Dashboard (opdcrawl serve) and alerts (opdcrawl alerts) ------------------------------
OPDCRAWL_WEB_HOST = "127.0.0.1"  # loopback unless told otherwise (--host)
OPDCRAWL_WEB_PORT = 8050
OPDCRAWL_WEB_REFRESH_SECONDS = 300  # wall-screen mode reloads the page this often
OPDCRAWL_WEB_CACHE_SECONDS = 60  # Cache-Control max-age of the JSON API
# Origins allowed to read the JSON API from a browser (CORS); "*" = any, [] = none.
OPDCRAWL_WEB_CORS_ORIGINS = ["*"]
# The recipients file of opdcrawl alerts (TOML; README "Peringatan").
OPDCRAWL_ALERTS_CONFIG = os.environ.get("OPDCRAWL_ALERTS_CONFIG", "alerts.toml")
OPDCRAWL_ALERT_RETRY_TIMES = 2  # retries of a message within one run
OPDCRAWL_ALERT_RETRY_DELAY = 2.0  # seconds before the first retry; doubles each time

# --- PPID pages and documents (spiders/ppid.py; README "PPID dan dokumen publik") ----------
OPDCRAWL_PPID_MAX_PAGES = 6  # PPID pages opened per website beyond its homepage
# Document links judged per OPD (a HEAD each, plus a ranged GET of the first bytes when
# the HEAD leaves it open); links beyond it count as published, marked unchecked.
OPDCRAWL_PPID_MAX_DOCUMENT_CHECKS = 12
OPDCRAWL_PPID_PORTAL_PAGES_PER_OPD = 5  # pages of one OPD's list on the region's portal
OPDCRAWL_PPID_SNIFF_BYTES = 2048  # first bytes read to tell a PDF from an HTML error page

# --- Inventory: proposing unregistered websites and accounts (opdcrawl discover) -----------
# A candidate site or account scoring at least this (0-100) becomes a proposal
# (opdcrawl.discovery.scoring; README "Menemukan website dan akun OPD").
OPDCRAWL_DISCOVER_MIN_SCORE = 40
# Host names guessed per OPD from its names (dinkes., kec-<nama>. …), most likely first.
OPDCRAWL_DISCOVER_MAX_GUESSES = 16

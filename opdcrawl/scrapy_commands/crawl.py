"""``scrapy crawl``, exiting with the code of how the run ended (README "Kode keluar").

Scrapy's own ``crawl`` exits 0 for any crawl that closed, whatever its close reason
(scrapy/scrapy#1231, #1241: the process, not the spider, owns the exit code). A project
may replace a built-in command through ``COMMANDS_MODULE`` (Scrapy loads it after its own
commands, so a module named ``crawl`` there wins): this one runs the crawl exactly as
Scrapy's does, then sets the exit code from ``opdcrawl.run_end.judge`` of the crawler's
stats, the same verdict the ``crawl_run`` row records. Scrapyd starts its jobs through
the same command (``scrapyd.runner`` calls ``scrapy.cmdline.execute``), so a failed job
exits non-zero there too.

Before crawling, it refuses feed exports (``-o``/``-O``, ``FEEDS``) into a folder that
cannot be written: Scrapy would otherwise crawl everything and fail only when storing.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from opdcrawl.feed_export import UNWRITABLE_FEED_UP_FRONT, unwritable_reason
from opdcrawl.run_end import REASONS, EndReason, ExitCode, judge

logger = logging.getLogger("opdcrawl.crawl")


def local_feed_path(uri: str) -> Path | None:
    """The file a feed URI writes, for local files only (not ``-``, S3, FTP…)."""
    if uri in ("-", "stdout:"):
        return None
    parts = urlsplit(uri)
    if parts.scheme == "file":
        return Path(parts.path)
    if parts.scheme and len(parts.scheme) > 1:  # a one-letter scheme is a Windows drive
        return None
    return Path(uri)


def unwritable_feed(feeds: dict[str, Any]) -> str | None:
    """Why a local feed file cannot be written (``opdcrawl.feed_export``'s rule and words),
    None when all can be: the crawl is refused before it starts (exit 6) rather than
    crawling for hours and failing when the file is stored."""
    for uri in feeds:
        path = local_feed_path(str(uri))
        if path is None:
            continue
        target = path.absolute()
        reason = unwritable_reason(target)
        if reason:
            return UNWRITABLE_FEED_UP_FRONT.format(path=target, reason=reason)
    return None


class Command(ScrapyCrawl):
    def short_desc(self) -> str:
        return "Run a spider; the exit code says how the run ended (opdcrawl)"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("jalankan satu spider: scrapy crawl websites|social")
        assert self.crawler_process is not None and self.settings is not None
        problem = unwritable_feed(self.settings.getdict("FEEDS"))
        if problem:
            self.finish(f"Crawl dibatalkan: {problem}", ExitCode.EKSPOR_GAGAL, always=True)
            return
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed and not getattr(crawler, "spider", None):
            self.exitcode = int(ExitCode.GALAT_LAIN)
            return
        end = judge(crawler.stats.get_stats(), crawler.settings)
        level = logging.INFO if end.exit_code == 0 else logging.ERROR
        refusal = getattr(crawler.spider, "refusal", None)
        if refusal is not None:
            text = f"Crawl {args[0]} dibatalkan: {refusal.message}"
        elif end.exit_code == 0 or end.reason in (
            EndReason.CRAWLER_OUTAGE,
            EndReason.DATABASE_UNREACHABLE,  # with where it was lost and the checks lost
        ):
            text = f"Crawl {args[0]} berakhir: {end.label}"
        else:
            text = f"Crawl {args[0]} berakhir: {REASONS[end.reason].label}"
        self.finish(f"{text} (kode keluar {end.exit_code})", end.exit_code, level=level)

    def finish(
        self, text: str, code: int, *, level: int = logging.ERROR, always: bool = False
    ) -> None:
        """Log the outcome; a failure also goes to stderr when the log goes to a file, so
        cron mails it and Scrapyd's own log shows it."""
        self.exitcode = int(code)
        logger.log(level, text)
        assert self.settings is not None
        if code and (
            always
            or self.settings.get("LOG_FILE")
            or not self.settings.getbool("LOG_ENABLED", True)
        ):
            print(text, file=sys.stderr)

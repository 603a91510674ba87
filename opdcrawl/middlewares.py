"""Downloader middlewares.

Scrapy's RetryMiddleware retries at once; a struggling pemda server that answered 503
needs a breather first, so retries here wait with exponential backoff. Which errors are
transient is decided by RETRY_EXCEPTIONS / RETRY_HTTP_CODES in opdcrawl.settings (DNS and
TLS failures are deliberately absent: they are permanent for a run).

Browser renders (requests with ``meta["playwright"]``) fail in their own ways under load:
a navigation timeout, a crashed page, a browser that would not start. Those Playwright
errors are not in RETRY_EXCEPTIONS, yet a render is worth one more try, so a render is
retried ``OPDCRAWL_RENDER_RETRY_TIMES`` times (default 1), with the same backoff.

A host that already timed out once in this run (an accepted connection, then silence:
about one OPD site in twenty) is not retried after its next timeout: every retry of a
hanging site held a request slot for another ``DOWNLOAD_TIMEOUT`` plus backoff, and the
robots.txt and homepage timeouts together are evidence enough
(``benchmarks/bench_national.py``: 86 s → 40 s of slot time per hanging site).

robots.txt gets a shorter timeout (``OPDCRAWL_ROBOTS_TIMEOUT``, 10 s): Scrapy holds a
site's homepage until its robots.txt is settled, and a small static file that has not
come in 10 s is not coming; the homepage keeps the full ``DOWNLOAD_TIMEOUT``.

A caller awaiting a download inline (``engine.download_async``) only sees the last
exception; a request may carry a list in ``meta["opdcrawl_failures"]`` and every failed
attempt's "Class: message" (see opdcrawl.reachability.classify_exception) is appended to
it, retries included (they share the list).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.retry import RetryMiddleware

from opdcrawl.reachability import ErrorClass, classify_exception, info

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response


def backoff_delay(retry_times: int, *, base: float, maximum: float) -> float:
    """Seconds to wait before retry number ``retry_times`` (1-based)."""
    if retry_times < 1 or base <= 0:
        return 0.0
    return min(maximum, base * 2 ** (retry_times - 1))


class BackoffRetryMiddleware(RetryMiddleware):
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        middleware = super().from_crawler(crawler)
        middleware.backoff_base = crawler.settings.getfloat("OPDCRAWL_RETRY_BACKOFF_BASE", 2.0)
        middleware.backoff_max = crawler.settings.getfloat("OPDCRAWL_RETRY_BACKOFF_MAX", 30.0)
        middleware.render_retry_times = crawler.settings.getint("OPDCRAWL_RENDER_RETRY_TIMES", 1)
        middleware.timed_out_hosts = set()
        return middleware

    def second_timeout(self, request: Request, error_class: ErrorClass) -> bool:
        """Note a timeout of the request's host; True when the host had timed out before."""
        if error_class is not ErrorClass.TIMEOUT or request.meta.get("playwright"):
            return False
        host = urlsplit(request.url).netloc
        if host in self.timed_out_hosts:
            return True
        self.timed_out_hosts.add(host)
        return False

    def limit_render_retries(self, request: Request) -> None:
        """A browser render is retried OPDCRAWL_RENDER_RETRY_TIMES times unless the
        request says otherwise (``max_retry_times``)."""
        if request.meta.get("playwright"):
            request.meta.setdefault("max_retry_times", self.render_retry_times)

    async def _wait(self, retry: Request | Response | None) -> None:
        from scrapy.http import Request

        if isinstance(retry, Request):
            delay = backoff_delay(
                retry.meta.get("retry_times", 0), base=self.backoff_base, maximum=self.backoff_max
            )
            if delay:
                await asyncio.sleep(delay)

    @staticmethod
    def is_robots_txt(request: Request) -> bool:
        """robots.txt is not retried: the homepage request right after it is, and a dead
        site would otherwise hold a download slot through two rounds of backoff."""
        return request.meta.get("dont_obey_robotstxt", False) and request.url.endswith(
            "/robots.txt"
        )

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if self.is_robots_txt(request):
            return response
        self.limit_render_retries(request)
        result = super().process_response(request, response)
        await self._wait(result)
        return result

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        error_class, detail = classify_exception(exception)
        failures = request.meta.get("opdcrawl_failures")
        if isinstance(failures, list):
            failures.append(detail)
        repeated_timeout = self.second_timeout(request, error_class)
        if self.is_robots_txt(request) or repeated_timeout:
            if repeated_timeout:
                self.crawler.stats.inc_value("opdcrawl/timeouts_not_retried")
            return None
        self.limit_render_retries(request)
        if is_browser_failure(request, exception):
            # The page itself was just fetched without a browser, so a failed render is
            # never permanent (and its long call log would fool the text hints).
            result = None if request.meta.get("dont_retry") else self._retry(request, exception)
        elif info(error_class).permanent:
            # Scrapy wraps TLS handshake failures in the retryable DownloadFailedError;
            # they are permanent for this run, like DNS failures.
            return None
        else:
            result = super().process_exception(request, exception)
        await self._wait(result)
        return result


class RobotsTimeoutMiddleware:
    """Give robots.txt requests ``OPDCRAWL_ROBOTS_TIMEOUT`` seconds (see the module doc)."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsTimeoutMiddleware:
        settings = crawler.settings
        page = settings.getfloat("DOWNLOAD_TIMEOUT")
        robots = settings.getfloat("OPDCRAWL_ROBOTS_TIMEOUT", 10.0)
        return cls(min(robots, page) if page > 0 else robots)  # never longer than a page

    def process_request(self, request: Request) -> None:
        if self.timeout > 0 and BackoffRetryMiddleware.is_robots_txt(request):
            request.meta.setdefault("download_timeout", self.timeout)


def is_browser_failure(request: Request, exception: BaseException) -> bool:
    """A Playwright error (timeout, crashed page, browser not started) on a render."""
    return bool(request.meta.get("playwright")) and type(exception).__module__.startswith(
        "playwright"
    )

"""Downloader middlewares.

Scrapy's RetryMiddleware retries at once; a struggling pemda server that answered 503
needs a breather first, so retries here wait with exponential backoff. Which errors are
transient is decided by RETRY_EXCEPTIONS / RETRY_HTTP_CODES in opdcrawl.settings (DNS and
TLS failures are deliberately absent: they are permanent for a run).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import RetryMiddleware

from opdcrawl.reachability import classify_exception, info

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
        return middleware

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
        result = super().process_response(request, response)
        await self._wait(result)
        return result

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        # Scrapy wraps TLS handshake failures in the retryable DownloadFailedError;
        # they are permanent for this run, like DNS failures.
        if self.is_robots_txt(request) or info(classify_exception(exception)[0]).permanent:
            return None
        result = super().process_exception(request, exception)
        await self._wait(result)
        return result

"""Chromium settings for JavaScript-only sites (scrapy-playwright).

Only the document and the scripts that build it are needed to read dates; images,
fonts, media and stylesheets are aborted so a rendered site costs little. Scripts from
other hosts are left alone on purpose: a JavaScript-only OPD site often builds its page
with a framework loaded from a CDN, and blocking it would leave the page empty.

Chromium connects by itself, outside Scrapy's guarded resolver, so every browser request
is also held to the crawl's address policy (``opdcrawl.netguard``): a rendered page
cannot fetch a private, loopback or metadata address either.
"""

from __future__ import annotations

from typing import Any

BLOCKED_RESOURCE_TYPES = frozenset(
    {"image", "media", "font", "stylesheet", "texttrack", "manifest"}
)


async def should_abort_request(request: Any) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST hook: True drops the browser request."""
    from opdcrawl.netguard import browser_request_allowed

    if request.resource_type in BLOCKED_RESOURCE_TYPES:
        return True
    return not await browser_request_allowed(request.url)

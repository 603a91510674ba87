"""Dates a source prints about itself rather than about its posts.

Some CMS plugins build feeds and APIs on the fly and stamp the request time on every
item; sitemaps do the same with lastmod (handled in ``sitemaps``). Read naively, a site
that stopped publishing years ago looks active on every crawl.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from opdcrawl.items import Post

MIN_POSTS = 3
SHARE = 0.9
NEAR_CRAWL = timedelta(days=1)


def stamped_at_request(posts: list[Post], *, now: datetime) -> bool:
    """True when (nearly) every dated post carries the same minute, close to the crawl."""
    dates = [post.published_at for post in posts if post.published_at is not None]
    if len(dates) < MIN_POSTS:
        return False
    minute, count = Counter(d.replace(second=0, microsecond=0) for d in dates).most_common(1)[0]
    return count >= SHARE * len(dates) and abs(now - minute) <= NEAR_CRAWL


def undate(posts: list[Post]) -> list[Post]:
    """The same posts with their (untrustworthy) dates removed; URLs stay useful."""
    for post in posts:
        post.published_at = None
    return posts

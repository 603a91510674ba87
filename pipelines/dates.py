"""Step 2: every post gets one trustworthy, timezone-aware date or none.

Extractors usually parse dates already; this step parses what they left raw, drops
anything later than the crawl (agenda dates, clock skew), and keeps one post per URL,
preferring the most reliable evidence when two sources dated the same post.
"""

from __future__ import annotations

from typing import Any

from opdcrawl.dates import parse_date, to_jakarta
from opdcrawl.items import ChannelCheck, Post

# Most reliable first (DESIGN.md, "How a website's freshness is found").
SOURCE_RANK = {
    "wp-json": 0,
    "feed": 1,
    "meta": 2,
    "jsonld": 3,
    "time": 4,
    "text": 5,
    "list-page": 6,
    "url": 7,
    "sitemap": 8,
}


def normalise_post(post: Post, *, now: Any) -> Post:
    if post.published_at is None and post.raw_date:
        post.published_at = parse_date(post.raw_date, now=now)
    if post.published_at is not None:
        if post.published_at.tzinfo is None:
            post.published_at = post.published_at.replace(tzinfo=to_jakarta(now).tzinfo)
        if post.published_at > now:
            post.published_at = None
    return post


def merge_posts(posts: list[Post]) -> list[Post]:
    """One post per URL: the dated one from the best source wins."""
    best: dict[str, Post] = {}
    for post in posts:
        key = post.url.rstrip("/")
        current = best.get(key)
        if current is None or _better(post, current):
            if current is not None and not post.title:
                post.title = current.title
            best[key] = post
    return list(best.values())


def _better(candidate: Post, current: Post) -> bool:
    if (candidate.published_at is None) != (current.published_at is None):
        return candidate.published_at is not None
    return SOURCE_RANK.get(candidate.source, 9) < SOURCE_RANK.get(current.source, 9)


class NormaliseDatesPipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> NormaliseDatesPipeline:
        return cls(crawler)

    def process_item(self, item: ChannelCheck) -> ChannelCheck:
        now = item.checked_at
        before = len(item.posts)
        item.posts = merge_posts([normalise_post(post, now=now) for post in item.posts])
        stats = self.crawler.stats
        stats.inc_value("opdcrawl/posts_found", len(item.posts))
        stats.inc_value("opdcrawl/posts_merged", before - len(item.posts))
        stats.inc_value("opdcrawl/posts_dated", sum(1 for p in item.posts if p.published_at))
        return item

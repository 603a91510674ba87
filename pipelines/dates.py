"""Step 2: every post gets one trustworthy, timezone-aware date or none.

Extractors usually parse dates already; this step parses what they left raw, drops
anything later than the crawl (agenda dates, clock skew), and keeps one post per URL,
preferring the most reliable evidence when two sources dated the same post.
"""

from __future__ import annotations

from typing import Any

from opdcrawl.items import ChannelCheck
from opdcrawl.posts import SOURCE_RANK, merge_posts, normalise_post

__all__ = ["SOURCE_RANK", "NormaliseDatesPipeline", "merge_posts", "normalise_post"]


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

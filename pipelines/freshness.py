"""Step 3: score each channel with the freshness model (opdcrawl.freshness)."""

from __future__ import annotations

from typing import Any

from opdcrawl.freshness import FreshnessRules, assess
from opdcrawl.items import ChannelCheck, Post


def evidence_for(post: Post | None) -> str | None:
    """The sentence an operator reads to check a date by hand."""
    if post is None or post.published_at is None:
        return None
    title = f" «{post.title[:80]}»" if post.title else ""
    where = post.evidence_url or post.url
    raw = f", tertulis '{post.raw_date}'" if post.raw_date else ""
    return (
        f"{post.published_at.date().isoformat()} dari {post.source or 'halaman'} {where}"
        f"{raw}; posting: {post.url}{title}"
    )


class ScoreFreshnessPipeline:
    def __init__(self, crawler: Any, rules: FreshnessRules) -> None:
        self.crawler = crawler
        self.rules = rules

    @classmethod
    def from_crawler(cls, crawler: Any) -> ScoreFreshnessPipeline:
        return cls(crawler, FreshnessRules.from_settings(crawler.settings))

    def process_item(self, item: ChannelCheck) -> ChannelCheck:
        result = assess(
            (post.published_at for post in item.posts),
            now=item.checked_at,
            reachable=item.reachable,
            rules=self.rules,
        )
        item.last_post_at = result.last_post_at
        item.posts_30d = result.posts_30d
        item.posts_90d = result.posts_90d
        item.posts_365d = result.posts_365d
        item.posts_per_week = result.posts_per_week
        item.cadence = str(result.cadence)
        item.category = str(result.category)
        item.score = result.score
        newest = max(
            (p for p in item.posts if p.published_at is not None),
            key=lambda p: p.published_at,
            default=None,
        )
        item.evidence = evidence_for(newest)
        self.crawler.stats.inc_value(f"opdcrawl/category/{item.category}")
        return item

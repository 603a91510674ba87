"""Step 3: score each channel with the freshness model (opdcrawl.freshness)."""

from __future__ import annotations

from typing import Any

from opdcrawl.dates import to_jakarta
from opdcrawl.db.store import evidence_post
from opdcrawl.freshness import FreshnessRules, assess
from opdcrawl.items import ChannelCheck, Post
from opdcrawl.reachability import CERTIFICATE_PROBLEMS


def evidence_for(post: Post | None) -> str | None:
    """The sentence an operator reads to check a date by hand.

    The day is the WIB day (a post at 01:33 WIB is still the day before in UTC, which is
    how feeds and APIs often give it); ``raw_date`` shows the text as the site wrote it.
    Migration 0003 reads the "; posting: <url>" part back: keep that shape.
    """
    if post is None or post.published_at is None:
        return None
    title = f" «{post.title[:80]}»" if post.title else ""
    where = post.evidence_url or post.url
    raw = f", tertulis '{post.raw_date}'" if post.raw_date else ""
    day = to_jakarta(post.published_at).date().isoformat()
    return f"{day} dari {post.source or 'halaman'} {where}{raw}; posting: {post.url}{title}"


class ScoreFreshnessPipeline:
    """One scoring code path for every channel kind, each with its own rules."""

    def __init__(self, crawler: Any, settings: Any) -> None:
        self.crawler = crawler
        self.settings = settings
        self._rules: dict[str, FreshnessRules] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> ScoreFreshnessPipeline:
        return cls(crawler, crawler.settings)

    def rules_for(self, kind: str) -> FreshnessRules:
        if kind not in self._rules:
            self._rules[kind] = FreshnessRules.from_settings(self.settings, kind)
        return self._rules[kind]

    def process_item(self, item: ChannelCheck) -> ChannelCheck:
        result = assess(
            (post.published_at for post in item.posts),
            now=item.checked_at,
            reachable=item.reachable,
            rules=self.rules_for(item.channel),
            # A reachable check carrying an error class was not read in full (a homepage
            # that failed to render): finding no dates there proves nothing. A certificate
            # problem is the exception: the site was read in full, over HTTPS.
            assessable=not item.error_class or item.error_class in CERTIFICATE_PROBLEMS,
            window_limited=item.posts_window is not None,
        )
        item.last_post_at = result.last_post_at
        item.posts_30d = result.posts_30d
        item.posts_90d = result.posts_90d
        item.posts_365d = result.posts_365d
        item.posts_per_week = result.posts_per_week
        item.cadence = str(result.cadence)
        item.category = str(result.category)
        item.score = result.score
        # The post that gave last_post_at, by the rule the store uses for the check's
        # evidence link, so the sentence and the link name the same post.
        item.evidence = evidence_for(evidence_post(item.posts, item.last_post_at))
        self.crawler.stats.inc_value(f"opdcrawl/category/{item.category}")
        return item

"""One trustworthy date per post, and one post per URL: rules shared by the crawl's
date pipeline (``pipelines.dates``) and ``opdcrawl inspect``.

Extractors usually parse dates already; ``normalise_post`` parses what they left raw
and drops anything later than the crawl (agenda dates, clock skew); ``merge_posts``
keeps one post per URL, preferring the most reliable evidence when two sources dated
the same post (a list page and its article page, a feed and the homepage).
"""

from __future__ import annotations

from typing import Any

from opdcrawl.dates import parse_date, to_jakarta
from opdcrawl.items import Post

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

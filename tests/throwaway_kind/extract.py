"""The extractor of the throwaway "siniar" (podcast) kind: a JSON episode list.

Pure, like every extractor: text in, posts out. The shape is made up for the test (this
kind exists nowhere else): ``{"episodes": [{"url": ..., "title": ..., "published": ISO}]}``.
"""

from __future__ import annotations

import json
from datetime import datetime

from opdcrawl.items import Post


def parse_episodes(body: bytes, url: str) -> list[Post] | None:
    """The episodes, dated; None when the body is not an episode list."""
    try:
        data = json.loads(body)
        episodes = data["episodes"]
    except (ValueError, KeyError, TypeError):
        return None
    return [
        Post(
            url=episode["url"],
            title=episode.get("title"),
            raw_date=episode["published"],
            published_at=datetime.fromisoformat(episode["published"]),
            source="feed",
            evidence_url=url,
        )
        for episode in episodes
    ]

"""Which sources may overrule which: a feed knows what a post is, an HTML list does not.

Real installs showed why this matters. OpenSID's homepage "Artikel Terkini" mixes static
pages ("Sejarah Desa") and agenda items with the news, under the same ``/artikel/Y/M/D/``
URLs and the same date style; its ``/feed`` lists only published news. Adding the list's
dates on top of a healthy feed made a village silent for 400 days look "Kurang Aktif".

The rule, written once: where a source that lists published posts only (the WordPress REST
API, an RSS/Atom feed) gave dated posts, it covers the stretch from its oldest item to the
crawl completely. Any other post dated inside that stretch that the authoritative source
does not list is not news (a static page, an agenda item, a comment, a widget), so it is
dropped. Posts older than the stretch stay: feeds show only the newest 10-50 items, and
HTML lists may reach further back.
"""

from __future__ import annotations

from opdcrawl.items import Post

# Sources that list published posts and nothing else.
AUTHORITATIVE_SOURCES: frozenset[str] = frozenset({"wp-json", "feed"})


def url_key(url: str) -> str:
    """One key for the forms a post URL is written in (scheme, trailing slash, case)."""
    rest = url.split("://", 1)[-1].split("#", 1)[0].rstrip("/")
    host, _, path = rest.partition("/")
    return f"{host.lower().removeprefix('www.')}/{path}"


def settle(posts: list[Post]) -> tuple[list[Post], list[Post]]:
    """(kept, dropped): posts an authoritative source contradicts are dropped.

    Nothing changes when no authoritative source gave a dated post.
    """
    authoritative = [
        post for post in posts if post.source in AUTHORITATIVE_SOURCES and post.published_at
    ]
    if not authoritative:
        return list(posts), []
    covered_from = min(post.published_at for post in authoritative if post.published_at)
    listed = {url_key(post.url) for post in authoritative}
    kept: list[Post] = []
    dropped: list[Post] = []
    for post in posts:
        if (
            post.source in AUTHORITATIVE_SOURCES
            or url_key(post.url) in listed
            or post.published_at is None
            or post.published_at < covered_from
        ):
            kept.append(post)
        else:
            dropped.append(post)
    return kept, dropped

"""WordPress REST API post listings read into posts.

``/wp-json/wp/v2/posts`` is the best source a WordPress site offers: newest first, exact
timestamps, no theme in the way. It is also often switched off by security plugins, which
answer with a JSON error object (``rest_disabled``, ``rest_no_route``,
``rest_not_logged_in``) or an HTML page; those are "no answer" (None), not "no posts" ([]).
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from opdcrawl.extract.feeds import clean_title, published_at
from opdcrawl.items import Post

__all__ = ["WP_POSTS_QUERY", "parse_wp_posts", "wp_posts_urls"]

WP_POSTS_QUERY = "per_page=20&_fields=link,date,date_gmt,title,modified_gmt"
# WordPress writes this for drafts and scheduled posts that have no GMT date yet.
_EMPTY_DATES = {"", "0000-00-00T00:00:00", "0000-00-00 00:00:00"}
_ZONE_WRITTEN = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$", re.IGNORECASE)


def wp_posts_urls(base_url: str, *, api_root: str | None = None) -> list[str]:
    """The posts listing in both URL forms: pretty ``/wp-json/`` and ``?rest_route=``.

    ``base_url`` is the site's home (WordPress may live in a subfolder, so the listing is
    resolved against the home's folder, not the host root). ``api_root`` is the API root
    a page announced (``<link rel="https://api.w.org/">``), tried first when given. The
    ``?rest_route=`` form works on sites without pretty permalinks.
    """
    home = base_url if base_url.endswith("/") else base_url.rsplit("/", 1)[0] + "/"
    if home.count("/") < 3:  # "https://host" has no path at all
        home = base_url.rstrip("/") + "/"
    urls: list[str] = []
    if api_root and "rest_route=" not in api_root:
        urls.append(urljoin(api_root.rstrip("/") + "/", "wp/v2/posts?" + WP_POSTS_QUERY))
    urls.append(urljoin(home, "wp-json/wp/v2/posts?" + WP_POSTS_QUERY))
    urls.append(urljoin(home, "?rest_route=/wp/v2/posts&" + WP_POSTS_QUERY))
    return list(dict.fromkeys(urls))


def _load_json(body: bytes | str) -> Any:
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    text = text.lstrip("\ufeff \t\r\n")
    try:
        return json.loads(text)
    except ValueError:
        pass
    # PHP notices printed before the JSON ("<b>Deprecated</b>: ..."): skip to the array.
    start = text.find("[{")
    if start < 0:
        start = text.find("[]")
    if start < 0:
        return None
    try:
        value, _ = json.JSONDecoder().raw_decode(text, start)
    except ValueError:
        return None
    return value


def parse_wp_posts(body: bytes | str, url: str, *, now: datetime) -> list[Post] | None:
    """Posts from a ``wp/v2/posts`` answer; None for errors, HTML and anything not a list.

    ``date_gmt`` (UTC, written without a zone) is preferred and recorded with ``+00:00``
    appended, because a bare ISO time would be read as WIB by anyone parsing ``raw_date``
    again; ``date`` (the site's local time, also zone-less) is the fallback and is taken
    as WIB, like every zone-less date in opdcrawl.
    """
    if not body:
        return None
    data = _load_json(body)
    if not isinstance(data, list):
        return None
    posts: list[Post] = []
    for entry in data:
        if not isinstance(entry, dict):
            continue
        link = entry.get("link")
        if not isinstance(link, str) or not link.strip():
            continue
        raw_date = _raw_date(entry)
        title = entry.get("title")
        if isinstance(title, dict):
            title = title.get("rendered")
        posts.append(
            Post(
                url=urljoin(url, link.strip()),
                title=clean_title(title) if isinstance(title, str) else None,
                raw_date=raw_date,
                published_at=published_at(raw_date, now=now),
                source="wp-json",
                evidence_url=url,
            )
        )
    return posts


def _raw_date(entry: dict[str, Any]) -> str | None:
    gmt = entry.get("date_gmt")
    if isinstance(gmt, str) and gmt.strip() not in _EMPTY_DATES:
        gmt = gmt.strip()
        return gmt if _ZONE_WRITTEN.search(gmt) else gmt + "+00:00"
    local = entry.get("date")
    if isinstance(local, str) and local.strip() not in _EMPTY_DATES:
        return local.strip()
    return None

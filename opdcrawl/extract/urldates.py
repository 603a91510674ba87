"""Post dates written into article URLs.

WordPress (``/2020/11/03/slug/``), OpenSID (``/artikel/2020/11/3/slug``, not zero-padded)
and some custom CMSs (``/berita/20201103-slug``) put the publication day in the path. It is
weaker evidence than a feed or a ``<time>`` element (day precision, and a slug can be
edited) but it costs no request, so it dates sitemap entries that carry no lastmod.

Decisions:

* only the path is read; the query (``?p=123``, ``?tgl=``) is ids and filters, not dates;
* year and month without a day (``/2020/11/slug``, WordPress ``/%year%/%monthnum%/``
  permalinks and upload folders) give None: month precision is not a post date, and the
  freshness model counts posts per day;
* a day archive with no slug after it (``/2020/11/03/``) gives None: it lists posts of that
  day, it is not one;
* the day is returned as midnight WIB, and rejected when after ``now``, before 1995, or
  not a real calendar day.

The numbers are turned into a date directly rather than through ``dates.parse_date``:
there is no text to interpret, and the policy (WIB, no future, not before 1995) is the same.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import unquote, urlsplit

from opdcrawl.dates import JAKARTA, MIN_DATE

__all__ = ["date_from_url"]

# /2020/11/03/slug, /artikel/2020/11/3/slug ; the slug segment must follow.
_YMD_SEGMENTS = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/+[^/]*[A-Za-z0-9][^/]*")
# /berita/20201103-slug, /20201103_slug, /berita/20201103/slug
_COMPACT = re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})(?:[-_][^/]*[A-Za-z]|/+[^/]*[A-Za-z])")


def date_from_url(url: str, *, now: datetime) -> datetime | None:
    """Midnight WIB of the day written in the URL path, or None when there is none."""
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return None
    for pattern in (_YMD_SEGMENTS, _COMPACT):
        for match in pattern.finditer(path):
            found = _day(int(match[1]), int(match[2]), int(match[3]), now)
            if found is not None:
                return found
    return None


def _day(year: int, month: int, day: int, now: datetime) -> datetime | None:
    try:
        found = datetime(year, month, day, tzinfo=JAKARTA)
    except ValueError:
        return None
    if found < MIN_DATE or found > now:
        return None
    return found

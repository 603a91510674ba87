"""The freshness model: from dated posts and reachability to cadence, category and score.

Pure functions so every threshold can be tested with a frozen "now". The rules are the
ones the README explains to operators ("Bagaimana kategori ditentukan"); the defaults
live in opdcrawl.settings and every one can be overridden per run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from opdcrawl.vocabulary import Cadence, Category

RECENCY_POINTS = 60
FREQUENCY_POINTS = 40
RECENCY_HORIZON_DAYS = 365
FREQUENCY_FULL_POSTS_90D = 13  # one post a week over 90 days earns full frequency points


@dataclass(frozen=True)
class FreshnessRules:
    active_max_days: int = 30
    active_min_posts_90d: int = 3
    less_active_max_days: int = 90
    cadence_window_days: int = 180
    daily_per_week: float = 5.0
    weekly_per_week: float = 1.0
    monthly_per_week: float = 0.25
    cadence_min_posts: int = 2

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any] | Any) -> FreshnessRules:
        """Read OPDCRAWL_* settings (a Scrapy Settings object or a plain mapping)."""
        get = settings.get
        defaults = cls()

        def value(name: str, default: float, kind: type) -> Any:
            raw = get(f"OPDCRAWL_{name}", None)
            return default if raw is None else kind(raw)

        return cls(
            active_max_days=value("ACTIVE_MAX_DAYS", defaults.active_max_days, int),
            active_min_posts_90d=value("ACTIVE_MIN_POSTS_90D", defaults.active_min_posts_90d, int),
            less_active_max_days=value("LESS_ACTIVE_MAX_DAYS", defaults.less_active_max_days, int),
            cadence_window_days=value("CADENCE_WINDOW_DAYS", defaults.cadence_window_days, int),
            daily_per_week=value("CADENCE_DAILY_PER_WEEK", defaults.daily_per_week, float),
            weekly_per_week=value("CADENCE_WEEKLY_PER_WEEK", defaults.weekly_per_week, float),
            monthly_per_week=value("CADENCE_MONTHLY_PER_WEEK", defaults.monthly_per_week, float),
            cadence_min_posts=value("CADENCE_MIN_POSTS", defaults.cadence_min_posts, int),
        )


@dataclass(frozen=True)
class Freshness:
    last_post_at: datetime | None
    days_since_last_post: int | None
    posts_30d: int
    posts_90d: int
    posts_365d: int
    posts_per_week: float | None
    cadence: Cadence
    category: Category
    score: int


def _credible(dates: Iterable[datetime | None], now: datetime) -> list[datetime]:
    """Drop missing and future dates: a date later than the crawl is never a post date."""
    return sorted((d for d in dates if d is not None and d <= now), reverse=True)


def posts_per_week(dates: list[datetime], *, now: datetime, window_days: int) -> float | None:
    """Publishing rate over the window, measured over the span the posts actually cover.

    Feeds and APIs return only the newest 10-20 posts. A daily site whose feed shows
    ten days of posts must not look "monthly" because the other 170 days are unseen,
    so when the oldest observed post is inside the window the rate is taken over the
    observed span (at least one week) instead of the whole window.
    """
    if not dates:
        return None
    window_start = now - timedelta(days=window_days)
    in_window = [d for d in dates if d >= window_start]
    oldest = min(dates)
    span_days = window_days if oldest < window_start else max(7.0, (now - oldest).days + 1)
    return round(len(in_window) / (span_days / 7.0), 3)


def cadence_for(rate: float | None, post_count: int, rules: FreshnessRules) -> Cadence:
    if rate is None or post_count < rules.cadence_min_posts:
        return Cadence.BELUM_CUKUP_DATA
    if rate >= rules.daily_per_week:
        return Cadence.HARIAN
    if rate >= rules.weekly_per_week:
        return Cadence.MINGGUAN
    if rate >= rules.monthly_per_week:
        return Cadence.BULANAN
    return Cadence.JARANG


def score_for(days_since: int | None, posts_90d: int) -> int:
    """0-100: up to 60 points for recency, up to 40 for frequency (README formula).

    recency   = 60 x max(0, 1 - days_since_last_post / 365)
    frequency = 40 x min(1, posts_90d / 13)
    """
    if days_since is None:
        return 0
    recency = RECENCY_POINTS * max(0.0, 1.0 - days_since / RECENCY_HORIZON_DAYS)
    frequency = FREQUENCY_POINTS * min(1.0, posts_90d / FREQUENCY_FULL_POSTS_90D)
    return round(recency + frequency)


def category_for(
    *,
    reachable: bool,
    days_since: int | None,
    posts_90d: int,
    rules: FreshnessRules,
    assessable: bool = True,
) -> Category:
    """The category; ``assessable=False`` when part of a reachable site could not be read.

    "No dated posts" only means "Tidak Aktif" when the site was actually read. When it was
    not (a JavaScript-only homepage that failed to render: error class ``render_failed``)
    and nothing else gave a date, the site is not assessable: Tidak Dapat Diakses, the
    same category as a site that is down, never Tidak Aktif. Dates found elsewhere (a feed,
    a sitemap) still judge it as usual.
    """
    if not reachable:
        return Category.TIDAK_DAPAT_DIAKSES
    if days_since is None:
        # Reachable, but nothing dated to judge it by: inactive only if it was read.
        return Category.TIDAK_AKTIF if assessable else Category.TIDAK_DAPAT_DIAKSES
    if days_since <= rules.active_max_days and posts_90d >= rules.active_min_posts_90d:
        return Category.AKTIF
    if days_since <= rules.less_active_max_days:
        return Category.KURANG_AKTIF
    return Category.TIDAK_AKTIF


def assess(
    post_dates: Iterable[datetime | None],
    *,
    now: datetime,
    reachable: bool,
    rules: FreshnessRules | None = None,
    assessable: bool = True,
) -> Freshness:
    """Freshness of one channel from the publication dates found in one run.

    ``assessable``: False when the channel answered but could not be read in full (see
    :func:`category_for`).
    """
    rules = rules or FreshnessRules()
    dates = _credible(post_dates, now)
    last = dates[0] if dates else None
    days_since = (now - last).days if last else None

    def within(days: int) -> int:
        start = now - timedelta(days=days)
        return sum(1 for d in dates if d >= start)

    posts_90d = within(90)
    rate = posts_per_week(dates, now=now, window_days=rules.cadence_window_days)
    category = category_for(
        reachable=reachable,
        days_since=days_since,
        posts_90d=posts_90d,
        rules=rules,
        assessable=assessable,
    )
    return Freshness(
        last_post_at=last,
        days_since_last_post=days_since,
        posts_30d=within(30),
        posts_90d=posts_90d,
        posts_365d=within(365),
        posts_per_week=rate,
        cadence=cadence_for(rate, len(dates), rules),
        category=category,
        score=score_for(days_since, posts_90d) if reachable else 0,
    )

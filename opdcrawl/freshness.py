"""The freshness model: from dated posts and reachability to cadence, category and score.

Pure functions so every threshold can be tested with a frozen "now". The rules are the
ones the README explains to operators ("Bagaimana kategori ditentukan"); the defaults
live in opdcrawl.settings and every one can be overridden per run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from opdcrawl import settings as default_settings
from opdcrawl.vocabulary import Cadence, Category

RECENCY_POINTS = 60
FREQUENCY_POINTS = 40
RECENCY_HORIZON_DAYS = 365
FREQUENCY_FULL_POSTS_90D = 13  # one post a week over 90 days earns full frequency points


# Field of FreshnessRules -> (setting name without the OPDCRAWL_ prefix, type).
_RULE_SETTINGS: dict[str, tuple[str, type]] = {
    "active_max_days": ("ACTIVE_MAX_DAYS", int),
    "active_min_posts_90d": ("ACTIVE_MIN_POSTS_90D", int),
    "less_active_max_days": ("LESS_ACTIVE_MAX_DAYS", int),
    "cadence_window_days": ("CADENCE_WINDOW_DAYS", int),
    "daily_per_week": ("CADENCE_DAILY_PER_WEEK", float),
    "weekly_per_week": ("CADENCE_WEEKLY_PER_WEEK", float),
    "monthly_per_week": ("CADENCE_MONTHLY_PER_WEEK", float),
    "cadence_min_posts": ("CADENCE_MIN_POSTS", int),
}


def _default(field_name: str) -> Any:
    """The default of one rule, written once: in ``opdcrawl.settings``."""
    name, kind = _RULE_SETTINGS[field_name]
    return kind(getattr(default_settings, f"OPDCRAWL_{name}"))


@dataclass(frozen=True)
class FreshnessRules:
    """Thresholds of the freshness model for one channel kind; defaults from settings."""

    active_max_days: int = _default("active_max_days")
    active_min_posts_90d: int = _default("active_min_posts_90d")
    less_active_max_days: int = _default("less_active_max_days")
    cadence_window_days: int = _default("cadence_window_days")
    daily_per_week: float = _default("daily_per_week")
    weekly_per_week: float = _default("weekly_per_week")
    monthly_per_week: float = _default("monthly_per_week")
    cadence_min_posts: int = _default("cadence_min_posts")

    @classmethod
    def from_settings(
        cls, settings: Mapping[str, Any] | Any, kind: str = "website"
    ) -> FreshnessRules:
        """Rules for channel ``kind``: the ``OPDCRAWL_*`` settings (a Scrapy Settings object
        or a plain mapping), overridden by ``OPDCRAWL_FRESHNESS_BY_KIND[kind]``.

        A website and an Instagram account are not held to the same cadence: the offices
        call a social account updated at two posts a week, a website at a few a month.
        """
        get = settings.get
        values: dict[str, Any] = {}
        for field_name, (name, caster) in _RULE_SETTINGS.items():
            raw = get(f"OPDCRAWL_{name}", None)
            values[field_name] = _default(field_name) if raw is None else caster(raw)
        by_kind = get("OPDCRAWL_FRESHNESS_BY_KIND", None)
        if hasattr(by_kind, "copy_to_dict"):
            by_kind = by_kind.copy_to_dict()
        if isinstance(by_kind, str):
            by_kind = json.loads(by_kind) if by_kind.strip() else {}
        for name, raw in ((by_kind or {}).get(kind) or {}).items():
            field_name = _FIELD_OF_SETTING.get(name.upper().removeprefix("OPDCRAWL_"))
            if field_name is None:
                raise ValueError(
                    f"OPDCRAWL_FRESHNESS_BY_KIND[{kind!r}]: aturan tidak dikenal {name!r} "
                    f"(pilihan: {', '.join(sorted(_FIELD_OF_SETTING))})"
                )
            values[field_name] = _RULE_SETTINGS[field_name][1](raw)
        return cls(**values)


_FIELD_OF_SETTING = {name: field_name for field_name, (name, _) in _RULE_SETTINGS.items()}


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
    window_limited: bool = False,
) -> Freshness:
    """Freshness of one channel from the publication dates found in one run.

    ``assessable``: False when the channel answered but could not be read in full (see
    :func:`category_for`). ``window_limited``: the source shows only its newest few items
    and all of them are recent (Instagram's embed shows 6), so the counts are lower bounds
    and the category's post-count condition is judged on the publishing rate instead.
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
    judged_90d = posts_90d
    if window_limited and rate is not None:
        # Only the newest few items are visible and all are recent: the 90-day count is a
        # lower bound, so the category is judged on the rate they show (never below it).
        judged_90d = max(posts_90d, round(rate * 90 / 7))
    category = category_for(
        reachable=reachable,
        days_since=days_since,
        posts_90d=judged_90d,
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

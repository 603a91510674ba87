from datetime import UTC, datetime, timedelta, timezone

import pytest

from opdcrawl.freshness import FreshnessRules, assess, posts_per_week, score_for
from opdcrawl.vocabulary import Cadence, Category

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=timezone(timedelta(hours=7)))


def days_ago(*days: float) -> list[datetime]:
    return [NOW - timedelta(days=d) for d in days]


@pytest.mark.parametrize(
    ("dates", "reachable", "category"),
    [
        (days_ago(1, 10, 20), True, Category.AKTIF),
        (days_ago(1, 10), True, Category.KURANG_AKTIF),  # recent but only 2 posts in 90 days
        (days_ago(30, 40, 50), True, Category.AKTIF),
        (days_ago(31, 40, 50), True, Category.KURANG_AKTIF),
        (days_ago(90), True, Category.KURANG_AKTIF),
        (days_ago(91), True, Category.TIDAK_AKTIF),
        ([], True, Category.TIDAK_AKTIF),
        (days_ago(1, 2, 3), False, Category.TIDAK_DAPAT_DIAKSES),
    ],
)
def test_category_boundaries(dates, reachable, category):
    assert assess(dates, now=NOW, reachable=reachable).category is category


def test_future_and_missing_dates_are_never_post_dates():
    result = assess([NOW + timedelta(days=3), None, *days_ago(200)], now=NOW, reachable=True)
    assert result.last_post_at == NOW - timedelta(days=200)
    assert result.days_since_last_post == 200
    assert result.category is Category.TIDAK_AKTIF


def test_counts_per_window():
    result = assess(days_ago(1, 29, 31, 89, 91, 364, 366), now=NOW, reachable=True)
    assert (result.posts_30d, result.posts_90d, result.posts_365d) == (2, 4, 6)


@pytest.mark.parametrize(
    ("dates", "cadence"),
    [
        (days_ago(*range(0, 10)), Cadence.HARIAN),  # a feed of 10 daily posts
        (days_ago(*range(0, 70, 7)), Cadence.MINGGUAN),
        (days_ago(*range(0, 360, 30)), Cadence.BULANAN),
        (days_ago(5, 300, 400), Cadence.JARANG),
        (days_ago(5), Cadence.BELUM_CUKUP_DATA),
        ([], Cadence.BELUM_CUKUP_DATA),
    ],
)
def test_cadence(dates, cadence):
    assert assess(dates, now=NOW, reachable=True).cadence is cadence


def test_rate_uses_observed_span_when_feed_is_truncated():
    # Ten posts over the last ten days: ~7 a week, not 10 / (180 / 7).
    rate = posts_per_week(days_ago(*range(10)), now=NOW, window_days=180)
    assert rate == pytest.approx(7.0, rel=0.01)
    # Posts older than the window: the whole window is the span.
    rate = posts_per_week(days_ago(1, 300), now=NOW, window_days=180)
    assert rate == pytest.approx(7 / 180, rel=0.01)


def test_score_formula():
    assert score_for(None, 0) == 0
    assert score_for(0, 13) == 100
    assert score_for(365, 0) == 0
    assert score_for(73, 6) == round(60 * (1 - 73 / 365) + 40 * 6 / 13)
    assert assess(days_ago(0, 1, 2), now=NOW, reachable=False).score == 0


def test_rules_from_settings_override_defaults():
    rules = FreshnessRules.from_settings({"OPDCRAWL_ACTIVE_MAX_DAYS": "7"})
    assert rules.active_max_days == 7
    assert rules.less_active_max_days == FreshnessRules().less_active_max_days
    dates = days_ago(10, 11, 12)
    assert assess(dates, now=NOW, reachable=True).category is Category.AKTIF
    assert assess(dates, now=NOW, reachable=True, rules=rules).category is Category.KURANG_AKTIF


# --- the evidence sentence (pipelines.freshness) --------------------------------------

WIB = timezone(timedelta(hours=7))
# 01:33 WIB on 8 March is still 7 March in UTC: the evidence must name the WIB day.
SUBUH = datetime(2025, 3, 8, 1, 33, tzinfo=WIB)


class _Stats:
    def inc_value(self, key: str, count: int = 1) -> None:
        pass


class _Crawler:
    settings: dict[str, str] = {}
    stats = _Stats()


@pytest.mark.parametrize("published_at", [SUBUH, SUBUH.astimezone(UTC)])
def test_evidence_names_the_wib_day(published_at):
    from opdcrawl.items import Post
    from pipelines.freshness import evidence_for

    post = Post(
        url="https://a.uji.go.id/berita/subuh",
        title="Apel pagi",
        published_at=published_at,
        raw_date="Fri, 07 Mar 2025 18:33:00 +0000",
        source="feed",
        evidence_url="https://a.uji.go.id/feed",
    )
    assert evidence_for(post) == (
        "2025-03-08 dari feed https://a.uji.go.id/feed, tertulis "
        "'Fri, 07 Mar 2025 18:33:00 +0000'; posting: https://a.uji.go.id/berita/subuh «Apel pagi»"
    )


def test_evidence_names_the_post_that_gave_last_post_at():
    """Two posts dated at the same instant: the sentence names the one the store links."""
    from opdcrawl.db.store import evidence_post
    from opdcrawl.items import ChannelCheck, Post
    from pipelines.freshness import ScoreFreshnessPipeline

    day = datetime(2025, 3, 1, tzinfo=WIB)  # a date without a time: midnight WIB
    posts = [
        Post(url="https://a.uji.go.id/z-baru", title="Baru", published_at=day, source="text"),
        Post(url="https://a.uji.go.id/a-lama", title="Lama", published_at=day, source="text"),
        Post(url="https://a.uji.go.id/lebih-lama", published_at=day - timedelta(days=3)),
    ]
    item = ChannelCheck(
        region="kota-uji",
        opd_code="A",
        channel="website",
        url="https://a.uji.go.id/",
        checked_at=NOW,
        reachable=True,
        posts=posts,
    )
    item = ScoreFreshnessPipeline.from_crawler(_Crawler()).process_item(item)
    assert item.last_post_at == day
    assert evidence_post(item.posts, item.last_post_at) is posts[0]
    assert item.evidence is not None
    assert item.evidence.startswith("2025-03-01 ")
    assert item.evidence.endswith("posting: https://a.uji.go.id/z-baru «Baru»")
    assert evidence_post(item.posts, None) is None


def test_rules_per_channel_kind_from_settings() -> None:
    """A website and an Instagram account are held to different cadences (settings)."""
    from scrapy.settings import Settings

    from opdcrawl import settings as defaults
    from opdcrawl.freshness import FreshnessRules

    settings = Settings()
    settings.setmodule(defaults)
    website = FreshnessRules.from_settings(settings, "website")
    instagram = FreshnessRules.from_settings(settings, "instagram")
    assert website.active_max_days == defaults.OPDCRAWL_ACTIVE_MAX_DAYS == 30
    assert instagram.active_max_days == 14 and instagram.active_min_posts_90d == 12
    assert instagram.cadence_window_days == website.cadence_window_days  # not overridden
    # An operator's override on the command line arrives as JSON text.
    settings.set("OPDCRAWL_FRESHNESS_BY_KIND", '{"website": {"ACTIVE_MAX_DAYS": 14}}')
    assert FreshnessRules.from_settings(settings, "website").active_max_days == 14
    assert FreshnessRules.from_settings(settings, "instagram").active_max_days == 30
    settings.set("OPDCRAWL_FRESHNESS_BY_KIND", {"website": {"ACTIVE_DAYS": 14}})
    with pytest.raises(ValueError, match="aturan tidak dikenal 'ACTIVE_DAYS'"):
        FreshnessRules.from_settings(settings, "website")


def test_rule_defaults_are_written_once_in_settings() -> None:
    from opdcrawl import settings as defaults
    from opdcrawl.freshness import FreshnessRules
    from opdcrawl.website_reader import ReadingLimits

    rules = FreshnessRules()
    assert rules.active_max_days == defaults.OPDCRAWL_ACTIVE_MAX_DAYS
    assert rules.less_active_max_days == defaults.OPDCRAWL_LESS_ACTIVE_MAX_DAYS
    assert ReadingLimits().max_list_pages == defaults.OPDCRAWL_MAX_LIST_PAGES

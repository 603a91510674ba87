"""Held-out check (issue 8): the websites spider against captures it was not fixed on.

``tests/fixtures/real_cms/wordpress-*`` are Debian's stock WordPress 6.1 sites seeded the
way OPD sites are run (static front page with a separate posts page, a sticky old post,
pages edited after the last post, scheduled posts and drafts, block themes, feeds / REST
API / sitemaps switched off), captured by ``python -m tests.stock_wordpress.capture`` with
``truth_heldout.json`` read from each site's WordPress database at the capture moment.
``HELDOUT.md`` records what the spider made of them before the fixes of issue 8.

The checks are those of ``tests/test_real_cms.py``: the category, the newest news day
(±0, WIB) and the source it came from, the 90-day count never above the database's, no
post stored newer than the newest news, and only post permalinks stored with a date.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.replay import REAL_CMS, crawl_captures, load_capture, wib_day
from tests.replay import explain as explain_crawl

TRUTH_FILE = REAL_CMS / "truth_heldout.json"
TRUTH: dict[str, dict[str, Any]] = json.loads(TRUTH_FILE.read_text(encoding="utf-8"))
CAPTURES = {slug: load_capture(REAL_CMS / slug) for slug in TRUTH}
CATEGORY = {"aktif": "Aktif", "kurang aktif": "Kurang Aktif", "tidak aktif": "Tidak Aktif"}
ARTICLE_SOURCES = {"meta", "text", "time", "jsonld"}
# Where the newest news day may come from, by the site's hardening mode: a source that
# lists only published posts. REST API on: the API. REST API off, feeds on: the feed.
# Feeds off: WordPress's post sitemap (its permalinks' dates) or the news list / article
# pages; everything off: the HTML.
EXPECTED_SOURCE = {
    "open": {"wp-json"},
    "rest-off": {"feed"},
    "no-feeds": {"sitemap", "url", "list-page"} | ARTICLE_SOURCES,
    "locked": {"list-page"} | ARTICLE_SOURCES,
}


def code_of(slug: str) -> str:
    return "HO-" + slug.upper().replace("-", "")[:20]


def crawl_heldout(tmp: Path) -> dict[str, Any]:
    """Crawl every held-out capture through the replay, as of the latest capture moment."""
    return crawl_captures(tmp, CAPTURES, region="tersisih", code_of=code_of)


@pytest.fixture(scope="module")
def heldout_crawl(tmp_path_factory):
    crawl = crawl_heldout(tmp_path_factory.mktemp("real-cms-heldout"))
    assert crawl["returncode"] == 0, crawl["log"][-3000:]
    return crawl


def explain(crawl, slug: str) -> str:
    return explain_crawl(crawl, slug, TRUTH[slug])


@pytest.mark.parametrize("slug", list(CAPTURES))
def test_category_matches_the_database(heldout_crawl, slug):
    row = heldout_crawl["latest"][slug]
    assert row["reachable"], explain(heldout_crawl, slug)
    assert row["category"] == CATEGORY[TRUTH[slug]["category"]], explain(heldout_crawl, slug)


@pytest.mark.parametrize("slug", list(CAPTURES))
def test_newest_news_day_and_its_source(heldout_crawl, slug):
    row = heldout_crawl["latest"][slug]
    truth = TRUTH[slug]
    assert row["last_post_at"] is not None, explain(heldout_crawl, slug)
    assert wib_day(row["last_post_at"]) == truth["latest_news"], explain(heldout_crawl, slug)
    newest_day = [
        post
        for post in heldout_crawl["posts"][slug]
        if post.published_at is not None and wib_day(post.published_at) == truth["latest_news"]
    ]
    assert {post.source for post in newest_day} & EXPECTED_SOURCE[truth["mode"]], explain(
        heldout_crawl, slug
    )


@pytest.mark.parametrize("slug", list(CAPTURES))
def test_posts_in_90_days_within_the_visible_window(heldout_crawl, slug):
    """Never more than the database holds; at least the threshold when the site is aktif."""
    row = heldout_crawl["latest"][slug]
    assert row["posts_90d"] <= TRUTH[slug]["posts_90d"], explain(heldout_crawl, slug)
    if TRUTH[slug]["category"] == "aktif":
        assert row["posts_90d"] >= 3, explain(heldout_crawl, slug)


@pytest.mark.parametrize("slug", list(CAPTURES))
def test_nothing_newer_than_the_newest_news_is_stored(heldout_crawl, slug):
    """Pages edited later, scheduled posts, drafts and comments are not posts."""
    newest = TRUTH[slug]["latest_news"]
    newer = [
        (post.url, post.source, str(post.published_at))
        for post in heldout_crawl["posts"][slug]
        if post.published_at is not None and wib_day(post.published_at) > newest
    ]
    assert not newer, explain(heldout_crawl, slug)


@pytest.mark.parametrize("slug", list(CAPTURES))
def test_only_post_permalinks_are_stored_with_a_date(heldout_crawl, slug):
    """The front page, the posts page, Profil, Visi dan Misi and category pages are not posts."""
    permalinks = set(TRUTH[slug]["post_urls"])
    strays = [
        (post.url, post.source, str(post.published_at))
        for post in heldout_crawl["posts"][slug]
        if post.published_at is not None and post.url not in permalinks
    ]
    assert not strays, explain(heldout_crawl, slug)


def test_requests_stay_few(heldout_crawl):
    """As in test_real_cms: a crawl that guesses many paths is wasting requests."""
    for slug, requests in heldout_crawl["requests"].items():
        assert len(requests) <= 16, (slug, requests)
    assert "Traceback" not in heldout_crawl["log"]

"""The websites spider against pages rendered by real CMS installs, not imitations.

``tests/fixtures/real_cms`` holds every page a crawler may ask for on ten sites run by
unmodified installs of OpenSID, CMS Sekolahku, Lokomedia and CMS Datagoe (PHP 8.2, captured
2026-12-01 WIB; see its README), with ``truth.json``: the newest published news item, the
category and the news count in 90 days as the CMS's own database says. The replay server
answers each page under the origin it was captured from (every other path 404), and the
real ``scrapy crawl websites`` runs with its clock set to the capture time.

What the truth holds the crawl to: the category, the newest news day (±0, in WIB), that
the day came from a source that knows what a post is, and that nothing else was stored as
a post (static pages, agenda items, drafts, scheduled posts, reader comments, the
header's date).
"""

from __future__ import annotations

import json

import pytest

from tests.replay import REAL_CMS, crawl_captures, load_captures, wib_day
from tests.replay import explain as explain_crawl

TRUTH = json.loads((REAL_CMS / "truth.json").read_text(encoding="utf-8"))
CAPTURES = {slug: capture for slug, capture in load_captures().items() if slug in TRUTH}
CATEGORY = {"aktif": "Aktif", "kurang aktif": "Kurang Aktif", "tidak aktif": "Tidak Aktif"}

# The source the newest news day must come from: one that lists only published news.
# OpenSID's feed answers HTTP 500 on Sindangsari (a news body under 260 bytes), so its
# newest news comes from the article page the homepage headline links to.
EXPECTED_SOURCE = {
    "opensid-desa-sindangsari": {"meta", "text", "time", "jsonld"},
    "opensid-desa-karangmulya": {"feed"},
    "opensid-desa-tegalwaru": {"feed"},
    "sekolahku-dinkes-solsel": {"feed"},
    "sekolahku-dlh-solsel": {"feed"},
    "sekolahku-satpolpp-solsel": {"feed"},
    "lokomedia-disdik-kepahiang": {"list-page"},
    "lokomedia-dishub-kepahiang": {"list-page"},
    "datagoe-dispar-alor": {"list-page"},
    "datagoe-bkpsdm-alor": {"list-page"},
}


def code_of(slug: str) -> str:
    return "RC-" + slug.upper().replace("-", "")[:20]


@pytest.fixture(scope="module")
def real_crawl(tmp_path_factory):
    crawl = crawl_captures(
        tmp_path_factory.mktemp("real-cms"), CAPTURES, region="nyata", code_of=code_of
    )
    assert crawl["returncode"] == 0, crawl["log"][-3000:]
    return crawl


def _explain(crawl, slug: str) -> str:
    return explain_crawl(crawl, slug, TRUTH[slug])


@pytest.mark.parametrize("slug", list(CAPTURES))
def test_category_matches_the_database(real_crawl, slug):
    row = real_crawl["latest"][slug]
    assert row["reachable"], _explain(real_crawl, slug)
    assert row["category"] == CATEGORY[TRUTH[slug]["category"]], _explain(real_crawl, slug)


@pytest.mark.parametrize("slug", list(CAPTURES))
def test_newest_news_day_and_its_source(real_crawl, slug):
    row = real_crawl["latest"][slug]
    assert row["last_post_at"] is not None, _explain(real_crawl, slug)
    assert wib_day(row["last_post_at"]) == TRUTH[slug]["latest_news"], _explain(real_crawl, slug)
    newest_day = [
        post
        for post in real_crawl["posts"][slug]
        if post.published_at is not None
        and wib_day(post.published_at) == TRUTH[slug]["latest_news"]
    ]
    assert {post.source for post in newest_day} & EXPECTED_SOURCE[slug], _explain(real_crawl, slug)


@pytest.mark.parametrize("slug", list(CAPTURES))
def test_posts_in_90_days_within_the_visible_window(real_crawl, slug):
    """Never more than the database holds; all of them where the source shows them all."""
    row = real_crawl["latest"][slug]
    assert row["posts_90d"] <= TRUTH[slug]["posts_90d"], _explain(real_crawl, slug)
    if TRUTH[slug]["category"] == "aktif":
        assert row["posts_90d"] >= 3, _explain(real_crawl, slug)


@pytest.mark.parametrize("slug", list(CAPTURES))
def test_nothing_newer_than_the_newest_news_is_stored(real_crawl, slug):
    """Static pages, agenda items, drafts, comments and header dates are not posts."""
    newest = TRUTH[slug]["latest_news"]
    newer = [
        (post.url, post.source, str(post.published_at))
        for post in real_crawl["posts"][slug]
        if post.published_at is not None and wib_day(post.published_at) > newest
    ]
    assert not newer, _explain(real_crawl, slug)


def test_only_captured_paths_were_needed(real_crawl):
    """The replay knows no other path: a crawl that guesses many is wasting requests."""
    for slug, requests in real_crawl["requests"].items():
        assert len(requests) <= 16, (slug, requests)
    assert "Traceback" not in real_crawl["log"]

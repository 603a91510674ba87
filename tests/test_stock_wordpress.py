"""The websites spider against Debian's stock WordPress, not an imitation of it.

Four sites on one real WordPress 6.1 (Indonesian locale, Twenty Twenty-One theme, MariaDB),
each hardened the way OPD admins do it: stock (REST API and feeds on), REST API switched
off, REST API and feeds off (core sitemaps left), and everything but the HTML switched off.
The posts are published with ages relative to now, so what the crawl must find is known
exactly: the newest post's date, which source gave it, the category, and that nothing but
posts is stored as a post.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from opdcrawl.crawl import run_crawl
from opdcrawl.db.engine import make_engine
from tests.stock_wordpress import StockWordPress, missing_parts
from tests.test_spider_websites import FAST, as_list, latest_by_code, write_seeds

DAY = 24.0

TITLES = [
    "Rapat Koordinasi Percepatan Penurunan Stunting Tingkat Kota",
    "Sosialisasi",
    "Pelayanan Administrasi Kependudukan Jemput Bola di Kecamatan Kasemen",
    "Penyaluran Bantuan Sosial Tahap Ketiga Tahun Anggaran Berjalan",
    "Pelatihan Pengelola Website OPD oleh Diskominfo",
    "Monitoring dan Evaluasi Program Kerja Triwulan",
    "Kunjungan Kerja DPRD ke Puskesmas Walantaka",
    "Pengumuman Hasil Seleksi Administrasi Tenaga Pendukung",
    "Apel Pagi dan Pembinaan Disiplin Aparatur",
    "Penanaman Pohon Serentak di Bantaran Sungai Cibanten",
    "Lomba Kebersihan Lingkungan antar Kelurahan",
    "Forum Konsultasi Publik Rancangan Rencana Kerja",
]


def _posts(ages_days: list[float], edited: dict[int, float] | None = None) -> list[dict]:
    """Posts of the given ages; ``edited`` maps a post's index to hours since its edit."""
    posts = []
    for i, age in enumerate(ages_days):
        title = TITLES[i % len(TITLES)]
        post = {
            "title": title,
            "content": f"<p>{title}. Kegiatan berlangsung dengan lancar.</p>",
            "age_hours": age * DAY,
        }
        if edited and i in edited:
            post["modified_age_hours"] = edited[i]
        posts.append(post)
    return posts


# name -> (mode, permalink structure, posts per page, post ages in days, edits, expected).
# Every site has an old post edited recently: its "modified" stamp (the API's "modified",
# the feed's lastBuildDate; Twenty Twenty-One itself prints only the publication date) must
# not count as a post.
SITES = {
    # Stock WordPress: 12 posts in the last 45 days; the REST API answers first.
    "wpterbuka": (
        "open",
        "/%year%/%monthnum%/%day%/%postname%/",
        10,
        [0.5 + 4 * n for n in range(12)],
        {11: 2.0},
        {"category": "Aktif", "source": "wp-json"},
    ),
    # REST API answers 401 (a "disable REST API" plugin); the RSS feed still works.
    "wplama": (
        "rest-off",
        "/%postname%/",
        10,
        [400.0, 430.0, 500.0],
        {2: 24.0},
        {"category": "Tidak Aktif", "source": "feed"},
    ),
    # REST API and feeds off, WordPress's core sitemaps on (no lastmod in 6.1, but the
    # dated permalinks are in them); the homepage lists five posts a page.
    "wptanpafeed": (
        "no-feeds",
        "/%year%/%monthnum%/%day%/%postname%/",
        5,
        [3.0, 10.0, 17.0, 24.0, 31.0, 38.0, 45.0, 52.0],
        {7: 12.0},
        {"category": "Aktif", "source": "list-page"},
    ),
    # REST API, feeds, sitemaps and the generator tag off; plain ?p=N permalinks and three
    # posts a page, so only the list pages tell the dates.
    "wpterkunci": (
        "locked",
        "",
        3,
        [40.0, 55.0, 70.0, 85.0, 100.0, 130.0, 160.0],
        {2: 24.0},
        {"category": "Kurang Aktif", "source": "list-page"},
    ),
}
ADDRESSES = {
    "wpterbuka": "127.0.0.61",
    "wplama": "127.0.0.62",
    "wpterkunci": "127.0.0.63",
    "wptanpafeed": "127.0.0.64",
}


@pytest.fixture(scope="module")
def stock_crawl(tmp_path_factory):
    missing = missing_parts()
    if missing:
        pytest.fail(
            "Debian's WordPress test stack is not installed (run `make test`): "
            + ", ".join(missing),
            pytrace=False,
        )
    tmp = tmp_path_factory.mktemp("stock-wordpress")
    with StockWordPress(tmp) as wordpress:
        rows = []
        for number, (name, (mode, permalinks, per_page, ages, edits, _)) in enumerate(
            SITES.items(), 1
        ):
            spec = {
                "title": f"Dinas Uji {name}",
                "language": "id_ID",
                "permalink_structure": permalinks,
                "posts_per_page": per_page,
                "posts": _posts(ages, edits),
                "pages": [{"title": "Profil Dinas", "content": "<p>Visi dan misi dinas.</p>"}],
            }
            site = wordpress.add_site(name, spec, mode=mode, address=ADDRESSES[name])
            rows.append(["Kota Uji", f"WP-{number:02d}", name, name, "dinas", site.url, *[""] * 6])
        folder = write_seeds(tmp / "seeds", rows)
        database_url = f"sqlite:///{tmp / 'crawl.db'}"
        result = run_crawl(
            "websites",
            database_url=database_url,
            region="uji",
            seeds=folder,
            settings=FAST,
            log_file=tmp / "crawl.log",
            timeout=300,
        )
        published = {name: site.posts for name, site in wordpress.sites.items()}
    log = (tmp / "crawl.log").read_text()
    assert result.returncode == 0, log[-3000:]
    engine = make_engine(database_url)
    codes = {f"WP-{n:02d}": name for n, name in enumerate(SITES, 1)}
    latest = {codes[code]: row for code, row in latest_by_code(engine).items()}
    with engine.connect() as connection:
        stored = connection.execute(
            text(
                "SELECT o.code, p.url, p.source, p.published_at FROM post p"
                " JOIN channel c ON c.id = p.channel_id JOIN opd o ON o.id = c.opd_id"
            )
        ).all()
        tried = {
            code: (count, as_list(sources_tried))
            for code, count, sources_tried in connection.execute(
                text(
                    "SELECT o.code, cc.requests, cc.sources_tried FROM channel_check cc"
                    " JOIN channel c ON c.id = cc.channel_id JOIN opd o ON o.id = c.opd_id"
                )
            ).all()
        }
        # Integrity signals raised on a stock WordPress: there must be none.
        findings = connection.execute(
            text("SELECT opd_code, signal, snippet FROM v_integrity_latest")
        ).all()
        spam = [
            (code, terms)
            for code, terms in connection.execute(
                text(
                    "SELECT o.code, cc.spam_terms FROM channel_check cc"
                    " JOIN channel c ON c.id = cc.channel_id JOIN opd o ON o.id = c.opd_id"
                )
            ).all()
            if as_list(terms)
        ]
    engine.dispose()
    posts: dict[str, list] = {name: [] for name in SITES}
    for code, url, source, published_at in stored:
        posts[codes[code]].append((url, source, published_at))
    yield {
        "latest": latest,
        "posts": posts,
        "published": published,
        "log": log,
        "tried": {codes[code]: value for code, value in tried.items()},
        "integrity": (findings, spam),
    }


def _aware(value) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@pytest.mark.parametrize("name", list(SITES))
def test_category_cms_and_reachability(stock_crawl, name):
    row = stock_crawl["latest"][name]
    expected = SITES[name][5]
    assert row["reachable"], row
    assert row["http_status"] == 200
    assert row["error_class"] is None
    assert row["cms"] == "wordpress"  # also when the generator tag is gone
    assert row["category"] == expected["category"]


@pytest.mark.parametrize("name", list(SITES))
def test_last_post_is_the_newest_published_post(stock_crawl, name):
    row = stock_crawl["latest"][name]
    newest = max(stock_crawl["published"][name], key=lambda post: post["date_gmt"])
    newest_at = datetime.fromisoformat(newest["date_gmt"].replace("Z", "+00:00"))
    assert abs(_aware(row["last_post_at"]) - newest_at) < timedelta(minutes=1), row
    by_url = {url: (source, published_at) for url, source, published_at in
              stock_crawl["posts"][name]}  # fmt: skip
    assert newest["url"] in by_url, sorted(by_url)
    source, published_at = by_url[newest["url"]]
    assert source == SITES[name][5]["source"]
    assert abs(_aware(published_at) - newest_at) < timedelta(minutes=1)


@pytest.mark.parametrize("name", list(SITES))
def test_only_posts_are_stored_as_posts(stock_crawl, name):
    """The "Profil Dinas" page, category and paging links never become posts."""
    seeded = {post["url"] for post in stock_crawl["published"][name]}
    stored = {url for url, _, _ in stock_crawl["posts"][name]}
    assert stored, name
    assert stored <= seeded, sorted(stored - seeded)


def test_counts_and_cost(stock_crawl):
    latest = stock_crawl["latest"]
    # The REST API's first page (10 posts) covers the window the score needs.
    assert latest["wpterbuka"]["posts_30d"] >= 7
    assert latest["wpterbuka"]["posts_90d"] >= 10
    # List pages are read until the posts are older than 90 days: 40, 55, 70 and 85 days.
    assert latest["wpterkunci"]["posts_90d"] == 4
    assert latest["wplama"]["posts_365d"] == 0
    tried = stock_crawl["tried"]
    # Homepage + API; homepage + API (401, so not its ?rest_route= form) + feed; homepage +
    # API + feed + sitemap index + post sitemap; homepage + both API forms + feed + two
    # more pages of the homepage's own list. Each clean homepage once more as a search
    # engine sees it (cloaking check, README "Site integrity"): +1 per site.
    assert {name: count for name, (count, _) in tried.items()} == {
        "wpterbuka": 3,
        "wplama": 4,
        "wptanpafeed": 6,
        "wpterkunci": 7,
    }, tried
    assert all(
        sum(entry.startswith("search-engine ") for entry in entries) == 1
        for _, entries in tried.values()
    ), tried
    # robots.txt is fetched once per site, by Scrapy's middleware; its Sitemap lines are
    # reused from there, not fetched again.
    assert f"'robotstxt/request_count': {len(SITES)}" in stock_crawl["log"]
    assert any("wp-sitemap-posts-post-1.xml" in entry for entry in tried["wptanpafeed"][1])
    assert not any(
        entry.startswith("robots ") for _, entries in tried.values() for entry in entries
    )
    assert "Traceback" not in stock_crawl["log"]


def test_stock_wordpress_raises_no_integrity_finding(stock_crawl):
    """No spam, cloaking or defacement signal on WordPress as Debian installs it (its
    search-engine view was asked for and compared, see ``test_counts_and_cost``)."""
    assert stock_crawl["integrity"] == ([], [])

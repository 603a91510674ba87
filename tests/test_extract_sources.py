"""Feeds, WordPress JSON, sitemaps, URL dates, CMS fingerprints and the source plan."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from opdcrawl.extract.cms import fingerprint
from opdcrawl.extract.feeds import feed_links, parse_feed
from opdcrawl.extract.sitemaps import (
    MAX_SITEMAP_BYTES,
    looks_like_article_url,
    parse_sitemap,
    sitemaps_from_robots,
)
from opdcrawl.extract.sources import SourceCandidate, list_page_links, plan_sources
from opdcrawl.extract.urldates import date_from_url
from opdcrawl.extract.wpjson import parse_wp_posts, wp_posts_urls

FIXTURES = Path(__file__).parent / "fixtures"
WIB = timezone(timedelta(hours=7))
NOW = datetime(2024, 3, 12, 12, 0, tzinfo=WIB)


def fixture(kind: str, name: str) -> bytes:
    return (FIXTURES / kind / name).read_bytes()


def html_fixture(name: str) -> str:
    return (FIXTURES / "homepages" / name).read_text(encoding="utf-8")


# --- feeds ---------------------------------------------------------------------------------


def test_wordpress_feed_posts_with_dates_titles_and_evidence() -> None:
    url = "https://distan.contohkab.go.id/feed/"
    posts = parse_feed(fixture("feeds", "wordpress_feed.xml"), url, now=NOW)
    assert posts is not None
    assert [p.url for p in posts] == [
        "https://distan.contohkab.go.id/2024/03/12/penyaluran-bibit-padi-unggul/",
        "https://distan.contohkab.go.id/2024/02/27/rapat-koordinasi-penyuluh/",
        "https://distan.contohkab.go.id/2024/02/20/tanpa-tanggal/",
    ]
    first = posts[0]
    assert first.title == "Penyaluran Bibit Padi Unggul – Kecamatan Sukamaju"
    assert first.raw_date == "Tue, 12 Mar 2024 03:15:00 +0000"
    assert first.published_at == datetime(2024, 3, 12, 3, 15, tzinfo=UTC)
    assert first.source == "feed" and first.evidence_url == url
    assert posts[1].title == "Rapat Koordinasi Penyuluh Pertanian"  # tags stripped
    assert posts[2].raw_date is None and posts[2].published_at is None


def test_sekolahku_raw_pubdate_is_read_as_wib() -> None:
    posts = parse_feed(fixture("feeds", "sekolahku_rss.xml"), "https://d.go.id/feed", now=NOW)
    assert posts is not None
    assert posts[0].raw_date == "2022-11-04 16:38:50"
    assert posts[0].published_at == datetime(2022, 11, 4, 16, 38, 50, tzinfo=WIB)
    assert posts[0].url.endswith("/read/214/sosialisasi-kurikulum-merdeka-jenjang-smp")


def test_popojicms_rfc2822_gmt_and_relative_link() -> None:
    url = "https://dishub.contohkota.go.id/rss"
    posts = parse_feed(fixture("feeds", "popojicms_rss.xml"), url, now=NOW)
    assert posts is not None
    assert posts[0].published_at == datetime(2019, 7, 24, 2, 10, tzinfo=UTC)
    assert posts[1].url == (
        "https://dishub.contohkota.go.id/detailpost/rekayasa-lalu-lintas-jalan-protokol"
    )


def test_atom_prefers_alternate_link_and_published() -> None:
    url = "https://bappeda.contohkab.go.id/feed/atom/"
    posts = parse_feed(fixture("feeds", "atom.xml"), url, now=NOW)
    assert posts is not None
    assert posts[0].url == "https://bappeda.contohkab.go.id/musrenbang-kecamatan-2024/"
    assert posts[0].raw_date == "2024-03-01T09:00:00+07:00"
    assert posts[1].url == "https://bappeda.contohkab.go.id/forum-perangkat-daerah/"
    assert posts[1].published_at == datetime(2024, 2, 20, 13, 30, tzinfo=WIB)  # from updated


def test_rdf_items_use_dc_date_and_rdf_about() -> None:
    posts = parse_feed(fixture("feeds", "rdf.xml"), "https://dinkes.contohkab.go.id/rss", now=NOW)
    assert posts is not None
    assert [p.published_at for p in posts] == [
        datetime(2015, 1, 5, 14, 0, tzinfo=WIB),
        datetime(2014, 12, 20, 8, 0, tzinfo=WIB),
    ]
    assert posts[1].url == "https://dinkes.contohkab.go.id/berita-11-posyandu.html"


def test_feed_with_only_future_dates_keeps_posts_undated() -> None:
    posts = parse_feed(fixture("feeds", "future_dates.xml"), "https://b.go.id/feed", now=NOW)
    assert posts is not None and len(posts) == 2
    assert all(p.published_at is None for p in posts)
    assert posts[0].raw_date == "Mon, 02 Dec 2030 08:00:00 +0700"


def test_broken_encoding_declaration_and_php_notice_are_survived() -> None:
    posts = parse_feed(fixture("feeds", "broken_encoding.xml"), "https://s.go.id/rss", now=NOW)
    assert posts is not None and len(posts) == 1
    assert posts[0].title == "Bantuan Sosial Lansia – Tahap II"
    assert posts[0].published_at == datetime(2009, 2, 1, 14, 31, 58, tzinfo=WIB)


def test_empty_feed_is_an_empty_list_not_none() -> None:
    assert parse_feed(fixture("feeds", "empty_feed.xml"), "https://k.go.id/feed", now=NOW) == []


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"\x00\x01\x02garbage\xff\xfe",
        b"<?xml version='1.0'?><",
        "<html><body>not a feed</body></html>",
        b'{"code":"rest_no_route"}',
    ],
)
def test_not_a_feed_is_none(body: bytes | str) -> None:
    assert parse_feed(body, "https://x.go.id/feed", now=NOW) is None


def test_html_error_page_is_not_a_feed() -> None:
    assert parse_feed(fixture("feeds", "html_error.html"), "https://x.go.id/feed", now=NOW) is None


def test_entities_are_not_expanded() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "AAAAAAAAAAAAAAAAAAAA">'
        b'<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><item><title>&big;&ext;judul</title>"
        b"<link>https://x.go.id/a</link></item></channel></rss>"
    )
    posts = parse_feed(body, "https://x.go.id/feed", now=NOW)
    assert posts is not None and len(posts) == 1
    assert "AAAA" not in (posts[0].title or "") and "root:" not in (posts[0].title or "")


def test_feed_links_absolute_deduplicated_without_comment_feeds() -> None:
    html = html_fixture("wordpress_home.html")
    assert feed_links(html, "https://distan.contohkab.go.id/") == [
        "https://distan.contohkab.go.id/feed/"
    ]


def test_feed_links_on_empty_page() -> None:
    assert feed_links("", "https://x.go.id/") == []


# --- WordPress REST API --------------------------------------------------------------------


def test_wp_posts_prefer_date_gmt_and_strip_title_markup() -> None:
    url = "https://diskominfo.contohkab.go.id/wp-json/wp/v2/posts"
    posts = parse_wp_posts(fixture("wpjson", "posts.json"), url, now=NOW)
    assert posts is not None and len(posts) == 3  # the entry without a link is dropped
    first, second, scheduled = posts
    assert first.url == (
        "https://diskominfo.contohkab.go.id/2024/03/12/pelatihan-literasi-digital/"
    )
    assert first.title == "Pelatihan Literasi Digital – Angkatan II"
    assert first.raw_date == "2024-03-12T03:15:00+00:00"
    assert first.published_at == datetime(2024, 3, 12, 3, 15, tzinfo=UTC)
    assert first.source == "wp-json" and first.evidence_url == url
    # date_gmt all zeros: the local date is used, taken as WIB
    assert second.title == "Rapat Kerja TIK Daerah"
    assert second.published_at == datetime(2024, 2, 29, 8, 0, tzinfo=WIB)
    assert scheduled.published_at is None


@pytest.mark.parametrize("name", ["rest_disabled.json", "rest_no_route.json", "login_page.html"])
def test_wp_error_answers_are_none(name: str) -> None:
    assert parse_wp_posts(fixture("wpjson", name), "https://x.go.id/wp-json/", now=NOW) is None


@pytest.mark.parametrize("body", [b"", b"\xff\xfe\x00garbage", "null", '"text"', "{}"])
def test_wp_garbage_is_none(body: bytes | str) -> None:
    assert parse_wp_posts(body, "https://x.go.id/wp-json/", now=NOW) is None


def test_wp_empty_list_is_empty() -> None:
    assert parse_wp_posts(fixture("wpjson", "empty.json"), "https://x.go.id/", now=NOW) == []


def test_wp_json_after_php_notice() -> None:
    posts = parse_wp_posts(fixture("wpjson", "posts_with_php_notice.txt"), "https://d/", now=NOW)
    assert posts is not None and len(posts) == 1
    assert posts[0].published_at == datetime(2023, 8, 17, 3, 15, tzinfo=UTC)


def test_wp_posts_urls_both_forms() -> None:
    query = "per_page=20&_fields=link,date,date_gmt,title,modified_gmt"
    assert wp_posts_urls("https://dinas.go.id") == [
        f"https://dinas.go.id/wp-json/wp/v2/posts?{query}",
        f"https://dinas.go.id/?rest_route=/wp/v2/posts&{query}",
    ]
    assert wp_posts_urls("https://portal.go.id/dinkes/")[0] == (
        f"https://portal.go.id/dinkes/wp-json/wp/v2/posts?{query}"
    )


# --- sitemaps --------------------------------------------------------------------------------


def test_sitemaps_from_robots() -> None:
    robots = fixture("sitemaps", "robots.txt").decode()
    assert sitemaps_from_robots(robots, "https://dpupr.contohkab.go.id/") == [
        "https://dpupr.contohkab.go.id/sitemap_index.xml",
        "https://dpupr.contohkab.go.id/wp-sitemap.xml",
    ]
    assert sitemaps_from_robots("", "https://x.go.id/") == []


def test_sitemap_index_puts_newest_post_sitemaps_first_and_drops_taxonomies() -> None:
    reading = parse_sitemap(
        fixture("sitemaps", "yoast_index.xml"),
        "https://dpupr.contohkab.go.id/sitemap_index.xml",
        now=NOW,
    )
    assert reading is not None and reading.posts == []
    assert reading.children == [
        "https://dpupr.contohkab.go.id/post-sitemap2.xml",
        "https://dpupr.contohkab.go.id/post-sitemap.xml",
        "https://dpupr.contohkab.go.id/proyek-sitemap.xml",
    ]


def test_wp_core_sitemap_index_without_lastmod_highest_number_first() -> None:
    reading = parse_sitemap(
        fixture("sitemaps", "wp-sitemap.xml"),
        "https://dpmd.contohkab.go.id/wp-sitemap.xml",
        now=NOW,
    )
    assert reading is not None
    assert reading.children == [
        "https://dpmd.contohkab.go.id/wp-sitemap-posts-post-2.xml",
        "https://dpmd.contohkab.go.id/wp-sitemap-posts-post-1.xml",
    ]


def test_wp_core_urlset_without_lastmod_dates_from_url() -> None:
    url = "https://dpmd.contohkab.go.id/wp-sitemap-posts-post-2.xml"
    reading = parse_sitemap(fixture("sitemaps", "wp-sitemap-posts-post-2.xml"), url, now=NOW)
    assert reading is not None and reading.lastmods_informative is False
    assert [(p.source, p.published_at) for p in reading.posts] == [
        ("url", datetime(2023, 8, 17, tzinfo=WIB)),
        ("url", datetime(2023, 7, 3, tzinfo=WIB)),
        ("sitemap", None),
    ]
    assert reading.posts[2].url == "https://dpmd.contohkab.go.id/bimtek-bumdes/"
    assert all(p.evidence_url == url for p in reading.posts)


def test_urlset_with_differing_lastmods_is_informative() -> None:
    url = "https://mekarsari.desa.id/sitemap.xml"
    reading = parse_sitemap(fixture("sitemaps", "opensid_informative.xml"), url, now=NOW)
    assert reading is not None and reading.lastmods_informative is True
    # homepage, category list and agenda page are skipped
    assert [p.url.rsplit("/", 1)[-1] for p in reading.posts] == [
        "penyaluran-blt-dana-desa-tahap-i",
        "musyawarah-desa-rkp",
        "kerja-bakti-saluran-irigasi",
    ]
    assert reading.posts[0].source == "sitemap"
    assert reading.posts[0].raw_date == "2024-03-05T10:12:00+07:00"
    assert reading.posts[0].published_at == datetime(2024, 3, 5, 10, 12, tzinfo=WIB)


def test_identical_generated_lastmods_are_not_informative_and_not_used() -> None:
    url = "https://dishub.contohkota.go.id/sitemap.xml"
    reading = parse_sitemap(fixture("sitemaps", "generated_identical.xml"), url, now=NOW)
    assert reading is not None and reading.lastmods_informative is False
    assert len(reading.posts) == 3
    assert all(p.published_at is None for p in reading.posts)
    assert reading.posts[0].raw_date == "2024-03-12T08:41:07+07:00"


def test_gzip_sitemap_is_read() -> None:
    body = gzip.compress(fixture("sitemaps", "opensid_informative.xml"))
    reading = parse_sitemap(body, "https://mekarsari.desa.id/sitemap.xml.gz", now=NOW)
    assert reading is not None and len(reading.posts) == 3


def test_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * (MAX_SITEMAP_BYTES + 10) + b"</urlset>")
    assert parse_sitemap(bomb, "https://x.go.id/sitemap.xml.gz", now=NOW) is None


@pytest.mark.parametrize(
    "body", [b"", b"\x1f\x8bnot gzip", b"\x00\xffrandom", b"<html><body>404</body></html>"]
)
def test_not_a_sitemap_is_none(body: bytes) -> None:
    assert parse_sitemap(body, "https://x.go.id/sitemap.xml", now=NOW) is None


def test_feed_is_not_a_sitemap() -> None:
    assert parse_sitemap(fixture("feeds", "atom.xml"), "https://x.go.id/s.xml", now=NOW) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://d.go.id/2024/03/12/penyaluran-bibit/", True),
        ("https://d.go.id/detailpost/uji-kir-gratis", True),
        ("https://d.go.id/read/214/sosialisasi-kurikulum", True),
        ("https://d.go.id/?p=1412", True),
        ("https://d.go.id/berita-12-imunisasi.html", True),
        ("https://d.go.id/", False),
        ("https://d.go.id/index.php", False),
        ("https://d.go.id/kategori/berita", False),
        ("https://d.go.id/category/berita/page/2/", False),
        ("https://d.go.id/tag/pertanian/", False),
        ("https://d.go.id/page/3/", False),
        ("https://d.go.id/halaman/visi-misi", False),
        ("https://d.go.id/berita", False),
        ("https://d.go.id/profil/", False),
        ("https://d.go.id/2024/03/", False),
        ("https://d.go.id/?page_id=2", False),
        ("https://d.go.id/wp-content/uploads/2024/03/foto.jpg", False),
        ("https://d.go.id/dokumen/renstra-2021.pdf", False),
    ],
)
def test_looks_like_article_url(url: str, expected: bool) -> None:
    assert looks_like_article_url(url) is expected


# --- dates in URLs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://d.go.id/2020/11/03/rapat-kerja/", datetime(2020, 11, 3, tzinfo=WIB)),
        ("https://desa.id/artikel/2020/11/3/musdes", datetime(2020, 11, 3, tzinfo=WIB)),
        (
            "https://d.go.id/index.php/artikel/2016/8/5/kerja-bakti",
            datetime(2016, 8, 5, tzinfo=WIB),
        ),
        ("https://d.go.id/berita/20201103-rapat-kerja", datetime(2020, 11, 3, tzinfo=WIB)),
        ("https://d.go.id/2024/03/12/hari-ini", datetime(2024, 3, 12, tzinfo=WIB)),
        ("https://d.go.id/2020/11/rapat-kerja", None),  # month precision only
        ("https://d.go.id/2020/11/03/", None),  # a day archive, not a post
        ("https://d.go.id/?p=20201103", None),
        ("https://d.go.id/berita/baca?tgl=2020/11/03/x", None),
        ("https://d.go.id/2020/02/30/tanggal-salah", None),
        ("https://d.go.id/2020/13/01/bulan-salah", None),
        ("https://d.go.id/1994/12/31/terlalu-tua", None),
        ("https://d.go.id/2024/03/13/besok", None),  # after the crawl
        ("https://d.go.id/berita/12345678-nomor", None),
        ("https://d.go.id/detailpost/rapat-kerja", None),
    ],
)
def test_date_from_url(url: str, expected: datetime | None) -> None:
    assert date_from_url(url, now=NOW) == expected


def test_date_from_url_is_aware() -> None:
    found = date_from_url("https://d.go.id/2020/11/03/x", now=NOW)
    assert found is not None and found.utcoffset() == timedelta(hours=7)


# --- CMS fingerprints ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("wordpress_home.html", "wordpress"),
        ("wordpress_fresh.html", "wordpress"),
        ("custom_news_opensid_mention.html", "wordpress"),
        ("joomla_home.html", "joomla"),
        ("drupal_home.html", "drupal"),
        ("popojicms_home.html", "popojicms"),
        ("opensid_home.html", "opensid"),
        ("sekolahku_home.html", "sekolahku"),
        ("datagoe_home.html", "datagoe"),
        ("lokomedia_home.html", "lokomedia"),
        ("opendk_home.html", "opendk"),
        ("nginx_default.html", "unknown"),
    ],
)
def test_fingerprint_from_markup(name: str, expected: str) -> None:
    assert fingerprint(html_fixture(name), "https://contoh.go.id/") == expected


def test_fingerprint_from_headers() -> None:
    bare = "<html><body><p>Selamat datang</p></body></html>"
    link = '<https://dinas.go.id/wp-json/>; rel="https://api.w.org/"'
    assert fingerprint(bare, "https://dinas.go.id/", {"Link": link}) == "wordpress"
    assert fingerprint(bare, "https://d.go.id/", {"X-Generator": "Drupal 10"}) == "drupal"
    cookie = {"Set-Cookie": "ci_session=abc123; path=/; HttpOnly"}
    assert fingerprint(bare, "https://d.go.id/", cookie) == "codeigniter"
    # Scrapy-style bytes headers with list values
    assert fingerprint(bare, "https://d.go.id/", {b"Set-Cookie": [b"ci_session=x"]}) == (
        "codeigniter"
    )
    assert fingerprint(bare, "https://d.go.id/") == "unknown"


def test_codeigniter_cookie_does_not_outvote_sekolahku() -> None:
    cookie = {"Set-Cookie": "ci_session=abc; path=/"}
    assert fingerprint(html_fixture("sekolahku_home.html"), "https://d/", cookie) == "sekolahku"


def test_one_article_mention_does_not_make_a_cms() -> None:
    html = (
        "<html><body><h2>Pendampingan aplikasi OpenSID untuk desa</h2>"
        "<p>Operator desa dilatih memakai OpenSID.</p></body></html>"
    )
    assert fingerprint(html, "https://dpmd.go.id/") == "unknown"


def test_fingerprint_of_empty_page() -> None:
    assert fingerprint("", "https://x.go.id/") == "unknown"


# --- source plans --------------------------------------------------------------------------


def test_wordpress_plan_order() -> None:
    base = "https://distan.contohkab.go.id/"
    plan = plan_sources("wordpress", base, html_fixture("wordpress_home.html"))
    kinds = [c.kind for c in plan]
    assert kinds[:2] == ["wp-json", "wp-json"]
    assert plan[0].url.startswith("https://distan.contohkab.go.id/wp-json/wp/v2/posts?")
    assert "rest_route=/wp/v2/posts" in plan[1].url
    assert plan[2] == SourceCandidate("feed", "https://distan.contohkab.go.id/feed/")
    assert plan[3] == SourceCandidate("sitemap-robots", "https://distan.contohkab.go.id/robots.txt")
    assert all(kind == "list-page" for kind in kinds[4:]) and len(kinds) > 4
    assert len(plan) == len(set(plan))


def test_popojicms_plan_uses_rss() -> None:
    plan = plan_sources("popojicms", "https://dishub.contohkota.go.id", "")
    assert plan[0] == SourceCandidate("feed", "https://dishub.contohkota.go.id/rss")


def test_opensid_plan_feed_then_list_pages_no_sitemaps() -> None:
    """A real OpenSID install lists drafts, static pages, agenda items and scheduled posts
    in /sitemap.xml (tests/fixtures/real_cms/opensid-*), so it is never read."""
    plan = plan_sources("opensid", "https://mekarsari.desa.id/", html_fixture("opensid_home.html"))
    assert plan[0] == SourceCandidate("feed", "https://mekarsari.desa.id/feed")
    assert [c.kind for c in plan[1:]] == ["list-page"] * (len(plan) - 1)
    assert len(plan) > 1


def test_sekolahku_plan_feed_then_list_pages_no_sitemaps() -> None:
    plan = plan_sources(
        "sekolahku", "https://disdik.contohkab.go.id/", html_fixture("sekolahku_home.html")
    )
    assert plan[0] == SourceCandidate("feed", "https://disdik.contohkab.go.id/feed")
    assert [c.kind for c in plan[1:]] == ["list-page"] * (len(plan) - 1)
    assert len(plan) > 1


def test_unknown_cms_plan_announced_feeds_then_robots_then_lists() -> None:
    html = (
        '<html><head><link rel="alternate" type="application/atom+xml" href="/atom.xml">'
        '</head><body><a href="/berita">Berita</a></body></html>'
    )
    plan = plan_sources("unknown", "https://kec.go.id/", html)
    assert plan == [
        SourceCandidate("feed", "https://kec.go.id/atom.xml"),
        SourceCandidate("sitemap-robots", "https://kec.go.id/robots.txt"),
        SourceCandidate("list-page", "https://kec.go.id/berita"),
    ]


def test_list_page_links_ranked_same_site_deduplicated() -> None:
    links = list_page_links(html_fixture("wordpress_home.html"), "https://distan.contohkab.go.id/")
    assert links == [
        "https://distan.contohkab.go.id/berita/",
        "https://distan.contohkab.go.id/category/berita/",
    ]


def test_list_page_links_pagination_variants_and_cap() -> None:
    html = "".join(
        f'<a href="{href}">x</a>'
        for href in [
            "/berita?page=2",
            "/index.php/berita",
            "/artikel",
            "/kabar/page/2",
            "/informasi",
            "/news",
            "/post",
            "/berita/judul-panjang-sebuah-berita",
            "https://other.example.org/berita",
        ]
    )
    links = list_page_links(html, "https://d.go.id/")
    assert len(links) == 5
    assert links[:3] == [
        "https://d.go.id/index.php/berita",
        "https://d.go.id/berita?page=2",
        "https://d.go.id/artikel",
    ]
    assert "https://d.go.id/berita/judul-panjang-sebuah-berita" not in links
    assert all(link.startswith("https://d.go.id/") for link in links)


def test_list_page_links_guess_by_cms_when_none_linked() -> None:
    assert list_page_links("<html><body></body></html>", "https://d.go.id", cms="lokomedia")[0] == (
        "https://d.go.id/semua-berita.html"
    )
    assert list_page_links("", "https://d.go.id/") == [
        "https://d.go.id/berita",
        "https://d.go.id/artikel",
    ]

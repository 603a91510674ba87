"""List-page and article extraction on saved pages, one folder per CMS shape.

Every trap test first checks that the decoy really is on the page (so a naive "first or
newest date on the page" extractor would be fooled), then that the extractor skipped it.
"Now" is frozen and passed explicitly: the extractor must never read the clock.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from freezegun import freeze_time

from opdcrawl.extract.article import extract_article
from opdcrawl.extract.listing import extract_listing, find_next_page
from opdcrawl.extract.textdates import (
    TextMap,
    find_dates,
    has_yearless_date,
    parse_html,
    strip_decoys,
)

WIB = timezone(timedelta(hours=7))
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=WIB)
FIXTURES = Path(__file__).parent / "fixtures" / "html"
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture
def frozen_clock():
    # A different wall clock from NOW: an extractor that reads the clock gets caught.
    with freeze_time("2030-01-01 00:00:00"):
        yield


def page(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def newest(listing) -> date | None:
    dated = [post.published_at for post in listing.posts if post.published_at]
    return max(dated).date() if dated else None


# --- WordPress -------------------------------------------------------------------------------


def test_wordpress_article_reads_published_meta_not_modified_or_header_date():
    html = page("wordpress/article.html")
    assert "article:modified_time" in html and "Senin, 23 November 2026" in html
    post = extract_article(html, "https://diskominfo.lebongkab.go.id/2023/08/17/x/", now=NOW)
    assert post is not None
    assert post.published_at == datetime(2023, 8, 17, 10, 15, 32, tzinfo=WIB)
    assert post.source == "meta"
    assert post.title == "Upacara HUT RI ke-78 di Halaman Kantor Dinas"


def test_wordpress_jsonld_graph_gives_date_published_not_date_modified():
    html = page("wordpress/article-jsonld.html")
    assert '"dateModified":"2026-09-01' in html
    post = extract_article(html, "https://dinkes.lebongkab.go.id/vaksinasi-massal-tubei/", now=NOW)
    assert post is not None and post.source == "jsonld"
    assert post.published_at is not None
    assert post.published_at.date() == date(2022, 3, 9)


def test_wordpress_home_uses_published_time_and_finds_next_page():
    html = page("wordpress/home.html")
    assert 'class="updated" datetime="2026-10-30' in html
    listing = extract_listing(html, "https://bkd.lebongkab.go.id/", now=NOW, cms="wordpress")
    by_url = {post.url.rsplit("/", 2)[-2]: post for post in listing.posts}
    assert by_url["pengumuman-hasil-seleksi-pppk-2023"].published_at.date() == date(2024, 2, 5)
    assert by_url["pengumuman-hasil-seleksi-pppk-2023"].source == "list-page"
    # The third card prints no date: its URL carries it.
    assert by_url["layanan-kenaikan-pangkat-periode-desember"].source == "url"
    assert newest(listing) == date(2024, 2, 5)
    assert all(post.evidence_url == "https://bkd.lebongkab.go.id/" for post in listing.posts)
    assert listing.next_page == "https://bkd.lebongkab.go.id/page/2/"


def test_wordpress_entry_footer_time_survives_footer_stripping():
    html = (ROOT / "tests/corpus/wp-entry-footer-time.html").read_text(encoding="utf-8")
    post = extract_article(html, "https://setda.lebongkab.go.id/pelantikan-pejabat/", now=NOW)
    assert post is not None and post.source == "time"
    assert post.published_at.date() == date(2021, 6, 8)


# Saved from Debian's stock WordPress 6.1 (id_ID, Twenty Twenty-One, plain ?p=N permalinks)
# as tests/test_stock_wordpress.py serves it; the host renamed.


def test_stock_wordpress_home_reads_published_updated_time_and_short_titles():
    html = page("wordpress/stock-2021-home.html")
    # A never-edited post's one <time> is both "published" and "updated".
    assert 'class="entry-date published updated" datetime="2026-10-14T23:13:21+07:00"' in html
    assert ">14 Oktober 2026</time>" in html
    listing = extract_listing(html, "http://dinkes.serangkota.go.id/", now=NOW)
    got = {post.url: (post.title, post.published_at) for post in listing.posts}
    assert got == {
        "http://dinkes.serangkota.go.id/?p=4": (
            "Rapat Koordinasi Percepatan Penurunan Stunting Tingkat Kota",
            datetime(2026, 10, 14, 23, 13, 21, tzinfo=WIB),
        ),
        # One word, but it is the link of the entry's heading.
        "http://dinkes.serangkota.go.id/?p=5": (
            "Sosialisasi",
            datetime(2026, 9, 29, 23, 13, 21, tzinfo=WIB),
        ),
        "http://dinkes.serangkota.go.id/?p=6": (
            "Pelayanan Administrasi Kependudukan Jemput Bola di Kecamatan Kasemen",
            datetime(2026, 9, 14, 23, 13, 21, tzinfo=WIB),
        ),
    }
    assert {post.source for post in listing.posts} == {"list-page"}
    assert listing.next_page == "http://dinkes.serangkota.go.id/?paged=2"


def test_stock_wordpress_article_reads_published_updated_time():
    html = page("wordpress/stock-2021-article.html")
    post = extract_article(html, "http://dinkes.serangkota.go.id/?p=5", now=NOW)
    assert post is not None and post.source == "time"
    assert post.published_at == datetime(2026, 9, 29, 23, 13, 21, tzinfo=WIB)


# --- PopojiCMS --------------------------------------------------------------------------------


def test_popojicms_home_ignores_agenda_counter_and_header_date():
    html = page("popojicms/home.html")
    assert "Jumat, 20 November 2026" in html and "Pengunjung hari ini" in html
    listing = extract_listing(html, "https://dishub.serangkota.go.id/", now=NOW)
    assert [p.url.rsplit("/", 1)[-1] for p in listing.posts] == [
        "uji-kir-gratis-angkutan-umum",
        "penertiban-parkir-liar-di-jalan-ahmad-yani",
        "rapat-forum-lalu-lintas",
    ]
    assert newest(listing) == date(2019, 7, 24)
    assert {p.source for p in listing.posts} == {"list-page"}
    assert listing.posts[0].title == "Uji KIR Gratis untuk Angkutan Umum Kota Serang"


def test_popojicms_article_ignores_comment_and_sidebar_agenda():
    html = page("popojicms/detailpost.html")
    assert "02 Agustus 2024" in html and "Kamis, 19 November 2026" in html
    url = "https://dishub.serangkota.go.id/detailpost/uji-kir-gratis-angkutan-umum"
    post = extract_article(html, url, now=NOW)
    assert post is not None
    assert (post.published_at.date(), post.source, post.raw_date) == (
        date(2019, 7, 24),
        "text",
        "24 Juli 2019",
    )


# --- CMS Sekolahku: the year-less badge ---------------------------------------------------------


def test_sekolahku_yearless_badge_never_becomes_a_post_date():
    html = page("sekolahku/home.html")
    assert '<span class="day">04</span><span class="month">Nov</span>' in html
    listing = extract_listing(html, "https://disdik.solselkab.go.id/", now=NOW, cms="sekolahku")
    assert listing.posts == []
    assert listing.undated_article_urls == [
        "https://disdik.solselkab.go.id/read/57/penerimaan-peserta-didik-baru-tahun-ajaran-2022-2023",
        "https://disdik.solselkab.go.id/read/56/lomba-guru-berprestasi-tingkat-kabupaten",
        "https://disdik.solselkab.go.id/read/55/bimtek-kurikulum-merdeka",
    ]


def test_sekolahku_article_reads_jumat_with_apostrophe():
    html = page("sekolahku/read.html")
    url = "https://disdik.solselkab.go.id/read/57/penerimaan-peserta-didik-baru"
    post = extract_article(html, url, now=NOW)
    assert post is not None and post.raw_date == "Jum'at, 04 November 2022"
    assert post.published_at.date() == date(2022, 11, 4)


# --- OpenSID ---------------------------------------------------------------------------------


def test_opensid_home_takes_card_dates_not_the_agenda_box():
    html = page("opensid/home.html")
    assert "Rabu, 18 November 2026" in html
    listing = extract_listing(html, "https://sukamaju.desa.id/", now=NOW, cms="opensid")
    assert newest(listing) == date(2021, 3, 10)
    assert all("rapat-posyandu" not in post.url for post in listing.posts)
    assert listing.posts[-1].raw_date == "05 Agustus 2016 14:14:59"
    assert listing.next_page == "https://sukamaju.desa.id/index/2"


def test_opensid_article_byline_beats_dates_in_the_story():
    html = page("opensid/artikel.html")
    assert "12 April 2021" in html  # a later date inside the story
    url = "https://sukamaju.desa.id/artikel/2021/3/10/penyaluran-blt-dana-desa-tahap-i"
    post = extract_article(html, url, now=NOW)
    assert post is not None and post.source == "text"
    assert post.published_at == datetime(2021, 3, 10, 9, 21, 4, tzinfo=WIB)


# --- Datagoe ---------------------------------------------------------------------------------


def test_datagoe_home_reads_ags_and_skips_agenda_section():
    html = page("datagoe/home.html")
    assert "Nov 2026" in html
    listing = extract_listing(html, "https://distan.tanggamus.go.id/", now=NOW)
    raw = {post.raw_date for post in listing.posts}
    assert raw == {"24 Ags 2021", "09 Agu 2021", "24 Mei 2021"}
    assert newest(listing) == date(2021, 8, 24)


def test_datagoe_article_ignores_sidebar_time_of_newer_post():
    html = page("datagoe/detail.html")
    assert '<time datetime="2021-08-24">' in html
    post = extract_article(html, "https://distan.tanggamus.go.id/detail/pelatihan", now=NOW)
    assert post is not None and post.published_at.date() == date(2021, 5, 24)


# --- Lokomedia: today's date in every header ---------------------------------------------------


def test_lokomedia_home_ignores_header_today_date():
    html = page("lokomedia/home.html")
    assert "Senin, 23 November 2026" in html
    listing = extract_listing(html, "https://dispenda.lebakkab.go.id/", now=NOW, cms="lokomedia")
    assert newest(listing) == date(2009, 2, 1)
    assert listing.posts[0].raw_date == "Minggu, 01 Feb 2009, 14:31:58 WIB"


def test_lokomedia_article_title_in_span_and_header_date_skipped():
    html = page("lokomedia/berita.html")
    url = "https://dispenda.lebakkab.go.id/berita-41-pembayaran-pbb.html"
    post = extract_article(html, url, now=NOW)
    assert post is not None
    assert post.published_at == datetime(2009, 2, 1, 14, 31, 58, tzinfo=WIB)
    assert post.title == "Pembayaran PBB Kini Bisa di Kantor Pos"


def test_header_date_alone_is_not_a_post_date():
    html = (ROOT / "tests/corpus/lokomedia-header-only.html").read_text(encoding="utf-8")
    assert "Senin, 23 November 2026" in html
    url = "https://dispenda.example.go.id/statis-1-visi-dan-misi.html"
    assert extract_article(html, url, now=NOW) is None


# --- Kab. Serang custom --------------------------------------------------------------------------


def test_kabserang_list_english_months_and_query_pagination():
    html = page("kabserang/berita.html")
    listing = extract_listing(html, "https://disnakertrans.serangkab.go.id/berita", now=NOW)
    assert [post.raw_date for post in listing.posts] == [
        "20 November 2026",
        "04 March 2026",
        "11 February 2026",
    ]
    assert listing.next_page == "https://disnakertrans.serangkab.go.id/berita?page=2"


def test_kabserang_article_person_time_with_english_month():
    html = page("kabserang/baca.html")
    url = "https://disnakertrans.serangkab.go.id/baca/berita/pelatihan-las-bagi-pencari-kerja"
    post = extract_article(html, url, now=NOW)
    assert post is not None and post.published_at.date() == date(2026, 3, 4)


# --- AuraCMS and generic pages ---------------------------------------------------------------


def test_auracms_byline_not_the_event_date_in_the_story():
    html = page("auracms/article.html")
    assert "Jum`at, 16 Januari 2015" in html
    post = extract_article(html, "https://kec.example.go.id/index.php?id=41", now=NOW)
    assert post is not None and post.published_at.date() == date(2015, 1, 5)


def test_static_page_last_updated_is_not_a_post_date():
    html = page("generic/static-page.html")
    assert "Terakhir diperbarui: 20 November 2026" in html
    assert "12 Desember 2016" in html  # a regulation date inside the prose
    assert extract_article(html, "https://bappeda.example.go.id/profil", now=NOW) is None


def test_relative_date_counts_back_from_now():
    html = page("generic/relative.html")
    post = extract_article(html, "https://disdukcapil.example.go.id/berita/x", now=NOW)
    assert post is not None and post.raw_date == "3 hari yang lalu"
    assert post.published_at.date() == date(2026, 11, 20)


def test_page_without_any_post_date():
    html = page("generic/no-date.html")
    url = "https://dpmptsp.example.go.id/layanan"
    assert extract_article(html, url, now=NOW) is None
    assert extract_listing(html, url, now=NOW).posts == []


def test_table_list_reads_numeric_dates_day_first():
    html = page("generic/list-table.html")
    listing = extract_listing(html, "https://dinsos.example.go.id/pengumuman", now=NOW)
    dates = sorted(post.published_at.date() for post in listing.posts)
    assert dates == [date(2020, 11, 3), date(2022, 5, 12)]
    assert listing.next_page == "https://dinsos.example.go.id/pengumuman?halaman=2"


def test_modified_label_does_not_spill_onto_the_published_date():
    html = (ROOT / "tests/corpus/generic-modified-vs-published.html").read_text(encoding="utf-8")
    post = extract_article(html, "https://ortala.example.go.id/standar", now=NOW)
    assert post is not None and post.published_at.date() == date(2022, 2, 1)


def test_wita_time_keeps_its_day():
    html = (ROOT / "tests/corpus/generic-wita-text.html").read_text(encoding="utf-8")
    post = extract_article(html, "https://bkpsdm.gowakab.go.id/berita/pelantikan", now=NOW)
    assert post is not None
    assert post.published_at.date() == date(2024, 1, 4)
    assert post.published_at.utcoffset() == timedelta(hours=8)


def test_date_only_in_url():
    html = (ROOT / "tests/corpus/generic-url-date-only.html").read_text(encoding="utf-8")
    url = "https://setda.example.go.id/2019/07/12/upacara-hari-jadi-ke-199/"
    post = extract_article(html, url, now=NOW)
    assert post is not None and post.source == "url"
    assert post.published_at.date() == date(2019, 7, 12)


def test_a_date_far_below_the_title_is_not_its_byline():
    items = "".join(f"<li>Persyaratan nomor {n}</li>" for n in range(20))
    html = (
        "<html><head><title>Syarat Izin Usaha</title></head><body><h1>Syarat Izin Usaha</h1>"
        f"<ul>{items}</ul><p>SK Kepala Dinas, 2 Januari 2019</p></body></html>"
    )
    assert extract_article(html, "https://x.go.id/layanan/syarat-izin", now=NOW) is None


def test_events_column_with_article_links_is_not_the_news_list():
    html = (ROOT / "tests/corpus/generic-home-agenda-links.html").read_text(encoding="utf-8")
    assert "Jumat, 20 November 2026" in html
    listing = extract_listing(html, "https://diskop.example.go.id/", now=NOW)
    assert newest(listing) == date(2022, 3, 22)
    assert not any("bazar" in post.url for post in listing.posts)


# --- Blogger / Blogspot ---------------------------------------------------------------------------

BLOGSPOT_HOME = "https://bpp-cikupa-contoh.blogspot.com/"


def test_blogspot_date_header_dates_every_post_of_its_group():
    html = page("blogspot/home.html")
    # Traps: today in the header description and a calendar widget; the two posts of 12 Feb
    # carry no date of their own (the footer shows only "09.40"), and the URLs stop at month.
    assert "Senin, 23 November 2026" in html and "class='widget HTML'" in html
    assert html.count("Rabu, 12 Februari 2020") == 1
    listing = extract_listing(html, BLOGSPOT_HOME, now=NOW)
    by_slug = {post.url.rsplit("/", 1)[-1]: post for post in listing.posts}
    assert set(by_slug) == {
        "penyaluran-bibit-padi-inpari.html",
        "rapat-koordinasi-penyuluh-swadaya.html",
        "demplot-jagung-hibrida.html",
    }
    for slug in ("penyaluran-bibit-padi-inpari.html", "rapat-koordinasi-penyuluh-swadaya.html"):
        assert by_slug[slug].published_at.date() == date(2020, 2, 12)
        assert by_slug[slug].raw_date == "Rabu, 12 Februari 2020"
    # abbr.published carries the exact moment in its title attribute.
    assert by_slug["demplot-jagung-hibrida.html"].published_at == datetime(
        2020, 1, 28, 14, 10, tzinfo=WIB
    )
    assert newest(listing) == date(2020, 2, 12)


def test_a_section_heading_closes_the_search_for_a_group_date():
    html = """<html><body><div class="posts">
    <h2>Senin, 02 Maret 2020</h2>
    <h2>Berita Lainnya</h2>
    <div class="item"><h3><a href="https://x.go.id/berita/rapat-evaluasi-program">Rapat Evaluasi
    Program Tahunan</a></h3></div>
    <div class="item"><h3><a href="https://x.go.id/berita/kunjungan-kerja-bupati">Kunjungan Kerja
    Bupati ke Kecamatan</a></h3></div></div></body></html>"""
    listing = extract_listing(html, "https://x.go.id/", now=NOW)
    assert listing.posts == []
    assert len(listing.undated_article_urls) == 2


def test_a_date_heading_far_above_the_entries_is_a_banner_not_their_group():
    html = """<html><body><h2>Senin, 02 Maret 2020</h2>
    <div class="wrap"><div class="inner"><div class="box"><ul>
    <li><h3><a href="https://x.go.id/berita/rapat-evaluasi-program">Rapat Evaluasi Program
    Tahunan</a></h3></li>
    <li><h3><a href="https://x.go.id/berita/kunjungan-kerja-bupati">Kunjungan Kerja Bupati ke
    Kecamatan</a></h3></li></ul></div></div></div></body></html>"""
    listing = extract_listing(html, "https://x.go.id/", now=NOW)
    assert listing.posts == []
    assert len(listing.undated_article_urls) == 2


def test_blogspot_article_reads_abbr_published_in_the_post_footer_beside_article():
    html = page("blogspot/article.html")
    # The post's <footer class="post-footer"> sits outside its <article>; a comment and the
    # page footer ("Terakhir diperbarui", today) are newer.
    assert "</article>\n  <footer class='post-footer'>" in html
    assert "2 April 2021" in html and "Terakhir diperbarui 23 November 2026" in html
    url = "https://diskan-contoh.blogspot.com/2021/03/pelatihan-ikan-asap.html"
    post = extract_article(html, url, now=NOW)
    assert post is not None and post.source == "time"
    assert post.published_at == datetime(2021, 3, 16, 9, 5, tzinfo=timezone(timedelta(hours=8)))
    assert post.title == "Pelatihan Pengolahan Ikan Asap bagi Kelompok Wanita Nelayan"


# --- Drupal --------------------------------------------------------------------------------------

DRUPAL_URL = "https://distan.contohkab.go.id/berita/vaksinasi-rabies-gratis"


def test_drupal_submitted_byline_with_sidebar_layout_body_class():
    html = page("drupal/article.html")
    # Bartik names the layout on <body> ("layout-sidebar-second"): the word "sidebar" there
    # must not throw the page away. Decoys: today's header date, a newer comment, a
    # "Konten terbaru" block with a newer post.
    assert 'class="layout-one-sidebar layout-sidebar-second' in html
    assert "Sel, 10/03/2020" in html and "Jum, 20/11/2026" in html
    post = extract_article(html, DRUPAL_URL, now=NOW)
    assert post is not None and post.source == "text"
    assert post.raw_date == "Kam, 05/03/2020 - 14:20"  # the day name travels with the date
    assert post.published_at == datetime(2020, 3, 5, 14, 20, tzinfo=WIB)


def test_drupal_english_submitted_byline_is_month_first_when_the_weekday_says_so():
    html = page("drupal/article-en.html")
    # "Tue, 03/10/2020": 10 March 2020 is a Tuesday, 3 October 2020 a Saturday.
    assert "Submitted by" in html and "Tue, 03/10/2020 - 09:00" in html
    post = extract_article(html, DRUPAL_URL, now=NOW)
    assert post is not None and post.raw_date == "Tue, 03/10/2020 - 09:00"
    assert post.published_at == datetime(2020, 3, 10, 9, 0, tzinfo=WIB)


def test_day_name_abbreviations_stay_with_the_date_but_not_inside_words():
    text_map = TextMap(parse_html("<p>Dikirim oleh admin 02/09/2019 - 10:15</p>"))
    assert [c.raw for c in find_dates(text_map, now=NOW)] == ["02/09/2019 - 10:15"]
    text_map = TextMap(parse_html("<p>Dikirim oleh admin pada Sen, 02/09/2019 - 10:15</p>"))
    assert [c.raw for c in find_dates(text_map, now=NOW)] == ["Sen, 02/09/2019 - 10:15"]


# --- table layouts -------------------------------------------------------------------------------


def test_news_table_date_column_dates_the_link_in_its_row():
    html = page("generic/table-news-2010.html")
    # Query-id article links that no URL rule recognises; an agenda table with its own
    # "Tanggal" column (a future and a recent date) and today's date in the banner.
    assert "30/11/2026" in html and "14/10/2026" in html and "Senin, 23/11/2026" in html
    url = "http://klh.contohkab.go.id/index.php?mod=berita"
    listing = extract_listing(html, url, now=NOW)
    by_id = {post.url.rsplit("=", 1)[-1]: post for post in listing.posts}
    assert set(by_id) == {"212", "208", "203"}
    assert by_id["212"].title == "Penanaman 1.000 Pohon di Bantaran Sungai Cidurian"
    # dd/mm/yyyy: read month first, 11/09/2011 would be 9 November, the newest.
    assert by_id["208"].published_at.date() == date(2011, 9, 11)
    assert newest(listing) == date(2011, 12, 5)
    assert {post.source for post in listing.posts} == {"list-page"}


# --- dates in the URL ---------------------------------------------------------------------------


def test_list_entries_without_visible_dates_take_the_day_in_their_url():
    html = page("generic/list-url-dates.html")
    # Decoys, all newer than the newest real post: an agenda box linking a dated permalink,
    # an event URL in the main column, and a scheduled post dated after the crawl.
    assert "/2026/11/21/musyawarah" in html and "/event/2026/11/20/" in html
    assert "/2026/12/01/laporan" in html
    listing = extract_listing(html, "https://mekarjaya-contoh.desa.id/artikel", now=NOW)
    dated = {post.url.split("desa.id", 1)[1]: post for post in listing.posts}
    assert set(dated) == {
        "/artikel/2026/11/2/posyandu-lansia-dusun-cibeureum",
        "/2026/10/07/pengaspalan-jalan-lingkungan-rw-03/",
    }
    assert {post.source for post in listing.posts} == {"url"}
    assert newest(listing) == date(2026, 11, 2)
    assert not any("musyawarah" in link for link in listing.undated_article_urls)
    # Later, the scheduled post's day has come and it counts.
    later = extract_listing(
        html, "https://mekarjaya-contoh.desa.id/artikel", now=NOW.replace(month=12, day=2)
    )
    assert newest(later) == date(2026, 12, 1)


# --- never after "now" --------------------------------------------------------------------------

FUTURE_BYLINE = """<html><head><title>Jadwal Vaksinasi</title>
<meta property="article:published_time" content="2026-12-01T08:00:00+07:00"></head>
<body><h1>Jadwal Vaksinasi</h1><p class="byline">Diposting pada 1 Desember 2026</p>
<p><time datetime="2027-01-05">5 Januari 2027</time></p></body></html>"""


def test_dates_after_now_are_never_post_dates():
    assert extract_article(FUTURE_BYLINE, "https://x.go.id/berita/jadwal", now=NOW) is None
    # The same page read after those dates is dated: the rejection is relative to now.
    later = datetime(2027, 2, 1, tzinfo=WIB)
    post = extract_article(FUTURE_BYLINE, "https://x.go.id/berita/jadwal", now=later)
    assert post is not None and post.source == "meta"


def test_future_dates_on_a_list_page_leave_the_entry_undated():
    html = """<html><body><ul>
    <li><a href="https://x.go.id/berita/rapat-akhir-tahun-2026">Rapat Akhir Tahun Seluruh OPD</a>
        <span>30 Desember 2026</span></li></ul></body></html>"""
    listing = extract_listing(html, "https://x.go.id/", now=NOW)
    assert listing.posts == []
    assert listing.undated_article_urls == ["https://x.go.id/berita/rapat-akhir-tahun-2026"]


# --- building blocks ---------------------------------------------------------------------------


def test_strip_decoys_keeps_post_parts_and_drops_site_parts():
    root = parse_html(
        """<html><body><header class="site-header">Senin, 23 November 2026</header>
        <article><header class="entry-header"><h1>Judul</h1><time>1 Mei 2020</time></header>
        <div class="card-footer">2 Mei 2020</div></article>
        <div class="widget_calendar">3 Mei 2020</div><div id="agenda">4 Mei 2020</div>
        <div class="box"><h3>Agenda Kegiatan</h3><p>5 Mei 2020</p></div>
        <div class="copyright">6 Mei 2020</div></body></html>"""
    )
    assert root is not None
    text = TextMap(strip_decoys(root)).text
    assert "1 Mei 2020" in text and "2 Mei 2020" in text
    for decoy in ("23 November 2026", "3 Mei 2020", "4 Mei 2020", "5 Mei 2020", "6 Mei 2020"):
        assert decoy not in text


def test_find_dates_skips_labelled_decoys_and_marks_prose():
    root = parse_html(
        "<html><body><p>Terakhir diperbarui: 20 November 2026</p>"
        "<p>Pengunjung hari ini 12 Mei 2025</p><p>Oleh Admin | 5 Mei 2021</p>"
        f"<p>{'Isi berita panjang. ' * 8}Kegiatan dibuka 7 Mei 2021 di aula.</p></body></html>"
    )
    assert root is not None
    found = list(find_dates(TextMap(root), now=NOW))
    assert [(c.raw, c.labelled, c.prose) for c in found] == [
        ("5 Mei 2021", True, False),
        ("7 Mei 2021", False, True),
    ]


@pytest.mark.parametrize(
    ("text", "yearless"),
    [("04 Nov", True), ("15 Peb", True), ("Nov 04", True), ("04 Nov 2022", False), ("2022", False)],
)
def test_has_yearless_date(text, yearless):
    assert has_yearless_date(text) is yearless


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        ('<a rel="next" href="/berita?page=3">x</a>', "https://a.go.id/berita?page=2",
         "https://a.go.id/berita?page=3"),
        ('<a href="/berita?page=2">2</a><a href="/berita?page=3">3</a>',
         "https://a.go.id/berita", "https://a.go.id/berita?page=2"),
        ('<a href="/berita/page/3/">3</a>', "https://a.go.id/berita/page/2/",
         "https://a.go.id/berita/page/3/"),
        ('<div class="pagination"><a href="/index/10">Selanjutnya</a></div>',
         "https://a.go.id/", "https://a.go.id/index/10"),
        ('<ul class="pager"><li><a href="/artikel/index/20">&raquo;</a></li></ul>',
         "https://a.go.id/artikel", "https://a.go.id/artikel/index/20"),
        ('<a href="/berita/pelatihan-las">Berita selanjutnya</a>',
         "https://a.go.id/berita/pelatihan", None),
        ('<p><a href="/berita/x-y">Selanjutnya</a></p>', "https://a.go.id/", None),
    ],
)  # fmt: skip
def test_find_next_page(html, url, expected):
    root = parse_html(f"<html><body>{html}</body></html>")
    assert root is not None
    assert find_next_page(root, url) == expected


def test_layout_wrappers_that_mention_sidebar_survive():
    root = parse_html(
        """<html><body class="one-sidebar sidebar-second">
        <div class="content-sidebar-wrap"><main><h1>Judul Berita Dinas</h1>
        <p class="byline">Diposting 3 Maret 2021</p></main>
        <aside class="sidebar">1 November 2026</aside></div></body></html>"""
    )
    assert root is not None
    text = " ".join(strip_decoys(root).itertext())
    assert "Diposting 3 Maret 2021" in text and "1 November 2026" not in text


def test_a_block_holding_only_some_marked_posts_is_still_a_decoy():
    root = parse_html(
        """<html><body><div class="post hentry"><h1>Judul Berita Dinas</h1>
        <p class="byline">Diposting 3 Maret 2021</p></div>
        <div class="related-posts"><div class="post hentry">Terkait: 1 Oktober 2026</div></div>
        <div class="widget Blog"><p>Diposting 4 Maret 2021</p></div></body></html>"""
    )
    assert root is not None
    text = " ".join(strip_decoys(root).itertext())
    assert "Diposting 3 Maret 2021" in text and "1 Oktober 2026" not in text
    assert "Diposting 4 Maret 2021" in text  # Blogger's post widget is the content


# A main column named like a widget. The shape is that of a public Laravel news theme's home
# and detail layouts (a volcano-information portal; GitHub code index, layout file with
# ``Theme::partial('post-tab')`` and ``dynamic_sidebar('home_left')``): ``main-index > row``
# of ``col-md-3`` | ``col-md-6 middle-widget`` (post slider, tabbed posts) | ``col-md-3``,
# and for an article ``col-md-2`` (a ``col-calender`` box printing today) beside
# ``col-md-9 middle-widget`` holding the post. Titles and dates here are made up.
MIDDLE_WIDGET_HOME = """<html><head><title>Portal Informasi Gunung Api</title></head><body>
<main class="main" id="main"><div class="container"><div class="main-index"><div class="row">
 <div class="col-md-3">
  <div class="post-popular"><h3>Terpopuler</h3><a href="/berita/status-gunung-naik-ke-waspada">
   Status Gunung Naik ke Waspada</a> <span>2 Januari 2026</span></div>
  <div class="dynamic-sidebar"><div class="widget widget_text">Senin, 23 November 2026</div></div>
 </div>
 <div class="col-md-6 middle-widget">
  <div class="post-slide">
   <div class="item"><h3><a href="/berita/sosialisasi-mitigasi-bencana-di-desa">Sosialisasi
    Mitigasi Bencana di Desa</a></h3><span>20 November 2026</span></div>
   <div class="item"><h3><a href="/berita/pemantauan-aktivitas-kawah-harian">Pemantauan
    Aktivitas Kawah Harian</a></h3><span>18 November 2026</span></div>
  </div>
  <div class="post-tab"><ul>
   <li><a href="/berita/pelatihan-relawan-tanggap-darurat">Pelatihan Relawan Tanggap
    Darurat</a> <span>12 November 2026</span></li>
   <li><a href="/berita/rapat-koordinasi-jalur-evakuasi">Rapat Koordinasi Jalur Evakuasi</a>
    <span>5 November 2026</span></li>
  </ul></div>
 </div>
 <div class="col-md-3"><div class="widget"><h3>Info</h3>
  <a href="/berita/penutupan-jalur-pendakian-sementara">Penutupan Jalur Pendakian
  Sementara</a> <span>22 November 2026</span></div></div>
</div></div></div></main></body></html>"""

MIDDLE_WIDGET_ARTICLE = """<html><head>
<title>Sosialisasi Mitigasi Bencana di Desa | Portal Informasi Gunung Api</title></head><body>
<main class="main" id="main"><div class="container"><div class="main-content"><div class="row">
 <div class="col-md-2"><div class="calender"><div class="col-calender"><center>
  <h3>Senin, 23 November 2026</h3></center></div></div></div>
 <div class="col-md-9 middle-widget"><div class="row">
  <div class="col-md-12"><ol class="breadcrumb"><li><a href="/">Beranda</a></li></ol></div>
  <div class="post-detail"><h1>Sosialisasi Mitigasi Bencana di Desa</h1>
   <p class="meta">Admin | Jumat, 20 November 2026</p>
   <p>Warga desa di lereng gunung mengikuti sosialisasi jalur evakuasi.</p></div>
 </div></div>
</div></div></div></main></body></html>"""


def test_a_main_news_column_named_like_a_widget_is_read():
    url = "https://gunungapi.example.go.id/"
    cut = TextMap(strip_decoys(parse_html(MIDDLE_WIDGET_HOME))).text
    assert "20 November 2026" not in cut  # by its class alone, the column is a widget
    listing = extract_listing(MIDDLE_WIDGET_HOME, url, now=NOW)
    read = {post.url.removeprefix(url[:-1]): post.published_at.date() for post in listing.posts}
    assert read == {
        "/berita/sosialisasi-mitigasi-bencana-di-desa": date(2026, 11, 20),
        "/berita/pemantauan-aktivitas-kawah-harian": date(2026, 11, 18),
        "/berita/pelatihan-relawan-tanggap-darurat": date(2026, 11, 12),
        "/berita/rapat-koordinasi-jalur-evakuasi": date(2026, 11, 5),
    }  # the sidebar widget beside it, with one post of the six, is still cut


def test_an_article_column_named_like_a_widget_is_read():
    post = extract_article(
        MIDDLE_WIDGET_ARTICLE,
        "https://gunungapi.example.go.id/berita/sosialisasi-mitigasi-bencana-di-desa",
        now=NOW,
    )
    assert post is not None
    assert post.title == "Sosialisasi Mitigasi Bencana di Desa"
    assert post.published_at == datetime(2026, 11, 20, tzinfo=WIB)


# --- the labelled corpus -------------------------------------------------------------------------


def _bench():
    path = ROOT / "benchmarks" / "bench_extraction.py"
    spec = importlib.util.spec_from_file_location("bench_extraction", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def test_corpus_accuracy_is_at_least_ninety_percent():
    bench = _bench()
    pages = bench.load_corpus()
    assert len(pages) >= 40
    assert {page.kind for page in pages} == {"article", "list"}
    assert sum(page.expected is None for page in pages) >= 5
    score = bench.evaluate("opdcrawl", bench.opdcrawl_date, pages)
    assert score.total == len(pages)
    assert score.accuracy >= 0.9, score.wrong


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (datetime(2024, 12, 31, 18, 30, tzinfo=UTC), date(2025, 1, 1)),
        (datetime(2014, 11, 12, 0, 30, tzinfo=timezone(timedelta(hours=8))), date(2014, 11, 12)),
        (datetime(2024, 8, 8, 0, 15, tzinfo=timezone(timedelta(hours=9))), date(2024, 8, 8)),
        (datetime(2024, 3, 5, 23, 0, tzinfo=WIB), date(2024, 3, 5)),
        (datetime(2024, 3, 5, 20, 0, tzinfo=timezone(timedelta(hours=-5))), date(2024, 3, 6)),
        (datetime(2024, 3, 5, 1, 0, tzinfo=timezone(timedelta(hours=10))), date(2024, 3, 4)),
        (datetime(2024, 3, 5, 23, 0), date(2024, 3, 5)),
    ],
)
def test_bench_local_day_keeps_indonesian_days_and_reads_others_in_wib(moment, day):
    assert _bench().local_day(moment) == day

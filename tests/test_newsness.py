"""News or not: static pages, agenda items and drafts told apart on real CMS pages.

Every page here was rendered by a real install (tests/fixtures/real_cms, see its README);
the expectations come from each site's database (truth.json and the README's notes).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from opdcrawl.dates import JAKARTA
from opdcrawl.extract import authority, newsness
from opdcrawl.extract.cms import feed_clock_is_local
from opdcrawl.extract.feeds import parse_feed
from opdcrawl.items import Post
from tests.replay import REAL_CMS, load_capture

SINDANGSARI = load_capture(REAL_CMS / "opensid-desa-sindangsari")
KARANGMULYA = load_capture(REAL_CMS / "opensid-desa-karangmulya")
TEGALWARU = load_capture(REAL_CMS / "opensid-desa-tegalwaru")
DINKES = load_capture(REAL_CMS / "sekolahku-dinkes-solsel")
BKPSDM = load_capture(REAL_CMS / "datagoe-bkpsdm-alor")


def page(capture, path: str) -> str:
    return capture.pages[("GET", path)].body.decode("utf-8", "replace")


def slugs(urls: set[str]) -> set[str]:
    return {url.rstrip("/").rsplit("/", 1)[-1] for url in urls}


def test_esensi_list_marks_news_by_category() -> None:
    """Only entries with a category are news; "Wilayah Desa" (static) and "Musyawarah..."
    (agenda) carry none, and the dateless headline is not marked either."""
    found = slugs(newsness.news_urls_in_list(page(SINDANGSARI, "/"), SINDANGSARI.origin + "/"))
    assert found == {
        "jadwal-vaksinasi-rabies-hewan-peliharaan-keliling",
        "rembuk-stunting-tingkat-desa-sindangsari",
        "pembangunan-sumur-bor-air-bersih-dusun-cikadu",
        "pelatihan-kader-posyandu-remaja",
    }


def test_natra_list_marks_nothing() -> None:
    """Natra prints no category on list entries: none are confirmed from the list."""
    assert newsness.news_urls_in_list(page(KARANGMULYA, "/"), KARANGMULYA.origin) == set()


@pytest.mark.parametrize(
    ("capture", "path", "is_news"),
    [
        (SINDANGSARI, "/artikel/2026/11/25/pembagian-bibit-kopi-kepada-kelompok-tani-hutan", True),
        (SINDANGSARI, "/artikel/2026/11/29/wilayah-desa", False),  # static page
        (SINDANGSARI, "/artikel/2026/11/28/musyawarah-perencanaan-pembangunan-desa-tahun-2027",
         False),  # agenda item
        (SINDANGSARI, "/artikel/2026/11/29/draf-rekapitulasi-penerima-bantuan-sosial-desember",
         False),  # draft: "UPS! HALAMAN TIDAK DITEMUKAN" with HTTP 200
        (SINDANGSARI, "/artikel/2026/12/5/libur-pelayanan-kantor-desa-akhir-tahun", False),
        (KARANGMULYA, "/artikel/2026/10/4/penyaluran-bantuan-langsung-tunai-dana-desa-triwulan-iii",
         True),  # Natra: category in the post meta
        (KARANGMULYA, "/artikel/2026/11/12/sejarah-desa", False),
        (KARANGMULYA, "/artikel/2026/11/29/penyuluhan-budidaya-padi-organik", False),  # agenda
        (TEGALWARU, "/artikel/2026/6/21/penetapan-peraturan-desa-tentang-perubahan-apbdes", True),
        (TEGALWARU, "/artikel/2026/11/16/profil-desa", False),
    ],
)  # fmt: skip
def test_opensid_article_page_tells_news(capture, path: str, is_news: bool) -> None:
    assert newsness.article_is_news(page(capture, path)) is is_news


@pytest.mark.parametrize(
    ("capture", "static"),
    [
        (DINKES, {"visi-dan-misi", "selayang-pandang", "agenda-kegiatan"}),
        (SINDANGSARI, {"wilayah-desa", "visi-dan-misi", "profil-desa"}),
        (BKPSDM, {"visi-dan-misi"}),
    ],
)
def test_menu_links_are_static_pages_not_news(capture, static: set[str]) -> None:
    """Static pages shaped like news URLs are what the navigation menu links; no news is."""
    links = newsness.menu_links(page(capture, "/"), capture.origin + "/")
    assert static <= slugs(links)
    news = {"pembagian-bibit-kopi-kepada-kelompok-tani-hutan",
            "pelantikan-pengurus-tim-penggerak-posyandu-kabupaten"}  # fmt: skip
    assert not news & slugs(links)


def test_opensid_feed_times_are_local_time() -> None:
    """Karangmulya's newest news was stored at 19:45 on 4 October; the feed says +0000."""
    posts = parse_feed(KARANGMULYA.pages[("GET", "/feed")].body, KARANGMULYA.origin + "/feed",
                       now=KARANGMULYA.captured_at)  # fmt: skip
    assert posts
    newest = max(posts, key=lambda post: post.published_at)
    assert newest.published_at.astimezone(JAKARTA).date().isoformat() == "2026-10-05"
    feed_clock_is_local("opensid", posts)
    newest = max(posts, key=lambda post: post.published_at)
    assert newest.published_at == datetime(2026, 10, 4, 19, 45, tzinfo=JAKARTA)
    other = parse_feed(KARANGMULYA.pages[("GET", "/feed")].body, KARANGMULYA.origin,
                       now=KARANGMULYA.captured_at)  # fmt: skip
    feed_clock_is_local("wordpress", other)  # WordPress means UTC when it says +0000
    assert max(p.published_at for p in other).astimezone(JAKARTA).day == 5


def _post(url: str, days_ago: float, source: str) -> Post:
    now = datetime(2026, 12, 1, 9, 0, tzinfo=JAKARTA)
    return Post(url=url, published_at=now - timedelta(days=days_ago), source=source)


def test_feed_overrules_list_dates_inside_the_stretch_it_covers() -> None:
    posts = [
        _post("https://desa.id/artikel/2026/10/4/a", 58, "feed"),
        _post("https://desa.id/artikel/2026/9/8/b", 84, "feed"),
        _post("https://desa.id/artikel/2026/11/29/agenda", 2, "list-page"),  # not in the feed
        _post("https://desa.id/artikel/2026/10/4/a/", 58, "list-page"),  # the same post
        _post("https://desa.id/artikel/2025/1/2/old", 700, "list-page"),  # older than the feed
    ]
    kept, dropped = authority.settle(posts)
    assert [p.url for p in dropped] == ["https://desa.id/artikel/2026/11/29/agenda"]
    assert len(kept) == 4


def test_no_authoritative_source_changes_nothing() -> None:
    posts = [_post("https://x.id/berita/a", 1, "list-page"), _post("https://x.id/b", 2, "url")]
    assert authority.settle(posts) == (posts, [])

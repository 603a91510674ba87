"""``inspect_document`` picks the right reader, and ``opdcrawl inspect`` reports it.

The command is run in-process on fixture files (and on a stubbed urllib for URLs), with
"now" passed through ``--now`` and the wall clock frozen elsewhere, so nothing here can
depend on the day the tests run.
"""

from __future__ import annotations

import argparse
import json
import urllib.error
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from freezegun import freeze_time

from opdcrawl.commands import inspect as inspect_command
from opdcrawl.inspection import inspect_document, to_json
from opdcrawl.settings import USER_AGENT

WIB = timezone(timedelta(hours=7))
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=WIB)
NOW_ARG = "2026-11-23T10:00:00+07:00"
FIXTURES = Path(__file__).parent / "fixtures" / "html"

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture
def frozen_clock():
    with freeze_time("2030-01-01 00:00:00"):
        yield


RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Dinas Kominfo</title>
<item><title>Upacara HUT RI ke-78</title><link>https://a.go.id/2023/08/17/upacara/</link>
<pubDate>Thu, 17 Aug 2023 03:15:00 +0000</pubDate></item>
<item><title>Rapat Koordinasi</title><link>https://a.go.id/2023/07/01/rapat/</link>
<pubDate>Sat, 01 Jul 2023 03:15:00 +0000</pubDate></item>
</channel></rss>"""

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://a.go.id/berita/upacara-hut-ri</loc><lastmod>2023-08-17T10:00:00+07:00</lastmod></url>
<url><loc>https://a.go.id/berita/rapat-koordinasi</loc><lastmod>2023-07-01T09:00:00+07:00</lastmod></url>
<url><loc>https://a.go.id/berita/bimtek-pengelola</loc><lastmod>2023-05-03T09:00:00+07:00</lastmod></url>
</urlset>"""

WP_JSON = (
    b'[{"id":5,"date":"2023-08-17T10:15:00","date_gmt":"2023-08-17T03:15:00",'
    b'"link":"https://a.go.id/?p=5","title":{"rendered":"Upacara HUT RI"}}]'
)


# --- inspect_document ----------------------------------------------------------------------------


def test_feed_is_detected_and_newest_item_is_last_post():
    inspection = inspect_document(RSS, "https://a.go.id/feed/", now=NOW)
    assert inspection.kind == "feed"
    assert len(inspection.posts) == 2
    assert inspection.last_post is not None
    assert inspection.last_post.url == "https://a.go.id/2023/08/17/upacara/"


def test_sitemap_is_detected():
    inspection = inspect_document(SITEMAP, "https://a.go.id/sitemap.xml", now=NOW)
    assert inspection.kind == "sitemap"
    assert inspection.last_post is not None
    assert inspection.last_post.published_at.date().isoformat() == "2023-08-17"


def test_wp_json_is_detected_from_bytes_and_content_type():
    inspection = inspect_document(
        WP_JSON,
        "https://a.go.id/wp-json/wp/v2/posts",
        now=NOW,
        content_type="application/json; charset=UTF-8",
    )
    assert (inspection.kind, inspection.cms) == ("wp-json", "wordpress")
    assert inspection.last_post is not None and inspection.last_post.source == "wp-json"


def test_list_page_is_read_as_a_list_with_cms():
    body = (FIXTURES / "popojicms/home.html").read_bytes()
    inspection = inspect_document(body, "https://dishub.serangkota.go.id/", now=NOW)
    assert (inspection.kind, inspection.cms) == ("html-list", "popojicms")
    assert len(inspection.posts) == 3
    assert inspection.last_post is not None
    assert inspection.last_post.published_at.date().isoformat() == "2019-07-24"


def test_article_page_is_read_as_an_article():
    body = (FIXTURES / "wordpress/article.html").read_bytes()
    url = "https://diskominfo.lebongkab.go.id/2023/08/17/upacara-hut-ri-78/"
    inspection = inspect_document(body, url, now=NOW)
    assert (inspection.kind, inspection.cms) == ("html-article", "wordpress")
    assert [post.source for post in inspection.posts] == ["meta"]


def test_badge_only_list_has_no_last_post_and_says_why():
    body = (FIXTURES / "sekolahku/home.html").read_bytes()
    inspection = inspect_document(body, "https://disdik.solselkab.go.id/", now=NOW)
    assert inspection.kind == "html-list"
    assert inspection.posts == [] and inspection.last_post is None
    assert any("tanpa tanggal lengkap" in note for note in inspection.notes)


def test_latin1_page_is_decoded_by_its_meta_charset():
    body = (
        '<html><head><meta charset="iso-8859-1"><title>Pelantikan Pejabat Eselon</title>'
        "</head><body><h1>Pelantikan Pejabat Eselon</h1>"
        "<p>Oleh Admin | 5 Mei 2021 &middot; Caf\xe9</p></body></html>"
    ).encode("latin-1")
    inspection = inspect_document(body, "https://a.go.id/berita/pelantikan-pejabat", now=NOW)
    assert inspection.kind == "html-article"
    assert inspection.last_post is not None
    assert inspection.last_post.raw_date == "5 Mei 2021"


def test_to_json_is_serialisable_with_iso_dates():
    inspection = inspect_document(RSS, "https://a.go.id/feed/", now=NOW)
    data = json.loads(json.dumps(to_json(inspection)))
    assert data["kind"] == "feed"
    assert data["last_post"]["published_at"] == "2023-08-17T03:15:00+00:00"
    assert {post["source"] for post in data["posts"]} == {"feed"}


# --- the command -----------------------------------------------------------------------------


def run_command(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    inspect_command.add_arguments(parser)
    return inspect_command.run(parser.parse_args(list(argv)))


def test_command_prints_table_and_decision(capsys):
    path = FIXTURES / "kabserang/berita.html"
    url = "https://disnakertrans.serangkab.go.id/berita"
    assert run_command(str(path), "--url", url, "--now", NOW_ARG) == 0
    out = capsys.readouterr().out
    assert "Jenis dokumen  : halaman beranda/daftar berita (html-list)" in out
    assert "04 March 2026" in out and "list-page" in out
    assert (
        "Tanggal posting terakhir: 2026-11-20 (sumber: list-page, "
        "https://disnakertrans.serangkab.go.id/baca/berita/job-fair-kabupaten-serang-2026)"
    ) in out
    assert "Halaman berikutnya: https://disnakertrans.serangkab.go.id/berita?page=2" in out


def test_command_says_when_no_date_can_be_trusted(capsys):
    path = FIXTURES / "sekolahku/home.html"
    assert run_command(str(path), "--url", "https://disdik.solselkab.go.id/", "--now", NOW_ARG) == 0
    out = capsys.readouterr().out
    assert "CMS            : sekolahku" in out
    assert "Tidak ditemukan tanggal posting yang dapat dipercaya" in out


def test_command_json_output(capsys):
    path = FIXTURES / "sekolahku/read.html"
    url = "https://disdik.solselkab.go.id/read/57/penerimaan-peserta-didik-baru"
    assert run_command(str(path), "--json", "--url", url, "--now", NOW_ARG) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "html-article"
    assert data["last_post"]["published_at"].startswith("2022-11-04")
    assert data["last_post"]["source"] == "text"


def test_command_defaults_to_file_url(capsys):
    path = FIXTURES / "generic/relative.html"
    assert run_command(str(path), "--json", "--now", NOW_ARG) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["last_post"]["url"] == path.resolve().as_uri()
    assert data["last_post"]["published_at"].startswith("2026-11-20")


def test_command_now_controls_relative_dates(capsys):
    path = FIXTURES / "generic/relative.html"
    assert run_command(str(path), "--json", "--now", "2025-01-10T08:00:00") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["last_post"]["published_at"].startswith("2025-01-07")


def test_command_missing_file_exits_2(capsys):
    assert run_command("/nonexistent/page.html", "--now", NOW_ARG) == 2
    assert "Berkas tidak ditemukan" in capsys.readouterr().err


def test_command_bad_now_exits_2(capsys):
    path = FIXTURES / "generic/relative.html"
    assert run_command(str(path), "--now", "kemarin") == 2
    assert "--now" in capsys.readouterr().err


class _FakeResponse:
    def __init__(self, body: bytes, url: str, content_type: str) -> None:
        self._body, self._url = body, url
        self.headers = {"Content-Type": content_type}

    def read(self, limit: int = -1) -> bytes:
        return self._body

    def geturl(self) -> str:
        return self._url

    def __enter__(self) -> _FakeResponse:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def test_command_fetches_urls_with_project_user_agent(monkeypatch, capsys):
    seen: dict[str, object] = {}
    body = (FIXTURES / "popojicms/home.html").read_bytes()

    def fake_urlopen(request, timeout):
        seen["agent"] = request.get_header("User-agent")
        seen["timeout"] = timeout
        return _FakeResponse(body, "https://dishub.serangkota.go.id/", "text/html; charset=utf-8")

    monkeypatch.setattr(inspect_command.urllib.request, "urlopen", fake_urlopen)
    assert run_command("http://dishub.serangkota.go.id", "--now", NOW_ARG) == 0
    assert seen == {"agent": USER_AGENT, "timeout": 20}
    assert "Tanggal posting terakhir: 2019-07-24" in capsys.readouterr().out


@pytest.mark.parametrize(
    "error",
    [
        urllib.error.URLError("[Errno -2] Name or service not known"),
        TimeoutError("timed out"),
        urllib.error.HTTPError("https://x.go.id/", 503, "Service Unavailable", {}, None),  # type: ignore[arg-type]
    ],
)
def test_command_network_errors_exit_2_with_message(monkeypatch, capsys, error):
    def failing_urlopen(request, timeout):
        raise error

    monkeypatch.setattr(inspect_command.urllib.request, "urlopen", failing_urlopen)
    assert run_command("https://x.go.id/", "--now", NOW_ARG) == 2
    captured = capsys.readouterr()
    assert "Gagal mengambil https://x.go.id/" in captured.err
    assert captured.out == ""


# --- inspect runs the crawl's own reader (issue 8, defect 8) -------------------------------


def test_inspect_site_reads_every_real_cms_site_as_the_crawl_does():
    """Same reader, same answer: inspect's whole-site reading of every real CMS capture
    gives the category and newest news day of truth.json, as tests/test_real_cms.py's
    crawl does (there through Scrapy, here through captured pages)."""
    from opdcrawl.dates import to_jakarta
    from opdcrawl.inspection import inspect_site
    from tests.replay import REAL_CMS, CaptureFetcher, load_captures

    truth = json.loads((REAL_CMS / "truth.json").read_text(encoding="utf-8"))
    captures = {slug: c for slug, c in load_captures().items() if slug in truth}
    fetcher = CaptureFetcher(captures)
    for slug, capture in captures.items():
        inspection = inspect_site(capture.origin + "/", now=capture.captured_at, fetch=fetcher)
        assert inspection.category.lower() == truth[slug]["category"], (slug, inspection.notes)
        assert inspection.last_post is not None, slug
        newest = to_jakarta(inspection.last_post.published_at).date().isoformat()
        assert newest == truth[slug]["latest_news"], (slug, inspection.last_post)


def test_a_feed_stamped_with_the_request_time_is_ignored_as_by_the_crawl():
    """The stamped-feed rule of the crawl applies in inspect too (it did not)."""
    stamp = (NOW - timedelta(minutes=3)).strftime("%a, %d %b %Y %H:%M:%S +0700")
    items = "".join(
        f"<item><title>Berita {n}</title><link>https://x.go.id/berita/{n}</link>"
        f"<pubDate>{stamp}</pubDate></item>"
        for n in range(6)
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
    inspection = inspect_document(feed.encode(), "https://x.go.id/feed", now=NOW)
    assert inspection.kind == "feed"
    assert inspection.last_post is None
    assert any("seragam dengan waktu permintaan" in note for note in inspection.notes)


def test_a_microdata_article_with_related_links_keeps_its_own_date():
    """An article marked with schema.org microdata (``itemprop="datePublished"``, the shape
    of WordPress themes such as GeneratePress) and a "berita terkait" block of three links
    is an article, not a list of three undated links."""
    related = "".join(
        f'<li><a href="https://x.go.id/berita/terkait-{n}">Berita terkait nomor {n} '
        f"tentang kegiatan dinas</a></li>"
        for n in range(4)
    )
    page = (
        '<html><body><article itemscope itemtype="https://schema.org/NewsArticle">'
        '<h1 itemprop="headline">Rapat Koordinasi Pelayanan Publik Tahun Ini</h1>'
        '<time itemprop="datePublished" datetime="2026-11-20T09:15:00+07:00">'
        "20 November 2026</time><p>Isi berita.</p></article>"
        f"<aside><h3>Berita terkait</h3><ul>{related}</ul></aside></body></html>"
    )
    url = "https://x.go.id/berita/rapat-koordinasi-pelayanan-publik"
    inspection = inspect_document(page.encode(), url, now=NOW)
    assert inspection.kind == "html-article"
    assert inspection.last_post is not None
    assert inspection.last_post.published_at.date().isoformat() == "2026-11-20"

"""Capture Debian's stock WordPress, seeded the way real OPD sites are run, as replay fixtures.

    python -m tests.stock_wordpress.capture tests/fixtures/real_cms [--only dinkes,bpbd]

Starts the sites below on Debian's packaged WordPress through the ``tests.stock_wordpress``
harness (one private MariaDB, one ``php -S`` per site, the site's hardening mode), each
installed under its own origin ``http://<name>.test:8095`` (asked with that ``Host``
header, so every body carries the origin), then fetches every path a crawler may ask for
and writes ``<out>/wordpress-<name>/manifest.json`` with one body file per page, in the
format of ``tests/fixtures/real_cms/README.md`` (replayed by ``tests/replay.py``). The
truth of each site (newest published post, posts in 90 days, category) is read from the
WordPress database at the capture moment and merged into ``<out>/truth_heldout.json``.

Post ages are relative to the capture moment, so a new capture gives new dates: compare
crawls against the truth written by the same capture. Bodies are stored as served, those
over 16 KiB (theme pages: 20-50 KiB of inline styles each) gzip-compressed with
``file_gzip: true`` in the manifest, which ``tests/replay.py`` unpacks.

What the sites add to the captures of other CMSs (behaviours seen on real OPD sites):
a static front page ("Beranda") with the news under a separate posts page, a sticky old
post on top of the blog, static pages (Profil, Visi dan Misi, an announcement published
as a page) edited or published more recently than any post, scheduled posts and drafts,
reader comments newer than the newest post, block themes (Twenty Twenty-Two and
Twenty Twenty-Three), a ``d/m/Y`` date format with ``/%category%/%postname%/``
permalinks, and feeds, the REST API and sitemaps switched off.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import http.client
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from tests.stock_wordpress import DEBIAN_WORDPRESS, Site, StockWordPress, _tool

WIB = ZoneInfo("Asia/Jakarta")
PORT = 8095
DAY = 24.0
USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/131.0.0.0 Safari/537.36"
)
# The query the opdcrawl spider adds to the REST API's posts listing
# (opdcrawl.extract.wpjson.WP_POSTS_QUERY when these captures were made).
WP_POSTS_QUERY = "per_page=20&_fields=link,date,date_gmt,title,modified_gmt"
# Paths asked of every site whether or not a page links to them: the usual guesses of a
# crawler (feeds, the REST API in both forms, sitemaps, news list names).
GUESSED_PATHS = (
    "/robots.txt",
    "/feed/",
    "/feed",
    "/rss",
    "/rss.xml",
    "/feed.xml",
    "/wp-json/wp/v2/posts",
    f"/wp-json/wp/v2/posts?{WP_POSTS_QUERY}",
    "/?rest_route=/wp/v2/posts",
    f"/?rest_route=/wp/v2/posts&{WP_POSTS_QUERY}",
    "/wp-sitemap.xml",
    "/sitemap.xml",
    "/sitemap_index.xml",
    "/berita",
    "/berita/",
    "/artikel",
    "/artikel/",
    "/news",
    "/category/berita/",
    "/page/2/",
)
MAX_PAGES_PER_SITE = 70
GZIP_OVER = 16 * 1024
MAX_LIST_DEPTH = 3  # page 1, 2 and 3 of the main news list; page 1 and 2 of the others


# --- the sites ------------------------------------------------------------------------------


def _body(*paragraphs: str) -> str:
    return "\n".join(
        f"<!-- wp:paragraph -->\n<p>{p}</p>\n<!-- /wp:paragraph -->" for p in paragraphs
    )


def _post(title: str, age_days: float, text: str, **extra: Any) -> dict[str, Any]:
    post = {"title": title, "content": _body(text, _CLOSING), "age_hours": age_days * DAY}
    if "modified_days" in extra:
        post["modified_age_hours"] = extra.pop("modified_days") * DAY
    post.update(extra)
    return post


def _page(title: str, text: str, *, age_days: float = 400.0, **extra: Any) -> dict[str, Any]:
    page = {"title": title, "content": _body(text), "age_hours": age_days * DAY}
    if "modified_days" in extra:
        page["modified_age_hours"] = extra.pop("modified_days") * DAY
    page.update(extra)
    return page


def _draft(title: str, saved_days: float) -> dict[str, Any]:
    return _post(title, saved_days, "Draf, belum diterbitkan.", status="draft",
                 modified_days=saved_days)  # fmt: skip


def _scheduled(title: str, in_days: float) -> dict[str, Any]:
    return _post(title, -in_days, "Dijadwalkan terbit otomatis.", status="future")


_CLOSING = "Informasi lebih lanjut dapat diperoleh di kantor kami pada jam kerja."
_PROFIL = (
    "Dinas ini dibentuk berdasarkan Peraturan Daerah tentang Pembentukan dan Susunan Perangkat"
    " Daerah dan melaksanakan urusan pemerintahan yang menjadi kewenangan daerah."
)
_VISI = (
    "Visi: Terwujudnya pelayanan publik yang prima, transparan dan akuntabel. Misi: meningkatkan"
    " kualitas sumber daya aparatur; memperluas akses layanan; memperkuat tata kelola."
)
_LATEST_POSTS_BLOCK = (
    "<!-- wp:heading --><h2>Berita Terbaru</h2><!-- /wp:heading -->\n"
    '<!-- wp:latest-posts {"postsToShow":3,"displayPostDate":true} /-->'
)

# name -> mode, theme and the seed.php spec (title, pages, posts; ages in days from now).
SITES: dict[str, dict[str, Any]] = {
    # Static front page "Beranda" (no post list on it), news under the posts page "Berita"
    # (/berita/), a navigation menu; Profil and Visi dan Misi edited 1 and 3 days ago.
    # REST API and feeds off, core sitemaps on (no lastmod in 6.1, undated permalinks).
    "dinkes": {
        "mode": "no-feeds",
        "spec": {
            "title": "Dinas Kesehatan Kabupaten Sukamaju",
            "description": "Website Resmi Dinas Kesehatan Kabupaten Sukamaju",
            "permalink_structure": "/%postname%/",
            "posts_per_page": 5,
            "default_category": "Berita",
            "categories": ["Pengumuman"],
            "front_page": "Beranda",
            "posts_page": "Berita",
            "menu": ["Beranda", "Profil", "Visi dan Misi", "Berita", "Kontak"],
            "pages": [
                _page(
                    "Beranda",
                    "Selamat datang di website resmi Dinas Kesehatan Kabupaten"
                    " Sukamaju. Ikuti berita dan pengumuman terbaru di menu Berita.",
                ),
                _page("Profil", _PROFIL, modified_days=1.2),
                _page("Visi dan Misi", _VISI, modified_days=3.4),
                _page("Berita", ""),
                _page("Kontak", "Jl. Merdeka No. 10, Sukamaju. Telepon (0265) 000000."),
            ],
            "posts": [
                _post(
                    "Gerakan Bulan Imunisasi Anak Sekolah di Kecamatan Sukamaju",
                    12.2,
                    "Sebanyak 1.200 siswa sekolah dasar menerima imunisasi.",
                ),
                _post(
                    "Jadwal Pelayanan Posyandu Bulan Desember",
                    19.6,
                    "Jadwal posyandu di 14 desa.",
                    categories=["Pengumuman"],
                ),
                _post(
                    "Pelatihan Kader Kesehatan Jiwa Tingkat Puskesmas",
                    33.1,
                    "Pelatihan diikuti 40 kader dari 12 puskesmas.",
                    comments=[
                        {
                            "author": "Rina",
                            "content": "Terima kasih infonya.",
                            "age_hours": 2.1 * DAY,
                        }
                    ],
                ),
                _post(
                    "Sosialisasi Pencegahan Demam Berdarah Dengue",
                    47.4,
                    "Gerakan 3M Plus disosialisasikan kepada warga.",
                ),
                _post("Verifikasi Puskesmas Ramah Anak", 61.8, "Tim verifikasi provinsi hadir."),
                _post(
                    "Rapat Evaluasi Program Penanggulangan TBC",
                    96.3,
                    "Capaian penemuan kasus dibahas bersama.",
                ),
                _post(
                    "Pemeriksaan Kesehatan Gratis bagi Lansia",
                    131.0,
                    "Pemeriksaan tekanan darah dan gula darah.",
                ),
                _post(
                    "Peluncuran Aplikasi Antrean Online Puskesmas",
                    171.5,
                    "Warga dapat mengambil nomor antrean dari rumah.",
                ),
                _scheduled("Libur Pelayanan Akhir Tahun", 4.0),
                _draft("Draf Laporan Kinerja Triwulan IV", 1.1),
            ],
        },
    },
    # A blog front page whose first entry is a sticky welcome post from 14 months ago;
    # the newest news is 41 days old, two in 90 days. Everything but HTML switched off.
    "bappeda": {
        "mode": "locked",
        "spec": {
            "title": "Bappeda Kabupaten Sukamaju",
            "description": "Badan Perencanaan Pembangunan Daerah",
            "permalink_structure": "/%year%/%monthnum%/%day%/%postname%/",
            "posts_per_page": 5,
            "default_category": "Berita",
            "menu": ["Profil", "Visi dan Misi"],
            "pages": [
                _page("Profil", _PROFIL, modified_days=2.1),
                _page("Visi dan Misi", _VISI, modified_days=5.3),
            ],
            "posts": [
                _post(
                    "Selamat Datang di Website Resmi Bappeda Kabupaten Sukamaju",
                    423.5,
                    "Website ini menjadi sarana informasi perencanaan pembangunan daerah.",
                    sticky=True,
                ),
                _post(
                    "Forum Konsultasi Publik Rancangan Awal RKPD",
                    41.3,
                    "Forum dihadiri perangkat daerah dan unsur masyarakat.",
                ),
                _post(
                    "Rapat Koordinasi Penyusunan Renja Perangkat Daerah",
                    76.9,
                    "Penyelarasan program dengan prioritas daerah.",
                ),
                _post(
                    "Evaluasi Pelaksanaan RPJMD Semester I",
                    118.2,
                    "Capaian indikator kinerja dibahas.",
                ),
                _post("Musrenbang Kecamatan Dimulai", 163.0, "Jadwal musrenbang 15 kecamatan."),
                _post(
                    "Bimbingan Teknis Aplikasi Perencanaan Daerah",
                    204.7,
                    "Operator perangkat daerah mengikuti bimtek.",
                ),
                _post("Penyusunan Profil Daerah Dalam Angka", 262.1, "Pengumpulan data sektoral."),
                _post(
                    "Rapat Kerja Tim Percepatan Penurunan Kemiskinan",
                    331.4,
                    "Pemutakhiran data sasaran.",
                ),
                _scheduled("Jadwal Forum Perangkat Daerah Tahun Anggaran Berikutnya", 2.5),
                _draft("Draf Pengumuman Musrenbang Kabupaten", 0.8),
            ],
        },
    },
    # No news for seven months, while an announcement published as a page (5 days ago),
    # pages edited this week and a reader comment from yesterday look fresh. Stock REST API.
    "disperkim": {
        "mode": "open",
        "spec": {
            "title": "Dinas Perumahan dan Kawasan Permukiman Kabupaten Sukamaju",
            "description": "Disperkim Kabupaten Sukamaju",
            "permalink_structure": "/%postname%/",
            "posts_per_page": 10,
            "default_category": "Berita",
            "menu": ["Profil", "Visi dan Misi", "Pengumuman Libur Nasional"],
            "pages": [
                _page("Profil", _PROFIL, modified_days=2.3),
                _page("Visi dan Misi", _VISI, modified_days=6.1),
                _page(
                    "Pengumuman Libur Nasional",
                    "Pelayanan kantor tutup pada hari libur nasional dan cuti bersama.",
                    age_days=4.7,
                ),
            ],
            "posts": [
                _post(
                    "Penyerahan Bantuan Stimulan Perumahan Swadaya",
                    203.4,
                    "Sebanyak 85 rumah tidak layak huni diperbaiki.",
                    comments=[
                        {
                            "author": "Budi",
                            "content": "Kapan tahap berikutnya dibuka?",
                            "age_hours": 0.9 * DAY,
                        }
                    ],
                ),
                _post(
                    "Verifikasi Calon Penerima Bantuan Rumah Tidak Layak Huni",
                    236.0,
                    "Tim turun ke 20 desa.",
                ),
                _post("Peningkatan Jalan Lingkungan Perumahan", 288.8, "Pekerjaan fisik selesai."),
                _post("Sosialisasi Persetujuan Bangunan Gedung", 351.2, "PBG menggantikan IMB."),
                _post("Pendataan Kawasan Kumuh Perkotaan", 412.6, "Pendataan di 6 kelurahan."),
                _scheduled("Penyaluran Bantuan Stimulan Perumahan Swadaya Tahap II", 9.6),
                _draft("Draf Rekapitulasi Penerima Bantuan", 1.5),
            ],
        },
    },
    # Block theme Twenty Twenty-Three, blog front page with a sticky old post on top, nine
    # news in 90 days; REST API and feeds off, core sitemaps on (dated permalinks).
    "diskominfo": {
        "mode": "no-feeds",
        "theme": "twentytwentythree",
        "spec": {
            "title": "Diskominfo Kabupaten Sukamaju",
            "description": "Dinas Komunikasi dan Informatika",
            "permalink_structure": "/%year%/%monthnum%/%day%/%postname%/",
            "posts_per_page": 6,
            "default_category": "Berita",
            "pages": [
                _page("Profil", _PROFIL, modified_days=0.6),
                _page("Visi dan Misi", _VISI, modified_days=8.0),
            ],
            "posts": [
                _post(
                    "Maklumat Pelayanan Publik Diskominfo",
                    301.2,
                    "Kami berkomitmen memberikan pelayanan sesuai standar.",
                    sticky=True,
                ),
                _post(
                    "Pelatihan Pengelola Website Perangkat Daerah",
                    2.4,
                    "Sebanyak 45 admin website mengikuti pelatihan.",
                ),
                _post(
                    "Peluncuran Layanan Aduan Warga Terpadu",
                    6.1,
                    "Aduan dapat disampaikan melalui satu nomor.",
                ),
                _post(
                    "Rapat Koordinasi Satu Data Daerah", 11.7, "Walidata dan produsen data hadir."
                ),
                _post("Perluasan Jaringan Internet Desa", 17.3, "Sebanyak 30 desa tersambung."),
                _post("Literasi Digital bagi Pelajar", 25.9, "Kegiatan di 8 sekolah menengah."),
                _post(
                    "Uji Kelayakan Sistem Pemerintahan Berbasis Elektronik",
                    34.6,
                    "Evaluasi mandiri SPBE.",
                ),
                _post(
                    "Diseminasi Informasi Program Prioritas Daerah", 48.2, "Bersama media lokal."
                ),
                _post(
                    "Penguatan Keamanan Informasi Perangkat Daerah",
                    63.5,
                    "Pemeriksaan celah keamanan situs.",
                ),
                _post("Bimbingan Teknis Pejabat Pengelola Informasi", 79.8, "PPID pembantu hadir."),
                _post("Pemeliharaan Pusat Data Daerah", 110.4, "Server dipindah ke rak baru."),
                _post("Monitoring Menara Telekomunikasi", 142.9, "Pendataan 60 menara."),
                _scheduled("Webinar Keamanan Siber Akhir Tahun", 1.3),
                _draft("Draf Rilis Pers Capaian Tahun Ini", 0.4),
            ],
        },
    },
    # Block theme Twenty Twenty-Two, static front page "Beranda" with a Latest Posts block
    # (dates on), edited 7 hours ago; news under "Berita"; REST API off, feed on.
    "bpbd": {
        "mode": "rest-off",
        "theme": "twentytwentytwo",
        "spec": {
            "title": "BPBD Kabupaten Sukamaju",
            "description": "Badan Penanggulangan Bencana Daerah",
            "permalink_structure": "/%postname%/",
            "posts_per_page": 5,
            "default_category": "Berita",
            "front_page": "Beranda",
            "posts_page": "Berita",
            "pages": [
                {
                    **_page(
                        "Beranda",
                        "Selamat datang di website resmi BPBD Kabupaten Sukamaju.",
                        modified_days=0.3,
                        menu_order=1,
                    ),
                    "content": _body("Selamat datang di website resmi BPBD Kabupaten Sukamaju.")
                    + "\n"
                    + _LATEST_POSTS_BLOCK,
                },
                _page("Berita", "", menu_order=2),
                _page("Profil", _PROFIL, modified_days=1.4, menu_order=3),
                _page("Visi dan Misi", _VISI, modified_days=2.6, menu_order=4),
            ],
            "posts": [
                _post(
                    "Simulasi Evakuasi Bencana Gempa di Sekolah",
                    54.2,
                    "Simulasi diikuti 600 siswa.",
                ),
                _post("Pembentukan Desa Tangguh Bencana", 69.9, "Lima desa baru dibentuk."),
                _post("Penyaluran Logistik bagi Korban Banjir", 101.3, "Bantuan untuk 300 KK."),
                _post("Pemasangan Alat Peringatan Dini Longsor", 149.6, "Di tiga titik rawan."),
                _post("Apel Siaga Bencana Hidrometeorologi", 188.0, "Personel gabungan siaga."),
                _post(
                    "Rapat Koordinasi Penanganan Darurat Kekeringan",
                    231.0,
                    "Distribusi air bersih ke desa terdampak.",
                ),
                _post("Pelatihan Relawan Penanggulangan Bencana", 296.4, "Diikuti 80 relawan."),
                _scheduled("Apel Kesiapsiagaan Menghadapi Musim Hujan", 3.2),
                _draft("Draf Laporan Kejadian Bencana Bulan Ini", 2.2),
            ],
        },
    },
    # Dates printed d/m/Y, permalinks /%category%/%postname%/ (news under /berita/...), an
    # old post edited yesterday; newest news 25 days old but two in 90 days. HTML only.
    "dpmptsp": {
        "mode": "locked",
        "spec": {
            "title": "DPMPTSP Kabupaten Sukamaju",
            "description": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
            "permalink_structure": "/%category%/%postname%/",
            "date_format": "d/m/Y",
            "posts_per_page": 6,
            "default_category": "Berita",
            "categories": ["Pengumuman", "Regulasi"],
            "menu": ["Profil", "Visi dan Misi", "Standar Pelayanan"],
            "pages": [
                _page("Profil", _PROFIL, modified_days=0.9),
                _page("Visi dan Misi", _VISI, modified_days=4.4),
                _page(
                    "Standar Pelayanan",
                    "Standar pelayanan perizinan berusaha.",
                    age_days=10.0,
                    modified_days=0.5,
                ),
            ],
            "posts": [
                _post(
                    "Sosialisasi Perizinan Berusaha Berbasis Risiko bagi UMKM",
                    24.6,
                    "Pelaku usaha dibantu mendaftar NIB.",
                ),
                _post(
                    "Pengumuman Perubahan Jam Layanan Mal Pelayanan Publik",
                    80.3,
                    "Layanan dibuka pukul 08.00.",
                    categories=["Pengumuman"],
                ),
                _post("Forum Konsultasi Publik Standar Pelayanan", 139.0, "Masukan masyarakat."),
                _post(
                    "Daftar Persyaratan Perizinan Bangunan",
                    199.9,
                    "Persyaratan terbaru.",
                    categories=["Regulasi"],
                    modified_days=1.0,
                ),
                _post("Temu Usaha Penanaman Modal Daerah", 260.2, "Investor dan pelaku usaha."),
                _post(
                    "Sosialisasi Online Single Submission bagi Pelaku Usaha",
                    321.7,
                    "Pendampingan pendaftaran NIB.",
                ),
                _post(
                    "Penandatanganan Nota Kesepahaman Pelayanan Perizinan",
                    377.3,
                    "Bersama instansi vertikal.",
                    categories=["Pengumuman"],
                ),
                _scheduled("Pengumuman Libur Layanan Cuti Bersama", 6.0),
                _draft("Draf Laporan Realisasi Investasi", 3.0),
            ],
        },
    },
}


# --- fetching -------------------------------------------------------------------------------


class Fetched:
    def __init__(self, status: int, content_type: str | None, location: str | None, body: bytes):
        self.status = status
        self.content_type = content_type
        self.location = location
        self.body = body

    @property
    def is_html(self) -> bool:
        return self.status == 200 and "html" in (self.content_type or "")


def fetch(listen: str, origin_netloc: str, path: str) -> Fetched:
    """GET ``path`` from the site listening on ``listen``, asked as ``origin_netloc``."""
    host, port = listen.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        connection.request(
            "GET",
            path,
            headers={
                "Host": origin_netloc,
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "Accept-Language": "id-ID,id;q=0.9,en;q=0.8",
                "Connection": "close",
            },
        )
        response = connection.getresponse()
        body = response.read()
        return Fetched(
            response.status,
            response.getheader("Content-Type"),
            response.getheader("Location"),
            body,
        )
    finally:
        connection.close()


class _Links(HTMLParser):
    """``<a href>`` and ``<link rel=alternate href>`` of one page, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (href, rel/class)
        self.feeds: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        href = values.get("href")
        if not href:
            return
        if tag == "a":
            self.links.append((href, f"{values.get('rel', '')} {values.get('class', '')}"))
        elif (
            tag == "link"
            and "alternate" in values.get("rel", "").split()
            and any(kind in values.get("type", "") for kind in ("rss", "atom", "rdf"))
        ):
            self.feeds.append(href)


def _local(href: str, page_url: str, origin: str) -> str | None:
    """The path (with query) of a link into the site, None for other sites and assets."""
    url = urljoin(page_url, href.strip())
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}".lower() != origin.lower():
        return None
    path = parts.path or "/"
    if path.startswith(("/wp-content/", "/wp-includes/", "/wp-admin/", "/wp-login.php")):
        return None
    if path in {"/xmlrpc.php", "/wp-comments-post.php"} or "replytocom" in parts.query:
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _links(body: bytes, page_url: str, origin: str) -> tuple[list[tuple[str, str]], list[str]]:
    parser = _Links()
    parser.feed(body.decode("utf-8", errors="replace"))
    links = [
        (path, rel)
        for href, rel in parser.links
        if (path := _local(href, page_url, origin)) is not None
    ]
    feeds = [path for href in parser.feeds if (path := _local(href, page_url, origin))]
    return links, feeds


_PAGED = re.compile(r"(?:/page/(\d+)/?$)|(?:[?&]paged=(\d+))")


def _page_number(path: str) -> int:
    match = _PAGED.search(path)
    return int(match.group(1) or match.group(2)) if match else 1


def _next_page(links: list[tuple[str, str]], path: str) -> str | None:
    """The link to page n+1 of the list at ``path`` (TT1 "next page-numbers", block
    themes' query pagination, or any link to the same list's next page number)."""
    current = _page_number(path)
    stem = _PAGED.sub("", path.split("?")[0]).rstrip("/")
    for link, _rel in links:
        if (
            _page_number(link) == current + 1
            and _PAGED.sub("", link.split("?")[0]).rstrip("/") == stem
        ):
            return link
    for link, rel in links:
        if "next" in rel.split():
            return link
    return None


def _file_name(path: str, used: set[str]) -> str:
    """``/berita/page/2/`` -> ``berita_page_2.body``; ``/`` -> ``root.body``."""
    base, _, query = path.partition("?")
    name = base.strip("/").replace("/", "_") or "root"
    if query:
        name += "__q_" + query
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "root"
    if len(name) > 100:
        name = name[:80] + "-" + hashlib.sha256(path.encode()).hexdigest()[:10]
    candidate, n = name, 1
    while candidate in used:
        n += 1
        candidate = f"{name}-{n}"
    used.add(candidate)
    return candidate + ".body"


def _crawler_urls(html: str, url: str, now: datetime) -> list[str]:
    """What the opdcrawl spider in this tree would ask for next from this page: its source
    plan and list pages, the next page of a list and undated article links. Best effort:
    the capture does not depend on the spider's code staying the same."""
    found: list[str] = []
    try:
        from opdcrawl.extract import listing, sources

        for candidate in sources.plan_sources("wordpress", url, html):
            found.append(candidate.url)
        reading = listing.extract_listing(html, url, now=now, cms="wordpress")
        if reading.next_page:
            found.append(reading.next_page)
        found.extend(reading.undated_article_urls)
    except Exception as exc:
        print(f"  (spider's own plan not read: {type(exc).__name__}: {exc})", file=sys.stderr)
    return found


def capture_site(site: Site, origin: str, folder: Path, theme: str) -> dict[str, Any]:
    """Fetch every path a crawler may ask for and write the manifest; returns it."""
    listen = urlsplit(site.url).netloc
    netloc = urlsplit(origin).netloc
    captured_at = datetime.now(WIB).replace(microsecond=0)
    published = {urlsplit(post["url"]).path for post in site.posts}
    pages_of_site = {
        urlsplit(other["url"]).path: other for other in site.others if other["type"] == "page"
    }
    posts_page = next(
        (path for path, page in pages_of_site.items() if page["title"] == "Berita"), None
    )

    fetched: dict[str, Fetched] = {}
    order: list[str] = []

    def get(path: str) -> Fetched:
        if path not in fetched:
            if len(order) >= MAX_PAGES_PER_SITE:
                raise RuntimeError(f"{site.name}: more than {MAX_PAGES_PER_SITE} pages")
            response = fetch(listen, netloc, path)
            fetched[path] = response
            order.append(path)
            if response.location:  # follow redirects within the site, as a crawler does
                target = _local(response.location, origin + path, origin)
                if target is not None and target != path:
                    get(target)
        return fetched[path]

    def links_of(path: str) -> tuple[list[tuple[str, str]], list[str]]:
        response = get(path)
        if not response.is_html:
            return [], []
        return _links(response.body, origin + path, origin)

    def follow_list(path: str, depth: int) -> list[str]:
        """A news list from ``path``: its pages up to ``depth``; the links of page 1."""
        first_links: list[str] = []
        current: str | None = path
        visited: set[str] = set()
        for number in range(depth):
            if current is None or current in visited:
                break
            visited.add(current)
            response = get(current)
            if not response.is_html:
                break
            links, _ = _links(response.body, origin + current, origin)
            if number == 0:
                first_links = [link for link, _ in links]
            following = _next_page(links, current)
            # The spider's own reading of "next page", should it differ.
            html = response.body.decode("utf-8", "replace")
            for extra in _crawler_urls(html, origin + current, captured_at):
                local = _local(extra, origin + current, origin)
                if (
                    local
                    and local != following
                    and number + 1 < depth
                    and _page_number(local) == _page_number(current) + 1
                ):
                    get(local)
            current = following
        return first_links

    home_links, home_feeds = links_of("/")
    for path in GUESSED_PATHS:
        get(path)
    for path in home_feeds:
        get(path)
    # Sitemaps robots.txt names, and their children.
    robots = fetched["/robots.txt"]
    queue = [
        line.split(":", 1)[1].strip()
        for line in robots.body.decode("utf-8", "replace").splitlines()
        if line.lower().startswith("sitemap:")
    ]
    queue += ["/wp-sitemap.xml"]
    seen_maps: set[str] = set()
    while queue:
        local = _local(queue.pop(0), origin + "/", origin)
        if local is None or local in seen_maps:
            continue
        seen_maps.add(local)
        response = get(local)
        if response.status == 200 and b"<sitemapindex" in response.body:
            queue += re.findall(r"<loc>([^<]+)</loc>", response.body.decode("utf-8", "replace"))

    # News lists: the homepage when it is the blog, the posts page, /berita/ and the
    # categories the homepage links to; pages 1-3 of the main list, 1-2 of the others.
    article_sources = [link for link, _ in home_links]
    article_sources += follow_list(posts_page or "/", MAX_LIST_DEPTH)
    lists = ["/berita/", "/category/berita/"] + [
        link for link, _ in home_links if re.fullmatch(r"/category/[^/?]+/", link)
    ]
    for path in dict.fromkeys(lists):
        if get(path).is_html:
            article_sources += follow_list(path, 2)
    # The spider's own next requests from the homepage (list pages, undated articles).
    home = get("/")
    for extra in _crawler_urls(home.body.decode("utf-8", "replace"), origin + "/", captured_at):
        local = _local(extra, origin + "/", origin)
        if local in (None, "/") or _PAGED.search(local.split("?")[0]):
            continue
        if get(local).is_html:
            article_sources += [link for link, _ in links_of(local)[0] if link in published]
    # Articles and static pages linked from the homepage and the first list pages.
    for link in dict.fromkeys(article_sources):
        if link in published or link in pages_of_site:
            get(link)

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    used: set[str] = set()
    entries = []
    for path in order:
        response = fetched[path]
        name = _file_name(path, used)
        # Theme pages repeat 20-50 KiB of inline styles and scripts: bodies over
        # GZIP_OVER are stored gzip-compressed (``file_gzip``), the rest as they are.
        compress = len(response.body) > GZIP_OVER
        if compress:
            name += ".gz"
            (folder / name).write_bytes(gzip.compress(response.body, mtime=0))
        else:
            (folder / name).write_bytes(response.body)
        entry: dict[str, Any] = {
            "path": path,
            "status": response.status,
            "content_type": response.content_type,
        }
        if response.location:
            entry["location"] = response.location
        entry["file"] = name
        if compress:
            entry["file_gzip"] = True
        entry.update(
            size=len(response.body),
            sha256=hashlib.sha256(response.body).hexdigest(),
        )
        entries.append(entry)
    manifest = {
        "origin": origin,
        "captured_at": captured_at.isoformat(),
        "cms": "WordPress",
        "cms_version": _wordpress_version(),
        "debian_package": _debian_version("wordpress"),
        "theme": theme,
        "theme_package": _debian_version(f"wordpress-theme-{theme}"),
        "mode": site.mode,
        "language": "id_ID",
        "pages": entries,
    }
    (folder / "manifest.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return manifest


def _wordpress_version() -> str:
    text = (DEBIAN_WORDPRESS / "wp-includes/version.php").read_text(encoding="utf-8")
    match = re.search(r"\$wp_version\s*=\s*'([^']+)'", text)
    return match.group(1) if match else "?"


def _debian_version(package: str) -> str | None:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or None


# --- truth from the database ----------------------------------------------------------------


def _sql(wordpress: StockWordPress, query: str) -> list[list[str]]:
    result = subprocess.run(
        [_tool("mariadb"), "--no-defaults", f"--socket={wordpress.socket}", "-uroot",
         "--batch", "--skip-column-names", wordpress.database, "-e", query],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return [line.split("\t") for line in result.stdout.splitlines() if line]


def _gmt(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _day(value: str) -> str:
    return value[:10]


def category_of(newest: datetime | None, posts_90d: int, now: datetime) -> str:
    """The README's rules, with the spider's arithmetic (whole days since the newest)."""
    if newest is None:
        return "tidak aktif"
    days = (now - newest).days
    if days <= 30 and posts_90d >= 3:
        return "aktif"
    if days <= 90:
        return "kurang aktif"
    return "tidak aktif"


def truth_of(wordpress: StockWordPress, name: str, captured_at: datetime) -> dict[str, Any]:
    """Newest published post, posts in the 90 days up to the capture, category, and a note
    on everything else that carries a date (pages, sticky, scheduled, drafts, comments)."""
    p = f"{name}_"
    posts = _sql(
        wordpress,
        f"SELECT ID, post_date, post_date_gmt, post_modified, post_status, post_title FROM"
        f" {p}posts WHERE post_type = 'post' AND post_status IN ('publish', 'future', 'draft')"
        f" ORDER BY post_date DESC",
    )
    published = [row for row in posts if row[4] == "publish"]
    newest_row = published[0] if published else None
    newest = _gmt(newest_row[2]) if newest_row else None
    start = captured_at - timedelta(days=90)
    posts_90d = sum(1 for row in published if start <= _gmt(row[2]) <= captured_at)
    options = dict(
        _sql(
            wordpress,
            f"SELECT option_name, option_value FROM {p}options WHERE option_name IN"
            " ('sticky_posts', 'show_on_front', 'page_on_front', 'page_for_posts',"
            " 'date_format', 'permalink_structure', 'template')",
        )
    )
    sticky = {int(n) for n in re.findall(r"i:\d+;i:(\d+);", options.get("sticky_posts", ""))}
    pages = _sql(
        wordpress,
        f"SELECT ID, post_date, post_modified, post_title FROM {p}posts WHERE post_type = 'page'"
        " AND post_status = 'publish' ORDER BY post_modified DESC",
    )
    comments = _sql(
        wordpress,
        f"SELECT c.comment_date, p.post_title FROM {p}comments c JOIN {p}posts p"
        f" ON p.ID = c.comment_post_ID WHERE c.comment_approved = '1' ORDER BY c.comment_date DESC",
    )
    notes = []
    if newest_row:
        notes.append(
            f"{len(published)} published posts; newest '{newest_row[5]}' {newest_row[1]} WIB"
            f" ({(captured_at - newest).days} days before the capture), {posts_90d} in 90 days."
        )
    else:
        notes.append("No published posts.")
    for row in published:
        if int(row[0]) in sticky:
            notes.append(f"Sticky post '{row[5]}' dated {row[1]} is shown first on the blog.")
        if row[3][:10] > row[1][:10]:
            notes.append(f"'{row[5]}' ({_day(row[1])}) was edited {row[3]} (post_modified).")
    for row in posts:
        if row[4] == "future":
            notes.append(f"Scheduled post '{row[5]}' for {row[1]} does not count.")
        elif row[4] == "draft":
            notes.append(f"Draft '{row[5]}' saved {row[3]} does not count.")
    front = options.get("page_on_front") if options.get("show_on_front") == "page" else None
    for row in pages:
        role = ""
        if row[0] == front:
            role = " (static front page)"
        elif row[0] == options.get("page_for_posts"):
            role = " (posts page)"
        notes.append(
            f"Page '{row[3]}'{role} published {_day(row[1])}, modified {row[2]}: not a post."
        )
    for comment_date, title in comments:
        notes.append(f"Reader comment dated {comment_date} on '{title}' does not count.")
    return {
        "category": category_of(newest, posts_90d, captured_at),
        "latest_news": newest_row[1][:10] if newest_row else None,
        "latest_news_at": (newest.astimezone(WIB).isoformat() if newest is not None else None),
        "posts_90d": posts_90d,
        "published_posts": len(published),
        "theme": options.get("template"),
        "date_format": options.get("date_format"),
        "permalink_structure": options.get("permalink_structure"),
        "notes": " ".join(notes),
    }


# --- main -----------------------------------------------------------------------------------


def capture(out: Path, names: Iterable[str], truth_file: Path) -> dict[str, dict[str, Any]]:
    out.mkdir(parents=True, exist_ok=True)
    truth: dict[str, Any] = {}
    if truth_file.exists():
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
    results: dict[str, dict[str, Any]] = {}
    for name in names:
        theme = SITES[name].get("theme", "twentytwentyone")
        if not (DEBIAN_WORDPRESS / "wp-content/themes" / theme / "style.css").exists():
            raise SystemExit(
                f"site {name} needs Debian's wordpress-theme-{theme}"
                f" (apt-get install wordpress-theme-{theme}; scripts/setup-system.sh)"
            )
    with (
        tempfile.TemporaryDirectory(prefix="opdcrawl-wp-capture-") as tmp,
        StockWordPress(Path(tmp)) as wordpress,
    ):
        for name in names:
            config = SITES[name]
            theme = config.get("theme", "twentytwentyone")
            origin = f"http://{name}.test:{PORT}"
            spec = {"language": "id_ID", "theme": theme, **config["spec"]}
            site = wordpress.add_site(
                name, spec, mode=config["mode"], address="127.0.0.1", host=f"{name}.test:{PORT}"
            )
            slug = f"wordpress-{name}"
            manifest = capture_site(site, origin, out / slug, theme)
            captured_at = datetime.fromisoformat(manifest["captured_at"])
            entry = truth_of(wordpress, name, captured_at)
            entry = {
                "category": entry.pop("category"),
                "latest_news": entry.pop("latest_news"),
                "posts_90d": entry.pop("posts_90d"),
                "mode": config["mode"],
                "captured_at": manifest["captured_at"],
                **entry,
                # The permalinks of the published posts, newest first (from WordPress).
                "post_urls": [
                    post["url"]
                    for post in sorted(site.posts, key=lambda post: post["date_gmt"])[::-1]
                ],
            }
            truth[slug] = entry
            size = sum(page["size"] for page in manifest["pages"])
            print(
                f"{slug}: {len(manifest['pages'])} pages, {size / 1024:.0f} KiB;"
                f" {entry['category']}, newest {entry['latest_news']},"
                f" {entry['posts_90d']} in 90 days"
            )
            results[slug] = entry
    truth_file.write_text(
        json.dumps(dict(sorted(truth.items())), indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder for wordpress-<name>/ captures")
    parser.add_argument("--only", help="comma-separated site names (default: all)")
    parser.add_argument(
        "--truth", type=Path, help="truth file to update (default: <out>/truth_heldout.json)"
    )
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.only.split(",")] if args.only else list(SITES)
    unknown = [n for n in names if n not in SITES]
    if unknown:
        parser.error(f"unknown site(s) {', '.join(unknown)}; one of {', '.join(SITES)}")
    capture(args.out, names, args.truth or args.out / "truth_heldout.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())

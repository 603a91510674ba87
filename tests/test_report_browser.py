"""The HTML report in a real browser: it draws, fires no dialog and fetches nothing.

Uses Debian's Chromium through Playwright; the PNG is decoded with zlib and struct so
the check needs no imaging library.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from opdcrawl.report.build import write_reports
from opdcrawl.report.data import load_region_reports
from opdcrawl.report.screenshot import screenshot_html
from tests import test_report_data
from tests.test_report_data import REGION, T2

report_data = test_report_data.report_data  # the shared fixture, registered here

pytestmark = pytest.mark.browser


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit truecolour, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    offset, idat, header = 8, b"", b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        chunk = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            idat += chunk
        offset += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 3 if colour == 2 else 4
    stride = width * channels
    raw = zlib.decompress(idat)
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            upper_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - upper_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else upper_left
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line[j] for j in range(stride) if j % channels < 3))
        previous = line
    return width, height, rows


def test_png_decoder_sees_a_blank_image_as_blank() -> None:
    """The check below must be able to fail: a white PNG has one colour."""
    width, height = 4, 3
    raw = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw))
    png += chunk(b"IEND", b"")
    _, _, rows = png_pixels(png)
    colours = {row[i : i + 3] for row in rows for i in range(0, len(row), 3)}
    assert colours == {b"\xff\xff\xff"}


def test_html_report_renders_in_chromium(
    db_session: Session, report_data: dict, tmp_path: Path
) -> None:
    reports = load_region_reports(db_session, [REGION])
    (page,) = write_reports(
        reports, regions=[REGION], run="latest", formats=["html"], out_dir=tmp_path,
        generated_at=T2,
    )  # fmt: skip
    shot = screenshot_html(page, tmp_path / "laporan.png", width=900, height=700)
    assert shot.dialogs == []  # the <script>alert(1)</script> title did not run
    assert shot.blocked == []  # nothing was fetched from the network
    assert (tmp_path / "laporan.png").read_bytes() == shot.png
    width, height, rows = png_pixels(shot.png)
    assert (width, height) == (900, 700)
    colours = {row[i : i + 3] for row in rows[::4] for i in range(0, len(row), 12)}
    assert len(colours) > 20, len(colours)  # header, badges, bars, text
    sample = [row[i : i + 3] for row in rows[::4] for i in range(0, len(row), 12)]
    not_white = sum(1 for pixel in sample if min(pixel) < 235)
    assert not_white / len(sample) > 0.1


# --- a demo-like report: long names and addresses, every category, social accounts ------

DEMO_LIKE = "kota-contoh"
_HEADER = "region,code,name,short_name,kind,website,instagram,facebook,youtube,x,tiktok,notes"
# (code, name, kind, website cell, instagram, facebook, youtube, x, tiktok)
_OPDS: tuple[tuple[str, ...], ...] = (
    ("KC-01", "Dinas Komunikasi dan Informatika", "dinas", "diskominfo", "@diskominfo.kotacontoh",
     "https://www.facebook.com/diskominfo.kota.contoh.official", "@diskominfokotacontoh",
     "@kominfocontoh", "@diskominfo.kotacontoh"),
    ("KC-02", "Dinas Kependudukan dan Pencatatan Sipil", "dinas", "disdukcapil",
     "@disdukcapil.kotacontoh", "", "-", "", "@disdukcapil.kotacontoh"),
    ("KC-03", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah", "badan",
     "bappelitbangda", "", "-", "@bappelitbangdakotacontoh", "", ""),
    ("KC-04", "Dinas Pendidikan dan Kebudayaan", "dinas", "dindikbud", "", "", "", "", ""),
    ("KC-05", "Badan Penanggulangan Bencana Daerah", "badan", "bpbd", "@bpbd.kotacontoh",
     "https://www.facebook.com/bpbd.kota.contoh", "", "-", "-"),
    ("KC-06", "Sekretariat Dewan Perwakilan Rakyat Daerah", "sekretariat", "setwan", "", "", "",
     "-", "-"),
    ("KC-07", "Badan Pengelolaan Keuangan dan Aset Daerah", "badan", "bpkad", "", "", "", "", ""),
    ("KC-08", "Dinas Perhubungan", "dinas", "dishub", "", "", "", "", ""),
    ("KC-09", "Dinas Ketahanan Pangan, Pertanian dan Perikanan", "dinas", "dkp3", "", "", "", "",
     ""),
    ("KC-10", "Kecamatan Sukajadi", "kecamatan", "kec-sukajadi", "", "", "", "", ""),
    ("KC-11", "Dinas Tenaga Kerja dan Transmigrasi", "dinas", "disnakertrans", "", "", "", "", ""),
    ("KC-12", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dinas", "-",
     "@dpmptsp.kotacontoh", "", "", "", ""),
    ("KC-13", "Kelurahan Cipocok Jaya Timur", "kelurahan", "", "", "", "", "", ""),
    ("KC-14", "Rumah Sakit Umum Daerah dr. Drajat Prawiranegara", "rsud", "rsud", "", "", "", "",
     ""),
)  # fmt: skip
# code -> (days since each post, source, reachable error class, spam terms)
_WEBSITES: dict[str, tuple[list[int], str, str | None, list[str]]] = {
    "KC-01": ([1, 2, 3, 5, 8, 9, 12, 15, 20], "wp-json", None, []),
    "KC-02": ([4, 20, 33, 60], "feed", None, []),
    "KC-03": ([40, 70], "list-page", None, []),
    "KC-04": ([45, 80], "list-page", None, []),  # ties with KC-03 on score? near enough
    "KC-05": ([2, 9, 16, 23, 30], "feed", None, []),
    "KC-06": ([400], "url", None, ["slot gacor", "situs judi online", "rtp live"]),
    "KC-07": ([], "", "dns_not_found", []),
    "KC-08": ([], "", "timeout", []),
    "KC-09": ([], "", "parked_domain", []),
    "KC-10": ([], "", None, []),  # read, no dated posts: Tidak Aktif
    "KC-11": ([150, 200, 300], "jsonld", None, []),
    "KC-14": ([5, 19, 27], "meta", None, []),
}


def _demo_like_registry() -> list:
    from opdcrawl import registry

    lines = [_HEADER]
    for code, name, kind, site, *socials in _OPDS:
        website = site if site in ("", "-") else f"https://{site}.kotacontoh.go.id/"
        cells = [f'"{cell}"' if "," in cell else cell for cell in (name,)]
        lines.append(",".join(["Kota Contoh", code, *cells, code, kind, website, *socials, ""]))
    loaded = registry.load_text("\n".join(lines) + "\n", file_label="x", region_slug=DEMO_LIKE)
    assert loaded.ok, loaded.errors
    return loaded.opds


def demo_like_report(session: Session) -> int:
    """Kota Contoh in the database, one finished run: every category, long names and
    addresses, a defaced site, social accounts read, unreadable and recorded by hand."""
    from datetime import timedelta

    from opdcrawl import items
    from opdcrawl.db import store
    from opdcrawl.freshness import FreshnessRules, assess
    from pipelines.freshness import evidence_for

    now = T2
    store.sync_registry(session, _demo_like_registry(), now=now - timedelta(days=30))
    run = store.start_run(
        session, spider="websites", regions=[DEMO_LIKE], crawl_time=now, version="test"
    )
    for code, (days, source, error, spam) in _WEBSITES.items():
        site = next(opd[3] for opd in _OPDS if opd[0] == code)
        base = f"https://{site}.kotacontoh.go.id"
        posts = [
            items.Post(
                url=f"{base}/berita/2025/{index:02d}/kegiatan-pelayanan-publik-dan-sosialisasi-"
                f"program-unggulan-pemerintah-kota-{index}",
                title=f"Sosialisasi program unggulan pelayanan publik bagian {index} bersama "
                "perangkat daerah dan masyarakat",
                published_at=now - timedelta(days=day),
                source=source,
                evidence_url=f"{base}/wp-json/wp/v2/posts?per_page=20&_fields=date,link,title"
                if source == "wp-json"
                else f"{base}/berita?halaman=1",
                raw_date=None if source == "wp-json" else "Senin, 3 Maret 2025 09:15 WIB",
            )
            for index, day in enumerate(days, start=1)
        ]
        reachable = error is None
        fresh = assess([p.published_at for p in posts], now=now, reachable=reachable)
        newest = max(posts, key=lambda p: p.published_at) if posts else None
        store.record_check(
            session,
            run,
            items.ChannelCheck(
                region=DEMO_LIKE, opd_code=code, channel="website", url=f"{base}/",
                checked_at=now, reachable=reachable, http_status=200 if reachable else None,
                error_class=error, cms="wordpress" if reachable else None, posts=posts,
                spam_terms=spam, last_post_at=fresh.last_post_at, posts_30d=fresh.posts_30d,
                posts_90d=fresh.posts_90d, posts_365d=fresh.posts_365d,
                posts_per_week=fresh.posts_per_week, cadence=fresh.cadence.value,
                category=fresh.category.value, score=fresh.score,
                evidence=evidence_for(newest),
            ),
        )  # fmt: skip
    social = FreshnessRules.from_settings({}, "instagram")
    accounts = {
        ("KC-01", "instagram"): ([1, 3, 4, 6, 8, 10, 12, 13, 15, 18, 20, 22, 25], None),
        ("KC-01", "facebook"): ([2, 30], None),
        ("KC-01", "youtube"): ([90, 200], None),
        ("KC-01", "x"): ([], "login_wall"),
        ("KC-02", "instagram"): ([], "private"),
        ("KC-05", "instagram"): ([3, 10, 17], None),
        ("KC-12", "instagram"): ([5, 12, 19, 26], None),
    }
    for (code, kind), (days, status) in accounts.items():
        dates = [now - timedelta(days=day) for day in days]
        fresh = assess(dates, now=now, reachable=status is None, rules=social)
        store.record_check(
            session,
            run,
            items.ChannelCheck(
                region=DEMO_LIKE, opd_code=code, channel=kind,
                url=f"https://www.{kind}.com/{code.lower()}.kotacontoh",
                checked_at=now, reachable=status is None, error_class=status, route="embed",
                followers=12500 if status is None else None,
                posts=[items.Post(url=f"https://www.{kind}.com/p/{i}", published_at=d,
                                  source="embed") for i, d in enumerate(dates)],
                last_post_at=fresh.last_post_at, posts_30d=fresh.posts_30d,
                posts_90d=fresh.posts_90d, cadence=fresh.cadence.value,
                category=fresh.category.value, score=fresh.score,
            ),
        )  # fmt: skip
    store.finish_run(session, run, status="finished", stats={}, finished_at=now)
    return run


@pytest.fixture
def demo_like_page(db_session: Session, tmp_path: Path) -> Path:
    demo_like_report(db_session)
    reports = load_region_reports(db_session, [DEMO_LIKE])
    (page,) = write_reports(
        reports, regions=[DEMO_LIKE], run="latest", formats=["html"], out_dir=tmp_path,
        generated_at=T2,
    )  # fmt: skip
    return page


_WIDTHS = """() => {
  const box = (el) => ({scroll: el.scrollWidth, client: el.clientWidth});
  return {
    document: box(document.documentElement),
    tables: [...document.querySelectorAll('.wrap')].map(box),
    opd: box(document.querySelector('.wrap.opd')),
    rows: document.querySelectorAll('table.opd tbody tr').length,
  };
}"""


def test_demo_like_report_needs_no_horizontal_scrollbar_at_1366(demo_like_page: Path) -> None:
    from opdcrawl.report.screenshot import measure_html

    widths = measure_html(demo_like_page, _WIDTHS, width=1366, height=768)
    assert widths["rows"] == len(_OPDS)
    assert widths["opd"]["scroll"] <= widths["opd"]["client"], widths["opd"]
    assert widths["document"]["scroll"] <= widths["document"]["client"], widths["document"]
    for table in widths["tables"]:
        assert table["scroll"] <= table["client"], table
    # The check can fail: on a phone-sized window the per-OPD table does overflow.
    narrow = measure_html(demo_like_page, _WIDTHS, width=480, height=800)
    assert narrow["opd"]["scroll"] > narrow["opd"]["client"]


def test_demo_like_report_prints_on_a4_landscape(demo_like_page: Path, tmp_path: Path) -> None:
    import re

    from opdcrawl.report.screenshot import pdf_html

    pdf = pdf_html(demo_like_page, tmp_path / "laporan.pdf")
    assert pdf.startswith(b"%PDF") and (tmp_path / "laporan.pdf").read_bytes() == pdf
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert len(boxes) >= 2  # several pages
    for width, height in boxes:  # A4 landscape: 297 x 210 mm = 842 x 595 pt
        assert (round(float(width)), round(float(height))) == (842, 595)
    page = demo_like_page.read_text(encoding="utf-8")
    assert "thead{display:table-header-group}" in page  # the header row repeats per page
    assert "tr,li,.badge,svg,.alert,.sentence{break-inside:avoid" in page  # rows stay whole

"""Loopback OPD sites and a central PPID portal, in the shapes the offices' sites take.

Each site is a real HTTP server on its own loopback address (so "same site" and "the
portal" are told apart by host, as on the internet), answering GET, HEAD and Range the
way the servers behind OPD sites do, including the ways they go wrong:

* ``dinkes``: a WordPress-style PPID section: menu "PPID" -> landing page -> the DIP page
  holding the documents in the markup of WordPress's table block (``core/table`` as
  WordPress 6.1 saves it: ``<figure class="wp-block-table"><table><thead>…``; the real
  block from Debian's WordPress is in ``tests/test_ppid_stock_wordpress.py``). Its rows:
  PDFs (one dated only by ``Last-Modified``), a DOCX, a 404, an HTML error page served
  as ``.pdf`` with a HEAD that says ``application/pdf``, one whose HEAD says
  ``text/html``, a JPG "form", a download script (``download.php?id=``) that refuses
  HEAD, one that hands out a picture, and a Google Drive file.
* ``disdik``: no PPID at all; a news post titled with "PPID" and a PDF in the news.
* ``diskominfo``: its "PPID" menu leads to its page on the portal.
* the portal (``ppid.<pemda>``): a front page naming OPDs, per-OPD lists, one paginated
  over two pages with a dead link on page 2, one holding a Drive folder and a picture.

``EXPECTED`` holds what a correct reading counts, per OPD code; the test compares.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Crawl time of the test run: every date below is before it.
CRAWL_TIME = "2026-12-01T09:00:00+07:00"
ADDRESSES = {
    "dinkes": "127.0.0.71",
    "disdik": "127.0.0.72",
    "diskominfo": "127.0.0.73",
    "portal": "127.0.0.75",
}


def pdf(size: int = 6000) -> bytes:
    """A body that starts like a PDF, long enough that its HEAD is trusted."""
    head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n"
    return head + b"0" * (size - len(head) - 6) + b"\n%%EOF"


def docx() -> bytes:
    """A DOCX's first bytes: a ZIP whose first entry is a Word part."""
    return b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 22 + b"word/document.xml" + b"\x00" * 6000


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 3000
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 3000
ERROR_PAGE = (
    b"<!DOCTYPE html><html><head><title>Halaman tidak ditemukan</title></head>"
    b"<body><h1>404</h1><p>Maaf, halaman yang Anda cari tidak ada.</p></body></html>"
)
LAST_MODIFIED = "Wed, 04 Mar 2026 02:00:00 GMT"  # 2026-03-04 09:00 WIB


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    head: Answer | None = None  # what HEAD says, when it differs from GET's headers
    length: bool = True  # send Content-Length


Route = Callable[[], Answer]


def page(title: str, body: str, nav: str = "") -> bytes:
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><header><nav><ul>{nav}</ul></nav></header>"
        f"<main><h1>{title}</h1>{body}</main>"
        "<footer><p>&copy; 2026 Pemerintah Kota Uji</p></footer></body></html>"
    ).encode()


def wp_table(rows: list[tuple[str, str, str, str]]) -> str:
    """WordPress's table block as WordPress 6.1 saves it (``core/table``)."""
    body = "".join(
        f"<tr><td>{number}</td><td>{title}</td><td>{date}</td><td>{link}</td></tr>"
        for number, title, date, link in rows
    )
    return (
        '<figure class="wp-block-table"><table><thead><tr><th>No</th><th>Nama Dokumen</th>'
        f"<th>Tanggal</th><th>Unduh</th></tr></thead><tbody>{body}</tbody></table></figure>"
    )


def _dinkes(portal: str) -> dict[str, Answer | Route]:
    nav = '<li><a href="/">Beranda</a></li><li><a href="/berita/">Berita</a></li>'
    nav += '<li><a href="/ppid/">PPID</a></li>'
    dip_rows = [
        ("1", "Daftar Informasi Publik Tahun 2026", "12 Januari 2026",
         '<a href="/wp-content/uploads/2026/01/DIP-2026.pdf">Unduh</a>'),
        ("2", "LKjIP Tahun 2025", "-",
         '<a href="/wp-content/uploads/2026/03/LKjIP-2025.pdf">Unduh</a>'),
        ("3", "Rencana Strategis 2021-2026", "5 Agustus 2021",
         '<a href="/wp-content/uploads/2021/08/Renstra-2021-2026.docx">Unduh</a>'),
        ("4", "Laporan Realisasi Anggaran 2025", "-",
         '<a href="/download.php?id=3">Unduh</a>'),
        ("5", "Laporan Keuangan 2024", "30 Mei 2025",
         '<a href="https://drive.google.com/file/d/1AbCdEfGhIjK/view?usp=sharing">Lihat</a>'),
        ("6", "SOP Pelayanan Informasi Publik", "2 Februari 2026",
         '<a href="/wp-content/uploads/2026/02/SOP-PPID.pdf">Unduh</a>'),
        ("7", "Maklumat Pelayanan Informasi", "2 Februari 2026",
         '<a href="/wp-content/uploads/2026/02/Maklumat.pdf">Unduh</a>'),
        ("8", "Formulir Permohonan Informasi", "1 Juli 2025",
         '<a href="/wp-content/uploads/2025/07/formulir-permohonan.jpg">Unduh</a>'),
        ("9", "Struktur Organisasi", "1 Juli 2025",
         '<a href="/download.php?id=9">Unduh</a>'),
        ("10", "Laporan Layanan Informasi 2023", "10 Januari 2024",
         '<a href="/wp-content/uploads/2024/01/laporan-layanan-2023.pdf">Unduh</a>'),
    ]  # fmt: skip
    landing = (
        "<p>Pejabat Pengelola Informasi dan Dokumentasi Dinas Kesehatan.</p><ul>"
        '<li><a href="/ppid/profil-ppid/">Profil PPID</a></li>'
        '<li><a href="/ppid/daftar-informasi-publik/">Daftar Informasi Publik</a></li>'
        '<li><a href="/ppid/informasi-berkala/">Informasi Berkala</a></li>'
        '<li><a href="/ppid/keberatan/">Formulir Keberatan</a></li></ul>'
    )
    return {
        "/": Answer(body=page("Dinas Kesehatan Kota Uji", "<p>Selamat datang.</p>", nav)),
        "/ppid/": Answer(body=page("PPID Dinas Kesehatan", landing, nav)),
        "/ppid/profil-ppid/": Answer(body=page("Profil PPID", "<p>Susunan PPID.</p>", nav)),
        "/ppid/daftar-informasi-publik/": Answer(
            body=page("Daftar Informasi Publik", wp_table(dip_rows), nav)
        ),
        "/ppid/informasi-berkala/": Answer(
            body=page("Informasi Berkala", "<p>Lihat Daftar Informasi Publik.</p>", nav)
        ),
        "/ppid/keberatan/": Answer(
            body=page("Pengajuan Keberatan", "<p>Isi formulir di kantor PPID.</p>", nav)
        ),
        "/wp-content/uploads/2026/01/DIP-2026.pdf": Answer(
            body=pdf(), content_type="application/pdf"
        ),
        "/wp-content/uploads/2026/03/LKjIP-2025.pdf": Answer(
            body=pdf(9000),
            content_type="application/pdf",
            headers={"Last-Modified": LAST_MODIFIED},
        ),
        "/wp-content/uploads/2021/08/Renstra-2021-2026.docx": Answer(
            body=docx(),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        # A PHP download script: HEAD refused, GET gives the file (its name in the headers)
        # stamped with the time of the request.
        "/download.php?id=3": Answer(
            body=pdf(),
            content_type="application/octet-stream",
            headers={
                "Content-Disposition": 'attachment; filename="LRA-2025.pdf"',
                "Last-Modified": "@now",
            },
            head=Answer(status=405, body=b"", content_type="text/plain"),
        ),
        "/download.php?id=9": Answer(body=PNG, content_type="image/png"),
        # The site's "not found" page under the file's name: status 200, and a HEAD that
        # claims a PDF (the server guesses from the extension) without a length.
        "/wp-content/uploads/2026/02/SOP-PPID.pdf": Answer(
            body=ERROR_PAGE,
            length=False,
            head=Answer(content_type="application/pdf", length=False),
        ),
        # The same, but HEAD is honest about it.
        "/wp-content/uploads/2026/02/Maklumat.pdf": Answer(body=ERROR_PAGE),
        "/wp-content/uploads/2025/07/formulir-permohonan.jpg": Answer(
            body=JPG, content_type="image/jpeg"
        ),
        # laporan-layanan-2023.pdf is gone: 404.
    }


def _disdik() -> dict[str, Answer | Route]:
    news = (
        '<article><h2><a href="/2026/11/03/sosialisasi-keterbukaan-informasi-publik-dan-ppid/">'
        "Sosialisasi Keterbukaan Informasi Publik dan PPID bagi Operator Sekolah</a></h2>"
        "<time>3 November 2026</time></article>"
        '<p><a href="/files/kalender-pendidikan-2026.pdf">Kalender Pendidikan 2026</a></p>'
    )
    nav = '<li><a href="/">Beranda</a></li><li><a href="/berita/">Berita</a></li>'
    return {
        "/": Answer(body=page("Dinas Pendidikan Kota Uji", news, nav)),
        "/files/kalender-pendidikan-2026.pdf": Answer(body=pdf(), content_type="application/pdf"),
    }


def _diskominfo(portal: str) -> dict[str, Answer | Route]:
    nav = '<li><a href="/">Beranda</a></li>'
    nav += f'<li><a href="{portal}opd/diskominfo">PPID</a></li>'
    return {"/": Answer(body=page("Diskominfo Kota Uji", "<p>Berita terbaru.</p>", nav))}


def _portal(portal: str) -> dict[str, Answer | Route]:
    front = (
        "<h2>PPID Pembantu</h2><ul>"
        '<li><a href="/opd/bappeda">Badan Perencanaan Pembangunan Daerah</a></li>'
        '<li><a href="/opd/diskominfo">Diskominfo</a></li>'
        '<li><a href="/opd/dinsos">Dinas Sosial Kota Uji</a></li>'
        '<li><a href="/opd/dpupr">Dinas Pekerjaan Umum dan Penataan Ruang</a></li></ul>'
    )

    def listing(rows: list[tuple[str, str, str]], more: str = "") -> str:
        items = "".join(
            f'<tr><td><a href="{href}">{title}</a></td><td>{date}</td></tr>'
            for title, date, href in rows
        )
        return f"<table><tr><th>Dokumen</th><th>Tanggal Unggah</th></tr>{items}</table>{more}"

    bappeda_1 = listing(
        [("DIP Bappeda 2025", "10 Februari 2025", "/files/dip-bappeda-2025.pdf"),
         ("Renja Bappeda 2025", "3 Maret 2025", "/files/renja-bappeda-2025.xlsx"),
         ("Profil PPID Pembantu Bappeda", "-", "/files/profil-ppid-bappeda.pdf")],
        '<nav class="pagination"><span>1</span> <a href="/opd/bappeda?page=2">2</a> '
        '<a href="/opd/bappeda?page=2">Selanjutnya &raquo;</a></nav>',
    )  # fmt: skip
    bappeda_2 = listing(
        [("LKjIP Bappeda 2024", "20 Juni 2025", "/files/lkjip-bappeda-2024.pdf"),
         ("Laporan Keuangan Bappeda 2024", "21 Juni 2025", "/files/lk-bappeda-2024.pdf")],
        '<nav class="pagination"><a href="/opd/bappeda?page=1">1</a> <span>2</span></nav>',
    )  # fmt: skip
    kominfo = listing(
        [("Daftar Informasi Publik Diskominfo 2026", "2 November 2026",
          "/files/dip-diskominfo-2026.pdf")]
    )  # fmt: skip
    dinsos = listing(
        [("Dokumen Informasi Berkala", "-",
          "https://drive.google.com/drive/folders/1ZyXwVuTsRq"),
         ("Maklumat Pelayanan Informasi", "-", "/files/maklumat-dinsos.png")]
    )  # fmt: skip
    xlsx = b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 22 + b"xl/workbook.xml" + b"\x00" * 6000
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return {
        "/": Answer(body=page("PPID Kota Uji", front)),
        "/opd/bappeda": Answer(body=page("PPID Pembantu Bappeda", bappeda_1)),
        "/opd/bappeda?page=1": Answer(body=page("PPID Pembantu Bappeda", bappeda_1)),
        "/opd/bappeda?page=2": Answer(body=page("PPID Pembantu Bappeda", bappeda_2)),
        "/opd/diskominfo": Answer(body=page("PPID Pembantu Diskominfo", kominfo)),
        "/opd/dinsos": Answer(body=page("PPID Pembantu Dinas Sosial", dinsos)),
        "/files/dip-bappeda-2025.pdf": Answer(body=pdf(), content_type="application/pdf"),
        "/files/renja-bappeda-2025.xlsx": Answer(body=xlsx, content_type=sheet),
        "/files/profil-ppid-bappeda.pdf": Answer(body=pdf(), content_type="application/pdf"),
        "/files/lkjip-bappeda-2024.pdf": Answer(body=pdf(), content_type="application/pdf"),
        "/files/dip-diskominfo-2026.pdf": Answer(body=pdf(), content_type="application/pdf"),
        "/files/maklumat-dinsos.png": Answer(body=PNG, content_type="image/png"),
        # lk-bappeda-2024.pdf is gone: 404.
    }


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, Answer | Route] = {}
    requests: list[tuple[str, str]] = []

    def log_message(self, format: str, *args: object) -> None:
        return

    def _answer(self, send_body: bool) -> None:
        self.requests.append((self.command, self.path))
        found = self.routes.get(self.path)
        answer = found() if callable(found) else found
        if answer is None:
            answer = Answer(status=404, body=ERROR_PAGE)
        shown = answer.head if (not send_body and answer.head is not None) else answer
        body = answer.body
        status = shown.status
        ranged = self.headers.get("Range", "")
        if send_body and ranged.startswith("bytes=0-") and status == 200 and answer.length:
            end = min(int(ranged.removeprefix("bytes=0-") or len(body) - 1), len(body) - 1)
            self.send_response(206)
            self.send_header("Content-Range", f"bytes 0-{end}/{len(body)}")
            body = body[: end + 1]
        else:
            self.send_response(status)
        self.send_header("Content-Type", shown.content_type)
        for name, value in {**answer.headers, **shown.headers}.items():
            if value == "@now":
                value = self.date_time_string()
            self.send_header(name, value)
        if shown.length and answer.length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._answer(True)

    def do_HEAD(self) -> None:
        self._answer(False)


@dataclass
class Sites:
    urls: dict[str, str]
    servers: list[ThreadingHTTPServer]
    requests: dict[str, list[tuple[str, str]]]

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


def serve() -> Sites:
    """Start every site on its loopback address (port chosen by the system)."""
    servers: dict[str, ThreadingHTTPServer] = {}
    handlers: dict[str, type[_Handler]] = {}
    for name, address in ADDRESSES.items():
        handler = type(f"Handler_{name}", (_Handler,), {"routes": {}, "requests": []})
        server = ThreadingHTTPServer((address, 0), handler)
        servers[name], handlers[name] = server, handler
    urls = {name: f"http://{ADDRESSES[name]}:{s.server_address[1]}/" for name, s in servers.items()}
    portal = urls["portal"]
    handlers["dinkes"].routes = _dinkes(portal)
    handlers["disdik"].routes = _disdik()
    handlers["diskominfo"].routes = _diskominfo(portal)
    handlers["portal"].routes = _portal(portal)
    for server in servers.values():
        threading.Thread(target=server.serve_forever, daemon=True).start()
    return Sites(urls, list(servers.values()), {n: h.requests for n, h in handlers.items()})

"""Loopback stand-ins for a pemda's web: its portal, PPID portal, OPD subdomains, decoys.

One HTTP server on port 80 of a free loopback address answers every host name by its
``Host`` header, as name-based virtual hosting does; the names are given to the crawl by
``tests.netstub.StubResolver`` (claimed public addresses moved onto that loopback
address), so candidate URLs are the plain ``http://dinkes.kotauji.go.id/`` a real probe
asks for, and nothing leaves the machine. Nothing listens on port 443 there, so every
https probe is refused and falls back to http, like a small site without TLS.

Kota Uji (``kotauji.go.id``), and what each OPD's true site or decoy is:

* UJI-01 Dinas Kesehatan: ``dinkes.`` (guessed, linked from the portal); footer links
  its Instagram, its Facebook, and the head of office's personal Instagram. Decoy: the
  Dinas Kesehatan of Kabupaten Uji (``dinkes.kabuji.go.id``, another pemda, same OPD
  name), linked from the portal's "Tautan" list.
* UJI-02 Bappeda: ``bappeda.`` (guessed); ``bappenda.`` serves the same Bappeda (an alias
  named like UJI-03's office: a decoy for Bapenda).
* UJI-03 Bapenda: no site (its look-alike ``bappenda.`` is Bappeda's).
* UJI-04 Dishub: ``dishub.`` redirects to the portal: no site of its own.
* UJI-05 Dinsos: ``dinsos.`` is a parked domain.
* UJI-06 DLH: only its old name answers, ``blhd.`` (rename blhd -> dlh).
* UJI-07 Kecamatan Uji Barat: ``kec-ujibarat.`` (guessed from the place name).
* UJI-08 Diskominfo: registered ``diskominfo.``; its footer links its own Instagram,
  the mayor's personal account and the pemda's account.
* UJI-09 Dinas Pendidikan: ``sekolah.`` (no guess finds it), linked from the PPID portal.
* UJI-10 Dinas Pertanian: ``pertanian-pangan.`` (no guess, no link), only in the CT list.
* UJI-11 Inspektorat: nothing anywhere.
* UJI-12 Kelurahan Uji Timur: ``ujitimur-kel.``, only in the portal's sitemap.
* UJI-13 DPMPTSP: ``dpmptsp.`` resolves to a private address: never contacted.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Self

DOMAIN = "kotauji.go.id"
REGION = "kota-uji"


def page(title: str, body: str = "", footer: str = "") -> bytes:
    return (
        "<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body><header><h1>{title}</h1></header>"
        f"<main>{body}<p>Selamat datang di situs resmi kami. Berita, layanan dan informasi "
        f"publik untuk masyarakat.</p></main><footer>{footer}</footer></body></html>"
    ).encode()


PORTAL = page(
    "Pemerintah Kota Uji",
    "<nav><ul><li><a href='http://dinkes.kotauji.go.id/'>Dinas Kesehatan</a></li>"
    "<li><a href='http://dishub.kotauji.go.id/'>Dinas Perhubungan</a></li>"
    "<li><a href='https://lpse.kotauji.go.id/'>LPSE</a></li></ul></nav>"
    "<section><h2>Tautan</h2><a href='http://dinkes.kabuji.go.id/'>Dinas Kesehatan "
    "Kabupaten Uji</a> <a href='https://www.kemkes.go.id/'>Kementerian Kesehatan</a></section>",
    "<a href='https://instagram.com/pemkotuji'>Instagram Pemkot Uji</a>",
)
PPID = page(
    "PPID Kota Uji",
    "<ul><li><a href='http://sekolah.kotauji.go.id/'>Dinas Pendidikan</a></li>"
    "<li><a href='/dokumen?opd=2'>Bappeda</a></li></ul>",
)
PARKED = (
    b"<html><head><title>dinsos.kotauji.go.id</title></head><body>"
    b"<p>This domain is parked free, courtesy of the registrar.</p>"
    b"<script src='https://sedoparking.com/frmpark/park.js'></script></body></html>"
)
SITES: dict[str, bytes] = {
    DOMAIN: PORTAL,
    f"www.{DOMAIN}": PORTAL,
    f"ppid.{DOMAIN}": PPID,
    f"dinkes.{DOMAIN}": page(
        "Dinas Kesehatan Kota Uji",
        "<p>Layanan kesehatan Pemerintah Kota Uji.</p>",
        "<a href='https://www.instagram.com/dinkeskotauji/'>Instagram</a> "
        "<a href='https://facebook.com/dinkes.kotauji'>Facebook</a> "
        "<span>Instagram Kepala Dinas: <a href='https://instagram.com/budi.hartono'>"
        "@budi.hartono</a></span> "
        "<a href='https://www.instagram.com/p/CxYz123/'>postingan terbaru</a> "
        "<a href='/kontak'>Kontak</a>",
    ),
    "dinkes.kabuji.go.id": page(
        "Dinas Kesehatan Kabupaten Uji",
        "<p>Pemerintah Kabupaten Uji melayani kesehatan warganya.</p>",
    ),
    f"bappeda.{DOMAIN}": page(
        "Badan Perencanaan Pembangunan Daerah Kota Uji", "<p>Perencanaan Kota Uji.</p>"
    ),
    f"bappenda.{DOMAIN}": page(
        "Badan Perencanaan Pembangunan Daerah Kota Uji", "<p>Perencanaan Kota Uji.</p>"
    ),
    f"dinsos.{DOMAIN}": PARKED,
    f"blhd.{DOMAIN}": page("Dinas Lingkungan Hidup Kota Uji", "<p>Bank sampah Kota Uji.</p>"),
    f"kec-ujibarat.{DOMAIN}": page(
        "Kecamatan Uji Barat", "<p>Kantor Kecamatan Uji Barat, Kota Uji.</p>"
    ),
    f"diskominfo.{DOMAIN}": page(
        "Dinas Komunikasi dan Informatika Kota Uji",
        "<p>Kominfo Kota Uji.</p>",
        "<ul class='social'><li><a href='https://instagram.com/diskominfokotauji'>IG</a></li>"
        "<li><a href='https://instagram.com/pemkotuji'>IG Pemkot</a></li>"
        "<li>Wali Kota Uji: <a href='https://instagram.com/andi.saputra'>@andi.saputra</a>"
        "</li><li><a href='https://www.youtube.com/@kominfokotauji'>YouTube</a></li></ul>",
    ),
    f"sekolah.{DOMAIN}": page("Dinas Pendidikan Kota Uji", "<p>Pendidikan di Kota Uji.</p>"),
    f"pertanian-pangan.{DOMAIN}": page(
        "Dinas Pertanian Kota Uji", "<p>Penyuluhan pertanian Kota Uji.</p>"
    ),
    f"ujitimur-kel.{DOMAIN}": page("Kelurahan Uji Timur", "<p>Kelurahan Uji Timur, Kota Uji.</p>"),
}
REDIRECTS: dict[str, str] = {f"dishub.{DOMAIN}": f"http://{DOMAIN}/"}
PAGES: dict[tuple[str, str], bytes] = {
    (f"dinkes.{DOMAIN}", "/kontak"): page(
        "Kontak Dinas Kesehatan Kota Uji",
        "<p>Jl. Sehat 1. <a href='https://tiktok.com/@dinkeskotauji'>TikTok</a></p>",
    ),
    (DOMAIN, "/sitemap.xml"): (
        b"<?xml version='1.0' encoding='UTF-8'?>"
        b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        b"<url><loc>http://kotauji.go.id/berita/1</loc></url>"
        b"<url><loc>http://ujitimur-kel.kotauji.go.id/profil</loc></url></urlset>"
    ),
}
ROBOTS: dict[str, bytes] = {
    DOMAIN: b"User-agent: *\nAllow: /\nSitemap: http://kotauji.go.id/sitemap.xml\n",
}
# Where each OPD's true site is (rank 1 expected); OPDs not named have none.
TRUE_SITES: dict[str, str] = {
    "UJI-01": f"http://dinkes.{DOMAIN}/",
    "UJI-02": f"http://bappeda.{DOMAIN}/",
    "UJI-06": f"http://blhd.{DOMAIN}/",
    "UJI-07": f"http://kec-ujibarat.{DOMAIN}/",
    "UJI-09": f"http://sekolah.{DOMAIN}/",
    "UJI-10": f"http://pertanian-pangan.{DOMAIN}/",
    "UJI-12": f"http://ujitimur-kel.{DOMAIN}/",
}
NO_SITE = ("UJI-03", "UJI-04", "UJI-05", "UJI-11", "UJI-13")
PRIVATE_HOST = f"dpmptsp.{DOMAIN}"

REGISTRY = """region,code,name,short_name,kind,website,instagram,facebook,youtube,x,tiktok,notes
Kota Uji,UJI-01,Dinas Kesehatan,Dinkes,dinas,,,,,,,"Catatan lama, tetap"
Kota Uji,UJI-02,Badan Perencanaan Pembangunan Daerah,Bappeda,badan,,,,,-,,
Kota Uji,UJI-03,Badan Pendapatan Daerah,Bapenda,badan,,,,,,,
Kota Uji,UJI-04,Dinas Perhubungan,Dishub,dinas,,,,,,,
Kota Uji,UJI-05,Dinas Sosial,Dinsos,dinas,,,,,,,
Kota Uji,UJI-06,Dinas Lingkungan Hidup,DLH,dinas,,,,,,,
Kota Uji,UJI-07,Kecamatan Uji Barat,Kec. Uji Barat,kecamatan,,,,,,,
Kota Uji,UJI-08,Dinas Komunikasi dan Informatika,Diskominfo,dinas,http://diskominfo.kotauji.go.id/,,-,,,,
Kota Uji,UJI-09,Dinas Pendidikan,Disdik,dinas,,,,,,,
Kota Uji,UJI-10,Dinas Pertanian,Distan,dinas,,,,,,,
Kota Uji,UJI-11,Inspektorat Daerah,Inspektorat,lainnya,,,,,,,
Kota Uji,UJI-12,Kelurahan Uji Timur,Kel. Uji Timur,kelurahan,,,,,,,
Kota Uji,UJI-13,Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu,DPMPTSP,dinas,,,,,,,
"""
NOTES = """# Kota Uji — catatan registri

## Kanal tingkat pemda

`lpse.` dan `jdih.` bukan milik OPD.

## Tebakan yang belum terverifikasi (tidak di registri)

Pola `<singkatan>.kotauji.go.id`, mis. `kec-ujibarat.`, `kesbangpol.` dan
`arsip.kotauji.go.id`.
"""
CT_LIST = """# crt.sh, diekspor operator
pertanian-pangan.kotauji.go.id
*.kotauji.go.id
www.kotauji.go.id
dinkes.kabuji.go.id
bukan host
"""


def write_region(folder: Path) -> Path:
    """The registry and its notes in a seeds folder; returns the folder."""
    (folder / "notes").mkdir(parents=True, exist_ok=True)
    (folder / f"{REGION}.csv").write_text(REGISTRY, encoding="utf-8")
    (folder / "notes" / f"{REGION}.md").write_text(NOTES, encoding="utf-8")
    return folder


@dataclass
class Answer:
    status: int
    body: bytes
    location: str | None = None


def answer(host: str, path: str) -> Answer:
    if path == "/robots.txt":
        return Answer(200, ROBOTS.get(host, b"User-agent: *\nAllow: /\n"))
    if (host, path) in PAGES:
        return Answer(200, PAGES[(host, path)])
    if path == "/" and host in REDIRECTS:
        return Answer(302, b"", REDIRECTS[host])
    if path == "/" and host in SITES:
        return Answer(200, SITES[host])
    return Answer(404, b"<html><body>tidak ada</body></html>")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True


class VirtualHosts:
    """An HTTP server on ``<loopback>:80`` answering by Host header; records hits."""

    def __init__(self, respond: Callable[[str, str], Answer] = answer) -> None:
        self.hits: list[tuple[str, str]] = []
        lock = threading.Lock()
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                host = (self.headers.get("Host") or "").rsplit(":", 1)[0].lower()
                with lock:
                    hits.append((host, self.path))
                reply = respond(host, self.path)
                self.send_response(reply.status)
                if reply.location:
                    self.send_header("Location", reply.location)
                kind = "application/xml" if self.path.endswith(".xml") else "text/html"
                if self.path == "/robots.txt":
                    kind = "text/plain"
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

        self.server = self._bind(Handler)
        self.address = self.server.server_address[0]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @staticmethod
    def _bind(handler: type[BaseHTTPRequestHandler]) -> _Server:
        """Port 80 of a random loopback address (names are looked up without a port)."""
        chooser = random.Random()
        for _ in range(50):
            parts = (chooser.randint(100, 250), chooser.randint(1, 250), chooser.randint(1, 250))
            address = "127.{}.{}.{}".format(*parts)
            try:
                return _Server((address, 80), handler)
            except OSError:
                continue
        raise RuntimeError("no free loopback address with port 80")

    def hosts_hit(self) -> set[str]:
        return {host for host, _ in self.hits}

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.server.shutdown()
        self.server.server_close()


def dns_settings(loopback: str) -> dict[str, str]:
    """Crawl settings that answer every stand-in name with a claimed public address, moved
    onto ``loopback`` after the address guard judged it; the private one stays refused."""
    import json

    names = [*SITES, *REDIRECTS]
    claimed = {
        name: f"103.28.{12 + index // 250}.{1 + index % 250}" for index, name in enumerate(names)
    }
    dns = {name: [address] for name, address in claimed.items()}
    dns[PRIVATE_HOST] = ["10.0.0.5"]
    connect = {address: loopback for address in claimed.values()}
    connect["10.0.0.5"] = loopback  # were the guard broken, the hit would show
    return {
        "TWISTED_DNS_RESOLVER": "tests.netstub.StubResolver",
        "OPDCRAWL_TEST_DNS": json.dumps(dns),
        "OPDCRAWL_TEST_CONNECT": json.dumps(connect),
        "OPDCRAWL_ALLOW_PRIVATE_ADDRESSES": "False",
        "RETRY_ENABLED": "False",
        "DOWNLOAD_DELAY": "0",
        "AUTOTHROTTLE_ENABLED": "False",
        "DOWNLOAD_TIMEOUT": "10",
        "OPDCRAWL_SEARCH_ENGINE_VIEW": "False",
        "OPDCRAWL_RENDER_JS": "False",
        "LOG_LEVEL": "INFO",
    }

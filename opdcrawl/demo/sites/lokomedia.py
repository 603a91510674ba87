"""Lokomedia (DEMO-06): abandoned, today's date in the header, hidden gambling spam."""

from __future__ import annotations

import re
from datetime import datetime

from opdcrawl.demo.sites.base import DemoSite, Query, int_param
from opdcrawl.demo.sites.dates import DAYS_ID, MONTHS_ID_SHORT, id_day_date
from opdcrawl.demo.sites.posts import KELURAHAN, DemoPost, Schedule, Theme
from opdcrawl.demo.sites.responses import Response, asset_response, esc, html_response


def lokomedia_datetime(moment: datetime) -> str:
    """Lokomedia: ``Minggu, 01 Feb 2009, 14:31:58 WIB``."""
    day_name, month = DAYS_ID[moment.weekday()], MONTHS_ID_SHORT[moment.month - 1]
    return f"{day_name}, {moment.day:02d} {month} {moment.year}, {moment:%H:%M:%S} WIB"


SETWAN = Theme(
    org="Sekretariat DPRD Kota Demo",
    actors=("Sekretariat DPRD", "Ketua DPRD Kota Demo", "Komisi I DPRD", "Badan Anggaran DPRD"),
    topics=(
        "Rapat Paripurna Penetapan Raperda",
        "Reses Masa Sidang",
        "Kunjungan Kerja Komisi",
        "Pembahasan KUA-PPAS",
        "Rapat Dengar Pendapat dengan Perangkat Daerah",
        "Penyampaian Pokok-Pokok Pikiran DPRD",
    ),
    places=KELURAHAN,
    officials=("Sekretaris DPRD, H. Rachmat Hidayat, S.H., M.H.", "Ketua DPRD, Drs. H. Mulyadi"),
)

SPAM_DOMAIN = "gacor-maxwin88.example"


class LokomediaSite(DemoSite):
    """Lokomedia: ``media.php?module=`` links, today's date in every header, hidden spam."""

    shape = "lokomedia"
    server_software = "Apache/2.2.15 (CentOS)"
    theme = SETWAN
    schedule = Schedule(first_days_ago=(235, 245), gap_days=(7, 20), span_days=1000)
    per_page = 5

    def post_url(self, post: DemoPost) -> str:
        return self.abs_url(f"/berita-{post.number}-{post.slug}.html")

    def route(self, path: str, query: Query, method: str, body: bytes) -> Response:
        if path.startswith(("/foto_berita/", "/images/", "/config/")):
            return asset_response(path)
        module = query.get("module", "home") if path == "/media.php" else None
        if path in ("/", "/index.php") or module == "home":
            return self.listing(1, "Berita Terkini")
        if module == "semuaberita":
            return self.listing(int_param(query.get("halberita"), 1), "Semua Berita")
        if module == "detailberita":
            post = next((p for p in self.posts if p.number == int_param(query.get("id"), -1)), None)
            return self.article(post)
        if module == "profilkami":
            return self.layout(
                "Profil",
                "<h2>Profil Sekretariat DPRD</h2><p>Sekretariat DPRD "
                "melayani administrasi dan persidangan DPRD Kota Demo.</p>",
            )
        if module == "hubungikami":
            return self.layout(
                "Hubungi Kami",
                "<h2>Hubungi Kami</h2><p>Jl. Veteran No. 5, Kota Demo. Telp. (0254) 200100.</p>",
            )
        match = re.fullmatch(r"/berita-(\d+)-([a-z0-9-]+)\.html", path)
        if match:
            post = next((p for p in self.posts if p.number == int(match[1])), None)
            return self.article(post if post and post.slug == match[2] else None)
        return self.not_found()

    def layout(self, title: str, main: str) -> Response:
        spam = "".join(
            f'<a href="https://{SPAM_DOMAIN}/{slug}">{label}</a> '
            for slug, label in (
                ("daftar", "slot gacor"),
                ("login", "situs judi online"),
                ("togel", "togel hari ini"),
                ("maxwin", "slot gacor maxwin"),
            )
        )
        page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(title)} - {esc(self.org_name)}</title>
<link href="config/style.css" rel="stylesheet" type="text/css">
</head><body>
<div id="header"><img src="images/header.jpg" alt="">
<div id="tanggal">{id_day_date(self.today)}</div></div>
<div id="menu"><a href="media.php?module=home">Home</a> | <a href="media.php?module=profilkami">
Profil</a> | <a href="media.php?module=semuaberita">Berita</a> | <a
href="media.php?module=hubungikami">Hubungi Kami</a></div>
<div id="content">{main}</div>
<div style="display:none">{spam}</div>
<div id="footer">Copyright &copy; 2012 Sekretariat DPRD Kota Demo. Template by Lokomedia.</div>
</body></html>
"""
        return html_response(page)

    def listing(self, page: int, heading: str) -> Response:
        chunk = self.page_of(self.posts, page, self.per_page)
        if not chunk:
            return self.not_found()
        items = "\n".join(
            f'<div class="berita"><span class="judul"><a href="berita-{p.number}-{p.slug}.html">'
            f'{esc(p.title)}</a></span><br><span class="tanggal">'
            f"{lokomedia_datetime(p.published_at)}</span><p>{esc(p.excerpt)}</p></div>"
            for p in chunk
        )
        pager = ""
        if page * self.per_page < len(self.posts):
            pager = f'<a href="media.php?module=semuaberita&amp;halberita={page + 1}">Next &gt;</a>'
        return self.layout(heading, f"<h3>{heading}</h3>{items}<div class='paging'>{pager}</div>")

    def article(self, post: DemoPost | None) -> Response:
        if post is None:
            return self.not_found()
        body = "".join(f"<p>{esc(par)}</p>" for par in post.paragraphs)
        main = (
            f'<h3 class="judul">{esc(post.title)}</h3><span class="tanggal">'
            f"{lokomedia_datetime(post.published_at)}</span> - dibaca: {post.views} kali"
            f'<img src="foto_berita/{post.number}.jpg" alt="">{body}'
        )
        return self.layout(post.title, main)

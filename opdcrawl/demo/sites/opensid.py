"""OpenSID (DEMO-05): a village site with unpadded date URLs and a future agenda."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from opdcrawl.demo.sites.base import DemoSite, Query, int_param
from opdcrawl.demo.sites.dates import JAKARTA, id_date, rfc2822
from opdcrawl.demo.sites.posts import DemoPost, Schedule, Theme
from opdcrawl.demo.sites.responses import (
    Response,
    asset_response,
    esc,
    html_response,
    rss_document,
    xml_response,
)

DESA = Theme(
    org="Desa Sukamaju",
    actors=("Pemerintah Desa Sukamaju", "Kepala Desa Sukamaju", "BPD Sukamaju", "Kader PKK Desa"),
    topics=(
        "Musyawarah Desa",
        "Penyaluran BLT Dana Desa",
        "Gotong Royong Membersihkan Saluran Irigasi",
        "Pembangunan Jalan Usaha Tani",
        "Posyandu Balita",
        "Pelatihan UMKM Olahan Singkong",
        "Ronda Malam Siskamling",
        "Pendataan Keluarga Berisiko Stunting",
    ),
    places=("Dusun Karanganyar", "Dusun Cikadu", "Balai Desa", "RW 02", "Dusun Sukamulya"),
    officials=("Kepala Desa, H. Ujang Suryana", "Sekretaris Desa, Lina Marlina"),
)

AGENDA_ITEMS = (
    (3, "Musyawarah Perencanaan Pembangunan Desa", "Balai Desa Sukamaju"),
    (9, "Posyandu Lansia Dusun Cikadu", "Posyandu Melati"),
    (17, "Kerja Bakti Menyambut Hari Jadi Desa", "Lapangan Desa"),
)


class OpenSIDSite(DemoSite):
    """OpenSID: unpadded ``/artikel/Y/M/D/slug`` URLs, feed, sitemap, and a future agenda."""

    shape = "opensid"
    server_software = "nginx/1.18.0"
    theme = DESA
    schedule = Schedule(first_days_ago=(2, 8), gap_days=(5, 9), span_days=730)
    robots = "User-agent: *\nDisallow: /siteman\n"
    per_page = 6

    def post_url(self, post: DemoPost) -> str:
        moment = post.published_at
        return self.abs_url(f"/artikel/{moment.year}/{moment.month}/{moment.day}/{post.slug}")

    def route(self, path: str, query: Query, method: str, body: bytes) -> Response:
        if path.startswith("/desa/") or path.startswith("/assets/"):
            return asset_response(path)
        if path == "/":
            return self.listing(self.posts[: self.per_page], "Artikel Terkini", pager="")
        if path == "/arsip":
            page = int_param(query.get("page"), 1)
            chunk = self.page_of(self.posts, page, 20)
            if not chunk:
                return self.not_found()
            more = page * 20 < len(self.posts)
            pager = (
                f'<a href="{self.abs_url(f"/arsip?page={page + 1}")}">Berikutnya</a>'
                if more
                else ""
            )
            return self.listing(chunk, "Arsip Artikel", pager)
        match = re.fullmatch(r"/artikel/(\d{4})/(\d{1,2})/(\d{1,2})/([a-z0-9-]+)/?", path)
        if match:
            return self.article(match)
        if path == "/feed":
            items = [
                (p.title, self.post_url(p), rfc2822(p.published_at), p.excerpt)
                for p in self.posts[:10]
            ]
            doc = rss_document(self.org_name, self.abs_url("/"), "Website Desa", items)
            return xml_response(doc, "application/rss+xml; charset=UTF-8")
        if path == "/sitemap.xml":
            return self.sitemap()
        return self.not_found()

    @property
    def org_name(self) -> str:
        return "Website Resmi Desa Sukamaju"

    def agenda(self) -> str:
        """Events ahead of today: dates later than the crawl that are not posts (a trap)."""
        rows = []
        for days_ahead, title, place in AGENDA_ITEMS:
            when = datetime.combine(self.today + timedelta(days=days_ahead), time(9), JAKARTA)
            rows.append(
                f"<li><strong>{esc(title)}</strong><br><span class='agenda-date'>"
                f"{id_date(when)} {when:%H:%M:%S}</span><br>Lokasi: {esc(place)}</li>"
            )
        return (
            '<div class="box box-primary widget-agenda"><div class="box-header">'
            '<h3 class="box-title">Agenda</h3></div><ul class="nav nav-tabs"><li>Yang akan '
            f'datang</li></ul><ul class="agenda">{"".join(rows)}</ul></div>'
        )

    def layout(self, title: str, main: str) -> Response:
        page = f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{esc(title)}</title>
<meta name="generator" content="OpenSID">
<link rel="stylesheet" href="{self.abs_url("/assets/css/bootstrap.min.css")}">
<link rel="alternate" type="application/rss+xml" href="{self.abs_url("/feed")}">
</head><body>
<header><img src="{self.abs_url("/desa/logo/logo-sukamaju.png")}" alt="">
<h1>Desa Sukamaju</h1><p>Kecamatan Sukajadi, Kota Demo</p></header>
<nav><a href="{self.abs_url("/")}">Beranda</a> <a href="{self.abs_url("/arsip")}">Arsip</a></nav>
<div class="row"><div class="col-md-8">{main}</div>
<div class="col-md-4">{self.agenda()}</div></div>
<footer>&copy; {self.today.year} Desa Sukamaju · Dikelola dengan OpenSID</footer>
</body></html>
"""
        return html_response(page)

    def listing(self, posts: list[DemoPost], heading: str, pager: str) -> Response:
        items = "\n".join(
            f'<div class="artikel"><h3><a href="{self.post_url(p)}">{esc(p.title)}</a></h3>'
            f'<div class="meta"><i class="fa fa-calendar"></i> {id_date(p.published_at)} '
            f'<i class="fa fa-user"></i> {esc(p.author)}</div><p>{esc(p.excerpt)}</p></div>'
            for p in posts
        )
        return self.layout(heading, f"<h2>{heading}</h2>{items}<div class='pager'>{pager}</div>")

    def article(self, match: re.Match[str]) -> Response:
        post = next((p for p in self.posts if p.slug == match[4]), None)
        if post is None or self.post_url(post) != self.abs_url(match[0].rstrip("/")):
            return self.not_found()
        body = "".join(f"<p>{esc(par)}</p>" for par in post.paragraphs)
        moment = post.published_at
        main = (
            f'<div class="artikel-detail"><h2>{esc(post.title)}</h2><div class="meta">'
            f"<i class='fa fa-clock-o'></i> {id_date(moment)} {moment:%H:%M:%S} · "
            f"{esc(post.author)} · Dibaca {post.views} kali</div>{body}</div>"
        )
        return self.layout(post.title, main)

    def sitemap(self) -> Response:
        newest = self.posts[0].published_at if self.posts else self.now
        urls = [f"<url><loc>{self.abs_url('/')}</loc><lastmod>{newest.isoformat()}</lastmod></url>"]
        urls += [
            f"<url><loc>{self.post_url(p)}</loc><lastmod>{p.published_at.isoformat()}</lastmod>"
            f"</url>"
            for p in self.posts
        ]
        return xml_response(
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{"".join(urls)}</urlset>\n'
        )

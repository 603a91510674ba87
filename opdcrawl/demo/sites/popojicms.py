"""PopojiCMS (DEMO-03): ``/po-content/`` assets, ``/detailpost/{slug}``, RSS in GMT."""

from __future__ import annotations

import re

from opdcrawl.demo.sites.base import DemoSite, Query, int_param
from opdcrawl.demo.sites.dates import id_date, rfc2822
from opdcrawl.demo.sites.posts import KELURAHAN, DemoPost, Schedule, Theme
from opdcrawl.demo.sites.responses import (
    Response,
    asset_response,
    esc,
    html_response,
    rss_document,
    xml_response,
)

BAPPEDA = Theme(
    org="Bappeda Kota Demo",
    actors=("Bappeda Kota Demo", "Kepala Bappeda", "Bidang Perencanaan Ekonomi", "Tim Litbang"),
    topics=(
        "Musrenbang Kecamatan",
        "Penyusunan Rancangan Awal RKPD",
        "Forum Konsultasi Publik",
        "Evaluasi Capaian Kinerja Triwulan",
        "Rapat Koordinasi Penanggulangan Kemiskinan",
        "Pemutakhiran Data Pembangunan",
        "Kajian Potensi Ekonomi Daerah",
        "Forum Perangkat Daerah",
        "Sinkronisasi Program Prioritas",
    ),
    places=KELURAHAN,
    officials=(
        "Kepala Bappeda, Ir. Bambang Setiawan, M.T.",
        "Sekretaris Bappeda, Dewi Anggraeni, S.E., M.Si.",
    ),
)


class PopojiSite(DemoSite):
    """PopojiCMS: ``/po-content/`` assets, ``/detailpost/{slug}``, RSS at ``/rss`` in GMT."""

    shape = "popojicms"
    server_software = "Apache/2.4.29"
    theme = BAPPEDA
    schedule = Schedule(first_days_ago=(1, 2), gap_days=(1, 3), span_days=540)
    robots = "User-agent: *\nDisallow: /po-admin/\nDisallow: /po-includes/\n"
    per_page = 8

    def post_url(self, post: DemoPost) -> str:
        return self.abs_url(f"/detailpost/{post.slug}")

    def route(self, path: str, query: Query, method: str, body: bytes) -> Response:
        if path.startswith("/po-content/"):
            return asset_response(path)
        if path in ("/", "/home"):
            return self.listing(1, home=True)
        match = re.fullmatch(r"/category/berita(?:/page/(\d+))?/?", path)
        if match:
            return self.listing(int_param(match[1], 1), home=False)
        match = re.fullmatch(r"/detailpost/([a-z0-9-]+)/?", path)
        if match:
            return self.article(match[1])
        if path == "/rss":
            items = [
                (p.title, self.post_url(p), rfc2822(p.published_at, gmt=True), p.excerpt)
                for p in self.posts[:15]
            ]
            doc = rss_document(self.org_name, self.abs_url("/"), "Berita terbaru", items)
            return xml_response(doc, "application/rss+xml; charset=UTF-8")
        if path == "/pages/profil":
            return self.layout(
                "Profil",
                "<h1>Profil Bappeda</h1><p>Bappeda Kota Demo "
                "merencanakan pembangunan daerah secara terpadu.</p>",
            )
        return self.not_found()

    def layout(self, title: str, main: str) -> Response:
        page = f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>{esc(title)} | {esc(self.org_name)}</title>
<meta name="author" content="PopojiCMS">
<link rel="shortcut icon" href="/po-content/uploads/favicon.png">
<link rel="stylesheet" href="/po-content/po-theme/chingsy/css/bootstrap.min.css">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/rss">
</head><body>
<div class="top-bar"><a href="/"><img src="/po-content/uploads/logo-bappeda.png" alt="logo"></a>
<ul class="nav"><li><a href="/">Beranda</a></li><li><a href="/pages/profil">Profil</a></li>
<li><a href="/category/berita">Berita</a></li><li><a href="/rss">RSS</a></li></ul></div>
<div class="container">{main}</div>
<footer><p>Copyright &copy; {self.today.year} Bappeda Kota Demo. Powered by PopojiCMS.</p></footer>
<script src="/po-content/po-theme/chingsy/js/jquery.min.js"></script>
</body></html>
"""
        return html_response(page)

    def listing(self, page: int, *, home: bool) -> Response:
        chunk = self.page_of(self.posts, page, self.per_page)
        if not chunk:
            return self.not_found()
        cards = "\n".join(
            f'<div class="post-item"><div class="post-thumb"><a href="{self.post_url(p)}">'
            f'<img src="/po-content/uploads/{p.slug[:40]}.jpg" alt=""></a></div>'
            f'<div class="post-content"><h4><a href="{self.post_url(p)}">{esc(p.title)}</a>'
            f'</h4><span class="date"><i class="fa fa-calendar"></i> '
            f"{id_date(p.published_at)}</span><p>{esc(p.excerpt)}</p></div></div>"
            for p in chunk
        )
        pager = ""
        if page * self.per_page < len(self.posts):
            pager = f'<a class="next" href="/category/berita/page/{page + 1}">Selanjutnya</a>'
        heading = "Berita Terbaru" if home else "Kategori: Berita"
        return self.layout(
            heading, f"<h2>{heading}</h2>{cards}<div class='pagination'>{pager}</div>"
        )

    def article(self, slug: str) -> Response:
        post = next((p for p in self.posts if p.slug == slug), None)
        if post is None:
            return self.not_found()
        body = "".join(f"<p>{esc(par)}</p>" for par in post.paragraphs)
        main = (
            f'<div class="detail-post"><h1>{esc(post.title)}</h1><div class="post-meta">'
            f'<span><i class="fa fa-user"></i> {esc(post.author)}</span> '
            f'<span><i class="fa fa-calendar"></i> {id_date(post.published_at)}</span> '
            f'<span><i class="fa fa-eye"></i> {post.views} kali dilihat</span></div>'
            f'<img src="/po-content/uploads/{post.slug[:40]}.jpg" alt="">{body}</div>'
        )
        return self.layout(post.title, main)

"""Kab. Serang's custom CMS (DEMO-11): ``/berita?page=N``, English month names."""

from __future__ import annotations

import re
from datetime import date

from opdcrawl.demo.sites.base import DemoSite, Query, int_param
from opdcrawl.demo.sites.posts import KELURAHAN, DemoPost, Schedule, Theme
from opdcrawl.demo.sites.responses import Response, asset_response, esc, html_response

MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def en_date(moment: date) -> str:
    """``04 March 2026``: English month names on an Indonesian site (Kab. Serang custom)."""
    return f"{moment.day:02d} {MONTHS_EN[moment.month - 1]} {moment.year}"


DISNAKERTRANS = Theme(
    org="Disnakertrans Kota Demo",
    actors=("Disnakertrans Kota Demo", "Kepala Disnakertrans", "UPTD Balai Latihan Kerja"),
    topics=(
        "Bursa Kerja Terbuka",
        "Pelatihan Berbasis Kompetensi",
        "Mediasi Perselisihan Hubungan Industrial",
        "Sosialisasi Upah Minimum",
        "Pendaftaran Kartu AK/1 Daring",
        "Pemeriksaan Norma K3 Perusahaan",
    ),
    places=KELURAHAN,
    officials=("Kepala Disnakertrans, Asep Saepudin, S.Sos., M.Si.",),
)


class SerangCustomSite(DemoSite):
    """Kab. Serang's custom CMS: ``/berita?page=N``, English month names in ``<time>``."""

    shape = "serang_custom"
    server_software = "nginx/1.22.1"
    theme = DISNAKERTRANS
    schedule = Schedule(first_days_ago=(50, 70), gap_days=(30, 60), span_days=1100)
    per_page = 6

    def post_url(self, post: DemoPost) -> str:
        return self.abs_url(f"/baca/berita/{post.slug}")

    def route(self, path: str, query: Query, method: str, body: bytes) -> Response:
        if path.startswith("/storage/"):
            return asset_response(path)
        if path == "/":
            return self.listing(1, home=True)
        if path == "/berita":
            return self.listing(int_param(query.get("page"), 1), home=False)
        match = re.fullmatch(r"/baca/berita/([a-z0-9-]+)/?", path)
        if match:
            return self.article(match[1])
        return self.not_found()

    def card(self, post: DemoPost, *, full: bool) -> str:
        text = (
            "".join(f"<p>{esc(par)}</p>" for par in post.paragraphs)
            if full
            else (f"<p>{esc(post.excerpt)}</p>")
        )
        heading = (
            f"<h2>{esc(post.title)}</h2>"
            if full
            else f'<h3><a href="{self.post_url(post)}">{esc(post.title)}</a></h3>'
        )
        return (
            f'<div class="body_blog"><div class="person"><img src="/storage/admin.png" alt="">'
            f"<span>{esc(post.author)}</span> <time>{en_date(post.published_at)}</time></div>"
            f"{heading}{text}</div>"
        )

    def layout(self, title: str, main: str) -> Response:
        page = f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{esc(title)}</title>
<meta name="csrf-token" content="Xk2v9RQe7demo">
</head><body>
<header class="navbar"><a href="/">{esc(self.org_name)}</a>
<a href="/berita">Berita</a></header>
<section class="blog">{main}</section>
<footer>&copy; {self.today.year} {esc(self.org_name)}</footer>
</body></html>
"""
        headers = {"Set-Cookie": "XSRF-TOKEN=eyJpdiI6ImRlbW8ifQ; path=/"}
        return html_response(page, headers=headers)

    def listing(self, page: int, *, home: bool) -> Response:
        chunk = self.page_of(self.posts, page, 3 if home else self.per_page)
        if not chunk:
            return self.not_found()
        cards = "".join(self.card(p, full=False) for p in chunk)
        pager = ""
        if not home and page * self.per_page < len(self.posts):
            next_link = f'<a href="/berita?page={page + 1}">&raquo;</a>'
            pager = f'<ul class="pagination"><li>{next_link}</li></ul>'
        heading = "Berita Terbaru" if home else "Berita"
        return self.layout(heading, f"<h1>{heading}</h1>{cards}{pager}")

    def article(self, slug: str) -> Response:
        post = next((p for p in self.posts if p.slug == slug), None)
        if post is None:
            return self.not_found()
        return self.layout(post.title, self.card(post, full=True))

"""CMS Sekolahku (DEMO-04): abandoned, behind year-less badges and old month spellings."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from opdcrawl.demo.sites.base import DemoSite, Query, int_param
from opdcrawl.demo.sites.dates import id_day_date, years_before
from opdcrawl.demo.sites.posts import KELURAHAN, DemoPost, Schedule, Theme
from opdcrawl.demo.sites.responses import (
    Response,
    asset_response,
    esc,
    html_response,
    json_response,
    rss_document,
    xml_response,
)

# Old spellings still printed by CMS Sekolahku installs (CMS_NOTES.md).
MONTHS_ID_OLD_SHORT = (
    "Jan",
    "Peb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Ags",
    "Sep",
    "Okt",
    "Nop",
    "Des",
)


DINDIKBUD = Theme(
    org="Dindikbud Kota Demo",
    actors=(
        "Dindikbud Kota Demo",
        "Kepala Dindikbud",
        "Bidang Pembinaan SD",
        "Bidang Kebudayaan",
    ),
    topics=(
        "Asesmen Nasional Berbasis Komputer",
        "Lomba Seni Siswa Tingkat Kota",
        "Penyaluran Dana BOS",
        "Pelatihan Kurikulum Merdeka bagi Guru",
        "Festival Budaya Daerah",
        "Penerimaan Peserta Didik Baru",
        "Gerakan Literasi Sekolah",
        "Pemeliharaan Cagar Budaya",
    ),
    places=KELURAHAN,
    officials=(
        "Kepala Dindikbud, Dra. Hj. Euis Rohaeti, M.Pd.",
        "Kabid Pembinaan SD, Agus Salim, S.Pd., M.M.",
    ),
)


JUMAT_OLD = "Jum'at"


class SekolahkuSite(DemoSite):
    """CMS Sekolahku (CodeIgniter 3): year-less home badges over posts 2–3 years old."""

    shape = "sekolahku"
    theme = DINDIKBUD
    schedule = Schedule(first_days_ago=(0, 0), gap_days=(4, 12), span_days=400)
    robots = "User-agent: *\nDisallow: /login\nDisallow: /dashboard\n"
    per_page = 6

    def _first_days_ago(self) -> int:
        """Three days short of two years: the badges show a day and month from last week."""
        return (self.today - years_before(self.today, 2)).days + 3

    def post_id(self, post: DemoPost) -> int:
        return post.number + 20

    def post_url(self, post: DemoPost) -> str:
        return self.abs_url(f"/read/{self.post_id(post)}/{post.slug}")

    def route(self, path: str, query: Query, method: str, body: bytes) -> Response:
        if path.startswith("/media_library/") or path.startswith("/assets/"):
            return asset_response(path)
        if path == "/":
            return self.home()
        match = re.fullmatch(r"/read/(\d+)/([a-z0-9-]+)/?", path)
        if match:
            return self.article(int(match[1]), match[2])
        if path == "/feed":
            items = [
                (p.title, self.post_url(p), f"{p.published_at:%Y-%m-%d %H:%M:%S}", p.excerpt)
                for p in self.posts[:10]
            ]
            doc = rss_document(self.org_name, self.abs_url("/"), "Berita terbaru", items)
            return xml_response(doc, "application/xml; charset=UTF-8")
        if path in ("/berita", "/kategori/berita"):
            return self.category_page()
        if path == "/public/post_categories/get_posts":
            return self.posts_json(method, body)
        return self.not_found()

    def layout(self, title: str, main: str) -> Response:
        page = f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>{esc(title)}</title>
<meta name="author" content="CMS Sekolahku">
<link rel="stylesheet" href="{self.abs_url("/assets/plugins/bootstrap-4/bootstrap.min.css")}">
<link rel="alternate" type="application/rss+xml" href="{self.abs_url("/feed")}">
<script>var _BASE_URL = '{self.base_url}/';</script>
</head><body>
<nav class="navbar"><a class="navbar-brand" href="{self.abs_url("/")}">{esc(self.org_name)}</a>
<a href="{self.abs_url("/berita")}">Berita</a> <a href="{self.abs_url("/feed")}">RSS</a></nav>
<div class="container">{main}
<aside class="sidebar"><h5>Arsip Berita</h5><ul>{self.archive_list()}</ul></aside>
</div>
<footer>Copyright &copy; {self.today.year} {esc(self.org_name)} · Powered by CMS Sekolahku</footer>
</body></html>
"""
        headers = {"Set-Cookie": "ci_session=a1b2c3d4e5f6; path=/; HttpOnly"}
        return html_response(page, headers=headers)

    def archive_list(self) -> str:
        """Month archive with the old spellings (``Nop 2022``, ``Peb 2023``)."""
        months: dict[tuple[int, int], int] = {}
        for post in self.posts:
            key = (post.published_at.year, post.published_at.month)
            months[key] = months.get(key, 0) + 1
        return "".join(
            f"<li>{MONTHS_ID_OLD_SHORT[m - 1]} {y} ({count})</li>"
            for (y, m), count in list(months.items())[:12]
        )

    def home(self) -> Response:
        cards = "\n".join(
            f'<div class="card post"><div class="post-date"><span class="day">'
            f'{p.published_at.day:02d}</span><span class="month">'
            f"{MONTHS_ID_OLD_SHORT[p.published_at.month - 1]}</span></div>"
            f'<h5 class="card-title"><a href="{self.post_url(p)}">{esc(p.title)}</a></h5>'
            f'<p class="card-text">{esc(p.excerpt)}</p></div>'
            for p in self.posts[: self.per_page]
        )
        main = f'<h4 class="page-title">Berita Terbaru</h4><div class="row">{cards}</div>'
        return self.layout(self.org_name, main)

    def article(self, post_id: int, slug: str) -> Response:
        post = next((p for p in self.posts if self.post_id(p) == post_id), None)
        if post is None or post.slug != slug:
            return self.not_found()
        body = "".join(f"<p>{esc(par)}</p>" for par in post.paragraphs)
        index = self.posts.index(post)
        related = "".join(
            f'<li><a href="{self.post_url(p)}">{esc(p.title)}</a> <small>'
            f"{p.published_at.day:02d} {MONTHS_ID_OLD_SHORT[p.published_at.month - 1]} "
            f"{p.published_at.year}</small></li>"
            for p in self.posts[index + 1 : index + 4]
        )
        main = (
            f'<article class="post"><h3>{esc(post.title)}</h3><p class="post-meta">'
            f'<i class="fa fa-calendar"></i> {id_day_date(post.published_at, jumat=JUMAT_OLD)}'
            f" &middot; <i class='fa fa-user'></i> {esc(post.author)} &middot; "
            f"Dibaca {post.views} kali</p>{body}</article>"
            f'<h5>Tulisan Lainnya</h5><ul class="related">{related}</ul>'
        )
        return self.layout(post.title, main)

    def category_page(self) -> Response:
        """The list is filled in the browser from a JSON POST: plain HTML shows nothing."""
        main = """<h4 class="page-title">Kategori: Berita</h4>
<div id="post-list" class="row"></div>
<button id="load-more" class="btn btn-primary">Tampilkan Lebih Banyak</button>
<script>
(function () {
  var page = 0;
  function load() {
    var data = new URLSearchParams({page_number: page, category_slug: 'berita'});
    fetch(_BASE_URL + 'public/post_categories/get_posts', {method: 'POST', body: data})
      .then(function (r) { return r.json(); })
      .then(function (rows) {
        var list = document.getElementById('post-list');
        rows.forEach(function (row) {
          var card = document.createElement('div');
          card.className = 'card post';
          var link = document.createElement('a');
          link.href = _BASE_URL + 'read/' + row.id + '/' + row.post_slug;
          link.textContent = row.post_title;
          var when = document.createElement('small');
          when.textContent = row.created_at;
          card.appendChild(link);
          card.appendChild(when);
          list.appendChild(card);
        });
        page += 1;
      });
  }
  document.getElementById('load-more').addEventListener('click', load);
  load();
})();
</script>"""
        return self.layout(f"Berita - {self.org_name}", main)

    def posts_json(self, method: str, body: bytes) -> Response:
        if method != "POST":
            return Response(405, {"Allow": "POST", "Content-Type": "text/plain"}, b"")
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        page = int_param(form.get("page_number"), 0)
        chunk = self.page_of(self.posts, page + 1, self.per_page)
        rows = [
            {
                "id": str(self.post_id(p)),
                "post_title": p.title,
                "post_slug": p.slug,
                "post_image": f"{p.slug[:30]}.jpg",
                "created_at": f"{p.published_at:%Y-%m-%d %H:%M:%S}",
                "post_author": p.author,
                "post_content": p.excerpt,
            }
            for p in chunk
        ]
        return json_response(rows)

"""A JavaScript-only site (DEMO-07): an empty HTML shell, the news in a JSON API."""

from __future__ import annotations

import re

from opdcrawl.demo.sites.base import DemoSite, Query, int_param
from opdcrawl.demo.sites.dates import id_date
from opdcrawl.demo.sites.posts import KELURAHAN, DemoPost, Schedule, Theme
from opdcrawl.demo.sites.responses import Response, esc, html_response, json_response

BAPENDA = Theme(
    org="Bapenda Kota Demo",
    actors=("Bapenda Kota Demo", "Kepala Bapenda", "UPT Pajak Daerah", "Bidang Penagihan"),
    topics=(
        "Pemutihan Denda PBB",
        "Layanan Pajak Keliling",
        "Sosialisasi Pajak Restoran",
        "Pembayaran PBB melalui QRIS",
        "Penagihan Pajak Reklame",
        "Gebyar Undian Wajib Pajak Taat",
        "Pendataan Objek Pajak Baru",
    ),
    places=KELURAHAN,
    officials=("Kepala Bapenda, Hendra Gunawan, S.E., M.Ak.", "Kabid Penagihan, Nia Kurniasih"),
)

SPA_SCRIPT = """(function () {
  "use strict";
  var app = document.getElementById("app");
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.textContent = text; }
    return node;
  }
  function renderList(payload) {
    var list = el("section", "news-list");
    list.appendChild(el("h1", "", "Berita Terbaru"));
    payload.data.forEach(function (item) {
      var card = el("article", "news-item");
      var heading = el("h2", "news-title");
      var link = el("a", "", item.judul);
      link.href = "/berita/" + item.slug;
      heading.appendChild(link);
      var when = el("time", "news-date", item.tanggal);
      when.setAttribute("datetime", item.published_at);
      card.appendChild(heading);
      card.appendChild(when);
      card.appendChild(el("p", "news-excerpt", item.ringkasan));
      list.appendChild(card);
    });
    app.appendChild(list);
  }
  function renderDetail(item) {
    var article = el("article", "news-detail");
    article.appendChild(el("h1", "news-title", item.judul));
    var when = el("time", "news-date", item.tanggal);
    when.setAttribute("datetime", item.published_at);
    article.appendChild(when);
    item.isi.forEach(function (text) { article.appendChild(el("p", "", text)); });
    app.appendChild(article);
  }
  var match = location.pathname.match(/^\\/berita\\/([a-z0-9-]+)\\/?$/);
  var source = match ? "/api/berita/" + match[1] + ".json" : "/api/berita.json";
  fetch(source).then(function (r) { return r.json(); })
    .then(match ? renderDetail : renderList)
    .catch(function () { app.textContent = "Gagal memuat data."; });
})();
"""


class JavaScriptSite(DemoSite):
    """A single-page app: the HTML is an empty shell, the news comes from a JSON API."""

    shape = "spa"
    server_software = "nginx"
    theme = BAPENDA
    schedule = Schedule(first_days_ago=(1, 3), gap_days=(1, 3), span_days=365)
    per_page = 20

    def route(self, path: str, query: Query, method: str, body: bytes) -> Response:
        if path == "/static/js/app.js":
            return Response(
                200, {"Content-Type": "application/javascript; charset=UTF-8"}, SPA_SCRIPT.encode()
            )
        if path == "/api/berita.json":
            page = int_param(query.get("page"), 1)
            chunk = self.page_of(self.posts, page, self.per_page)
            return json_response(
                {
                    "data": [self.summary(p) for p in chunk],
                    "page": page,
                    "total": len(self.posts),
                    "last_page": self.pages_total(self.per_page),
                }
            )
        match = re.fullmatch(r"/api/berita/([a-z0-9-]+)\.json", path)
        if match:
            post = next((p for p in self.posts if p.slug == match[1]), None)
            if post is None:
                return json_response({"message": "Berita tidak ditemukan"}, 404)
            return json_response({**self.summary(post), "isi": list(post.paragraphs)})
        if path == "/" or re.fullmatch(r"/berita/[a-z0-9-]+/?", path):
            return html_response(self.shell())
        return self.not_found()

    def summary(self, post: DemoPost) -> dict[str, object]:
        return {
            "id": post.number,
            "judul": post.title,
            "slug": post.slug,
            "tanggal": id_date(post.published_at),
            "published_at": post.published_at.isoformat(),
            "ringkasan": post.excerpt,
        }

    def shell(self) -> str:
        return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(self.org_name)}</title>
</head><body>
<noscript>Aktifkan JavaScript untuk membuka website ini.</noscript>
<div id="app"></div>
<script src="/static/js/app.js"></script>
</body></html>
"""

"""Static pages only (DEMO-10): reachable, with dates that are not news."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from opdcrawl.demo.sites.base import DemoSite, Query
from opdcrawl.demo.sites.dates import id_date
from opdcrawl.demo.sites.responses import Response, html_response


class StaticSite(DemoSite):
    """Reachable, but only profile pages: footer year, "terakhir diperbarui", visitor counter."""

    shape = "static"
    pages: ClassVar[dict[str, tuple[str, str]]] = {
        "/": (
            "Beranda",
            "Selamat datang di website resmi Kecamatan Sukajadi, Kota Demo. Kami melayani "
            "administrasi kependudukan, perizinan ringan, dan pemberdayaan masyarakat.",
        ),
        "/profil": (
            "Profil",
            "Kecamatan Sukajadi terdiri atas enam kelurahan dengan luas wilayah 12,4 km² dan "
            "jumlah penduduk sekitar 58.000 jiwa.",
        ),
        "/visi-misi": (
            "Visi dan Misi",
            "Visi: Terwujudnya pelayanan kecamatan yang prima, bersih, dan melayani. Misi: "
            "meningkatkan kualitas pelayanan publik dan partisipasi masyarakat.",
        ),
        "/kontak": (
            "Kontak",
            "Kantor Kecamatan Sukajadi, Jl. Sukajadi No. 17, Kota Demo. Buka Senin–Jumat "
            "pukul 08.00–15.00 WIB.",
        ),
    }

    def route(self, path: str, query: Query, method: str, body: bytes) -> Response:
        path = path.rstrip("/") or "/"
        if path not in self.pages:
            return self.not_found()
        title, text = self.pages[path]
        menu = " | ".join(f'<a href="{u}">{t}</a>' for u, (t, _) in self.pages.items())
        visitors_today = 10 + self.today.toordinal() % 37
        visitors_total = 48_000 + (self.today - date(2020, 1, 1)).days * 23
        total_text = f"{visitors_total:,}".replace(",", ".")
        page = f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{title} - Kecamatan Sukajadi</title></head>
<body><header><h1>Kecamatan Sukajadi</h1><nav>{menu}</nav></header>
<main><h2>{title}</h2><p>{text}</p>
<p class="updated">Terakhir diperbarui: {id_date(self.today)}</p></main>
<aside class="counter"><h3>Statistik Pengunjung</h3>
<ul><li>Hari ini: {visitors_today}</li><li>Total: {total_text}</li>
<li>Online: 2</li></ul></aside>
<footer>&copy; {self.today.year} Kecamatan Sukajadi. Hak cipta dilindungi.</footer>
</body></html>
"""
        return html_response(page)

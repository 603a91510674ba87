"""A parked domain (DEMO-09): the OPD's expired domain, now ads and a sale offer."""

from __future__ import annotations

from urllib.parse import urlsplit

from opdcrawl.demo.sites.base import DemoSite, Query
from opdcrawl.demo.sites.posts import slugify
from opdcrawl.demo.sites.responses import Response, esc, html_response


class ParkedSite(DemoSite):
    """An expired OPD domain now parked at a registrar: ads and a sale offer, no content."""

    shape = "parked"
    server_software = "nginx"

    def route(self, path: str, query: Query, method: str, body: bytes) -> Response:
        domain = urlsplit(self.base_url).netloc
        ads = "".join(
            f'<li><a href="/?q={slugify(a)}" rel="nofollow">{a}</a></li>'
            for a in (
                "Asuransi Mobil",
                "Kredit Rumah Murah",
                "Tiket Pesawat Promo",
                "Hosting Murah",
            )
        )
        page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(domain)} - Domain ini dijual</title>
<meta name="robots" content="noindex, nofollow"></head>
<body class="parking">
<div class="banner"><h1>{esc(domain)}</h1>
<p>Domain ini telah kedaluwarsa dan sedang diparkir oleh registrar.</p>
<p>This domain is parked. <a href="/buy?domain={esc(domain)}">Buy this domain</a>.</p></div>
<div class="related"><h2>Pencarian Terkait</h2><ul>{ads}</ul></div>
<footer>Parked free, courtesy of DomainParkir. Privacy Policy</footer>
</body></html>
"""
        return html_response(page)

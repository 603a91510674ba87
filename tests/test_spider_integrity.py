"""Site integrity end to end: a real ``scrapy crawl websites`` over loopback sites.

One site cloaks (Googlebot and visitors from Google get a hijacked title and a hidden
link block, everyone else the office's page), one carries a hidden block of gambling
links after its footer, one was defaced, one lists "slot gacor" doorway pages in its
sitemap that nothing links, and three are clean though they use the words in other
senses. Findings must land in SQL and in the report's section of its own, the search
engine view must be asked for exactly where the cheap-fetch rule says, and nothing else.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import text

from opdcrawl.crawl import run_crawl
from opdcrawl.db.engine import make_engine
from opdcrawl.report.build import build_reports
from tests.test_spider_websites import FAST, write_seeds

PAGES = Path(__file__).resolve().parent / "fixtures" / "integrity"

VISITOR = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Dinas Pendidikan Kabupaten Uji</title></head><body>
<nav><a href="/">Beranda</a> <a href="/berita">Berita</a> <a href="/profil">Profil</a></nav>
<h1>Dinas Pendidikan</h1>
<p>Penerimaan peserta didik baru tahun ajaran 2026/2027 dibuka 1 Juni.</p>
</body></html>"""
# Pattern: the cloaked page a hacked site serves when the User-Agent says Googlebot (or the
# visitor comes from a Google search): the same template, a hijacked title and
# description, and a block of links hidden for the crawler only.
SEARCH_ENGINE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>SLOT GACOR Hari Ini ⚡ Situs Slot88 Maxwin Terpercaya</title>
<meta name="description" content="Link alternatif slot gacor, RTP live tertinggi"></head><body>
<nav><a href="/">Beranda</a> <a href="/berita">Berita</a> <a href="/profil">Profil</a></nav>
<h1>Dinas Pendidikan</h1>
<p>Penerimaan peserta didik baru tahun ajaran 2026/2027 dibuka 1 Juni.</p>
<div style="display:none"><a href="https://slotgacor-hoki88.xyz/">slot gacor</a></div>
</body></html>"""
DOORWAY_HOME = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Kecamatan Sukamaju</title></head><body>
<nav><a href="/">Beranda</a> <a href="/berita/musrenbang-kecamatan">Musrenbang</a></nav>
<h1>Kecamatan Sukamaju</h1><p>Pelayanan administrasi kependudukan setiap hari kerja.</p>
</body></html>"""
# Pattern: doorway pages planted under the site and announced only in a sitemap.
DOORWAY_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{origin}/berita/musrenbang-kecamatan</loc><lastmod>2026-11-02</lastmod></url>
<url><loc>{origin}/berita/posyandu-balita</loc><lastmod>2026-10-20</lastmod></url>
<url><loc>{origin}/slot-gacor-maxwin/</loc><lastmod>2026-11-20</lastmod></url>
<url><loc>{origin}/rtp-live-hari-ini/</loc><lastmod>2026-11-21</lastmod></url>
</urlset>"""


class Site:
    """One loopback site: path -> page, with the visitor's or the search engine's view."""

    def __init__(self, pages: dict[str, str], search_engine: dict[str, str] | None = None):
        self.pages, self.search_engine = pages, search_engine or {}
        self.asked: list[tuple[str, str, str]] = []  # (path, user agent, referer)
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                agent = self.headers.get("User-Agent", "")
                referer = self.headers.get("Referer", "")
                site.asked.append((self.path, agent, referer))
                crawler = "Googlebot" in agent or "google." in referer
                pages = {**site.pages, **site.search_engine} if crawler else site.pages
                body = pages.get(self.path)
                if body is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                body = body.replace("{origin}", site.origin)
                kind = "application/xml" if body.startswith("<?xml") else "text/html"
                if self.path == "/robots.txt":
                    kind = "text/plain"
                data = body.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                return

        return Handler

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def search_engine_views(self) -> list[tuple[str, str, str]]:
        return [entry for entry in self.asked if "Googlebot" in entry[1]]


def fixture(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def sites() -> dict[str, Site]:
    robots = "User-agent: *\nAllow: /\n"
    return {
        "CLOAK": Site({"/": VISITOR, "/robots.txt": robots}, {"/": SEARCH_ENGINE}),
        "HIDDEN": Site({"/": fixture("hidden_footer_links.html"), "/robots.txt": robots}),
        "DEFACED": Site({"/": fixture("defaced.html"), "/robots.txt": robots}),
        "DOORWAY": Site(
            {
                "/": DOORWAY_HOME,
                "/robots.txt": robots + "Sitemap: {origin}/sitemap.xml\n",
                "/sitemap.xml": DOORWAY_SITEMAP,
            }
        ),
        "RAID": Site({"/": fixture("clean_news_raid.html"), "/robots.txt": robots}),
        "SLOTWAKTU": Site({"/": fixture("clean_slot_waktu.html"), "/robots.txt": robots}),
        "KAMPANYE": Site({"/": fixture("clean_anti_judi_campaign.html"), "/robots.txt": robots}),
    }


@pytest.fixture(scope="module")
def integrity_crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("integrity")
    database_url = f"sqlite:///{tmp / 'crawl.db'}"
    served = sites()
    for site in served.values():
        site.__enter__()
    try:
        rows = [
            ["Kabupaten Uji", code, f"OPD {code}", code, "dinas", site.origin + "/", *[""] * 6]
            for code, site in served.items()
        ]
        seeds = write_seeds(tmp / "seeds", rows)
        log = tmp / "crawl.log"
        result = run_crawl(
            "websites",
            database_url=database_url,
            region="uji",
            seeds=seeds,
            settings={**FAST, "OPDCRAWL_CRAWL_TIME": "2026-12-01T10:00:00+07:00"},
            log_file=log,
            timeout=300,
        )
        assert result.returncode == 0, log.read_text()[-3000:]
    finally:
        for site in served.values():
            site.__exit__()
    engine = make_engine(database_url)
    with engine.connect() as connection:
        findings = connection.execute(
            text(
                "SELECT opd_code, signal, url, snippet, other_snippet, detail"
                " FROM v_integrity_latest ORDER BY opd_code, finding_id"
            )
        ).all()
        checks = {
            row.opd_code: row
            for row in connection.execute(
                text(
                    "SELECT o.code AS opd_code, cc.requests, cc.notes, cc.spam_terms,"
                    " cc.reachable FROM channel_check cc JOIN channel c ON c.id = cc.channel_id"
                    " JOIN opd o ON o.id = c.opd_id"
                )
            )
        }
        stats = connection.execute(text("SELECT stats FROM crawl_run")).scalar_one()
    reports = build_reports(engine, regions=["uji"], formats=["html", "json"], out_dir=tmp)
    engine.dispose()
    yield {
        "sites": served,
        "findings": findings,
        "checks": checks,
        "stats": json.loads(stats) if isinstance(stats, str) else stats,
        "reports": {path.suffix: path for path in reports},
        "log": log.read_text(encoding="utf-8"),
    }


def by_site(crawl) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for row in crawl["findings"]:
        found.setdefault(row.opd_code, []).append(row.signal)
    return found


def test_each_planted_pattern_is_found_where_it_was_planted(integrity_crawl):
    assert by_site(integrity_crawl) == {
        "CLOAK": ["cloaking"],
        "DEFACED": ["defacement"],
        "DOORWAY": ["sitemap_only_page"],
        "HIDDEN": ["spam_text", "hidden_block"],
    }
    assert all(row.reachable for row in integrity_crawl["checks"].values())
    for code in ("RAID", "SLOTWAKTU", "KAMPANYE"):
        assert json.loads(integrity_crawl["checks"][code].spam_terms) == [], code


def test_cloaking_carries_both_views(integrity_crawl):
    (cloak,) = [row for row in integrity_crawl["findings"] if row.opd_code == "CLOAK"]
    assert "SLOT GACOR" in cloak.snippet
    assert "Dinas Pendidikan Kabupaten Uji" in cloak.other_snippet
    assert "SLOT" not in cloak.other_snippet
    assert "hanya untuk mesin pencari" in cloak.detail and "title_hijack" in cloak.detail


def test_doorways_and_hidden_blocks_name_their_evidence(integrity_crawl):
    sites = integrity_crawl["sites"]
    rows = {(row.opd_code, row.signal): row for row in integrity_crawl["findings"]}
    doorway = rows["DOORWAY", "sitemap_only_page"]
    assert doorway.url == sites["DOORWAY"].origin + "/sitemap.xml"
    assert "slot-gacor-maxwin" in doorway.snippet and "rtp-live-hari-ini" in doorway.snippet
    assert "musrenbang" not in doorway.snippet
    hidden = rows["HIDDEN", "hidden_block"]
    assert "slotgacor-hoki88.xyz" in hidden.detail
    assert "Hacked By" in rows["DEFACED", "defacement"].snippet


def test_the_search_engine_view_is_asked_for_only_where_the_rule_says(integrity_crawl):
    """One extra homepage request per reachable site whose homepage showed nothing; none
    for the sites already flagged by their homepage; counted in each site's requests."""
    sites = integrity_crawl["sites"]
    asked = {code: site.search_engine_views() for code, site in sites.items()}
    assert {code for code, views in asked.items() if views} == {
        "CLOAK",
        "DOORWAY",
        "RAID",
        "SLOTWAKTU",
        "KAMPANYE",
    }
    for code, views in asked.items():
        assert len(views) <= 1, code
        for path, agent, referer in views:
            assert path == "/" and "opdcrawl" in agent
            assert referer.startswith("https://www.google.com/search?q=site%3A127.0.0.1")
    # Every other request carried the crawl's own User-Agent.
    for site in sites.values():
        others = [agent for _, agent, _ in site.asked if "Googlebot" not in agent]
        assert others and all(agent.startswith("opdcrawl/") for agent in others)
    stats = integrity_crawl["stats"]
    assert stats["opdcrawl/requests/search-engine"] == 5
    assert stats["opdcrawl/integrity_sites"] == 4
    spider_asked = {
        code: len([p for p, _, _ in site.asked if p != "/robots.txt"])
        for code, site in sites.items()
    }
    for code, check in integrity_crawl["checks"].items():
        assert check.requests == spider_asked[code], code


def test_the_report_lists_affected_sites_first(integrity_crawl):
    html = integrity_crawl["reports"][".html"].read_text(encoding="utf-8")
    start = html.index('id="integritas"')
    assert start < html.index("Rincian per OPD")
    section = html[start : html.index("<h3>", start)]  # up to the next section
    assert "4 website OPD menunjukkan tanda spam judi atau peretasan" in section
    for name in ("OPD CLOAK", "OPD HIDDEN", "OPD DEFACED", "OPD DOORWAY"):
        assert name in section
    for name in ("OPD RAID", "OPD SLOTWAKTU", "OPD KAMPANYE"):
        assert name not in section
    document = json.loads(integrity_crawl["reports"][".json"].read_text(encoding="utf-8"))
    assert {row["opd_code"] for row in document["integrity"]} == {
        "CLOAK",
        "HIDDEN",
        "DEFACED",
        "DOORWAY",
    }
    assert "Traceback" not in integrity_crawl["log"]

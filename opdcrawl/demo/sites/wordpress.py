"""WordPress (id_ID): DEMO-01 with every source switched on, DEMO-02 behind a security plugin."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime

from opdcrawl.demo.sites.base import DemoSite, Query, int_param
from opdcrawl.demo.sites.dates import DAYS_ID, MONTHS_ID, id_date, rfc2822
from opdcrawl.demo.sites.posts import KELURAHAN, DemoPost, Schedule, Theme
from opdcrawl.demo.sites.responses import (
    Response,
    asset_response,
    esc,
    html_response,
    json_response,
    redirect_response,
    rss_document,
    xml_response,
)


def wp_datetime(moment: datetime) -> str:
    """WordPress id_ID: ``17 Agustus 2023 pukul 10.15``."""
    return f"{id_date(moment, pad=False)} pukul {moment:%H.%M}"


DISKOMINFO = Theme(
    org="Diskominfo Kota Demo",
    actors=(
        "Diskominfo Kota Demo",
        "Kepala Diskominfo",
        "Bidang Aplikasi Informatika",
        "Tim Command Center",
        "Bidang Statistik Sektoral",
    ),
    topics=(
        "Pelatihan Literasi Digital bagi ASN",
        "Aplikasi Layanan Pengaduan Warga",
        "Forum Satu Data Daerah",
        "Uji Coba Wi-Fi Publik Gratis",
        "Pengelolaan Website Perangkat Daerah",
        "Keamanan Informasi Perangkat Daerah",
        "Siaran Keliling Informasi Publik",
        "Survei Kepuasan Layanan Digital",
        "Integrasi Layanan Kota Cerdas",
        "Bimbingan Teknis Kehumasan",
    ),
    places=KELURAHAN,
    officials=(
        "Kepala Diskominfo, Drs. Ahmad Sobari, M.Si.",
        "Sekretaris Diskominfo, Rina Kartika, S.Kom.",
        "Kabid Aptika, Dedi Supriadi, S.T.",
    ),
)


class WordPressSite(DemoSite):
    """WordPress 6.1 (id_ID) with REST API, feed and core sitemaps on: the easy case."""

    shape = "wordpress"
    theme = DISKOMINFO
    schedule = Schedule(first_days_ago=(1, 1), gap_days=(1, 2), span_days=365)
    per_page = 10
    generator = "WordPress 6.1.1"
    rest_enabled = True
    feed_enabled = True
    sitemap_enabled = True
    show_meta_dates = True

    def robots_text(self) -> str:
        text = "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"
        if self.sitemap_enabled:
            text += f"\nSitemap: {self.abs_url('/wp-sitemap.xml')}\n"
        return text

    def permalink(self, post: DemoPost) -> str:
        moment = post.published_at
        return self.abs_url(f"/{moment:%Y/%m/%d}/{post.slug}/")

    def post_id(self, post: DemoPost) -> int:
        return 100 + post.number * 3

    # routing
    def route(self, path: str, query: Query, method: str, body: bytes) -> Response:
        if "rest_route" in query:
            return self.rest(query["rest_route"] or "/", query)
        if path.startswith("/wp-json"):
            return self.rest(path[len("/wp-json") :] or "/", query)
        if query.get("feed"):
            return self.feed()
        if "p" in query and path == "/":
            post = self.by_id(int_param(query["p"], -1))
            return redirect_response(self.permalink(post), 301) if post else self.not_found()
        if path in ("/feed/", "/feed"):
            return self.feed()
        if path == "/wp-sitemap.xml" or path.startswith("/wp-sitemap-"):
            return self.sitemap(path)
        if path.startswith("/wp-content/"):
            return asset_response(path)
        return self.route_html(path)

    def route_html(self, path: str) -> Response:
        if not path.endswith("/"):
            return redirect_response(self.abs_url(path + "/"), 301)
        if path == "/":
            return self.listing(self.posts, 1, "/", heading=None)
        match = re.fullmatch(r"/page/(\d+)/", path)
        if match:
            return self.listing(self.posts, int(match[1]), "/", heading=None)
        match = re.fullmatch(r"(/(?:category/)?berita/)(?:page/(\d+)/)?", path)
        if match:
            return self.listing(self.posts, int_param(match[2], 1), match[1], "Berita")
        match = re.fullmatch(r"/(\d{4})/(\d{2})/(\d{2})/([a-z0-9-]+)/", path)
        if match:
            return self.article(match)
        match = re.fullmatch(r"/(\d{4})/(\d{2})/(?:(\d{2})/)?(?:page/(\d+)/)?", path)
        if match:
            return self.date_archive(match)
        if path in STATIC_PAGES:
            return self.static_page(path)
        return self.not_found()

    def by_id(self, post_id: int) -> DemoPost | None:
        return next((p for p in self.posts if self.post_id(p) == post_id), None)

    # HTML
    def head_extra(self) -> str:
        parts = []
        if self.generator:
            parts.append(f'<meta name="generator" content="{self.generator}">')
        if self.feed_enabled:
            parts.append(
                f'<link rel="alternate" type="application/rss+xml" title="{esc(self.org_name)}'
                f' &raquo; Feed" href="{self.abs_url("/feed/")}">'
            )
        if self.rest_enabled:
            parts.append(f'<link rel="https://api.w.org/" href="{self.abs_url("/wp-json/")}">')
        return "\n".join(parts)

    def layout(self, title: str, main: str, meta: str = "") -> Response:
        page = f"""<!DOCTYPE html>
<html lang="id-ID">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
{self.head_extra()}
{meta}
<link rel="stylesheet" href="{self.abs_url(THEME_CSS)}">
</head>
<body class="home blog wp-custom-logo">
<header class="site-header"><div class="site-branding">
<img src="{self.abs_url("/wp-content/uploads/2021/03/logo-kota-demo.png")}" alt="Logo">
<p class="site-title"><a href="{self.abs_url("/")}">{esc(self.org_name)}</a></p>
<p class="site-description">Pemerintah Kota Demo</p></div>
<nav class="main-navigation"><ul>
<li><a href="{self.abs_url("/")}">Beranda</a></li>
<li><a href="{self.abs_url("/profil/")}">Profil</a></li>
<li><a href="{self.abs_url("/category/berita/")}">Berita</a></li>
<li><a href="{self.abs_url("/kontak/")}">Kontak</a></li></ul></nav>
</header>
<div id="content" class="site-content"><main id="main" class="site-main">
{main}
</main>
<aside id="secondary" class="widget-area">
{self.sidebar()}
</aside></div>
<footer class="site-footer"><p>Hak Cipta &copy; {self.today.year} {esc(self.org_name)}.
Ditenagai oleh WordPress.</p></footer>
</body>
</html>
"""
        return html_response(page, headers=self.extra_headers())

    def extra_headers(self) -> dict[str, str]:
        if self.rest_enabled:
            return {"Link": f'<{self.abs_url("/wp-json/")}>; rel="https://api.w.org/"'}
        return {}

    def entry_date(self, post: DemoPost) -> str:
        moment = post.published_at
        return (
            f'<span class="posted-on"><time class="entry-date published" '
            f'datetime="{moment.isoformat()}">{id_date(moment, pad=False)}</time></span>'
        )

    def listing(self, posts: list[DemoPost], page: int, base: str, heading: str | None) -> Response:
        chunk = self.page_of(posts, page, self.per_page)
        if not chunk:
            return self.not_found()
        articles = "\n".join(
            f'<article id="post-{self.post_id(p)}" class="post type-post status-publish">'
            f'<h2 class="entry-title"><a href="{self.permalink(p)}" rel="bookmark">'
            f"{esc(p.title)}</a></h2>"
            f'<div class="entry-meta">{self.entry_date(p)} <span class="byline">oleh '
            f"{esc(p.author)}</span></div>"
            f'<div class="entry-summary"><p>{esc(p.excerpt)}</p></div></article>'
            for p in chunk
        )
        nav = []
        if page > 1:
            prev = base if page == 2 else f"{base}page/{page - 1}/"
            nav.append(f'<a class="prev page-numbers" href="{self.abs_url(prev)}">Sebelumnya</a>')
        if page * self.per_page < len(posts):
            nav.append(
                f'<a class="next page-numbers" href="{self.abs_url(f"{base}page/{page + 1}/")}">'
                f"Berikutnya</a>"
            )
        title = f"{heading} – {self.org_name}" if heading else self.org_name
        header = f'<h1 class="page-title">{esc(heading)}</h1>' if heading else ""
        main = f'{header}{articles}<nav class="pagination">{" ".join(nav)}</nav>'
        return self.layout(title, main)

    def article(self, match: re.Match[str]) -> Response:
        post = next((p for p in self.posts if p.slug == match[4]), None)
        if post is None or self.permalink(post) != self.abs_url(match[0]):
            return self.not_found()
        moment = post.published_at
        meta = ""
        if self.show_meta_dates:
            meta = (
                '<meta property="og:type" content="article">\n'
                f'<meta property="article:published_time" content="{moment.isoformat()}">\n'
                f'<meta property="article:modified_time" content="{moment.isoformat()}">'
            )
        body = "".join(f"<p>{esc(par)}</p>" for par in post.paragraphs)
        main = (
            f'<article id="post-{self.post_id(post)}" class="post type-post">'
            f'<h1 class="entry-title">{esc(post.title)}</h1>'
            f'<div class="entry-meta"><span class="posted-on">Diposting pada '
            f"{self.visible_article_date(post)}</span> oleh {esc(post.author)}</div>"
            f'<div class="entry-content">{body}</div>'
            f'<footer class="entry-footer">Kategori: <a href="{self.abs_url("/category/berita/")}"'
            f">Berita</a></footer></article>"
        )
        return self.layout(f"{post.title} – {self.org_name}", main, meta)

    def visible_article_date(self, post: DemoPost) -> str:
        return wp_datetime(post.published_at)

    def date_archive(self, match: re.Match[str]) -> Response:
        year, month = int(match[1]), int(match[2])
        day = int(match[3]) if match[3] else None
        chosen = [
            p
            for p in self.posts
            if p.published_at.year == year
            and p.published_at.month == month
            and (day is None or p.published_at.day == day)
        ]
        base = f"/{year:04d}/{month:02d}/" + (f"{day:02d}/" if day else "")
        label = f"{day} " if day else ""
        return self.listing(
            chosen, int_param(match[4], 1), base, f"Arsip: {label}{MONTHS_ID[month - 1]} {year}"
        )

    def static_page(self, path: str) -> Response:
        title, text = STATIC_PAGES[path]
        main = f'<article class="page"><h1>{esc(title)}</h1><p>{esc(text)}</p></article>'
        return self.layout(f"{title} – {self.org_name}", main)

    def sidebar(self) -> str:
        recent = "".join(
            f'<li><a href="{self.permalink(p)}">{esc(p.title)}</a></li>' for p in self.posts[:5]
        )
        return (
            f'<section class="widget widget_recent_entries"><h2 class="widget-title">Pos-pos '
            f"Terbaru</h2><ul>{recent}</ul></section>\n{self.calendar_widget()}"
        )

    def calendar_widget(self) -> str:
        """WordPress' calendar: today's date sits in ``<td id="today">`` (a trap)."""
        year, month = self.today.year, self.today.month
        days_with_posts = {
            p.published_at.day
            for p in self.posts
            if (p.published_at.year, p.published_at.month) == (year, month)
        }
        rows = []
        for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month):
            cells = []
            for day in week:
                if day == 0:
                    cells.append('<td class="pad">&nbsp;</td>')
                    continue
                label = str(day)
                if day in days_with_posts:
                    href = self.abs_url(f"/{year:04d}/{month:02d}/{day:02d}/")
                    label = f'<a href="{href}" aria-label="Pos diterbitkan pada {day}">{day}</a>'
                today_attr = ' id="today"' if day == self.today.day else ""
                cells.append(f"<td{today_attr}>{label}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        heads = "".join(f'<th scope="col">{d[:2]}</th>' for d in DAYS_ID)
        return (
            '<section class="widget widget_calendar"><div id="calendar_wrap" '
            'class="calendar_wrap"><table id="wp-calendar" class="wp-calendar-table">'
            f"<caption>{MONTHS_ID[month - 1]} {year}</caption><thead><tr>{heads}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div></section>"
        )

    # machine-readable sources
    def feed(self) -> Response:
        items = [
            (
                p.title,
                self.permalink(p),
                rfc2822(p.published_at.astimezone(UTC)),
                p.excerpt,
            )
            for p in self.posts[:10]
        ]
        doc = rss_document(self.org_name, self.abs_url("/"), "Pemerintah Kota Demo", items)
        return xml_response(doc, "application/rss+xml; charset=UTF-8")

    def rest_post(self, post: DemoPost) -> dict[str, object]:
        local = post.published_at.replace(tzinfo=None).isoformat()
        gmt = post.published_at.astimezone(UTC).replace(tzinfo=None).isoformat()
        content = "".join(f"<p>{esc(par)}</p>\n" for par in post.paragraphs)
        return {
            "id": self.post_id(post),
            "date": local,
            "date_gmt": gmt,
            "guid": {"rendered": self.abs_url(f"/?p={self.post_id(post)}")},
            "modified": local,
            "modified_gmt": gmt,
            "slug": post.slug,
            "status": "publish",
            "type": "post",
            "link": self.permalink(post),
            "title": {"rendered": esc(post.title)},
            "content": {"rendered": content, "protected": False},
            "excerpt": {"rendered": f"<p>{esc(post.excerpt)}</p>\n", "protected": False},
            "author": 1,
            "categories": [3],
            "tags": [],
        }

    def rest(self, route: str, query: Query) -> Response:
        route = route.rstrip("/") or "/"
        if route == "/":
            return json_response(
                {
                    "name": self.org_name,
                    "description": "Pemerintah Kota Demo",
                    "url": self.base_url,
                    "home": self.base_url,
                    "gmt_offset": "7",
                    "timezone_string": "Asia/Jakarta",
                    "namespaces": ["oembed/1.0", "wp/v2", "wp-site-health/v1"],
                    "routes": {"/wp/v2/posts": {"methods": ["GET"]}},
                },
                headers=self.extra_headers(),
            )
        if route == "/wp/v2/posts":
            per_page = int_param(query.get("per_page"), 10)
            page = int_param(query.get("page"), 1)
            if not 1 <= per_page <= 100:
                return json_response(
                    {
                        "code": "rest_invalid_param",
                        "message": "Parameter tidak valid: per_page",
                        "data": {"status": 400, "params": {"per_page": "per_page harus 1-100."}},
                    },
                    400,
                )
            total_pages = self.pages_total(per_page)
            chunk = self.page_of(self.posts, page, per_page)
            if not chunk:
                return json_response(
                    {
                        "code": "rest_post_invalid_page_number",
                        "message": "Nomor halaman yang diminta lebih besar dari jumlah "
                        "halaman yang tersedia.",
                        "data": {"status": 400},
                    },
                    400,
                )
            headers = {
                "X-WP-Total": str(len(self.posts)),
                "X-WP-TotalPages": str(total_pages),
                **self.extra_headers(),
            }
            return json_response([self.rest_post(p) for p in chunk], headers=headers)
        match = re.fullmatch(r"/wp/v2/posts/(\d+)", route)
        if match and (post := self.by_id(int(match[1]))):
            return json_response(self.rest_post(post))
        return json_response(
            {
                "code": "rest_no_route",
                "message": "Tidak ada rute yang cocok dengan URL dan metode permintaan.",
                "data": {"status": 404},
            },
            404,
        )

    def sitemap(self, path: str) -> Response:
        """WordPress 6.1 core sitemaps: an index and URL lists with no ``lastmod``."""
        head = '<?xml version="1.0" encoding="UTF-8"?>\n'
        ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        if path == "/wp-sitemap.xml":
            maps = ("posts-post-1", "posts-page-1", "taxonomies-category-1", "users-1")
            body = "".join(
                f"<sitemap><loc>{self.abs_url(f'/wp-sitemap-{name}.xml')}</loc></sitemap>"
                for name in maps
            )
            return xml_response(f"{head}<sitemapindex {ns}>{body}</sitemapindex>\n")
        urls: list[str]
        if path == "/wp-sitemap-posts-post-1.xml":
            urls = [self.permalink(p) for p in self.posts]
        elif path == "/wp-sitemap-posts-page-1.xml":
            urls = [self.abs_url(p) for p in STATIC_PAGES]
        elif path == "/wp-sitemap-taxonomies-category-1.xml":
            urls = [self.abs_url("/category/berita/")]
        elif path == "/wp-sitemap-users-1.xml":
            urls = [self.abs_url("/author/admin/")]
        else:
            return self.not_found()
        body = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
        return xml_response(f"{head}<urlset {ns}>{body}</urlset>\n")


THEME_CSS = "/wp-content/themes/astra/assets/css/minified/main.min.css"
STATIC_PAGES = {
    "/profil/": (
        "Profil",
        "Perangkat daerah ini dibentuk berdasarkan Peraturan Daerah Kota Demo tentang "
        "Pembentukan dan Susunan Perangkat Daerah, dan bertugas membantu Wali Kota.",
    ),
    "/kontak/": (
        "Kontak",
        "Jl. Merdeka No. 1, Kota Demo. Telepon (0254) 123456. Jam layanan Senin–Jumat "
        "pukul 08.00–16.00 WIB.",
    ),
}


# --- DEMO-02: WordPress behind a security plugin ---------------------------------------------

DINKES = Theme(
    org="Dinas Kesehatan Kota Demo",
    actors=(
        "Dinas Kesehatan Kota Demo",
        "Kepala Dinkes",
        "Puskesmas Sukajadi",
        "Tim Promosi Kesehatan",
    ),
    topics=(
        "Imunisasi Anak Sekolah",
        "Pemeriksaan Kesehatan Gratis bagi Lansia",
        "Penanganan Stunting",
        "Pemberantasan Sarang Nyamuk",
        "Posyandu Remaja",
        "Skrining Tuberkulosis",
        "Gerakan Masyarakat Hidup Sehat",
        "Pelatihan Kader Kesehatan",
    ),
    places=KELURAHAN,
    officials=(
        "Kepala Dinas Kesehatan, dr. Siti Nurhasanah, M.K.M.",
        "Kabid Kesehatan Masyarakat, Yusuf Hidayat, S.K.M.",
    ),
)


class HardenedWordPressSite(WordPressSite):
    """WordPress with a security plugin: feed, REST API and sitemaps refused.

    Dates exist only as text on list and article pages, so the crawler has to read HTML.
    """

    shape = "wordpress_hardened"
    theme = DINKES
    schedule = Schedule(first_days_ago=(45, 59), gap_days=(25, 38), span_days=730)
    per_page = 6
    generator = ""
    rest_enabled = False
    feed_enabled = False
    sitemap_enabled = False
    show_meta_dates = False

    def route(self, path: str, query: Query, method: str, body: bytes) -> Response:
        if path.startswith("/wp-json") or "rest_route" in query:
            return json_response(
                {
                    "code": "rest_disabled",
                    "message": "REST API dinonaktifkan oleh administrator situs.",
                    "data": {"status": 401},
                },
                401,
            )
        if path in ("/feed/", "/feed"):
            return html_response(FORBIDDEN_PAGE, 403)
        if query.get("feed") or path.endswith("/feed/"):
            return redirect_response(self.abs_url("/"), 302)
        if path in ("/wp-sitemap.xml", "/sitemap.xml", "/sitemap_index.xml"):
            return self.not_found()
        if path == "/" and "p" in query:
            return self.not_found()
        if path.startswith("/wp-content/"):
            return asset_response(path)
        return self.route_html(path)

    def route_html(self, path: str) -> Response:
        if path == "/":
            return self.home()
        return super().route_html(path)

    def home(self) -> Response:
        items = "\n".join(
            f'<div class="post-item"><h3><a href="{self.permalink(p)}">{esc(p.title)}</a></h3>'
            f'<span class="post-date">{id_date(p.published_at)}</span>'
            f"<p>{esc(p.excerpt)}</p></div>"
            for p in self.posts[:5]
        )
        main = (
            '<section class="banner"><h1>Selamat Datang di Website Dinas Kesehatan</h1>'
            "<p>Melayani dengan sepenuh hati menuju Kota Demo sehat.</p></section>"
            f'<section class="latest-news"><h2>Berita Terbaru</h2>{items}'
            f'<a href="{self.abs_url("/berita/")}">Lihat semua berita</a></section>'
        )
        return self.layout(self.org_name, main)

    def entry_date(self, post: DemoPost) -> str:
        return f'<span class="posted-on">{id_date(post.published_at)}</span>'

    def visible_article_date(self, post: DemoPost) -> str:
        return id_date(post.published_at)

    def sidebar(self) -> str:
        return (
            '<section class="widget"><h2 class="widget-title">Layanan</h2><ul>'
            "<li>Pendaftaran Puskesmas Online</li><li>Informasi Jadwal Imunisasi</li>"
            "<li>Pengaduan Layanan Kesehatan</li></ul></section>"
        )


FORBIDDEN_PAGE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>403 Forbidden</title></head>
<body><h1>Akses Ditolak</h1>
<p>Akses Anda ke halaman ini telah dibatasi oleh administrator situs.</p>
<p>Your access to this site has been limited by the site owner.</p>
</body></html>
"""

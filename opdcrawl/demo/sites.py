"""Content of the bundled demo sites: one generator per CMS shape found on OPD websites.

The demo must show every category and every date trap from DESIGN.md on whatever day it
is run, so each site counts its posts backwards from a ``now`` given at start-up along a
seeded schedule: the same titles and gaps every run, only the calendar moves. Sites know
nothing about sockets; each is a tiny router from a request to a :class:`Response`, so a
shape can be tested and reused without a server (see ``opdcrawl.demo.server``).
"""

from __future__ import annotations

import calendar
import html
import json
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from opdcrawl.reachability import ErrorClass
from opdcrawl.vocabulary import Category

JAKARTA = ZoneInfo("Asia/Jakarta")
DEMO_PORT = 8765

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTHS_ID_SHORT = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Agu",
    "Sep",
    "Okt",
    "Nov",
    "Des",
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
DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


# --- Dates as the CMSes print them ---------------------------------------------------------


def id_date(moment: date, *, pad: bool = True) -> str:
    """``05 Agustus 2016`` (or ``5 Agustus 2016`` with ``pad=False``, WordPress ``j F Y``)."""
    day = f"{moment.day:02d}" if pad else str(moment.day)
    return f"{day} {MONTHS_ID[moment.month - 1]} {moment.year}"


def id_day_date(moment: date, *, jumat: str = "Jumat") -> str:
    """``Senin, 23 November 2026``; ``jumat`` lets a CMS spell Friday ``Jum'at``."""
    day_name = DAYS_ID[moment.weekday()]
    if moment.weekday() == 4:
        day_name = jumat
    return f"{day_name}, {id_date(moment)}"


def wp_datetime(moment: datetime) -> str:
    """WordPress id_ID: ``17 Agustus 2023 pukul 10.15``."""
    return f"{id_date(moment, pad=False)} pukul {moment:%H.%M}"


def lokomedia_datetime(moment: datetime) -> str:
    """Lokomedia: ``Minggu, 01 Feb 2009, 14:31:58 WIB``."""
    day_name, month = DAYS_ID[moment.weekday()], MONTHS_ID_SHORT[moment.month - 1]
    return f"{day_name}, {moment.day:02d} {month} {moment.year}, {moment:%H:%M:%S} WIB"


def en_date(moment: date) -> str:
    """``04 March 2026``: English month names on an Indonesian site (Kab. Serang custom)."""
    return f"{moment.day:02d} {MONTHS_EN[moment.month - 1]} {moment.year}"


def rfc2822(moment: datetime, *, gmt: bool = False) -> str:
    """RSS ``pubDate``: ``+0000`` (WordPress), ``GMT`` (PopojiCMS) or local offset (OpenSID)."""
    if gmt:
        return format_datetime(moment.astimezone(UTC), usegmt=True)
    return format_datetime(moment)


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


# --- Responses -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    """What a demo site answers; the server adds Content-Length, Date and Server."""

    status: int
    headers: dict[str, str]
    body: bytes


def html_response(
    page: str, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(
        status, {"Content-Type": "text/html; charset=UTF-8", **(headers or {})}, page.encode()
    )


def text_response(body: str, status: int = 200) -> Response:
    return Response(status, {"Content-Type": "text/plain; charset=UTF-8"}, body.encode())


def xml_response(body: str, content_type: str = "application/xml; charset=UTF-8") -> Response:
    return Response(200, {"Content-Type": content_type}, body.encode())


def json_response(
    payload: object, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    body = json.dumps(payload, ensure_ascii=False).encode()
    return Response(
        status, {"Content-Type": "application/json; charset=UTF-8", **(headers or {})}, body
    )


def redirect_response(location: str, status: int = 302) -> Response:
    return Response(status, {"Location": location, "Content-Type": "text/html; charset=UTF-8"}, b"")


# A 1x1 transparent GIF, so image URLs in the pages resolve to something real.
PIXEL_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def asset_response(path: str) -> Response:
    """Theme files and uploads: an empty stylesheet or script, or a one-pixel image."""
    if path.endswith(".css"):
        return Response(200, {"Content-Type": "text/css"}, b"/* demo */\n")
    if path.endswith(".js"):
        return Response(200, {"Content-Type": "application/javascript"}, b"/* demo */\n")
    return Response(200, {"Content-Type": "image/gif"}, PIXEL_GIF)


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


# --- The registry of demo OPD ---------------------------------------------------------------


@dataclass(frozen=True)
class SiteSpec:
    """One demo OPD and what a correct crawl must conclude about it.

    ``expected_reason`` is an :class:`opdcrawl.reachability.ErrorClass` value for sites that
    cannot be read, and None otherwise. ``expected_min_posts_90d`` is a floor that holds on
    any day (None where the site has no website or cannot be read).
    ``expected_last_post_days`` is the (min, max) age in days of the newest real post.
    """

    code: str
    name: str
    host: str | None
    port: int | None
    shape: str
    expected_category: Category
    expected_reason: str | None = None
    needs_browser: bool = False
    spam: bool = False
    expected_min_posts_90d: int | None = None
    expected_last_post_days: tuple[int, int] | None = None
    cms: str | None = None

    @property
    def url(self) -> str | None:
        """The address in ``seeds/demo.csv``; None for an OPD without a website."""
        if self.host is None or self.port is None:
            return None
        return f"http://{self.host}:{self.port}/"

    @property
    def served(self) -> bool:
        """Whether the demo server binds a socket for it (not for DOWN or no-website OPD)."""
        return self.shape in SITE_CLASSES


def _spec(number: int, name: str, shape: str, category: Category, **extra: object) -> SiteSpec:
    code = f"DEMO-{number:02d}"
    host = f"127.0.0.{20 + number}" if shape != "none" else None
    port = DEMO_PORT if host else None
    return SiteSpec(code, name, host, port, shape, category, **extra)  # type: ignore[arg-type]


DEMO_SITES: dict[str, SiteSpec] = {
    spec.code: spec
    for spec in (
        _spec(
            1,
            "Dinas Komunikasi dan Informatika",
            "wordpress",
            Category.AKTIF,
            expected_min_posts_90d=40,
            expected_last_post_days=(0, 2),
            cms="wordpress",
        ),
        _spec(
            2,
            "Dinas Kesehatan",
            "wordpress_hardened",
            Category.KURANG_AKTIF,
            expected_min_posts_90d=1,
            expected_last_post_days=(45, 61),
            cms="wordpress",
        ),
        _spec(
            3,
            "Badan Perencanaan Pembangunan Daerah",
            "popojicms",
            Category.AKTIF,
            expected_min_posts_90d=25,
            expected_last_post_days=(0, 3),
            cms="popojicms",
        ),
        _spec(
            4,
            "Dinas Pendidikan dan Kebudayaan",
            "sekolahku",
            Category.TIDAK_AKTIF,
            expected_min_posts_90d=0,
            expected_last_post_days=(730, 740),
            cms="sekolahku",
        ),
        _spec(
            5,
            "Pemerintah Desa Sukamaju",
            "opensid",
            Category.AKTIF,
            expected_min_posts_90d=8,
            expected_last_post_days=(1, 9),
            cms="opensid",
        ),
        _spec(
            6,
            "Sekretariat DPRD",
            "lokomedia",
            Category.TIDAK_AKTIF,
            spam=True,
            expected_min_posts_90d=0,
            expected_last_post_days=(235, 251),
            cms="lokomedia",
        ),
        _spec(
            7,
            "Badan Pendapatan Daerah",
            "spa",
            Category.AKTIF,
            needs_browser=True,
            expected_min_posts_90d=25,
            expected_last_post_days=(0, 4),
        ),
        _spec(
            8,
            "Dinas Perhubungan",
            "down",
            Category.TIDAK_DAPAT_DIAKSES,
            expected_reason=ErrorClass.CONNECTION_REFUSED.value,
        ),
        _spec(
            9,
            "Dinas Pertanian",
            "parked",
            Category.TIDAK_DAPAT_DIAKSES,
            expected_reason=ErrorClass.PARKED.value,
        ),
        _spec(
            10,
            "Kecamatan Sukajadi",
            "static",
            Category.TIDAK_AKTIF,
            expected_min_posts_90d=0,
        ),
        _spec(
            11,
            "Dinas Tenaga Kerja dan Transmigrasi",
            "serang_custom",
            Category.KURANG_AKTIF,
            expected_min_posts_90d=1,
            expected_last_post_days=(50, 71),
        ),
        _spec(
            12,
            "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
            "none",
            Category.TIDAK_PUNYA_WEBSITE,
        ),
    )
}


# --- Posts: a seeded schedule and Indonesian words ------------------------------------------


@dataclass(frozen=True)
class Theme:
    """The words one office writes about; titles and bodies are drawn from these."""

    org: str
    actors: tuple[str, ...]
    topics: tuple[str, ...]
    places: tuple[str, ...]
    officials: tuple[str, ...]


# (headline form, body form): Indonesian headlines drop the meN- prefix.
VERBS = (
    ("Gelar", "menggelar"),
    ("Sosialisasikan", "menyosialisasikan"),
    ("Luncurkan", "meluncurkan"),
    ("Dampingi", "mendampingi"),
    ("Evaluasi", "mengevaluasi"),
    ("Perkuat", "memperkuat"),
    ("Tinjau", "meninjau"),
    ("Percepat", "mempercepat"),
)

TITLE_TEMPLATES = (
    "{actor} {verb} {topic} di {place}",
    "{actor} {verb} {topic}",
    "Tingkatkan Pelayanan, {actor} {verb} {topic}",
    "Warga {place} Antusias Ikuti {topic}",
    "{topic} di {place} Berjalan Lancar",
    "{actor} {verb} {topic} Tahap Berikutnya",
)

OPENINGS = (
    "KOTA DEMO — {actor} {verb} {topic} di {place}. Kegiatan ini diikuti sekitar {n} "
    "peserta dari unsur perangkat wilayah, kader, dan tokoh masyarakat.",
    "{actor} kembali {verb} {topic}. Kali ini kegiatan dipusatkan di {place} dan mendapat "
    "sambutan positif dari warga setempat.",
    "Bertempat di {place}, {actor} {verb} {topic} yang dihadiri {n} orang peserta dan "
    "perwakilan perangkat daerah terkait.",
)
MIDDLES = (
    "Dalam sambutannya, {official} menyampaikan bahwa {topic} merupakan bagian dari program "
    "prioritas pemerintah daerah. “Kami ingin manfaatnya benar-benar dirasakan langsung oleh "
    "masyarakat,” ujarnya.",
    "Menurut {official}, kegiatan serupa akan dilakukan secara bertahap ke seluruh wilayah. "
    "Ia juga mengajak masyarakat aktif memberi masukan melalui kanal pengaduan resmi.",
    "{official} menjelaskan, pelaksanaan {topic} melibatkan lintas perangkat daerah agar "
    "hasilnya terukur dan tepat sasaran.",
)
CLOSINGS = (
    "Ke depan, hasil kegiatan ini akan dievaluasi secara berkala dan dilaporkan kepada "
    "pimpinan daerah sebagai bahan pengambilan kebijakan.",
    "Masyarakat yang membutuhkan informasi lebih lanjut dapat menghubungi kantor kami pada "
    "jam kerja atau melalui media sosial resmi.",
    "Kegiatan ditutup dengan sesi tanya jawab serta foto bersama seluruh peserta.",
    "Seluruh rangkaian kegiatan berjalan tertib dan lancar hingga selesai.",
)

KELURAHAN = (
    "Kelurahan Sukamaju",
    "Kelurahan Cibeureum",
    "Kecamatan Sukajadi",
    "Kelurahan Mekarsari",
    "Kelurahan Pasirkaliki",
    "Kecamatan Cilimus",
)


@dataclass(frozen=True)
class DemoPost:
    """One demo publication; ``number`` is stable across runs (1 = oldest)."""

    number: int
    slug: str
    title: str
    published_at: datetime
    paragraphs: tuple[str, ...]
    author: str
    views: int

    @property
    def excerpt(self) -> str:
        first = self.paragraphs[0]
        return first if len(first) <= 160 else first[:157].rsplit(" ", 1)[0] + "…"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _lower_phrase(phrase: str) -> str:
    """Lower-case a headline phrase for running text, keeping acronyms (ASN, UMKM, K3)."""
    words = []
    for word in phrase.split():
        keep = word.isupper() or any(ch.isdigit() for ch in word) or "-" in word[1:2]
        words.append(word if keep else word.lower())
    return " ".join(words)


@dataclass(frozen=True)
class Schedule:
    """Days between posts, counted back from the crawl day (all in calendar days)."""

    first_days_ago: tuple[int, int]
    gap_days: tuple[int, int]
    span_days: int


def schedule_dates(
    seed: str, today: date, schedule: Schedule, first: int | None = None
) -> list[datetime]:
    """Post times, newest first, all on days before ``today`` (so never after now).

    The gaps come from a generator seeded by the site code alone, so the pattern is the
    same on every run; only ``first`` (used by the year-less-badge trap) depends on today.
    """
    rng = random.Random(f"{seed}/schedule")
    drawn = rng.randint(*schedule.first_days_ago)  # drawn either way: gaps stay the same
    days_ago = drawn if first is None else first
    span = schedule.span_days + (0 if first is None else first)
    moments = []
    while days_ago <= span:
        minute = rng.randint(7 * 60 + 30, 16 * 60 + 30)
        clock = time(minute // 60, minute % 60, rng.randint(0, 59))
        moments.append(datetime.combine(today - timedelta(days=days_ago), clock, JAKARTA))
        days_ago += rng.randint(*schedule.gap_days)
    return moments


def make_posts(seed: str, theme: Theme, moments: list[datetime]) -> list[DemoPost]:
    """Give each scheduled moment a plausible, varied Indonesian news item."""
    rng = random.Random(f"{seed}/words")
    posts: list[DemoPost] = []
    seen: set[str] = set()
    for index, moment in enumerate(reversed(moments)):  # oldest first: numbers stay put
        actor = rng.choice(theme.actors)
        verb, verb_body = rng.choice(VERBS)
        topic = rng.choice(theme.topics)
        place = rng.choice(theme.places)
        title = rng.choice(TITLE_TEMPLATES).format(actor=actor, verb=verb, topic=topic, place=place)
        slug = slugify(title)
        if slug in seen:
            slug = f"{slug}-{index + 1}"
        seen.add(slug)
        words = {
            "actor": actor,
            "verb": verb_body,
            "topic": _lower_phrase(topic),
            "place": place,
            "official": rng.choice(theme.officials),
            "n": rng.randint(25, 180),
        }
        paragraphs = (
            rng.choice(OPENINGS).format(**words),
            rng.choice(MIDDLES).format(**words),
            rng.choice(CLOSINGS),
        )
        posts.append(
            DemoPost(
                number=index + 1,
                slug=slug,
                title=title,
                published_at=moment,
                paragraphs=paragraphs,
                author=rng.choice(("Admin", "Humas", "Redaksi", "Operator Web")),
                views=rng.randint(40, 2500),
            )
        )
    posts.reverse()  # newest first, like every news list
    return posts


# --- Base site -----------------------------------------------------------------------------

Query = Mapping[str, str]


class DemoSite:
    """A demo website: routes one request to one Response; read-only after construction.

    Subclasses set ``theme`` and ``schedule`` (or no posts) and implement :meth:`route`.
    Every site answers ``/robots.txt``.
    """

    shape: ClassVar[str] = ""
    server_software: ClassVar[str] = "Apache/2.4.41 (Ubuntu)"
    theme: ClassVar[Theme | None] = None
    schedule: ClassVar[Schedule | None] = None
    robots: ClassVar[str] = "User-agent: *\nDisallow:\n"

    def __init__(self, spec: SiteSpec, now: datetime, base_url: str) -> None:
        self.spec = spec
        self.now = now.astimezone(JAKARTA)
        self.today = self.now.date()
        self.base_url = base_url.rstrip("/")
        self.posts: list[DemoPost] = self._make_posts()

    def _first_days_ago(self) -> int | None:
        return None

    def _make_posts(self) -> list[DemoPost]:
        if self.theme is None or self.schedule is None:
            return []
        moments = schedule_dates(
            self.spec.code, self.today, self.schedule, first=self._first_days_ago()
        )
        return make_posts(self.spec.code, self.theme, moments)

    @property
    def org_name(self) -> str:
        return f"{self.spec.name} Kota Demo"

    def abs_url(self, path: str) -> str:
        return self.base_url + path

    def handle(
        self, path: str, query: Query | None = None, method: str = "GET", body: bytes = b""
    ) -> Response:
        """Answer one request; ``query`` holds the first value of each parameter."""
        query = query or {}
        if path == "/robots.txt":
            return text_response(self.robots_text())
        return self.route(path, query, method.upper(), body)

    def robots_text(self) -> str:
        return self.robots

    def route(self, path: str, query: Query, method: str, body: bytes) -> Response:
        raise NotImplementedError

    def not_found(self) -> Response:
        page = (
            f"<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>404 - Halaman "
            f"tidak ditemukan</title></head><body><h1>404</h1><p>Halaman yang Anda cari tidak "
            f"ditemukan di {esc(self.org_name)}.</p><p><a href='/'>Kembali ke beranda</a></p>"
            f"</body></html>"
        )
        return html_response(page, 404)

    def page_of(self, items: list[DemoPost], page: int, per_page: int) -> list[DemoPost]:
        start = (page - 1) * per_page
        return items[start : start + per_page] if page >= 1 else []

    def pages_total(self, per_page: int) -> int:
        return max(1, -(-len(self.posts) // per_page))


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


def rss_document(
    title: str, link: str, description: str, items: list[tuple[str, str, str, str]]
) -> str:
    """An RSS 2.0 channel; ``items`` are (title, link, pubDate as printed, description)."""
    entries = "".join(
        f'<item><title>{esc(t)}</title><link>{esc(u)}</link><guid isPermaLink="true">'
        f"{esc(u)}</guid><pubDate>{esc(d)}</pubDate><description><![CDATA[{s}]]>"
        f"</description></item>\n"
        for t, u, d, s in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{esc(title)}</title><link>{esc(link)}</link>"
        f"<description>{esc(description)}</description><language>id-ID</language>\n"
        f"{entries}</channel>\n</rss>\n"
    )


# --- DEMO-01: WordPress, everything switched on ----------------------------------------------

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
            post = self.by_id(_int(query["p"], -1))
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
            return self.listing(self.posts, _int(match[2], 1), match[1], "Berita")
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
            chosen, _int(match[4], 1), base, f"Arsip: {label}{MONTHS_ID[month - 1]} {year}"
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
            per_page = _int(query.get("per_page"), 10)
            page = _int(query.get("page"), 1)
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


# --- DEMO-03: PopojiCMS --------------------------------------------------------------------

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
            return self.listing(_int(match[1], 1), home=False)
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


# --- DEMO-04: CMS Sekolahku, abandoned behind year-less badges -------------------------------

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
        page = _int(form.get("page_number"), 0)
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


# --- DEMO-05: OpenSID (village) ---------------------------------------------------------------

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
            page = _int(query.get("page"), 1)
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


# --- DEMO-06: Lokomedia, abandoned, today's date in the header, gambling spam ----------------

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
            return self.listing(_int(query.get("halberita"), 1), "Semua Berita")
        if module == "detailberita":
            post = next((p for p in self.posts if p.number == _int(query.get("id"), -1)), None)
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


# --- DEMO-07: JavaScript-only ----------------------------------------------------------------

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
            page = _int(query.get("page"), 1)
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


# --- DEMO-09: parked domain ------------------------------------------------------------------


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


# --- DEMO-10: static pages only --------------------------------------------------------------


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


# --- DEMO-11: Kab. Serang custom CMS ----------------------------------------------------------

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
            return self.listing(_int(query.get("page"), 1), home=False)
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


# --- Lookup ----------------------------------------------------------------------------------

SITE_CLASSES: dict[str, type[DemoSite]] = {
    cls.shape: cls
    for cls in (
        WordPressSite,
        HardenedWordPressSite,
        PopojiSite,
        SekolahkuSite,
        OpenSIDSite,
        LokomediaSite,
        JavaScriptSite,
        ParkedSite,
        StaticSite,
        SerangCustomSite,
    )
}


def make_site(spec: SiteSpec, now: datetime, base_url: str | None = None) -> DemoSite:
    """Build the site for ``spec`` as it looks at ``now``, with links under ``base_url``."""
    if not spec.served:
        raise ValueError(f"{spec.code} ({spec.shape}) is not served by the demo")
    return SITE_CLASSES[spec.shape](spec, now, base_url or spec.url or "http://127.0.0.1/")


def jakarta_now() -> datetime:
    """The real current time in Asia/Jakarta, the demo's default ``now``."""
    return datetime.now(JAKARTA)

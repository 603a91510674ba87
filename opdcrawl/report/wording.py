"""Every word a report shows, in Bahasa Indonesia, kept in one place.

Sheet names, column headers, the summary sentence, category colours, change labels and
the messages of ``opdcrawl report`` live here so a spreadsheet, a web page and a
terminal table all use the same words as the offices' own reports. Machine column names
(CSV/JSON keys) stay English snake_case; see ``opdcrawl/report/COLUMNS.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from opdcrawl.dates import JAKARTA
from opdcrawl.vocabulary import CHANNEL_KINDS, Category

if TYPE_CHECKING:
    from opdcrawl.report.data import RegionReport

NOT_CHECKED = "Belum Dicek"  # website registered, no check yet (category NULL)
# Social ranking: an OPD with no social account registered on any platform.
NO_SOCIAL_ACCOUNT = "Tanpa Akun"


@dataclass(frozen=True)
class CategoryStyle:
    fill: str  # light background for table cells (hex RGB, no '#')
    ink: str  # text colour on that fill
    chart: str  # strong colour for charts


CATEGORY_STYLES: dict[str, CategoryStyle] = {
    Category.AKTIF.value: CategoryStyle("C6EFCE", "1B5E20", "2E7D32"),
    Category.KURANG_AKTIF.value: CategoryStyle("FFEB9C", "7A5B00", "F9A825"),
    Category.TIDAK_AKTIF.value: CategoryStyle("FFC7CE", "9C0006", "C62828"),
    Category.TIDAK_DAPAT_DIAKSES.value: CategoryStyle("D9D2E9", "4A148C", "7E57C2"),
    Category.TIDAK_PUNYA_WEBSITE.value: CategoryStyle("595959", "FFFFFF", "424242"),
    Category.BELUM_TERDAFTAR.value: CategoryStyle("E7E6E6", "404040", "A6A6A6"),
    NOT_CHECKED: CategoryStyle("FFFFFF", "404040", "CFD8DC"),
    NO_SOCIAL_ACCOUNT: CategoryStyle("595959", "FFFFFF", "424242"),
}

# Report order of categories: best first, then the ones nobody can judge.
CATEGORY_LABELS: tuple[str, ...] = (*(c.value for c in Category), NOT_CHECKED)


def category_label(category: str | None) -> str:
    return category if category else NOT_CHECKED


def category_style(category: str | None) -> CategoryStyle:
    return CATEGORY_STYLES.get(category_label(category), CATEGORY_STYLES[NOT_CHECKED])


# --- The summary sentence ----------------------------------------------------------------

# (noun, phrase) per category, in the order the offices write them. The noun is left out
# when the item before already used it: "23 website tidak aktif, 8 kurang aktif".
_SENTENCE_PARTS: tuple[tuple[str, str, str], ...] = (
    (Category.AKTIF.value, "website", "aktif"),
    (Category.KURANG_AKTIF.value, "website", "kurang aktif"),
    (Category.TIDAK_AKTIF.value, "website", "tidak aktif"),
    (Category.TIDAK_DAPAT_DIAKSES.value, "website", "tidak dapat diakses"),
    (Category.TIDAK_PUNYA_WEBSITE.value, "OPD", "tidak memiliki website"),
    (Category.BELUM_TERDAFTAR.value, "OPD", "belum terdata websitenya"),
    (NOT_CHECKED, "website", "belum dicek"),
)


def join_list(parts: list[str]) -> str:
    """Indonesian list joining: "a", "a dan b", "a, b dan c" (no comma before "dan")."""
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " dan " + parts[-1]


def sentence_from_counts(region_name: str, total: int, counts: dict[str, int]) -> str:
    """The sentence from category counts (keys as in ``CATEGORY_LABELS``)."""
    if total == 0:
        return f"Belum ada OPD yang terdaftar untuk {region_name}."
    parts: list[str] = []
    previous_noun = ""
    # As the offices write it: website categories, largest first ("23 website tidak
    # aktif, 8 kurang aktif"), then what is said of the OPD ("1 OPD tidak memiliki
    # website"); ties keep the order aktif, kurang aktif, tidak aktif, ...
    ordered = sorted(
        _SENTENCE_PARTS,
        key=lambda part: (
            part[1] != "website",
            -counts.get(part[0], 0) if part[1] == "website" else 0,
        ),
    )
    for label, noun, phrase in ordered:
        count = counts.get(label, 0)
        if not count:
            continue
        parts.append(f"{count} {phrase}" if noun == previous_noun else f"{count} {noun} {phrase}")
        previous_noun = noun
    return f"Dari {total} OPD di {region_name}, {join_list(parts)}."


def summary_sentence(report: RegionReport) -> str:
    """ "Dari 32 OPD di Kota Serang, 23 website tidak aktif, 8 kurang aktif dan 1 OPD
    tidak memiliki website." — built from the non-zero counts only."""
    return sentence_from_counts(report.region_name, len(report.opds), report.category_counts())


# --- Numbers, dates ---------------------------------------------------------------------

MONTHS: tuple[str, ...] = (
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


def percent(value: float | None) -> str:
    """71.43 -> "71,4 %" (Indonesian decimal comma)."""
    if value is None:
        return "-"
    return f"{value:.1f}".replace(".", ",") + " %"


def date_text(value: datetime | None, *, with_time: bool = False) -> str:
    """A date as offices write it, in WIB: "10 Maret 2025" (or "10 Maret 2025 09.30 WIB")."""
    if value is None:
        return "-"
    local = value.astimezone(JAKARTA)
    text = f"{local.day} {MONTHS[local.month - 1]} {local.year}"
    if with_time:
        text += f" {local:%H.%M} WIB"
    return text


def short_date(value: datetime | None) -> str:
    """A compact date for narrow tables: "2025-03-08" in WIB."""
    if value is None:
        return "-"
    return value.astimezone(JAKARTA).strftime("%Y-%m-%d")


def month_text(month: str) -> str:
    """ "2025-03" -> "Maret 2025"."""
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


def month_short(month: str) -> str:
    """ "2025-03" -> "Mar 2025" for chart axes."""
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1][:3]} {year}"


# --- Values in tables -------------------------------------------------------------------

SOCIAL_NONE = "tidak ada"  # registry says "-": confirmed absent
SOCIAL_UNKNOWN = "belum terdaftar"  # registry cell left empty
REACHABLE = "Dapat diakses"
YES = "ya"
NO = "tidak"

CHANGE_LABELS: dict[str, str] = {
    "naik": "Naik",
    "turun": "Turun",
    "baru": "Website baru",
    "hilang": "Website hilang",
    "tetap": "Tetap",
}

RANK_GROUPS: dict[str, str] = {
    "top": "Teraktif (apresiasi)",
    "bottom": "Paling tidak aktif (perlu pembinaan)",
}

CHANNEL_NAMES: dict[str, str] = {
    "website": "Website",
    "instagram": "Instagram",
    "facebook": "Facebook",
    "youtube": "YouTube",
    "x": "X (Twitter)",
    "tiktok": "TikTok",
}
_SOCIAL_PLATFORMS: tuple[str, ...] = tuple(kind for kind in CHANNEL_KINDS if kind != "website")

MANUAL = "manual"  # a social reading recorded by hand (route "manual")

# OPDs with no social account anywhere (``report.data.no_social_account``), in report order.
NO_ACCOUNT_LABELS: dict[str, str] = {
    "none": "Terkonfirmasi tidak punya akun",  # every social cell "-"
    "mixed": "Sebagian belum terdata",  # some "-", the others empty
    "unknown": "Belum terdata",  # every social cell empty
}

# --- Tables: sheet titles and column headers --------------------------------------------

SHEETS: dict[str, str] = {
    "summary": "Ringkasan",
    "opd": "Per OPD",
    "ranking": "Peringkat",
    "changes": "Perubahan",
    "trend": "Tren Bulanan",
    "ownership": "Kepemilikan Website",
    "categories": "Daftar Kategori",
    "social_ranking": "Peringkat Media Sosial",
    "no_social_account": "Tanpa Akun Media Sosial",
}

HEADERS: dict[str, str] = {
    "region_slug": "Kode Wilayah",
    "region_name": "Wilayah",
    "run_id": "ID Crawl",
    "crawl_time": "Waktu Crawl",
    "previous_run_id": "ID Crawl Sebelumnya",
    "total_opd": "Jumlah OPD",
    "aktif": "Aktif",
    "kurang_aktif": "Kurang Aktif",
    "tidak_aktif": "Tidak Aktif",
    "tidak_dapat_diakses": "Tidak Dapat Diakses",
    "tidak_punya_website": "Tidak Punya Website",
    "belum_terdaftar": "Belum Terdaftar",
    "belum_dicek": "Belum Dicek",
    "with_website_pct": "OPD Punya Website (%)",
    "reachable_website_pct": "OPD Website Dapat Diakses (%)",
    "summary_sentence": "Ringkasan",
    "opd_code": "Kode OPD",
    "opd_name": "Nama OPD",
    "opd_kind": "Jenis",
    "category": "Kategori",
    "website_url": "Alamat Website",
    "overall_category": "Kategori OPD (semua kanal)",
    "last_post_at": "Posting Terakhir",
    "days_since_last_post": "Hari Sejak Posting Terakhir",
    "posts_30d": "Posting 30 Hari",
    "posts_90d": "Posting 90 Hari",
    "cadence": "Frekuensi",
    "score": "Skor",
    "reachable": "Dapat Diakses",
    "reachability": "Status Akses",
    "reachability_hint": "Saran Perbaikan",
    "error_class": "Kode Galat",
    "http_status": "Status HTTP",
    "cms": "CMS",
    "evidence": "Bukti",
    "evidence_url": "Tautan Bukti",
    "evidence_title": "Judul Posting Terakhir",
    "spam": "Terindikasi Spam Judi",
    "spam_terms": "Kata Spam",
    "instagram": "Instagram",
    "facebook": "Facebook",
    "youtube": "YouTube",
    "x": "X (Twitter)",
    "tiktok": "TikTok",
    "checked_at": "Waktu Dicek",
    "rank": "Peringkat",
    "rank_group": "Kelompok",
    "change": "Perubahan",
    "category_before": "Kategori Sebelumnya",
    "category_after": "Kategori Sekarang",
    "score_before": "Skor Sebelumnya",
    "score_after": "Skor Sekarang",
    "score_delta": "Selisih Skor",
    "month": "Bulan",
    "checked": "Website Dicek",
    "channel_kind": "Kanal",
    "registered": "Terdaftar",
    "none": "Tidak Ada",
    "unknown": "Belum Terdata",
    "registered_pct": "Terdaftar (%)",
    "reachable_pct": "Dapat Diakses (%)",
    "platform": "Platform",
    "account_url": "Akun",
    "followers": "Pengikut",
    "status": "Status Akun",
    "manual": "Dicatat Manual",
    "accounts_registered": "Akun Terdaftar",
    "no_account_status": "Keterangan",
    "platforms_none": "Platform Tidak Ada (-)",
    "platforms_unknown": "Platform Belum Terdata",
}
# Per social platform in "Per OPD": its account's category, status and manual flag.
HEADERS.update(
    {
        f"{platform}_{part}": header.format(name=CHANNEL_NAMES[platform])
        for platform in _SOCIAL_PLATFORMS
        for part, header in (
            ("category", "Kategori {name}"),
            ("status", "Status {name}"),
            ("manual", "{name} Dicatat Manual"),
        )
    }
)

# --- HTML and text headings -------------------------------------------------------------

TITLE = "Laporan Keaktifan Website OPD"
HEADINGS: dict[str, str] = {
    "as_of_latest": "Kondisi terbaru",
    "as_of_run": "Kondisi saat crawl #{run_id} selesai",
    "crawl_time": "Waktu crawl: {time}",
    "generated": "Dibuat {time} oleh opdcrawl",
    "distribution": "Sebaran kategori",
    "lists": "Daftar OPD per kategori",
    "ownership": "Progres menuju 100 %",
    "ownership_website": "OPD yang memiliki website",
    "ownership_reachable": "OPD yang websitenya dapat diakses",
    "ranking": "Peringkat (reward & punishment)",
    "ranking_top": "Teraktif",
    "ranking_bottom": "Paling tidak aktif",
    "ranking_rule": (
        "Urutan: skor tertinggi; bila sama, posting terakhir terbaru; lalu jumlah posting "
        "90 hari terbanyak; lalu kode OPD A–Z."
    ),
    "changes": "Perubahan dibanding crawl sebelumnya",
    "changes_against": "Dibanding crawl #{run_id} ({time})",
    "changes_against_many": (
        "Dibanding cek sebelumnya dari website yang sama (crawl {run_ids}; satu putaran "
        "yang dibagi beberapa shard)"
    ),
    "no_previous": "Belum ada crawl sebelumnya untuk dibandingkan.",
    "no_changes": "Tidak ada OPD yang berubah kategori.",
    "trend": "Tren bulanan",
    "trend_note": (
        "Jumlah website per kategori menurut cek terakhir tiap website dalam bulan itu "
        "(dari crawl yang selesai; shard satu putaran dihitung bersama)."
    ),
    "no_trend": "Belum ada crawl yang selesai.",
    "opd_table": "Rincian per OPD",
    "opd_table_as_of": (
        "Website yang tidak dicek oleh crawl #{run_id} ditampilkan dengan hasil cek "
        "terakhirnya dari crawl lain yang dimulai sebelum crawl #{run_id} berakhir dan "
        "telah selesai (mis. shard lain)."
    ),
    "none_in_category": "tidak ada",
    "social_ranking": "Peringkat Media Sosial",
    "social_ranking_rule": (
        "Tiap OPD dinilai dari akun media sosialnya yang terbaik (skor tertinggi; bila sama, "
        "unggahan terakhir terbaru; lalu unggahan 90 hari terbanyak). Urutan OPD memakai "
        "aturan yang sama atas akun itu, lalu kode OPD A–Z."
    ),
    "no_social_ranking": "Belum ada akun media sosial yang dicek.",
    "no_social_account": "Tanpa Akun Media Sosial",
    "no_social_account_note": (
        "OPD yang tidak punya akun terdaftar di satu pun platform (Instagram, Facebook, "
        "YouTube, X, TikTok): '-' di registri berarti terkonfirmasi tidak ada, kolom kosong "
        "berarti belum terdata."
    ),
    "all_have_social_account": "Semua OPD memiliki setidaknya satu akun media sosial terdaftar.",
    "ownership_text": "Progres menuju 100 % (OPD yang memiliki kanal)",
}

MESSAGES: dict[str, str] = {
    "written": "Laporan ditulis ke {out}:",
    "file": "  {path}",
    "unknown_region": "Wilayah {slugs} tidak ada di basis data; jalankan 'opdcrawl db sync'.",
    "no_regions": "Basis data belum berisi wilayah; jalankan 'opdcrawl db sync' dulu.",
    "unknown_kind": "Jenis kanal {kind!r} tidak dikenal; pilihan: {known}.",
    "unknown_run": "Crawl dengan ID {run} tidak ada di basis data.",
    "bad_run": "Nilai --run harus 'latest' atau ID crawl (angka), bukan {run!r}.",
    "bad_format": "Format tidak dikenal: {value!r}; pilihan: xlsx, csv, json, html, all.",
    "no_schema": (
        "Basis data {url} belum disiapkan atau tidak dapat dibaca ({error}); "
        "jalankan 'opdcrawl db upgrade' dan 'opdcrawl db sync'."
    ),
}


# --- Certificates (opdcrawl.report.certificates) ------------------------------------------
SHEETS["certificates"] = "Sertifikat HTTPS"
HEADERS.update(
    {
        "certificate_host": "Host Sertifikat",
        "certificate_status": "Status Sertifikat",
        "certificate_hint": "Saran Sertifikat",
        "certificate_expires_at": "Berlaku Sampai",
        "certificate_days_left": "Sisa Hari",
        "certificate_issuer": "Penerbit Sertifikat",
        "certificate_problem": "Kelas Masalah Sertifikat",
    }
)
CERTIFICATE_EXPIRING = "Akan kedaluwarsa (≤ {days} hari)"
CERTIFICATE_EXPIRING_HINT = (
    "Sertifikat HTTPS berakhir dalam {days} hari ({date:%Y-%m-%d}). Perpanjang sekarang dan "
    "aktifkan perpanjangan otomatis agar pengunjung tidak melihat peringatan keamanan."
)
CERTIFICATES_HEADING = "Sertifikat HTTPS yang perlu ditangani"
CERTIFICATES_NONE = (
    "Tidak ada sertifikat HTTPS yang kedaluwarsa, akan kedaluwarsa dalam 30 hari, atau "
    "bermasalah."
)

"""Every word a report shows, in Bahasa Indonesia, kept in one place.

Sheet names, column headers, the summary sentence, category colours, change labels and
the messages of ``opdcrawl report`` live here so a spreadsheet, a web page and a
terminal table all use the same words as the offices' own reports. Machine column names
(CSV/JSON keys) stay English snake_case; see ``opdcrawl/report/COLUMNS.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from opdcrawl.dates import JAKARTA
from opdcrawl.vocabulary import CHANNEL_KINDS, Category

if TYPE_CHECKING:
    from opdcrawl.report.data import RegionReport
    from opdcrawl.report.skipped import RegistryCheck

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
    (Category.BELUM_TERDAFTAR.value, "OPD", "belum terdaftar websitenya"),
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


def spam_warning(sites: list[tuple[str, tuple[str, ...]]]) -> str | None:
    """The warning for websites where gambling/defacement spam was found, naming each
    (OPD name, terms); None when there is none. Shown beside the summary sentence."""
    if not sites:
        return None
    named = join_list([f"{name} ({', '.join(terms)})" for name, terms in sites])
    return (
        f"PERINGATAN: {len(sites)} website terindikasi disusupi spam judi online: {named}. "
        "Segera periksa dan bersihkan situs tersebut, lalu ganti kata sandi pengelolanya."
    )


def skipped_text(check: RegistryCheck | None) -> str:
    """ "7 baris registri dilewati: seeds/x.csv:5 (alasan); …" for the summary; "" when the
    registry was not read for this report."""
    if check is None:
        return ""
    if not check.found:
        return (
            f"Registri wilayah ini tidak ditemukan di {check.source}; baris registri yang "
            "dilewati tidak dapat diperiksa. Beri opdcrawl report registri yang dipakai "
            "crawl: --seeds <folder atau berkas> atau env OPDCRAWL_SEEDS_DIR."
        )
    if not check.skipped:
        return f"Tidak ada baris registri yang dilewati ({check.source})."
    rows = "; ".join(f"{row.where} ({row.reason})" for row in check.skipped)
    heading = HEADINGS["registry_skipped"].format(count=len(check.skipped))
    return f"{heading} {rows}. {HEADINGS['registry_skipped_note']}"


# Where a post date was read (``Post.source`` in the evidence sentence), in Indonesian.
SOURCE_LABELS: dict[str, str] = {
    "wp-json": "API WordPress",
    "feed": "umpan RSS/Atom",
    "sitemap": "peta situs",
    "sitemap-robots": "peta situs",
    "list-page": "halaman daftar berita",
    "meta": "metadata halaman",
    "jsonld": "data terstruktur halaman",
    "time": "penanda waktu halaman",
    "text": "tanggal tertulis di halaman",
    "url": "tanggal pada alamat URL",
    "manual": "catatan manual",
    "embed": "halaman sematan",
    "profile": "halaman profil",
    "web-profile-info": "data profil",
    "business-discovery": "API Instagram",
    "reels": "halaman Reels",
    "resolve": "halaman kanal",
    "api": "API resmi",
    "data-api": "API Data YouTube",
    "data-api-uploads": "API Data YouTube",
}
# A source name standing alone (not inside a URL or another word).
_SOURCE_RE = re.compile(
    r"(?<![\w/.:-])("
    + "|".join(re.escape(name) for name in sorted(SOURCE_LABELS, key=len, reverse=True))
    + r")(?![\w/.-])"
)


def evidence_text(evidence: str | None) -> str | None:
    """The evidence sentence with its source names in Indonesian ("dari wp-json …" ->
    "dari API WordPress …"); URLs and titles are left as they are."""
    if not evidence:
        return evidence
    head, sep, tail = evidence.partition("; posting:")
    return _SOURCE_RE.sub(lambda match: SOURCE_LABELS[match.group(1)], head) + sep + tail


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
    "unranked": "Tidak diperingkat (tidak dapat dinilai)",
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
EVIDENCE_SOURCE = "sumber"  # link text of the page a date was read on (HTML)

# OPDs with no social account anywhere (``report.data.no_social_account``), in report order.
NO_ACCOUNT_LABELS: dict[str, str] = {
    "none": "Terkonfirmasi tidak punya akun",  # every social cell "-"
    "mixed": "Sebagian belum terdaftar",  # some "-", the others empty
    "unknown": "Belum terdaftar",  # every social cell empty
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
    "registry_skipped": "Registri Dilewati",
    "guide": "Cara Membaca",
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
    "unknown": "Belum Terdaftar",
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
    "platforms_unknown": "Platform Belum Terdaftar",
    "spam_sites": "Website Terindikasi Spam Judi",
    "spam_warning": "Peringatan Spam Judi",
    "registry_rows_skipped": "Baris Registri Dilewati",
    "registry_skipped": "Keterangan Registri",
    "file": "Berkas",
    "line": "Baris",
    "reason": "Alasan",
    "guide_part": "Bagian",
    "guide_text": "Penjelasan",
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
    "ranking": "Peringkat (penghargaan dan pembinaan)",
    "ranking_top": "Teraktif",
    "ranking_bottom": "Paling tidak aktif",
    "changes": "Perubahan dibanding crawl sebelumnya",
    "changes_against": "Dibanding crawl #{run_id} ({time})",
    "changes_against_many": (
        "Dibanding cek sebelumnya dari website yang sama (crawl {run_ids}; satu putaran "
        "yang dibagi ke beberapa proses crawl)"
    ),
    "no_previous": "Belum ada crawl sebelumnya untuk dibandingkan.",
    "no_changes": "Tidak ada OPD yang berubah kategori.",
    "trend": "Tren bulanan",
    "trend_note": (
        "Jumlah website per kategori menurut cek terakhir tiap website dalam bulan itu "
        "(dari crawl yang selesai; bagian-bagian satu putaran dihitung bersama)."
    ),
    "no_trend": "Belum ada crawl yang selesai.",
    "opd_table": "Rincian per OPD",
    "opd_table_as_of": (
        "Website yang tidak dicek oleh crawl #{run_id} ditampilkan dengan hasil cek "
        "terakhirnya dari crawl lain yang dimulai sebelum crawl #{run_id} berakhir dan "
        "telah selesai (mis. bagian lain dari putaran yang sama)."
    ),
    "none_in_category": "tidak ada",
    "social_ranking": "Peringkat Media Sosial",
    "no_social_ranking": "Belum ada akun media sosial yang dicek.",
    "no_social_account": "Tanpa Akun Media Sosial",
    "no_social_account_note": (
        "OPD yang tidak punya akun terdaftar di satu pun platform (Instagram, Facebook, "
        "YouTube, X, TikTok): '-' di registri berarti terkonfirmasi tidak ada, kolom kosong "
        "berarti belum terdaftar."
    ),
    "all_have_social_account": "Semua OPD memiliki setidaknya satu akun media sosial terdaftar.",
    "ownership_text": "Progres menuju 100 % (OPD yang memiliki kanal)",
    "registry_skipped": "{count} baris registri dilewati karena galat:",
    "registry_skipped_note": (
        "OPD pada baris itu tidak diperiksa; perbaiki registri lalu jalankan crawl lagi."
    ),
}

MESSAGES: dict[str, str] = {
    "written": "Laporan ditulis ke {out}:",
    "file": "  {path}",
    "unknown_region": "Wilayah {slugs} tidak ada di basis data; jalankan 'opdcrawl db sync'.",
    "no_regions": "Basis data belum berisi wilayah; jalankan 'opdcrawl db sync' dulu.",
    "unknown_kind": "Jenis kanal {kind!r} tidak dikenal; pilihan: {known}.",
    "unknown_run": "Crawl dengan ID {run} tidak ada di basis data.",
    "bad_run": (
        "Nilai --run harus 'latest', ID crawl (angka) atau bulan (YYYY-MM, mis. 2026-11), "
        "bukan {run!r}."
    ),
    "no_run_in_month": "Tidak ada crawl yang selesai pada bulan {month} (WIB).",
    "bad_format": "Format tidak dikenal: {value!r}; pilihan: xlsx, csv, json, html, all.",
    "no_schema": (
        "Basis data {url} belum disiapkan atau tidak dapat dibaca ({error}); "
        "jalankan 'opdcrawl db upgrade' dan 'opdcrawl db sync'."
    ),
    "unwritable_out": (
        "Laporan tidak dapat ditulis ke {path}: {reason}. Pilih folder lain dengan --out, "
        "atau periksa izin tulis dan ruang disk folder itu."
    ),
}


# --- Site integrity (gambling spam, cloaking, defacement; ``report.integrity``) ---------

from opdcrawl.vocabulary import INTEGRITY_SIGNAL_LABELS  # noqa: E402  (kept with its block)

INTEGRITY_SIGNALS: dict[str, str] = dict(INTEGRITY_SIGNAL_LABELS)
SHEETS["integrity"] = "Integritas Situs"
HEADERS.update(
    {
        "signal": "Kode Sinyal",
        "signal_label": "Sinyal",
        "finding_url": "Halaman",
        "snippet": "Cuplikan",
        "other_snippet": "Yang Dilihat Pengunjung",
        "finding_detail": "Keterangan",
    }
)
HEADINGS.update(
    {
        "integrity": "Integritas situs: spam judi dan peretasan",
        "integrity_none": "Tidak ada tanda spam judi online atau peretasan di website OPD.",
        "integrity_warning": "{count} website OPD menunjukkan tanda spam judi atau peretasan",
        "integrity_note": (
            "Cuplikan adalah teks dari situs itu sendiri, apa adanya. Cloaking: isi yang "
            "hanya diperlihatkan kepada mesin pencari (kolom terakhir: yang dilihat "
            "pengunjung biasa). Periksa halaman, bersihkan, lalu ganti kata sandi admin."
        ),
    }
)

# --- PPID (opdcrawl/report/ppid.py) ------------------------------------------------------
# The offices' words: "ada"/"tidak ada" per item, as in Kota Serang's PPID evaluation.

PPID_STATUS: dict[str, str] = {"found": "ada", "missing": "tidak ada", "unchecked": "belum dicek"}
PPID_WHERE: dict[str, str] = {
    "site": "website OPD",
    "portal": "portal PPID pemda",
    "siteportal": "website OPD dan portal PPID pemda",
}
PPID_ITEM_VALUES: dict[bool, str] = {True: "ada", False: "tidak ada"}
SHEETS["ppid"] = "Kepatuhan PPID"
HEADERS.update(
    {
        "ppid": "PPID",
        "ppid_items": "Item PPID (ada/standar)",
        "ppid_documents": "Dokumen PPID",
        "ppid_newest_document": "Dokumen PPID Terbaru",
        "ppid_where": "PPID di",
        "item_dip": "Daftar Informasi Publik (DIP)",
        "item_profil_ppid": "Profil PPID",
        "item_sop": "SOP / Maklumat Pelayanan Informasi",
        "item_laporan_keuangan": "Laporan Keuangan",
        "item_lakip": "LAKIP / LKjIP",
        "item_renstra_renja": "Renstra / Renja",
        "item_rka_dpa": "RKA / DPA",
        "item_formulir_permohonan": "Formulir Permohonan Informasi",
        "item_formulir_keberatan": "Formulir Keberatan",
        "documents_published": "Dokumen Terbit",
        "documents_broken": "Tautan Rusak",
        "documents_image": "Gambar (Bukan Dokumen)",
        "documents_unchecked": "Dokumen Belum Diperiksa",
        "newest_document_at": "Dokumen Terbaru",
        "ppid_url": "Halaman PPID",
        "portal_page_url": "Halaman di Portal PPID",
        "ppid_run_id": "ID Crawl PPID",
    }
)
HEADINGS["ppid"] = "Kepatuhan PPID (keterbukaan informasi publik)"
HEADINGS["no_ppid"] = "Belum ada pemeriksaan PPID (jalankan: scrapy crawl ppid)."
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
    "Tidak ada sertifikat HTTPS yang kedaluwarsa, akan kedaluwarsa dalam 30 hari, atau bermasalah."
)
# --- Inventory: registered, proposed, unknown (opdcrawl.report.inventory; opdcrawl discover) ---
SHEETS["inventory"] = "Inventaris Kanal"
HEADERS.update(
    {
        "channel_kind": "Jenis Kanal",
        "channel_name": "Kanal",
        "opd_total": "Jumlah OPD",
        "inventory_registered": "Terdaftar",
        "inventory_none": "Terkonfirmasi Tidak Ada",
        "inventory_proposed": "Diusulkan (Menunggu Diperiksa)",
        "inventory_unknown": "Belum Diketahui",
        "inventory_known_pct": "Sudah Diketahui (%)",
        "discover_run_id": "ID Crawl Discover",
    }
)
HEADINGS["inventory"] = "Inventaris website dan akun media sosial"
HEADINGS["inventory_note"] = (
    "Terdaftar: alamat ada di registri. Terkonfirmasi tidak ada: '-' di registri. Diusulkan: "
    "kolom registri masih kosong dan 'opdcrawl discover' menemukan kandidat yang menunggu "
    "diperiksa operator. Belum diketahui: kosong tanpa usulan."
)
INVENTORY_CHANNELS: tuple[str, ...] = CHANNEL_KINDS
# Where a proposal was found (``opdcrawl.discovery``; the proposals file's "sources").
DISCOVERY_SOURCES: dict[str, str] = {
    "tebakan": "tebakan nama host",
    "portal": "tautan di portal pemda",
    "ppid": "tautan di portal PPID",
    "sitemap": "sitemap portal pemda",
    "ct": "daftar host CT",
    "catatan": "catatan registri (tebakan belum terverifikasi)",
    "website-opd": "tautan di website OPD",
    "website-usulan": "tautan di website yang diusulkan",
}
PROPOSAL_STATUS: dict[str, str] = {"proposed": "diusulkan", "accepted": "diterima"}
PROPOSALS_SHEET = "Usulan"

"""Every word an alert says, in Bahasa Indonesia: titles, messages and CLI lines.

Category labels, channel names, dates and reachability reasons come from the report's
wording (``opdcrawl.report.wording``, ``opdcrawl.reachability``), so an alert and the
monthly report describe an OPD the same way.
"""

from __future__ import annotations

# --- What an alert says about one OPD ------------------------------------------------------

TITLES: dict[str, str] = {
    "category_became": "{channel} menjadi {category}",
    "category_first": "{channel} berstatus {category}",
    "spam": "Indikasi spam judi online di {channel}",
    "integrity": "{channel}: {signal}",
    "certificate_expired": "Sertifikat HTTPS {channel} kedaluwarsa",
    "certificate_expiring": "Sertifikat HTTPS {channel} berakhir dalam {days} hari",
    "certificate_problem": "Sertifikat HTTPS {channel} bermasalah: {label}",
}
DETAILS: dict[str, str] = {
    "before": "sebelumnya {category}",
    "last_post": "posting terakhir {date} ({days} hari sebelum dicek)",
    "no_dated_post": "tidak ada posting bertanggal",
    "unreachable": "{label}: {hint}",
    "spam_terms": "kata yang ditemukan: {terms}",
    "spam_new": "baru: {terms}",
    "checked": "dicek {date} (crawl #{run_id})",
    # Integrity findings: the page, what was seen (crawled text, cut), cloaking's other view.
    "integrity_page": "halaman {url}",
    "integrity_seen": "terlihat: “{snippet}”",
    "integrity_visitor": "pengunjung biasa melihat: “{snippet}”",
    "integrity_detail": "menunjuk ke {detail}",
    "integrity_more": "{count} temuan {signal} pada pemeriksaan ini",
    "integrity_hint": "bersihkan halaman, periksa plugin/tema, lalu ganti kata sandi admin",
    # Certificates: validity, host and issuer, then the fix-it hint.
    "certificate": "berlaku sampai {date}; host {host}; penerbit {issuer}",
}

# Dashboard and message section headings, one per alert kind (opdcrawl.alerts.sources).
HEADINGS: dict[str, str] = {
    "category": "OPD yang menjadi Tidak Aktif atau Tidak Dapat Diakses",
    "spam": "Indikasi spam judi online",
    "integrity": "Integritas situs: spam judi, cloaking, peretasan",
    "certificate": "Sertifikat HTTPS kedaluwarsa, segera berakhir, atau bermasalah",
}

# --- The message to one recipient ----------------------------------------------------------

SUBJECT = "[opdcrawl] {region}: {count} peringatan website/akun OPD"
GREETING = "Peringatan pemantauan website dan media sosial OPD — {region}"
INTRO = (
    "Berikut perubahan yang ditemukan opdcrawl sejak pemberitahuan sebelumnya ({count} peringatan):"
)
ITEM = "- {opd_name} ({opd_code}): {title}"
ITEM_DETAIL = "  {detail}"
ITEM_URL = "  {url}"
DASHBOARD = "Dasbor: {url}"
FOOTER = (
    "Pesan ini dikirim otomatis oleh opdcrawl (perintah 'opdcrawl alerts'). "
    "Setiap peringatan dikirim sekali."
)

# --- The command line ----------------------------------------------------------------------

MESSAGES: dict[str, str] = {
    "config_missing": (
        "Berkas pengaturan peringatan {path} tidak ada. Buat berkas TOML berisi penerima "
        "(lihat README, bagian 'Peringatan'), atau tunjuk berkas lain dengan --config."
    ),
    "config_toml": "{path}: bukan TOML yang sah ({error}).",
    "config_problem": "{path}: {where}: {problem}",
    "no_schema": (
        "Basis data {url} belum disiapkan atau tidak dapat dibaca ({error}); "
        "jalankan 'opdcrawl db upgrade' dan 'opdcrawl db sync'."
    ),
    "detected": "Wilayah {region}: {count} peringatan baru.",
    "nothing_new": "Tidak ada peringatan baru.",
    "no_recipient": (
        "PERHATIAN: {count} peringatan untuk wilayah {region} tidak punya penerima di {path}; "
        "dicatat di basis data tanpa dikirim."
    ),
    "sent": "Terkirim: {recipient} — {region}, {count} peringatan.",
    "failed": (
        "GAGAL mengirim ke {recipient} — {region}, {count} peringatan, setelah {tries} kali "
        "mencoba: {error}. Akan dicoba lagi pada 'opdcrawl alerts' berikutnya."
    ),
    "dry_run": "Uji coba (--dry-run): tidak ada yang dicatat atau dikirim.",
    "no_smtp": "tidak ada bagian [smtp] di berkas pengaturan, padahal ada penerima email",
    "summary": "Selesai: {sent} pesan terkirim, {failed} gagal.",
}

"""The dashboard's own words, in Bahasa Indonesia; the rest comes from the reports'.

Column headers, category labels, the summary sentence, dates and reachability reasons
are ``opdcrawl.report.wording`` and ``opdcrawl.reachability``: the dashboard and the
monthly report must say the same thing about an OPD.
"""

from __future__ import annotations

TITLE = "Dasbor Keaktifan Website OPD"
NAV: dict[str, str] = {
    "dashboard": "Ringkasan",
    "ranking": "Peringkat",
    "api": "API JSON",
    "wall": "Mode layar besar",
    "normal": "Mode biasa",
}
HEADINGS: dict[str, str] = {
    "filters": "Saring",
    "summary": "Ringkasan wilayah",
    "distribution": "Sebaran kategori",
    "trend": "Tren bulanan",
    "warnings": "Peringatan",
    "table": "Daftar OPD",
    "opd_latest": "Kondisi terbaru per kanal",
    "opd_history": "Riwayat pemeriksaan",
    "opd_reason": "Alasan",
    "ranking": "Peringkat (reward & punishment)",
    "api": "API JSON",
}
FILTER_LABELS: dict[str, str] = {
    "region": "Wilayah",
    "kind": "Jenis OPD",
    "category": "Kategori",
    "channel": "Kanal",
    "sort": "Urutkan",
    "all": "Semua",
    "apply": "Terapkan",
    "reset": "Hapus saringan",
}
OPD_KIND_LABELS: dict[str, str] = {
    "dinas": "Dinas",
    "badan": "Badan",
    "sekretariat": "Sekretariat",
    "kecamatan": "Kecamatan",
    "kelurahan": "Kelurahan",
    "desa": "Desa",
    "rsud": "RSUD",
    "bumd": "BUMD",
    "lainnya": "Lainnya",
}
TEXT: dict[str, str] = {
    "count": "{shown} dari {total} OPD ditampilkan",
    "no_rows": "Tidak ada OPD yang cocok dengan saringan ini.",
    "no_warnings": "Tidak ada peringatan.",
    "no_history": "Belum pernah dicek.",
    "updated": "Data terakhir: {time}",
    "refresh": "Halaman dimuat ulang setiap {seconds} detik.",
    "channel_note": "Kategori, tren dan urutan di bawah ini untuk kanal {channel}.",
    "read_only": "Hanya baca: dasbor ini tidak mengubah data apa pun.",
    "api_intro": (
        "Data yang sama dalam JSON, untuk halaman command center di alamat lain (CORS "
        "diizinkan untuk GET). Uraian OpenAPI: {openapi}."
    ),
    "spam": "Spam judi",
}
ERRORS: dict[str, str] = {
    "bad_filter": "Nilai {name}={value!r} tidak dikenal; pilihan: {allowed}.",
    "unknown_region": "Wilayah {slug!r} tidak ada di basis data.",
    "unknown_opd": "OPD {code!r} tidak ada di wilayah {slug!r}.",
    "not_found": "Halaman tidak ditemukan.",
    "database": (
        "Basis data belum disiapkan atau tidak dapat dibaca; jalankan 'opdcrawl db upgrade' "
        "dan 'opdcrawl db sync', lalu muat ulang halaman ini."
    ),
    "no_regions": "Basis data belum berisi wilayah; jalankan 'opdcrawl db sync' dulu.",
    "method": "Dasbor ini hanya baca: metode {method} tidak diizinkan.",
}
CLI: dict[str, str] = {
    "listening": "Dasbor berjalan di {url} (basis data: {database}). Tekan Ctrl-C untuk berhenti.",
    "api": "API JSON: {url}api-doc  ·  uraian OpenAPI: {url}api/openapi.json",
    "open_network": (
        "PERHATIAN: --host {host} membuka dasbor untuk jaringan, bukan hanya komputer ini."
    ),
    "no_schema": (
        "Basis data {url} belum disiapkan atau tidak dapat dibaca ({error}); "
        "jalankan 'opdcrawl db upgrade' dan 'opdcrawl db sync'."
    ),
}

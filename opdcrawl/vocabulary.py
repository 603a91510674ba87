"""The words reports use, as values stored in SQL and shown to operators.

Kept as string enums whose values are the Indonesian labels, so a database row, a CSV
cell and a report sentence all say the same thing.
"""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    AKTIF = "Aktif"
    KURANG_AKTIF = "Kurang Aktif"
    TIDAK_AKTIF = "Tidak Aktif"
    TIDAK_DAPAT_DIAKSES = "Tidak Dapat Diakses"
    TIDAK_PUNYA_WEBSITE = "Tidak Punya Website"
    BELUM_TERDAFTAR = "Belum Terdaftar"  # channel left empty in the registry: unknown


class Cadence(StrEnum):
    HARIAN = "harian"
    MINGGUAN = "mingguan"
    BULANAN = "bulanan"
    JARANG = "jarang"
    BELUM_CUKUP_DATA = "belum cukup data"


CHANNEL_KINDS: tuple[str, ...] = ("website", "instagram", "facebook", "youtube", "x", "tiktok")

OPD_KINDS: tuple[str, ...] = (
    "dinas",
    "badan",
    "sekretariat",
    "kecamatan",
    "kelurahan",
    "desa",
    "rsud",
    "bumd",
    "lainnya",
)

# Order used for "worst first" sorting and for summary sentences.
CATEGORY_ORDER: tuple[Category, ...] = (
    Category.AKTIF,
    Category.KURANG_AKTIF,
    Category.TIDAK_AKTIF,
    Category.TIDAK_DAPAT_DIAKSES,
    Category.TIDAK_PUNYA_WEBSITE,
    Category.BELUM_TERDAFTAR,
)


# Site integrity signals (``opdcrawl.extract.integrity``): code stored in SQL -> label.
INTEGRITY_SIGNAL_LABELS: dict[str, str] = {
    "cloaking": "Cloaking: isi berbeda untuk mesin pencari",
    "hidden_block": "Blok tersembunyi berisi judi",
    "injected_link": "Tautan sisipan ke situs judi",
    "title_hijack": "Judul/deskripsi dibajak",
    "foreign_canonical": "Canonical ke domain asing",
    "foreign_amphtml": "Versi AMP di domain asing",
    "sitemap_only_page": "Halaman judi hanya di sitemap",
    "defacement": "Tanda deface (peretasan tampilan)",
    "spam_text": "Istilah judi di halaman",
}

"""“Cara membaca laporan ini”: the categories, the score and the ranking rule in plain
Indonesian, for the HTML page and the workbook.

Generated, never retyped: every threshold comes from ``opdcrawl.freshness`` (its
constants and ``FreshnessRules`` with the defaults of ``opdcrawl.settings``, per
channel kind) and the ranking's steps, ties and ranked categories from
``opdcrawl.rules``, so the text changes when a rule does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from opdcrawl import freshness, rules
from opdcrawl import settings as default_settings
from opdcrawl.freshness import FreshnessRules
from opdcrawl.report import wording
from opdcrawl.report.ranking import TOP_AND_BOTTOM
from opdcrawl.vocabulary import CHANNEL_KINDS, Category

TITLE = "Cara membaca laporan ini"

# How each step of ``rules.RANKING`` reads in a sentence.
RANK_STEP_PHRASES: dict[str, str] = {
    "score": "skor tertinggi",
    "last_post_at": "posting terakhir yang lebih baru",
    "posts_90d": "jumlah posting 90 hari terbanyak",
    "opd_code": "kode OPD A–Z",
}


def number(value: float) -> str:
    """5.0 -> "5", 0.25 -> "0,25" (Indonesian decimal comma)."""
    return f"{value:g}".replace(".", ",")


def _settings() -> Mapping[str, Any]:
    return {name: getattr(default_settings, name) for name in dir(default_settings)}


def rules_by_kind(settings: Mapping[str, Any] | None = None) -> dict[str, FreshnessRules]:
    """Channel kind -> the rules it is judged by (defaults of ``opdcrawl.settings``)."""
    settings = settings if settings is not None else _settings()
    return {kind: FreshnessRules.from_settings(settings, kind) for kind in CHANNEL_KINDS}


def ranking_rule() -> str:
    """The ranking rule in one paragraph, from ``rules.RANKING`` and ``rules.RANKED``."""
    places = [RANK_STEP_PHRASES[step.column] for step in rules.RANKING if step.decides_place]
    listing = [RANK_STEP_PHRASES[step.column] for step in rules.RANKING if not step.decides_place]
    order = _order(places)
    ranked = wording.join_list([category.value for category in rules.RANKED])
    unranked = [c.value for c in Category if c not in rules.RANKED] + [wording.NOT_CHECKED]
    return (
        f"Hanya OPD yang websitenya dapat dinilai ({ranked}) yang diberi peringkat, "
        f"diurutkan menurut {order}. OPD yang sama pada semua hal itu berbagi peringkat "
        f"(misalnya 1, 2, 2, 4) dan ditulis berurutan menurut {wording.join_list(listing)}. "
        f"{TOP_AND_BOTTOM} teratas disebut “{wording.RANK_GROUPS['top']}” dan "
        f"{TOP_AND_BOTTOM} terbawah “{wording.RANK_GROUPS['bottom']}” (di wilayah kecil "
        "paling banyak separuh OPD yang diperingkat); OPD yang berbagi peringkat dengan "
        f"yang terakhir ikut disebut. OPD {wording.join_list(unranked)} tidak diberi "
        "peringkat dan tidak pernah masuk daftar paling tidak aktif: mereka ditulis "
        f"terpisah sebagai “{wording.RANK_GROUPS['unranked']}”. Peringkat media sosial "
        "memakai aturan yang sama atas akun terbaik tiap OPD."
    )


def _order(steps: list[str]) -> str:
    """ "skor tertinggi; bila sama, …; lalu …" from the phrases of ranking steps."""
    return steps[0] + "".join(
        f"; bila sama, {phrase}" if index == 1 else f"; lalu {phrase}"
        for index, phrase in enumerate(steps[1:], start=1)
    )


def social_ranking_rule() -> str:
    """How the social ranking applies ``rules.RANKING``: per OPD its best account."""
    places = [RANK_STEP_PHRASES[step.column] for step in rules.RANKING if step.decides_place]
    return (
        "Tiap OPD dinilai dari akun media sosialnya yang terbaik: akun yang dapat dinilai "
        f"lebih dulu, lalu {_order(places)}. OPD diurutkan dengan aturan yang sama atas akun "
        "itu; yang sama berbagi peringkat. OPD yang tidak punya akun yang dapat dinilai "
        f"ditulis terakhir sebagai “{wording.RANK_GROUPS['unranked']}”."
    )


def _category_lines(website: FreshnessRules) -> list[str]:
    return [
        f"{Category.AKTIF.value}: posting terakhir paling lama {website.active_max_days} hari "
        f"sebelum pemeriksaan dan sedikitnya {website.active_min_posts_90d} posting dalam "
        "90 hari terakhir.",
        f"{Category.KURANG_AKTIF.value}: posting terakhir paling lama "
        f"{website.less_active_max_days} hari, tetapi belum memenuhi syarat Aktif.",
        f"{Category.TIDAK_AKTIF.value}: posting terakhir lebih dari "
        f"{website.less_active_max_days} hari, atau website terbuka dan terbaca tetapi tidak "
        "ada posting bertanggal.",
        f"{Category.TIDAK_DAPAT_DIAKSES.value}: website tidak dapat dibuka atau dibaca pada "
        "pemeriksaan ini (alasannya di kolom Status Akses). Keaktifannya tidak dapat "
        "dinilai, jadi skor, jumlah posting dan frekuensinya ditulis “-”.",
        f"{Category.TIDAK_PUNYA_WEBSITE.value}: registri berisi “-” pada kolom website.",
        f"{Category.BELUM_TERDAFTAR.value}: kolom website di registri masih kosong.",
        f"{wording.NOT_CHECKED}: website terdaftar tetapi belum diperiksa.",
    ]


def _social_line(by_kind: Mapping[str, FreshnessRules]) -> str:
    website = by_kind["website"]
    groups: dict[FreshnessRules, list[str]] = {}
    for kind, kind_rules in by_kind.items():
        if kind != "website":
            groups.setdefault(kind_rules, []).append(wording.CHANNEL_NAMES.get(kind, kind))
    parts = []
    for kind_rules, names in groups.items():
        if kind_rules == website:
            parts.append(f"{wording.join_list(names)} dinilai dengan ambang yang sama")
            continue
        parts.append(
            f"{wording.join_list(names)}: Aktif bila unggahan terakhir paling lama "
            f"{kind_rules.active_max_days} hari dan sedikitnya "
            f"{kind_rules.active_min_posts_90d} unggahan dalam 90 hari; Kurang Aktif bila "
            f"paling lama {kind_rules.less_active_max_days} hari"
        )
    return (
        "Akun media sosial punya ambangnya sendiri: " + "; ".join(parts) + ". Akun yang "
        "tidak dapat dibaca (privat, diminta login, gangguan platform) ditulis "
        f"{Category.TIDAK_DAPAT_DIAKSES.value}, bukan {Category.TIDAK_AKTIF.value}."
    )


def sections(settings: Mapping[str, Any] | None = None) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) of the guide, in reading order."""
    by_kind = rules_by_kind(settings)
    website = by_kind["website"]
    assessed = wording.join_list([category.value for category in rules.ASSESSED])
    cadence = (
        f"Dihitung dari rata-rata posting per minggu selama {website.cadence_window_days} "
        f"hari terakhir: harian bila paling sedikit {number(website.daily_per_week)}, "
        f"mingguan bila paling sedikit {number(website.weekly_per_week)}, bulanan bila "
        f"paling sedikit {number(website.monthly_per_week)}, di bawahnya jarang; kurang "
        f"dari {website.cadence_min_posts} posting: belum cukup data."
    )
    score = (
        f"Skor 0–100 = kebaruan + frekuensi. Kebaruan paling banyak "
        f"{freshness.RECENCY_POINTS} poin: {freshness.RECENCY_POINTS} × (1 − hari sejak "
        f"posting terakhir ÷ {freshness.RECENCY_HORIZON_DAYS}), tidak kurang dari 0. "
        f"Frekuensi paling banyak {freshness.FREQUENCY_POINTS} poin: "
        f"{freshness.FREQUENCY_POINTS} × posting 90 hari ÷ "
        f"{freshness.FREQUENCY_FULL_POSTS_90D} (penuh pada "
        f"{freshness.FREQUENCY_FULL_POSTS_90D} posting, kira-kira seminggu sekali). "
        "Website tanpa posting bertanggal mendapat 0."
    )
    overall = (
        f"Kategori OPD (semua kanal) adalah kategori terbaik di antara website dan akun "
        f"media sosial yang dapat dinilai ({assessed}); bila tidak ada yang dapat dinilai, "
        "kategori website yang berlaku."
    )
    notes = [
        (
            "Tanda “-”",
            "Tidak ada nilai: belum diperiksa, tidak ada, atau tidak dapat diukur karena "
            "website atau akun tidak dapat diakses. Angka 0 selalu berarti hasil hitungan.",
        ),
        (
            "Spam judi online",
            "Website yang memuat kata-kata judi online (misalnya “slot gacor”) ditandai di "
            "kolom Terindikasi Spam Judi dan disebut di ringkasan: tanda situs disusupi.",
        ),
        (
            "Baris registri yang dilewati",
            "Baris registri yang bergalat (kode ganda, jenis OPD tidak dikenal, alamat "
            "rusak, …) tidak ikut diperiksa. Ringkasan menyebut berapa baris dan di mana, "
            "supaya jumlah OPD tidak berkurang diam-diam.",
        ),
    ]
    return [
        ("Kategori website", _category_lines(website)),
        ("Kategori akun media sosial", [_social_line(by_kind)]),
        ("Kategori OPD (semua kanal)", [overall]),
        ("Frekuensi", [cadence]),
        ("Skor", [score]),
        ("Peringkat", [ranking_rule()]),
        *((heading, [text]) for heading, text in notes),
    ]

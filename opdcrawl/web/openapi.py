"""The JSON API's OpenAPI 3.1 description, written once and served at ``/api/openapi.json``.

Starlette gives no OpenAPI description without YAML docstrings (and a YAML library), so
the API is described here as data; the ``/api-doc`` page is rendered from the same
document, and ``tests/test_web_api.py`` checks that every API route is in it.
"""

from __future__ import annotations

from typing import Any

from opdcrawl import __version__
from opdcrawl.report import wording
from opdcrawl.vocabulary import CHANNEL_KINDS, OPD_KINDS
from opdcrawl.web.filters import SORT_COLUMNS


def _query(name: str, description: str, values: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    if values:
        schema["enum"] = values
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}  # fmt: skip


def _path(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string"}}  # fmt: skip


REGION = _query("region", "Kode wilayah (slug), mis. kota-serang; kosong = semua wilayah")
FILTERS = [
    REGION,
    _query("kind", "Jenis OPD", list(OPD_KINDS)),
    _query("category", "Kategori (label laporan)", list(wording.CATEGORY_LABELS)),
    _query("channel", "Kanal yang ditampilkan (bawaan: website)", list(CHANNEL_KINDS)),
    _query(
        "sort",
        "Kolom urutan; awali '-' untuk menurun",
        [*SORT_COLUMNS, *(f"-{c}" for c in SORT_COLUMNS)],
    ),
]
REGION_PATH = _path("region", "Kode wilayah (slug)")
CODE_PATH = _path("code", "Kode OPD di registri")

# path -> (summary, parameters, description of the answer)
ENDPOINTS: dict[str, tuple[str, list[dict[str, Any]], str]] = {
    "/api/regions": (
        "Ringkasan per wilayah (v_region_summary) dengan kalimat ringkasan",
        [],
        "{regions: [{region_slug, region_name, total_opd, aktif, kurang_aktif, tidak_aktif, "
        "tidak_dapat_diakses, tidak_punya_website, belum_terdaftar, not_checked, with_website, "
        "reachable, summary_sentence}]}",
    ),
    "/api/regions/{region}/report": (
        "Laporan lengkap satu wilayah, sama dengan opdcrawl report --format json",
        [REGION_PATH, FILTERS[3]],
        "Dokumen JSON laporan: summary, opd, ranking, changes, trend, ownership, categories, "
        "social_ranking, no_social_account (kolom: opdcrawl/report/COLUMNS.md)",
    ),
    "/api/opds": (
        "Daftar OPD (baris 'Per OPD'), disaring dan diurutkan seperti dasbor",
        FILTERS,
        "{filters, total, count, opds: [baris 'Per OPD']}",
    ),
    "/api/opds/{region}/{code}": (
        "Satu OPD: baris 'Per OPD', alasan kategori, peringatan dan riwayat pemeriksaan",
        [REGION_PATH, CODE_PATH],
        "{opd, reason, warnings, history: [satu baris per pemeriksaan, terbaru dulu]}",
    ),
    "/api/ranking": (
        "Peringkat (reward & punishment) per wilayah",
        [REGION],
        "{ranking: [baris 'Peringkat']}",
    ),
    "/api/warnings": (
        "Peringatan saat ini per jenis (mis. spam judi, OPD yang turun kategori)",
        [REGION],
        "{warnings: [{kind, heading, findings: [{kind, region_slug, opd_code, opd_name, "
        "channel_kind, title, detail, url, run_id}]}]}",
    ),
    "/api/history": (
        "Riwayat per crawl, wilayah dan kanal (v_history)",
        [REGION],
        "{history: [baris v_history, terbaru dulu]}",
    ),
    "/api/openapi.json": ("Uraian OpenAPI ini", [], "Dokumen OpenAPI 3.1"),
}

_ERROR = {
    "description": "Galat: {error: pesan dalam Bahasa Indonesia, status}",
    "content": {"application/json": {"schema": {"type": "object"}}},
}


def document() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for path, (summary, parameters, answer) in ENDPOINTS.items():
        paths[path] = {
            "get": {
                "summary": summary,
                "parameters": parameters,
                "responses": {
                    "200": {
                        "description": answer,
                        "headers": {
                            "ETag": {"schema": {"type": "string"}},
                            "Cache-Control": {"schema": {"type": "string"}},
                        },
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                    "304": {"description": "Tidak berubah sejak ETag yang dikirim (If-None-Match)"},
                    "400": _ERROR,
                    "404": _ERROR,
                    "503": _ERROR,
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "opdcrawl API",
            "version": __version__,
            "description": (
                "Data pemantauan keaktifan website dan media sosial OPD, hanya baca. "
                "Waktu dalam ISO 8601 WIB; null berarti tidak ada nilai."
            ),
        },
        "paths": paths,
    }

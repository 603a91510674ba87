"""A blank registry for a new region: ``opdcrawl seeds template [--xlsx] PATH``.

An office starting out should not have to type the header right; the template has it,
one example row that passes ``opdcrawl seeds check``, and (in Excel) an instructions
sheet, a drop-down for ``kind`` and text-formatted columns so codes such as ``001``
keep their zeros. The column guide here is the one the instructions sheet shows.
"""

from __future__ import annotations

import csv
from pathlib import Path

from opdcrawl.registry import COLUMNS, NONE_MARK
from opdcrawl.registry_xlsx import INSTRUCTIONS_SHEET, REGISTRY_SHEET
from opdcrawl.vocabulary import OPD_KINDS

# column -> (required, what goes in it), in Indonesian for the instructions sheet
COLUMN_GUIDE: dict[str, tuple[str, str]] = {
    "region": ("ya", "nama wilayah untuk laporan; sama di setiap baris (mis. Kota Serang)"),
    "code": ("ya", "kode OPD, unik dalam berkas; huruf, angka, '.', '-', '_', tanpa spasi"),
    "name": ("ya", "nama resmi lengkap OPD"),
    "short_name": ("tidak", "singkatan; bila kosong dipakai nama lengkap"),
    "kind": ("ya", "jenis OPD: " + ", ".join(OPD_KINDS)),
    "website": ("-", "alamat website; boleh tanpa https:// (mis. dinkes.serangkota.go.id)"),
    "instagram": ("-", "akun Instagram: @nama_akun atau URL lengkap"),
    "facebook": ("-", "akun/halaman Facebook: nama akun atau URL lengkap"),
    "youtube": ("-", "kanal YouTube: @nama_kanal atau URL lengkap"),
    "x": ("-", "akun X (Twitter): @nama_akun atau URL lengkap"),
    "tiktok": ("-", "akun TikTok: @nama_akun atau URL lengkap"),
    "notes": ("tidak", "catatan bebas untuk operator"),
}

INSTRUCTIONS: tuple[str, ...] = (
    "Registri OPD untuk opdcrawl",
    "",
    f"Isi lembar '{REGISTRY_SHEET}': satu baris per OPD. Baris 1 adalah baris judul: jangan "
    "diubah, dipindah atau diterjemahkan.",
    "Nama berkas adalah slug wilayah (huruf kecil, angka, '-'): kota-serang.xlsx untuk "
    "wilayah kota-serang. Satu wilayah satu berkas: jangan simpan kota-serang.csv dan "
    "kota-serang.xlsx berdampingan.",
    "Ganti atau hapus baris contoh di baris 2.",
    "",
    "Tiga status kanal (kolom website sampai tiktok):",
    "  alamat atau handle = terdaftar, diperiksa setiap crawl",
    "  kosong = belum diisi (Belum Terdaftar); perlu dicari",
    f"  {NONE_MARK} (satu tanda hubung) = sudah dipastikan OPD tidak punya kanal ini",
    "Jangan isi '-' hanya karena alamatnya belum diketahui: biarkan kosong.",
    "",
    "Setelah menyunting, simpan sebagai Excel Workbook (.xlsx) lalu jalankan: "
    "opdcrawl seeds check <berkas>",
    "",
    "Kolom:",
)


# Slug words that stand for a longer word in a region's name.
_SLUG_WORDS = {"kab": "Kabupaten", "prov": "Provinsi"}


def region_name_for(slug: str) -> str:
    """``kota-serang`` -> ``Kota Serang``, ``kab-lebak`` -> ``Kabupaten Lebak``: a starting
    value the office corrects if needed."""
    return " ".join(_SLUG_WORDS.get(part, part.capitalize()) for part in slug.split("-"))


def example_row(region_name: str) -> list[str]:
    """One row that passes ``seeds check``: every channel state shown once."""
    values = {
        "region": region_name,
        "code": "OPD-01",
        "name": "Dinas Komunikasi dan Informatika",
        "short_name": "Diskominfo",
        "kind": "dinas",
        "website": "diskominfo.contoh.go.id",
        "instagram": "@diskominfo.contoh",
        "facebook": "",
        "youtube": NONE_MARK,
        "x": "",
        "tiktok": "",
        "notes": "baris contoh: ganti atau hapus",
    }
    return [values[column] for column in COLUMNS]


def write_csv(path: Path, region_name: str) -> None:
    with path.open("x", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerow(example_row(region_name))


def write_xlsx(path: Path, region_name: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = REGISTRY_SHEET
    example = example_row(region_name)
    sheet.append(list(COLUMNS))
    sheet.append(example)
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F4E78")
    for index, value in enumerate(example, start=1):
        header = sheet.cell(row=1, column=index)
        header.font, header.fill = header_font, header_fill
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = max(12, min(40, len(value) + 4))
        # Text format for the whole column: codes like 001 and handles keep their form.
        dimension.number_format = "@"
        sheet.cell(row=2, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    kinds = DataValidation(
        type="list",
        formula1='"' + ",".join(OPD_KINDS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Jenis OPD",
        error="Pilih salah satu: " + ", ".join(OPD_KINDS),
    )
    kind_letter = get_column_letter(COLUMNS.index("kind") + 1)
    kinds.add(f"{kind_letter}2:{kind_letter}2000")
    sheet.add_data_validation(kinds)

    guide = workbook.create_sheet(INSTRUCTIONS_SHEET)
    for line in INSTRUCTIONS:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append(["Kolom", "Wajib", "Isi"])
    header_row = guide.max_row
    for cell in guide[header_row]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        required, meaning = COLUMN_GUIDE[column]
        guide.append([column, required, meaning])
    guide.column_dimensions["A"].width = 14
    guide.column_dimensions["B"].width = 8
    guide.column_dimensions["C"].width = 90
    for row in guide.iter_rows(min_row=header_row + 1):
        row[2].alignment = Alignment(wrap_text=True)
    with path.open("xb") as handle:
        workbook.save(handle)

"""The registry of OPDs and their channels, loaded from ``seeds/<region-slug>.csv``
or ``seeds/<region-slug>.xlsx`` (Excel; the rows are read by ``opdcrawl.registry_xlsx``
and checked here by the same rules as CSV rows).

Types first; loading and validation below. A channel has three states that are kept
apart all the way to the reports: a URL or handle (registered), an empty cell
(unknown: nobody has filled it in) and ``-`` (confirmed: the OPD has none).

"All regions" (no region given, or ``all``) means every region except the demo:
``seeds/demo.csv`` lists the loopback demo sites of ``opdcrawl demo``, which a
production crawl must never store or report. The demo is loaded only when named
(``-a region=demo``, ``--region demo``), from the packaged seeds or any seeds folder.
"""

from __future__ import annotations

import csv
import difflib
import importlib.resources
import io
import pkgutil
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from opdcrawl.channels import (
    SOCIAL_HOSTS,
    SeedValueError,
    normalise_social,
    normalise_website,
    website_key,
)
from opdcrawl.kinds import extra_kinds
from opdcrawl.registry_xlsx import XlsxUnreadable, column_letter, read_registry_sheet
from opdcrawl.vocabulary import CHANNEL_KINDS, OPD_KINDS

ERROR = "error"
WARNING = "warning"

DEMO_REGION = "demo"
# Regions that "all regions" leaves out: loaded only when asked for by name.
NAMED_ONLY_REGIONS: frozenset[str] = frozenset({DEMO_REGION})


def selects(slug: str, regions: Iterable[str] | None) -> bool:
    """Whether region ``slug`` is in a selection: the named ``regions``, or when none are
    named ("all regions"), every region but those in ``NAMED_ONLY_REGIONS``."""
    if regions:
        return slug in regions
    return slug not in NAMED_ONLY_REGIONS


class ChannelState(StrEnum):
    REGISTERED = "registered"
    UNKNOWN = "unknown"
    NONE = "none"


@dataclass(frozen=True)
class ChannelEntry:
    kind: str  # one of vocabulary.CHANNEL_KINDS
    state: ChannelState
    url: str | None = None  # normalised absolute URL when registered
    raw: str = ""  # the cell as written in the CSV
    # Why a social cell could not be read (Indonesian); its state is then UNKNOWN for this
    # run, the OPD and its other channels still run, and the database keeps what it held.
    problem: str = ""

    @property
    def scheme_given(self) -> bool:
        """Whether the cell named http:// or https://; without one the crawl tries https
        and falls back to http (``opdcrawl.scheme_fallback``)."""
        return "://" in self.raw


@dataclass(frozen=True)
class OpdSeed:
    region_slug: str  # from the file name: seeds/kota-serang.csv -> "kota-serang"
    region_name: str  # from the "region" column: "Kota Serang"
    code: str  # unique within the region
    name: str
    short_name: str
    kind: str  # one of vocabulary.OPD_KINDS
    channels: dict[str, ChannelEntry]  # every kind in CHANNEL_KINDS is present
    notes: str = ""
    source: str = ""  # "seeds/kota-serang.csv:5", for messages
    # The region's central PPID portal (optional column ``ppid_portal``): a region-level
    # value like ``region_name``, the same on every OPD of the file (``spiders/ppid.py``).
    ppid_portal: str | None = None

    @property
    def website(self) -> ChannelEntry:
        return self.channels["website"]


@dataclass(frozen=True)
class SeedProblem:
    file: str
    line: int  # 1-based physical line; 0 when the whole file is at fault
    message: str  # Bahasa Indonesia, for operators
    severity: str = ERROR  # ERROR rejects the row (or file); WARNING only informs

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        prefix = "" if self.is_error else "peringatan: "
        return f"{self.file}:{self.line}: {prefix}{self.message}"


@dataclass
class Registry:
    opds: list[OpdSeed] = field(default_factory=list)
    problems: list[SeedProblem] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # file labels read, in order
    # Regions found but not read because "all regions" leaves them out (the demo).
    left_out: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[SeedProblem]:
        return [problem for problem in self.problems if problem.is_error]

    @property
    def warnings(self) -> list[SeedProblem]:
        return [problem for problem in self.problems if not problem.is_error]

    @property
    def ok(self) -> bool:
        """No errors; warnings alone (a BOM, stray spaces) do not make a registry bad."""
        return not self.errors

    def regions(self) -> dict[str, str]:
        """Region slug -> region name, in file order."""
        return {opd.region_slug: opd.region_name for opd in self.opds}

    def for_regions(self, slugs: list[str] | None) -> list[OpdSeed]:
        if not slugs:
            return list(self.opds)
        wanted = set(slugs)
        return [opd for opd in self.opds if opd.region_slug in wanted]


# --- The file format ------------------------------------------------------------------

COLUMNS: tuple[str, ...] = (
    "region",
    "code",
    "name",
    "short_name",
    "kind",
    "website",
    "instagram",
    "facebook",
    "youtube",
    "x",
    "tiktok",
    "notes",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("region", "code", "name", "kind")
# Optional region-level columns, allowed after the standard ones (like extra channel
# kinds): the value belongs to the region, written on one row or repeated on every row.
REGION_COLUMNS: tuple[str, ...] = ("ppid_portal",)
NONE_MARK = "-"  # the cell value that says "confirmed: this OPD has no such channel"

_SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_EDGE_SPACE_RE = re.compile(r"^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$")
_UTF8_BOM = b"\xef\xbb\xbf"
# File name endings a registry may have; a region has one file, whichever the form.
CSV_SUFFIX = ".csv"
XLSX_SUFFIX = ".xlsx"
REGISTRY_SUFFIXES: tuple[str, ...] = (CSV_SUFFIX, XLSX_SUFFIX)
# Delimiters a registry CSV may use, as messages name them. Excel with an Indonesian
# locale saves "CSV" with semicolons; "Text (Tab delimited)" uses tabs.
DELIMITER_NAMES: dict[str, str] = {",": "koma (,)", ";": "titik koma (;)", "\t": "tab"}


# --- Reading one file ---------------------------------------------------------------------


def is_valid_slug(slug: str) -> bool:
    return bool(_SLUG_RE.fullmatch(slug))


@dataclass
class _FileResult:
    label: str
    slug: str
    opds: list[OpdSeed] = field(default_factory=list)
    problems: list[SeedProblem] = field(default_factory=list)
    # Columns after the standard ones, each a registered extra channel kind (opdcrawl.kinds).
    extra_columns: tuple[str, ...] = ()
    sheet: str = ""  # the worksheet read, for .xlsx registries
    delimiter: str = ","  # of a CSV, as detected from its header

    @property
    def columns(self) -> tuple[str, ...]:
        return COLUMNS + self.extra_columns

    def error(self, line: int, message: str) -> None:
        self.problems.append(SeedProblem(self.label, line, message, ERROR))

    def warn(self, line: int, message: str) -> None:
        self.problems.append(SeedProblem(self.label, line, message, WARNING))

    def cell(self, name: str, line: int) -> str:
        """`` (sel G5)`` for a spreadsheet registry, where a user looks for a cell by its
        reference; empty for a CSV, whose messages already give file and line."""
        if not self.sheet or name not in self.columns:
            return ""
        return f" (sel {column_letter(self.columns.index(name) + 1)}{line})"

    @property
    def read_with(self) -> str:
        """How the file's columns were split, for messages about column counts."""
        if self.sheet or self.delimiter == ",":
            return ""
        return f" (dibaca dengan pemisah {DELIMITER_NAMES[self.delimiter]})"


def _decode(data: bytes, result: _FileResult) -> str:
    """UTF-8 text from the bytes; anything else is reported, never a crash.

    Excel on Windows saves "CSV" as cp1252 and "CSV UTF-8" with a BOM; both are common
    in a Diskominfo office. Lines that are not UTF-8 are read as cp1252 (latin-1 when
    even that fails) so the rows still load, and the file is flagged as an error.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        result.error(
            0,
            "berkas tersimpan sebagai UTF-16 (Excel 'Unicode Text'); "
            "simpan ulang sebagai 'CSV UTF-8 (Comma delimited)'",
        )
        return ""
    if data.startswith(_UTF8_BOM):
        result.warn(
            1,
            "berkas diawali BOM UTF-8 (biasanya dari Excel); diterima, "
            "tetapi sebaiknya simpan sebagai UTF-8 tanpa BOM",
        )
        data = data[len(_UTF8_BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    bad_lines: list[int] = []
    texts: list[str] = []
    guess = "cp1252"
    for number, line in enumerate(lines, start=1):
        try:
            texts.append(line.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            bad_lines.append(number)
        try:
            texts.append(line.decode("cp1252"))
        except UnicodeDecodeError:
            guess = "latin-1"
            texts.append(line.decode("latin-1"))
    looks_like = "cp1252/latin-1" if guess == "cp1252" else "latin-1"
    shown = ", ".join(str(n) for n in bad_lines[:5]) + (", …" if len(bad_lines) > 5 else "")
    result.error(
        bad_lines[0],
        f"berkas bukan UTF-8 (sepertinya {looks_like}, misalnya disimpan dari Excel); "
        f"huruf yang tidak sah ada di baris {shown}. Baris dibaca sebagai {guess}; "
        "simpan ulang sebagai 'CSV UTF-8'",
    )
    return "\n".join(texts)


def _clean(value: str, *, collapse: bool) -> str:
    if collapse:
        return " ".join(_EDGE_SPACE_RE.sub("", value).split())
    return _EDGE_SPACE_RE.sub("", value)


def _pick_delimiter(text: str, result: _FileResult) -> str:
    """The delimiter that splits the header into the most registry column names.

    Comma unless semicolon (Excel with an Indonesian locale) or tab ("Text (Tab
    delimited)") clearly fits better; those are accepted, and named in a warning.
    """
    first_line = text.split("\n", 1)[0].rstrip("\r")
    known = {*COLUMNS, *extra_kinds()}

    def fit(delimiter: str) -> int:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return len({_clean(cell, collapse=True) for cell in cells} & known)

    delimiter = max(DELIMITER_NAMES, key=lambda candidate: (fit(candidate), candidate == ","))
    if delimiter != ",":
        source = "Excel berbahasa Indonesia" if delimiter == ";" else "'Text (Tab delimited)'"
        result.warn(
            1,
            f"pemisah kolom adalah {DELIMITER_NAMES[delimiter]}, bukan koma (biasanya dari "
            f"{source}); diterima, tetapi sebaiknya simpan sebagai 'CSV UTF-8 (Comma "
            "delimited)'",
        )
    result.delimiter = delimiter
    return delimiter


def _check_header(cells: list[str], result: _FileResult) -> bool:
    names = [_clean(cell, collapse=True) for cell in cells]
    if names != cells:
        result.warn(1, "baris judul mengandung spasi berlebih; sudah dirapikan")
    while len(names) > len(COLUMNS) and not names[-1]:
        names.pop()
    if names == list(COLUMNS):
        return True
    extra = names[len(COLUMNS) :]
    allowed = set(extra_kinds()) | set(REGION_COLUMNS)
    if names[: len(COLUMNS)] == list(COLUMNS) and extra and set(extra) <= allowed:
        result.extra_columns = tuple(extra)
        return True
    expected = ",".join(COLUMNS)
    if len(names) != len(COLUMNS):
        missing = [name for name in COLUMNS if name not in names]
        extra = [name for name in names if name not in COLUMNS]
        detail = f"baris judul punya {len(names)} kolom, seharusnya {len(COLUMNS)}"
        if missing:
            detail += f"; tidak ada: {', '.join(missing)}"
        if extra:
            detail += f"; tidak dikenal: {', '.join(repr(name) for name in extra)}"
            if extra_kinds():
                detail += f" (kolom kanal tambahan yang dikenal: {', '.join(extra_kinds())})"
    else:
        index, expected_name, written = next(
            (i, want, got)
            for i, (want, got) in enumerate(zip(COLUMNS, names, strict=True), 1)
            if want != got
        )
        detail = f"kolom ke-{index} pada baris judul seharusnya '{expected_name}', "
        detail += f"tertulis '{written}'"
    result.error(
        1, f"{detail}{result.read_with}. Baris judul yang benar: {expected}. Berkas dilewati"
    )
    return False


# One record of a registry file: first and last physical line (a CSV cell may span
# lines; a spreadsheet row is one line) and its cells; None cells mark a broken record.
_Record = tuple[int, int, list[str] | None]


def _csv_records(text: str, result: _FileResult) -> Iterator[_Record]:
    """The CSV's records with their physical lines; quote errors reported at their line."""
    delimiter = _pick_delimiter(text, result)
    # strict: a stray or unclosed quote is an error at its line instead of silently
    # swallowing the following rows into one cell.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    previous_end = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            _report_csv_error(result, previous_end + 1, reader.line_num, exc)
            start, previous_end = previous_end + 1, reader.line_num
            yield start, previous_end, None
            if previous_end == 1 or "end of data" in str(exc):
                return
            continue
        start, previous_end = previous_end + 1, reader.line_num
        yield start, previous_end, cells


def _parse(text: str, result: _FileResult) -> None:
    _parse_records(_csv_records(text, result), result)


def _parse_records(records: Iterable[_Record], result: _FileResult) -> None:
    """Header, then rows: the checks every registry file gets, CSV or spreadsheet."""
    region_name = ""
    region_line = 0
    codes: dict[str, int] = {}
    seen_header = False
    for start, end, cells in records:
        if cells is None:  # already reported
            if not seen_header:
                return
            continue
        if not seen_header:
            seen_header = True
            if not _check_header(cells, result):
                return
            continue
        if not any(cell.strip() for cell in cells):
            continue  # blank line or an empty spreadsheet row
        opd = _parse_row(cells, start, end, result)
        if opd is None:
            continue
        if not region_name:
            region_name, region_line = opd.region_name, start
        elif opd.region_name != region_name:
            result.error(
                start,
                f"kolom region '{opd.region_name}' berbeda dengan '{region_name}' "
                f"(baris {region_line}); satu berkas hanya untuk satu wilayah",
            )
            continue
        key = opd.code.upper()
        if key in codes:
            result.error(
                start, f"kode '{opd.code}' sudah dipakai di baris {codes[key]}; baris dilewati"
            )
            continue
        codes[key] = start
        result.opds.append(opd)
    _spread_region_values(result)
    if not seen_header:
        result.error(0, "berkas kosong; baris judul tidak ada")
    elif not result.opds and not any(p.is_error for p in result.problems):
        result.warn(0, "berkas tidak berisi satu pun OPD")


def _report_csv_error(result: _FileResult, start: int, end: int, exc: csv.Error) -> None:
    if "end of data" in str(exc):
        result.error(
            start,
            f'tanda kutip (") dibuka tetapi tidak ditutup; baris {start} sampai akhir '
            f"berkas (baris {end}) dilewati",
        )
    elif start == 1:
        result.error(1, f"baris judul bukan CSV yang sah ({exc}); berkas dilewati")
    else:
        result.error(start, f'tanda kutip (") salah tempat ({exc}); baris dilewati')


def _parse_row(cells: list[str], start: int, end: int, result: _FileResult) -> OpdSeed | None:
    columns = result.columns
    if result.sheet:
        # A spreadsheet row simply ends where its last filled cell is; formatted but
        # empty cells to the right are no mistake either.
        cells = cells + [""] * (len(columns) - len(cells))
        while len(cells) > len(columns) and not cells[-1].strip():
            cells.pop()
        if len(cells) > len(columns):
            result.error(
                start,
                f"ada isi di kolom {column_letter(len(cells))}, di luar {len(columns)} kolom "
                f"registri (A–{column_letter(len(columns))}); baris dilewati",
            )
            return None
    if len(cells) > len(columns) and not any(cell.strip() for cell in cells[len(columns) :]):
        result.warn(start, f"ada {len(cells) - len(columns)} sel kosong berlebih di ujung baris")
        cells = cells[: len(columns)]
    if len(cells) != len(columns):
        hint = " (periksa tanda kutip yang tidak ditutup)" if end > start else ""
        result.error(
            start,
            f"baris punya {len(cells)} kolom, seharusnya {len(columns)}{result.read_with}"
            f"{hint}; baris dilewati",
        )
        return None
    raw = dict(zip(columns, cells, strict=True))
    values: dict[str, str] = {}
    untidy: list[str] = []
    for column, cell in raw.items():
        cleaned = _clean(cell, collapse=column in ("region", "code", "name", "short_name", "kind"))
        if cleaned != cell:
            untidy.append(column)
        values[column] = cleaned
    if untidy:
        result.warn(start, f"spasi berlebih di kolom {', '.join(untidy)}; sudah dirapikan")
    empty = [column for column in REQUIRED_COLUMNS if not values[column]]
    if empty:
        result.error(start, f"kolom wajib kosong: {', '.join(empty)}; baris dilewati")
        return None
    failed = False
    if not _CODE_RE.fullmatch(values["code"]):
        result.error(
            start,
            f"kode '{values['code']}'{result.cell('code', start)} tidak sah (hanya huruf, "
            "angka, titik, '-' dan '_', tanpa spasi); baris dilewati",
        )
        failed = True
    kind = values["kind"].lower()
    if kind not in OPD_KINDS:
        close = difflib.get_close_matches(kind, OPD_KINDS, n=1)
        hint = f" (maksudnya '{close[0]}'?)" if close else ""
        result.error(
            start,
            f"jenis OPD '{values['kind']}'{result.cell('kind', start)} tidak dikenal{hint}; "
            f"pilihan: {', '.join(OPD_KINDS)}",
        )
        failed = True
    channels: dict[str, ChannelEntry] = {}
    extra_channels = tuple(c for c in result.extra_columns if c not in REGION_COLUMNS)
    portal = _region_url("ppid_portal", values.get("ppid_portal", ""), start, result)
    for channel in CHANNEL_KINDS + extra_channels:
        where = f"kolom {channel}{result.cell(channel, start)}"
        try:
            channels[channel] = _channel(channel, values[channel])
        except SeedValueError as exc:
            if channel == "website":
                result.error(start, f"{where}: {exc}; baris dilewati")
                failed = True
                continue
            # A social cell is one channel of the OPD: flag it, keep the OPD and the rest.
            result.warn(start, f"{where}: {exc}; sel ini diabaikan, OPD tetap diperiksa")
            channels[channel] = ChannelEntry(
                channel, ChannelState.UNKNOWN, None, values[channel], problem=str(exc)
            )
    if failed:
        return None
    website = channels["website"]
    if website.url and (urlsplit(website.url).hostname or "") in SOCIAL_HOSTS:
        result.warn(
            start, "kolom website berisi alamat media sosial; pindahkan ke kolom yang sesuai"
        )
    return OpdSeed(
        region_slug=result.slug,
        region_name=values["region"],
        code=values["code"],
        name=values["name"],
        short_name=values["short_name"] or values["name"],
        kind=kind,
        channels=channels,
        notes=values["notes"],
        source=f"{result.label}:{start}",
        ppid_portal=portal,
    )


def _region_url(column: str, cell: str, line: int, result: _FileResult) -> str | None:
    """A region-level address cell: empty or ``-`` for none; a bad one is reported and
    left out (the OPD's row still loads)."""
    if not cell or cell == NONE_MARK:
        return None
    try:
        return normalise_website(cell)
    except SeedValueError as exc:
        result.error(line, f"kolom {column}: {exc}; nilai diabaikan")
        return None


def _spread_region_values(result: _FileResult) -> None:
    """Give every OPD of the file the region's ``ppid_portal``: the first one written;
    a row naming another is reported (a region has one portal)."""
    portal = next((opd.ppid_portal for opd in result.opds if opd.ppid_portal), None)
    if portal is None:
        return
    for opd in result.opds:
        if opd.ppid_portal and opd.ppid_portal != portal:
            result.warn(
                int(opd.source.rsplit(":", 1)[1]),
                f"kolom ppid_portal '{opd.ppid_portal}' berbeda dengan '{portal}'; satu "
                "wilayah punya satu portal PPID, yang pertama dipakai",
            )
    result.opds = [replace(opd, ppid_portal=portal) for opd in result.opds]


def _channel(kind: str, cell: str) -> ChannelEntry:
    if not cell:
        return ChannelEntry(kind, ChannelState.UNKNOWN, None, cell)
    if cell == NONE_MARK:
        return ChannelEntry(kind, ChannelState.NONE, None, cell)
    social = kind in CHANNEL_KINDS and kind != "website"
    url = normalise_social(kind, cell) if social else normalise_website(cell)
    return ChannelEntry(kind, ChannelState.REGISTERED, url, cell)


def _read_one(data: str | bytes, label: str, slug: str) -> _FileResult:
    result = _FileResult(label, slug)
    if not is_valid_slug(slug):
        result.error(
            0,
            f"nama berkas '{slug}' bukan slug wilayah yang sah (huruf kecil, angka dan '-', "
            "misalnya kota-serang.csv); berkas dilewati",
        )
        return result
    if isinstance(data, bytes):
        text = _decode(data, result)
    else:
        text = data
        if text.startswith("\ufeff"):
            result.warn(1, "berkas diawali BOM UTF-8; diterima")
            text = text[1:]
    if text or not result.problems:
        _parse(text, result)
    return result


def _read_xlsx(data: bytes, label: str, slug: str) -> _FileResult:
    """One region from an Excel workbook: its registry sheet's rows, checked like CSV rows.

    The label gains the sheet (``kota-serang.xlsx (lembar OPD)``) so every message names
    file, sheet and row; cell messages add the cell reference (``sel G5``).
    """
    result = _FileResult(label, slug)
    if not is_valid_slug(slug):
        result.error(
            0,
            f"nama berkas '{slug}' bukan slug wilayah yang sah (huruf kecil, angka dan '-', "
            "misalnya kota-serang.xlsx); berkas dilewati",
        )
        return result
    try:
        sheet = read_registry_sheet(data, COLUMNS[0])
    except XlsxUnreadable as exc:
        result.error(0, f"{exc}; berkas dilewati")
        return result
    result.label = f"{label} (lembar {sheet.sheet})"
    result.sheet = sheet.sheet
    for note in sheet.notes:
        result.warn(sheet.header_row, note)
    _parse_records(((number, number, cells) for number, cells in sheet.rows), result)
    return result


def _read_bytes(data: bytes, label: str, name: str) -> _FileResult:
    """A registry file's bytes, read by the form its name says."""
    if name.lower().endswith(XLSX_SUFFIX):
        return _read_xlsx(data, label, _slug_of(Path(name)))
    return _read_one(data, label, _slug_of(Path(name)))


# --- Combining files into one registry ----------------------------------------------------


def _combine(results: Iterable[_FileResult], extra: Iterable[SeedProblem] = ()) -> Registry:
    """Checks across files: one file per region, one OPD per website (warning)."""
    registry = Registry()
    seen_slugs: dict[str, str] = {}
    seen_sites: dict[str, OpdSeed] = {}
    for result in results:
        registry.sources.append(result.label)
        problems = sorted(result.problems, key=lambda problem: problem.line)
        if result.slug in seen_slugs and is_valid_slug(result.slug):
            problems.insert(
                0,
                SeedProblem(
                    result.label,
                    0,
                    f"wilayah '{result.slug}' sudah dimuat dari {seen_slugs[result.slug]}; "
                    "berkas ini dilewati",
                ),
            )
            registry.problems.extend(problems)
            continue
        seen_slugs[result.slug] = result.label
        for opd in result.opds:
            url = opd.website.url
            if url is None:
                continue
            key = website_key(url)
            first = seen_sites.setdefault(key, opd)
            if first is not opd:
                problems.append(
                    SeedProblem(
                        result.label,
                        int(opd.source.rsplit(":", 1)[1]),
                        f"website {url} sama dengan OPD {first.code} ({first.source})",
                        WARNING,
                    )
                )
        problems.sort(key=lambda problem: problem.line)
        registry.problems.extend(problems)
        registry.opds.extend(result.opds)
    registry.problems.extend(extra)
    return registry


def _slug_of(path: Path) -> str:
    for suffix in REGISTRY_SUFFIXES:
        if path.name.lower().endswith(suffix):
            return path.name[: -len(suffix)]
    return path.stem


def is_registry_file(name: str) -> bool:
    return name.lower().endswith(REGISTRY_SUFFIXES)


def _read_path(path: Path) -> _FileResult:
    label = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        result = _FileResult(label, _slug_of(path))
        result.error(0, f"berkas tidak dapat dibaca ({exc.strerror or exc})")
        return result
    return _read_bytes(data, label, path.name)


@dataclass
class _FolderFiles:
    files: list[Path]  # registry files to read, sorted by name
    # region slug written both as .csv and .xlsx -> the error saying so; neither is read
    clashes: dict[str, SeedProblem]


def _registry_files(folder: Path) -> _FolderFiles:
    """A folder's registry files, sorted; a region written both as .csv and .xlsx is an
    error naming both, and neither is read: which one is current is the office's call."""
    files = sorted(
        path for path in folder.iterdir() if path.is_file() and is_registry_file(path.name)
    )
    by_slug: dict[str, list[Path]] = {}
    for path in files:
        by_slug.setdefault(_slug_of(path), []).append(path)
    clashes = {
        slug: SeedProblem(
            _shown(folder),
            0,
            f"wilayah '{slug}' ada dalam dua berkas ({' dan '.join(p.name for p in paths)}); "
            "keduanya dilewati. Simpan registri satu wilayah dalam satu berkas saja: hapus "
            "atau pindahkan salah satunya",
        )
        for slug, paths in by_slug.items()
        if len(paths) > 1
    }
    return _FolderFiles([path for path in files if _slug_of(path) not in clashes], clashes)


def _missing_regions(
    regions: list[str] | None, found: Iterable[str], where: str
) -> list[SeedProblem]:
    available = set(found)
    return [
        SeedProblem(
            where,
            0,
            f"wilayah '{slug}' tidak ada (berkas {slug}.csv atau {slug}.xlsx tidak ditemukan)",
        )
        for slug in regions or []
        if slug not in available
    ]


NO_REGISTRY_FILES = "folder tidak berisi berkas registri (.csv atau .xlsx)"


def _shown(path: Path) -> str:
    """A path as messages show it: absolute, so a relative one says where it was looked for."""
    return str(path.absolute())


# --- Public API -----------------------------------------------------------------------------


def load_text(text_or_bytes: str | bytes, *, file_label: str, region_slug: str) -> Registry:
    """Load one region from CSV text or bytes (bytes get the encoding checks)."""
    return _combine([_read_one(text_or_bytes, file_label, region_slug)])


def load_xlsx_bytes(data: bytes, *, file_label: str, region_slug: str) -> Registry:
    """Load one region from the bytes of an Excel workbook."""
    return _combine([_read_xlsx(data, file_label, region_slug)])


def load_file(path: str | Path) -> Registry:
    """Load one ``<region-slug>.csv`` or ``.xlsx``; the file name gives the region slug."""
    return _combine([_read_path(Path(path))])


def load_paths(paths: Iterable[str | Path]) -> Registry:
    """Load files and directories together; a region slug seen twice is an error."""
    results: list[_FileResult] = []
    extra: list[SeedProblem] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found = _registry_files(path)
            extra.extend(found.clashes.values())
            if not found.files and not found.clashes:
                extra.append(SeedProblem(str(path), 0, NO_REGISTRY_FILES))
            results.extend(_read_path(file) for file in found.files)
        elif path.exists():
            results.append(_read_path(path))
        else:
            extra.append(SeedProblem(_shown(path), 0, "berkas atau folder tidak ditemukan"))
    return _combine(results, extra)


def load_dir(path: str | Path, regions: list[str] | None = None) -> Registry:
    """Load the ``*.csv`` and ``*.xlsx`` of a directory, sorted by name: ``regions`` when
    given, else every region but the demo (``selects``)."""
    folder = Path(path)
    if not folder.is_dir():
        return Registry(problems=[SeedProblem(_shown(folder), 0, "folder seeds tidak ditemukan")])
    found = _registry_files(folder)
    files = found.files
    wanted = [file for file in files if selects(_slug_of(file), regions)]
    slugs = [*(_slug_of(file) for file in files), *found.clashes]
    extra = [
        *(problem for slug, problem in found.clashes.items() if selects(slug, regions)),
        *_missing_regions(regions, slugs, str(folder)),
    ]
    if not files and not found.clashes:
        extra.append(SeedProblem(str(folder), 0, NO_REGISTRY_FILES))
    registry = _combine((_read_path(file) for file in wanted), extra)
    registry.left_out = [_slug_of(file) for file in files if file not in wanted and not regions]
    return registry


def packaged_files() -> list[str]:
    """Names of the registry files (.csv, .xlsx) shipped in the ``seeds`` package (also
    inside a Scrapyd egg, ``setup.py`` package_data)."""
    root = importlib.resources.files("seeds")
    return sorted(entry.name for entry in root.iterdir() if is_registry_file(entry.name))


def load_packaged(regions: list[str] | None = None, *, with_demo: bool = False) -> Registry:
    """Load the seeds shipped as package data, read with pkgutil so eggs work too.

    ``regions`` when given, else every region but the demo; ``with_demo`` reads every
    packaged file (``opdcrawl seeds check`` validates them all).
    """
    names = packaged_files()
    results: list[_FileResult] = []
    left_out: list[str] = []
    for name in names:
        slug = _slug_of(Path(name))
        if not (selects(slug, regions) or (with_demo and not regions)):
            if not regions:
                left_out.append(slug)
            continue
        data = pkgutil.get_data("seeds", name) or b""
        results.append(_read_bytes(data, f"seeds/{name}", name))
    missing = _missing_regions(regions, (_slug_of(Path(name)) for name in names), "seeds")
    registry = _combine(results, missing)
    registry.left_out = left_out
    return registry


def load(source: str | None, regions: list[str] | None = None) -> Registry:
    """The registry a crawl uses: a directory or file when given, else the packaged seeds.

    Without ``regions`` ("all regions") a folder or the packaged seeds give every region
    but the demo, which is read only when named (``regions=["demo"]``); a single file
    given as ``source`` is read whatever its region, since naming it names the region.
    """
    if not source:
        return load_packaged(regions)
    path = Path(source)
    if path.is_dir():
        return load_dir(path, regions)
    if not path.exists():
        return Registry(
            problems=[SeedProblem(_shown(path), 0, "berkas atau folder seeds tidak ditemukan")]
        )
    registry = load_file(path)
    missing = _missing_regions(regions, [_slug_of(path)], source)
    registry.problems.extend(missing)
    return registry

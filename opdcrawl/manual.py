"""Manual records: social accounts nothing can read, judged from what an operator saw.

X without an API token, a private account, a platform that refuses the server: the crawl
cannot read these, but an operator can open the account and note its newest post. A
manual record (``opdcrawl social record`` / ``opdcrawl social import``) is stored as any
other check: a ``channel_check`` in a ``crawl_run`` of its own (spider ``manual``,
finished, crawl time = when it was recorded), route ``manual``, scored by the shared
freshness model with the platform's rules, with one synthetic post
(``<account URL>#manual-YYYY-MM-DD``, source ``manual``) so ``last_post_at`` and the
evidence work. The views take each channel's newest check from finished runs of any
spider, so reports pick it up unchanged, and the next automatic check that reads the
account supersedes it.

This module is pure: it checks the operator's input against the registry as the database
holds it (:class:`Catalog`), reads the import CSV and builds the check. The command
(``opdcrawl.commands.social``) reads and writes the database.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from opdcrawl import items
from opdcrawl.dates import JAKARTA, MIN_DATE, to_jakarta
from opdcrawl.freshness import (
    Freshness,
    FreshnessRules,
    assess,
    cadence_for,
    category_for,
    score_for,
)
from opdcrawl.registry import NAMED_ONLY_REGIONS, ChannelState
from opdcrawl.vocabulary import CHANNEL_KINDS

MANUAL_SPIDER = "manual"  # crawl_run.spider of a manual record
MANUAL_ROUTE = "manual"  # channel_check.route: reports tell manual readings by it
MANUAL_SOURCE = "manual"  # post.source of the synthetic post
NOTE_PREFIX = "dicatat manual oleh operator"
# Platforms a manual record is for: the social kinds (websites are read by their crawl).
PLATFORMS: tuple[str, ...] = tuple(kind for kind in CHANNEL_KINDS if kind != "website")

IMPORT_COLUMNS: tuple[str, ...] = ("region", "code", "platform", "last_post", "posts_90d", "note")
IMPORT_REQUIRED: tuple[str, ...] = ("region", "code", "platform", "last_post")
MAX_CHOICES_SHOWN = 40
_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_COUNT_RE = re.compile(r"\d+")


class ManualError(ValueError):
    """Input that cannot be recorded; the message is Bahasa Indonesia, for operators."""


@dataclass(frozen=True)
class Target:
    """One channel as the database holds it (``store.registry_channels``)."""

    channel_id: int
    region_slug: str
    region_name: str
    opd_code: str
    opd_name: str
    kind: str
    state: str  # registry.ChannelState value: registered, unknown, none
    url: str | None


@dataclass(frozen=True)
class ManualRecord:
    """What an operator saw on one account, checked against the registry."""

    target: Target
    last_post: date  # the WIB day of the newest post
    posts_90d: int | None  # posts in the last 90 days, when the operator counted them
    note: str = ""


@dataclass(frozen=True)
class Problem:
    """A row that could not be recorded, shown as ``file:line: reason``."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def _choices(values: Iterable[str], wanted: str = "") -> str:
    """``pilihan: a, b, c`` (cut short when long), with the closest match first."""
    values = list(values)
    close = difflib.get_close_matches(wanted, values, n=1, cutoff=0.6) if wanted else []
    hint = f"maksudnya '{close[0]}'? " if close else ""
    if not values:
        return f"{hint}pilihan: (tidak ada)"
    shown = ", ".join(values[:MAX_CHOICES_SHOWN])
    more = len(values) - MAX_CHOICES_SHOWN
    if more > 0:
        shown += f", … ({more} lagi)"
    return f"{hint}pilihan: {shown}"


def _sync_hint(slug: str) -> str:
    return f"'opdcrawl db sync --region {slug}'"


class Catalog:
    """The registry as the database holds it: every channel of an active OPD."""

    def __init__(self, targets: Iterable[Target]) -> None:
        self.targets = list(targets)
        self._by_key = {(t.region_slug, t.opd_code.upper(), t.kind): t for t in self.targets}
        self._regions = {t.region_slug: t.region_name for t in self.targets}
        self._codes: dict[str, dict[str, str]] = {}  # region -> CODE -> code as written
        for target in self.targets:
            self._codes.setdefault(target.region_slug, {})[target.opd_code.upper()] = (
                target.opd_code
            )

    def __bool__(self) -> bool:
        return bool(self.targets)

    def regions(self) -> dict[str, str]:
        return dict(sorted(self._regions.items()))

    def find(self, code: str, platform: str, region: str | None = None) -> Target:
        """The account to record, or :class:`ManualError` saying why not and what to do."""
        kind = check_platform(platform)
        code = code.strip()
        if not code:
            raise ManualError("kode OPD kosong")
        slug = self._region(code, (region or "").strip().lower())
        target = self._by_key.get((slug, code.upper(), kind))
        if target is None:
            raise ManualError(
                f"kanal {kind} OPD {code} ({slug}) belum ada di basis data; jalankan "
                f"{_sync_hint(slug)} dulu"
            )
        who = f"OPD {target.opd_code} ({target.opd_name}, {slug})"
        fill = f"isi kolom {kind} di registri ({slug}.csv) dulu, lalu jalankan {_sync_hint(slug)}"
        if target.state == ChannelState.NONE:
            raise ManualError(
                f"registri mencatat {who} tidak punya akun {kind} ('-'); bila akunnya ada, {fill}"
            )
        if target.state != ChannelState.REGISTERED or not target.url:
            raise ManualError(f"akun {kind} {who} belum diisi di registri; {fill}")
        return target

    def _region(self, code: str, slug: str) -> str:
        """The region of the OPD: the one named, else the only one with that code."""
        key = code.upper()
        if slug:
            if slug not in self._regions:
                raise ManualError(
                    f"wilayah '{slug}' tidak ada di basis data; "
                    f"{_choices(self.regions(), slug)} (wilayah baru: isi registri lalu "
                    f"jalankan {_sync_hint(slug)})"
                )
            if key not in self._codes.get(slug, {}):
                codes = sorted(self._codes.get(slug, {}).values())
                raise ManualError(
                    f"kode OPD '{code}' tidak ada di wilayah {slug}; {_choices(codes, code)}"
                )
            return slug
        found = sorted(s for s, codes in self._codes.items() if key in codes)
        usual = [s for s in found if s not in NAMED_ONLY_REGIONS]
        if len(usual) == 1:
            return usual[0]
        if len(usual) > 1:
            raise ManualError(
                f"kode OPD '{code}' ada di beberapa wilayah ({', '.join(usual)}); "
                "sebutkan wilayahnya (--region atau kolom region)"
            )
        if found:
            raise ManualError(
                f"kode OPD '{code}' hanya ada di wilayah {found[0]}, yang tidak termasuk "
                f"'semua wilayah'; sebutkan wilayahnya: --region {found[0]}"
            )
        usual_codes = (
            written
            for region, codes in self._codes.items()
            if region not in NAMED_ONLY_REGIONS
            for written in codes.values()
        )
        codes = sorted(set(usual_codes))
        raise ManualError(f"kode OPD '{code}' tidak ada di basis data; {_choices(codes, code)}")


def check_platform(platform: str) -> str:
    kind = platform.strip().lower()
    if kind in PLATFORMS:
        return kind
    if kind == "website":
        raise ManualError(
            "website dinilai oleh crawl websites; catatan manual hanya untuk akun media "
            f"sosial ({_choices(PLATFORMS)})"
        )
    shown = platform.strip() or "(kosong)"
    raise ManualError(f"platform '{shown}' tidak dikenal; {_choices(PLATFORMS, kind)}")


def parse_day(text: str, *, today: date) -> date:
    """The day of the newest post: strictly ``YYYY-MM-DD``, not after ``today`` (WIB)."""
    text = text.strip()
    if not text:
        raise ManualError("tanggal posting terakhir kosong (wajib, format YYYY-MM-DD)")
    if not _DAY_RE.fullmatch(text):
        raise ManualError(
            f"tanggal posting terakhir '{text}' tidak berformat YYYY-MM-DD (mis. 2025-03-01)"
        )
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ManualError(f"tanggal posting terakhir '{text}' tidak ada di kalender") from None
    if day > today:
        raise ManualError(
            f"tanggal posting terakhir {text} ada di masa depan (hari ini {today.isoformat()} WIB)"
        )
    if day < MIN_DATE.date():
        raise ManualError(
            f"tanggal posting terakhir {text} terlalu lama (sebelum "
            f"{MIN_DATE.date().isoformat()}); periksa tahunnya"
        )
    return day


def parse_count(text: str | None) -> int | None:
    """Posts in the last 90 days: a whole number ≥ 0, or None when left empty."""
    text = (text or "").strip()
    if not text:
        return None
    if not _COUNT_RE.fullmatch(text):
        raise ManualError(f"jumlah posting 90 hari '{text}' bukan bilangan bulat ≥ 0")
    return int(text)


def post_time(day: date) -> datetime:
    """The instant a manual day stands for: its start in WIB (never after the record)."""
    return datetime.combine(day, time(), tzinfo=JAKARTA)


def _within_90_days(day: date, now: datetime) -> bool:
    """Whether the post counts in the model's 90-day window (as ``assess`` counts it)."""
    return post_time(day) >= now - timedelta(days=90)


def make_record(
    catalog: Catalog,
    *,
    code: str,
    platform: str,
    last_post: str,
    posts_90d: str | None = None,
    note: str | None = None,
    region: str | None = None,
    now: datetime,
) -> ManualRecord:
    """Check one manual record, as typed or read from a CSV row; :class:`ManualError`
    says, in Indonesian, what is wrong."""
    target = catalog.find(code, platform, region)
    day = parse_day(last_post, today=to_jakarta(now).date())
    count = parse_count(posts_90d)
    if count is not None:
        recent = _within_90_days(day, now)
        if recent and count == 0:
            raise ManualError(
                f"jumlah posting 90 hari 0, padahal posting terakhir {day.isoformat()} masih "
                "dalam 90 hari terakhir; isi minimal 1 (posting itu sendiri) atau kosongkan"
            )
        if not recent and count > 0:
            raise ManualError(
                f"jumlah posting 90 hari {count}, padahal posting terakhir {day.isoformat()} "
                "sudah lebih dari 90 hari lalu; isi 0 atau kosongkan"
            )
    return ManualRecord(target, day, count, " ".join((note or "").split()))


def assess_manual(record: ManualRecord, *, now: datetime, rules: FreshnessRules) -> Freshness:
    """The freshness model on what the operator saw.

    The last post is the one dated post; its counts (30, 90, 365 days) come from
    ``assess``. When the operator counted the posts of the last 90 days, that count
    judges the category, score and cadence, through the model's own functions; otherwise
    only the one known post counts (a manual record without a count cannot be Aktif
    where the rules ask for more posts) and the cadence has too little data.
    """
    base = assess([post_time(record.last_post)], now=now, reachable=True, rules=rules)
    count = record.posts_90d
    if count is None:
        return replace(base, posts_per_week=None, cadence=cadence_for(None, 1, rules))
    rate = round(count * 7 / 90, 3)
    days = base.days_since_last_post
    return replace(
        base,
        posts_90d=count,
        posts_365d=max(base.posts_365d, count),
        posts_per_week=rate,
        cadence=cadence_for(rate, count, rules),
        category=category_for(reachable=True, days_since=days, posts_90d=count, rules=rules),
        score=score_for(days, count),
    )


def manual_notes(record: ManualRecord) -> list[str]:
    first = f"{NOTE_PREFIX}: {record.note}" if record.note else NOTE_PREFIX
    if record.posts_90d is None:
        count = "jumlah posting 90 hari tidak diisi: hanya posting terakhir yang dihitung"
    else:
        count = f"jumlah posting 90 hari menurut operator: {record.posts_90d}"
    return [first, count, "jumlah 30 dan 365 hari hanya dari posting terakhir (batas bawah)"]


def build_check(
    record: ManualRecord, *, now: datetime, rules: FreshnessRules
) -> items.ChannelCheck:
    """The check a manual record is stored as: scored, with its synthetic post."""
    target = record.target
    account = target.url or ""
    day = record.last_post.isoformat()
    post = items.Post(
        url=f"{account}#manual-{day}",
        title=NOTE_PREFIX,
        raw_date=day,
        published_at=post_time(record.last_post),
        source=MANUAL_SOURCE,
        evidence_url=account,
    )
    result = assess_manual(record, now=now, rules=rules)
    return items.ChannelCheck(
        region=target.region_slug,
        opd_code=target.opd_code,
        channel=target.kind,
        url=account,
        checked_at=now,
        reachable=True,
        sources_tried=[MANUAL_SOURCE],
        posts=[post],
        notes=manual_notes(record),
        route=MANUAL_ROUTE,
        last_post_at=result.last_post_at,
        posts_30d=result.posts_30d,
        posts_90d=result.posts_90d,
        posts_365d=result.posts_365d,
        posts_per_week=result.posts_per_week,
        cadence=str(result.cadence),
        category=str(result.category),
        score=result.score,
        # Keeps the "; posting: <url>" shape of every evidence sentence.
        evidence=f"{day} {NOTE_PREFIX} (akun {account}); posting: {post.url}",
    )


# --- The import file ---------------------------------------------------------------------


@dataclass
class ImportFile:
    """The rows of an import CSV (line number -> cells by column) and its problems."""

    label: str
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.label, line, message))


def read_import(data: bytes, label: str) -> ImportFile:
    """Read the CSV an operator filled in (comma or, from Excel id-ID, semicolon).

    Columns by name in any order: ``region, code, platform, last_post`` are required,
    ``posts_90d`` and ``note`` optional. Rows are only split here; each is checked by
    :func:`make_record`. A whole-file problem (not UTF-8, a bad header) leaves no rows.
    """
    result = ImportFile(label)
    text = _decode(data, result)
    if text is None:
        return result
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    columns: list[str] | None = None
    end = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            result.error(end + 1, f'tanda kutip (") salah tempat ({exc}); baris dilewati')
            if "end of data" in str(exc) or columns is None:
                break
            end = reader.line_num
            continue
        start, end = end + 1, reader.line_num
        if columns is None:
            columns = _header(cells, result)
            if columns is None:
                return result
            continue
        while len(cells) > len(columns) and not cells[-1].strip():
            cells = cells[:-1]
        if not any(cell.strip() for cell in cells):
            continue  # a blank line or an empty spreadsheet row
        if len(cells) != len(columns):
            result.error(
                start, f"baris punya {len(cells)} kolom, seharusnya {len(columns)}; baris dilewati"
            )
            continue
        result.rows.append((start, dict(zip(columns, cells, strict=True))))
    if columns is None and not result.problems:
        result.error(1, "berkas kosong; baris judul tidak ada")
    elif columns is not None and not result.rows and not result.problems:
        result.error(2, "berkas tidak berisi satu baris pun untuk dicatat")
    return result


def _decode(data: bytes, result: ImportFile) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        result.error(
            line,
            "berkas bukan UTF-8 (mungkin disimpan dari Excel sebagai CSV biasa); simpan "
            "ulang sebagai 'CSV UTF-8'. Tidak ada baris yang dicatat",
        )
        return None


def _header(cells: list[str], result: ImportFile) -> list[str] | None:
    names = [cell.strip().lower() for cell in cells]
    while names and not names[-1]:
        names.pop()
    expected = ",".join(IMPORT_COLUMNS)
    unknown = [name for name in names if name not in IMPORT_COLUMNS]
    missing = [name for name in IMPORT_REQUIRED if name not in names]
    twice = sorted({name for name in names if names.count(name) > 1})
    reasons = []
    if unknown:
        reasons.append(f"kolom tidak dikenal: {', '.join(repr(name) for name in unknown)}")
    if missing:
        reasons.append(f"kolom wajib tidak ada: {', '.join(missing)}")
    if twice:
        reasons.append(f"kolom ganda: {', '.join(twice)}")
    if reasons:
        result.error(
            1,
            f"baris judul salah ({'; '.join(reasons)}). Baris judul yang benar: {expected}. "
            "Tidak ada baris yang dicatat",
        )
        return None
    return names

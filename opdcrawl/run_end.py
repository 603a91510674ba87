"""How a run ended, in one table: the ``crawl_run`` status, the reason and the exit code.

A scheduler (cron, systemd, Scrapyd) only sees a process's exit code, and Scrapy's own
``scrapy crawl`` exits 0 whatever reason the spider closed with (scrapy/scrapy#1231). So
every way an opdcrawl run can end is named here once, as a reason with its exit code, the
``crawl_run`` status it leaves and the Indonesian words the operator reads; the README's
"Kode keluar" table is this table.

How a run gets its reason, the Scrapy way: a run refused before crawling (unknown
argument, region or OPD code, missing seeds, unreachable database) raises ``CloseSpider``
with the reason from a ``spider_opened`` handler, so the spider closes with that reason
before one request is made; a run that crawled is judged at its close from Scrapy's stats
(``finish_reason``, feed export failures, the crawler-side outage rule of
``opdcrawl.outage``). :func:`judge` reads only the stats, so the run recorder (the
``crawl_run`` row) and the ``crawl`` command (the exit code,
``opdcrawl.scrapy_commands.crawl``) reach the same verdict.

``status`` is about the crawl's data: ``finished`` when its checks are a whole, trusted
round (even if a side output failed: a feed export, strict registry mode), ``failed`` when
they are not, ``killed`` when it was stopped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Any

from opdcrawl import outage


class ExitCode(IntEnum):
    SELESAI = 0
    GALAT_LAIN = 1  # Scrapy's own: an exception while starting, a spider error
    ARGUMEN_SALAH = 2  # also Scrapy's own usage errors (unknown option)
    WILAYAH_ATAU_OPD_TIDAK_ADA = 3
    SEEDS_TIDAK_TERBACA = 4
    REGISTRI_BERGALAT = 5
    EKSPOR_GAGAL = 6
    BASIS_DATA_TIDAK_TERJANGKAU = 7
    GANGGUAN_SISI_CRAWLER = 8
    DIHENTIKAN = 9


class EndReason(StrEnum):
    """Stored in ``crawl_run.end_reason``; also the spider's close reason where it closes
    with it (``CloseSpider(reason)``)."""

    FINISHED = "finished"
    BAD_ARGUMENT = "bad_argument"
    UNKNOWN_REGION = "unknown_region"
    UNKNOWN_OPD = "unknown_opd"
    SEEDS_UNREADABLE = "seeds_unreadable"
    REGISTRY_ERRORS = "registry_errors"
    FEED_EXPORT_FAILED = "feed_export_failed"
    DATABASE_UNREACHABLE = "database_unreachable"
    CRAWLER_OUTAGE = "crawler_outage"
    INTERRUPTED = "interrupted"  # SIGINT/SIGTERM: Scrapy's close reason "shutdown"
    STALE = "stale"  # left "running" by a hard kill, closed later (opdcrawl runs)
    OTHER = "other"  # any other close reason (closespider_timeout, …): kept in stats


@dataclass(frozen=True)
class ReasonInfo:
    exit_code: ExitCode
    status: str  # crawl_run.status
    label: str  # what the operator reads


REASONS: dict[EndReason, ReasonInfo] = {
    EndReason.FINISHED: ReasonInfo(ExitCode.SELESAI, "finished", "selesai"),
    EndReason.BAD_ARGUMENT: ReasonInfo(
        ExitCode.ARGUMEN_SALAH, "failed", "argumen spider salah (nama atau nilai, mis. shard)"
    ),
    EndReason.UNKNOWN_REGION: ReasonInfo(
        ExitCode.WILAYAH_ATAU_OPD_TIDAK_ADA, "failed", "wilayah tidak ada di registri"
    ),
    EndReason.UNKNOWN_OPD: ReasonInfo(
        ExitCode.WILAYAH_ATAU_OPD_TIDAK_ADA, "failed", "kode OPD tidak ada di registri"
    ),
    EndReason.SEEDS_UNREADABLE: ReasonInfo(
        ExitCode.SEEDS_TIDAK_TERBACA, "failed", "folder/berkas seeds tidak ada atau tak terbaca"
    ),
    EndReason.REGISTRY_ERRORS: ReasonInfo(
        ExitCode.REGISTRI_BERGALAT,
        "finished",
        "registri bergalat (baris yang sah tetap di-crawl; OPDCRAWL_FAIL_ON_REGISTRY_ERRORS)",
    ),
    EndReason.FEED_EXPORT_FAILED: ReasonInfo(
        ExitCode.EKSPOR_GAGAL, "finished", "berkas ekspor (-o/-O, FEEDS) tidak dapat ditulis"
    ),
    EndReason.DATABASE_UNREACHABLE: ReasonInfo(
        ExitCode.BASIS_DATA_TIDAK_TERJANGKAU, "failed", "basis data tidak dapat dihubungi"
    ),
    EndReason.CRAWLER_OUTAGE: ReasonInfo(
        ExitCode.GANGGUAN_SISI_CRAWLER,
        "failed",
        "gangguan di sisi crawler (hampir semua situs gagal dengan cara yang sama)",
    ),
    EndReason.INTERRUPTED: ReasonInfo(
        ExitCode.DIHENTIKAN, "killed", "dihentikan (Ctrl-C, SIGINT/SIGTERM)"
    ),
    EndReason.STALE: ReasonInfo(
        ExitCode.DIHENTIKAN, "killed", "proses hilang tanpa menutup crawl (dimatikan paksa)"
    ),
    EndReason.OTHER: ReasonInfo(ExitCode.GALAT_LAIN, "failed", "berhenti karena alasan lain"),
}

STATUS_LABELS: dict[str, str] = {
    "running": "berjalan",
    "finished": "selesai",
    "failed": "gagal",
    "killed": "dihentikan",
}

# Stat set when the database went away mid-run and stayed away (value: where it was
# missed): by the SQL pipeline when it gave up writing checks (it also closes the spider
# with reason ``database_unreachable``), by the run recorder when it could not record
# the run's end. Either way the run's checks are not whole: exit code 7.
DATABASE_LOST = "opdcrawl/database_lost"
LOST_MID_RUN = "terputus di tengah crawl"
LOST_AT_END = "akhir crawl tidak dapat dicatat"
UNSTORED = "opdcrawl/items_unstored"

# Close reasons Scrapy itself uses for an interrupted crawl.
_INTERRUPTED = frozenset({"shutdown", "cancelled"})


@dataclass(frozen=True)
class RunEnd:
    reason: EndReason
    detail: str = ""  # the close reason when it is not one of ours, the outage class

    @property
    def status(self) -> str:
        return REASONS[self.reason].status

    @property
    def exit_code(self) -> int:
        return int(REASONS[self.reason].exit_code)

    @property
    def label(self) -> str:
        text = REASONS[self.reason].label
        return f"{text}: {self.detail}" if self.detail else text


def reason_label(reason: str | None) -> str:
    """The operator's words for a stored ``end_reason`` ("" when none is stored)."""
    if not reason:
        return ""
    try:
        return REASONS[EndReason(reason)].label
    except ValueError:
        return reason


def judge(stats: Mapping[str, Any], settings: Any) -> RunEnd:
    """How the run ended, from Scrapy's stats at close (or after: the crawl command).

    No ``finish_reason`` at all means the process never closed the spider: a second
    Ctrl-C, which stops the reactor at once. A database lost mid-run comes next, whatever
    the close reason (the crawl may have been closing already). Refusals come first: they
    close the spider with their own reason. The outage rule comes before side outputs: an
    outage makes the data untrustworthy, a failed export does not.
    """
    reason = str(stats.get("finish_reason") or "")
    if not reason or reason in _INTERRUPTED:
        return RunEnd(EndReason.INTERRUPTED)
    if stats.get(DATABASE_LOST):
        detail = str(stats[DATABASE_LOST])
        if stats.get(UNSTORED):
            detail += f"; {stats[UNSTORED]} pemeriksaan tidak tersimpan"
        return RunEnd(EndReason.DATABASE_UNREACHABLE, detail)
    if reason != EndReason.FINISHED:
        try:
            return RunEnd(EndReason(reason))
        except ValueError:
            return RunEnd(EndReason.OTHER, reason)
    broken = outage.verdict(stats, outage.OutageRule.from_settings(settings))
    if broken:
        return RunEnd(EndReason.CRAWLER_OUTAGE, broken)
    if any(key.startswith("feedexport/failed_count/") and value for key, value in stats.items()):
        return RunEnd(EndReason.FEED_EXPORT_FAILED)
    if stats.get("opdcrawl/registry_errors") and settings.getbool(
        "OPDCRAWL_FAIL_ON_REGISTRY_ERRORS"
    ):
        return RunEnd(EndReason.REGISTRY_ERRORS)
    return RunEnd(EndReason.FINISHED)

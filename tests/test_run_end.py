"""The rules behind a run's end, each alone: the verdict, the outage rule, stale runs,
the progress wording. The real crawls that exercise them are in test_run_outcomes.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from scrapy.settings import Settings

from opdcrawl import outage
from opdcrawl.db.models import CrawlRun
from opdcrawl.db.runs import is_stale
from opdcrawl.progress import progress_line, summary_line, time_left
from opdcrawl.run_end import (
    DATABASE_LOST,
    LOST_AT_END,
    LOST_MID_RUN,
    REASONS,
    UNSTORED,
    EndReason,
    ExitCode,
    judge,
)

SETTINGS = Settings(
    {
        "OPDCRAWL_OUTAGE_MIN_SITES": 5,
        "OPDCRAWL_OUTAGE_SHARE": 0.9,
        "OPDCRAWL_FAIL_ON_REGISTRY_ERRORS": True,
    }
)


def hosts(total: int, **failed: int) -> dict[str, int]:
    stats = {outage.HOSTS_STAT: total}
    stats.update({outage.FAILED_PREFIX + name: count for name, count in failed.items()})
    return stats


@pytest.mark.parametrize(
    ("stats", "reason", "code", "status"),
    [
        ({"finish_reason": "finished"}, EndReason.FINISHED, 0, "finished"),
        ({}, EndReason.INTERRUPTED, 9, "killed"),  # a second Ctrl-C: never closed
        ({"finish_reason": "shutdown"}, EndReason.INTERRUPTED, 9, "killed"),
        ({"finish_reason": "unknown_region"}, EndReason.UNKNOWN_REGION, 3, "failed"),
        ({"finish_reason": "unknown_opd"}, EndReason.UNKNOWN_OPD, 3, "failed"),
        ({"finish_reason": "bad_argument"}, EndReason.BAD_ARGUMENT, 2, "failed"),
        ({"finish_reason": "seeds_unreadable"}, EndReason.SEEDS_UNREADABLE, 4, "failed"),
        (
            {"finish_reason": "database_unreachable"},
            EndReason.DATABASE_UNREACHABLE,
            7,
            "failed",
        ),
        ({"finish_reason": "closespider_timeout"}, EndReason.OTHER, 1, "failed"),
        (
            {"finish_reason": "finished", "feedexport/failed_count/FileFeedStorage": 1},
            EndReason.FEED_EXPORT_FAILED,
            6,
            "finished",
        ),
        (
            {"finish_reason": "finished", "feedexport/success_count/FileFeedStorage": 1},
            EndReason.FINISHED,
            0,
            "finished",
        ),
        (
            {"finish_reason": "finished", "opdcrawl/registry_errors": 2},
            EndReason.REGISTRY_ERRORS,
            5,
            "finished",
        ),
        (
            {"finish_reason": "finished", **hosts(40, dns_not_found=38)},
            EndReason.CRAWLER_OUTAGE,
            8,
            "failed",
        ),
    ],
)
def test_judge(stats, reason, code, status):
    end = judge(stats, SETTINGS)
    assert (end.reason, end.exit_code, end.status) == (reason, code, status)


@pytest.mark.parametrize(
    ("stats", "label"),
    [
        # The SQL pipeline gave up and closed the spider with the reason.
        (
            {"finish_reason": "database_unreachable", DATABASE_LOST: LOST_MID_RUN, UNSTORED: 3},
            f"basis data tidak dapat dihubungi: {LOST_MID_RUN}; 3 pemeriksaan tidak tersimpan",
        ),
        # The crawl had finished, but its end could not be recorded: not a clean run.
        (
            {"finish_reason": "finished", DATABASE_LOST: LOST_AT_END},
            f"basis data tidak dapat dihubungi: {LOST_AT_END}",
        ),
        # Lost while an outage or a failed export was the other news: the database wins.
        (
            {"finish_reason": "finished", DATABASE_LOST: LOST_MID_RUN, **hosts(40, timeout=39)},
            f"basis data tidak dapat dihubungi: {LOST_MID_RUN}",
        ),
    ],
)
def test_a_database_lost_mid_run_is_exit_7(stats, label):
    end = judge(stats, SETTINGS)
    assert (end.reason, end.exit_code, end.status) == (EndReason.DATABASE_UNREACHABLE, 7, "failed")
    assert end.label == label


def test_an_interrupt_outranks_a_lost_database():
    """Ctrl-C while the database was away: the operator stopped it (9), as without it."""
    end = judge({"finish_reason": "shutdown", DATABASE_LOST: LOST_MID_RUN}, SETTINGS)
    assert end.exit_code == ExitCode.DIHENTIKAN


def test_registry_errors_pass_when_the_office_says_so():
    lenient = Settings({"OPDCRAWL_FAIL_ON_REGISTRY_ERRORS": False})
    stats = {"finish_reason": "finished", "opdcrawl/registry_errors": 2}
    assert judge(stats, lenient).exit_code == 0


def test_outage_wins_over_a_failed_export():
    stats = {
        "finish_reason": "finished",
        "feedexport/failed_count/FileFeedStorage": 1,
        **hosts(6, connection_refused=6),
    }
    end = judge(stats, SETTINGS)
    assert end.reason is EndReason.CRAWLER_OUTAGE
    assert end.detail == "connection_refused"


def test_every_reason_has_a_distinct_meaningful_code():
    codes = {info.exit_code for info in REASONS.values()}
    assert codes == set(ExitCode)
    assert all(info.label for info in REASONS.values())


RULE = outage.OutageRule(min_sites=5, share=0.9)


@pytest.mark.parametrize(
    ("stats", "expected"),
    [
        (hosts(6, dns_not_found=6), "dns_not_found"),
        (hosts(100, connection_refused=91), "connection_refused"),
        (hosts(100, connection_refused=89), None),  # below the share
        (hosts(100, connection_refused=50, dns_not_found=49), None),  # not the same way
        (hosts(4, dns_not_found=4), None),  # a small run is never an outage
        (hosts(0), None),
        ({}, None),
    ],
)
def test_outage_verdict(stats, expected):
    assert outage.verdict(stats, RULE) == expected


NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def run(status="running", pid=4321, host="node-a", hours_ago=1.0) -> CrawlRun:
    started = NOW - timedelta(hours=hours_ago)
    return CrawlRun(status=status, pid=pid, hostname=host, started_at=started)


@pytest.mark.parametrize(
    ("crawl_run", "alive", "stale"),
    [
        (run(), False, True),  # this host, its process gone
        (run(), True, False),  # this host, still running
        (run(hours_ago=100), True, False),  # a long run whose process lives is left alone
        (run(host="node-b"), False, False),  # another host: only age tells
        (run(host="node-b", hours_ago=49), True, True),
        (run(pid=None, host=None, hours_ago=49), True, True),  # a row from before 0006
        (run(status="finished"), False, False),
    ],
)
def test_stale_runs(crawl_run, alive, stale):
    assert (
        is_stale(
            crawl_run,
            now=NOW,
            max_age=timedelta(hours=48),
            host="node-a",
            alive=lambda pid: alive,
        )
        is stale
    )


def test_progress_wording():
    assert time_left(0, 0, 10) == "-"
    assert time_left(30, 10, 20) == "< 1 menit"
    assert time_left(600, 10, 40) == "30 menit"
    assert time_left(3600, 10, 40) == "3 jam 0 menit"
    line = progress_line("websites", 240, 600, 31, 360)
    assert line == (
        "Kemajuan websites: 240/600 kanal selesai (40%), 31 tidak terjangkau; "
        "perkiraan sisa 9 menit"
    )
    summary = summary_line(
        "websites", "kota-serang", {"Tidak Aktif": 20, "Aktif": 5, "Tidak Dapat Diakses": 3}, 3, 1
    )
    assert summary == (
        "Ringkasan websites wilayah kota-serang: 28 kanal diperiksa — Aktif 5, Tidak Aktif 20, "
        "Tidak Dapat Diakses 3; 3 tidak terjangkau; 1 galat ekstraksi"
    )

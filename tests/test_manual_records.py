"""Manual records (issue 10): accounts nothing can read, recorded by hand.

``opdcrawl social record`` / ``import`` store a check of a ``manual`` run, scored by the
shared freshness model with the platform's rules; the views pick it up with no change and
a later automatic check supersedes it. The database tests run on SQLite and PostgreSQL
(``db_url`` in conftest); the clock is frozen at ``FROZEN_NOW`` (2025-03-10 09:30 WIB).
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from opdcrawl import cli, items
from opdcrawl.commands import social as social_command
from opdcrawl.db import store
from opdcrawl.db.models import ChannelCheck, CrawlRun, Post
from opdcrawl.db.views import v_channel_latest
from opdcrawl.freshness import FreshnessRules, score_for
from opdcrawl.manual import (
    Catalog,
    ManualError,
    Target,
    assess_manual,
    make_record,
    parse_day,
    read_import,
)
from opdcrawl.registry import ChannelEntry, ChannelState, OpdSeed
from opdcrawl.vocabulary import CHANNEL_KINDS, Category
from tests.conftest import FROZEN_NOW, WIB

REGION = "kota-uji"
IG_A = "https://www.instagram.com/dinas.a"
X_A = "https://x.com/dinasa"
IG_B = "https://www.instagram.com/dinas.b"


# --- builders ------------------------------------------------------------------------------


def entry(kind: str, cell: str | None) -> ChannelEntry:
    """A registry cell: a URL (registered), None (empty: unknown) or "-" (none)."""
    if cell is None:
        return ChannelEntry(kind, ChannelState.UNKNOWN, None, "")
    if cell == "-":
        return ChannelEntry(kind, ChannelState.NONE, None, "-")
    return ChannelEntry(kind, ChannelState.REGISTERED, cell, cell)


def seed(code: str, region: str = REGION, **cells: str | None) -> OpdSeed:
    values: dict[str, str | None] = {kind: None for kind in CHANNEL_KINDS}
    values["website"] = f"https://{code.lower()}.uji.go.id/"
    values.update(cells)
    return OpdSeed(
        region_slug=region,
        region_name=region.replace("-", " ").title(),
        code=code,
        name=f"Dinas {code}",
        short_name=code,
        kind="dinas",
        channels={kind: entry(kind, cell) for kind, cell in values.items()},
    )


def registry() -> list[OpdSeed]:
    return [
        seed("A", instagram=IG_A, x=X_A, facebook="-"),  # tiktok left empty: unknown
        seed("B", instagram=IG_B),
    ]


@pytest.fixture
def synced(db_session: Session, frozen_now: datetime) -> Session:
    store.sync_registry(db_session, registry(), now=frozen_now)
    return db_session


def social(argv: list[str], db_url: str) -> int:
    """``opdcrawl social …`` in-process, with only this subcommand in the parser (the
    other command modules are written in parallel and are not under test here)."""
    parser = argparse.ArgumentParser(prog="opdcrawl social")
    social_command.add_arguments(parser)
    return social_command.run(parser.parse_args([*argv, "--url", db_url]))


def latest(session: Session, code: str, kind: str) -> dict:
    session.rollback()  # a fresh snapshot: the command wrote through its own engine
    row = session.execute(
        select(v_channel_latest).where(
            v_channel_latest.c.opd_code == code, v_channel_latest.c.channel_kind == kind
        )
    ).one()
    return row._asdict()


def check_of(session: Session, row: dict) -> ChannelCheck:
    return session.execute(
        select(ChannelCheck).where(
            ChannelCheck.run_id == row["run_id"], ChannelCheck.channel_id == row["channel_id"]
        )
    ).scalar_one()


def runs(session: Session) -> int:
    session.rollback()
    return session.execute(select(func.count()).select_from(CrawlRun)).scalar_one()


def wib(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=WIB)


# --- record --------------------------------------------------------------------------------


def test_record_is_a_manual_check_the_views_show(
    db_url: str, synced: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["record", "A", "instagram", "--last-post", "2025-03-05", "--posts-90d", "14"]
    assert social([*argv, "--note", "akun privat, dilihat\ndari HP"], db_url) == 0
    out = capsys.readouterr().out
    assert "kategori         : Aktif" in out
    assert f"skor             : {score_for(5, 14)}" in out
    assert "posting terakhir : 2025-03-05 (5 hari lalu)" in out
    assert "catatan          : dicatat manual oleh operator: akun privat, dilihat dari HP" in out

    row = latest(synced, "A", "instagram")
    assert row["category"] == Category.AKTIF
    assert row["last_post_at"] == wib("2025-03-05")
    assert row["checked_at"] == FROZEN_NOW
    assert (row["days_since_last_post"], row["posts_90d"], row["score"]) == (5, 14, 99)
    assert row["reachable"] and row["error_class"] is None
    assert row["evidence"].endswith(f"; posting: {IG_A}#manual-2025-03-05")

    run = synced.get(CrawlRun, row["run_id"])
    assert (run.spider, run.status, run.crawl_time) == ("manual", "finished", FROZEN_NOW)
    assert run.finished_at == FROZEN_NOW and run.regions == REGION
    check = check_of(synced, row)
    assert check.route == "manual"
    assert check.notes[0] == "dicatat manual oleh operator: akun privat, dilihat dari HP"
    assert check.last_post_url == f"{IG_A}#manual-2025-03-05"
    post = synced.execute(select(Post).where(Post.channel_id == row["channel_id"])).scalar_one()
    assert (post.source, post.raw_date, post.published_at) == (
        "manual",
        "2025-03-05",
        wib("2025-03-05"),
    )

    # The other accounts are untouched: one run, one check.
    assert latest(synced, "B", "instagram")["run_id"] is None
    assert runs(synced) == 1


def test_record_without_a_count_counts_only_the_last_post(
    db_url: str, synced: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    """Instagram's rules ask for 12 posts in 90 days: one known post is Kurang Aktif."""
    assert social(["record", "b", "INSTAGRAM", "--last-post", "2025-03-05"], db_url) == 0
    out = capsys.readouterr().out
    assert "posting 90 hari  : 1 (tidak diisi" in out
    assert "aturan instagram : Aktif bila posting terakhir ≤ 14 hari dan ≥ 12 posting" in out
    row = latest(synced, "B", "instagram")
    assert (row["category"], row["cadence"], row["posts_90d"]) == (
        Category.KURANG_AKTIF,
        "belum cukup data",
        1,
    )
    assert row["posts_per_week"] is None
    assert check_of(synced, row).notes[0] == "dicatat manual oleh operator"


def test_a_later_automatic_check_supersedes_the_manual_record(
    db_url: str, synced: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    def automatic(crawl_time: datetime, category: Category) -> int:
        run_id = store.start_run(
            synced, spider="social", regions=[REGION], crawl_time=crawl_time, version="0.1.0"
        )
        check = items.ChannelCheck(
            region=REGION,
            opd_code="A",
            channel="x",
            url=X_A,
            checked_at=crawl_time,
            reachable=True,
            route="api",
            posts=[items.Post(url="https://x.com/dinasa/status/1", published_at=wib("2025-01-02"))],
            last_post_at=wib("2025-01-02"),
            category=category,
            score=10,
        )
        store.record_check(synced, run_id, check)
        store.finish_run(synced, run_id, status="finished", stats={}, finished_at=crawl_time)
        return run_id

    older = automatic(FROZEN_NOW - timedelta(days=1), Category.TIDAK_AKTIF)
    assert (
        social(["record", "A", "x", "--last-post", "2025-03-01", "--posts-90d", "3"], db_url) == 0
    )
    manual = latest(synced, "A", "x")
    assert manual["run_id"] != older  # the older automatic check does not win
    assert check_of(synced, manual).route == "manual"
    assert manual["category"] == Category.KURANG_AKTIF
    assert manual["last_post_at"] == wib("2025-03-01")

    capsys.readouterr()
    assert social(["list-manual"], db_url) == 0
    listed = capsys.readouterr().out
    assert "kota-uji  A     x" in listed and "1 akun dinilai dari catatan manual" in listed

    newer = automatic(FROZEN_NOW + timedelta(days=1), Category.TIDAK_AKTIF)
    row = latest(synced, "A", "x")
    assert row["run_id"] == newer
    assert check_of(synced, row).route == "api"
    assert (row["category"], row["last_post_at"]) == (Category.TIDAK_AKTIF, wib("2025-01-02"))

    assert social(["list-manual"], db_url) == 0
    assert "Tidak ada akun yang saat ini dinilai dari catatan manual" in capsys.readouterr().out


# --- import --------------------------------------------------------------------------------


def test_import_records_good_rows_and_reports_bad_ones(
    db_url: str, synced: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "manual.csv"
    path.write_text(
        "region,code,platform,last_post,posts_90d,note\n"
        "kota-uji,A,instagram,2025-03-08,20,akun privat\n"
        "kota-uji,A,x,2025-03-11,,\n"  # 3: in the future
        "kota-uji,B,instagram,2025-01-01,,\n"
        "\n"
        "kota-uji,A,mastodon,2025-03-01,,\n"  # 6: unknown platform
        "kota-uji,A,instagram,2025-03-09,21,\n"  # 7: the same account as line 2
        "kota-uji,A,facebook,2025-03-01,,\n",  # 8: the registry says none
        encoding="utf-8",
    )
    assert social(["import", str(path)], db_url) == 1
    captured = capsys.readouterr()
    errors = captured.err.splitlines()
    assert errors[0] == (
        f"{path}:3: tanggal posting terakhir 2025-03-11 ada di masa depan (hari ini 2025-03-10 WIB)"
    )
    assert errors[1].startswith(f"{path}:6: platform 'mastodon' tidak dikenal; pilihan: ")
    assert errors[2] == (f"{path}:7: akun instagram OPD A sudah ada di baris 2; baris dilewati")
    assert errors[3].startswith(f"{path}:8: registri mencatat OPD A (Dinas A, kota-uji) ")
    assert len(errors) == 4
    assert "2 baris dicatat (crawl manual #" in captured.out
    assert "4 baris ditolak" in captured.out
    assert "baris 2: instagram A (kota-uji), posting terakhir 2025-03-08: Aktif" in captured.out

    a = latest(synced, "A", "instagram")
    b = latest(synced, "B", "instagram")
    assert a["run_id"] == b["run_id"] and runs(synced) == 1
    assert (a["category"], a["posts_90d"]) == (Category.AKTIF, 20)
    assert (b["category"], b["last_post_at"]) == (Category.TIDAK_AKTIF, wib("2025-01-01"))
    assert check_of(synced, a).notes[0] == "dicatat manual oleh operator: akun privat"
    assert latest(synced, "A", "x")["run_id"] is None


def test_import_of_a_clean_file_exits_zero(
    db_url: str, synced: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Excel id-ID: BOM, semicolons, columns in another order, no optional columns."""
    path = tmp_path / "manual.csv"
    path.write_bytes(b"\xef\xbb\xbfcode;platform;last_post;region\r\nB;instagram;2025-03-01;\r\n")
    assert social(["import", str(path)], db_url) == 0
    assert "1 baris dicatat" in capsys.readouterr().out
    assert latest(synced, "B", "instagram")["last_post_at"] == wib("2025-03-01")


def test_import_with_a_bad_header_records_nothing(
    db_url: str, synced: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "manual.csv"
    path.write_text("region,kode,platform,last_post\nkota-uji,A,x,2025-03-01\n", encoding="utf-8")
    assert social(["import", str(path)], db_url) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:1: baris judul salah (kolom tidak dikenal: 'kode'; ")
    assert "kolom wajib tidak ada: code" in err
    assert runs(synced) == 0
    assert social(["import", str(tmp_path / "tidak-ada.csv")], db_url) == 2


# --- refusals ------------------------------------------------------------------------------


REFUSALS = [
    (["Z", "instagram"], "kode OPD 'Z' tidak ada di wilayah kota-uji; pilihan: A, B"),
    (["A", "instagram", "--region", "kota-lain"], "wilayah 'kota-lain' tidak ada di basis"),
    (["A", "myspace"], "platform 'myspace' tidak dikenal; pilihan: instagram, facebook, "),
    (["A", "website"], "website dinilai oleh crawl websites"),
    (["A", "facebook"], "tidak punya akun facebook ('-'); bila akunnya ada, isi kolom facebook"),
    (["A", "tiktok"], "akun tiktok OPD A (Dinas A, kota-uji) belum diisi di registri; isi"),
    (["A", "instagram", "--last-post", "2025-03-11"], "ada di masa depan"),
    (["A", "instagram", "--last-post", "10/03/2025"], "tidak berformat YYYY-MM-DD"),
    (["A", "instagram", "--last-post", "2025-02-30"], "tidak ada di kalender"),
    (["A", "instagram", "--posts-90d", "banyak"], "'banyak' bukan bilangan bulat ≥ 0"),
    (["A", "instagram", "--posts-90d", "0"], "isi minimal 1 (posting itu sendiri)"),
    (
        ["A", "instagram", "--last-post", "2024-10-01", "--posts-90d", "4"],
        "sudah lebih dari 90 hari lalu; isi 0 atau kosongkan",
    ),
]


def test_refusals_store_nothing_and_say_why(
    db_url: str, synced: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv, reason in REFUSALS:
        args = ["record", *argv]
        if "--last-post" not in args:
            args += ["--last-post", "2025-03-01"]
        if "--region" not in args:
            args += ["--region", REGION]
        assert social(args, db_url) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("Tidak dicatat: ") and reason in err, (argv, err)
    assert runs(synced) == 0
    assert "opdcrawl db sync --region kota-uji" in _refusal(["A", "tiktok"], db_url, capsys)


def _refusal(argv: list[str], db_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert social(["record", *argv, "--last-post", "2025-03-01"], db_url) == 2
    return capsys.readouterr().err


def test_an_empty_database_says_to_sync_the_registry(
    db_url: str, frozen_now: datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    assert social(["record", "A", "x", "--last-post", "2025-03-01"], db_url) == 2
    assert "jalankan 'opdcrawl db sync'" in capsys.readouterr().err


# --- the pure part (no database) -----------------------------------------------------------


def target(code: str, region: str, kind: str = "instagram", **fields: str | None) -> Target:
    values = {"state": "registered", "url": f"https://www.instagram.com/{code.lower()}"}
    values.update(fields)
    return Target(
        channel_id=hash((code, region, kind)) % 10_000,
        region_slug=region,
        region_name=region.title(),
        opd_code=code,
        opd_name=f"Dinas {code}",
        kind=kind,
        state=str(values["state"]),
        url=values["url"],
    )


def test_the_region_is_found_from_the_code_unless_ambiguous() -> None:
    regions = [("A", "kota-uji"), ("A", "kab-uji"), ("B", "kab-uji"), ("D", "demo")]
    catalog = Catalog(target(code, region) for code, region in regions)
    assert catalog.find("b", "instagram").region_slug == "kab-uji"
    assert catalog.find("A", "instagram", "KOTA-UJI").region_slug == "kota-uji"
    with pytest.raises(ManualError, match=r"ada di beberapa wilayah \(kab-uji, kota-uji\)"):
        catalog.find("A", "instagram")
    with pytest.raises(ManualError, match=r"hanya ada di wilayah demo.*--region demo"):
        catalog.find("D", "instagram")
    assert catalog.find("D", "instagram", "demo").opd_code == "D"
    with pytest.raises(ManualError, match="kode OPD 'Q' tidak ada di basis data; pilihan: A, B"):
        catalog.find("Q", "instagram")


def test_dates_are_strict_and_never_in_the_future() -> None:
    today = date(2025, 3, 10)
    assert parse_day(" 2025-03-10 ", today=today) == today
    for text, reason in [
        ("", "kosong"),
        ("2025-3-1", "YYYY-MM-DD"),
        ("2025-03-10T10:00", "YYYY-MM-DD"),
        ("2025-13-01", "kalender"),
        ("2025-03-11", "masa depan"),
        ("0025-03-01", "terlalu lama"),
    ]:
        with pytest.raises(ManualError, match=reason):
            parse_day(text, today=today)


def test_the_record_is_judged_with_the_platform_rules() -> None:
    """20 days and 20 posts: Aktif for a website's rules, Kurang Aktif for Instagram's
    (Aktif within 14 days), as the project's settings say per kind."""
    rules = social_command.rules_for_kinds()
    assert (rules("instagram").active_max_days, rules("instagram").active_min_posts_90d) == (14, 12)
    catalog = Catalog([target("A", "kota-uji")])
    record = make_record(
        catalog,
        code="A",
        platform="instagram",
        last_post="2025-02-18",
        posts_90d="20",
        now=FROZEN_NOW,
    )
    assert assess_manual(record, now=FROZEN_NOW, rules=rules("instagram")).category == (
        Category.KURANG_AKTIF
    )
    website = assess_manual(record, now=FROZEN_NOW, rules=FreshnessRules())
    assert (website.category, website.days_since_last_post, website.posts_90d) == (
        Category.AKTIF,
        20,
        20,
    )
    assert website.cadence == "mingguan" and website.posts_per_week == round(20 * 7 / 90, 3)


def test_read_import_reports_whole_file_problems_at_their_line() -> None:
    assert [str(p) for p in read_import(b"", "f.csv").problems] == [
        "f.csv:1: berkas kosong; baris judul tidak ada"
    ]
    latin = read_import(b"region,code,platform,last_post\nx,A,x,2025-01-01,caf\xe9\n", "f.csv")
    assert latin.rows == [] and latin.problems[0].line == 2
    assert "bukan UTF-8" in latin.problems[0].message
    short = read_import(b"region,code,platform,last_post\nkota,A,x\n", "f.csv")
    assert [str(p) for p in short.problems] == [
        "f.csv:2: baris punya 3 kolom, seharusnya 4; baris dilewati"
    ]
    quoted = read_import(b'region,code,platform,last_post,note\nk,A,x,2025-01-01,"a\nb"\n', "f")
    assert quoted.rows == [
        (
            2,
            {
                "region": "k",
                "code": "A",
                "platform": "x",
                "last_post": "2025-01-01",
                "note": "a\nb",
            },
        )
    ]


def test_the_command_is_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "social" in cli.SUBCOMMANDS
    monkeypatch.setattr(cli, "SUBCOMMANDS", {"social": cli.SUBCOMMANDS["social"]})
    with pytest.raises(SystemExit) as exited:
        cli.main(["social", "record", "A", "x"])  # --last-post is required
    assert exited.value.code == 2

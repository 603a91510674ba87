"""Report data read from SQL: sentence, ranking ties, changes, trend, ownership, --run.

Runs on SQLite and PostgreSQL (``db_session``). The ``report_data`` fixture builds one
small region across three runs in two months; the other report test modules import it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from opdcrawl import items
from opdcrawl.db import store
from opdcrawl.registry import ChannelEntry, ChannelState, OpdSeed
from opdcrawl.report import wording
from opdcrawl.report.data import RegionReport, compare, load_region_reports
from opdcrawl.report.ranking import rank_opds
from opdcrawl.report.text import render_text
from opdcrawl.vocabulary import CHANNEL_KINDS, Category
from tests.conftest import FROZEN_NOW, WIB

REGION = "kota-uji"
OTHER = "kab-lain"
XSS = "<script>alert(1)</script>"
T0 = datetime(2025, 2, 3, 9, 0, tzinfo=WIB)  # early February run: the trend must skip it
T1 = datetime(2025, 2, 10, 9, 30, tzinfo=WIB)
T2 = FROZEN_NOW  # 2025-03-10 09:30 WIB
D40 = T2 - timedelta(days=40)

LATEST_SENTENCE = (
    "Dari 10 OPD di Kota Uji, 4 website kurang aktif, 1 aktif, 1 tidak aktif, "
    "1 tidak dapat diakses, 2 OPD tidak memiliki website dan 1 belum terdaftar websitenya."
)
RUN1_SENTENCE = (
    "Dari 9 OPD di Kota Uji, 4 website kurang aktif, 2 tidak aktif, 1 aktif, "
    "1 OPD tidak memiliki website dan 1 belum terdaftar websitenya."
)


def _entry(kind: str, cell: str | None) -> ChannelEntry:
    if cell is None:
        return ChannelEntry(kind, ChannelState.UNKNOWN, None, "")
    if cell == "-":
        return ChannelEntry(kind, ChannelState.NONE, None, "-")
    return ChannelEntry(kind, ChannelState.REGISTERED, cell, cell)


def opd(code: str, name: str, *, website: str | None = "", region: str = REGION, **social):
    if website == "":
        website = f"https://{code.lower()}.uji.go.id/"
    cells: dict[str, str | None] = dict.fromkeys(CHANNEL_KINDS)
    cells.update(social)
    cells["website"] = website
    return OpdSeed(
        region_slug=region,
        region_name=region.replace("-", " ").title(),
        code=code,
        name=name,
        short_name=code,
        kind="dinas",
        channels={kind: _entry(kind, cell) for kind, cell in cells.items()},
    )


def check(
    code: str,
    at: datetime,
    category: Category,
    score: int,
    *,
    last: datetime | None = D40,
    posts_90d: int = 2,
    region: str = REGION,
    channel: str = "website",
    reachable: bool = True,
    error_class: str | None = None,
    posts: list[items.Post] | None = None,
    spam_terms: list[str] | None = None,
    evidence: str = "feed",
) -> items.ChannelCheck:
    return items.ChannelCheck(
        region=region,
        opd_code=code,
        channel=channel,
        url=f"https://{code.lower()}.uji.go.id/",
        checked_at=at,
        reachable=reachable,
        http_status=200 if reachable else None,
        error_class=error_class,
        cms="wordpress" if reachable else None,
        posts=posts or [],
        spam_terms=spam_terms or [],
        last_post_at=last if reachable else None,
        posts_30d=min(posts_90d, 1),
        posts_90d=posts_90d,
        cadence="bulanan",
        category=category,
        score=score,
        evidence=evidence,
    )


def _registry(stage: int) -> list[OpdSeed]:
    seeds = [
        opd("A", "Dinas Kesehatan", instagram="https://instagram.com/dinkesuji", facebook="-"),
        opd("B", "Dinas Pendidikan", instagram="-"),
        opd("C", "Kecamatan Tanpa Web", website="-"),
        opd("D", "Kelurahan Belum Diisi", website=None),
        opd("E", "Dinas Putus"),
        opd("G", "Dinas Hilang", website="-" if stage == 2 else ""),
        opd("H", "Dinas Pariwisata"),
        opd("I", "Dinas Perhubungan"),
        opd("K", "Badan Riset & Inovasi"),
        opd("L1", "Dinas Lain", region=OTHER),
    ]
    if stage == 2:
        seeds.append(opd("F", "Dinas Baru"))
    return seeds


def _run(session: Session, at: datetime) -> int:
    return store.start_run(
        session, spider="websites", regions=[REGION, OTHER], crawl_time=at, version="test"
    )


def _finish(session: Session, run_id: int, at: datetime) -> None:
    store.finish_run(session, run_id, status="finished", stats={}, finished_at=at)


@pytest.fixture
def report_data(db_session: Session) -> dict[str, int]:
    """Kota Uji over runs in February (two) and March; Kab Lain with one OPD."""
    K = Category
    store.sync_registry(db_session, _registry(1), now=datetime(2025, 2, 1, tzinfo=WIB))

    run0 = _run(db_session, T0)
    store.record_check(db_session, run0, check("A", T0, K.TIDAK_AKTIF, 5, last=T0 - timedelta(200)))
    _finish(db_session, run0, T0)

    run1 = _run(db_session, T1)
    for c in (
        check("A", T1, K.KURANG_AKTIF, 50),
        check("B", T1, K.AKTIF, 80, last=T1 - timedelta(days=3), posts_90d=8),
        check("E", T1, K.TIDAK_AKTIF, 20, last=T1 - timedelta(days=150)),
        check("G", T1, K.TIDAK_AKTIF, 15, last=T1 - timedelta(days=120)),
        check("H", T1, K.KURANG_AKTIF, 55),
        check("I", T1, K.KURANG_AKTIF, 55),
        check("K", T1, K.KURANG_AKTIF, 50),
        check("L1", T1, K.AKTIF, 70, region=OTHER),
    ):
        store.record_check(db_session, run1, c)
    _finish(db_session, run1, T1)

    store.sync_registry(db_session, _registry(2), now=datetime(2025, 3, 1, tzinfo=WIB))
    run2 = _run(db_session, T2)
    b_last = T2 - timedelta(days=200)
    a_last = T2 - timedelta(days=2)
    for c in (
        check(
            "A",
            T2,
            K.AKTIF,
            90,
            last=a_last,
            posts_90d=9,
            posts=[
                items.Post(
                    url="https://a.uji.go.id/berita/vaksin",
                    title="Vaksinasi keliling",
                    published_at=a_last,
                    source="feed",
                )
            ],
        ),
        check("A", T2, K.AKTIF, 85, channel="instagram", last=a_last, posts_90d=20),
        check(
            "B",
            T2,
            K.TIDAK_AKTIF,
            10,
            last=b_last,
            posts_90d=0,
            spam_terms=["slot gacor"],
            evidence=f"list-page: {XSS}",
            posts=[items.Post(url="https://b.uji.go.id/berita/1", title=XSS, published_at=b_last)],
        ),
        check(
            "E",
            T2,
            K.TIDAK_DAPAT_DIAKSES,
            0,
            reachable=False,
            error_class="dns_not_found",
        ),
        check("F", T2, K.KURANG_AKTIF, 60, posts_90d=2),
        check("H", T2, K.KURANG_AKTIF, 60, posts_90d=5),
        check("I", T2, K.KURANG_AKTIF, 60, posts_90d=2),
        check(
            "K",
            T2,
            K.KURANG_AKTIF,
            60,
            last=T2 - timedelta(days=20),
            posts_90d=1,
            posts=[
                items.Post(
                    url="javascript:alert(2)",
                    title="klik",
                    published_at=T2 - timedelta(days=20),
                )
            ],
        ),
        check("L1", T2, K.AKTIF, 75, region=OTHER),
    ):
        store.record_check(db_session, run2, c)
    _finish(db_session, run2, T2)
    return {"run0": run0, "run1": run1, "run2": run2}


def region_report(session: Session, run: str | int = "latest", slug: str = REGION) -> RegionReport:
    (report,) = load_region_reports(session, [slug], run)
    return report


# --- the sentence ------------------------------------------------------------------------


def test_sentence_in_the_offices_words() -> None:
    counts = {"Tidak Aktif": 23, "Kurang Aktif": 8, "Tidak Punya Website": 1}
    assert wording.sentence_from_counts("Kota Serang", 32, counts) == (
        # Website categories largest first, then the OPD without a website; the noun is
        # said once per run of items sharing it.
        "Dari 32 OPD di Kota Serang, 23 website tidak aktif, 8 kurang aktif "
        "dan 1 OPD tidak memiliki website."
    )
    # Equal counts keep the order aktif, kurang aktif, tidak aktif.
    assert wording.sentence_from_counts("Kota X", 4, {"Tidak Aktif": 2, "Aktif": 2}) == (
        "Dari 4 OPD di Kota X, 2 website aktif dan 2 tidak aktif."
    )
    assert wording.sentence_from_counts("Kota X", 2, {"Aktif": 2}) == (
        "Dari 2 OPD di Kota X, 2 website aktif."
    )
    assert wording.sentence_from_counts("Kota X", 0, {}) == (
        "Belum ada OPD yang terdaftar untuk Kota X."
    )
    assert wording.join_list(["a", "b"]) == "a dan b"


def test_latest_report_sentence_and_rows(db_session: Session, report_data: dict) -> None:
    report = region_report(db_session)
    assert wording.summary_sentence(report) == LATEST_SENTENCE
    assert report.run_id == report_data["run2"] and not report.as_of_run
    rows = {row.opd_code: row for row in report.opds}
    assert set(rows) == {"A", "B", "C", "D", "E", "F", "G", "H", "I", "K"}
    assert rows["A"].evidence_url == "https://a.uji.go.id/berita/vaksin"
    assert rows["A"].socials["instagram"].text == "https://instagram.com/dinkesuji"
    assert rows["A"].socials["instagram"].category == "Aktif"
    assert rows["A"].socials["facebook"].text == "tidak ada"
    assert rows["A"].socials["youtube"].text == "belum terdaftar"
    assert rows["B"].spam_terms == ("slot gacor",) and rows["B"].evidence_title == XSS
    assert rows["E"].reachable is False and rows["E"].error_class == "dns_not_found"
    assert rows["C"].category == "Tidak Punya Website" and rows["C"].run_id is None
    assert rows["G"].category == "Tidak Punya Website"  # registry now says "-"
    assert rows["D"].category == "Belum Terdaftar"
    assert rows["A"].checked_at == T2 and rows["A"].last_post_at == T2 - timedelta(days=2)
    lists = report.by_category()
    assert [r.opd_code for r in lists["Kurang Aktif"]] == ["K", "F", "H", "I"]  # by name


def test_ranking_tie_rule_matches_the_view(db_session: Session, report_data: dict) -> None:
    from sqlalchemy import select

    from opdcrawl.db import views

    report = region_report(db_session)
    # A best score; among the 60s K has the newest post, H the most posts in 90 days;
    # F and I tie on everything but the code, so they share place 4 and B is 6th.
    # E (unreachable), C, G (no website) and D (not registered) get no place: they are
    # listed after the ranked OPDs, E first (a score of 0), then by code.
    expected = ["A", "K", "H", "F", "I", "B", "E", "C", "D", "G"]
    places = [1, 2, 3, 4, 4, 6, None, None, None, None]
    assert [row.opd_code for row in report.ranking] == expected
    assert [row.rank for row in report.ranking] == places
    assert [row.opd_code for row in rank_opds(report.opds)] == expected  # same rule in Python
    view = views.v_ranking
    in_view = dict(
        db_session.execute(
            select(view.c.opd_code, view.c.rank).where(view.c.region_slug == REGION)
        ).all()
    )
    assert in_view == dict(zip(expected, places, strict=True))  # the view, from the same rule


def test_least_active_names_only_ranked_opds_and_ties_together(
    db_session: Session, report_data: dict
) -> None:
    from opdcrawl.report.ranking import rank_groups, top_and_bottom

    report = region_report(db_session)
    top, bottom = top_and_bottom(report.ranking, 2)
    assert [(r.rank, r.opd_code) for r in top] == [(1, "A"), (2, "K")]
    # F and I share place 4: a list of "two least active" names both, and B.
    top, bottom = top_and_bottom(report.ranking, 3)
    assert [(r.rank, r.opd_code) for r in top] == [(1, "A"), (2, "K"), (3, "H")]
    assert [(r.rank, r.opd_code) for r in bottom] == [(4, "F"), (4, "I"), (6, "B")]
    _, bottom = top_and_bottom(report.ranking, 2)
    assert [r.opd_code for r in bottom] == ["F", "I", "B"]
    groups = rank_groups(report.ranking)
    # The unreachable, the missing and the unregistered websites are never "least active".
    assert {code for code, group in groups.items() if group == "unranked"} == {"E", "C", "D", "G"}
    assert groups["B"] == "bottom" and groups["A"] == "top"


def test_changes_against_previous_run(db_session: Session, report_data: dict) -> None:
    report = region_report(db_session)
    assert report.previous_run_id == report_data["run1"]
    changes = {c.opd_code: c for c in report.changes}
    assert [(c.opd_code, c.change) for c in report.changes] == [
        ("A", "naik"),
        ("B", "turun"),
        ("E", "turun"),
        ("F", "baru"),
        ("G", "hilang"),
        ("C", "tetap"),
        ("D", "tetap"),
        ("H", "tetap"),
        ("I", "tetap"),
        ("K", "tetap"),
    ]
    assert changes["A"].score_delta == 40 and changes["B"].score_delta == -70
    assert changes["K"].score_delta == 10
    assert (changes["G"].category_before, changes["G"].category_after) == (
        "Tidak Aktif",
        "Tidak Punya Website",
    )
    assert changes["F"].category_before is None and changes["F"].score_delta is None


def test_compare_classifies_each_direction() -> None:
    from opdcrawl.report.data import OpdRow

    def row(code: str, category: str | None, score: int | None = None) -> OpdRow:
        return OpdRow(REGION, "Kota Uji", code, code, code, "dinas", "registered", None,
                      category, score=score)  # fmt: skip

    before = [row("U", "Tidak Aktif"), row("D", "Aktif"), row("G", "Kurang Aktif", 5)]
    after = [row("U", "Aktif"), row("D", "Tidak Dapat Diakses"), row("N", "Aktif")]
    assert [(c.opd_code, c.change) for c in compare(before, after)] == [
        ("U", "naik"),
        ("D", "turun"),
        ("N", "baru"),
        ("G", "hilang"),
    ]


def test_monthly_trend_takes_each_months_last_finished_run(
    db_session: Session, report_data: dict
) -> None:
    report = region_report(db_session)
    assert [(m.month, m.run_id) for m in report.trend] == [
        ("2025-02", report_data["run1"]),  # not run0, which is earlier in February
        ("2025-03", report_data["run2"]),
    ]
    february, march = report.trend
    assert february.counts == {
        "Aktif": 1,
        "Kurang Aktif": 4,
        "Tidak Aktif": 2,
        "Tidak Dapat Diakses": 0,
    }
    assert march.counts["Tidak Dapat Diakses"] == 1 and march.checked == 7
    assert march.reachable == 6


def test_website_ownership_progress(db_session: Session, report_data: dict) -> None:
    report = region_report(db_session)
    website = report.website_ownership
    assert (website.total_opd, website.registered, website.reachable) == (10, 7, 6)
    assert (website.registered_pct, website.reachable_pct) == (70.0, 60.0)
    instagram = next(line for line in report.ownership if line.channel_kind == "instagram")
    assert (instagram.registered, instagram.none, instagram.unknown) == (1, 1, 8)


def test_report_as_of_an_earlier_run(db_session: Session, report_data: dict) -> None:
    report = region_report(db_session, str(report_data["run1"]))
    assert report.as_of_run and report.run_id == report_data["run1"]
    assert wording.summary_sentence(report) == RUN1_SENTENCE
    rows = {row.opd_code: row for row in report.opds}
    assert "F" not in rows  # added to the registry after run 1
    assert rows["G"].category == "Tidak Aktif" and rows["G"].website_state == "registered"
    assert rows["B"].category == "Aktif" and rows["B"].score == 80
    assert [row.opd_code for row in report.ranking][:2] == ["B", "H"]
    assert report.previous_run_id == report_data["run0"]
    assert [m.run_id for m in report.trend] == [report_data["run1"]]
    assert {c.opd_code: c.change for c in report.changes}["A"] == "naik"


def test_all_regions_and_unknown_names(db_session: Session, report_data: dict) -> None:
    reports = load_region_reports(db_session, None)
    assert [r.region_slug for r in reports] == [OTHER, REGION]
    assert wording.summary_sentence(reports[0]) == "Dari 1 OPD di Kab Lain, 1 website aktif."
    with pytest.raises(LookupError, match="kota-hilang"):
        load_region_reports(db_session, ["kota-hilang"])
    with pytest.raises(LookupError, match="9999"):
        load_region_reports(db_session, [REGION], 9999)
    with pytest.raises(ValueError, match="--run"):
        load_region_reports(db_session, [REGION], "kemarin")


def test_render_text_has_table_sentence_and_lists(db_session: Session, report_data: dict) -> None:
    text = render_text(region_report(db_session))
    assert LATEST_SENTENCE in text
    assert "Kurang Aktif (4): Badan Riset & Inovasi, Dinas Baru, Dinas Pariwisata" in text
    line = next(line for line in text.splitlines() if line.startswith("E "))
    assert "Tidak Dapat Diakses" in line and "Domain tidak ditemukan" in line
    # Not measured: "-" for the last post, days, posts in 30 and 90 days, cadence and score.
    assert line.split().count("-") == 6 and "0" not in line.split()
    warnings = [line for line in text.splitlines() if line.startswith("PERINGATAN")]
    assert len(warnings) == 1 and "slot gacor" in warnings[0]


# --- sharded rounds: each round is two runs, shard A (S1-S3) and shard B (S4-S6) ---------

SHARDED = "kota-shard"
ROUND_TIMES = {  # round -> (shard A, shard B) crawl times; B starts a few minutes later
    1: (datetime(2025, 1, 13, 9, 0, tzinfo=WIB), datetime(2025, 1, 13, 9, 5, tzinfo=WIB)),
    2: (datetime(2025, 2, 10, 9, 0, tzinfo=WIB), datetime(2025, 2, 10, 9, 5, tzinfo=WIB)),
    3: (datetime(2025, 3, 3, 9, 0, tzinfo=WIB), datetime(2025, 3, 3, 9, 5, tzinfo=WIB)),
    4: (datetime(2025, 4, 7, 9, 0, tzinfo=WIB), datetime(2025, 4, 7, 9, 5, tzinfo=WIB)),
}
# Round -> OPD -> (category, score). Round 2: S1 naik, S5 turun, S2 drops a level inside
# its shard too (turun); the rest stay. Round 3: S6's website is gone from the registry.
K_ = Category
ROUNDS: dict[int, dict[str, tuple[Category, int]]] = {
    1: {
        "S1": (K_.KURANG_AKTIF, 50),
        "S2": (K_.AKTIF, 85),
        "S3": (K_.TIDAK_AKTIF, 10),
        "S4": (K_.KURANG_AKTIF, 55),
        "S5": (K_.AKTIF, 80),
        "S6": (K_.TIDAK_AKTIF, 15),
    },
    2: {
        "S1": (K_.AKTIF, 90),
        "S2": (K_.KURANG_AKTIF, 60),
        "S3": (K_.TIDAK_AKTIF, 12),
        "S4": (K_.KURANG_AKTIF, 58),
        "S5": (K_.TIDAK_DAPAT_DIAKSES, 0),
        "S6": (K_.TIDAK_AKTIF, 15),
    },
}
ROUNDS[3] = {code: ROUNDS[2][code] for code in ("S1", "S2", "S3", "S4", "S5")}
ROUNDS[4] = dict(ROUNDS[3])


def _sharded_registry(s6_website: str | None = "") -> list[OpdSeed]:
    return [
        opd(f"S{n}", f"Dinas Shard {n}", region=SHARDED, website=s6_website if n == 6 else "")
        for n in range(1, 7)
    ]


def _run_checks(
    session: Session,
    at: datetime,
    results: dict[str, tuple[Category, int]],
    *,
    ended: datetime | None = None,
    status: str = "finished",
    spider: str = "websites",
) -> int:
    """One run over Kota Shard checking ``results`` (OPD -> category, score); it ends
    (``status``) at ``ended`` (default: 30 minutes after ``at``) unless "running"."""
    run_id = store.start_run(
        session, spider=spider, regions=[SHARDED], crawl_time=at, version="test"
    )
    for code, (category, score) in results.items():
        unreachable = category is Category.TIDAK_DAPAT_DIAKSES
        store.record_check(
            session,
            run_id,
            check(
                code,
                at,
                category,
                score,
                region=SHARDED,
                last=at - timedelta(days=10),
                reachable=not unreachable,
                error_class="timeout" if unreachable else None,
            ),
        )
    if status != "running":
        store.finish_run(
            session,
            run_id,
            status=status,
            stats={},
            finished_at=ended or at + timedelta(minutes=30),
        )
    return run_id


def _shard_round(session: Session, number: int) -> tuple[int, int]:
    """Run round ``number`` as two finished shard runs over the same region."""
    run_ids: list[int] = []
    for at, codes in zip(
        ROUND_TIMES[number], (("S1", "S2", "S3"), ("S4", "S5", "S6")), strict=True
    ):
        results = {code: ROUNDS[number][code] for code in codes if code in ROUNDS[number]}
        run_ids.append(_run_checks(session, at, results, ended=at + timedelta(hours=1)))
    return run_ids[0], run_ids[1]


@pytest.fixture
def sharded(db_session: Session) -> dict[str, int]:
    """Two rounds (January, February) of two shard runs each."""
    store.sync_registry(db_session, _sharded_registry(), now=datetime(2025, 1, 1, tzinfo=WIB))
    r1a, r1b = _shard_round(db_session, 1)
    r2a, r2b = _shard_round(db_session, 2)
    return {"r1a": r1a, "r1b": r1b, "r2a": r2a, "r2b": r2b}


def _kinds(report: RegionReport) -> list[tuple[str, str]]:
    return [(c.opd_code, c.change) for c in report.changes]


def _assert_after_is_opd_check(report: RegionReport) -> None:
    """Every "changes" row's "after" side is the check its OPD row shows."""
    rows = {row.opd_code: row for row in report.opds}
    assert report.changes
    for change in report.changes:
        row = rows[change.opd_code]
        assert change.run_id == row.run_id, change.opd_code
        if row.run_id is not None:
            assert (change.category_after, change.score_after) == (row.category, row.score)


def test_sharded_rounds_compare_each_website_with_its_own_previous_check(
    db_session: Session, sharded: dict[str, int]
) -> None:
    report = region_report(db_session, slug=SHARDED)
    assert report.run_id == sharded["r2b"]  # the newest run among the OPDs' checks
    # Per run, r2b (S4-S6) would be compared with r2a (S1-S3): three spurious "baru" and,
    # the other way round, three "hilang". Per channel there are none.
    assert _kinds(report) == [
        ("S1", "naik"),
        ("S2", "turun"),
        ("S5", "turun"),
        ("S3", "tetap"),
        ("S4", "tetap"),
        ("S6", "tetap"),
    ]
    changes = {c.opd_code: c for c in report.changes}
    # Each row names the runs of its own two checks: its shard in round 1 and round 2.
    for code in ("S1", "S2", "S3"):
        assert (changes[code].previous_run_id, changes[code].run_id) == (
            sharded["r1a"],
            sharded["r2a"],
        )
    for code in ("S4", "S5", "S6"):
        assert (changes[code].previous_run_id, changes[code].run_id) == (
            sharded["r1b"],
            sharded["r2b"],
        )
    assert (changes["S1"].category_before, changes["S1"].category_after) == (
        "Kurang Aktif",
        "Aktif",
    )
    assert changes["S1"].score_delta == 40 and changes["S5"].score_delta == -80
    assert changes["S5"].category_after == "Tidak Dapat Diakses"
    # Three "before" checks from each round-1 shard: the tie goes to the newer run.
    assert report.previous_run_id == sharded["r1b"]
    assert report.previous_crawl_time == ROUND_TIMES[1][1]


def test_sharded_changes_table_names_each_rows_runs(
    db_session: Session, sharded: dict[str, int]
) -> None:
    from opdcrawl.report.tables import CHANGES, SUMMARY, table_rows

    report = region_report(db_session, slug=SHARDED)
    rows = {row["opd_code"]: row for row in table_rows(CHANGES, report)}
    assert (rows["S2"]["previous_run_id"], rows["S2"]["run_id"]) == (sharded["r1a"], sharded["r2a"])
    assert (rows["S6"]["previous_run_id"], rows["S6"]["run_id"]) == (sharded["r1b"], sharded["r2b"])
    assert rows["S5"]["change"] == "Turun"
    assert not {"Website baru", "Website hilang"} & {row["change"] for row in rows.values()}
    (summary,) = table_rows(SUMMARY, report)
    assert (summary["run_id"], summary["previous_run_id"]) == (sharded["r2b"], sharded["r1b"])


def test_sharded_changes_heading_names_every_earlier_run(
    db_session: Session, sharded: dict[str, int]
) -> None:
    from opdcrawl.report.html import region_section

    html = region_section(region_report(db_session, slug=SHARDED))
    first, second = sorted((sharded["r1a"], sharded["r1b"]))
    assert f"crawl #{first}, #{second}; satu putaran" in html
    assert "Dibanding crawl #" not in html


def test_sharded_trend_counts_every_website_of_the_round(
    db_session: Session, sharded: dict[str, int]
) -> None:
    report = region_report(db_session, slug=SHARDED)
    assert [(m.month, m.run_id, m.checked) for m in report.trend] == [
        ("2025-01", sharded["r1b"], 6),  # both shard runs of the round, not the last one
        ("2025-02", sharded["r2b"], 6),
    ]
    january, february = report.trend
    assert january.counts == {
        "Aktif": 2,
        "Kurang Aktif": 2,
        "Tidak Aktif": 2,
        "Tidak Dapat Diakses": 0,
    }
    assert february.counts == {  # S1 | S2, S4 | S3, S6 | S5
        "Aktif": 1,
        "Kurang Aktif": 2,
        "Tidak Aktif": 2,
        "Tidak Dapat Diakses": 1,
    }
    assert (january.reachable, february.reachable) == (6, 5)
    assert february.crawl_time == ROUND_TIMES[2][1]


def test_sharded_report_as_of_a_shard_run(db_session: Session, sharded: dict[str, int]) -> None:
    # As of shard B of round 2 the whole round is in: the same comparison as "latest".
    report = region_report(db_session, str(sharded["r2b"]), slug=SHARDED)
    assert _kinds(report) == _kinds(region_report(db_session, slug=SHARDED))
    assert [m.checked for m in report.trend] == [6, 6]

    # As of shard A of round 2: shard B started (09:05) before A ended (10:00), so the
    # round reads whole as of A too: S4-S6 show shard B's checks, not "Belum Dicek", and
    # each row names its own run while the summary stays A's.
    report = region_report(db_session, str(sharded["r2a"]), slug=SHARDED)
    assert report.run_id == sharded["r2a"] and report.crawl_time == ROUND_TIMES[2][0]
    assert {row.opd_code: row.run_id for row in report.opds} == {
        **dict.fromkeys(("S1", "S2", "S3"), sharded["r2a"]),
        **dict.fromkeys(("S4", "S5", "S6"), sharded["r2b"]),
    }
    assert _kinds(report) == _kinds(region_report(db_session, slug=SHARDED))
    _assert_after_is_opd_check(report)
    changes = {c.opd_code: c for c in report.changes}
    assert changes["S5"].category_after == "Tidak Dapat Diakses"  # round 2's, from shard B
    assert report.previous_run_id == sharded["r1b"]
    # The trend stays bounded by the run's crawl time.
    assert [(m.month, m.checked) for m in report.trend] == [("2025-01", 6), ("2025-02", 3)]

    # The first shard run of all: shard B of round 1 is shown with it; nothing to
    # compare with; a one-month trend.
    report = region_report(db_session, str(sharded["r1a"]), slug=SHARDED)
    assert {row.run_id for row in report.opds} == {sharded["r1a"], sharded["r1b"]}
    assert report.changes == [] and report.previous_run_id is None
    assert [(m.month, m.run_id, m.checked) for m in report.trend] == [
        ("2025-01", sharded["r1a"], 3)
    ]


def test_sharded_website_gone_is_hilang_once(db_session: Session, sharded: dict[str, int]) -> None:
    # Before round 3 the registry says S6 has no website ("-"); shard B checks S4, S5.
    store.sync_registry(
        db_session, _sharded_registry(s6_website="-"), now=datetime(2025, 3, 1, tzinfo=WIB)
    )
    _, r3b = _shard_round(db_session, 3)
    report = region_report(db_session, slug=SHARDED)
    assert _kinds(report) == [
        ("S6", "hilang"),
        ("S1", "tetap"),
        ("S2", "tetap"),
        ("S3", "tetap"),
        ("S4", "tetap"),
        ("S5", "tetap"),
    ]
    s6 = next(c for c in report.changes if c.opd_code == "S6")
    assert (s6.category_before, s6.category_after) == ("Tidak Aktif", "Tidak Punya Website")
    assert (s6.previous_run_id, s6.run_id) == (sharded["r2b"], None)
    assert [(m.month, m.checked) for m in report.trend][-1] == ("2025-03", 5)

    # One round later S6 is no longer news: its last check is two rounds old.
    _shard_round(db_session, 4)
    report = region_report(db_session, slug=SHARDED)
    assert {kind for _, kind in _kinds(report)} == {"tetap"}
    s6 = next(c for c in report.changes if c.opd_code == "S6")
    assert (s6.category_before, s6.previous_run_id) == ("Tidak Punya Website", None)
    # ... while a report as of round 3 still says hilang.
    assert ("S6", "hilang") in _kinds(region_report(db_session, str(r3b), slug=SHARDED))


# --- a report as of one run: the state when that run ended ------------------------------

DAY = datetime(2025, 2, 10, 9, 0, tzinfo=WIB)


def _first_round(session: Session) -> int:
    """The registry and one full finished run in January (round 1 of ``ROUNDS``)."""
    store.sync_registry(session, _sharded_registry(), now=datetime(2025, 1, 1, tzinfo=WIB))
    return _run_checks(session, ROUND_TIMES[1][0], ROUNDS[1])


def _rows(report: RegionReport) -> dict[str, Any]:
    return {row.opd_code: row for row in report.opds}


def test_run_report_as_of_a_shard_shows_the_other_shards_checks(db_session: Session) -> None:
    from opdcrawl.report.html import region_section
    from opdcrawl.report.tables import OPD, SUMMARY, table_rows

    first = _first_round(db_session)
    round2 = ROUNDS[2]
    # Shard B starts 5 s after shard A and ends after it.
    shard_a = _run_checks(
        db_session,
        DAY,
        {code: round2[code] for code in ("S1", "S2", "S3")},
        ended=DAY + timedelta(minutes=10),
    )
    shard_b = _run_checks(
        db_session,
        DAY + timedelta(seconds=5),
        {code: round2[code] for code in ("S4", "S5", "S6")},
        ended=DAY + timedelta(minutes=20),
    )

    report = region_report(db_session, str(shard_a), slug=SHARDED)
    assert (report.run_id, report.crawl_time) == (shard_a, DAY)  # the summary stays A's
    rows = _rows(report)
    assert {code: row.run_id for code, row in rows.items()} == {
        **dict.fromkeys(("S1", "S2", "S3"), shard_a),
        **dict.fromkeys(("S4", "S5", "S6"), shard_b),
    }
    assert rows["S5"].category == "Tidak Dapat Diakses"  # B's check, not "Belum Dicek"
    assert rows["S5"].checked_at == DAY + timedelta(seconds=5)
    assert rows["S4"].website_state == "registered" and rows["S4"].score == 58
    (summary,) = table_rows(SUMMARY, report)
    assert (summary["run_id"], summary["belum_dicek"], summary["total_opd"]) == (shard_a, 0, 6)
    assert {row["opd_code"]: row["run_id"] for row in table_rows(OPD, report)}["S6"] == shard_b
    assert report.website_ownership.reachable == 5
    note = wording.HEADINGS["opd_table_as_of"].format(run_id=shard_a)
    assert note in region_section(report)
    assert "Website yang tidak dicek" not in region_section(region_report(db_session, slug=SHARDED))

    # Changes: the whole round against round 1, each "after" the OPD row's check.
    _assert_after_is_opd_check(report)
    assert _kinds(report) == [
        ("S1", "naik"),
        ("S2", "turun"),
        ("S5", "turun"),
        ("S3", "tetap"),
        ("S4", "tetap"),
        ("S6", "tetap"),
    ]
    assert {c.previous_run_id for c in report.changes} == {first}

    # As of shard B, shard A's checks (started earlier) are shown the same way.
    report = region_report(db_session, str(shard_b), slug=SHARDED)
    assert report.run_id == shard_b
    assert {row.run_id for row in report.opds} == {shard_a, shard_b}
    assert _rows(report)["S1"].category == "Aktif"
    _assert_after_is_opd_check(report)


def test_run_report_as_of_a_one_opd_recheck(db_session: Session) -> None:
    first = _first_round(db_session)
    full = _run_checks(db_session, DAY, ROUNDS[2])
    recheck = _run_checks(db_session, DAY + timedelta(days=2), {"S2": (Category.AKTIF, 95)})

    report = region_report(db_session, str(recheck), slug=SHARDED)
    assert report.run_id == recheck and report.crawl_time == DAY + timedelta(days=2)
    rows = _rows(report)
    assert (rows["S2"].run_id, rows["S2"].category, rows["S2"].score) == (recheck, "Aktif", 95)
    assert {code: row.run_id for code, row in rows.items() if code != "S2"} == dict.fromkeys(
        ("S1", "S3", "S4", "S5", "S6"), full
    )
    assert rows["S5"].category == "Tidak Dapat Diakses" and rows["S1"].category == "Aktif"
    assert report.category_counts()[wording.NOT_CHECKED] == 0
    assert [r.opd_code for r in report.ranking][:2] == ["S2", "S1"]

    # S2: the re-check against the full run; the others: the full run against January.
    _assert_after_is_opd_check(report)
    changes = {c.opd_code: c for c in report.changes}
    assert (changes["S2"].previous_run_id, changes["S2"].run_id) == (full, recheck)
    assert (changes["S2"].change, changes["S2"].score_delta) == ("naik", 35)
    assert (changes["S1"].previous_run_id, changes["S1"].run_id) == (first, full)
    assert changes["S5"].change == "turun"
    assert report.previous_run_id == first  # five of the six "before" checks

    # The latest report agrees with the one as of the newest run.
    latest = region_report(db_session, slug=SHARDED)
    assert [(r.opd_code, r.run_id, r.category) for r in latest.opds] == [
        (r.opd_code, r.run_id, r.category) for r in report.opds
    ]
    assert report.changes == latest.changes


def test_run_report_never_shows_checks_of_a_run_after_it_ended(db_session: Session) -> None:
    first = _first_round(db_session)
    round2 = ROUNDS[2]
    # Run N ends at 09:30; run L starts at 10:00 and re-checks everything.
    early = _run_checks(db_session, DAY, {code: round2[code] for code in ("S1", "S2", "S3")})
    later = _run_checks(db_session, DAY + timedelta(hours=1), round2)
    recheck = _run_checks(db_session, DAY + timedelta(days=2), {"S2": (Category.AKTIF, 95)})

    report = region_report(db_session, str(early), slug=SHARDED)
    rows = _rows(report)
    assert {row.run_id for row in report.opds} == {early, first}  # never L's or later
    assert {code: rows[code].run_id for code in ("S4", "S5", "S6")} == dict.fromkeys(
        ("S4", "S5", "S6"), first
    )
    assert rows["S5"].category == "Aktif"  # January's, not L's Tidak Dapat Diakses
    _assert_after_is_opd_check(report)
    changes = {c.opd_code: c for c in report.changes}
    assert (changes["S5"].run_id, changes["S5"].previous_run_id) == (first, None)

    # As of the full run L: the later one-OPD re-check is not shown either.
    report = region_report(db_session, str(later), slug=SHARDED)
    assert {row.run_id for row in report.opds} == {later}
    assert _rows(report)["S2"].category == "Kurang Aktif"
    assert recheck not in {c.run_id for c in report.changes}
    _assert_after_is_opd_check(report)


def test_run_report_skips_unfinished_runs_but_not_other_spiders(db_session: Session) -> None:
    """Unfinished runs never fill in; a finished run of another spider does: a report as of
    one spider's run shows every channel's newest finished check, whoever made it."""
    _first_round(db_session)
    full = _run_checks(db_session, DAY, ROUNDS[2])
    hour = timedelta(hours=1)
    running = _run_checks(db_session, DAY + hour, {"S3": (Category.AKTIF, 99)}, status="running")
    killed = _run_checks(db_session, DAY + 2 * hour, {"S4": (Category.AKTIF, 98)}, status="killed")
    failed = _run_checks(db_session, DAY + 3 * hour, {"S6": (Category.AKTIF, 96)}, status="failed")
    other = _run_checks(
        db_session, DAY + 4 * hour, {"S5": (Category.AKTIF, 97)}, spider="websites_browser"
    )
    recheck = _run_checks(db_session, DAY + 5 * hour, {"S1": (Category.KURANG_AKTIF, 70)})

    report = region_report(db_session, str(recheck), slug=SHARDED)
    rows = _rows(report)
    assert rows["S1"].run_id == recheck
    for code in ("S2", "S3", "S4", "S6"):
        assert rows[code].run_id == full, code
    assert (rows["S5"].run_id, rows["S5"].score) == (other, 97)
    assert (rows["S3"].score, rows["S4"].score) == (12, 58)
    assert not {running, killed, failed} & {c.run_id for c in report.changes}
    _assert_after_is_opd_check(report)

    # As of an unfinished run itself: its own check, the rest up to its crawl time.
    report = region_report(db_session, str(running), slug=SHARDED)
    assert {code: row.run_id for code, row in _rows(report).items()} == {
        **dict.fromkeys(("S1", "S2", "S4", "S5", "S6"), full),
        "S3": running,
    }  # "other" ran after this run's crawl time
    _assert_after_is_opd_check(report)
    # As of the killed run (it has an end): its own check; not the running one's.
    rows = _rows(region_report(db_session, str(killed), slug=SHARDED))
    assert (rows["S4"].run_id, rows["S3"].run_id) == (killed, full)


def test_run_report_keeps_the_registry_as_it_was_then(db_session: Session) -> None:
    _first_round(db_session)
    full = _run_checks(db_session, DAY, ROUNDS[2])
    # Before the re-check, the registry says S6 has no website any more.
    store.sync_registry(db_session, _sharded_registry(s6_website="-"), now=DAY + timedelta(days=1))
    recheck = _run_checks(db_session, DAY + timedelta(days=2), {"S2": (Category.AKTIF, 95)})
    # After it, OPD S5 leaves the registry.
    retired = [seed for seed in _sharded_registry(s6_website="-") if seed.code != "S5"]
    store.sync_registry(db_session, retired, now=DAY + timedelta(days=3))

    rows = _rows(region_report(db_session, str(recheck), slug=SHARDED))
    # S6's old check is not shown: by then the registry said "-".
    assert (rows["S6"].category, rows["S6"].run_id) == ("Tidak Punya Website", None)
    # S5 was still in the registry when the re-check ended: listed with its last check.
    assert (rows["S5"].run_id, rows["S5"].category) == (full, "Tidak Dapat Diakses")
    assert "S5" not in _rows(region_report(db_session, slug=SHARDED))
    # As of the full run, before either registry change, S6 shows its own check.
    rows = _rows(region_report(db_session, str(full), slug=SHARDED))
    assert (rows["S6"].run_id, rows["S6"].category) == (full, "Tidak Aktif")


def test_run_report_prefers_its_own_check(db_session: Session) -> None:
    _first_round(db_session)
    run = _run_checks(db_session, DAY, ROUNDS[2], ended=DAY + timedelta(minutes=30))
    # A re-check of S1 starts while the run is still going and ends before it.
    during = _run_checks(
        db_session,
        DAY + timedelta(minutes=5),
        {"S1": (Category.TIDAK_AKTIF, 5)},
        ended=DAY + timedelta(minutes=6),
    )
    rows = _rows(region_report(db_session, str(run), slug=SHARDED))
    assert (rows["S1"].run_id, rows["S1"].category) == (run, "Aktif")
    rows = _rows(region_report(db_session, str(during), slug=SHARDED))
    assert (rows["S1"].run_id, rows["S2"].run_id) == (during, run)

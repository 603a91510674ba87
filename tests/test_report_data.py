"""Report data read from SQL: sentence, ranking ties, changes, trend, ownership, --run.

Runs on SQLite and PostgreSQL (``db_session``). The ``report_data`` fixture builds one
small region across three runs in two months; the other report test modules import it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

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
    "1 tidak dapat diakses, 2 OPD tidak memiliki website dan 1 belum terdata websitenya."
)
RUN1_SENTENCE = (
    "Dari 9 OPD di Kota Uji, 4 website kurang aktif, 2 tidak aktif, 1 aktif, "
    "1 OPD tidak memiliki website dan 1 belum terdata websitenya."
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
    report = region_report(db_session)
    # A best score; among the 60s K has the newest post, H the most posts in 90 days,
    # F and I tie on everything but the code; no score comes last, by code.
    expected = ["A", "K", "H", "F", "I", "B", "E", "C", "D", "G"]
    assert [row.opd_code for row in report.ranking] == expected  # from v_ranking
    assert [row.rank for row in report.ranking] == list(range(1, 11))
    assert [row.opd_code for row in rank_opds(report.opds)] == expected  # same rule in Python


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
    warnings = [line for line in text.splitlines() if line.startswith("PERINGATAN")]
    assert len(warnings) == 1 and "slot gacor" in warnings[0]

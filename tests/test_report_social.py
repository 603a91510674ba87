"""Social accounts in SQL and in the reports: ``v_social_latest``, the per-OPD social
columns, the social ranking ("Peringkat Media Sosial") and the OPDs without any account
("Tanpa Akun Media Sosial"), in every format.

Runs on SQLite and PostgreSQL (``db_session``). The ``social_data`` fixture builds one
region whose websites and accounts on several platforms were checked by a websites run,
two social runs and a manual record (route ``manual``), all through ``opdcrawl.db.store``.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from opdcrawl import items
from opdcrawl.db import store, views
from opdcrawl.registry import ChannelEntry, ChannelState, OpdSeed
from opdcrawl.report import wording
from opdcrawl.report.build import write_reports
from opdcrawl.report.data import RegionReport, load_region_reports
from opdcrawl.report.ranking import rank_opds
from opdcrawl.report.tables import NO_SOCIAL_ACCOUNT, OPD, RANKING, SOCIAL_RANKING, table_rows
from opdcrawl.report.text import render_text
from opdcrawl.vocabulary import CHANNEL_KINDS, Category
from tests.conftest import FROZEN_NOW, WIB

REGION = "kota-sosmed"
T1 = datetime(2025, 2, 10, 9, 0, tzinfo=WIB)  # an older social run
T_WEB = FROZEN_NOW - timedelta(hours=3)  # 2025-03-10 06:30 WIB
T_SOCIAL = FROZEN_NOW - timedelta(hours=1)
T_MANUAL = FROZEN_NOW  # an operator records P2's Facebook by hand after the social run
K = Category

# The "opd" table's columns before social columns were appended: their order must stay.
WEBSITE_OPD_COLUMNS = (
    "region_slug",
    "opd_code",
    "opd_name",
    "opd_kind",
    "category",
    "website_url",
    "last_post_at",
    "days_since_last_post",
    "posts_30d",
    "posts_90d",
    "cadence",
    "score",
    "reachable",
    "reachability",
    "reachability_hint",
    "error_class",
    "http_status",
    "cms",
    "evidence",
    "evidence_url",
    "evidence_title",
    "spam",
    "spam_terms",
    "instagram",
    "facebook",
    "youtube",
    "x",
    "tiktok",
    "checked_at",
    "run_id",
)


def _entry(kind: str, cell: str | None) -> ChannelEntry:
    if cell is None:
        return ChannelEntry(kind, ChannelState.UNKNOWN, None, "")
    if cell == "-":
        return ChannelEntry(kind, ChannelState.NONE, None, "-")
    return ChannelEntry(kind, ChannelState.REGISTERED, cell, cell)


def account_url(code: str, platform: str) -> str:
    return f"https://www.{platform}.com/{code.lower()}.sosmed"


def opd(code: str, name: str, kind: str = "dinas", *, website: str | None = "", **cells):
    """An OPD seed; a social cell is "reg" (an account URL made from the code), "-" or
    None (empty); the website a URL made from the code unless given."""
    if website == "":
        website = f"https://{code.lower()}.sosmed.go.id/"
    values: dict[str, str | None] = dict.fromkeys(CHANNEL_KINDS)
    values.update(
        {
            platform: account_url(code, platform) if cell == "reg" else cell
            for platform, cell in cells.items()
        }
    )
    values["website"] = website
    return OpdSeed(
        region_slug=REGION,
        region_name="Kota Sosmed",
        code=code,
        name=name,
        short_name=code,
        kind=kind,
        channels={k: _entry(k, cell) for k, cell in values.items()},
    )


REGISTRY = [
    # P1: Instagram active (its best), Facebook less so; YouTube "-", X and TikTok empty.
    opd("P1", "Dinas Komunikasi dan Informatika", instagram="reg", facebook="reg", youtube="-"),
    # P2: Instagram private; Facebook unreadable to the crawler, then recorded by hand.
    opd("P2", "Dinas Kesehatan", instagram="reg", facebook="reg"),
    # P3: a kelurahan with an active YouTube (older last post) and an unchecked TikTok.
    opd("P3", "Kelurahan Sukamaju", "kelurahan", youtube="reg", tiktok="reg"),
    # P4: X unreadable without a token, TikTok inactive.
    opd("P4", "Dinas Perhubungan", x="reg", tiktok="reg"),
    # P5: the registry confirms no account anywhere (and no website).
    opd(
        "P5",
        "Kelurahan Tanpa Akun",
        "kelurahan",
        website="-",
        **dict.fromkeys(("instagram", "facebook", "youtube", "x", "tiktok"), "-"),
    ),
    # P6: nobody filled the social cells in.
    opd("P6", "Dinas Belum Terdaftar"),
    # P7: Instagram confirmed none, the rest unknown.
    opd("P7", "Dinas Sebagian", instagram="-"),
    # P8: an Instagram account registered but never checked.
    opd("P8", "Dinas Baru Daftar", instagram="reg"),
]


def social_check(
    code: str,
    platform: str,
    at: datetime,
    category: Category | None,
    score: int | None,
    *,
    status: str | None = None,
    days: float | None = 2,
    posts_90d: int = 20,
    route: str | None = "embed",
    followers: int | None = None,
    posts_window: int | None = None,
) -> items.ChannelCheck:
    """A check as spiders/social.py (or a manual record) stores it: error_class is the
    account status (None when read fine), route, followers and the visible window."""
    ok = status is None
    last = at - timedelta(days=days) if ok and days is not None else None
    return items.ChannelCheck(
        region=REGION,
        opd_code=code,
        channel=platform,
        url=account_url(code, platform),
        checked_at=at,
        reachable=ok,
        error_class=status,
        error_detail=None if ok else f"status {status}",
        route=route,
        followers=followers,
        posts_window=posts_window,
        last_post_at=last,
        posts_30d=min(posts_90d, 6) if last else 0,
        posts_90d=posts_90d if last else 0,
        cadence="mingguan" if last else "belum cukup data",
        category=category,
        score=score,
        evidence=f"{platform} {route}",
    )


def website_check(code: str, category: Category, score: int, days: int) -> items.ChannelCheck:
    return items.ChannelCheck(
        region=REGION,
        opd_code=code,
        channel="website",
        url=f"https://{code.lower()}.sosmed.go.id/",
        checked_at=T_WEB,
        reachable=True,
        http_status=200,
        cms="wordpress",
        last_post_at=T_WEB - timedelta(days=days),
        posts_30d=1,
        posts_90d=3,
        cadence="bulanan",
        category=category,
        score=score,
        evidence="feed",
    )


def _run(session: Session, spider: str, at: datetime, checks: list[items.ChannelCheck]) -> int:
    run_id = store.start_run(session, spider=spider, regions=[REGION], crawl_time=at, version="t")
    for check in checks:
        store.record_check(session, run_id, check)
    store.finish_run(session, run_id, status="finished", stats={}, finished_at=at)
    return run_id


@pytest.fixture
def social_data(db_session: Session) -> dict[str, int]:
    store.sync_registry(db_session, REGISTRY, now=datetime(2025, 1, 1, tzinfo=WIB))
    old = _run(
        db_session,
        "social",
        T1,
        [social_check("P1", "instagram", T1, K.KURANG_AKTIF, 40, days=30, followers=100)],
    )
    web = _run(
        db_session,
        "websites",
        T_WEB,
        [
            website_check("P1", K.AKTIF, 95, 1),
            website_check("P2", K.KURANG_AKTIF, 60, 40),
            website_check("P3", K.AKTIF, 80, 10),
            website_check("P4", K.TIDAK_AKTIF, 10, 200),
            website_check("P6", K.KURANG_AKTIF, 55, 45),
            website_check("P7", K.TIDAK_AKTIF, 20, 150),
            website_check("P8", K.AKTIF, 85, 5),
        ],
    )
    at = T_SOCIAL
    social = _run(
        db_session,
        "social",
        at,
        [
            social_check("P1", "instagram", at, K.AKTIF, 90, followers=1500, posts_window=12),
            social_check("P1", "facebook", at, K.KURANG_AKTIF, 60, days=40, posts_90d=3),
            social_check("P2", "instagram", at, K.TIDAK_DAPAT_DIAKSES, 0, status="private"),
            social_check(
                "P2", "facebook", at, K.TIDAK_DAPAT_DIAKSES, 0, status="login_wall", route=None
            ),
            social_check("P3", "youtube", at, K.AKTIF, 90, days=5, route="feed"),
            social_check(
                "P4", "x", at, K.TIDAK_DAPAT_DIAKSES, 0, status="not_readable", route=None
            ),
            social_check("P4", "tiktok", at, K.TIDAK_AKTIF, 20, days=200, posts_90d=0),
        ],
    )
    # The hand-recorded reading: exactly as good as P1's Instagram (a full tie).
    manual = _run(
        db_session,
        "manual",
        T_MANUAL,
        [
            social_check(
                "P2",
                "facebook",
                T_MANUAL,
                K.AKTIF,
                90,
                days=2 + 1 / 24,  # the same last post instant as P1's Instagram
                route="manual",
            )
        ],
    )
    return {"old": old, "web": web, "social": social, "manual": manual}


def region_report(session: Session, run: str | int = "latest") -> RegionReport:
    (report,) = load_region_reports(session, [REGION], run)
    return report


# --- v_social_latest ------------------------------------------------------------------------


def test_v_social_latest_has_each_accounts_latest_check(
    db_session: Session, social_data: dict[str, int]
) -> None:
    view = views.v_social_latest
    found = {
        (row.opd_code, row.platform): row
        for row in db_session.execute(select(view).where(view.c.region_slug == REGION))
    }
    # One row per social channel of every active OPD: 8 OPDs x 5 platforms, no website.
    assert len(found) == 40
    assert {platform for _, platform in found} == {
        "instagram",
        "facebook",
        "youtube",
        "x",
        "tiktok",
    }

    ig = found[("P1", "instagram")]
    assert (ig.state, ig.url) == ("registered", account_url("P1", "instagram"))
    assert (ig.run_id, ig.checked_at) == (social_data["social"], T_SOCIAL)  # not the old run
    assert (ig.status, ig.route, ig.followers, ig.posts_window) == (None, "embed", 1500, 12)
    assert (ig.category, ig.score, ig.posts_90d, ig.days_since_last_post) == ("Aktif", 90, 20, 2)
    assert ig.reachable is True and ig.last_post_at == T_SOCIAL - timedelta(days=2)

    private = found[("P2", "instagram")]
    assert (private.status, private.reachable, private.category) == (
        "private",
        False,
        "Tidak Dapat Diakses",
    )
    assert private.status_detail == "status private"

    # The manual record is the latest reading of P2's Facebook; its route says so.
    facebook = found[("P2", "facebook")]
    assert (facebook.run_id, facebook.route, facebook.status) == (
        social_data["manual"],
        "manual",
        None,
    )
    assert (facebook.category, facebook.score) == ("Aktif", 90)

    x = found[("P4", "x")]
    assert (x.status, x.route) == ("not_readable", None)

    # Not registered: no check columns; registered but never checked: none either.
    for key, state in ((("P1", "youtube"), "none"), (("P1", "x"), "unknown")):
        row = found[key]
        assert (row.state, row.url, row.run_id, row.route, row.category) == (
            state,
            None,
            None,
            None,
            None,
        )
    unchecked = found[("P8", "instagram")]
    assert (unchecked.state, unchecked.run_id, unchecked.status) == ("registered", None, None)
    assert found[("P5", "tiktok")].state == "none"


# --- the per-OPD table ----------------------------------------------------------------------


def test_opd_table_keeps_website_columns_and_appends_social_ones(
    db_session: Session, social_data: dict[str, int]
) -> None:
    assert OPD.columns[: len(WEBSITE_OPD_COLUMNS)] == WEBSITE_OPD_COLUMNS
    assert OPD.columns[len(WEBSITE_OPD_COLUMNS) :] == (
        *(
            f"{platform}_{part}"
            for platform in ("instagram", "facebook", "youtube", "x", "tiktok")
            for part in ("category", "status", "manual")
        ),
        "overall_category",
        "ppid",
        "ppid_items",
        "ppid_documents",
        "ppid_newest_document",
    )
    report = region_report(db_session)
    rows = {row["opd_code"]: row for row in table_rows(OPD, report)}
    assert set(rows) == {f"P{n}" for n in range(1, 9)}

    # The website's columns are those of the website check, untouched by social checks.
    p1 = rows["P1"]
    assert (p1["category"], p1["score"], p1["run_id"], p1["checked_at"]) == (
        "Aktif",
        95,
        social_data["web"],
        T_WEB,
    )
    assert (p1["reachability"], p1["cms"], p1["instagram"], p1["youtube"]) == (
        wording.REACHABLE,
        "wordpress",
        account_url("P1", "instagram"),
        "tidak ada",
    )
    assert rows["P5"]["category"] == "Tidak Punya Website" and rows["P5"]["run_id"] is None
    # The OPD's category over all channels: the best assessed one (opdcrawl.rules).
    for row in rows.values():
        assessed = [
            row[column]
            for column in ("category", *(f"{k}_category" for k in
                           ("instagram", "facebook", "youtube", "x", "tiktok")))
            if row[column] in ("Aktif", "Kurang Aktif", "Tidak Aktif")
        ]  # fmt: skip
        order = ["Aktif", "Kurang Aktif", "Tidak Aktif"]
        expected = min(assessed, key=order.index) if assessed else row["category"]
        assert row["overall_category"] == expected, row["opd_code"]
    assert any(row["overall_category"] != row["category"] for row in rows.values())

    # Social columns: category, status label when not read fine, manual flag.
    assert (p1["instagram_category"], p1["instagram_status"], p1["instagram_manual"]) == (
        "Aktif",
        None,
        False,
    )
    assert (p1["youtube_category"], p1["youtube_status"], p1["youtube_manual"]) == (
        None,
        None,
        None,
    )
    p2 = rows["P2"]
    assert (p2["instagram_category"], p2["instagram_status"], p2["instagram_manual"]) == (
        "Tidak Dapat Diakses",
        "Akun privat",
        False,
    )
    assert (p2["facebook_category"], p2["facebook_status"], p2["facebook_manual"]) == (
        "Aktif",
        None,
        True,
    )
    assert rows["P4"]["x_status"] == "Tidak dapat dibaca tanpa API"
    assert (rows["P3"]["tiktok_category"], rows["P3"]["tiktok_manual"]) == ("Belum Dicek", None)
    assert rows["P8"]["instagram_category"] == "Belum Dicek"

    # The website ranking is still the website's.
    ranking = [row["opd_code"] for row in table_rows(RANKING, report)]
    assert ranking == ["P1", "P8", "P3", "P2", "P6", "P7", "P4", "P5"]
    assert ranking == [row.opd_code for row in rank_opds(report.opds)]


def test_as_of_the_social_run_the_manual_record_is_not_shown(
    db_session: Session, social_data: dict[str, int]
) -> None:
    report = region_report(db_session, social_data["social"])
    rows = {row["opd_code"]: row for row in table_rows(OPD, report)}
    p2 = rows["P2"]
    assert (p2["facebook_category"], p2["facebook_status"], p2["facebook_manual"]) == (
        "Tidak Dapat Diakses",
        "Diminta login",
        False,
    )
    account = next(row for row in report.opds if row.opd_code == "P2").socials["instagram"]
    assert (account.route, account.status) == ("embed", "private")
    # P1's Instagram as of then: the social run's reading, with its followers.
    p1 = next(row for row in report.opds if row.opd_code == "P1").socials["instagram"]
    assert (p1.run_id, p1.followers, p1.posts_window) == (social_data["social"], 1500, 12)
    # As of the old run, the old reading.
    old = region_report(db_session, social_data["old"])
    p1 = next(row for row in old.opds if row.opd_code == "P1").socials["instagram"]
    assert (p1.run_id, p1.followers, p1.score) == (social_data["old"], 100, 40)


# --- the social ranking ---------------------------------------------------------------------


def test_social_ranking_by_best_account_with_ties(
    db_session: Session, social_data: dict[str, int]
) -> None:
    report = region_report(db_session)
    ranking = report.social_ranking
    # P1 (Instagram) and P2 (Facebook, recorded by hand) tie on score, last post and posts
    # in 90 days: they share place 1, listed by code. P3's YouTube has the same score and
    # an older post. P4 is ranked by its TikTok (20), not its unreadable X (0). Then, with
    # no place, the OPDs with no checked account: by code, whatever the reason.
    assert [row.opd_code for row in ranking] == ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"]
    assert [row.rank for row in ranking] == [1, 1, 3, 4, None, None, None, None]
    best = {row.opd_code: row for row in ranking}
    assert (best["P1"].platform, best["P1"].score, best["P1"].followers) == ("instagram", 90, 1500)
    assert (best["P2"].platform, best["P2"].manual, best["P2"].score) == ("facebook", True, 90)
    assert best["P1"].last_post_at == best["P2"].last_post_at
    assert best["P1"].posts_90d == best["P2"].posts_90d
    assert (best["P3"].platform, best["P3"].days_since_last_post) == ("youtube", 5)
    assert (best["P4"].platform, best["P4"].category, best["P4"].score) == (
        "tiktok",
        "Tidak Aktif",
        20,
    )
    assert best["P8"].platform is None and best["P8"].accounts_registered == 1
    assert (best["P5"].accounts_registered, best["P5"].accounts_none) == (0, 5)

    rows = {row["opd_code"]: row for row in table_rows(SOCIAL_RANKING, report)}
    assert rows["P1"]["rank_group"] == wording.RANK_GROUPS["top"]
    assert rows["P2"]["rank_group"] == wording.RANK_GROUPS["top"]  # shares place 1
    assert rows["P4"]["rank_group"] == wording.RANK_GROUPS["bottom"]
    # No account could be assessed: no place, never "least active".
    assert rows["P8"]["rank_group"] == wording.RANK_GROUPS["unranked"]
    assert (rows["P2"]["manual"], rows["P2"]["account_url"]) == (
        True,
        account_url("P2", "facebook"),
    )
    assert rows["P8"]["category"] == wording.NOT_CHECKED
    assert rows["P5"]["category"] == wording.NO_SOCIAL_ACCOUNT == rows["P6"]["category"]
    assert rows["P1"]["status"] is None and rows["P1"]["manual"] is False


def test_a_tie_on_score_is_broken_by_the_ranking_rule(
    db_session: Session, social_data: dict[str, int]
) -> None:
    """Without the manual record, P2 has only unreadable accounts (score 0, no post), and
    P1's Facebook (60) never beats its own Instagram (90)."""
    report = region_report(db_session, social_data["social"])
    order = [row.opd_code for row in report.social_ranking]
    assert order[:4] == ["P1", "P3", "P4", "P2"]
    best = {row.opd_code: row for row in report.social_ranking}
    # P2: Instagram and Facebook tie on everything (0, no post, no posts): platform order.
    assert (best["P2"].platform, best["P2"].status) == ("instagram", "private")
    table = {row["opd_code"]: row for row in table_rows(SOCIAL_RANKING, report)}
    assert table["P2"]["status"] == "Akun privat" and table["P2"]["manual"] is False


# --- OPDs without any social account ----------------------------------------------------------


def test_opds_without_any_social_account(db_session: Session, social_data: dict[str, int]) -> None:
    report = region_report(db_session)
    rows = table_rows(NO_SOCIAL_ACCOUNT, report)
    # Confirmed none first, then mixed, then unknown; P8 has an account (never checked).
    assert [(row["opd_code"], row["no_account_status"]) for row in rows] == [
        ("P5", "Terkonfirmasi tidak punya akun"),
        ("P7", "Sebagian belum terdaftar"),
        ("P6", "Belum terdaftar"),
    ]
    by_code = {row["opd_code"]: row for row in rows}
    assert (by_code["P5"]["platforms_none"], by_code["P5"]["platforms_unknown"]) == (5, 0)
    assert (by_code["P7"]["platforms_none"], by_code["P7"]["platforms_unknown"]) == (1, 4)
    assert (by_code["P7"]["instagram"], by_code["P7"]["tiktok"]) == ("tidak ada", "belum terdaftar")


# --- every format -------------------------------------------------------------------------


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_format_has_the_social_tables(
    db_session: Session, social_data: dict[str, int], tmp_path: Path
) -> None:
    reports = load_region_reports(db_session, [REGION])
    paths = write_reports(
        reports, regions=[REGION], run="latest", formats=["all"], out_dir=tmp_path,
        generated_at=FROZEN_NOW,
    )  # fmt: skip
    built = {path.name: path for path in paths}
    order = ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"]

    workbook = load_workbook(built[f"laporan-{REGION}.xlsx"])
    sheet = workbook["Peringkat Media Sosial"]
    header = [cell.value for cell in sheet[1]]
    assert header == [wording.HEADERS[column] for column in SOCIAL_RANKING.columns]
    values = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)]
    assert [row["Kode OPD"] for row in values] == order
    assert values[1]["Dicatat Manual"] == "ya"
    absent = workbook["Tanpa Akun Media Sosial"].iter_rows(min_row=2, values_only=True)
    assert [row[1] for row in absent] == ["P5", "P7", "P6"]
    assert "Kepemilikan Website" in workbook.sheetnames
    opd_sheet = workbook["Per OPD"]
    header = [cell.value for cell in opd_sheet[1]]
    p2 = next(row for row in opd_sheet.iter_rows(2, values_only=True) if row[1] == "P2")
    assert p2[header.index("Facebook Dicatat Manual")] == "ya"
    assert p2[header.index("Status Instagram")] == "Akun privat"

    ranking = _csv(built[f"{REGION}-peringkat-medsos.csv"])
    assert [row["opd_code"] for row in ranking] == order
    assert (ranking[1]["platform"], ranking[1]["manual"]) == ("facebook", "true")
    absent_csv = _csv(built[f"{REGION}-tanpa-akun-medsos.csv"])
    assert [row["opd_code"] for row in absent_csv] == ["P5", "P7", "P6"]
    assert {row["channel_kind"] for row in _csv(built[f"{REGION}-kepemilikan.csv"])} == set(
        CHANNEL_KINDS
    )

    document = json.loads(built[f"{REGION}.json"].read_text(encoding="utf-8"))
    assert [row["opd_code"] for row in document["social_ranking"]] == order
    assert document["social_ranking"][0]["last_post_at"] == "2025-03-08T08:30:00+07:00"
    assert [row["opd_code"] for row in document["no_social_account"]] == ["P5", "P7", "P6"]
    assert len(document["ownership"]) == len(CHANNEL_KINDS)
    p2_json = next(row for row in document["opd"] if row["opd_code"] == "P2")
    assert (p2_json["facebook_manual"], p2_json["instagram_status"]) == (True, "Akun privat")

    page = built[f"laporan-{REGION}.html"].read_text(encoding="utf-8")
    for heading in ("Peringkat Media Sosial", "Tanpa Akun Media Sosial", "Progres menuju 100 %"):
        assert heading in page
    assert "Kelurahan Tanpa Akun" in page and "Akun privat" in page
    assert f'<span class="tag">{wording.MANUAL}</span>' in page
    assert "<script" not in page.lower()

    text = render_text(reports[0])
    lines = text.splitlines()
    start = lines.index("Peringkat Media Sosial")
    ranked = [line.split()[1] for line in lines[start + 3 : start + 11]]
    assert ranked == order
    assert "manual" in lines[start + 4]  # P2, recorded by hand
    assert "Tanpa Akun Media Sosial (3)" in text
    assert "  P5 Kelurahan Tanpa Akun: Terkonfirmasi tidak punya akun" in text
    assert wording.HEADINGS["ownership_text"] in text
    instagram = next(line for line in lines if line.strip().startswith("Instagram "))
    assert "3/8" in instagram and "tidak ada 2" in instagram


def test_a_month_gives_the_social_ranking_as_that_month_ended(
    db_session: Session, social_data: dict[str, int]
) -> None:
    """Cilegon ranks each month: ``--run YYYY-MM`` is the state as the month's last
    finished run (WIB) left it, whatever came later."""
    from opdcrawl.report.data import month_end_run

    first = T1.astimezone(WIB)
    later = max(T_WEB, T_SOCIAL, T_MANUAL).astimezone(WIB)
    assert (first.year, first.month) != (later.year, later.month), "fixture spans two months"
    month = f"{first.year}-{first.month:02d}"
    assert month_end_run(db_session, month).id == social_data["old"]
    report = region_report(db_session, month)
    best = {row.opd_code: row for row in report.social_ranking}
    # Only P1's Instagram was checked by then, Kurang Aktif: it leads alone.
    assert [row.opd_code for row in report.social_ranking if row.rank] == ["P1"]
    assert (best["P1"].platform, best["P1"].category) == ("instagram", "Kurang Aktif")
    latest = f"{later.year}-{later.month:02d}"
    assert month_end_run(db_session, latest).id == social_data["manual"]
    with pytest.raises(LookupError, match="Tidak ada crawl yang selesai pada bulan 2019-01"):
        month_end_run(db_session, "2019-01")
    with pytest.raises(ValueError, match="bulan"):
        region_report(db_session, "2026-13")

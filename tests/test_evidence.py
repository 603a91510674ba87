"""Evidence that points at the right thing (issue 8, defect 9), on SQLite and PostgreSQL.

(a) Every day shown to operators is the WIB day: a post at 01:33 WIB is still the
previous day in UTC, which is how SQLite stores it (naive UTC text).
(b) A check's evidence link, title and date name one post, the one that check found,
even when another run found a different post dated the same day.

Checks go through the real date and freshness pipelines before they are stored, so the
evidence sentence and the stored link come from the same code a crawl runs.
"""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from opdcrawl import items
from opdcrawl.dates import JAKARTA
from opdcrawl.db import store, views
from opdcrawl.db.models import ChannelCheck
from opdcrawl.report import wording
from opdcrawl.report.data import OpdRow, RegionReport, load_region_reports
from opdcrawl.report.html import render_html
from opdcrawl.report.tables import OPD, RANKING, table_rows
from opdcrawl.report.tabular import write_csv
from opdcrawl.report.text import render_text
from opdcrawl.report.xlsx import excel_datetime
from pipelines.dates import NormaliseDatesPipeline
from pipelines.freshness import ScoreFreshnessPipeline
from tests.conftest import FROZEN_NOW, WIB
from tests.test_report_data import REGION, opd

SUBUH = datetime(2025, 3, 8, 1, 33, tzinfo=WIB)  # 2025-03-07 18:33 UTC
DAY = datetime(2025, 3, 1, tzinfo=WIB)  # a date without a time: midnight WIB
T1 = datetime(2025, 3, 3, 9, 30, tzinfo=WIB)
T2 = FROZEN_NOW  # 2025-03-10 09:30 WIB
T3 = datetime(2025, 3, 17, 9, 30, tzinfo=WIB)


class _Stats:
    def inc_value(self, key: str, count: int = 1) -> None:
        pass


class _Crawler:
    settings: dict[str, Any] = {}
    stats = _Stats()


def crawled(code: str, at: datetime, posts: list[items.Post]) -> items.ChannelCheck:
    """A reachable website check after the date and freshness pipelines."""
    check = items.ChannelCheck(
        region=REGION,
        opd_code=code,
        channel="website",
        url=f"https://{code.lower()}.uji.go.id/",
        checked_at=at,
        reachable=True,
        http_status=200,
        cms="wordpress",
        posts=posts,
    )
    check = NormaliseDatesPipeline(_Crawler()).process_item(check)
    return ScoreFreshnessPipeline.from_crawler(_Crawler()).process_item(check)


def record_run(session: Session, at: datetime, *checks: items.ChannelCheck) -> int:
    run_id = store.start_run(
        session, spider="websites", regions=[REGION], crawl_time=at, version="test"
    )
    for check in checks:
        store.record_check(session, run_id, check)
    store.finish_run(session, run_id, status="finished", stats={}, finished_at=at)
    return run_id


def report(session: Session, run: str | int = "latest") -> RegionReport:
    (found,) = load_region_reports(session, [REGION], run)
    return found


def row_of(found: RegionReport, code: str = "A") -> OpdRow:
    return next(row for row in found.opds if row.opd_code == code)


# --- (a) the WIB day ---------------------------------------------------------------------


def test_a_post_at_0133_wib_shows_its_wib_day(db_session: Session, tmp_path: Path) -> None:
    store.sync_registry(db_session, [opd("A", "Dinas Subuh")], now=T1)
    post = items.Post(
        url="https://a.uji.go.id/berita/apel-subuh",
        title="Apel subuh",
        # As a feed gives it: in UTC, where it is still 7 March.
        published_at=SUBUH.astimezone(UTC),
        raw_date="Fri, 07 Mar 2025 18:33:00 +0000",
        source="feed",
        evidence_url="https://a.uji.go.id/feed/",
    )
    check = crawled("A", T2, [post])
    record_run(db_session, T2, check)

    # The database really holds the UTC instant (the 7th), on both backends.
    stored = db_session.execute(text("SELECT last_post_at FROM channel_check")).scalar_one()
    assert "2025-03-07" in str(stored if isinstance(stored, str) else stored.astimezone(UTC))

    # The evidence sentence names the WIB day.
    evidence = db_session.execute(select(ChannelCheck.evidence)).scalar_one()
    assert evidence is not None and evidence.startswith("2025-03-08 dari feed ")
    assert "2025-03-07 dari" not in evidence

    # The views give the instant back; its WIB day is the 8th; days count to the check.
    view = views.v_channel_latest
    last_post_at, days = db_session.execute(
        select(view.c.last_post_at, view.c.days_since_last_post).where(
            view.c.opd_code == "A", view.c.channel_kind == "website"
        )
    ).one()
    assert last_post_at == SUBUH and last_post_at.astimezone(JAKARTA).date() == date(2025, 3, 8)
    assert days == 2  # 2025-03-08 01:33 to 2025-03-10 09:30 WIB
    ranked = db_session.execute(select(views.v_ranking.c.last_post_at)).scalar_one()
    assert ranked.astimezone(JAKARTA).date() == date(2025, 3, 8)

    # Every report format shows the 8th.
    found = report(db_session)
    row = row_of(found)
    assert row.last_post_at == SUBUH and row.days_since_last_post == 2
    assert wording.short_date(row.last_post_at) == "2025-03-08"
    assert wording.date_text(row.last_post_at) == "8 Maret 2025"
    assert excel_datetime(row.last_post_at).date() == date(2025, 3, 8)
    assert row.evidence == evidence
    assert "2025-03-08" in render_text(found) and "2025-03-07" not in render_text(found)
    html = render_html([found], T2)
    assert "2025-03-08" in html and "2025-03-07" not in html
    for spec in (OPD, RANKING):
        (table_row,) = [r for r in table_rows(spec, found) if r["opd_code"] == "A"]
        assert table_row["last_post_at"] == SUBUH
    paths = {path.name: path for path in write_csv(found, tmp_path)}
    with paths[f"{REGION}-opd.csv"].open(encoding="utf-8") as handle:
        (csv_row,) = [r for r in csv.DictReader(handle) if r["opd_code"] == "A"]
    assert csv_row["last_post_at"] == "2025-03-08T01:33:00+07:00"
    # The source named in Indonesian (the stored sentence says "feed").
    assert csv_row["evidence"].startswith("2025-03-08 dari umpan RSS/Atom ")


# --- (b) link, title and date of one post ------------------------------------------------


def _two_runs_same_day(session: Session) -> tuple[int, int]:
    """Run 1 finds "a-lama", run 2 (the feed moved on) finds "z-baru": both dated 1 March
    without a time, so both are stored at the same instant (midnight WIB)."""
    store.sync_registry(session, [opd("A", "Dinas Kembar")], now=T1 - timedelta(days=1))
    lama = items.Post(
        url="https://a.uji.go.id/berita/a-lama",
        title="Berita lama",
        raw_date="1 Maret 2025",
        published_at=DAY,
        source="list-page",
        evidence_url="https://a.uji.go.id/berita/",
    )
    baru = items.Post(
        url="https://a.uji.go.id/berita/z-baru",
        title="Berita baru",
        raw_date="1 Maret 2025",
        published_at=DAY,
        source="list-page",
        evidence_url="https://a.uji.go.id/berita/",
    )
    run1 = record_run(session, T1, crawled("A", T1, [lama]))
    run2 = record_run(session, T2, crawled("A", T2, [baru]))
    return run1, run2


def _assert_one_post(row: OpdRow, url: str, title: str) -> None:
    assert row.evidence_url == url
    assert row.evidence_title == title
    assert row.evidence is not None
    assert row.evidence.startswith("2025-03-01 ")
    assert row.evidence.endswith(f"posting: {url} «{title}»")
    assert row.last_post_at == DAY and wording.short_date(row.last_post_at) == "2025-03-01"


def test_evidence_link_and_text_name_the_same_post(db_session: Session) -> None:
    run1, run2 = _two_runs_same_day(db_session)
    latest = report(db_session)
    _assert_one_post(row_of(latest), "https://a.uji.go.id/berita/z-baru", "Berita baru")
    html = render_html([latest], T2)
    assert 'href="https://a.uji.go.id/berita/z-baru"' in html
    assert "a-lama" not in html
    as_of_run2 = report(db_session, run2)
    _assert_one_post(row_of(as_of_run2), "https://a.uji.go.id/berita/z-baru", "Berita baru")
    as_of_run1 = report(db_session, run1)
    _assert_one_post(row_of(as_of_run1), "https://a.uji.go.id/berita/a-lama", "Berita lama")


def test_evidence_title_is_the_one_its_check_saw(db_session: Session) -> None:
    """A later run correcting a post's title does not rewrite an earlier check's title."""
    _, run2 = _two_runs_same_day(db_session)
    ralat = items.Post(
        url="https://a.uji.go.id/berita/z-baru",
        title="Berita baru (ralat)",
        raw_date="1 Maret 2025",
        published_at=DAY,
        source="list-page",
        evidence_url="https://a.uji.go.id/berita/",
    )
    record_run(db_session, T3, crawled("A", T3, [ralat]))
    _assert_one_post(
        row_of(report(db_session, run2)), "https://a.uji.go.id/berita/z-baru", "Berita baru"
    )
    _assert_one_post(
        row_of(report(db_session)), "https://a.uji.go.id/berita/z-baru", "Berita baru (ralat)"
    )


def test_no_link_when_the_check_found_no_dated_post(db_session: Session) -> None:
    """A check without a dated post gets no link, even if an older run's post is dated."""
    _two_runs_same_day(db_session)
    undated = items.Post(url="https://a.uji.go.id/profil", title="Profil")
    record_run(db_session, T3, crawled("A", T3, [undated]))
    row = row_of(report(db_session))
    assert row.last_post_at is None and row.evidence is None
    assert (row.evidence_url, row.evidence_title) == (None, None)


@pytest.mark.parametrize("order", ["baru-first", "lama-first"])
def test_one_check_with_two_posts_of_one_instant(db_session: Session, order: str) -> None:
    """Two posts of one check dated the same: the link is the post the sentence names."""
    store.sync_registry(db_session, [opd("A", "Dinas Kembar")], now=T1)
    posts = [
        items.Post(url="https://a.uji.go.id/berita/z-baru", title="Baru", published_at=DAY),
        items.Post(url="https://a.uji.go.id/berita/a-lama", title="Lama", published_at=DAY),
    ]
    if order == "lama-first":
        posts.reverse()
    check = crawled("A", T2, posts)
    record_run(db_session, T2, check)
    row = row_of(report(db_session))
    assert row.evidence is not None and row.evidence_url is not None
    assert row.evidence.endswith(f"posting: {row.evidence_url} «{row.evidence_title}»")
    assert row.evidence_url == posts[0].url

"""Indonesian dates: the case table, the rejection rules and the fast paths.

The table (tests/data/date_cases.tsv) is the contract; the benchmark reads it too. Rows whose
note starts with ``dateparser-wrong:`` are forms plain ``dateparser.parse`` gets wrong, and a
test below checks that it still does, so the improvement is measured, not claimed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import dateparser
import pytest

from opdcrawl import dates
from opdcrawl.dates import JAKARTA, parse_date, to_jakarta

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=JAKARTA)
CASES_PATH = Path(__file__).parent / "data" / "date_cases.tsv"
DATEPARSER_WRONG = "dateparser-wrong:"


@dataclass(frozen=True)
class DateCase:
    line: int
    text: str
    expected: datetime | None
    note: str


def load_cases(path: Path = CASES_PATH) -> list[DateCase]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("#") or line.startswith("text\t") or not line.strip("\n"):
            continue
        text, expected, note = line.split("\t")
        cases.append(
            DateCase(
                line=number,
                text=text,
                expected=None if expected == "NONE" else datetime.fromisoformat(expected),
                note=note,
            )
        )
    return cases


CASES = load_cases()


def _same(found: datetime | None, expected: datetime | None) -> bool:
    """Equal instant and equal written offset: WITA must stay +08:00, not become WIB."""
    if found is None or expected is None:
        return found is expected
    return found == expected and found.utcoffset() == expected.utcoffset()


def test_table_is_large_and_covers_both_outcomes() -> None:
    assert len(CASES) >= 150
    assert sum(case.expected is None for case in CASES) >= 40
    assert sum(case.expected is not None for case in CASES) >= 100
    assert len({case.text for case in CASES}) == len(CASES), "duplicate texts in the table"


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"L{case.line}")
def test_case_table(case: DateCase) -> None:
    found = parse_date(case.text, now=NOW)
    assert _same(found, case.expected), f"{case.text!r} ({case.note}): got {found}"


def _plain_dateparser(text: str) -> datetime | None:
    """dateparser as a newcomer would call it, with only the clock pinned to the crawl."""
    found = dateparser.parse(text, settings={"RELATIVE_BASE": NOW.replace(tzinfo=None)})
    if found is None:
        return None
    return found if found.tzinfo is not None else found.replace(tzinfo=JAKARTA)


KNOWN_BAD = [case for case in CASES if case.note.startswith(DATEPARSER_WRONG)]


def test_known_bad_forms_are_recorded() -> None:
    assert len(KNOWN_BAD) >= 30


@pytest.mark.parametrize("case", KNOWN_BAD, ids=lambda case: f"L{case.line}")
def test_parse_date_is_right_where_plain_dateparser_is_wrong(case: DateCase) -> None:
    assert not _same(_plain_dateparser(case.text), case.expected)
    assert _same(parse_date(case.text, now=NOW), case.expected)


def test_dateparser_record_is_exact() -> None:
    """The notes are a measurement: marked rows are exactly the ones dateparser misses.

    When a dateparser upgrade changes this, update the notes (and the README figures).
    """
    missed = {case.line for case in CASES if not _same(_plain_dateparser(case.text), case.expected)}
    assert missed == {case.line for case in KNOWN_BAD}


def test_none_and_naive_now() -> None:
    assert parse_date(None, now=NOW) is None
    with pytest.raises(ValueError):
        parse_date("17 Agustus 2023", now=datetime(2026, 11, 23, 10, 0))


def test_results_are_always_aware() -> None:
    for case in CASES:
        found = parse_date(case.text, now=NOW)
        assert found is None or found.utcoffset() is not None, case.text


def test_nothing_after_now_or_before_1995() -> None:
    for case in CASES:
        found = parse_date(case.text, now=NOW)
        if found is not None:
            assert dates.MIN_DATE <= found <= NOW, case.text


def test_now_in_another_zone_is_the_same_instant() -> None:
    in_utc = NOW.astimezone(UTC)
    assert parse_date("3 hari yang lalu", now=in_utc) == NOW - timedelta(days=3)
    assert parse_date("3 hari yang lalu", now=in_utc).utcoffset() == timedelta(hours=7)
    # Late in the Jakarta evening the UTC date is still the previous day; badges must
    # follow the Jakarta calendar.
    late = datetime(2026, 12, 31, 23, 0, tzinfo=JAKARTA)
    assert parse_date("31 Des", now=late.astimezone(UTC)) == datetime(2026, 12, 31, tzinfo=JAKARTA)


def test_relative_dates_follow_now() -> None:
    other_now = datetime(2024, 3, 31, 8, 30, tzinfo=JAKARTA)
    assert parse_date("kemarin", now=other_now) == datetime(2024, 3, 30, 8, 30, tzinfo=JAKARTA)
    # 31 March minus one month is the last day of February.
    assert parse_date("1 bulan yang lalu", now=other_now) == datetime(
        2024, 2, 29, 8, 30, tzinfo=JAKARTA
    )
    # The same text against two crawl times, back and forth: no stale cache.
    assert parse_date("kemarin", now=NOW) == NOW - timedelta(days=1)
    assert parse_date("kemarin", now=other_now) == other_now - timedelta(days=1)


def test_yearless_badge_moves_with_now() -> None:
    assert parse_date("04 Nov", now=datetime(2026, 11, 3, 12, 0, tzinfo=JAKARTA)) == datetime(
        2025, 11, 4, tzinfo=JAKARTA
    )
    assert parse_date("04 Nov", now=datetime(2026, 11, 4, 0, 0, tzinfo=JAKARTA)) == datetime(
        2026, 11, 4, tzinfo=JAKARTA
    )


def test_to_jakarta() -> None:
    wita = datetime(2024, 1, 12, 0, 30, tzinfo=timezone(timedelta(hours=8)))
    assert to_jakarta(wita) == datetime(2024, 1, 11, 23, 30, tzinfo=JAKARTA)
    assert to_jakarta(wita).utcoffset() == timedelta(hours=7)
    assert to_jakarta(datetime(2024, 1, 12, 0, 30)) == datetime(2024, 1, 12, 0, 30, tzinfo=JAKARTA)


def test_fast_forms_never_reach_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str, now: datetime) -> None:
        raise AssertionError(f"{text!r} went to dateparser")

    monkeypatch.setattr(dates, "_with_dateparser", refuse)
    dates._parse_cached.cache_clear()
    fast = [
        "2023-08-17T10:15:00+07:00",
        "2023-08-17",
        "2022-11-04 16:38:50",
        "Wed, 24 Jul 2019 10:00:00 GMT",
        "Wed, 24 Jul 2019 10:00:00 +0700",
        "03/11/2020",
        "3-11-2020",
        "03.11.2020",
        "17 Agustus 2023 pukul 10.15",
        "Jum'at, 04 November 2022",
        "Minggu, 01 Feb 2009, 14:31:58 WIB",
        "Diposting pada 5 Mei 2021",
        "24 Ags 2021",
        "04 Nov",
        "Kamis (13/10)",
        "3 hari yang lalu",
        "kemarin",
        "baru saja",
        "37",
        "998",
        "0812-3456-7890",
    ]
    for text in fast:
        parse_date(text, now=NOW)
    dates._parse_cached.cache_clear()


def test_leftovers_go_to_one_reused_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = dates._with_dateparser

    def spy(text: str, now: datetime) -> datetime | None:
        calls.append(text)
        return real(text, now)

    monkeypatch.setattr(dates, "_with_dateparser", spy)
    dates._parse_cached.cache_clear()
    dates._dateparser_for.cache_clear()
    # A form the regexes do not read ("17th of August 2023") but dateparser does.
    text = "the 17th of August 2023"
    assert parse_date(text, now=NOW) == datetime(2023, 8, 17, tzinfo=JAKARTA)
    assert parse_date(text, now=NOW) == datetime(2023, 8, 17, tzinfo=JAKARTA)
    assert calls == [text], "repeated strings must come from the cache"
    parse_date("the 18th of August 2023", now=NOW)
    parse_date("the 18th of August 2023", now=NOW + timedelta(hours=1))
    assert dates._dateparser_for.cache_info().currsize == 2
    assert dates._dateparser_for.cache_info().misses == 2
    dates._parse_cached.cache_clear()


def test_long_text_is_not_sent_to_dateparser() -> None:
    assert parse_date("kata " * 100 + "the 17th of August 2023", now=NOW) is None


def test_repetitive_text_stays_fast() -> None:
    # Regression: nested optional whitespace in the relative-date pattern once made
    # "1 jam 1 jam ..." take exponential time. Seconds here would mean it is back.
    dates._parse_cached.cache_clear()
    started = time.perf_counter()
    for text in ("1 jam " * 70, "1 jam, " * 60, "Agustus, " * 60, "12/" * 130, "1." * 200):
        assert parse_date(text, now=NOW) is None
    assert time.perf_counter() - started < 1.0


# --- Issue 8: two-digit years, market days, " T" before the time, visitor counters -------


def test_two_digit_year_is_20yy_and_never_future() -> None:
    day_before = datetime(2018, 3, 18, 23, 0, tzinfo=JAKARTA)
    day_after = datetime(2018, 3, 20, 0, 0, tzinfo=JAKARTA)
    # Not 1918 when 2018 is still to come: no date at all.
    assert parse_date("19/3/18", now=day_before) is None
    assert parse_date("Senin Pon, 19/3/18 13:53 WIB", now=day_before) is None
    assert parse_date("19/3/18", now=day_after) == datetime(2018, 3, 19, tzinfo=JAKARTA)
    assert parse_date("Senin Pon, 19/3/18 13:53 WIB", now=day_after) == datetime(
        2018, 3, 19, 13, 53, tzinfo=JAKARTA
    )
    assert parse_date("19/3/95", now=NOW) is None  # 2095, not 1995


def test_issue8_forms_never_reach_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str, now: datetime) -> None:
        raise AssertionError(f"{text!r} went to dateparser")

    monkeypatch.setattr(dates, "_with_dateparser", refuse)
    dates._parse_cached.cache_clear()
    for text in (
        "Senin Pon, 19/3/18 13:53 WIB",
        "Jum'at Kliwon 12/01/24",
        "Kamis Wage (13/10)",
        "19/03/18 13:53",
        "2016-02-23 T18:00:20Z",
        "Diperbarui 2016-02-23 T18:00:20+07:00",
        # "hari" is a time unit, so a counter that fell through would reach dateparser,
        # which reads "Hari ini: 57" as today.
        "Hari ini: 57",
        "Pengunjung hari ini: 1.234",
        "Kemarin: 120",
    ):
        parse_date(text, now=NOW)
    dates._parse_cached.cache_clear()


def _found(html: str) -> list[tuple[str, datetime]]:
    from opdcrawl.extract.textdates import TextMap, find_dates, parse_html

    root = parse_html(f"<html><body>{html}</body></html>")
    assert root is not None
    return [(c.raw, c.published_at) for c in find_dates(TextMap(root), now=NOW)]


def test_find_dates_reads_market_day_and_two_digit_year_bylines() -> None:
    found = _found("<h2>Rapat koordinasi</h2><p>Oleh Admin | Senin Pon, 19/3/18 13:53 WIB</p>")
    assert found == [
        ("Senin Pon, 19/3/18 13:53 WIB", datetime(2018, 3, 19, 13, 53, tzinfo=JAKARTA))
    ]
    found = _found("<p>Jum'at Kliwon 12/01/24</p>")
    assert [published for _, published in found] == [datetime(2024, 1, 12, tzinfo=JAKARTA)]


def test_find_dates_keeps_time_and_zone_after_a_spaced_t() -> None:
    found = _found("<p>Diposting 2016-02-23 T18:00:20Z</p><p>2016-02-23 T18:00:20+07:00</p>")
    assert [published for _, published in found] == [
        datetime(2016, 2, 23, 18, 0, 20, tzinfo=UTC),
        datetime(2016, 2, 23, 18, 0, 20, tzinfo=JAKARTA),
    ]
    assert found[0][1].utcoffset() == timedelta(0)


def test_find_dates_skips_counters_and_bare_two_digit_year_numbers() -> None:
    counter = (
        "<div><p>Pengunjung hari ini: 1.234</p><p>Hari ini: 57</p><p>Kemarin: 120</p>"
        "<p>Kunjungan hari ini 1.234</p><p>Online: 3</p><p>Total pengunjung 12.345</p></div>"
    )
    assert _found(counter) == []
    assert _found("<p>Kelas 10-11-12 dan Nomor 800/12/24, versi 2.1.10</p>") == []
    assert _found("<p>Pon 19/3/18, Wage 12/01/24</p>") == []

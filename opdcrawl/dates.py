"""Indonesian date strings to aware datetimes, judged against the moment of the crawl.

Dates on OPD websites come in a few dozen shapes (see CMS_NOTES.md). Almost all of them are
read here by cheap, explicit rules: ISO 8601 and RFC 2822 from feeds and markup, numeric
day-first dates, and day-month-year with every Indonesian and English month spelling met in
the wild. Only what those rules cannot read goes to dateparser, which is two to three orders
of magnitude slower and gets several Indonesian forms wrong (``Jum'at``, ``Ags``, text
around the date, ``03/11/2020`` read month-first, WITA shifted into WIB).

Policy, in one place because freshness scores depend on it:

* no zone written means Western Indonesian Time (WIB, +07:00); a written zone (WIB, WITA,
  WIT, GMT, ``+0700``) is kept as the result's offset, never converted;
* a date later than the crawl time ``now`` is not a post date: rejected, no tolerance;
* a date before 1995 is rejected (no Indonesian government site is older);
* a day is required: ``Agustus 2023`` alone (archive widgets) and bare numbers are rejected;
* numeric dates are day first; month first only when day first is impossible (``11/23/2020``)
  or when a day name written before the date agrees only with month first (English Drupal
  ``Mon, 09/02/2019``); a day name that agrees with neither order rejects the date;
* a two-digit year (``19/3/18``, PHP's ``d/m/y``) is 20YY, so a later one is a future date
  and rejected; it is read only where the date stands alone, follows a day name or a date
  label, or carries a clock (``Kelas 10-11-12`` is not a date);
* a Javanese market day (pasaran: Legi, Pahing, Pon, Wage, Kliwon) written after the day
  name (``Senin Pon, 19/3/18``) is skipped, never checked (sites count the five-day cycle
  from different epochs); on its own it makes nothing a date;
* a missing year is the most recent year that puts the date at or before ``now``; when a
  day name is written (``Kamis (13/10)``) the year must also agree with that weekday, since
  the CMS printed the name from the real date;
* relative forms (``3 hari yang lalu``, ``kemarin``, ``baru saja``) count back from ``now``.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

__all__ = ["JAKARTA", "MIN_DATE", "parse_date", "to_jakarta"]

JAKARTA = timezone(timedelta(hours=7))
WITA = timezone(timedelta(hours=8))
WIT = timezone(timedelta(hours=9))
MIN_DATE = datetime(1995, 1, 1, tzinfo=JAKARTA)

# Longer than any date snippet; page-sized text belongs to the extractors, not here.
_MAX_TEXT = 400
# dateparser costs milliseconds and grows with length; long leftovers are not dates.
_MAX_DATEPARSER_TEXT = 80


def to_jakarta(dt: datetime) -> datetime:
    """Express ``dt`` in WIB; a naive value is taken to be WIB already, as sites write it."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        return dt.replace(tzinfo=JAKARTA)
    return dt.astimezone(JAKARTA)


def parse_date(text: str | None, *, now: datetime) -> datetime | None:
    """Read a raw date string as seen by a crawl that ran at ``now`` (aware).

    Returns an aware datetime, or None when the text is not a credible post date
    (garbage, a number, a date after ``now`` or before 1995). Results are cached per
    ``(text, now)``, so a crawl should pass one fixed ``now``, not a fresh clock reading.
    """
    if text is None:
        return None
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("parse_date needs an aware 'now' (the crawl time)")
    return _parse_cached(text, now)


# --- Vocabulary -----------------------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _number, _spellings in enumerate(
    (
        "januari january jan",
        "februari pebruari february feb peb pebr febr",
        "maret march mar mrt",
        "april apr",
        "mei may",
        "juni june jun",
        "juli july jul",
        "agustus august agu agt ags agust agus agst aug",
        "september sep sept",
        "oktober october okt oct",
        "november nopember nov nop",
        "desember december des dec",
    ),
    start=1,
):
    for _spelling in _spellings.split():
        _MONTHS[_spelling] = _number

# Python's weekday(): Monday is 0.
_WEEKDAYS: dict[str, int] = {}
for _number, _spellings in enumerate(
    (
        "senin monday mon sen",
        "selasa tuesday tue tues sel",
        "rabu wednesday wed rab",
        "kamis thursday thu thur thurs kam",
        "jumat friday fri jum",
        "sabtu saturday sat sab",
        "minggu ahad sunday sun min",
    )
):
    for _spelling in _spellings.split():
        _WEEKDAYS[_spelling] = _number

_ZONES: dict[str, tzinfo] = {
    "wib": JAKARTA,
    "wita": WITA,
    "wit": WIT,
    "gmt": UTC,
    "utc": UTC,
    "ut": UTC,
    "z": UTC,
}

# Javanese market days, only ever read right after a day name ("Senin Pon", "Jumat Kliwon").
_PASARAN_RE = "legi|pahing|paing|pon|wage|kliwon"
_PASARAN = rf"(?:\s+(?:{_PASARAN_RE})(?![a-z]))?"

_APOSTROPHES = re.compile(r"[’‘`´'ʼ′]")
_SPACES = re.compile(r"\s+")

_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))

# Time after a date: "14:31:58", ", 18:57 WIB", "pukul 10.15", "at 3:15 pm", "10:00:00 +0700".
_TIME = r"""
    (?:\s*[,|@\-–]?\s*(?P<conn>pukul|pkl\.?|jam|at)?\s*
        (?P<hour>\d{1,2})(?P<sep>[:.])(?P<minute>\d{2})
        (?:(?P=sep)(?P<second>\d{2})(?:(?<=:\d\d)(?P<frac>\.\d{1,6}))?)?(?!\d)
        (?:\s*(?P<ampm>[ap]\.?m\.?)(?![a-z]))?
    )?
    (?:\s*(?:
        (?P<zone>wita|wib|wit|gmt|utc|ut|z)(?![a-z])
            (?:\s*(?P<zsign>[+-])(?P<zhour>\d{1,2})(?::?(?P<zmin>\d{2}))?)?
        | (?P<osign>[+-])(?P<ohour>\d{2}):?(?P<omin>\d{2})(?!\d)
    ))?
"""
_FLAGS = re.IGNORECASE | re.VERBOSE

_ISO_FULL = re.compile(
    r"\d{4}-\d{2}-\d{2}(?: ?[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?(?:Z|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
)
_RFC2822 = re.compile(
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun),\s*)?\d{1,2}\s+"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\s+\d{4}\s+"
    r"\d{2}:\d{2}(?::\d{2})?\s+(?:gmt|ut|utc|z|[ecmp][sd]t|[+-]\d{4})",
    re.IGNORECASE,
)
# Year first, inside text too: "2022-11-04 16:38:50", "Diperbarui 2023/08/17".
_YMD = re.compile(
    r"(?<![\d.,])(?P<year>\d{4})(?P<dsep>[-/.])(?P<month>\d{1,2})(?P=dsep)(?P<day>\d{1,2})"
    r"(?![\d])(?:\s?T(?=\d))?" + _TIME,
    _FLAGS,
)
# Day first: "03/11/2020", "3-11-2020", "03.11.2020 10:15 WIB".
_DMY = re.compile(
    r"(?<![\d.,/\-])(?P<day>\d{1,2})(?P<dsep>[-/.])(?P<month>\d{1,2})(?P=dsep)(?P<year>\d{4})"
    r"(?!\d|[-/.]\d)" + _TIME,
    _FLAGS,
)
# Day first with a two-digit year: "19/3/18 13:53 WIB", "12-01-24". No dots: "2.1.10" is a
# version. Read only where something says it is a date (see _read_dmy_short).
_DMY_SHORT = re.compile(
    r"(?<![\d.,/\-])(?P<day>\d{1,2})(?P<dsep>[-/])(?P<month>\d{1,2})(?P=dsep)(?P<year>\d{2})"
    r"(?!\d|[-/.]\d)" + _TIME,
    _FLAGS,
)
# Day, month name, year: "Jumat, 04 November 2022", "24 Ags 2021", "5-Mei-2021", "04 Nov 22".
_DAY_MONTH_YEAR = re.compile(
    rf"(?<![\d.])(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[\s./\-]*(?P<mname>{_MONTH_RE})\.?"
    r"(?![a-z])[\s,./\-]*(?P<year>\d{4}|\d{2}(?![:.]?\d))(?!\d)" + _TIME,
    _FLAGS,
)
# Month name, day, year: "March 4, 2026", "Agustus 17, 2023" (WordPress "F j, Y").
_MONTH_DAY_YEAR = re.compile(
    rf"(?<![a-z])(?P<mname>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
    r"(?P<year>\d{4})(?!\d)" + _TIME,
    _FLAGS,
)
# No year: the "04 / Nov" badge, "Kamis, 13 Okt".
_DAY_MONTH = re.compile(
    rf"(?<![\d.])(?P<day>\d{{1,2}})[\s./\-]*(?P<mname>{_MONTH_RE})\.?(?![a-z])"
    r"(?![\s,./\-]*\d{2,4}(?![:.]\d))" + _TIME,
    _FLAGS,
)
# No year, numeric, only after a day name: "Kamis (13/10)", "Rabu, 4/11".
_WEEKDAY_DAY_MONTH = re.compile(
    rf"(?<![a-z])(?P<wname>{_WEEKDAY_RE})\.?(?![a-z]){_PASARAN}\s*,?\s*\(?\s*"
    r"(?P<day>\d{1,2})/(?P<month>\d{1,2})(?![\d/])\s*\)?" + _TIME,
    _FLAGS,
)
_WEEKDAY = re.compile(rf"(?<![a-z])(?P<wname>{_WEEKDAY_RE})(?![a-z])", re.IGNORECASE)
# A day name written right before a numeric date: "Sen, 02/09/2019", "Mon, 09/02/2019",
# "Senin Pon, 19/3/18".
_WEEKDAY_BEFORE = re.compile(
    rf"(?<![a-z])(?P<wname>{_WEEKDAY_RE})\.?{_PASARAN}\s*,?\s*\(?\s*$", re.IGNORECASE
)
# A label right before a two-digit-year date: "Tgl: 19/3/18", "Diposting pada 19/03/18".
_DATE_LABEL_BEFORE = re.compile(
    r"(?<![a-z])(?:tanggal|tgl|diposting|diposkan|dipublikasikan|diterbitkan|terbit|posted"
    r"|published)\.?(?:\s+(?:pada|on))?\s*:?\s*$",
    re.IGNORECASE,
)

# --- Relative dates -------------------------------------------------------------------------

_NUMBER_WORDS = {
    "se": 1, "satu": 1, "a": 1, "an": 1, "one": 1,
    "dua": 2, "two": 2, "tiga": 3, "three": 3, "empat": 4, "four": 4, "lima": 5, "five": 5,
    "enam": 6, "six": 6, "tujuh": 7, "seven": 7, "delapan": 8, "eight": 8,
    "sembilan": 9, "nine": 9, "sepuluh": 10, "ten": 10,
}  # fmt: skip
_UNITS = {
    "detik": "seconds", "second": "seconds", "seconds": "seconds", "sec": "seconds",
    "secs": "seconds",
    "menit": "minutes", "minute": "minutes", "minutes": "minutes", "min": "minutes",
    "mins": "minutes", "mnt": "minutes",
    "jam": "hours", "hour": "hours", "hours": "hours", "hr": "hours", "hrs": "hours",
    "hari": "days", "day": "days", "days": "days",
    "minggu": "weeks", "pekan": "weeks", "week": "weeks", "weeks": "weeks",
    "bulan": "months", "month": "months", "months": "months",
    "tahun": "years", "year": "years", "years": "years",
}  # fmt: skip
_NUMBER_RE = r"\d{1,4}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_UNIT_RE = "|".join(sorted(_UNITS, key=len, reverse=True))
_AGO_RE = r"(?:yang\s+|yg\.?\s+)?(?:lalu|silam|sebelumnya|yang\s+lewat)|ago"
# "3 hari yang lalu", "1 jam 20 menit yang lalu", "sejam lalu", "2 weeks ago", "minggu lalu".
_RELATIVE = re.compile(
    rf"(?<![a-z\d])(?P<span>(?:(?:{_NUMBER_RE})\s*(?:{_UNIT_RE})(?![a-z])\s*(?:,\s*)?(?:(?:dan|and)\s+)?)+)"
    rf"(?:{_AGO_RE})(?![a-z])",
    re.IGNORECASE,
)
_RELATIVE_PART = re.compile(rf"({_NUMBER_RE})\s*({_UNIT_RE})(?![a-z])", re.IGNORECASE)
# "minggu lalu", "bulan lalu", "tahun lalu": one unit back, the number left out.
_RELATIVE_BARE = re.compile(
    r"(?<![a-z\d])(?P<unit>minggu|pekan|bulan|tahun)\s+(?:yang\s+)?lalu(?![a-z])|"
    r"(?<![a-z\d])last\s+(?P<eunit>week|month|year)(?![a-z])",
    re.IGNORECASE,
)
_DAY_WORDS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"(?<![a-z])(?:kemarin\s+lusa|kemarin\s+dulu)(?![a-z])", re.IGNORECASE), 2),
    (re.compile(r"(?<![a-z])(?:kemarin|kmrn|yesterday)(?![a-z])", re.IGNORECASE), 1),
    (re.compile(r"(?<![a-z])(?:hari\s+ini|today)(?![a-z])", re.IGNORECASE), 0),
)
_JUST_NOW = re.compile(
    r"^(?:baru\s+saja|barusan|just\s+now|beberapa\s+detik\s+(?:yang\s+)?lalu|"
    r"a\s+few\s+seconds\s+ago|sekarang|now)$",
    re.IGNORECASE,
)
_CLOCK = re.compile(
    r"(?:pukul|pkl\.?|jam|at|,)?\s*(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?![\d])",
    re.IGNORECASE,
)
# Visitor counters print the day words too: "Pengunjung hari ini: 1.234", "Hari ini: 57",
# "Kemarin: 120". A count right after the day word, or a counter word anywhere, makes the
# text a counter; a clock ("hari ini 08.30") or a date ("hari ini 13 Okt") after it does not.
_COUNT_AFTER = re.compile(
    r"\s*[:=,]?\s*(?!\d{1,2}[:.]\d{2}(?!\d))\d[\d.,]*+"
    rf"(?!\s*(?:[/\-]|(?:{_MONTH_RE})(?![a-z])))",
    re.IGNORECASE,
)
_COUNTER_WORDS = re.compile(
    r"(?<![a-z])(?:pengunjung|kunjungan|visitors?|visits?|hits?|online|pageviews?|views?"
    r"|dilihat|dibaca|statistik|total)(?![a-z])",
    re.IGNORECASE,
)
_FUTURE_WORDS = re.compile(
    r"(?<![a-z])(?:besok|(?<!kemarin\s)lusa|tomorrow|akan\s+datang|mendatang|lagi|"
    r"from\s+now|in\s+\d)(?![a-z])",
    re.IGNORECASE,
)

_DATE_WORD = re.compile(rf"(?<![a-z])(?:{_MONTH_RE}|{_UNIT_RE})(?![a-z])", re.IGNORECASE)
_LETTER = re.compile(r"[a-z]", re.IGNORECASE)
_DIGIT = re.compile(r"\d")


# --- The parse ------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _parse_cached(text: str, now: datetime) -> datetime | None:
    cleaned = _SPACES.sub(" ", _APOSTROPHES.sub("", text)).strip()[:_MAX_TEXT]
    if not cleaned:
        return None
    found = _parse_unchecked(cleaned, now)
    if found is None or found > now or found < MIN_DATE:
        return None
    return found


def _parse_unchecked(text: str, now: datetime) -> datetime | None:
    if _DIGIT.search(text) is None:
        found = _relative(text, now)
        return None if found is _COUNTER else found
    if _ISO_FULL.fullmatch(text):
        return _from_iso(text)
    if _RFC2822.fullmatch(text):
        return _from_rfc2822(text)
    if _LETTER.search(text) is None:
        # Only digits and punctuation: a numeric date or nothing ("37", "1.234", phones).
        return _numeric(text)
    for reader in _TEXT_READERS:
        found = reader(text, now)
        if found is not _NOT_FOUND:
            return found
    return _with_dateparser(text, now)


_NOT_FOUND: Any = object()  # a reader that saw no date of its kind; None means "a bad date"


def _from_iso(text: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(text.upper().replace(" T", "T").replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=JAKARTA)


def _from_rfc2822(text: str) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    # "-0000" means "UTC, origin unknown" and comes back naive.
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _numeric(text: str) -> datetime | None:
    for pattern in (_YMD, _DMY):
        match = pattern.search(text)
        if match is not None:
            return _from_numeric_match(match, day_first=pattern is _DMY)
    # A two-digit year only when the date is all there is ("19/3/18", "12-01-24 07:30").
    match = _DMY_SHORT.fullmatch(text)
    if match is not None:
        return _from_numeric_match(match, day_first=True)
    return None


def _from_numeric_match(
    match: re.Match[str], *, day_first: bool, weekday: int | None = None
) -> datetime | None:
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    if len(match["year"]) == 2:
        year += 2000  # a later year than now is then rejected like any future date
    if not day_first:
        return _build(year, month, day, match)
    # Day first, then month first ("11/23/2020": only month first makes sense). A written
    # day name decides between them: English Drupal prints "Mon, 09/02/2019" (m/d/Y),
    # Indonesian Drupal "Sen, 02/09/2019" (d/m/Y); the name must agree with the date.
    for m, d in ((month, day), (day, month)):
        try:
            real = date(year, m, d)
        except ValueError:
            continue
        if weekday is None or real.weekday() == weekday:
            return _build(year, m, d, match)
    return None


def _read_ymd(text: str, now: datetime) -> datetime | None:
    match = _YMD.search(text)
    return _NOT_FOUND if match is None else _from_numeric_match(match, day_first=False)


def _read_dmy(text: str, now: datetime) -> datetime | None:
    match = _DMY.search(text)
    if match is None:
        return _NOT_FOUND
    named = _WEEKDAY_BEFORE.search(text, 0, match.start())
    weekday = None if named is None else _WEEKDAYS[named["wname"].lower()]
    return _from_numeric_match(match, day_first=True, weekday=weekday)


def _read_dmy_short(text: str, now: datetime) -> datetime | None:
    match = _DMY_SHORT.search(text)
    if match is None:
        return _NOT_FOUND
    # "Kelas 10-11-12" and reference numbers look the same: a two-digit year needs the
    # date to stand alone, a day name or a date label before it, or a clock after it.
    named = _WEEKDAY_BEFORE.search(text, 0, match.start())
    if not (
        named is not None
        or (match.start() == 0 and match.end() == len(text))
        or match["sep"] == ":"
        or _DATE_LABEL_BEFORE.search(text, 0, match.start())
    ):
        return _NOT_FOUND
    weekday = None if named is None else _WEEKDAYS[named["wname"].lower()]
    return _from_numeric_match(match, day_first=True, weekday=weekday)


def _read_month_name(text: str, now: datetime) -> datetime | None:
    match = _DAY_MONTH_YEAR.search(text) or _MONTH_DAY_YEAR.search(text)
    if match is None:
        return _NOT_FOUND
    raw_year = match["year"]
    year = int(raw_year) + 2000 if len(raw_year) == 2 else int(raw_year)
    return _build(year, _MONTHS[match["mname"].lower()], int(match["day"]), match)


def _read_yearless(text: str, now: datetime) -> datetime | None:
    match = _WEEKDAY_DAY_MONTH.search(text)
    if match is not None:
        month = int(match["month"])
        weekday: int | None = _WEEKDAYS[match["wname"].lower()]
    else:
        match = _DAY_MONTH.search(text)
        if match is None:
            return _NOT_FOUND
        month = _MONTHS[match["mname"].lower()]
        # A day name counts only before the date ("Kamis, 13 Okt"), never after it.
        named = _WEEKDAY.search(text, 0, match.start())
        weekday = None if named is None else _WEEKDAYS[named["wname"].lower()]
    return _infer_year(int(match["day"]), month, weekday, match, now)


def _read_relative(text: str, now: datetime) -> datetime | None:
    # None from _relative is "no usable relative date here" (a future "3 hari lagi", but
    # "lagi" is also "again"): later readers may still find a date. _NOT_FOUND the same.
    # A visitor counter comes back as _COUNTER: certainly not a date, not even for dateparser.
    found = _relative(text, now)
    if found is _COUNTER:
        return None
    return _NOT_FOUND if found is None else found


_TEXT_READERS: tuple[Callable[[str, datetime], datetime | None], ...] = (
    _read_ymd,
    _read_dmy,
    _read_month_name,
    _read_dmy_short,
    _read_relative,
    _read_yearless,
)


def _build(year: int, month: int, day: int, match: re.Match[str]) -> datetime | None:
    """Assemble the date and the optional time and zone captured by ``_TIME``."""
    try:
        day_part = date(year, month, day)
    except ValueError:
        return None
    clock = _clock(match)
    if clock is None:
        return None
    return datetime.combine(day_part, clock).replace(tzinfo=_zone(match))


def _clock(match: re.Match[str]) -> time | None:
    if match["hour"] is None:
        return time(0, 0)
    # "12.500" after a date is a view counter, not 12:50: a dot needs "pukul" or a zone.
    if match["sep"] == "." and not (match["conn"] or match["zone"] or match["osign"]):
        return time(0, 0)
    hour, minute = int(match["hour"]), int(match["minute"])
    second = int(match["second"] or 0)
    microsecond = round(float(match["frac"]) * 1_000_000) if match["frac"] else 0
    ampm = (match["ampm"] or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second, min(microsecond, 999_999))


def _zone(match: re.Match[str]) -> tzinfo:
    if match["zone"]:
        zone = _ZONES[match["zone"].lower()]
        if match["zsign"]:  # "GMT+7", "UTC+07:00"
            return _offset(match["zsign"], match["zhour"], match["zmin"])
        return zone
    if match["osign"]:
        return _offset(match["osign"], match["ohour"], match["omin"])
    return JAKARTA


def _offset(sign: str, hours: str, minutes: str | None) -> tzinfo:
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    if delta >= timedelta(hours=24):
        return JAKARTA  # not an offset at all; keep the site's own zone
    return timezone(delta if sign == "+" else -delta)


def _infer_year(
    day: int, month: int, weekday: int | None, match: re.Match[str], now: datetime
) -> datetime | None:
    """Most recent year that keeps the date at or before ``now`` (and on ``weekday``)."""
    if _clock(match) is None:
        return None
    fallback: datetime | None = None
    for year in range(to_jakarta(now).year, MIN_DATE.year - 1, -1):
        candidate = _build(year, month, day, match)
        if candidate is None or candidate > now:
            continue  # 29 February of a common year, or later than the crawl
        if weekday is None or candidate.weekday() == weekday:
            return candidate
        fallback = fallback or candidate
    return fallback


_COUNTER: Any = object()  # _relative saw a visitor counter ("Hari ini: 57")


def _relative(text: str, now: datetime) -> Any:
    """The relative date in ``text``; None when there is none, _COUNTER for a counter."""
    base = to_jakarta(now)
    if _JUST_NOW.match(text):
        return base
    if _FUTURE_WORDS.search(text):
        return None
    match = _RELATIVE.search(text)
    if match is not None:
        return _shift_back(base, _RELATIVE_PART.findall(match["span"]))
    match = _RELATIVE_BARE.search(text)
    if match is not None:
        return _shift_back(base, [("1", match["unit"] or match["eunit"])])
    for pattern, days_back in _DAY_WORDS:
        match = pattern.search(text)
        if match is not None:
            if _COUNT_AFTER.match(text, match.end()) or _COUNTER_WORDS.search(text):
                return _COUNTER
            day = base - timedelta(days=days_back)
            clock = _CLOCK.search(text, match.end())
            if clock is not None and int(clock["hour"]) < 24 and int(clock["minute"]) < 60:
                return day.replace(
                    hour=int(clock["hour"]), minute=int(clock["minute"]), second=0, microsecond=0
                )
            return day
    return None


def _shift_back(base: datetime, parts: list[tuple[str, str]]) -> datetime:
    months = 0
    delta = timedelta()
    for number_text, unit_text in parts:
        lowered = number_text.lower()
        number = int(lowered) if lowered.isdigit() else _NUMBER_WORDS[lowered]
        unit = _UNITS[unit_text.lower()]
        if unit == "months":
            months += number
        elif unit == "years":
            months += 12 * number
        else:
            delta += timedelta(**{unit: number})
    return _months_back(base, months) - delta


def _months_back(base: datetime, months: int) -> datetime:
    if months == 0:
        return base
    year, month_index = divmod(base.year * 12 + base.month - 1 - months, 12)
    if year < MIN_DATE.year:
        return MIN_DATE - timedelta(days=1)  # far past: rejected by the caller
    month = month_index + 1
    # 31 March minus one month is the last day of February.
    return base.replace(year=year, month=month, day=min(base.day, monthrange(year, month)[1]))


# --- dateparser, for the rest ---------------------------------------------------------------


def _with_dateparser(text: str, now: datetime) -> datetime | None:
    # Without a month or a time unit there is nothing for dateparser to find but false
    # dates ("998 Views", "Versi 2.1.0"), at a millisecond each.
    if len(text) > _MAX_DATEPARSER_TEXT or _DATE_WORD.search(text) is None:
        return None
    base = to_jakarta(now).replace(tzinfo=None)
    data = _dateparser_for(base).get_date_data(_normalise_for_dateparser(text))
    if data.date_obj is None or data.period in ("month", "year"):
        return None  # no day written: an archive heading, not a post date
    found: datetime = data.date_obj
    return found if found.tzinfo is not None else found.replace(tzinfo=JAKARTA)


_SPELLING_FIXES = re.compile(
    r"(?<![a-z])(pebruari|peb|nopember|nop|agust|agst|agus|ags|agt|agu|mrt|sept)\.?(?![a-z])",
    re.IGNORECASE,
)
_CANONICAL = {
    "pebruari": "Februari",
    "peb": "Februari",
    "nopember": "November",
    "nop": "November",
    "mrt": "Maret",
    "sept": "September",
}


def _normalise_for_dateparser(text: str) -> str:
    return _SPELLING_FIXES.sub(
        lambda m: _CANONICAL.get(m[1].lower(), "Agustus"),
        text,
    )


@lru_cache(maxsize=2)
def _dateparser_for(relative_base: datetime) -> Any:
    """One parser per crawl time: RELATIVE_BASE is part of dateparser's own cache key."""
    from dateparser.date import DateDataParser  # slow import, and rarely needed

    return DateDataParser(
        languages=["id", "en"],
        settings={
            "DATE_ORDER": "DMY",
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": relative_base,
            # No TIMEZONE and no RETURN_AS_TIMEZONE_AWARE: either would shift a written
            # WITA/WIT time into WIB. A written zone comes back aware, the rest naive.
        },
    )

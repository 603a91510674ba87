"""Dates as the CMSes print them, in Jakarta time, in Indonesian.

Formats that only one CMS prints live with that CMS's site.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.utils import format_datetime
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTHS_ID_SHORT = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Agu",
    "Sep",
    "Okt",
    "Nov",
    "Des",
)
DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def id_date(moment: date, *, pad: bool = True) -> str:
    """``05 Agustus 2016`` (or ``5 Agustus 2016`` with ``pad=False``, WordPress ``j F Y``)."""
    day = f"{moment.day:02d}" if pad else str(moment.day)
    return f"{day} {MONTHS_ID[moment.month - 1]} {moment.year}"


def id_day_date(moment: date, *, jumat: str = "Jumat") -> str:
    """``Senin, 23 November 2026``; ``jumat`` lets a CMS spell Friday ``Jum'at``."""
    day_name = DAYS_ID[moment.weekday()]
    if moment.weekday() == 4:
        day_name = jumat
    return f"{day_name}, {id_date(moment)}"


def rfc2822(moment: datetime, *, gmt: bool = False) -> str:
    """RSS ``pubDate``: ``+0000`` (WordPress), ``GMT`` (PopojiCMS) or local offset (OpenSID)."""
    if gmt:
        return format_datetime(moment.astimezone(UTC), usegmt=True)
    return format_datetime(moment)


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def jakarta_now() -> datetime:
    """The real current time in Asia/Jakarta, the demo's default ``now``."""
    return datetime.now(JAKARTA)

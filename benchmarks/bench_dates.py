"""How much faster and how much more often right is parse_date than plain dateparser?

Inputs are the texts of tests/data/date_cases.tsv, weighted the way a crawl meets them:
feed and markup dates (ISO 8601, RFC 2822) most often, Indonesian text dates next, numeric
and relative dates less, junk least, and every string seen several times (the same header
date on every page of a site). Two speeds are measured: that crawl mix, starting with an
empty cache, and every distinct text once with the cache cleared first (the worst case).

Correctness is counted on the distinct texts against the table's expected values. Plain
dateparser gets its clock pinned to the same crawl time (RELATIVE_BASE) so that relative
forms can agree at all, and its naive answers are read as WIB; nothing else is changed.

Run: ``python benchmarks/bench_dates.py`` (about 20-40 s, most of it in dateparser).
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import dateparser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from opdcrawl import dates  # noqa: E402
from opdcrawl.dates import JAKARTA, parse_date  # noqa: E402
from tests.test_dates import CASES, NOW, DateCase  # noqa: E402

REPEATS = 3  # how often a crawl sees each string of the mix
FEED = re.compile(r"\d{4}-\d{2}-\d{2}[T ]?|[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} ")
RELATIVE = re.compile(r"lalu|ago|kemarin|yesterday|baru|just|hari ini|lagi|besok|lusa", re.I)
NUMERIC = re.compile(r"^[\d\s/.:-]+$")

Parser = Callable[[str], datetime | None]


def weight(case: DateCase) -> int:
    """Copies of a case in the crawl mix: the shares a website crawl actually sees."""
    if case.expected is None:
        return 1
    if FEED.match(case.text):
        return 8
    if RELATIVE.search(case.text):
        return 2
    if NUMERIC.match(case.text):
        return 2
    return 4


def crawl_mix() -> list[str]:
    texts = [case.text for case in CASES for _ in range(weight(case))] * REPEATS
    random.Random(20261123).shuffle(texts)
    return texts


def ours(text: str) -> datetime | None:
    return parse_date(text, now=NOW)


def _as_wib(found: datetime | None) -> datetime | None:
    if found is None or found.tzinfo is not None:
        return found
    return found.replace(tzinfo=JAKARTA)


def plain(text: str) -> datetime | None:
    return _as_wib(dateparser.parse(text, settings={"RELATIVE_BASE": NOW.replace(tzinfo=None)}))


def plain_id(text: str) -> datetime | None:
    return _as_wib(
        dateparser.parse(
            text, languages=["id"], settings={"RELATIVE_BASE": NOW.replace(tzinfo=None)}
        )
    )


def same(found: datetime | None, expected: datetime | None) -> bool:
    if found is None or expected is None:
        return found is expected
    return found == expected and found.utcoffset() == expected.utcoffset()


def clear_caches() -> None:
    dates._parse_cached.cache_clear()
    dates._dateparser_for.cache_clear()


def rate(parser: Parser, texts: list[str], *, cold: bool, rounds: int) -> float:
    """Strings per second, best of ``rounds``; ``cold`` empties our caches first."""
    best = float("inf")
    for _ in range(rounds):
        if cold:
            clear_caches()
        start = time.perf_counter()
        for text in texts:
            parser(text)
        best = min(best, time.perf_counter() - start)
    return len(texts) / best


def agreement(parser: Parser) -> int:
    return sum(same(parser(case.text), case.expected) for case in CASES)


def main() -> None:
    mix = crawl_mix()
    distinct = [case.text for case in CASES]
    for parser in (ours, plain, plain_id):  # warm imports and language data
        parser("17 Agustus 2023")
    started = time.perf_counter()
    rows = []
    for name, parser, rounds in (
        ("`opdcrawl.dates.parse_date`", ours, 5),
        ("`dateparser.parse(text)`", plain, 1),
        ("`dateparser.parse(text, languages=['id'])`", plain_id, 1),
    ):
        rows.append(
            (
                name,
                rate(parser, mix, cold=True, rounds=rounds),
                rate(parser, distinct, cold=True, rounds=rounds),
                agreement(parser),
            )
        )
    ours_mix, ours_distinct = rows[0][1], rows[0][2]
    print(
        f"{len(mix)} strings in the crawl mix ({len(distinct)} distinct, each seen "
        f"{REPEATS}× or more), crawl time {NOW.isoformat()}\n"
    )
    print("| parser | crawl mix (strings/s) | distinct, cold (strings/s) | right | speed-up |")
    print("|---|---:|---:|---:|---:|")
    for name, mix_rate, distinct_rate, right in rows:
        speedup = (
            "1×"
            if mix_rate == ours_mix
            else f"{ours_mix / mix_rate:,.0f}× / {ours_distinct / distinct_rate:,.0f}×"
        )
        print(
            f"| {name} | {mix_rate:,.0f} | {distinct_rate:,.0f} | "
            f"{right}/{len(CASES)} | {speedup} |"
        )
    print(
        "\nspeed-up: parse_date's rate over that parser's, crawl mix / distinct cold; "
        "right: answers equal to the case table's (instant and written offset)."
    )
    print(f"benchmark took {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()

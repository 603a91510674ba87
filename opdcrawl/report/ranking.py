"""The ranking for reward and punishment.

The tie rule is written once, in ``opdcrawl.rules.RANKING`` (score, newer last post,
more posts in 90 days, OPD code), and the ``v_ranking`` view is generated from the same
rule. Ranks are 1, 2, 3, … with no shared places, so an office can always name one winner.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from opdcrawl import rules

TOP_AND_BOTTOM = 5  # how many OPDs the report names as most and least active


@dataclass(frozen=True)
class RankRow:
    rank: int
    opd_code: str
    opd_name: str
    short_name: str
    category: str | None
    score: int | None
    last_post_at: datetime | None
    days_since_last_post: int | None
    posts_90d: int | None
    cadence: str | None


class Rankable(Protocol):
    opd_code: str
    opd_name: str
    short_name: str
    category: str | None
    score: int | None
    last_post_at: datetime | None
    days_since_last_post: int | None
    posts_90d: int | None
    cadence: str | None


def rank_key(row: Rankable) -> tuple[Any, ...]:
    """Sort key of the tie rule (ascending sort = best first); see ``opdcrawl.rules``."""
    return rules.rank_key(row)


def rank_opds(rows: Iterable[Rankable]) -> list[RankRow]:
    return [
        RankRow(
            rank=index,
            opd_code=row.opd_code,
            opd_name=row.opd_name,
            short_name=row.short_name,
            category=row.category,
            score=row.score,
            last_post_at=row.last_post_at,
            days_since_last_post=row.days_since_last_post,
            posts_90d=row.posts_90d,
            cadence=row.cadence,
        )
        for index, row in enumerate(sorted(rows, key=rank_key), start=1)
    ]


def top_and_bottom(
    ranking: list[RankRow], count: int = TOP_AND_BOTTOM
) -> tuple[list[RankRow], list[RankRow]]:
    """Most active (best first) and least active (worst last), never overlapping.

    Only OPDs with a score can be "most active"; the least active are the tail of the
    ranking, which includes OPDs with no website or no check.
    """
    scored = [row for row in ranking if row.score is not None]
    size = min(count, len(ranking) // 2)
    top = scored[:size]
    taken = {row.opd_code for row in top}
    bottom = [row for row in ranking[-size:] if row.opd_code not in taken] if size else []
    return top, bottom


def rank_groups(ranking: list[RankRow], count: int = TOP_AND_BOTTOM) -> dict[str, str]:
    """OPD code -> "top" or "bottom" for the rows ``top_and_bottom`` names."""
    top, bottom = top_and_bottom(ranking, count)
    groups = {row.opd_code: "top" for row in top}
    groups.update({row.opd_code: "bottom" for row in bottom})
    return groups

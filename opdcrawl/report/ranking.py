"""The ranking for reward and punishment, and its tie rule.

Tie rule (the same as the ``v_ranking`` view, so a report "as of" an old run ranks
exactly as the view ranks the latest one):

1. score, high to low (no score last);
2. newer last post first (no post last);
3. more posts in the last 90 days first;
4. OPD code A–Z.

Ranks are 1, 2, 3, … with no shared places, so an office can always name one winner.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

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


def rank_key(row: Rankable) -> tuple[int, int, int, float, int, str]:
    """Sort key implementing the tie rule above (ascending sort = best first)."""
    score = row.score
    last = row.last_post_at
    return (
        1 if score is None else 0,
        -(score or 0),
        1 if last is None else 0,
        -(last.timestamp() if last is not None else 0.0),
        -(row.posts_90d or 0),
        row.opd_code,
    )


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

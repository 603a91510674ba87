"""Rules that reports and SQL views must agree on, each written once.

* A channel's category in a report: the registry state decides before any check does
  (``none`` = the OPD has no such channel, ``unknown`` = the cell was left empty), else
  the category its check stored (``opdcrawl.freshness``).
* An OPD's overall category combines its channels: the best assessed channel (website or
  social account) decides; when none was assessed, the website's category stands.
* The ranking (penghargaan dan pembinaan): only OPDs whose channel was assessed
  (``RANKED``: Aktif, Kurang Aktif, Tidak Aktif) get a place; score high to low (none
  last), then newer last post (none last), then more posts in 90 days. OPDs equal on all
  three share a place ("competition ranking": 1, 2, 2, 4) and are listed together by OPD
  code A–Z. The others (unreachable, no website, not registered, not checked) have no
  place and are listed after them, so a site that is down or missing is never named
  among the least active.

Each rule is data plus two readers of it: a Python function for reports built in Python
(as-of reports, tests) and a SQL fragment the views (``opdcrawl.db.views``) are generated
from, so the two cannot drift apart. ``tests/test_rules.py`` runs both on the same rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from opdcrawl.vocabulary import Category

# --- a channel's category ------------------------------------------------------------------

# Registry state -> category shown instead of any check.
STATE_CATEGORY: Mapping[str, Category] = {
    "none": Category.TIDAK_PUNYA_WEBSITE,
    "unknown": Category.BELUM_TERDAFTAR,
}


def channel_category(state: str | None, check_category: str | None) -> str | None:
    """The category a report shows for a channel; None when registered but unchecked."""
    shown = STATE_CATEGORY.get(state or "unknown")
    return shown.value if shown is not None else check_category


def channel_category_sql(state: str, check_category: str) -> str:
    """``channel_category`` as a SQL expression over two column expressions."""
    whens = "".join(
        f"\n        WHEN '{state_value}' THEN '{category.value}'"
        for state_value, category in STATE_CATEGORY.items()
    )
    return f"CASE COALESCE({state}, 'unknown'){whens}\n        ELSE {check_category}\n    END"


# --- an OPD's overall category -----------------------------------------------------------

# Categories that judge publishing: a channel in one of them was read and assessed.
ASSESSED: tuple[Category, ...] = (Category.AKTIF, Category.KURANG_AKTIF, Category.TIDAK_AKTIF)
# The channel whose category stands when no channel was assessed (its registry state or
# reachability then says what is known: Tidak Punya Website, Tidak Dapat Diakses, ...).
OVERALL_FALLBACK = "website"


def overall_category(categories: Mapping[str, str | None]) -> str | None:
    """An OPD's category from its channels' categories (kind -> category).

    The best assessed channel decides: an OPD that posts weekly on Instagram publishes,
    whatever its abandoned website says, and the other way round. Accounts that could not
    be assessed (private, login wall, outage, site down) never lower it. When no channel
    was assessed, the website's category stands. Each channel keeps its own category in
    the report beside this one.
    """
    order = {category.value: index for index, category in enumerate(ASSESSED)}
    assessed = [value for value in categories.values() if value in order]
    if assessed:
        return min(assessed, key=order.__getitem__)
    return categories.get(OVERALL_FALLBACK)


# --- ranking -----------------------------------------------------------------------------


# Categories that earn a place in a ranking: the channel was read and judged.
RANKED: tuple[Category, ...] = ASSESSED


def is_ranked(category: str | None) -> bool:
    """Whether a row in ``category`` gets a place (``RANKED``)."""
    return category in {c.value for c in RANKED}


def ranked_sql(category: str) -> str:
    """``is_ranked`` as a SQL condition over a category column expression."""
    values = ", ".join(f"'{c.value}'" for c in RANKED)
    return f"{category} IN ({values})"


@dataclass(frozen=True)
class RankKey:
    """One step of the tie rule: a column, its direction, and what a missing value is."""

    column: str
    descending: bool
    missing_last: bool = False  # a missing value ranks after every present one
    missing_as: int | None = None  # or: a missing value counts as this
    # False: the step only orders the rows of a shared place (they keep one rank).
    decides_place: bool = True


RANKING: tuple[RankKey, ...] = (
    RankKey("score", descending=True, missing_last=True),
    RankKey("last_post_at", descending=True, missing_last=True),
    RankKey("posts_90d", descending=True, missing_as=0),
    RankKey("opd_code", descending=False, decides_place=False),
)


def _ordered(value: Any, descending: bool) -> Any:
    if isinstance(value, datetime):
        value = value.timestamp()
    if not descending:
        return value
    return -value


def _key(row: Any, steps: tuple[RankKey, ...]) -> tuple[Any, ...]:
    key: list[Any] = []
    for step in steps:
        value = getattr(row, step.column)
        if step.missing_last:
            key.append(1 if value is None else 0)
            key.append(_ordered(value, step.descending) if value is not None else 0)
        else:
            if value is None:
                value = step.missing_as
            key.append(_ordered(value, step.descending))
    return tuple(key)


PLACE_STEPS: tuple[RankKey, ...] = tuple(step for step in RANKING if step.decides_place)


def rank_key(row: Any) -> tuple[Any, ...]:
    """Sort key of ``RANKING`` for an object with those attributes (ascending = best)."""
    return _key(row, RANKING)


def place_key(row: Any) -> tuple[Any, ...]:
    """The part of ``rank_key`` that decides a place: rows equal on it share one."""
    return _key(row, PLACE_STEPS)


def listing_key(row: Any) -> tuple[Any, ...]:
    """The order a ranking is listed in: ranked rows by ``rank_key``, then the others
    (``category`` outside ``RANKED``) by the same key."""
    return (0 if is_ranked(row.category) else 1, *rank_key(row))


def competition_ranks(rows: list[Any]) -> list[int | None]:
    """Places of rows already in ``listing_key`` order: 1, 2, 2, 4 ("competition
    ranking"; rows equal on ``place_key`` share a place), None for rows not ranked."""
    ranks: list[int | None] = []
    position, previous, current = 0, None, 0
    for row in rows:
        if not is_ranked(row.category):
            ranks.append(None)
            continue
        position += 1
        key = place_key(row)
        if key != previous:
            current, previous = position, key
        ranks.append(current)
    return ranks


def ranking_order_sql(alias: str, steps: tuple[RankKey, ...] = RANKING) -> str:
    """``RANKING`` (or some of its steps) as an ORDER BY list over view ``alias``."""
    parts: list[str] = []
    for step in steps:
        column = f"{alias}.{step.column}"
        direction = "DESC" if step.descending else "ASC"
        if step.missing_last:
            parts.append(f"CASE WHEN {column} IS NULL THEN 1 ELSE 0 END")
            parts.append(f"{column} {direction}")
        elif step.missing_as is not None:
            parts.append(f"COALESCE({column}, {step.missing_as}) {direction}")
        else:
            parts.append(f"{column} {direction}")
    return ",\n            ".join(parts)


def rank_sql(alias: str, partition: str) -> str:
    """The place of a row of view ``alias`` as a SQL expression: ``RANK()`` over the
    ranked rows of its ``partition`` by the place-deciding steps, NULL when not ranked."""
    ranked = ranked_sql(f"{alias}.category")
    order = ranking_order_sql(alias, PLACE_STEPS)
    return (
        f"CASE WHEN {ranked} THEN RANK() OVER (\n"
        f"        PARTITION BY {partition},\n"
        f"            CASE WHEN {ranked} THEN 0 ELSE 1 END\n"
        f"        ORDER BY\n            {order}\n    ) END"
    )


def listing_order_sql(alias: str) -> str:
    """``listing_key`` as an ORDER BY list over view ``alias``."""
    ranked = ranked_sql(f"{alias}.category")
    return f"CASE WHEN {ranked} THEN 0 ELSE 1 END,\n            " + ranking_order_sql(alias)

"""Rules that reports and SQL views must agree on, each written once.

* A channel's category in a report: the registry state decides before any check does
  (``none`` = the OPD has no such channel, ``unknown`` = the cell was left empty), else
  the category its check stored (``opdcrawl.freshness``).
* An OPD's overall category combines its channels: the best assessed channel (website or
  social account) decides; when none was assessed, the website's category stands.
* The ranking for reward and punishment: score high to low (none last), then newer last
  post (none last), then more posts in 90 days, then OPD code A–Z; no shared places.

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


@dataclass(frozen=True)
class RankKey:
    """One step of the tie rule: a column, its direction, and what a missing value is."""

    column: str
    descending: bool
    missing_last: bool = False  # a missing value ranks after every present one
    missing_as: int | None = None  # or: a missing value counts as this


RANKING: tuple[RankKey, ...] = (
    RankKey("score", descending=True, missing_last=True),
    RankKey("last_post_at", descending=True, missing_last=True),
    RankKey("posts_90d", descending=True, missing_as=0),
    RankKey("opd_code", descending=False),
)


def _ordered(value: Any, descending: bool) -> Any:
    if isinstance(value, datetime):
        value = value.timestamp()
    if not descending:
        return value
    return -value


def rank_key(row: Any) -> tuple[Any, ...]:
    """Sort key of ``RANKING`` for an object with those attributes (ascending = best)."""
    key: list[Any] = []
    for step in RANKING:
        value = getattr(row, step.column)
        if step.missing_last:
            key.append(1 if value is None else 0)
            key.append(_ordered(value, step.descending) if value is not None else 0)
        else:
            if value is None:
                value = step.missing_as
            key.append(_ordered(value, step.descending))
    return tuple(key)


def ranking_order_sql(alias: str) -> str:
    """``RANKING`` as the ORDER BY list of a window function over view ``alias``."""
    parts: list[str] = []
    for step in RANKING:
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

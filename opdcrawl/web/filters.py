"""The dashboard's and API's query parameters: checked, then applied to the OPD rows.

One parser for the HTML pages and the JSON API, so ``/?category=Tidak+Aktif`` and
``/api/opds?category=Tidak+Aktif`` show the same OPDs. Parameters: ``region`` (slug),
``kind`` (OPD kind), ``category`` (a report category label), ``channel`` (channel kind
whose check is shown, website by default), ``sort`` (a column, ``-`` in front for
descending). An unknown value is refused with the parameter, the value and the choices,
never silently ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from opdcrawl.report import wording
from opdcrawl.vocabulary import CHANNEL_KINDS, OPD_KINDS
from opdcrawl.web.wording import ERRORS

# Sortable columns of the OPD table rows (``opdcrawl.report.tables.OPD``).
SORT_COLUMNS: tuple[str, ...] = (
    "region_slug",
    "opd_code",
    "opd_name",
    "opd_kind",
    "category",
    "score",
    "last_post_at",
    "days_since_last_post",
    "posts_90d",
    "overall_category",
)
DEFAULT_SORT = "opd_code"
_CATEGORY_LEVEL = {label: index for index, label in enumerate(wording.CATEGORY_LABELS)}


class FilterError(ValueError):
    """A query parameter with a value the dashboard does not know (Indonesian message)."""

    def __init__(self, name: str, value: str, allowed: Iterable[str]) -> None:
        self.name = name
        super().__init__(
            ERRORS["bad_filter"].format(name=name, value=value, allowed=", ".join(allowed))
        )


@dataclass(frozen=True)
class Filters:
    region: str = ""
    kind: str = ""
    category: str = ""
    channel: str = "website"
    sort: str = DEFAULT_SORT

    @property
    def sort_column(self) -> str:
        return self.sort.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")

    def query(self, **changes: str) -> dict[str, str]:
        """The non-default parameters (after ``changes``), for links."""
        changed = replace(self, **changes)
        default = Filters()
        return {
            name: getattr(changed, name)
            for name in ("region", "kind", "category", "channel", "sort")
            if getattr(changed, name) != getattr(default, name)
        }

    def sort_link(self, column: str) -> str:
        """The sort value a click on ``column``'s header asks for (toggles direction)."""
        if self.sort_column == column and not self.descending:
            return "-" + column
        return column


def _one(params: Mapping[str, str], name: str, allowed: Iterable[str], default: str) -> str:
    value = (params.get(name) or "").strip()
    if not value:
        return default
    choices = list(allowed)
    if value not in choices:
        raise FilterError(name, value, choices)
    return value


def parse(params: Mapping[str, str], regions: Iterable[str]) -> Filters:
    sorts = [*SORT_COLUMNS, *(f"-{column}" for column in SORT_COLUMNS)]
    return Filters(
        region=_one(params, "region", regions, ""),
        kind=_one(params, "kind", OPD_KINDS, ""),
        category=_one(params, "category", wording.CATEGORY_LABELS, ""),
        channel=_one(params, "channel", CHANNEL_KINDS, "website"),
        sort=_one(params, "sort", sorts, DEFAULT_SORT),
    )


def _sort_value(column: str, value: Any) -> Any:
    if column in ("category", "overall_category"):
        return _CATEGORY_LEVEL.get(value, len(_CATEGORY_LEVEL))
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, str):
        return value.casefold()
    return value


def apply(rows: Iterable[dict[str, Any]], filters: Filters) -> list[dict[str, Any]]:
    """Rows of the OPD table kept by the filters, sorted (no value last, either way;
    ties by region and OPD code)."""
    kept = [
        row
        for row in rows
        if (not filters.region or row["region_slug"] == filters.region)
        and (not filters.kind or row["opd_kind"] == filters.kind)
        and (not filters.category or row["category"] == filters.category)
    ]
    column = filters.sort_column
    kept.sort(key=lambda row: (row["region_slug"], row["opd_code"]))
    present = [row for row in kept if row[column] is not None]
    missing = [row for row in kept if row[column] is None]
    present.sort(key=lambda row: _sort_value(column, row[column]), reverse=filters.descending)
    return present + missing

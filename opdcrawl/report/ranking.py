"""The rankings for reward and punishment: by website, and by social accounts.

The tie rule is written once, in ``opdcrawl.rules.RANKING`` (score, newer last post,
more posts in 90 days, OPD code), and the ``v_ranking`` view is generated from the same
rule. Ranks are 1, 2, 3, … with no shared places, so an office can always name one winner.

The social ranking (``rank_social``, as Cilegon ranks OPDs and kelurahan monthly by
social activity) applies the same rule twice: to pick each OPD's best social account
(its accounts as rows of the rule, with the OPD's code; platform order on a full tie),
then to rank the OPDs by that account.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

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


class _Placed(Protocol):
    opd_code: str
    score: int | None


Placed = TypeVar("Placed", bound=_Placed)


def top_and_bottom(
    ranking: list[Placed], count: int = TOP_AND_BOTTOM
) -> tuple[list[Placed], list[Placed]]:
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


def rank_groups(ranking: Sequence[_Placed], count: int = TOP_AND_BOTTOM) -> dict[str, str]:
    """OPD code -> "top" or "bottom" for the rows ``top_and_bottom`` names."""
    top, bottom = top_and_bottom(list(ranking), count)
    groups = {row.opd_code: "top" for row in top}
    groups.update({row.opd_code: "bottom" for row in bottom})
    return groups


# --- the social ranking ------------------------------------------------------------------


class SocialAccountLike(Protocol):
    """What ``rank_social`` reads of an account (``report.data.SocialAccount``)."""

    kind: str
    state: str
    url: str | None
    category: str | None
    run_id: int | None
    status: str | None
    followers: int | None
    score: int | None
    last_post_at: datetime | None
    days_since_last_post: int | None
    posts_30d: int | None
    posts_90d: int | None
    cadence: str | None

    @property
    def checked(self) -> bool: ...

    @property
    def manual(self) -> bool: ...


class SocialOwner(Protocol):
    opd_code: str
    opd_name: str
    short_name: str
    opd_kind: str
    socials: Mapping[str, Any]  # platform -> SocialAccountLike


@dataclass(frozen=True)
class SocialRankRow:
    """One OPD in the social ranking, with the account it is ranked by (``platform``
    None: no account of it was checked, so it ranks last, by code)."""

    rank: int
    opd_code: str
    opd_name: str
    short_name: str
    opd_kind: str
    platform: str | None
    account_url: str | None
    category: str | None  # the best account's check category
    score: int | None
    last_post_at: datetime | None
    days_since_last_post: int | None
    posts_30d: int | None
    posts_90d: int | None
    cadence: str | None
    followers: int | None
    status: str | None  # the best account's status (error_class), None when read fine
    manual: bool | None  # its reading was recorded by hand; None without an account
    accounts_registered: int  # social platforms with an account in the registry
    accounts_none: int  # platforms the registry says the OPD has none on ("-")


class _AccountAsRow:
    """An OPD's account as a row of ``rules.RANKING``: every column from the account's
    check, except ``opd_code``, which is the OPD's."""

    def __init__(self, opd_code: str, account: Any) -> None:
        self.opd_code = opd_code
        self._account = account

    def __getattr__(self, name: str) -> Any:
        return getattr(self._account, name)


class _NoAccount:
    """An OPD without a checked account, as a row of the rule: nothing but its code."""

    def __init__(self, opd_code: str) -> None:
        self.opd_code = opd_code

    def __getattr__(self, name: str) -> Any:
        return None


def best_social_account(owner: SocialOwner, platforms: Sequence[str]) -> Any | None:
    """The OPD's checked account that ranks first by ``rules.RANKING`` (on a full tie the
    first of ``platforms``), or None when none of its accounts has a check."""
    order = {platform: index for index, platform in enumerate(platforms)}
    checked = [
        account
        for platform in platforms
        if (account := owner.socials.get(platform)) is not None and account.checked
    ]
    if not checked:
        return None
    return min(
        checked,
        key=lambda account: (
            rules.rank_key(_AccountAsRow(owner.opd_code, account)),
            order[account.kind],
        ),
    )


def social_rank_key(owner: SocialOwner, platforms: Sequence[str]) -> tuple[Any, ...]:
    """Sort key of the social ranking: ``rules.rank_key`` of the OPD's best account."""
    best = best_social_account(owner, platforms)
    if best is None:
        return rules.rank_key(_NoAccount(owner.opd_code))
    return rules.rank_key(_AccountAsRow(owner.opd_code, best))


def rank_social(owners: Iterable[SocialOwner], platforms: Sequence[str]) -> list[SocialRankRow]:
    """Every OPD ranked by its best social account (``best_social_account``), 1 = best."""
    keyed = [(social_rank_key(owner, platforms), owner) for owner in owners]
    keyed.sort(key=lambda pair: pair[0])
    rows: list[SocialRankRow] = []
    for index, (_, owner) in enumerate(keyed, start=1):
        best = best_social_account(owner, platforms)
        states = [owner.socials[p].state for p in platforms if p in owner.socials]
        rows.append(
            SocialRankRow(
                rank=index,
                opd_code=owner.opd_code,
                opd_name=owner.opd_name,
                short_name=owner.short_name,
                opd_kind=owner.opd_kind,
                platform=best.kind if best is not None else None,
                account_url=best.url if best is not None else None,
                category=best.category if best is not None else None,
                score=best.score if best is not None else None,
                last_post_at=best.last_post_at if best is not None else None,
                days_since_last_post=best.days_since_last_post if best is not None else None,
                posts_30d=best.posts_30d if best is not None else None,
                posts_90d=best.posts_90d if best is not None else None,
                cadence=best.cadence if best is not None else None,
                followers=best.followers if best is not None else None,
                status=best.status if best is not None else None,
                manual=best.manual if best is not None else None,
                accounts_registered=states.count("registered"),
                accounts_none=states.count("none"),
            )
        )
    return rows

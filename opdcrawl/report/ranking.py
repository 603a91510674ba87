"""The rankings for reward and punishment: by website, and by social accounts.

The rule is written once, in ``opdcrawl.rules``: only OPDs whose channel was assessed
(Aktif, Kurang Aktif, Tidak Aktif) get a place, by score, then newer last post, then
more posts in 90 days; OPDs equal on all three share a place (1, 2, 2, 4) and are listed
together by code. The others (unreachable, no website, not registered, not checked)
have no place (``rank`` None) and are listed after them, never among the least active.
The ``v_ranking`` view is generated from the same rule.

The social ranking (``rank_social``, as Cilegon ranks OPDs and kelurahan monthly by
social activity) applies the same rule twice: to pick each OPD's best social account
(its accounts as rows of the rule, with the OPD's code; an assessed account before one
that could not be read; platform order on a full tie), then to rank the OPDs by that
account.
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
    rank: int | None  # None: not ranked (its website could not be assessed)
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
    ordered = sorted(rows, key=rules.listing_key)
    return [
        RankRow(
            rank=rank,
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
        for rank, row in zip(rules.competition_ranks(ordered), ordered, strict=True)
    ]


class _Placed(Protocol):
    opd_code: str
    rank: int | None


Placed = TypeVar("Placed", bound=_Placed)


def top_and_bottom(
    ranking: list[Placed], count: int = TOP_AND_BOTTOM
) -> tuple[list[Placed], list[Placed]]:
    """Most active (best first) and least active (worst last), never overlapping.

    Only ranked OPDs (``rank`` not None) are named: an unreachable, missing or unchecked
    website is never "least active". Each list takes ``count`` OPDs (fewer in a small
    region: at most half of the ranked ones) and every OPD sharing the place of its last
    one, so ties are named together.
    """
    ranked = [row for row in ranking if row.rank is not None]
    size = min(count, len(ranked) // 2)
    if not size:
        return [], []
    top_place = ranked[size - 1].rank or 0
    top = [row for row in ranked if (row.rank or 0) <= top_place]
    taken = {row.opd_code for row in top}
    bottom_place = ranked[-size].rank or 0
    bottom = [row for row in ranked if (row.rank or 0) >= bottom_place]
    return top, [row for row in bottom if row.opd_code not in taken]


def rank_groups(ranking: Sequence[_Placed], count: int = TOP_AND_BOTTOM) -> dict[str, str]:
    """OPD code -> "top", "bottom" (``top_and_bottom``) or "unranked" (no place)."""
    top, bottom = top_and_bottom(list(ranking), count)
    groups = {row.opd_code: "unranked" for row in ranking if row.rank is None}
    groups.update({row.opd_code: "top" for row in top})
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
    None: no account of it was checked). ``rank`` None: its best account could not be
    assessed (or none was checked), so it has no place and is listed after the others."""

    rank: int | None
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


def _account_key(owner: SocialOwner, account: Any, order: Mapping[str, int]) -> tuple[Any, ...]:
    row = _AccountAsRow(owner.opd_code, account)
    return (*rules.listing_key(row), order[account.kind])


def best_social_account(owner: SocialOwner, platforms: Sequence[str]) -> Any | None:
    """The OPD's checked account that comes first by ``rules.listing_key`` (an assessed
    account before one that could not be read; on a full tie the first of
    ``platforms``), or None when none of its accounts has a check."""
    order = {platform: index for index, platform in enumerate(platforms)}
    checked = [
        account
        for platform in platforms
        if (account := owner.socials.get(platform)) is not None and account.checked
    ]
    if not checked:
        return None
    return min(checked, key=lambda account: _account_key(owner, account, order))


def _ranked_as(owner: SocialOwner, platforms: Sequence[str]) -> Any:
    """The OPD as a row of the rule: its best account's columns with the OPD's code."""
    best = best_social_account(owner, platforms)
    return _NoAccount(owner.opd_code) if best is None else _AccountAsRow(owner.opd_code, best)


def social_rank_key(owner: SocialOwner, platforms: Sequence[str]) -> tuple[Any, ...]:
    """Sort key of the social ranking: ``rules.listing_key`` of the OPD's best account."""
    return rules.listing_key(_ranked_as(owner, platforms))


def rank_social(owners: Iterable[SocialOwner], platforms: Sequence[str]) -> list[SocialRankRow]:
    """Every OPD ranked by its best social account (``best_social_account``), 1 = best;
    OPDs whose best account was not assessed have no place and come last."""
    keyed = [(social_rank_key(owner, platforms), owner) for owner in owners]
    keyed.sort(key=lambda pair: pair[0])
    ordered = [owner for _, owner in keyed]
    places = rules.competition_ranks([_ranked_as(owner, platforms) for owner in ordered])
    rows: list[SocialRankRow] = []
    for rank, owner in zip(places, ordered, strict=True):
        best = best_social_account(owner, platforms)
        states = [owner.socials[p].state for p in platforms if p in owner.socials]
        rows.append(
            SocialRankRow(
                rank=rank,
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

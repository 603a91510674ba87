"""Gathering what a region's report shows from SQL into plain dataclasses.

Reports read the views (``opdcrawl.db.views``) for the latest state. A report "as of"
one run shows the state when that run ended, which the views cannot give (they only
show the latest check), so that case queries ``channel_check`` joined to
channel/opd/region with SQLAlchemy Core: per channel the run's own check, else the
newest check from a finished run up to the run's end, in rows of the same shape;
everything after that (categories, ranking, changes) is one code path. Changes
compare each website channel's check with that channel's previous check, and the
monthly trend takes each channel's latest check per month (both Core queries on
``channel_check``), so a round split into shard runs (``-a shard=i/n``, each its own
crawl_run) reads as one round.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, case, func, literal_column, or_, select, true
from sqlalchemy.orm import Session, aliased

from opdcrawl import reachability, rules
from opdcrawl.dates import JAKARTA
from opdcrawl.db import views
from opdcrawl.db.models import Channel, ChannelCheck, CrawlRun, Opd, Region
from opdcrawl.report import wording
from opdcrawl.report.certificates import CertificateRow, load_certificates
from opdcrawl.report.integrity import IntegrityRow, load_findings
from opdcrawl.report.inventory import Inventory, load_inventory
from opdcrawl.report.ppid import PpidRow, load_ppid
from opdcrawl.report.ranking import RankRow, SocialRankRow, rank_opds, rank_social
from opdcrawl.report.skipped import RegistryCheck
from opdcrawl.vocabulary import CATEGORY_ORDER, CHANNEL_KINDS, Category

SOCIAL_KINDS: tuple[str, ...] = tuple(kind for kind in CHANNEL_KINDS if kind != "website")
# Categories that mean "the OPD has a website we checked": the basis of new/gone sites.
SITE_CATEGORIES: frozenset[str] = frozenset(
    c.value
    for c in (
        Category.AKTIF,
        Category.KURANG_AKTIF,
        Category.TIDAK_AKTIF,
        Category.TIDAK_DAPAT_DIAKSES,
    )
)
_CHUNK = 500  # ids per IN (...) list, well under SQLite's parameter limit
MANUAL_ROUTE = "manual"  # channel_check.route of a reading recorded by hand


@dataclass(frozen=True)
class SocialAccount:
    """One social account of an OPD and the check shown for it (latest, or as of a run).

    The check fields are empty when the account was never checked or the registry says
    none/unknown (``v_social_latest`` has the same values for the latest state)."""

    kind: str  # instagram, facebook, youtube, x, tiktok
    state: str  # registered / unknown / none (registry.ChannelState)
    url: str | None = None
    category: str | None = None  # of its check, when one exists
    run_id: int | None = None
    checked_at: datetime | None = None
    reachable: bool | None = None
    status: str | None = None  # the check's error_class (an AccountStatus); None when ok
    route: str | None = None  # the adapter route that read it; "manual" when recorded by hand
    followers: int | None = None
    posts_window: int | None = None
    last_post_at: datetime | None = None
    days_since_last_post: int | None = None
    posts_30d: int | None = None
    posts_90d: int | None = None
    cadence: str | None = None
    score: int | None = None

    @property
    def text(self) -> str:
        """URL, "tidak ada" (registry says none) or "belum terdaftar" (cell empty)."""
        if self.state == "registered" and self.url:
            return self.url
        return wording.SOCIAL_NONE if self.state == "none" else wording.SOCIAL_UNKNOWN

    @property
    def checked(self) -> bool:
        return self.state == "registered" and self.run_id is not None

    @property
    def manual(self) -> bool:
        """The reading shown was recorded by hand (route ``manual``), not crawled."""
        return self.checked and self.route == MANUAL_ROUTE

    @property
    def status_label(self) -> str | None:
        """The short Indonesian label of the account status when it was not read fine
        (``reachability.info``), None when it was or when there is no check."""
        if not self.checked or (self.reachable and not self.status):
            return None
        return reachability.info(self.status or "unknown").label


@dataclass(frozen=True)
class OpdRow:
    """One OPD and its website's check: the latest, or the one shown as of the run
    reported on. ``run_id``/``checked_at`` are that check's own, so they differ from row
    to row (shard runs, a re-check of one OPD) and from ``RegionReport.run_id``."""

    region_slug: str
    region_name: str
    opd_code: str
    opd_name: str
    short_name: str
    opd_kind: str
    website_state: str
    website_url: str | None
    category: str | None  # None: website registered but not checked yet
    run_id: int | None = None
    checked_at: datetime | None = None
    reachable: bool | None = None
    http_status: int | None = None
    error_class: str | None = None
    error_detail: str | None = None
    cms: str | None = None
    last_post_at: datetime | None = None
    days_since_last_post: int | None = None
    posts_30d: int | None = None
    posts_90d: int | None = None
    cadence: str | None = None
    score: int | None = None
    evidence: str | None = None
    evidence_url: str | None = None  # URL of the post that gave last_post_at
    evidence_title: str | None = None
    spam_terms: tuple[str, ...] = ()
    socials: dict[str, SocialAccount] = field(default_factory=dict)
    # The channel kind this row reports on; ``website_state``/``website_url`` are that
    # channel's (the website unless a report is made for another kind).
    channel_kind: str = "website"

    @property
    def overall_category(self) -> str | None:
        """The OPD's category over all its channels (``rules.overall_category``)."""
        return rules.overall_category(
            {self.channel_kind: self.category}
            | {kind: account.category for kind, account in self.socials.items()}
        )

    @property
    def has_site(self) -> bool:
        return self.category in SITE_CATEGORIES


@dataclass(frozen=True)
class Change:
    """One OPD's website check against that channel's previous check: naik, turun, baru,
    hilang or tetap. ``run_id``/``previous_run_id``: runs of the two checks (None when
    that side has no check), which may differ per OPD when a round is split in shards."""

    opd_code: str
    opd_name: str
    change: str
    category_before: str | None
    category_after: str | None
    score_before: int | None
    score_after: int | None
    previous_run_id: int | None = None
    run_id: int | None = None

    @property
    def score_delta(self) -> int | None:
        if self.score_before is None or self.score_after is None:
            return None
        return self.score_after - self.score_before


@dataclass(frozen=True)
class TrendMonth:
    """One month (WIB): each website's latest check from a finished run of that month,
    counted per category; ``run_id``/``crawl_time`` are of the newest run among them."""

    month: str  # "2025-03"
    run_id: int
    crawl_time: datetime
    checked: int  # websites with a check that month
    reachable: int
    counts: dict[str, int]  # category label -> websites checked in that category


@dataclass(frozen=True)
class ChannelOwnership:
    """How many OPDs registered a channel of one kind: the "progress towards 100 %"."""

    channel_kind: str
    total_opd: int
    registered: int
    none: int
    unknown: int
    reachable: int | None = None  # websites only: reachable at the check reported on

    @property
    def registered_pct(self) -> float | None:
        return _pct(self.registered, self.total_opd)

    @property
    def reachable_pct(self) -> float | None:
        return None if self.reachable is None else _pct(self.reachable, self.total_opd)


@dataclass
class RegionReport:
    region_slug: str
    region_name: str
    run_id: int | None  # the run reported on (latest: the newest run with a website check)
    crawl_time: datetime | None
    as_of_run: bool  # True for --run <id>, False for "latest"
    # The run most of the "before" checks in ``changes`` came from (newest on a tie);
    # None when no website has a previous check. Per OPD: ``Change.previous_run_id``.
    previous_run_id: int | None
    previous_crawl_time: datetime | None
    opds: list[OpdRow]
    ranking: list[RankRow]
    changes: list[Change]
    trend: list[TrendMonth]
    ownership: list[ChannelOwnership]
    channel_kind: str = "website"  # the kind reported on (categories, ranking, changes)
    # OPDs ranked by their best social account (``ranking.rank_social``).
    social_ranking: list[SocialRankRow] = field(default_factory=list)
    # Certificates of the website checks shown (``opdcrawl.report.certificates``).
    certificates: list[CertificateRow] = field(default_factory=list)
    # Gambling spam and defacement findings of the checks shown (``report.integrity``).
    integrity: list[IntegrityRow] = field(default_factory=list)
    # The registry's rows of this region skipped for errors (``report.skipped``); None
    # when the registry was not read for this report.
    registry: RegistryCheck | None = None
    # OPD code -> its PPID check as shown (``report.ppid``); empty before any ppid run.
    ppid: dict[str, PpidRow] = field(default_factory=dict)
    # Channels registered, confirmed absent, proposed or unknown (``report.inventory``).
    inventory: Inventory | None = None

    def category_counts(self) -> dict[str, int]:
        """Category label (``wording.CATEGORY_LABELS``) -> number of OPDs."""
        counts = dict.fromkeys(wording.CATEGORY_LABELS, 0)
        for row in self.opds:
            label = wording.category_label(row.category)
            counts[label] = counts.get(label, 0) + 1
        return counts

    def by_category(self) -> dict[str, list[OpdRow]]:
        """Category label -> OPDs in it, by name."""
        lists: dict[str, list[OpdRow]] = {label: [] for label in wording.CATEGORY_LABELS}
        for row in sorted(self.opds, key=lambda r: (r.opd_name.casefold(), r.opd_code)):
            lists.setdefault(wording.category_label(row.category), []).append(row)
        return lists

    @property
    def website_ownership(self) -> ChannelOwnership:
        return next(line for line in self.ownership if line.channel_kind == "website")

    def without_social_account(self) -> list[OpdRow]:
        """OPDs with no account registered on any social platform (each cell ``-`` or
        empty): those whose registry says none everywhere first, then mixed, then those
        left empty everywhere; by code within each (``no_social_account``)."""
        found = [row for row in self.opds if no_social_account(row) is not None]
        order = {kind: index for index, kind in enumerate(wording.NO_ACCOUNT_LABELS)}
        return sorted(found, key=lambda row: (order[no_social_account(row) or ""], row.opd_code))


def no_social_account(row: OpdRow) -> str | None:
    """``none`` (every social cell ``-``: confirmed), ``unknown`` (every cell empty),
    ``mixed`` (some of each), or None when the OPD has an account registered somewhere."""
    states = {row.socials[kind].state for kind in SOCIAL_KINDS if kind in row.socials}
    if not states or "registered" in states:
        return None
    if states == {"none"}:
        return "none"
    return "unknown" if states == {"unknown"} else "mixed"


def _pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 1)


# --- Which run ---------------------------------------------------------------------------


_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def resolve_run(session: Session, run: str | int) -> CrawlRun | None:
    """None for "latest"; the CrawlRun for an id; for a month ``YYYY-MM`` its last
    finished run (``month_end_run``); ValueError/LookupError otherwise."""
    if isinstance(run, str):
        if run.strip().lower() == "latest":
            return None
        if _MONTH.fullmatch(run.strip()):
            return month_end_run(session, run.strip())
        if not run.strip().isdigit():
            raise ValueError(wording.MESSAGES["bad_run"].format(run=run))
        run = int(run.strip())
    found = session.get(CrawlRun, run)
    if found is None:
        raise LookupError(wording.MESSAGES["unknown_run"].format(run=run))
    return found


def month_end_run(session: Session, month: str) -> CrawlRun:
    """The last finished run whose crawl time falls in ``month`` (``YYYY-MM``, WIB): the
    report "as of" it is that month's state, as Cilegon's monthly ranking needs it."""
    found = _MONTH.fullmatch(month)
    if found is None:
        raise ValueError(wording.MESSAGES["bad_run"].format(run=month))
    year, number = int(found.group(1)), int(found.group(2))
    start = datetime(year, number, 1, tzinfo=JAKARTA)
    end = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=JAKARTA)
    run = session.scalars(
        select(CrawlRun)
        .where(CrawlRun.status == "finished")
        .where(CrawlRun.crawl_time >= start, CrawlRun.crawl_time < end)
        .order_by(CrawlRun.crawl_time.desc(), CrawlRun.id.desc())
        .limit(1)
    ).first()
    if run is None:
        raise LookupError(wording.MESSAGES["no_run_in_month"].format(month=month))
    return run


def _regions(session: Session, slugs: list[str] | None) -> list[tuple[str, str]]:
    query = select(Region.slug, Region.name).order_by(Region.slug)
    if slugs:
        query = query.where(Region.slug.in_(slugs))
    found = [(slug, name) for slug, name in session.execute(query)]
    if slugs:
        missing = [slug for slug in dict.fromkeys(slugs) if slug not in {s for s, _ in found}]
        if missing:
            raise LookupError(wording.MESSAGES["unknown_region"].format(slugs=", ".join(missing)))
        order = {slug: index for index, slug in enumerate(dict.fromkeys(slugs))}
        found.sort(key=lambda pair: order[pair[0]])
    elif not found:
        raise LookupError(wording.MESSAGES["no_regions"])
    return found


# --- Channel rows: latest (views) or as of one run (Core) --------------------------------

_CHECK_FIELDS: tuple[str, ...] = (
    "run_id",
    "checked_at",
    "reachable",
    "http_status",
    "error_class",
    "error_detail",
    "cms",
    "last_post_at",
    "days_since_last_post",
    "posts_30d",
    "posts_90d",
    "cadence",
    "category",
    "score",
    "evidence",
)


def _latest_channel_rows(session: Session, slug: str) -> list[dict[str, Any]]:
    view = views.v_channel_latest
    result = session.execute(select(view).where(view.c.region_slug == slug))
    return [dict(row._mapping) for row in result]


def _cutoff(run: CrawlRun) -> datetime:
    """When ``run`` ended: its ``finished_at``, or its crawl time when it has none (still
    running, or killed before it could record an end)."""
    if run.finished_at is None:
        return run.crawl_time
    return max(run.finished_at, run.crawl_time)


def _shown_checks(slug: str, run: CrawlRun, cutoff: datetime) -> Any:
    """Per channel of the region, the check a report as of ``run`` shows (``shown == 1``).

    ``run``'s own check of the channel comes first; otherwise the newest check (by crawl
    time, then run id) from a finished run of any spider with a crawl time at or before
    ``cutoff`` (what ``v_channel_latest`` would have shown then): so a report as of a
    social run still shows each website's check, and the other way round. Such an older
    check is only taken while the registry still held the channel (registered, active,
    OPD active) at the cutoff: either it still does, or its row changed after the cutoff
    (``updated_at``), so its state now says nothing about then.
    """
    cc = ChannelCheck
    held_then = and_(
        or_(Channel.updated_at > cutoff, and_(Channel.state == "registered", Channel.active)),
        or_(Opd.updated_at > cutoff, Opd.active),
    )
    earlier = and_(
        CrawlRun.status == "finished",
        CrawlRun.crawl_time <= cutoff,
        held_then,
    )
    preference = func.row_number().over(
        partition_by=cc.channel_id,
        order_by=(
            case((cc.run_id == run.id, 0), else_=1),
            CrawlRun.crawl_time.desc(),
            CrawlRun.id.desc(),
        ),
    )
    return (
        select(
            cc.channel_id.label("channel_id"),
            cc.url.label("checked_url"),
            *(getattr(cc, name).label(name) for name in _CHECK_FIELDS),
            preference.label("shown"),
        )
        .select_from(cc)
        .join(CrawlRun, CrawlRun.id == cc.run_id)
        .join(Channel, Channel.id == cc.channel_id)
        .join(Opd, Opd.id == Channel.opd_id)
        .join(Region, Region.id == Opd.region_id)
        .where(Region.slug == slug, or_(cc.run_id == run.id, earlier))
        .subquery()
    )


def _run_channel_rows(session: Session, slug: str, run: CrawlRun) -> list[dict[str, Any]]:
    """Rows shaped like ``v_channel_latest``, as the state was when ``run`` ended.

    Each channel shows ``run``'s own check of it, or else its newest check from a
    finished run of any spider up to the end of ``run`` (``_shown_checks``): so a
    shard run, or a re-check of one OPD, reads with the rest of the round. The checks
    shown may thus come from different runs (each row's ``run_id``/``checked_at``).

    Channels with a shown check are listed even if retired since; the others are listed
    if they were in the registry by the run's crawl time (OPD created before it) and
    still are. A channel shown with a check counts as registered then, whatever its
    registry state is now, and shows the URL that was checked.
    """
    shown = _shown_checks(slug, run, _cutoff(run))
    query = (
        select(
            Region.slug.label("region_slug"),
            Region.name.label("region_name"),
            Opd.id.label("opd_id"),
            Opd.code.label("opd_code"),
            Opd.name.label("opd_name"),
            Opd.short_name.label("short_name"),
            Opd.kind.label("opd_kind"),
            Channel.id.label("channel_id"),
            Channel.kind.label("channel_kind"),
            Channel.state.label("state"),
            Channel.url.label("url"),
            shown.c.checked_url,
            *(shown.c[name] for name in _CHECK_FIELDS),
        )
        .select_from(Channel)
        .join(Opd, Opd.id == Channel.opd_id)
        .join(Region, Region.id == Opd.region_id)
        .outerjoin(shown, and_(shown.c.channel_id == Channel.id, shown.c.shown == 1))
        .where(Region.slug == slug)
        .where(
            or_(
                shown.c.channel_id.is_not(None),
                and_(Opd.active, Channel.active, Opd.created_at <= run.crawl_time),
            )
        )
    )
    rows: list[dict[str, Any]] = []
    for row in session.execute(query):
        data = dict(row._mapping)
        checked_url = data.pop("checked_url")
        if data["run_id"] is not None:
            data["state"] = "registered"
            data["url"] = checked_url or data["url"]
        rows.append(data)
    return rows


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _check_extras(
    session: Session, pairs: set[tuple[int, int]]
) -> dict[tuple[int, int], dict[str, Any]]:
    """Spam terms, the evidence post (URL, title) and the social columns (route,
    followers, posts_window) of (run_id, channel_id) checks.

    The evidence post is the one the check itself kept (``last_post_url``/``_title``,
    the post its evidence sentence names), never a post looked up by date: another run
    may have found a different post dated the same, or corrected this one's title.
    """
    extras: dict[tuple[int, int], dict[str, Any]] = {}
    channel_ids = sorted({channel_id for _, channel_id in pairs})
    run_ids = sorted({run_id for run_id, _ in pairs})
    if not pairs:
        return extras
    cc = ChannelCheck
    for ids in _chunks(channel_ids):
        checks = session.execute(
            select(
                cc.run_id,
                cc.channel_id,
                cc.spam_terms,
                cc.last_post_url,
                cc.last_post_title,
                cc.route,
                cc.followers,
                cc.posts_window,
            ).where(cc.channel_id.in_(ids), cc.run_id.in_(run_ids))
        )
        for row in checks:
            if (row.run_id, row.channel_id) in pairs:
                url = row.last_post_url
                extras[(row.run_id, row.channel_id)] = {
                    "spam_terms": tuple(row.spam_terms or ()),
                    "evidence_url": url,
                    "evidence_title": row.last_post_title if url is not None else None,
                    "route": row.route,
                    "followers": row.followers,
                    "posts_window": row.posts_window,
                }
    return extras


def _social_account(kind: str, row: dict[str, Any] | None, extra: dict[str, Any]) -> SocialAccount:
    """An OPD's ``kind`` account from its channel row (None: no such channel row)."""
    if row is None:
        return SocialAccount(kind, "unknown")
    state = row["state"]
    if state != "registered" or row.get("run_id") is None:
        return SocialAccount(kind, state, row["url"])
    return SocialAccount(
        kind,
        state,
        row["url"],
        row.get("category"),
        run_id=row["run_id"],
        checked_at=row.get("checked_at"),
        reachable=row.get("reachable"),
        status=row.get("error_class"),
        route=extra.get("route"),
        followers=extra.get("followers"),
        posts_window=extra.get("posts_window"),
        last_post_at=row.get("last_post_at"),
        days_since_last_post=row.get("days_since_last_post"),
        posts_30d=row.get("posts_30d"),
        posts_90d=row.get("posts_90d"),
        cadence=row.get("cadence"),
        score=row.get("score"),
    )


def _opd_rows(
    session: Session, channel_rows: list[dict[str, Any]], kind: str = "website"
) -> list[OpdRow]:
    """One row per OPD: its check of channel ``kind``, its social accounts, and the
    category rule of ``opdcrawl.rules`` (registry state first, then the check)."""
    by_opd: dict[int, dict[str, dict[str, Any]]] = {}
    for row in channel_rows:
        by_opd.setdefault(row["opd_id"], {})[row["channel_kind"]] = row
    wanted = {kind, *SOCIAL_KINDS}
    shown = [row for kinds in by_opd.values() for k, row in kinds.items() if k in wanted]
    pairs = {(row["run_id"], row["channel_id"]) for row in shown if row["run_id"] is not None}
    extras = _check_extras(session, pairs)
    result: list[OpdRow] = []
    for kinds in by_opd.values():
        any_row = next(iter(kinds.values()))
        website = kinds.get(kind, {})
        state = website.get("state") or "unknown"
        category = rules.channel_category(state, website.get("category"))
        checked = state == "registered" and website.get("run_id") is not None
        extra = extras.get((website.get("run_id"), website.get("channel_id")), {})
        check_values = {name: website.get(name) for name in _CHECK_FIELDS if name != "category"}
        if not checked:
            check_values = {}
        socials = {
            social: _social_account(
                social,
                kinds.get(social),
                extras.get((kinds[social]["run_id"], kinds[social]["channel_id"]), {})
                if social in kinds
                else {},
            )
            for social in SOCIAL_KINDS
        }
        result.append(
            OpdRow(
                region_slug=any_row["region_slug"],
                region_name=any_row["region_name"],
                opd_code=any_row["opd_code"],
                opd_name=any_row["opd_name"],
                short_name=any_row["short_name"],
                opd_kind=any_row["opd_kind"],
                website_state=state,
                website_url=website.get("url"),
                channel_kind=kind,
                category=category,
                **check_values,
                evidence_url=extra.get("evidence_url"),
                evidence_title=extra.get("evidence_title"),
                spam_terms=extra.get("spam_terms", ()),
                socials=socials,
            )
        )
    result.sort(key=lambda row: row.opd_code)
    return result


# --- Ranking, changes, trend, ownership ----------------------------------------------------


_LEVEL = {category.value: index for index, category in enumerate(CATEGORY_ORDER)}
_CHANGE_ORDER = {kind: index for index, kind in enumerate(wording.CHANGE_LABELS)}


def _classify(category_before: str | None, category_after: str | None) -> str:
    """naik, turun, baru, hilang or tetap, from the categories before and after."""
    had = category_before in SITE_CATEGORIES
    has = category_after in SITE_CATEGORIES
    if has and not had:
        return "baru"
    if had and not has:
        return "hilang"
    if had and has:
        level_was, level_now = _LEVEL[category_before or ""], _LEVEL[category_after or ""]
        return "naik" if level_now < level_was else "turun" if level_now > level_was else "tetap"
    return "tetap"


def _sorted_changes(changes: list[Change]) -> list[Change]:
    return sorted(changes, key=lambda change: (_CHANGE_ORDER[change.change], change.opd_code))


def compare(before: list[OpdRow], after: list[OpdRow]) -> list[Change]:
    """Each OPD's website in ``after`` against ``before``, in the order naik, turun, baru,
    hilang, tetap (then by code). "Baru"/"hilang" are about having a checked website at
    all; "naik"/"turun" compare category levels (Aktif best, Tidak Dapat Diakses worst).

    Reports do not call this (they compare per channel, see ``channel_changes``); it is
    the same rule for two lists of rows, e.g. two reports.
    """
    old = {row.opd_code: row for row in before}
    new = {row.opd_code: row for row in after}
    changes: list[Change] = []
    for code in sorted(old.keys() | new.keys()):
        was, now = old.get(code), new.get(code)
        named = now or was
        assert named is not None
        changes.append(
            Change(
                opd_code=code,
                opd_name=named.opd_name,
                change=_classify(
                    was.category if was and was.has_site else None,
                    now.category if now and now.has_site else None,
                ),
                category_before=was.category if was else None,
                category_after=now.category if now else None,
                score_before=was.score if was else None,
                score_after=now.score if now else None,
                previous_run_id=was.run_id if was else None,
                run_id=now.run_id if now else None,
            )
        )
    return _sorted_changes(changes)


@dataclass(frozen=True)
class _Check:
    """The parts of one stored website check that a comparison needs."""

    run_id: int
    crawl_time: datetime | None  # None only for an "after" check without checked_at
    category: str | None
    score: int | None


def _kind_checks(kind: str) -> Any:
    """``channel_check`` of ``kind`` channels joined to run, channel, OPD and region."""
    cc = ChannelCheck
    return (
        select(cc.channel_id, cc.run_id, CrawlRun.crawl_time, cc.category, cc.score)
        .select_from(cc)
        .join(CrawlRun, CrawlRun.id == cc.run_id)
        .join(Channel, Channel.id == cc.channel_id)
        .join(Opd, Opd.id == Channel.opd_id)
        .join(Region, Region.id == Opd.region_id)
        .where(Channel.kind == kind)
    )


def _newest_finished_checks(
    session: Session, slug: str, until: datetime | None, kind: str
) -> dict[int, _Check]:
    """Channel id -> its newest check from a finished run (crawl time at or before
    ``until`` when given), for the region's ``kind`` channels, active or not."""
    recency = func.row_number().over(
        partition_by=ChannelCheck.channel_id,
        order_by=(CrawlRun.crawl_time.desc(), CrawlRun.id.desc()),
    )
    query = _kind_checks(kind).add_columns(recency.label("recency"))
    query = query.where(Region.slug == slug, CrawlRun.status == "finished")
    if until is not None:
        query = query.where(CrawlRun.crawl_time <= until)
    ranked = query.subquery()
    rows = session.execute(select(ranked).where(ranked.c.recency == 1))
    return {
        row.channel_id: _Check(row.run_id, row.crawl_time, row.category, row.score) for row in rows
    }


def _checks_before(
    session: Session, slug: str, after: set[tuple[int, int]], kind: str
) -> dict[tuple[int, int], _Check]:
    """For (channel_id, run_id) checks: the same channel's newest check from a finished
    run with an earlier crawl time (a run of the same round never counts, even one
    repeated with the same crawl time)."""
    if not after:
        return {}
    now_cc, now_run = aliased(ChannelCheck), aliased(CrawlRun)
    was_cc, was_run = aliased(ChannelCheck), aliased(CrawlRun)
    recency = func.row_number().over(
        partition_by=(now_cc.channel_id, now_cc.run_id),
        order_by=(was_run.crawl_time.desc(), was_run.id.desc()),
    )
    ranked = (
        select(
            now_cc.channel_id.label("channel_id"),
            now_cc.run_id.label("after_run_id"),
            was_cc.run_id.label("run_id"),
            was_run.crawl_time.label("crawl_time"),
            was_cc.category.label("category"),
            was_cc.score.label("score"),
            recency.label("recency"),
        )
        .select_from(now_cc)
        .join(now_run, now_run.id == now_cc.run_id)
        .join(Channel, Channel.id == now_cc.channel_id)
        .join(Opd, Opd.id == Channel.opd_id)
        .join(Region, Region.id == Opd.region_id)
        .join(was_cc, was_cc.channel_id == now_cc.channel_id)
        .join(
            was_run,
            and_(
                was_run.id == was_cc.run_id,
                was_run.status == "finished",
                was_run.crawl_time < now_run.crawl_time,
            ),
        )
        .where(
            Region.slug == slug,
            Channel.kind == kind,
            now_cc.run_id.in_(sorted({run_id for _, run_id in after})),
        )
        .subquery()
    )
    found: dict[tuple[int, int], _Check] = {}
    for row in session.execute(select(ranked).where(ranked.c.recency == 1)):
        key = (row.channel_id, row.after_run_id)
        if key in after:
            found[key] = _Check(row.run_id, row.crawl_time, row.category, row.score)
    return found


def channel_changes(
    session: Session,
    slug: str,
    opds: list[OpdRow],
    channel_rows: list[dict[str, Any]],
    as_of: CrawlRun | None,
    kind: str = "website",
) -> list[Change]:
    """Each OPD's ``kind`` check (website by default) against that same channel's
    previous check.

    "After" is exactly the check the OPD row shows (latest: ``v_channel_latest``;
    ``--run``: the state when that run ended, see ``_run_channel_rows``). "Before" is
    the channel's newest check from a finished run with an earlier crawl time than the
    "after" check, so shard runs of one round are never compared with each other.

    A website with no check now (registry says none/empty, or not checked) is compared
    with its last check only if that check is no older than the oldest "before" check of
    the region's other websites, i.e. it was in the previous round: it is "hilang" once,
    not in every later report. Empty when no website of the region has a "before" check
    (the first round).
    """
    websites = {row["opd_code"]: row for row in channel_rows if row["channel_kind"] == kind}
    newest = _newest_finished_checks(session, slug, _cutoff(as_of) if as_of else None, kind)
    after = {
        opd.opd_code: _Check(opd.run_id, opd.checked_at, opd.category, opd.score)
        for opd in opds
        if opd.run_id is not None and opd.opd_code in websites
    }
    pairs = {(websites[code]["channel_id"], check.run_id) for code, check in after.items()}
    before_checks = _checks_before(session, slug, pairs, kind)
    before: dict[str, _Check] = {}
    for code, check in after.items():
        found = before_checks.get((websites[code]["channel_id"], check.run_id))
        if found is not None:
            before[code] = found
    if not before:
        return []
    oldest_round = min(c.crawl_time for c in before.values() if c.crawl_time is not None)
    for opd in opds:
        channel = websites.get(opd.opd_code)
        if channel is None or opd.opd_code in after:
            continue
        last = newest.get(channel["channel_id"])
        if last is not None and last.crawl_time is not None and last.crawl_time >= oldest_round:
            before[opd.opd_code] = last
    changes: list[Change] = []
    for opd in opds:
        now, was = after.get(opd.opd_code), before.get(opd.opd_code)
        category_after = now.category if now is not None else opd.category
        # Neither side checked: the registry state (no history of it is kept) both times.
        category_before = (
            was.category if was is not None else (None if now is not None else category_after)
        )
        changes.append(
            Change(
                opd_code=opd.opd_code,
                opd_name=opd.opd_name,
                change=_classify(
                    was.category if was is not None else None,
                    now.category if now is not None else None,
                ),
                category_before=category_before,
                category_after=category_after,
                score_before=was.score if was is not None else None,
                score_after=now.score if now is not None else None,
                previous_run_id=was.run_id if was is not None else None,
                run_id=now.run_id if now is not None else None,
            )
        )
    return _sorted_changes(changes)


def _main_previous_run(session: Session, changes: list[Change]) -> CrawlRun | None:
    """The run most "before" checks came from (the newest one on a tie)."""
    counts = Counter(c.previous_run_id for c in changes if c.previous_run_id is not None)
    if not counts:
        return None
    runs = [session.get(CrawlRun, run_id) for run_id in counts]
    found = [run for run in runs if run is not None]
    return max(found, key=lambda run: (counts[run.id], run.crawl_time, run.id), default=None)


def _trend(session: Session, slug: str, kind: str, until: datetime | None) -> list[TrendMonth]:
    """Per month (WIB): each ``kind`` channel's latest check from a finished run of that
    month (any spider), counted per category, so the shard runs of one round add up."""
    cc, run = ChannelCheck, CrawlRun
    filters = [
        Region.slug == slug,
        Channel.kind == kind,
        run.status == "finished",
    ]
    if until is not None:
        filters.append(run.crawl_time <= until)

    def joined(query: Any) -> Any:
        return (
            query.select_from(cc)
            .join(run, run.id == cc.run_id)
            .join(Channel, Channel.id == cc.channel_id)
            .join(Opd, Opd.id == Channel.opd_id)
            .join(Region, Region.id == Opd.region_id)
            .where(*filters)
        )

    first, last = session.execute(
        joined(select(func.min(run.crawl_time), func.max(run.crawl_time)))
    ).one()
    if first is None or last is None:
        return []
    starts = _month_starts(first, last)
    labels = [f"{start.year:04d}-{start.month:02d}" for start in starts]
    # Month (WIB) of a crawl time, as the label; the bounds are aware datetimes, so the
    # comparison works on SQLite's UTC text and PostgreSQL's timestamptz alike.
    # Labels are "YYYY-MM" literals, not parameters: PostgreSQL must see the same
    # expression in the select list and in PARTITION BY.
    month = case(
        *(
            (run.crawl_time < start, literal_column(f"'{label}'", String))
            for start, label in zip(starts[1:], labels[:-1], strict=True)
        ),
        (run.crawl_time >= starts[-1], literal_column(f"'{labels[-1]}'", String)),
    )
    newest_first = (run.crawl_time.desc(), run.id.desc())
    ranked = joined(
        select(
            month.label("month"),
            cc.channel_id.label("channel_id"),
            cc.run_id.label("run_id"),
            run.crawl_time.label("crawl_time"),
            cc.reachable.label("reachable"),
            cc.category.label("category"),
            func.row_number()
            .over(partition_by=(month, cc.channel_id), order_by=newest_first)
            .label("recency"),
            func.row_number().over(partition_by=month, order_by=newest_first).label("newest"),
        )
    ).subquery()
    counts = [
        func.sum(case((ranked.c.category == category.value, 1), else_=0)).label(category.name)
        for category in _TREND_CATEGORIES
    ]
    query = (
        select(
            ranked.c.month,
            func.max(case((ranked.c.newest == 1, ranked.c.run_id))).label("run_id"),
            func.max(ranked.c.crawl_time).label("crawl_time"),
            func.count().label("checked"),
            func.sum(case((ranked.c.reachable == true(), 1), else_=0)).label("reachable"),
            *counts,
        )
        .where(ranked.c.recency == 1)
        .group_by(ranked.c.month)
        .order_by(ranked.c.month)
    )
    return [
        TrendMonth(
            month=row.month,
            run_id=row.run_id,
            crawl_time=row.crawl_time,
            checked=row.checked or 0,
            reachable=row.reachable or 0,
            counts={
                category.value: getattr(row, category.name) or 0 for category in _TREND_CATEGORIES
            },
        )
        for row in session.execute(query)
    ]


_TREND_CATEGORIES: tuple[Category, ...] = (
    Category.AKTIF,
    Category.KURANG_AKTIF,
    Category.TIDAK_AKTIF,
    Category.TIDAK_DAPAT_DIAKSES,
)


def _month_starts(first: datetime, last: datetime) -> list[datetime]:
    """Starts (WIB) of the months from ``first``'s to ``last``'s, both included."""
    local, end = first.astimezone(JAKARTA), last.astimezone(JAKARTA)
    year, month = local.year, local.month
    starts: list[datetime] = []
    while (year, month) <= (end.year, end.month):
        starts.append(datetime(year, month, 1, tzinfo=JAKARTA))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return starts


def ownership(rows: list[OpdRow]) -> list[ChannelOwnership]:
    total = len(rows)
    lines: list[ChannelOwnership] = []
    for kind in CHANNEL_KINDS:
        states = [
            row.website_state if kind == "website" else row.socials[kind].state for row in rows
        ]
        lines.append(
            ChannelOwnership(
                channel_kind=kind,
                total_opd=total,
                registered=states.count("registered"),
                none=states.count("none"),
                unknown=states.count("unknown"),
                reachable=sum(1 for row in rows if row.reachable) if kind == "website" else None,
            )
        )
    return lines


def _current_run(session: Session, rows: list[OpdRow]) -> CrawlRun | None:
    """Latest mode: the newest run that gave one of the region's website checks."""
    checked = [row for row in rows if row.run_id is not None and row.checked_at is not None]
    if not checked:
        return None
    newest = max(checked, key=lambda row: (row.checked_at, row.run_id))
    return session.get(CrawlRun, newest.run_id)


# --- Public API ----------------------------------------------------------------------------


def load_region_reports(
    session: Session,
    regions: list[str] | None,
    run: str | int = "latest",
    kind: str = "website",
) -> list[RegionReport]:
    """One report per region (all regions in the database when ``regions`` is empty).

    ``run`` is "latest" (the views) or a crawl_run id: the state when that run ended
    (its own checks, and for channels it did not check their newest check from a
    finished run of its spider up to its end; see ``_run_channel_rows``). Raises
    LookupError (Indonesian message) for an unknown region or run, ValueError for a
    ``run`` that is neither. ``kind``: the channel kind reported on (categories, ranking,
    changes and trend of that kind's checks; website by default).
    """
    known = sorted(set(CHANNEL_KINDS) | set(session.scalars(select(Channel.kind).distinct())))
    if kind not in known:
        raise LookupError(
            wording.MESSAGES["unknown_kind"].format(kind=kind, known=", ".join(known))
        )
    as_of = resolve_run(session, run)
    reports: list[RegionReport] = []
    for slug, name in _regions(session, regions):
        if as_of is None:
            channel_rows = _latest_channel_rows(session, slug)
        else:
            channel_rows = _run_channel_rows(session, slug, as_of)
        opds = _opd_rows(session, channel_rows, kind)
        current = as_of if as_of is not None else _current_run(session, opds)
        # One ranking code path in both modes; v_ranking is generated from the same rule.
        ranking = rank_opds(opds)
        changes = channel_changes(session, slug, opds, channel_rows, as_of, kind)
        previous = _main_previous_run(session, changes)
        until = as_of.crawl_time if as_of is not None else None
        reports.append(
            RegionReport(
                region_slug=slug,
                region_name=name,
                run_id=current.id if current is not None else None,
                crawl_time=current.crawl_time if current is not None else None,
                as_of_run=as_of is not None,
                previous_run_id=previous.id if previous is not None else None,
                previous_crawl_time=previous.crawl_time if previous is not None else None,
                opds=opds,
                ranking=ranking,
                changes=changes,
                trend=_trend(session, slug, kind, until),
                ownership=ownership(opds),
                channel_kind=kind,
                social_ranking=rank_social(opds, SOCIAL_KINDS),
                certificates=_certificates(session, slug, opds, kind),
                integrity=load_findings(session, slug, opds, kind),
                ppid=load_ppid(session, slug, _cutoff(as_of) if as_of is not None else None),
                inventory=load_inventory(session, slug),
            )
        )
    return reports


def _certificates(
    session: Session, slug: str, opds: list[OpdRow], kind: str
) -> list[CertificateRow]:
    if kind != "website":
        return []
    shown = {opd.opd_code: opd.run_id for opd in opds if opd.run_id is not None}
    return load_certificates(session, slug, shown)

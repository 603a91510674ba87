"""Writing the registry and crawl results to SQL, idempotently.

Every public function is one transaction: it commits on success and rolls back on any
error, so a crawl killed between two items leaves only whole rows behind. Writes are
``INSERT ... ON CONFLICT DO UPDATE`` on the natural keys, so repeating a write (a
retried item, a second ``db sync``, two Scrapyd nodes) changes nothing the second time.
Works the same on SQLite and PostgreSQL; the dialect picks the ``insert`` construct.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, TypeVar

from sqlalchemy import Select, Table, and_, case, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from opdcrawl import items
from opdcrawl.db.models import (
    RUN_STATUSES,
    URL_LENGTH,
    Channel,
    ChannelCheck,
    CrawlRun,
    Opd,
    Post,
    Region,
)
from opdcrawl.registry import OpdSeed

T = TypeVar("T")


@dataclass
class SyncResult:
    """What ``sync_registry`` changed; all zero when the registry was already in place."""

    regions: int = 0  # regions in the synced registry (new or not)
    regions_added: int = 0
    opds_added: int = 0
    opds_updated: int = 0
    opds_deactivated: int = 0
    channels_added: int = 0
    channels_updated: int = 0
    channels_deactivated: int = 0

    @property
    def changed(self) -> bool:
        return any(
            (
                self.regions_added,
                self.opds_added,
                self.opds_updated,
                self.opds_deactivated,
                self.channels_added,
                self.channels_updated,
                self.channels_deactivated,
            )
        )


def _insert(session: Session, table: Table) -> Insert:
    """The dialect's ``INSERT`` that knows ``ON CONFLICT``."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"opdcrawl supports SQLite and PostgreSQL, not {name}")


def _in_transaction(session: Session, work: Callable[[], T]) -> T:
    try:
        result = work()
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return result


def _fresh(query: Select[Any]) -> Select[Any]:
    """Reload rows even if the session already holds them: the upserts bypass the ORM."""
    return query.execution_options(populate_existing=True)


def _changed(values: Mapping[str, Any], row: Any) -> bool:
    return any(getattr(row, key) != value for key, value in values.items())


# --- Registry --------------------------------------------------------------------------


def sync_registry(
    session: Session,
    opds: list[OpdSeed],
    *,
    now: datetime,
    regions: list[str] | None = None,
    deactivate_missing: bool = True,
) -> SyncResult:
    """Bring region/opd/channel rows in line with the registry for the given regions.

    ``regions`` limits the sync (and the deactivation of missing rows) to those slugs;
    by default it is every region the seeds mention. An OPD or channel in the database
    but not in the registry is marked inactive, never deleted, so its history stays;
    pass ``deactivate_missing=False`` when the registry had bad rows, so a typo in one
    CSV line does not retire an OPD. Rows are only written when something differs, so
    ``updated_at`` means "the registry changed here".
    """
    wanted = list(dict.fromkeys(regions)) if regions else []
    seeds = [opd for opd in opds if not wanted or opd.region_slug in wanted]
    slugs = wanted or list(dict.fromkeys(opd.region_slug for opd in seeds))
    region_names = {opd.region_slug: opd.region_name for opd in seeds}

    def work() -> SyncResult:
        result = SyncResult(regions=len(slugs))
        region_ids = _sync_regions(session, slugs, region_names, now, result)
        seen_opds: dict[int, set[str]] = {region_id: set() for region_id in region_ids.values()}
        for seed in seeds:
            region_id = region_ids[seed.region_slug]
            seen_opds[region_id].add(seed.code)
            opd_id = _sync_opd(session, region_id, seed, now, result)
            _sync_channels(session, opd_id, seed, now, result, deactivate_missing)
        if deactivate_missing:
            _deactivate_missing_opds(session, seen_opds, now, result)
        return result

    return _in_transaction(session, work)


def _sync_regions(
    session: Session,
    slugs: list[str],
    names: dict[str, str],
    now: datetime,
    result: SyncResult,
) -> dict[str, int]:
    """Upsert the regions the seeds name; return slug -> id for those that exist.

    A requested region with no seeds is not created (there is nothing to put in it),
    but if it already exists its OPDs are still checked for deactivation.
    """
    existing = {
        row.slug: row
        for row in session.execute(_fresh(select(Region).where(Region.slug.in_(slugs)))).scalars()
    }
    table = Region.__table__
    for slug, name in names.items():
        row = existing.get(slug)
        if row is not None and row.name == name:
            continue
        if row is None:
            result.regions_added += 1
        stmt = _insert(session, table).values(slug=slug, name=name, created_at=now, updated_at=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.slug],
            set_={"name": stmt.excluded.name, "updated_at": stmt.excluded.updated_at},
            where=table.c.name.is_distinct_from(stmt.excluded.name),
        )
        session.execute(stmt)
    rows = session.execute(select(Region.slug, Region.id).where(Region.slug.in_(slugs)))
    return {slug: region_id for slug, region_id in rows}


def _upsert(
    session: Session,
    table: Table,
    keys: dict[str, Any],
    values: dict[str, Any],
    now: datetime,
) -> int:
    """Insert or update one row on its natural key; update only columns that differ."""
    stmt = _insert(session, table).values(**keys, **values, created_at=now, updated_at=now)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c[key] for key in keys],
        set_={**{key: stmt.excluded[key] for key in values}, "updated_at": now},
        where=or_(*(table.c[key].is_distinct_from(stmt.excluded[key]) for key in values)),
    )
    session.execute(stmt)
    query = select(table.c.id).where(and_(*(table.c[key] == value for key, value in keys.items())))
    return int(session.execute(query).scalar_one())


def _sync_opd(
    session: Session, region_id: int, seed: OpdSeed, now: datetime, result: SyncResult
) -> int:
    values = {
        "name": seed.name,
        "short_name": seed.short_name,
        "kind": seed.kind,
        "notes": seed.notes,
        "active": True,
    }
    row = session.execute(
        _fresh(select(Opd).where(Opd.region_id == region_id, Opd.code == seed.code))
    ).scalar_one_or_none()
    if row is not None and not _changed(values, row):
        return row.id
    if row is None:
        result.opds_added += 1
    else:
        result.opds_updated += 1
    opd_id = _upsert(
        session, Opd.__table__, {"region_id": region_id, "code": seed.code}, values, now
    )
    return opd_id


def _sync_channels(
    session: Session,
    opd_id: int,
    seed: OpdSeed,
    now: datetime,
    result: SyncResult,
    deactivate_missing: bool,
) -> None:
    existing = {
        row.kind: row
        for row in session.execute(
            _fresh(select(Channel).where(Channel.opd_id == opd_id))
        ).scalars()
    }
    for kind, entry in seed.channels.items():
        values = {"state": str(entry.state.value), "url": entry.url, "active": True}
        row = existing.get(kind)
        if row is not None and not _changed(values, row):
            continue
        if row is None:
            result.channels_added += 1
        else:
            result.channels_updated += 1
        _upsert(session, Channel.__table__, {"opd_id": opd_id, "kind": kind}, values, now)
    if not deactivate_missing:
        return
    gone = [row.id for kind, row in existing.items() if kind not in seed.channels and row.active]
    if gone:
        result.channels_deactivated += len(gone)
        session.execute(
            update(Channel).where(Channel.id.in_(gone)).values(active=False, updated_at=now)
        )


def _deactivate_missing_opds(
    session: Session, seen: dict[int, set[str]], now: datetime, result: SyncResult
) -> None:
    for region_id, codes in seen.items():
        gone = [
            opd_id
            for opd_id, code in session.execute(
                select(Opd.id, Opd.code).where(Opd.region_id == region_id, Opd.active)
            )
            if code not in codes
        ]
        if not gone:
            continue
        result.opds_deactivated += len(gone)
        session.execute(update(Opd).where(Opd.id.in_(gone)).values(active=False, updated_at=now))
        channels = session.execute(
            update(Channel)
            .where(Channel.opd_id.in_(gone), Channel.active)
            .values(active=False, updated_at=now)
        )
        result.channels_deactivated += channels.rowcount or 0


# --- Runs ------------------------------------------------------------------------------


def _regions_text(regions: Iterable[str]) -> str:
    """Canonical form, so runs over the same regions compare equal; "" means all."""
    return ",".join(sorted({slug.strip() for slug in regions if slug.strip()}))


def start_run(
    session: Session, *, spider: str, regions: list[str], crawl_time: datetime, version: str
) -> int:
    """Open a crawl run (status "running") and return its id.

    The run is committed at once so that, if the crawl is killed, it stays visible as
    an unfinished run beside the checks it managed to write.
    """

    def work() -> int:
        run = CrawlRun(
            spider=spider,
            regions=_regions_text(regions),
            started_at=crawl_time,
            status="running",
            crawl_time=crawl_time,
            opdcrawl_version=version,
        )
        session.add(run)
        session.flush()
        return run.id

    return _in_transaction(session, work)


def json_safe(value: Any) -> Any:
    """Scrapy stats as JSON: datetimes as ISO text, odd objects as their ``str``."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(item) for item in value]
    return str(value)


def finish_run(
    session: Session,
    run_id: int,
    *,
    status: str,
    stats: dict[str, Any],
    finished_at: datetime,
) -> None:
    """Close a run with its final status and Scrapy's stats."""
    if status not in RUN_STATUSES:
        raise ValueError(f"unknown run status {status!r}; expected one of {RUN_STATUSES}")

    def work() -> None:
        run = session.get(CrawlRun, run_id)
        if run is None:
            raise LookupError(f"crawl_run {run_id} tidak ditemukan")
        run.status = status
        run.stats = json_safe(stats)
        run.finished_at = finished_at

    _in_transaction(session, work)


def latest_run(
    session: Session, spider: str | None = None, *, finished_only: bool = False
) -> CrawlRun | None:
    """The most recently started run, of one spider if given."""
    query = select(CrawlRun)
    if spider is not None:
        query = query.where(CrawlRun.spider == spider)
    if finished_only:
        query = query.where(CrawlRun.status == "finished")
    query = query.order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(1)
    return session.execute(query).scalar_one_or_none()


def previous_run(
    session: Session, run_id: int, *, finished_only: bool = False, same_regions: bool = True
) -> CrawlRun | None:
    """The run of the same spider started just before ``run_id``, for trends.

    By default it must have covered the same regions, so a one-region test crawl is not
    compared with the monthly crawl of the whole province.
    """
    run = session.get(CrawlRun, run_id)
    if run is None:
        return None
    query = select(CrawlRun).where(
        CrawlRun.spider == run.spider,
        CrawlRun.id != run.id,
        or_(
            CrawlRun.started_at < run.started_at,
            and_(CrawlRun.started_at == run.started_at, CrawlRun.id < run.id),
        ),
    )
    if same_regions:
        query = query.where(CrawlRun.regions == run.regions)
    if finished_only:
        query = query.where(CrawlRun.status == "finished")
    query = query.order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(1)
    return session.execute(query).scalar_one_or_none()


# --- Checks and posts ------------------------------------------------------------------


def find_channel_id(session: Session, region: str, opd_code: str, kind: str) -> int:
    """The channel row for (region slug, OPD code, channel kind), or ``LookupError``."""
    channel_id = session.execute(
        select(Channel.id)
        .join(Opd, Opd.id == Channel.opd_id)
        .join(Region, Region.id == Opd.region_id)
        .where(Region.slug == region, Opd.code == opd_code, Channel.kind == kind)
    ).scalar_one_or_none()
    if channel_id is None:
        raise LookupError(
            f"kanal {kind!r} untuk OPD {opd_code!r} di wilayah {region!r} tidak ada di "
            "basis data; jalankan 'opdcrawl db sync' dulu"
        )
    return int(channel_id)


def _days_between(earlier: datetime | None, later: datetime) -> int | None:
    if earlier is None:
        return None
    return (later - earlier).days


def record_check(session: Session, run_id: int, check: items.ChannelCheck) -> int:
    """Write one channel's check and its posts for a run; return the check's id.

    Writing the same check again replaces it (a retried item) rather than adding a row.
    Posts are kept per (channel, URL): ``first_seen_at`` never moves, ``last_seen_at``
    follows the newest check, and a title or date found later fills in or corrects what
    was stored. Posts without a URL, or with one too long to index, are skipped.
    """

    def work() -> int:
        channel_id = find_channel_id(session, check.region, check.opd_code, check.channel)
        check_id = _upsert_check(session, run_id, channel_id, check)
        _upsert_posts(session, channel_id, check.posts, check.checked_at)
        return check_id

    return _in_transaction(session, work)


def _upsert_check(session: Session, run_id: int, channel_id: int, check: items.ChannelCheck) -> int:
    values: dict[str, Any] = {
        "checked_at": check.checked_at,
        "url": check.url,
        "reachable": check.reachable,
        "final_url": check.final_url,
        "redirect_chain": list(check.redirect_chain),
        "http_status": check.http_status,
        "response_ms": check.response_ms,
        "error_class": check.error_class,
        "error_detail": check.error_detail,
        "robots_blocked": check.robots_blocked,
        "rendered_with_browser": check.rendered_with_browser,
        "cms": check.cms,
        "requests": check.requests,
        "sources_tried": list(check.sources_tried),
        "notes": list(check.notes),
        "spam_terms": list(check.spam_terms),
        "last_post_at": check.last_post_at,
        "days_since_last_post": _days_between(check.last_post_at, check.checked_at),
        "posts_30d": check.posts_30d,
        "posts_90d": check.posts_90d,
        "posts_365d": check.posts_365d,
        "posts_per_week": check.posts_per_week,
        "cadence": None if check.cadence is None else str(check.cadence),
        "category": None if check.category is None else str(check.category),
        "score": check.score,
        "evidence": check.evidence,
    }
    table = ChannelCheck.__table__
    stmt = _insert(session, table).values(run_id=run_id, channel_id=channel_id, **values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.run_id, table.c.channel_id],
        set_={key: stmt.excluded[key] for key in values},
    )
    session.execute(stmt)
    return int(
        session.execute(
            select(table.c.id).where(table.c.run_id == run_id, table.c.channel_id == channel_id)
        ).scalar_one()
    )


def _unique_posts(posts: Iterable[items.Post]) -> list[items.Post]:
    """One post per URL (PostgreSQL refuses to upsert a key twice in one statement).

    A dated copy beats an undated one; otherwise the first seen wins.
    """
    chosen: dict[str, items.Post] = {}
    for post in posts:
        url = (post.url or "").strip()
        if not url or len(url) > URL_LENGTH:
            continue
        current = chosen.get(url)
        if current is None or (current.published_at is None and post.published_at is not None):
            chosen[url] = post
    return list(chosen.values())


def _upsert_posts(
    session: Session, channel_id: int, posts: Iterable[items.Post], seen_at: datetime
) -> None:
    rows = [
        {
            "channel_id": channel_id,
            "url": post.url.strip(),
            "title": post.title,
            "published_at": post.published_at,
            "raw_date": post.raw_date,
            "source": post.source or "",
            "evidence_url": post.evidence_url or "",
            "first_seen_at": seen_at,
            "last_seen_at": seen_at,
        }
        for post in _unique_posts(posts)
    ]
    if not rows:
        return
    table = Post.__table__
    stmt = _insert(session, table)
    new = stmt.excluded
    dated = new.published_at.is_not(None)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.channel_id, table.c.url],
        set_={
            "title": case((new.title.is_not(None), new.title), else_=table.c.title),
            # The date and its evidence travel together.
            "published_at": case((dated, new.published_at), else_=table.c.published_at),
            "raw_date": case((dated, new.raw_date), else_=table.c.raw_date),
            "source": case((dated, new.source), else_=table.c.source),
            "evidence_url": case((dated, new.evidence_url), else_=table.c.evidence_url),
            # Order-independent, so replaying an old run cannot move these backwards.
            "first_seen_at": case(
                (new.first_seen_at < table.c.first_seen_at, new.first_seen_at),
                else_=table.c.first_seen_at,
            ),
            "last_seen_at": case(
                (new.last_seen_at > table.c.last_seen_at, new.last_seen_at),
                else_=table.c.last_seen_at,
            ),
        },
    )
    session.execute(stmt, rows)

"""Writing the registry and crawl results to SQL, idempotently.

Every public function is one transaction: it commits on success and rolls back on any
error, so a crawl killed between two items leaves only whole rows behind. Writes are
``INSERT ... ON CONFLICT DO UPDATE`` on the natural keys, so repeating a write (a
retried item, a second ``db sync``, two Scrapyd nodes) changes nothing the second time.
Works the same on SQLite and PostgreSQL; the dialect picks the ``insert`` construct.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Select, Table, and_, case, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from opdcrawl import items
from opdcrawl.db.models import (
    RUN_STATUSES,
    URL_LENGTH,
    Certificate,
    Channel,
    ChannelCheck,
    CrawlRun,
    IntegrityFinding,
    Opd,
    Post,
    Region,
)
from opdcrawl.db.views import v_channel_latest
from opdcrawl.manual import MANUAL_SPIDER
from opdcrawl.registry import NAMED_ONLY_REGIONS, OpdSeed

if TYPE_CHECKING:
    from opdcrawl.certificates import CertificateReport

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


_STATEMENTS: dict[tuple[Any, ...], Insert] = {}


def _statement(session: Session, key: tuple[Any, ...], build: Callable[[], Insert]) -> Insert:
    """A write statement built once per dialect and shape, then executed with parameters.

    Building an upsert per check (its ``excluded`` columns, its cache key) was a tenth of
    the writer's time on a national crawl (``benchmarks/bench_national.py``).
    """
    full_key = (session.get_bind().dialect.name, *key)
    stmt = _STATEMENTS.get(full_key)
    if stmt is None:
        stmt = _STATEMENTS[full_key] = build()
    return stmt


def _upsert(
    session: Session, table: Table, conflict: Sequence[str], columns: Iterable[str]
) -> Insert:
    """``INSERT … ON CONFLICT (conflict) DO UPDATE`` of ``columns`` from the new row."""
    updated = tuple(columns)

    def build() -> Insert:
        stmt = _insert(session, table)
        return stmt.on_conflict_do_update(
            index_elements=[table.c[name] for name in conflict],
            set_={name: stmt.excluded[name] for name in updated},
        )

    return _statement(session, ("upsert", table.name, tuple(conflict), updated), build)


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

# The registry sync is set-based: per region it reads the OPD and channel rows in two
# queries, works out in Python what differs, and writes with one multi-row upsert per
# table plus one UPDATE per batch of deactivated ids. Its statement count grows with
# the number of regions, not of OPDs (tests/test_db.py checks that).

_IN_CHUNK = 500  # ids per IN (...) list, well under SQLite's bound-parameter limit
_OPD_VALUES: tuple[str, ...] = ("name", "short_name", "kind", "notes", "active")
_CHANNEL_VALUES: tuple[str, ...] = ("state", "url", "active")


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
        by_region: dict[int, list[OpdSeed]] = {region_id: [] for region_id in region_ids.values()}
        for seed in seeds:
            by_region[region_ids[seed.region_slug]].append(seed)
        for region_id, region_seeds in by_region.items():
            _sync_region(session, region_id, region_seeds, now, result, deactivate_missing)
        _refresh_held(session)
        return result

    return _in_transaction(session, work)


def _chunks(values: list[T], size: int = _IN_CHUNK) -> Iterable[list[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


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
    existing: dict[str, str] = {}
    for chunk in _chunks(slugs):
        query = select(Region.slug, Region.name).where(Region.slug.in_(chunk))
        existing.update((slug, name) for slug, name in session.execute(query))
    rows = [
        {"slug": slug, "name": name, "created_at": now, "updated_at": now}
        for slug, name in names.items()
        if existing.get(slug) != name
    ]
    result.regions_added += sum(1 for row in rows if row["slug"] not in existing)
    if rows:
        table = Region.__table__
        stmt = _insert(session, table)
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.slug],
            set_={"name": stmt.excluded.name, "updated_at": stmt.excluded.updated_at},
            where=table.c.name.is_distinct_from(stmt.excluded.name),
        )
        session.execute(stmt, rows)
    ids: dict[str, int] = {}
    for chunk in _chunks(slugs):
        query = select(Region.slug, Region.id).where(Region.slug.in_(chunk))
        ids.update((slug, region_id) for slug, region_id in session.execute(query))
    return {slug: ids[slug] for slug in slugs if slug in ids}


def _upsert_many(
    session: Session, table: Table, keys: tuple[str, ...], rows: list[dict[str, Any]], now: datetime
) -> dict[tuple[Any, ...], int]:
    """Insert or update many rows on their natural key; update only rows that differ.

    Returns natural key -> id for the rows written. One executemany that SQLAlchemy
    sends as multi-row ``VALUES`` batches; the ``RETURNING`` is what makes it batch
    (without it, 2.1 sends ``ON CONFLICT DO UPDATE`` one row per round trip). The
    ``ON CONFLICT`` keeps a concurrent sync of the same registry from failing.
    """
    if not rows:
        return {}
    values = [key for key in rows[0] if key not in keys and key not in ("created_at", "updated_at")]
    stmt = _insert(session, table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c[key] for key in keys],
        set_={**{key: stmt.excluded[key] for key in values}, "updated_at": now},
        where=or_(*(table.c[key].is_distinct_from(stmt.excluded[key]) for key in values)),
    ).returning(table.c.id, *(table.c[key] for key in keys))
    return {tuple(row[1:]): row[0] for row in session.execute(stmt, rows)}


def _deactivate(
    session: Session, model: type[Opd] | type[Channel], ids: list[int], now: datetime
) -> None:
    for chunk in _chunks(sorted(ids)):
        session.execute(
            update(model)
            .where(model.id.in_(chunk))
            .values(active=False, updated_at=now)
            .execution_options(synchronize_session=False)
        )


def _differs(values: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
    return any(row[key] != value for key, value in values.items())


def _sync_region(
    session: Session,
    region_id: int,
    seeds: list[OpdSeed],
    now: datetime,
    result: SyncResult,
    deactivate_missing: bool,
) -> None:
    """Sync one region's OPDs and channels: two reads, then bulk writes.

    The seeds are applied one by one to an in-memory copy of the rows, so the counts
    and the final rows are what the row-by-row sync gave, duplicates included.
    """
    # code -> {"id", *_OPD_VALUES}; an OPD new in this sync has no "id" yet
    opds: dict[str, dict[str, Any]] = {
        row.code: row._asdict()
        for row in session.execute(
            select(Opd.id, Opd.code, *(Opd.__table__.c[key] for key in _OPD_VALUES)).where(
                Opd.region_id == region_id
            )
        )
    }
    # code -> kind -> {"id", *_CHANNEL_VALUES}
    channels: dict[str, dict[str, dict[str, Any]]] = {code: {} for code in opds}
    if opds:
        query = (
            select(
                Opd.code,
                Channel.id,
                Channel.kind,
                *(Channel.__table__.c[key] for key in _CHANNEL_VALUES),
            )
            .join(Opd, Opd.id == Channel.opd_id)
            .where(Opd.region_id == region_id)
        )
        for row in session.execute(query):
            channel = row._asdict()
            channels[channel.pop("code")][row.kind] = channel

    opd_writes: dict[str, dict[str, Any]] = {}
    channel_writes: dict[tuple[str, str], dict[str, Any]] = {}
    channels_gone: set[int] = set()
    seen: set[str] = set()
    for seed in seeds:
        seen.add(seed.code)
        values: dict[str, Any] = {
            "name": seed.name,
            "short_name": seed.short_name,
            "kind": seed.kind,
            "notes": seed.notes,
            "active": True,
        }
        current = opds.get(seed.code)
        if current is None:
            result.opds_added += 1
            opds[seed.code] = dict(values)
            opd_writes[seed.code] = values
        elif _differs(values, current):
            result.opds_updated += 1
            current.update(values)
            opd_writes[seed.code] = values
        held = channels.setdefault(seed.code, {})
        for kind, entry in seed.channels.items():
            if entry.problem:
                continue  # an unreadable cell: the channel keeps what the database holds
            values = {"state": str(entry.state.value), "url": entry.url, "active": True}
            row = held.get(kind)
            if row is None:
                result.channels_added += 1
                held[kind] = dict(values)
            elif _differs(values, row):
                result.channels_updated += 1
                row.update(values)
                channels_gone.discard(row.get("id", 0))
            else:
                continue
            channel_writes[seed.code, kind] = values
        if not deactivate_missing:
            continue
        for kind, row in held.items():
            if kind in seed.channels or not row["active"]:
                continue
            result.channels_deactivated += 1
            row["active"] = False
            pending = channel_writes.get((seed.code, kind))
            if pending is not None:
                pending["active"] = False
            else:
                channels_gone.add(row["id"])

    opds_gone: list[int] = []
    if deactivate_missing:
        for code, row in opds.items():
            if code in seen or not row["active"]:
                continue
            opds_gone.append(row["id"])
            gone = [channel["id"] for channel in channels[code].values() if channel["active"]]
            result.channels_deactivated += len(gone)
            channels_gone.update(gone)
        result.opds_deactivated += len(opds_gone)

    written = _upsert_many(
        session,
        Opd.__table__,
        ("region_id", "code"),
        [
            {"region_id": region_id, "code": code, **values, "created_at": now, "updated_at": now}
            for code, values in opd_writes.items()
        ],
        now,
    )
    for (_, code), opd_id in written.items():
        opds[code]["id"] = opd_id
    if any("id" not in opds[code] for code in opd_writes):  # a concurrent sync wrote it
        ids = session.execute(select(Opd.code, Opd.id).where(Opd.region_id == region_id))
        for code, opd_id in ids:
            if code in opds:
                opds[code]["id"] = opd_id
    _upsert_many(
        session,
        Channel.__table__,
        ("opd_id", "kind"),
        [
            {
                "opd_id": opds[code]["id"],
                "kind": kind,
                **values,
                "created_at": now,
                "updated_at": now,
            }
            for (code, kind), values in channel_writes.items()
        ],
        now,
    )
    _deactivate(session, Opd, opds_gone, now)
    _deactivate(session, Channel, list(channels_gone), now)


def _refresh_held(session: Session) -> None:
    """Reload registry objects the session already holds, as the writes bypass the ORM.

    Sessions keep objects readable after commit (``expire_on_commit=False``), so a
    report holding an ``Opd`` would otherwise keep showing what was there before.
    Usually nothing is held and this sends no query.
    """
    held: dict[type[Any], list[int]] = {Region: [], Opd: [], Channel: []}
    for key in list(session.identity_map.keys()):
        model, identity = key[0], key[1]
        if model in held:
            held[model].append(identity[0])
    for model, ids in held.items():
        for chunk in _chunks(ids):
            session.execute(_fresh(select(model).where(model.id.in_(chunk)))).scalars().all()


# --- Runs ------------------------------------------------------------------------------


def _regions_text(regions: Iterable[str]) -> str:
    """Canonical form, so runs over the same regions compare equal; "" means all."""
    return ",".join(sorted({slug.strip() for slug in regions if slug.strip()}))


def start_run(
    session: Session,
    *,
    spider: str,
    regions: list[str],
    crawl_time: datetime,
    version: str,
    pid: int | None = None,
    hostname: str | None = None,
) -> int:
    """Open a crawl run (status "running") and return its id.

    The run is committed at once so that, if the crawl is killed, it stays visible as
    an unfinished run beside the checks it managed to write. ``pid`` and ``hostname``
    (migration 0007) tell later whether its process is gone (``opdcrawl.db.runs``).
    """

    def work() -> int:
        run = CrawlRun(
            spider=spider,
            regions=_regions_text(regions),
            started_at=crawl_time,
            status="running",
            crawl_time=crawl_time,
            opdcrawl_version=version,
            pid=pid,
            hostname=hostname,
        )
        session.add(run)
        session.flush()
        return run.id

    return _in_transaction(session, work)


def resume_run(
    session: Session,
    run_id: int,
    *,
    spider: str,
    pid: int | None = None,
    hostname: str | None = None,
) -> CrawlRun | None:
    """Reopen a run stopped part-way (a crawl resumed from its ``JOBDIR``): status
    "running" again, not finished, its earlier stats kept under ``parts``, owned by this
    process now (``pid``, ``hostname``: the stale-run check must not close it). None when
    the run is not in this database, belongs to another spider, or already finished."""

    def work() -> CrawlRun | None:
        run = session.get(CrawlRun, run_id)
        if run is None or run.spider != spider or run.status == "finished":
            return None
        earlier = dict(run.stats or {})
        parts = list(earlier.pop("parts", []))
        if earlier:
            parts.append(earlier)
        run.stats = {"parts": parts}
        run.status = "running"
        run.end_reason = None
        run.finished_at = None
        run.pid = pid
        run.hostname = hostname
        return run

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
    end_reason: str | None = None,
) -> None:
    """Close a run with its final status, why it ended (``opdcrawl.run_end.EndReason``)
    and Scrapy's stats."""
    if status not in RUN_STATUSES:
        raise ValueError(f"unknown run status {status!r}; expected one of {RUN_STATUSES}")

    def work() -> None:
        run = session.get(CrawlRun, run_id)
        if run is None:
            raise LookupError(f"crawl_run {run_id} tidak ditemukan")
        earlier_parts = (run.stats or {}).get("parts")  # a resumed run's earlier parts
        run.status = status
        run.end_reason = end_reason
        run.stats = json_safe(stats)
        if earlier_parts:
            run.stats = {**run.stats, "parts": earlier_parts}
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


def platform_ids(session: Session, regions: Iterable[str]) -> dict[str, str]:
    """Channel URL -> cached platform id (YouTube UC…) for the given regions."""
    wanted = list(regions)
    if not wanted:
        return {}
    rows = session.execute(
        select(Channel.url, Channel.platform_id)
        .join(Opd, Opd.id == Channel.opd_id)
        .join(Region, Region.id == Opd.region_id)
        .where(Region.slug.in_(wanted), Channel.platform_id.is_not(None))
    ).all()
    return {str(url): str(platform_id) for url, platform_id in rows if url}


def channel_ids(session: Session, regions: Iterable[str]) -> dict[tuple[str, str, str], int]:
    """(region slug, OPD code, channel kind) -> channel id for the given regions, in one
    query, so a run's writers need not look each channel up again."""
    wanted = list(regions)
    if not wanted:
        return {}
    rows = session.execute(
        select(Region.slug, Opd.code, Channel.kind, Channel.id)
        .join(Opd, Opd.id == Channel.opd_id)
        .join(Region, Region.id == Opd.region_id)
        .where(Region.slug.in_(wanted))
    ).all()
    return {(slug, code, kind): int(channel_id) for slug, code, kind, channel_id in rows}


def record_check(
    session: Session, run_id: int, check: items.ChannelCheck, *, channel_id: int | None = None
) -> int:
    """Write one channel's check and its posts for a run; return the check's id.

    Writing the same check again replaces it (a retried item) rather than adding a row.
    Posts are kept per (channel, URL): ``first_seen_at`` never moves, ``last_seen_at``
    follows the newest check, and a title or date found later fills in or corrects what
    was stored. Posts without a URL, or with one too long to index, are skipped. The
    check keeps the URL and title of its evidence post (``evidence_post``) itself.
    ``channel_id``: the channel's id when the caller knows it (``channel_ids``).
    """

    def work() -> int:
        known = channel_id or find_channel_id(session, check.region, check.opd_code, check.channel)
        check_id = _upsert_check(session, run_id, known, check)
        _replace_findings(session, check_id, check.integrity)
        if check.platform_id:
            session.execute(
                update(Channel).where(Channel.id == known).values(platform_id=check.platform_id)
            )
        _upsert_posts(session, known, check.posts, check.checked_at)
        if check.certificate is not None:
            _upsert_certificate(session, check_id, check.certificate)
        return check_id

    return _in_transaction(session, work)


def _upsert_certificate(session: Session, check_id: int, report: CertificateReport) -> None:
    """The check's certificate row (``opdcrawl.certificates``); a rewritten check replaces it."""
    values: dict[str, Any] = {
        "host": report.host,
        "port": report.port,
        "subject": report.subject,
        "issuer": report.issuer,
        "not_before": report.not_before,
        "not_after": report.not_after,
        "days_left": report.days_left,
        "valid_for_host": report.valid_for_host,
        "self_signed": report.self_signed,
        "expired": report.expired,
        "chain_complete": report.chain_complete,
        "trusted": report.trusted,
        "chain_length": report.chain_length,
        "fingerprint_sha256": report.fingerprint_sha256,
        "problem": None if report.problem is None else str(report.problem),
    }
    stmt = _upsert(session, Certificate.__table__, ("check_id",), values)
    session.execute(stmt, {"check_id": check_id, **values})


def evidence_post(posts: Iterable[items.Post], last_post_at: datetime | None) -> items.Post | None:
    """The post that gave ``last_post_at``: the first one dated at exactly that instant.

    One rule for both ends: the freshness pipeline names this post in the evidence
    sentence and ``record_check`` keeps its URL and title on the check, so a report's
    evidence link, title, date and sentence are about one post, the one this check found
    (not another post of the channel that merely has the same date).
    """
    if last_post_at is None:
        return None
    return next((post for post in posts if post.published_at == last_post_at), None)


def _upsert_check(session: Session, run_id: int, channel_id: int, check: items.ChannelCheck) -> int:
    shown = evidence_post(check.posts, check.last_post_at)
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
        # As the post table keys it (stripped), so the link finds that row.
        "last_post_url": ((shown.url or "").strip() or None) if shown is not None else None,
        "last_post_title": shown.title if shown is not None else None,
        "route": check.route,
        "followers": check.followers,
        "posts_window": check.posts_window,
    }
    table = ChannelCheck.__table__
    stmt = _upsert(session, table, ("run_id", "channel_id"), values)
    session.execute(stmt, {"run_id": run_id, "channel_id": channel_id, **values})
    return int(
        session.execute(
            select(table.c.id).where(table.c.run_id == run_id, table.c.channel_id == channel_id)
        ).scalar_one()
    )


def _replace_findings(
    session: Session, check_id: int, findings: Sequence[items.IntegrityFinding]
) -> None:
    """The check's integrity findings, replacing those a previous write of it left."""
    table = IntegrityFinding.__table__
    session.execute(table.delete().where(table.c.check_id == check_id))
    rows = [
        {
            "check_id": check_id,
            "signal": finding.signal,
            "url": finding.url,
            "snippet": finding.snippet or "",
            "other_snippet": finding.other_snippet,
            "detail": finding.detail,
        }
        for finding in findings
    ]
    if rows:
        session.execute(table.insert(), rows)


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
    session.execute(_statement(session, ("posts",), lambda: _post_upsert(session)), rows)


def _post_upsert(session: Session) -> Insert:
    """Posts kept per (channel, URL): a later title or dated reading fills in or corrects."""
    table = Post.__table__
    stmt = _insert(session, table)
    new = stmt.excluded
    dated = new.published_at.is_not(None)
    return stmt.on_conflict_do_update(
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


# --- Manual records (opdcrawl.manual) ----------------------------------------------------


def registry_channels(session: Session) -> list[dict[str, Any]]:
    """Every active channel of every active OPD with its region and OPD, in one query:
    what a manual record is checked against (``opdcrawl.manual.Catalog``)."""
    rows = session.execute(
        select(
            Channel.id.label("channel_id"),
            Region.slug.label("region_slug"),
            Region.name.label("region_name"),
            Opd.code.label("opd_code"),
            Opd.name.label("opd_name"),
            Channel.kind.label("kind"),
            Channel.state.label("state"),
            Channel.url.label("url"),
        )
        .join(Opd, Opd.id == Channel.opd_id)
        .join(Region, Region.id == Opd.region_id)
        .where(Opd.active, Channel.active)
        .order_by(Region.slug, Opd.code, Channel.kind)
    )
    return [row._asdict() for row in rows]


def record_manual_run(
    session: Session,
    checks: Sequence[tuple[int, items.ChannelCheck]],
    *,
    crawl_time: datetime,
    version: str,
    stats: Mapping[str, Any] | None = None,
) -> int:
    """Store manual records, (channel id, check) pairs, as one run; return its id.

    One transaction: a run of spider ``manual`` that is finished at once (started and
    finished at ``crawl_time``, when the records were made), every check and its
    synthetic post, or nothing. The views then take these checks like any finished
    crawl's, and a later check of another run supersedes them.
    """
    if not checks:
        raise ValueError("record_manual_run: tidak ada catatan untuk disimpan")

    def work() -> int:
        run = CrawlRun(
            spider=MANUAL_SPIDER,
            regions=_regions_text(check.region for _, check in checks),
            started_at=crawl_time,
            finished_at=crawl_time,
            status="finished",
            crawl_time=crawl_time,
            stats=json_safe(dict(stats or {})),
            opdcrawl_version=version,
        )
        session.add(run)
        session.flush()
        for channel_id, check in checks:
            _upsert_check(session, run.id, channel_id, check)
            _upsert_posts(session, channel_id, check.posts, check.checked_at)
        return int(run.id)

    return _in_transaction(session, work)


def manual_checks_in_effect(
    session: Session, regions: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    """Channels whose latest check (as ``v_channel_latest`` picks it) is a manual record.

    One dict per channel with the view's columns an operator needs and the check's
    ``notes``; records superseded by a newer check are not listed. Without ``regions``,
    every region but those "all regions" leaves out (the demo).
    """
    view = v_channel_latest
    query = (
        select(
            view.c.region_slug,
            view.c.opd_code,
            view.c.opd_name,
            view.c.channel_kind,
            view.c.url,
            view.c.run_id,
            view.c.checked_at,
            view.c.last_post_at,
            view.c.days_since_last_post,
            view.c.posts_90d,
            view.c.cadence,
            view.c.category,
            view.c.score,
            ChannelCheck.notes,
        )
        .join(CrawlRun, CrawlRun.id == view.c.run_id)
        .join(
            ChannelCheck,
            and_(
                ChannelCheck.run_id == view.c.run_id,
                ChannelCheck.channel_id == view.c.channel_id,
            ),
        )
        .where(CrawlRun.spider == MANUAL_SPIDER)
        .order_by(view.c.region_slug, view.c.opd_code, view.c.channel_kind)
    )
    wanted = list(regions or [])
    if wanted:
        query = query.where(view.c.region_slug.in_(wanted))
    else:
        query = query.where(view.c.region_slug.not_in(sorted(NAMED_ONLY_REGIONS)))
    return [row._asdict() for row in session.execute(query)]

"""The runs as an operator sees them: listing, closing runs a hard kill left open, and
setting aside the checks of a crawler-side outage.

A run's row is opened and closed by the run recorder (``opdcrawl.run_recorder``). A
process killed hard (SIGKILL, a second Ctrl-C, a machine switched off) never closes it,
so it stays "running" for ever. Such a run is *stale* when

* it ran on this host and its process is gone (``pid`` and ``hostname``, migration
  0006; a pid reused by a newer process is told apart by its start time), or
* it started more than ``max_age`` ago (runs of other hosts, and rows from before 0007):
  no crawl takes that long.

Stale runs are closed as ``killed`` with reason ``stale`` by ``opdcrawl runs
--close-stale`` and at the start of every run; their committed checks stay whole.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from opdcrawl.db.models import ChannelCheck, CrawlRun
from opdcrawl.reachability import ErrorClass
from opdcrawl.run_end import EndReason


def this_host() -> str:
    return socket.gethostname()


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` exists on this host.

    A pid reused by a later process keeps the run "running" until that process ends:
    Linux hands out millions of pids before reusing one, so that is rare and harmless."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by someone else
    return True


def is_stale(
    run: CrawlRun,
    *,
    now: datetime,
    max_age: timedelta,
    host: str,
    alive: Callable[[int], bool] = process_alive,
) -> bool:
    if run.status != "running":
        return False
    if run.pid is not None and run.hostname == host:
        return not alive(run.pid)
    return now - run.started_at > max_age


def close_stale_runs(
    session: Session,
    *,
    now: datetime,
    max_age: timedelta,
    host: str | None = None,
    alive: Callable[[int], bool] = process_alive,
) -> list[int]:
    """Close the stale runs (see the module doc) as ``killed``/``stale``; their ids."""
    host = host or this_host()
    running = session.execute(select(CrawlRun).where(CrawlRun.status == "running")).scalars()
    closed = []
    for run in running:
        if is_stale(run, now=now, max_age=max_age, host=host, alive=alive):
            run.status = "killed"
            run.end_reason = str(EndReason.STALE)
            run.finished_at = now
            closed.append(run.id)
    session.commit()
    return closed


def mark_crawler_outage(session: Session, run_id: int, error_class: str, summary: str) -> int:
    """Re-class a run's checks that failed with ``error_class`` as ``crawler_outage``.

    Kept, not deleted: the original class and detail stay readable in ``error_detail``;
    the category and score are cleared, since nothing was judged, and the latest views
    skip them (migration 0007), so each OPD keeps its check from before.
    """
    checks = session.execute(
        select(ChannelCheck).where(
            ChannelCheck.run_id == run_id, ChannelCheck.error_class == error_class
        )
    ).scalars()
    count = 0
    for check in checks:
        check.error_detail = f"{summary} [{error_class}] {check.error_detail or ''}"[:2000]
        check.error_class = str(ErrorClass.CRAWLER_OUTAGE)
        check.category = None
        check.score = None
        count += 1
    session.commit()
    return count


@dataclass(frozen=True)
class RunRow:
    """One run as ``opdcrawl runs`` lists it."""

    id: int
    spider: str
    regions: str
    status: str
    end_reason: str | None
    started_at: datetime
    finished_at: datetime | None
    checks: int
    reachable: int
    outage: int
    hostname: str | None
    pid: int | None


def list_runs(session: Session, *, limit: int = 20, region: str | None = None) -> list[RunRow]:
    """The newest runs first, with their check counts; ``region`` keeps the runs that
    covered it (a run over all regions covers every one)."""
    counts = (
        select(
            ChannelCheck.run_id.label("run_id"),
            func.count().label("checks"),
            func.sum(case((ChannelCheck.reachable, 1), else_=0)).label("reachable"),
            func.sum(
                case((ChannelCheck.error_class == str(ErrorClass.CRAWLER_OUTAGE), 1), else_=0)
            ).label("outage"),
        )
        .group_by(ChannelCheck.run_id)
        .subquery()
    )
    query = select(CrawlRun, counts.c.checks, counts.c.reachable, counts.c.outage).outerjoin(
        counts, counts.c.run_id == CrawlRun.id
    )
    if region:
        query = query.where(
            or_(
                CrawlRun.regions == "",
                CrawlRun.regions == region,
                CrawlRun.regions.like(f"{region},%"),
                CrawlRun.regions.like(f"%,{region}"),
                CrawlRun.regions.like(f"%,{region},%"),
            )
        )
    query = query.order_by(CrawlRun.id.desc()).limit(max(1, limit))
    rows: Sequence = session.execute(query).all()
    return [
        RunRow(
            id=run.id,
            spider=run.spider,
            regions=run.regions,
            status=run.status,
            end_reason=run.end_reason,
            started_at=run.started_at,
            finished_at=run.finished_at,
            checks=int(checks or 0),
            reachable=int(reachable or 0),
            outage=int(outage or 0),
            hostname=run.hostname,
            pid=run.pid,
        )
        for run, checks, reachable, outage in rows
    ]

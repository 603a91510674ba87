"""Proposals of ``opdcrawl discover`` in SQL: written per item, read per region, accepted.

A run's proposal for one OPD, channel and value is one row: a value reached twice in a run
(a name guess and a portal link to the same host) is merged, keeping the higher score and
both sources. Reading gives the proposals of a region's newest ``discover`` run, ranked
(``opdcrawl.discovery.proposals.rank``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from opdcrawl import items
from opdcrawl.db.models import CrawlRun, DiscoveryProposal, Opd, Region
from opdcrawl.db.ppid_store import find_opd_id
from opdcrawl.db.store import _in_transaction

DISCOVER_SPIDER = "discover"


@dataclass
class ProposalRow:
    """One stored proposal, as the command, the proposals file and the reports read it."""

    id: int
    run_id: int
    region_slug: str
    region_name: str
    opd_code: str
    opd_name: str
    channel: str
    value: str
    score: int
    sources: list[str]
    evidence: str
    found_on: str
    title: str | None
    http_status: int | None
    address: str | None
    status: str
    found_at: datetime
    rank: int = 0  # 1 = best for its OPD and channel (set by proposals.rank)


def record_proposal(session: Session, run_id: int, proposal: items.Proposal) -> int:
    """Write (or merge into) one proposal of a run; return its id."""

    def work() -> int:
        opd_id = find_opd_id(session, proposal.region, proposal.opd_code)
        row = session.execute(
            select(DiscoveryProposal).where(
                DiscoveryProposal.run_id == run_id,
                DiscoveryProposal.opd_id == opd_id,
                DiscoveryProposal.channel == proposal.channel,
                DiscoveryProposal.value == proposal.value,
            )
        ).scalar_one_or_none()
        if row is None:
            row = DiscoveryProposal(
                run_id=run_id,
                opd_id=opd_id,
                channel=proposal.channel,
                value=proposal.value,
                score=proposal.score,
                sources=list(dict.fromkeys(proposal.sources)),
                evidence=proposal.evidence,
                found_on=proposal.found_on,
                title=proposal.title,
                http_status=proposal.http_status,
                address=proposal.address,
                status="proposed",
                found_at=proposal.found_at,
            )
            session.add(row)
        else:
            row.sources = list(dict.fromkeys([*row.sources, *proposal.sources]))
            if proposal.score > row.score:
                row.score, row.evidence, row.found_on = (
                    proposal.score,
                    proposal.evidence,
                    proposal.found_on,
                )
                row.title, row.http_status = proposal.title, proposal.http_status
                row.address = proposal.address or row.address
        session.flush()
        return int(row.id)

    return _in_transaction(session, work)


def _query():  # type: ignore[no-untyped-def]
    return (
        select(
            DiscoveryProposal.id,
            DiscoveryProposal.run_id,
            Region.slug,
            Region.name,
            Opd.code,
            Opd.name,
            DiscoveryProposal.channel,
            DiscoveryProposal.value,
            DiscoveryProposal.score,
            DiscoveryProposal.sources,
            DiscoveryProposal.evidence,
            DiscoveryProposal.found_on,
            DiscoveryProposal.title,
            DiscoveryProposal.http_status,
            DiscoveryProposal.address,
            DiscoveryProposal.status,
            DiscoveryProposal.found_at,
        )
        .join(Opd, Opd.id == DiscoveryProposal.opd_id)
        .join(Region, Region.id == Opd.region_id)
    )


def latest_run_id(session: Session, region_slug: str) -> int | None:
    """The newest ``discover`` run that covered the region and stored a proposal or
    finished (a run covers the regions it was asked for; "" = all)."""
    runs = session.execute(
        select(CrawlRun.id, CrawlRun.regions, CrawlRun.status)
        .where(CrawlRun.spider == DISCOVER_SPIDER)
        .order_by(CrawlRun.id.desc())
    ).all()
    for run_id, regions, _status in runs:
        if not regions or region_slug in regions.split(","):
            return int(run_id)
    return None


def load_proposals(
    session: Session, region_slug: str, run_id: int | None = None
) -> list[ProposalRow]:
    """The proposals of a region's newest ``discover`` run (or of ``run_id``)."""
    run_id = run_id if run_id is not None else latest_run_id(session, region_slug)
    if run_id is None:
        return []
    query = _query().where(DiscoveryProposal.run_id == run_id, Region.slug == region_slug)
    return [ProposalRow(*row) for row in session.execute(query)]


def proposals_by_id(session: Session, ids: Iterable[int]) -> dict[int, ProposalRow]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = session.execute(_query().where(DiscoveryProposal.id.in_(wanted)))
    return {row[0]: ProposalRow(*row) for row in rows}


def mark_accepted(session: Session, ids: Iterable[int], when: datetime) -> None:
    wanted = sorted(set(ids))

    def work() -> None:
        if wanted:
            session.execute(
                update(DiscoveryProposal)
                .where(DiscoveryProposal.id.in_(wanted))
                .values(status="accepted", accepted_at=when)
            )

    _in_transaction(session, work)

"""The tables opdcrawl keeps: the registry it crawled, the runs, and what each run saw.

Internal tables; reporting teams read the views in ``opdcrawl.db.views`` instead, so
these can change shape behind a migration without breaking anyone's spreadsheet.
Rows are never deleted: an OPD or channel removed from the registry is marked
``active = False`` so its history stays readable.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Constraint names are fixed so migrations can refer to them on both backends.
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

URL_LENGTH = 2048  # long enough for real URLs, short enough for a unique btree index

CHANNEL_STATES: tuple[str, ...] = ("registered", "unknown", "none")  # registry.ChannelState
RUN_STATUSES: tuple[str, ...] = ("running", "finished", "failed", "killed")


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC, returned as aware UTC on every backend.

    PostgreSQL keeps the instant (``timestamptz``) but SQLite keeps only text, and
    SQLAlchemy's SQLite type silently drops the offset. Converting to UTC before
    storing makes both backends hold the same instant and sort the same way, and
    naive datetimes are refused because their instant is a guess.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: opdcrawl stores aware datetimes only")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# JSON on SQLite, JSONB on PostgreSQL (indexable, compact); the same Python values.
JsonType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JsonType, list[str]: JsonType}


class Region(Base):
    __tablename__ = "region"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Opd(Base):
    __tablename__ = "opd"
    __table_args__ = (UniqueConstraint("region_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    code: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(30))
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Channel(Base):
    __tablename__ = "channel"
    __table_args__ = (
        UniqueConstraint("opd_id", "kind"),
        CheckConstraint("state IN ('registered', 'unknown', 'none')", name="state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opd_id: Mapped[int] = mapped_column(ForeignKey("opd.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # vocabulary.CHANNEL_KINDS
    state: Mapped[str] = mapped_column(String(20))  # registry.ChannelState values
    url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # An id the account's handle resolved to (YouTube UC…), cached across runs (0004).
    platform_id: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class CrawlRun(Base):
    __tablename__ = "crawl_run"
    __table_args__ = (
        CheckConstraint("status IN ('running', 'finished', 'failed', 'killed')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    spider: Mapped[str] = mapped_column(String(50), index=True)
    regions: Mapped[str] = mapped_column(Text, default="")  # sorted comma list; "" = all
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    # A run killed before finish_run stays "running": that is what "unfinished" means.
    status: Mapped[str] = mapped_column(String(20), default="running")
    crawl_time: Mapped[datetime]  # the single "now" every check of the run is scored against
    stats: Mapped[dict[str, Any] | None]
    opdcrawl_version: Mapped[str] = mapped_column(String(50), default="")
    # Migration 0006: why the run ended (opdcrawl.run_end.EndReason; NULL while running),
    # and the process that runs it, so a run left "running" by a hard kill can be closed.
    end_reason: Mapped[str | None] = mapped_column(String(50))
    pid: Mapped[int | None] = mapped_column(Integer)
    hostname: Mapped[str | None] = mapped_column(String(255))


class ChannelCheck(Base):
    __tablename__ = "channel_check"
    __table_args__ = (UniqueConstraint("run_id", "channel_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_run.id"))
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id"), index=True)
    checked_at: Mapped[datetime]
    url: Mapped[str | None] = mapped_column(Text)  # the URL checked, as registered then
    # reachability
    reachable: Mapped[bool] = mapped_column(Boolean, default=False)
    final_url: Mapped[str | None] = mapped_column(Text)
    redirect_chain: Mapped[list[str]] = mapped_column(JsonType, default=list)
    http_status: Mapped[int | None]
    response_ms: Mapped[int | None]
    error_class: Mapped[str | None] = mapped_column(String(50))
    error_detail: Mapped[str | None] = mapped_column(Text)
    robots_blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    rendered_with_browser: Mapped[bool] = mapped_column(Boolean, default=False)
    cms: Mapped[str | None] = mapped_column(String(50))
    requests: Mapped[int] = mapped_column(Integer, default=0)
    sources_tried: Mapped[list[str]] = mapped_column(JsonType, default=list)
    notes: Mapped[list[str]] = mapped_column(JsonType, default=list)
    spam_terms: Mapped[list[str]] = mapped_column(JsonType, default=list)
    # freshness
    last_post_at: Mapped[datetime | None]
    # Whole days from last_post_at to checked_at, stored because date arithmetic is not
    # portable between SQLite and PostgreSQL and the views must run on both.
    days_since_last_post: Mapped[int | None]
    posts_30d: Mapped[int] = mapped_column(Integer, default=0)
    posts_90d: Mapped[int] = mapped_column(Integer, default=0)
    posts_365d: Mapped[int] = mapped_column(Integer, default=0)
    posts_per_week: Mapped[float | None] = mapped_column(Float)
    cadence: Mapped[str | None] = mapped_column(String(30))
    category: Mapped[str | None] = mapped_column(String(30))
    score: Mapped[int | None]
    evidence: Mapped[str | None] = mapped_column(Text)
    # The post that gave last_post_at, as this check saw it (store.evidence_post): the
    # evidence sentence names the same post, so a report's link, title and date agree.
    # Kept here, not looked up in ``post`` by date: another run may have found a different
    # post dated the same, or corrected this post's title since.
    last_post_url: Mapped[str | None] = mapped_column(Text)
    last_post_title: Mapped[str | None] = mapped_column(Text)
    # Social accounts (migration 0004): the adapter route read, public followers, and the
    # visible window when it made the 30/90-day counts lower bounds.
    route: Mapped[str | None] = mapped_column(String(50))
    followers: Mapped[int | None] = mapped_column(BigInteger)
    posts_window: Mapped[int | None] = mapped_column(Integer)


class Certificate(Base):
    """The HTTPS certificate a website check saw (migration 0011; opdcrawl.certificates).

    One row per check of an HTTPS site whose certificate could be read; ``problem`` is the
    reachability class of what is wrong with it (``tls_expired`` …) or NULL.
    """

    __tablename__ = "certificate"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("channel_check.id"), unique=True)
    host: Mapped[str] = mapped_column(String(255))
    port: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(Text)
    issuer: Mapped[str] = mapped_column(Text)
    not_before: Mapped[datetime]
    not_after: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # Whole days from the check's crawl time to not_after (negative once expired), stored
    # for the same reason as days_since_last_post: portable date arithmetic.
    days_left: Mapped[int] = mapped_column(Integer)
    valid_for_host: Mapped[bool] = mapped_column(Boolean)
    self_signed: Mapped[bool] = mapped_column(Boolean)
    expired: Mapped[bool] = mapped_column(Boolean)
    chain_complete: Mapped[bool | None] = mapped_column(Boolean)
    trusted: Mapped[bool | None] = mapped_column(Boolean)
    chain_length: Mapped[int] = mapped_column(Integer, default=0)
    fingerprint_sha256: Mapped[str] = mapped_column(String(64))
    problem: Mapped[str | None] = mapped_column(String(50))


class IntegrityFinding(Base):
    """One sign of gambling spam or defacement a check saw, with its evidence (0006).

    Rows belong to their check: writing the check again replaces them. ``signal`` is a
    code of ``opdcrawl.extract.integrity.SIGNALS``; the texts are as crawled (strangers'
    text: every report escapes them).
    """

    __tablename__ = "integrity_finding"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("channel_check.id"), index=True)
    signal: Mapped[str] = mapped_column(String(40))
    url: Mapped[str] = mapped_column(Text)
    snippet: Mapped[str] = mapped_column(Text, default="")
    other_snippet: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)


class Post(Base):
    __tablename__ = "post"
    __table_args__ = (
        UniqueConstraint("channel_id", "url"),
        Index("ix_post_channel_id_published_at", "channel_id", "published_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id"))
    url: Mapped[str] = mapped_column(String(URL_LENGTH))
    title: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None]
    raw_date: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(50), default="")
    evidence_url: Mapped[str] = mapped_column(Text, default="")
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


# --- Alerts (migration 0009; opdcrawl.alerts) ----------------------------------------------

DELIVERY_STATUSES: tuple[str, ...] = ("pending", "sent")


class AlertEvent(Base):
    """One thing worth telling an OPD about, detected once (``key`` is its identity:
    kind, region, OPD, channel and the crawl run that showed it), so a later
    ``opdcrawl alerts`` never detects, and never sends, the same alert twice."""

    __tablename__ = "alert_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)
    kind: Mapped[str] = mapped_column(String(50))  # opdcrawl.alerts.sources key
    region_slug: Mapped[str] = mapped_column(String(100), index=True)
    opd_code: Mapped[str] = mapped_column(String(50))
    channel_kind: Mapped[str] = mapped_column(String(20))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_run.id"))
    title: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(Text)
    detected_at: Mapped[datetime]


class AlertDelivery(Base):
    """One alert to one recipient (``email:<address>`` or ``webhook:<name>``): pending
    until a message carrying it was accepted, retried on every run until then."""

    __tablename__ = "alert_delivery"
    __table_args__ = (
        UniqueConstraint("event_id", "recipient"),
        CheckConstraint("status IN ('pending', 'sent')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("alert_event.id"))
    recipient: Mapped[str] = mapped_column(String(400))
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_attempt_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]


class AlertBaseline(Base):
    """Per region, the crawl run whose state the last ``opdcrawl alerts`` compared: the
    next one compares the latest state with the state as of that run."""

    __tablename__ = "alert_baseline"

    region_slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_run.id"))
    updated_at: Mapped[datetime]


# --- PPID (migration 0010; spiders/ppid.py) ---------------------------------------------------


class PpidCheck(Base):
    """One OPD's PPID reading in one run: its website's PPID section and its share of the
    region's portal, with the counts ``opdcrawl.ppid_summary`` made."""

    __tablename__ = "ppid_check"
    __table_args__ = (UniqueConstraint("run_id", "opd_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_run.id"))
    opd_id: Mapped[int] = mapped_column(ForeignKey("opd.id"), index=True)
    checked_at: Mapped[datetime]
    website_url: Mapped[str | None] = mapped_column(Text)
    portal_url: Mapped[str | None] = mapped_column(Text)
    reachable: Mapped[bool | None] = mapped_column(Boolean)  # None: no website
    http_status: Mapped[int | None]
    error_class: Mapped[str | None] = mapped_column(String(50))
    error_detail: Mapped[str | None] = mapped_column(Text)
    found: Mapped[bool] = mapped_column(Boolean, default=False)
    ppid_url: Mapped[str | None] = mapped_column(Text)
    portal_page_url: Mapped[str | None] = mapped_column(Text)
    links_elsewhere: Mapped[list[str]] = mapped_column(JsonType, default=list)
    sections: Mapped[list[str]] = mapped_column(JsonType, default=list)
    items_present: Mapped[int] = mapped_column(Integer, default=0)
    items_total: Mapped[int] = mapped_column(Integer, default=0)
    documents_published: Mapped[int] = mapped_column(Integer, default=0)
    documents_broken: Mapped[int] = mapped_column(Integer, default=0)
    documents_image: Mapped[int] = mapped_column(Integer, default=0)
    documents_unchecked: Mapped[int] = mapped_column(Integer, default=0)
    documents_drive: Mapped[int] = mapped_column(Integer, default=0)
    documents_portal: Mapped[int] = mapped_column(Integer, default=0)
    newest_document_at: Mapped[datetime | None]
    newest_document_url: Mapped[str | None] = mapped_column(Text)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    pages_read: Mapped[list[str]] = mapped_column(JsonType, default=list)
    notes: Mapped[list[str]] = mapped_column(JsonType, default=list)


class PpidItem(Base):
    """A standard item (``opdcrawl.extract.ppid.ITEMS``) a PPID check found, with where."""

    __tablename__ = "ppid_item"
    __table_args__ = (UniqueConstraint("check_id", "item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("ppid_check.id"))
    item: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(10), default="site")


class PpidDocument(Base):
    """A document an OPD published (or linked), unique per OPD and URL across runs: first
    and last seen like ``post``; status, type and size as the newest check judged them."""

    __tablename__ = "ppid_document"
    __table_args__ = (UniqueConstraint("opd_id", "url"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opd_id: Mapped[int] = mapped_column(ForeignKey("opd.id"))
    url: Mapped[str] = mapped_column(String(URL_LENGTH))
    title: Mapped[str] = mapped_column(Text, default="")
    file_type: Mapped[str] = mapped_column(String(10), default="")
    host: Mapped[str] = mapped_column(String(10), default="site")
    source: Mapped[str] = mapped_column(String(10), default="site")
    page_url: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None]
    date_source: Mapped[str | None] = mapped_column(String(20))
    raw_date: Mapped[str | None] = mapped_column(Text)
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(20), default="unchecked")
    status_detail: Mapped[str] = mapped_column(Text, default="")
    last_run_id: Mapped[int] = mapped_column(ForeignKey("crawl_run.id"))
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


# --- Inventory (migration 0012; spiders/discover.py) --------------------------------------------

PROPOSAL_STATUSES: tuple[str, ...] = ("proposed", "accepted")


class DiscoveryProposal(Base):
    """A website or social account the ``discover`` spider proposes for an OPD's empty
    registry cell, with its score and evidence; never a registry value until an operator
    accepts it (``opdcrawl discover --accept``), which sets ``status`` and ``accepted_at``."""

    __tablename__ = "discovery_proposal"
    __table_args__ = (
        UniqueConstraint("run_id", "opd_id", "channel", "value"),
        CheckConstraint("status IN ('proposed', 'accepted')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_run.id"))
    opd_id: Mapped[int] = mapped_column(ForeignKey("opd.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20))  # website, instagram, …
    value: Mapped[str] = mapped_column(String(URL_LENGTH))  # the registry cell it proposes
    score: Mapped[int] = mapped_column(Integer)  # 0–100 (opdcrawl.discovery.scoring)
    sources: Mapped[list[str]] = mapped_column(JsonType, default=list)
    evidence: Mapped[str] = mapped_column(Text, default="")
    found_on: Mapped[str] = mapped_column(Text, default="")  # page, file or file:line
    title: Mapped[str | None] = mapped_column(Text)  # the probed page's title
    http_status: Mapped[int | None] = mapped_column(Integer)
    address: Mapped[str | None] = mapped_column(String(64))  # what DNS answered
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    found_at: Mapped[datetime]  # the run's crawl time
    accepted_at: Mapped[datetime | None]

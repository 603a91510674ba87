"""Items that flow from the spiders through the pipelines into SQL.

Dataclasses (itemadapter understands them), so pipelines and feed exports see typed
fields. A spider fills what it observed; pipelines fill what is computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from opdcrawl.certificates import CertificateReport


@dataclass
class Post:
    """One dated publication found on a channel, with the evidence for its date."""

    url: str
    title: str | None = None
    raw_date: str | None = None  # the text the date was read from, as found
    published_at: datetime | None = None  # aware datetime; None until parsed
    source: str = (
        ""  # evidence kind: wp-json, feed, sitemap, list-page, meta, jsonld, time, text, url
    )
    evidence_url: str = ""  # the page or document the date was read on


@dataclass
class ChannelCheck:
    """The result of checking one channel (website or social account) in one run."""

    region: str  # region slug, e.g. "kota-serang"
    opd_code: str
    channel: str  # "website", "instagram", "facebook", "youtube", "x", "tiktok"
    url: str
    checked_at: datetime  # the crawl time of the run (one per run, aware)
    # reachability
    reachable: bool = False
    final_url: str | None = None
    redirect_chain: list[str] = field(default_factory=list)
    http_status: int | None = None
    response_ms: int | None = None
    error_class: str | None = None  # see opdcrawl.reachability.ErrorClass
    error_detail: str | None = None
    robots_blocked: bool = False
    rendered_with_browser: bool = False
    cms: str | None = None
    requests: int = 0  # requests spent on this channel
    sources_tried: list[str] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # spam found, static page, etc.
    spam_terms: list[str] = field(default_factory=list)
    # social accounts (opdcrawl.social)
    route: str | None = None  # the adapter route that gave the reading
    followers: int | None = None
    posts_window: int | None = None  # counts are lower bounds: only this many newest visible
    platform_id: str | None = None  # an id the handle resolved to (cached on the channel)
    # the HTTPS certificate of a website, when it was read (opdcrawl.certificates)
    certificate: CertificateReport | None = None
    # computed by pipelines
    last_post_at: datetime | None = None
    posts_30d: int = 0
    posts_90d: int = 0
    posts_365d: int = 0
    posts_per_week: float | None = None
    cadence: str | None = None
    category: str | None = None
    score: int | None = None
    evidence: str | None = None  # human-readable: which source and page gave last_post_at

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
class IntegrityFinding:
    """One sign that a site was injected with gambling spam or defaced, with its evidence.

    ``signal`` is a code of ``opdcrawl.extract.integrity.SIGNALS``; ``url`` the page (or
    sitemap) it was seen on; ``snippet`` what was seen there, as found (crawled text: every
    output escapes it). ``other_snippet``: for cloaking, what the ordinary visitor was shown
    instead. ``detail``: the foreign host, link target or listed URL the signal names.
    """

    signal: str
    url: str
    snippet: str
    other_snippet: str | None = None
    detail: str | None = None


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
    integrity: list[IntegrityFinding] = field(default_factory=list)  # spam/defacement evidence
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


# --- PPID (spiders/ppid.py) -----------------------------------------------------------------


@dataclass
class PpidItemFound:
    """A standard PPID item (``opdcrawl.extract.ppid.ITEMS``) and where it was seen."""

    key: str
    text: str  # the words that named it
    url: str  # the page or link they were read on
    source: str = "site"  # "site" (the OPD's website) or "portal" (the region's portal)


@dataclass
class PpidDocument:
    """One published document linked from a PPID page, and what its link gave."""

    url: str
    title: str
    file_type: str  # PDF, DOC, XLS, PPT; IMG for a picture; "?" until a script answers
    host: str  # "site", "portal" or "drive" (opdcrawl.extract.documents.host_kind)
    page_url: str  # the page that links it
    source: str = "site"  # found on the OPD's website or on the region's portal
    published_at: datetime | None = None
    date_source: str | None = None  # "page" (the list's date) or "last-modified"
    raw_date: str | None = None
    size_bytes: int | None = None
    # ok / broken / image / page (opdcrawl.extract.filecheck) or "unchecked": beyond the
    # request budget, or on Google Drive (not fetched: its answers need a login).
    status: str = "unchecked"
    status_detail: str = ""


@dataclass
class PpidCheck:
    """The PPID reading of one OPD in one run: its website's PPID section and its part of
    the region's portal. Counts are filled by ``pipelines.ppid_summary``."""

    region: str
    opd_code: str
    checked_at: datetime
    website_url: str | None = None  # None: no website registered
    portal_url: str | None = None  # the region's central PPID portal, when named
    reachable: bool | None = None  # the website's homepage; None without a website
    http_status: int | None = None
    error_class: str | None = None
    error_detail: str | None = None
    ppid_url: str | None = None  # the first PPID page found on the website
    portal_page_url: str | None = None  # this OPD's page (or filter) on the portal
    links_elsewhere: list[str] = field(default_factory=list)  # PPID links off the site
    sections: list[str] = field(default_factory=list)  # words of the PPID links seen
    items: list[PpidItemFound] = field(default_factory=list)
    documents: list[PpidDocument] = field(default_factory=list)
    requests: int = 0
    pages_read: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # computed by pipelines.ppid_summary
    found: bool = False
    items_present: int = 0
    items_total: int = 0
    documents_published: int = 0
    documents_broken: int = 0
    documents_image: int = 0
    documents_unchecked: int = 0
    documents_drive: int = 0
    documents_portal: int = 0
    newest_document_at: datetime | None = None
    newest_document_url: str | None = None


# --- Inventory (spiders/discover.py) ----------------------------------------------------------


@dataclass
class Proposal:
    """A website or social account proposed for an OPD's empty registry cell, with the
    score and evidence that back it (``opdcrawl.discovery``)."""

    region: str
    opd_code: str
    channel: str  # "website", "instagram", …
    value: str  # the address the registry cell would hold
    score: int  # 0–100
    found_at: datetime  # the run's crawl time
    sources: list[str] = field(default_factory=list)  # codes of opdcrawl.discovery.SOURCES
    evidence: str = ""  # the reasons, in Indonesian
    found_on: str = ""  # the page, file or file:line it was found on
    title: str | None = None  # the probed page's title
    http_status: int | None = None
    address: str | None = None  # what DNS answered

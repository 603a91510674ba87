"""How one OPD's PPID is read: its website's PPID pages, its part of the region's portal,
and a check of its documents, within a request budget per site.

The reader never touches the network itself; it asks a :class:`PpidFetcher` (the
``ppid`` spider's goes through Scrapy's engine, so robots.txt, AutoThrottle and retries
apply). Extraction is the pure functions of ``opdcrawl.extract.ppid`` (section and items),
``.documents`` (file links), ``.filecheck`` (what a file's answer proves) and ``.portal``
(per-OPD lists and pagination on a portal).

Budget (``PpidLimits``, settings ``OPDCRAWL_PPID_*``): PPID pages per site beyond the
homepage, document checks per OPD (a HEAD, plus a ranged GET of the first bytes where
the HEAD leaves the verdict open), and pages per OPD on the portal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

from opdcrawl import settings as default_settings
from opdcrawl.extract import documents as docs
from opdcrawl.extract import filecheck, portal, ppid
from opdcrawl.items import PpidCheck, PpidDocument, PpidItemFound
from opdcrawl.website_reader import Fetched


class PpidFetcher(Protocol):
    """One request; None when nothing came back (the fetcher counts it on ``check``).

    Error answers (4xx/5xx) are returned, not dropped: a 404 document is evidence.
    ``method``: GET or HEAD. ``sniff``: a ranged GET that stops after the first bytes.
    """

    async def __call__(
        self, check: PpidCheck, url: str, *, kind: str, method: str = "GET", sniff: bool = False
    ) -> Fetched | None: ...


@dataclass(frozen=True)
class PpidLimits:
    """The request budget; defaults written once, in ``opdcrawl.settings``."""

    max_pages: int = default_settings.OPDCRAWL_PPID_MAX_PAGES
    max_document_checks: int = default_settings.OPDCRAWL_PPID_MAX_DOCUMENT_CHECKS
    portal_pages_per_opd: int = default_settings.OPDCRAWL_PPID_PORTAL_PAGES_PER_OPD

    @classmethod
    def from_settings(cls, settings: Any) -> PpidLimits:
        return cls(
            max_pages=settings.getint("OPDCRAWL_PPID_MAX_PAGES"),
            max_document_checks=settings.getint("OPDCRAWL_PPID_MAX_DOCUMENT_CHECKS"),
            portal_pages_per_opd=settings.getint("OPDCRAWL_PPID_PORTAL_PAGES_PER_OPD"),
        )


@dataclass
class PortalShare:
    """What the region's portal holds for one OPD."""

    page_url: str
    items: list[PpidItemFound] = field(default_factory=list)
    documents: list[PpidDocument] = field(default_factory=list)
    pages_read: list[str] = field(default_factory=list)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def _same_site(url: str, site_host: str) -> bool:
    """On the OPD's site: its host or a subdomain of it (``ppid.dinkes.kota.go.id``)."""
    host = _host(url)
    return bool(site_host) and (host == site_host or host.endswith("." + site_host))


def _no_stats(key: str, count: int = 1) -> None:
    return None


def _is_html(fetched: Fetched) -> bool:
    return fetched.text is not None and "html" in (fetched.headers.get("content-type") or "html")


def _document(link: docs.DocumentLink, source: str) -> PpidDocument:
    return PpidDocument(
        url=link.url,
        title=link.title,
        file_type=link.file_type,
        host=link.host,
        page_url=link.page_url,
        source=source,
        published_at=link.published_at,
        date_source="page" if link.published_at is not None else None,
        raw_date=link.raw_date,
        size_bytes=link.size_bytes,
    )


def _generated_now(headers: dict[str, str], modified: datetime | None) -> bool:
    """A ``Last-Modified`` equal to the answer's own ``Date``: a script stamping every
    download with the time of the request, not the file's date."""
    if modified is None or not headers.get("date"):
        return False
    try:
        served = parsedate_to_datetime(headers["date"])
    except (TypeError, ValueError, IndexError):
        return False
    return served.tzinfo is not None and abs(served - modified) <= timedelta(minutes=5)


class PpidReader:
    """Reads PPID sections for one run: one crawl time, one budget, one way to fetch."""

    def __init__(
        self,
        fetch: PpidFetcher,
        *,
        now: datetime,
        limits: PpidLimits | None = None,
        stats: Callable[[str, int], None] = _no_stats,
    ) -> None:
        self.fetch = fetch
        self.now = now
        self.limits = limits or PpidLimits()
        self.stats = stats

    # --- the OPD's website ------------------------------------------------------------------

    def _read_page(
        self, check: PpidCheck, page: Fetched, portal_hosts: frozenset[str], source: str
    ) -> None:
        """Items and documents of one PPID page (or portal page) onto the check."""
        for evidence in ppid.items_in(page.page):
            check.items.append(PpidItemFound(evidence.key, evidence.text, evidence.url, source))
        for link in docs.document_links(page.page, now=self.now, portal_hosts=portal_hosts):
            document = _document(link, source)
            check.documents.append(document)
            # A document named for an item ("LKjIP 2024.pdf") shows that item too.
            for key in ppid.item_keys(link.title, link.url, in_context=True):
                check.items.append(PpidItemFound(key, link.title[:200], link.url, source))

    async def read_site(
        self, check: PpidCheck, homepage: Fetched, portal_hosts: frozenset[str] = frozenset()
    ) -> None:
        """The website's PPID section: from the homepage's PPID links, breadth first, up
        to ``max_pages`` pages on the site; links to PPID pages elsewhere (the region's
        portal, a PPID subdomain of the pemda) are noted, not followed."""
        site_host = _host(homepage.url)
        queue: list[str] = []
        seen: set[str] = {homepage.url}
        if ppid.is_ppid_page(homepage.page):
            check.ppid_url = homepage.url
            self._read_page(check, homepage, portal_hosts, "site")
        self._follow(check, homepage, site_host, queue, seen, in_context=bool(check.ppid_url))
        pages = 0
        while queue and pages < self.limits.max_pages:
            url = queue.pop(0)
            pages += 1
            fetched = await self.fetch(check, url, kind="ppid-page")
            if fetched is None or fetched.status >= 400 or not _is_html(fetched):
                check.notes.append(f"halaman PPID tidak terbuka: {url}")
                continue
            check.pages_read.append(fetched.url)
            if check.ppid_url is None:
                check.ppid_url = fetched.url
            self._read_page(check, fetched, portal_hosts, "site")
            self._follow(check, fetched, site_host, queue, seen, in_context=True)
        if queue:
            self.stats("opdcrawl/ppid/pages_left", len(queue))
            check.notes.append(f"{len(queue)} halaman PPID tidak dibuka (batas per situs)")

    def _follow(
        self,
        check: PpidCheck,
        page: Fetched,
        site_host: str,
        queue: list[str],
        seen: set[str],
        *,
        in_context: bool,
    ) -> None:
        for link in ppid.ppid_links(page.page, in_context=in_context):
            if not in_context and link.section:
                check.sections.append(link.text[:100])
            # Items named by the homepage's own PPID menu count (a "LKjIP" entry under
            # "PPID"), as they do on PPID pages.
            for key in link.items:
                check.items.append(PpidItemFound(key, link.text[:200], link.url, "site"))
            if docs.file_type_of(link.url) is not None:
                continue  # a document, read by _read_page, not a page to open
            if not _same_site(link.url, site_host):
                if link.section and link.url not in check.links_elsewhere:
                    check.links_elsewhere.append(link.url)
                continue
            if link.url not in seen:
                seen.add(link.url)
                queue.append(link.url)

    # --- the region's portal ----------------------------------------------------------------

    async def read_portal_share(self, check: PpidCheck, page_url: str) -> PortalShare:
        """One OPD's list on the portal, following its pagination up to the budget."""
        share = PortalShare(page_url)
        portal_hosts = frozenset({_host(page_url)})
        url: str | None = page_url
        seen: set[str] = set()
        while url and url not in seen and len(share.pages_read) < self.limits.portal_pages_per_opd:
            seen.add(url)
            fetched = await self.fetch(check, url, kind="portal-page")
            if fetched is None or fetched.status >= 400 or not _is_html(fetched):
                check.notes.append(f"halaman portal PPID tidak terbuka: {url}")
                break
            share.pages_read.append(fetched.url)
            scratch = PpidCheck(check.region, check.opd_code, check.checked_at)
            self._read_page(scratch, fetched, portal_hosts, "portal")
            share.items.extend(scratch.items)
            share.documents.extend(scratch.documents)
            url = portal.next_page(fetched.page)
        if url and url not in seen:
            check.notes.append("daftar di portal PPID punya halaman lebih (batas per OPD)")
        return share

    def credit_portal(self, check: PpidCheck, share: PortalShare) -> None:
        check.portal_page_url = share.page_url
        check.items.extend(share.items)
        check.documents.extend(share.documents)
        check.pages_read.extend(share.pages_read)

    # --- documents ---------------------------------------------------------------------------

    async def check_documents(self, check: PpidCheck) -> None:
        """Judge the check's document links by their answers, up to the budget: a HEAD,
        then the first bytes (ranged GET) where the HEAD leaves it open. Google Drive is
        recognised, not fetched. The rest stay "unchecked"."""
        budget = self.limits.max_document_checks
        seen: set[str] = set()
        for document in check.documents:
            if document.url in seen or document.host == "drive":
                continue
            seen.add(document.url)
            if budget <= 0:
                self.stats("opdcrawl/ppid/documents_unchecked", 1)
                continue
            budget -= 1
            await self._check_one(check, document)
        # Copies of a checked URL (linked from two pages) share its verdict.
        verdicts = {d.url: d for d in check.documents if d.status != "unchecked"}
        for document in check.documents:
            judged = verdicts.get(document.url)
            if judged is not None and judged is not document:
                document.status, document.status_detail = judged.status, judged.status_detail
                document.file_type, document.size_bytes = judged.file_type, judged.size_bytes
                if document.published_at is None:
                    document.published_at, document.date_source = (
                        judged.published_at, judged.date_source)  # fmt: skip

    async def _check_one(self, check: PpidCheck, document: PpidDocument) -> None:
        head = await self.fetch(check, document.url, kind="document-head", method="HEAD")
        body: bytes | None = None
        answer = head
        if head is None or filecheck.needs_sniff(head.status, head.headers, document.file_type):
            sniffed = await self.fetch(check, document.url, kind="document-sniff", sniff=True)
            if sniffed is not None:
                answer, body = sniffed, sniffed.body
        if answer is None:
            document.status, document.status_detail = filecheck.BROKEN, "tidak dapat diunduh"
            self.stats("opdcrawl/ppid/documents_broken", 1)
            return
        verdict = filecheck.judge(answer.status, answer.headers, body, document.file_type)
        document.status, document.status_detail = verdict.status, verdict.detail
        document.file_type = verdict.file_type
        if verdict.size_bytes is not None:
            document.size_bytes = verdict.size_bytes
        modified = verdict.last_modified
        if (
            document.published_at is None
            and modified is not None
            and modified <= self.now
            and not _generated_now(answer.headers, modified)
        ):
            document.published_at, document.date_source = modified, "last-modified"
        self.stats(f"opdcrawl/ppid/documents_{verdict.status}", 1)

"""The ``discover`` spider: propose the websites and social accounts a registry lacks.

Thin, on the shared core (``ChannelSpider``): which hosts to ask about and in what order.
What a candidate is and how it scores is ``opdcrawl.discovery``; storing is
``pipelines.discovery_sql``. Nothing it finds is written to the registry: every find is a
proposal (``opdcrawl discover --accept`` takes the chosen ones into the registry file).

Per region:

1. the pemda's portal (``https://<domain>/``), its sitemap and its PPID portal are read,
   and the hosts they link to collected; so are the hosts of the operator's
   certificate-transparency list (``-a ct_file=…``) and the unverified guesses of the
   registry notes (``seeds/notes/<region>.md``);
2. every OPD whose website cell is empty gets name guesses (``dinkes.<domain>`` …);
3. every candidate host is looked up in DNS through the resolver the project configures
   (``TWISTED_DNS_RESOLVER``: the crawl's own, address guard included; the tests map names
   to loopback with it), and those that exist are asked for their homepage (https, then
   http): status, redirects, title, parked or not;
4. each answer is scored against each OPD without a website; a score of at least
   ``OPDCRAWL_DISCOVER_MIN_SCORE`` is a proposal. The best-matching OPD's social links are
   read from that site (homepage and contact page);
5. the registered websites of OPDs with empty social cells are read for social links too.
"""

from __future__ import annotations

import asyncio
import importlib.resources
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.utils.defer import maybe_deferred_to_future

from opdcrawl.channel_spider import ChannelSpider
from opdcrawl.channels import SeedValueError, normalise_website
from opdcrawl.discovery import names, sources
from opdcrawl.discovery.scoring import (
    Context,
    OpdNames,
    Probe,
    page_facts,
    score_site,
    score_social,
)
from opdcrawl.extract import pageclass
from opdcrawl.extract.markup import HtmlPage
from opdcrawl.extract.sitemaps import parse_sitemap, sitemaps_from_robots
from opdcrawl.items import Proposal
from opdcrawl.logs import quiet_robots_failures
from opdcrawl.reachability import classify_exception, info
from opdcrawl.registry import ChannelState, OpdSeed
from opdcrawl.run_end import EndReason
from opdcrawl.vocabulary import CHANNEL_KINDS
from spiders.websites import ERROR_STATUSES

SOCIAL_KINDS = tuple(kind for kind in CHANNEL_KINDS if kind != "website")
GUESS = "tebakan"  # the source code of a name guess (opdcrawl.discovery.SOURCES)
OWN_SITE = "website-opd"  # the source code of a social link on the OPD's registered site
PROPOSED_SITE = "website-usulan"  # … on a site this run proposes for the OPD
SITEMAP_DOCUMENTS = 3  # sitemap documents read on the portal (index and children)


@dataclass
class Candidate:
    """One host to probe and every reason it is a candidate."""

    host: str
    found: list[sources.FoundHost] = field(default_factory=list)
    guessed_for: dict[str, names.Guess] = field(default_factory=dict)  # OPD code -> guess


@dataclass
class RegionRun:
    """What one region's discovery knows while its probes are under way."""

    slug: str
    opds: list[OpdSeed]
    context: Context
    lacking: list[OpdSeed]  # OPDs whose website cell is empty


def infer_domain(opds: Iterable[OpdSeed]) -> str:
    """The pemda's domain from the registry: the PPID portal's host without ``ppid.``, else
    the parent most registered websites share (``serangkota.go.id``); "" when unknown."""
    counts: dict[str, int] = {}
    for opd in opds:
        if opd.ppid_portal:
            host = (urlsplit(opd.ppid_portal).hostname or "").removeprefix("www.")
            return host.removeprefix("ppid.")
        url = opd.website.url if opd.website.state is ChannelState.REGISTERED else None
        host = (urlsplit(url or "").hostname or "").removeprefix("www.")
        if host.count(".") >= 2:
            parent = host.split(".", 1)[1]
            counts[parent] = counts.get(parent, 0) + 1
    return max(counts, key=lambda parent: counts[parent], default="")


class DiscoverSpider(ChannelSpider):
    name = "discover"
    channel_kinds = ()
    custom_settings = {"ITEM_PIPELINES": {"pipelines.discovery_sql.ProposalSqlPipeline": 800}}

    def __init__(
        self, domain: str | None = None, ct_file: str | None = None, *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        quiet_robots_failures()
        self.domain = (domain or "").strip().lower().strip(".").removeprefix("www.")
        self.ct_file = ct_file
        self.ct_text = ""
        if not self.regions:
            self.refuse(
                EndReason.BAD_ARGUMENT,
                "spider discover butuh wilayah: -a region=<slug> (contoh: -a region=kota-serang)",
            )
        elif self.domain and len(self.regions) > 1:
            self.refuse(EndReason.BAD_ARGUMENT, "argumen domain hanya untuk satu wilayah")
        if ct_file:
            try:
                self.ct_text = Path(ct_file).read_text(encoding="utf-8", errors="replace")
            except OSError as exc:
                self.refuse(
                    EndReason.BAD_ARGUMENT,
                    f"daftar host CT tidak dapat dibaca: {Path(ct_file).absolute()} "
                    f"({exc.strerror or exc})",
                )

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> DiscoverSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.min_score = crawler.settings.getint("OPDCRAWL_DISCOVER_MIN_SCORE")
        spider.max_guesses = crawler.settings.getint("OPDCRAWL_DISCOVER_MAX_GUESSES")
        return spider  # type: ignore[return-value]

    def planned_channels(self) -> int:
        return 0  # proposals, not channel checks: the progress line has no total

    # --- the run --------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        by_region: dict[str, list[OpdSeed]] = {}
        for opd in self.selected_opds():
            by_region.setdefault(opd.region_slug, []).append(opd)
        for slug, opds in by_region.items():
            async for request in self.discover_region(slug, opds):
                yield request

    async def discover_region(self, slug: str, opds: list[OpdSeed]) -> AsyncIterator[Any]:
        domain = self.domain or infer_domain(opds)
        if not domain:
            self.logger.error(
                "Domain pemda %s tidak diketahui (tidak ada portal PPID atau website terdaftar "
                "di registri); tebakan nama dilewati. Beri --domain <domain pemda>",
                slug,
            )
        candidates: dict[str, Candidate] = {}
        portal_hosts: set[str] = set()
        portal_title = ""
        if domain:
            portal_hosts.add(domain)
            portal = await self.fetch_page(f"https://{domain}/")
            if portal is None:
                portal = await self.fetch_page(f"https://www.{domain}/")
            if portal is not None:
                portal_hosts.add(self.bare(portal.url))
                portal_title = page_facts(portal).title
                self.collect(candidates, sources.linked_hosts(portal, "portal", domain))
                self.collect(candidates, await self.sitemap_hosts(portal.url, domain))
            ppid_url = opds[0].ppid_portal or f"https://ppid.{domain}/"
            portal_hosts.add(self.bare(ppid_url))
            ppid = await self.fetch_page(ppid_url)
            if ppid is not None:
                portal_hosts.add(self.bare(ppid.url))
                self.collect(candidates, sources.linked_hosts(ppid, "ppid", domain))
        if self.ct_text:
            found, problems = sources.ct_hosts(self.ct_text, str(self.ct_file), domain)
            for problem in problems:
                self.logger.warning("Daftar host CT: %s", problem)
            self.collect(candidates, found)
        self.collect(candidates, self.notes_hosts(slug, domain))
        lacking = [opd for opd in opds if opd.website.state is ChannelState.UNKNOWN]
        if domain:
            for opd in lacking:
                for host, guess in names.guesses(
                    opd.name, opd.short_name, opd.kind, domain, self.max_guesses
                ):
                    candidates.setdefault(host, Candidate(host)).guessed_for[opd.code] = guess
        known = {self.bare(opd.website.url or "") for opd in opds if opd.website.url}
        for host in list(candidates):
            if self.bare(host) in known | portal_hosts:
                del candidates[host]
        context = Context(
            region_name=opds[0].region_name,
            domain=domain,
            portal_hosts=frozenset(portal_hosts),
            portal_title=portal_title,
            opds=tuple(OpdNames(o.code, o.name, o.short_name, o.kind) for o in opds),
        )
        region = RegionRun(slug, opds, context, lacking)
        stats = self.crawler.stats
        stats.inc_value("opdcrawl/discover/candidates", len(candidates))
        answers = await asyncio.gather(*(self.resolve(host) for host in candidates))
        for candidate, (address, error) in zip(candidates.values(), answers, strict=True):
            if address is None:
                stats.inc_value(f"opdcrawl/discover/dns/{error}")
                continue
            stats.inc_value("opdcrawl/discover/dns/found")
            if lacking:
                yield self.probe_request(region, candidate, address, f"https://{candidate.host}/")
        for opd in opds:
            unknown = [k for k in SOCIAL_KINDS if opd.channels[k].state is ChannelState.UNKNOWN]
            if opd.website.state is ChannelState.REGISTERED and opd.website.url and unknown:
                yield scrapy.Request(
                    opd.website.url,
                    callback=self.parse_own_site,
                    errback=self.own_site_failed,
                    dont_filter=True,
                    meta={"region": region, "opd": opd, "handle_httpstatus_list": ERROR_STATUSES},
                )

    @staticmethod
    def bare(url_or_host: str) -> str:
        host = urlsplit(url_or_host).hostname if "/" in url_or_host else url_or_host
        return (host or "").lower().rstrip(".").removeprefix("www.")

    @staticmethod
    def collect(candidates: dict[str, Candidate], found: Iterable[sources.FoundHost]) -> None:
        for item in found:
            candidates.setdefault(item.host, Candidate(item.host)).found.append(item)

    # --- sources besides guesses ------------------------------------------------------------

    async def fetch_page(self, url: str) -> HtmlPage | None:
        """A page read inline (https first, then http for an https address that failed
        below HTTP), or None; the portal pages are few, read before any probe."""
        response = await self.fetch(url)
        if response is None and url.startswith("https://"):
            response = await self.fetch("http://" + url.removeprefix("https://"))
        if response is None or response.status >= 400 or not isinstance(response, TextResponse):
            return None
        return HtmlPage(response.text, response.url)

    async def fetch(self, url: str) -> Response | None:
        request = scrapy.Request(url, dont_filter=True,
                                 meta={"handle_httpstatus_list": ERROR_STATUSES})  # fmt: skip
        self.crawler.stats.inc_value("opdcrawl/requests/discover")
        try:
            return await self.crawler.engine.download_async(request)
        except Exception as exc:
            self.logger.info("Tidak terjangkau: %s (%s)", url, classify_exception(exc)[1])
            return None

    async def sitemap_hosts(self, portal_url: str, domain: str) -> list[sources.FoundHost]:
        parts = urlsplit(portal_url)
        root = urlunsplit((parts.scheme, parts.netloc, "/", "", ""))
        robots = await self.fetch(root + "robots.txt")
        declared: list[str] = []
        if robots is not None and robots.status < 400 and isinstance(robots, TextResponse):
            declared = sitemaps_from_robots(robots.text, root)
        queue = declared or [root + "sitemap.xml"]
        found: list[sources.FoundHost] = []
        for _ in range(SITEMAP_DOCUMENTS):
            if not queue:
                break
            url = queue.pop(0)
            response = await self.fetch(url)
            if response is None or response.status >= 400:
                continue
            reading = parse_sitemap(response.body, url, now=self.crawl_time)
            if reading is None:
                continue
            queue.extend(reading.children)
            found.extend(sources.sitemap_hosts(reading.locations, domain, url))
        return found

    def notes_hosts(self, slug: str, domain: str) -> list[sources.FoundHost]:
        """The "Tebakan" section of the registry notes, next to the registry read."""
        source = self.seeds_source or self.settings.get("OPDCRAWL_SEEDS_DIR") or ""
        text, label = "", f"seeds/notes/{slug}.md"
        try:
            if source:
                folder = Path(source) if Path(source).is_dir() else Path(source).parent
                path = folder / "notes" / f"{slug}.md"
                text, label = (
                    (path.read_text(encoding="utf-8"), str(path)) if path.is_file() else ("", "")
                )
            else:
                resource = importlib.resources.files("seeds").joinpath("notes", f"{slug}.md")
                text = resource.read_text(encoding="utf-8") if resource.is_file() else ""
        except (OSError, UnicodeDecodeError) as exc:
            self.logger.warning("Catatan registri %s tidak dapat dibaca: %s", slug, exc)
            return []
        return sources.notes_hosts(text, domain, label) if text else []

    # --- probing ------------------------------------------------------------------------

    async def resolve(self, host: str) -> tuple[str | None, str | None]:
        """The host's address through the installed resolver (``TWISTED_DNS_RESOLVER``,
        the same object every request of this crawl resolves with), or the error class."""
        from twisted.internet import reactor

        try:
            address = await maybe_deferred_to_future(reactor.resolver.getHostByName(host))  # type: ignore[attr-defined]
        except Exception as exc:
            return None, str(classify_exception(exc)[0])
        return str(address), None

    def probe_request(
        self, region: RegionRun, candidate: Candidate, address: str, url: str
    ) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_probe,
            errback=self.probe_failed,
            dont_filter=True,
            meta={
                "region": region,
                "candidate": candidate,
                "address": address,
                "handle_httpstatus_list": ERROR_STATUSES,
            },
        )

    async def probe_failed(self, failure: Any) -> AsyncIterator[Any]:
        request = failure.request
        error_class, detail = classify_exception(failure.value)
        if request.url.startswith("https://"):
            # Many small sites answer only on port 80 (opdcrawl.scheme_fallback).
            meta = request.meta
            yield self.probe_request(meta["region"], meta["candidate"], meta["address"],
                                     "http://" + request.url.removeprefix("https://"))  # fmt: skip
            return
        self.crawler.stats.inc_value(f"opdcrawl/discover/probe/{error_class}")
        self.logger.debug("Kandidat %s tidak menjawab: %s", request.url, detail)

    async def parse_probe(self, response: Response) -> AsyncIterator[Any]:
        region: RegionRun = response.meta["region"]
        candidate: Candidate = response.meta["candidate"]
        probe = Probe(
            host=candidate.host,
            url=(response.meta.get("redirect_urls") or [response.url])[0],
            address=response.meta["address"],
            final_url=response.url,
            status=response.status,
            found=candidate.found,
        )
        page: HtmlPage | None = None
        if isinstance(response, TextResponse):
            page = HtmlPage(response.text, response.url)
            probe.facts = page_facts(page)
            if response.status < 400:
                verdict = pageclass.classify_homepage(page, response.url, response.status)
                if verdict.parked or verdict.suspended or verdict.placeholder:
                    probe.verdict = verdict.reason
        else:
            probe.error, probe.error_label = "invalid_response", info("invalid_response").label
        self.crawler.stats.inc_value("opdcrawl/discover/probe/answered")
        value = self.site_value(response)
        best: tuple[int, OpdSeed | None] = (0, None)
        for opd in region.lacking:
            names_ = OpdNames(opd.code, opd.name, opd.short_name, opd.kind)
            score = score_site(probe, names_, region.context)
            if score.points < self.min_score or value is None:
                continue
            if score.points > best[0]:
                best = (score.points, opd)
            guess = candidate.guessed_for.get(opd.code)
            found_sources = [item.source for item in candidate.found]
            where = [f"{item.source}: {item.where}" for item in candidate.found]
            if guess is not None:
                where.insert(0, f"tebakan nama: {guess.why}")
            yield Proposal(
                region=region.slug,
                opd_code=opd.code,
                channel="website",
                value=value,
                score=score.points,
                found_at=self.crawl_time,
                sources=([GUESS] if guess is not None else []) + found_sources or [GUESS],
                evidence="; ".join(score.reasons),
                found_on="; ".join(dict.fromkeys(where)) or "tebakan nama untuk OPD lain",
                title=probe.facts.title or None,
                http_status=response.status,
                address=probe.address,
            )
        points, owner = best
        if owner is not None and page is not None and response.status < 400:
            async for item in self.social_proposals(region, owner, page, points / 100):
                yield item

    @staticmethod
    def site_value(response: Response) -> str | None:
        """The registry cell a probed site would get: the root of where it answered."""
        parts = urlsplit(response.url)
        try:
            return normalise_website(urlunsplit((parts.scheme, parts.netloc, "/", "", "")))
        except SeedValueError:
            return None

    # --- social links on an OPD's own site -----------------------------------------------

    async def parse_own_site(self, response: Response) -> AsyncIterator[Any]:
        if response.status >= 400 or not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("opdcrawl/discover/own_site_unreadable")
            return
        page = HtmlPage(response.text, response.url)
        async for item in self.social_proposals(response.meta["region"], response.meta["opd"],
                                                page, 1.0):  # fmt: skip
            yield item

    async def own_site_failed(self, failure: Any) -> None:
        self.crawler.stats.inc_value("opdcrawl/discover/own_site_unreadable")
        self.logger.info("Website %s tidak terjangkau: %s", failure.request.url,
                         classify_exception(failure.value)[1])  # fmt: skip

    async def social_proposals(
        self, region: RegionRun, opd: OpdSeed, page: HtmlPage, site_weight: float
    ) -> AsyncIterator[Proposal]:
        """Proposals for the OPD's empty social cells from links on its homepage and its
        contact page (header, footer, contact), personal accounts scored down."""
        wanted = {k for k in SOCIAL_KINDS if opd.channels[k].state is ChannelState.UNKNOWN}
        if not wanted:
            return
        links = sources.social_links(page)
        contact = sources.contact_page(page)
        if contact:
            response = await self.fetch(contact)
            if (
                response is not None
                and response.status < 400
                and isinstance(response, TextResponse)
            ):
                seen = {link.url for link in links}
                more = sources.social_links(HtmlPage(response.text, response.url), contact=True)
                links += [link for link in more if link.url not in seen]
        names_ = OpdNames(opd.code, opd.name, opd.short_name, opd.kind)
        for link in links:
            if link.kind not in wanted:
                continue
            alone = sum(1 for other in links if other.kind == link.kind) == 1
            score = score_social(link, names_, region.context.region_name,
                                 site_weight=site_weight, alone=alone)  # fmt: skip
            self.crawler.stats.inc_value("opdcrawl/discover/social_links")
            if score.points < self.min_score:
                self.logger.info("Akun %s untuk %s tidak diusulkan (skor %d): %s", link.url,
                                 opd.code, score.points, "; ".join(score.reasons))  # fmt: skip
                continue
            yield Proposal(
                region=region.slug,
                opd_code=opd.code,
                channel=link.kind,
                value=link.url,
                score=score.points,
                found_at=self.crawl_time,
                sources=[OWN_SITE if site_weight >= 1 else PROPOSED_SITE],
                evidence="; ".join(score.reasons),
                found_on=link.page,
            )

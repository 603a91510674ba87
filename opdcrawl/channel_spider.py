"""What every opdcrawl spider shares: the run's scope, so a new spider is only its reading.

A spider for one kind of channel (websites, social accounts, PPID pages) declares its
``channel_kinds`` and reads them; this base class owns what is the same for all of them,
as City Bureau's ``CityScrapersSpider`` does:

* the spider arguments every run takes (``-a region=… -a opd=… -a seeds=… -a shard=i/n``);
* one crawl time per run (``OPDCRAWL_CRAWL_TIME`` for replays of captured sites), the
  "now" of every date judgement and of dateparser's relative base;
* the registry, loaded once when the crawler builds the spider, with its problems logged
  and counted, and which channels of it this run (and this shard) covers;
* the :class:`RunScope` the run recorder (``opdcrawl.run_recorder``) and the pipelines
  read as a declared attribute: they never call spider methods;
* resuming from a ``JOBDIR``: every channel whose request reached the scheduler is
  remembered in ``spider.state`` (which Scrapy saves in the JOBDIR when the crawl stops),
  and a resumed crawl does not start those again. Their requests still waiting are
  resumed from the JOBDIR's queue; the others were checked before the stop;
* refusing a run that cannot do its job before one request is made: an unknown spider
  argument (``-a regoin=demo``), a bad shard, a missing seeds folder, a region or OPD code
  not in the registry. The refusal is logged in Indonesian and the spider is closed with
  its reason from ``spider_opened`` (``CloseSpider``, Scrapy's way for a component that
  cannot start), which ``opdcrawl.run_end`` turns into the run's status and exit code.
"""

from __future__ import annotations

import inspect
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider

from opdcrawl.dates import JAKARTA
from opdcrawl.items import ChannelCheck
from opdcrawl.kinds import register as register_kind
from opdcrawl.registry import ChannelEntry, ChannelState, OpdSeed
from opdcrawl.registry import load as load_registry
from opdcrawl.run_end import EndReason


@dataclass(frozen=True)
class Refusal:
    """Why a run is refused before crawling, and what the operator reads about it."""

    reason: EndReason
    message: str


@dataclass
class RunScope:
    """What one run covers; read by the run recorder and the SQL pipeline."""

    spider: str
    crawl_time: datetime
    channel_kinds: tuple[str, ...]
    regions: list[str] = field(default_factory=list)  # region slugs of the loaded OPDs
    opds: list[OpdSeed] = field(default_factory=list)  # every OPD of those regions
    # False when a registry row had errors: a broken row must not retire its OPD.
    registry_complete: bool = True
    seed_problems: int = 0  # problems found in the registry files (logged at load)
    registry_errors: int = 0  # of which errors (rows skipped)
    refusal: Refusal | None = None  # set when the run must not crawl (see the module doc)


# spider.state key (persisted in a JOBDIR): channels whose request reached the scheduler.
SCHEDULED_KEY = "opdcrawl_scheduled"


def channel_key(region: str, opd_code: str, kind: str) -> tuple[str, str, str]:
    return (region, opd_code, kind)


def parse_shard(value: str | None) -> tuple[int, int]:
    """``-a shard=2/4`` -> (2, 4): this job takes the third of four domain shards."""
    if not value:
        return 0, 1
    try:
        index_text, count_text = value.split("/")
        index, count = int(index_text), int(count_text)
    except ValueError:
        raise ValueError(f"argumen shard tidak valid: {value!r} (contoh: shard=0/4)") from None
    if count < 1 or not 0 <= index < count:
        raise ValueError(f"argumen shard di luar rentang: {value!r} (0 <= indeks < jumlah)")
    return index, count


def shard_of(url: str, count: int) -> int:
    """Stable shard of a channel by host, so one domain's politeness stays in one job.

    Social accounts share a platform host, so their shard is taken from the whole address
    (``instagram.com/dinkes.kota``), which spreads them while staying stable.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    key = host if not parts.path.strip("/") or _is_site(host) else host + parts.path.lower()
    return zlib.crc32(key.encode("utf-8")) % count


_PLATFORM_HOSTS = ("instagram.com", "facebook.com", "youtube.com", "x.com", "twitter.com",
                   "tiktok.com")  # fmt: skip


def _is_site(host: str) -> bool:
    return not any(host == name or host.endswith("." + name) for name in _PLATFORM_HOSTS)


def split_arg(value: str | None) -> list[str]:
    """``-a region=kota-serang,demo`` -> ["kota-serang", "demo"]; "all" or empty -> []."""
    if not value or value.strip().lower() in {"all", "semua", "*"}:
        return []
    return [part.strip() for part in value.split(",") if part.strip()]


def crawl_time_from(value: str | None) -> datetime:
    """The run's crawl time: now, or a fixed ISO time for replaying captured sites.

    Captured pages (tests/fixtures/real_cms) are judged as of their capture, so a replay
    run sets ``OPDCRAWL_CRAWL_TIME``; a time without a zone is read as WIB.
    """
    if not value:
        return datetime.now(JAKARTA).replace(microsecond=0)
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(
            f"OPDCRAWL_CRAWL_TIME tidak valid: {value!r} (contoh: 2026-12-01T09:20:00+07:00)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=JAKARTA)
    return moment.astimezone(JAKARTA).replace(microsecond=0)


class ChannelSpider(scrapy.Spider):
    """Base of every opdcrawl spider; subclasses set ``name`` and ``channel_kinds``.

    A subclass takes its own spider arguments as keyword parameters of its ``__init__``
    (``platform`` of the social spider); those are the arguments it accepts, with the
    shared ones below. One read from ``kwargs`` instead is named in ``extra_arguments``.
    Any other ``-a name=…`` refuses the run; names starting with "_" are the scheduler's
    (Scrapyd passes ``_job``) and pass.
    """

    channel_kinds: ClassVar[tuple[str, ...]] = ()
    extra_arguments: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A spider for a kind of channel not built in makes that kind known (``kinds``)."""
        super().__init_subclass__(**kwargs)
        for kind in cls.channel_kinds:
            register_kind(kind)

    def __init__(
        self,
        region: str | None = None,
        opd: str | None = None,
        seeds: str | None = None,
        shard: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        unknown = sorted(
            name for name in kwargs if not name.startswith("_") and name not in self.extra_arguments
        )
        super().__init__(*args, **kwargs)
        self.refusal: Refusal | None = None
        self.regions = split_arg(region)
        self.opd_codes = {code.upper() for code in split_arg(opd)}
        self.seeds_source = seeds
        self.shard_index, self.shard_count = 0, 1
        if unknown:
            self.refuse(
                EndReason.BAD_ARGUMENT,
                f"argumen spider tidak dikenal: {', '.join(unknown)}. Argumen yang dikenal "
                f"untuk spider {self.name}: {', '.join(self.known_arguments())} "
                "(contoh: -a region=kota-serang)",
            )
        try:
            self.shard_index, self.shard_count = parse_shard(shard)
        except ValueError as exc:
            self.refuse(EndReason.BAD_ARGUMENT, str(exc))
        self.crawl_time = crawl_time_from(None)
        self.scope = RunScope(spider=self.name, crawl_time=self.crawl_time,
                              channel_kinds=self.channel_kinds)  # fmt: skip

    @classmethod
    def known_arguments(cls) -> list[str]:
        """The ``-a`` names this spider reads: ``__init__`` parameters along its classes."""
        names = set(cls.extra_arguments)
        for klass in cls.__mro__:
            if "__init__" not in vars(klass) or not issubclass(klass, ChannelSpider):
                continue
            for parameter in inspect.signature(klass.__init__).parameters.values():
                if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
                    names.add(parameter.name)
        names.discard("self")
        return sorted(names)

    def refuse(self, reason: EndReason, message: str) -> None:
        """Refuse this run (the first refusal stands): no request will be made."""
        if self.refusal is None:
            self.refusal = Refusal(reason, message)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ChannelSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.opened, signal=signals.spider_opened)
        try:
            spider.crawl_time = crawl_time_from(crawler.settings.get("OPDCRAWL_CRAWL_TIME"))
        except ValueError as exc:
            spider.refuse(EndReason.BAD_ARGUMENT, str(exc))
        if spider.refusal is None:
            spider.scope = spider.load_scope()
        spider.scope.refusal = spider.refusal
        crawler.signals.connect(spider.note_scheduled, signal=signals.request_scheduled)
        return spider

    def opened(self, spider: scrapy.Spider) -> None:
        """Close a refused run before its first request, with the refusal's reason."""
        self.crawler.stats.set_value("opdcrawl/registry_errors", self.scope.registry_errors)
        if self.refusal is not None:
            self.logger.error("Crawl dibatalkan: %s", self.refusal.message)
            raise CloseSpider(str(self.refusal.reason))

    def seeds_problem(self, source: str) -> str | None:
        """Why the seeds folder or file given cannot be read, naming its full path."""
        path = os.path.abspath(source)
        if not os.path.exists(path):
            return f"folder seeds tidak ditemukan: {path}"
        readable = os.access(path, os.R_OK | (os.X_OK if os.path.isdir(path) else 0))
        if not readable:
            return f"folder seeds tidak dapat dibaca (izin akses): {path}"
        return None

    def scheduled_channels(self) -> set[tuple[str, str, str]] | None:
        """Channels already scheduled in this job (a set kept in the JOBDIR's state), or
        None when the crawl has no JOBDIR."""
        state = getattr(self, "state", None)
        if not isinstance(state, dict):
            return None
        return state.setdefault(SCHEDULED_KEY, set())

    def note_scheduled(self, request: scrapy.Request, spider: Any = None) -> None:
        check = request.meta.get("check")
        scheduled = self.scheduled_channels()
        if scheduled is not None and isinstance(check, ChannelCheck):
            scheduled.add(channel_key(check.region, check.opd_code, check.channel))

    def load_scope(self) -> RunScope:
        """The selected regions' registry, loaded once; problems logged and counted, and
        the run refused when a region or OPD code asked for is not in it."""
        source = self.seeds_source or self.settings.get("OPDCRAWL_SEEDS_DIR") or None
        problem = self.seeds_problem(source) if source else None
        if problem:
            self.refuse(EndReason.SEEDS_UNREADABLE, problem)
            return self.scope
        registry = load_registry(source, self.regions or None)
        for seed_problem in registry.problems:
            self.logger.warning("Registri: %s", seed_problem)
        opds = registry.for_regions(self.regions or None)
        where = os.path.abspath(source) if source else "seeds bawaan paket"
        missing = sorted(set(self.regions) - {opd.region_slug for opd in opds})
        if missing:
            self.refuse(
                EndReason.UNKNOWN_REGION,
                f"wilayah tidak ada di registri ({where}): "
                + ", ".join(f"{slug} (berkas {slug}.csv)" for slug in missing),
            )
        codes = {opd.code.upper() for opd in opds}
        unknown_codes = sorted(self.opd_codes - codes)
        if unknown_codes:
            self.refuse(
                EndReason.UNKNOWN_OPD,
                f"kode OPD tidak ada di registri wilayah yang dipilih: {', '.join(unknown_codes)}",
            )
        return RunScope(
            spider=self.name,
            crawl_time=self.crawl_time,
            channel_kinds=self.channel_kinds,
            regions=sorted({opd.region_slug for opd in opds}),
            opds=opds,
            registry_complete=not registry.errors,
            seed_problems=len(registry.problems),
            registry_errors=len(registry.errors),
        )

    def selected_opds(self) -> list[OpdSeed]:
        """The scope's OPDs, narrowed by ``-a opd=…`` (unknown codes refused the run)."""
        opds = self.scope.opds
        if not self.opd_codes:
            return opds
        return [opd for opd in opds if opd.code.upper() in self.opd_codes]

    def shard_channels(self) -> Iterator[tuple[OpdSeed, ChannelEntry]]:
        """Registered channels of this spider's kinds, in this run's shard."""
        for opd in self.selected_opds():
            for kind in self.channel_kinds:
                entry = opd.channels.get(kind)
                if entry is None or entry.state is not ChannelState.REGISTERED or not entry.url:
                    continue
                if shard_of(entry.url, self.shard_count) != self.shard_index:
                    continue
                yield opd, entry

    def already_scheduled(self, opd: OpdSeed, entry: ChannelEntry) -> bool:
        """Whether a resumed job's earlier part already scheduled this channel."""
        scheduled = self.scheduled_channels() or set()
        return channel_key(opd.region_slug, opd.code, entry.kind) in scheduled

    def channels(self) -> Iterator[tuple[OpdSeed, ChannelEntry]]:
        """The shard's channels to start; in a resumed job, not those its earlier part
        already scheduled (``opdcrawl/resume_skipped``, the same on every pass)."""
        skipped = 0
        for opd, entry in self.shard_channels():
            if self.already_scheduled(opd, entry):
                skipped += 1
                continue
            yield opd, entry
        if skipped:
            self.crawler.stats.set_value("opdcrawl/resume_skipped", skipped)

    def planned_channels(self) -> int:
        """How many channels this run will check (the progress line's total)."""
        return sum(1 for _ in self.channels())

    def new_check(self, opd: OpdSeed, entry: ChannelEntry) -> ChannelCheck:
        """An empty check of one channel for this run, counted in ``opdcrawl/channels``."""
        self.crawler.stats.inc_value("opdcrawl/channels")
        self.crawler.stats.inc_value(f"opdcrawl/channels/{entry.kind}")
        return ChannelCheck(
            region=opd.region_slug,
            opd_code=opd.code,
            channel=entry.kind,
            url=entry.url or "",
            checked_at=self.crawl_time,
        )

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
  resumed from the JOBDIR's queue; the others were checked before the stop.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler

from opdcrawl.dates import JAKARTA
from opdcrawl.items import ChannelCheck
from opdcrawl.kinds import register as register_kind
from opdcrawl.registry import ChannelEntry, ChannelState, OpdSeed
from opdcrawl.registry import load as load_registry


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
    """Base of every opdcrawl spider; subclasses set ``name`` and ``channel_kinds``."""

    channel_kinds: ClassVar[tuple[str, ...]] = ()

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
        super().__init__(*args, **kwargs)
        self.regions = split_arg(region)
        self.opd_codes = {code.upper() for code in split_arg(opd)}
        self.seeds_source = seeds
        self.shard_index, self.shard_count = parse_shard(shard)
        self.crawl_time = crawl_time_from(None)
        self.scope = RunScope(spider=self.name, crawl_time=self.crawl_time,
                              channel_kinds=self.channel_kinds)  # fmt: skip

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ChannelSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.crawl_time = crawl_time_from(crawler.settings.get("OPDCRAWL_CRAWL_TIME"))
        spider.scope = spider.load_scope()
        crawler.signals.connect(spider.note_scheduled, signal=signals.request_scheduled)
        return spider

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
        """The selected regions' registry, loaded once; problems logged and counted."""
        source = self.seeds_source or self.settings.get("OPDCRAWL_SEEDS_DIR") or None
        registry = load_registry(source, self.regions or None)
        for problem in registry.problems:
            self.logger.warning("Registri: %s", problem)
        opds = registry.for_regions(self.regions or None)
        for slug in sorted(set(self.regions) - {opd.region_slug for opd in opds}):
            self.logger.error("Wilayah '%s' tidak ada di registri (seeds/%s.csv)", slug, slug)
        return RunScope(
            spider=self.name,
            crawl_time=self.crawl_time,
            channel_kinds=self.channel_kinds,
            regions=sorted({opd.region_slug for opd in opds}),
            opds=opds,
            registry_complete=not registry.errors,
            seed_problems=len(registry.problems),
        )

    def selected_opds(self) -> list[OpdSeed]:
        """The scope's OPDs, narrowed by ``-a opd=…`` (unknown codes are logged)."""
        opds = self.scope.opds
        if not self.opd_codes:
            return opds
        chosen = [opd for opd in opds if opd.code.upper() in self.opd_codes]
        for code in sorted(self.opd_codes - {opd.code.upper() for opd in chosen}):
            self.logger.error("Kode OPD '%s' tidak ada di registri wilayah yang dipilih", code)
        return chosen

    def channels(self) -> Iterator[tuple[OpdSeed, ChannelEntry]]:
        """Registered channels of this spider's kinds, in this run's shard; in a resumed
        job, not those its earlier part already scheduled."""
        scheduled = self.scheduled_channels() or set()
        for opd in self.selected_opds():
            for kind in self.channel_kinds:
                entry = opd.channels.get(kind)
                if entry is None or entry.state is not ChannelState.REGISTERED or not entry.url:
                    continue
                if shard_of(entry.url, self.shard_count) != self.shard_index:
                    continue
                if channel_key(opd.region_slug, opd.code, kind) in scheduled:
                    self.crawler.stats.inc_value("opdcrawl/resume_skipped")
                    continue
                yield opd, entry

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

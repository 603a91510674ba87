"""Registry rows skipped for errors, per region, so a report never shrinks silently.

A registry row with an error (a bad kind, a duplicate code, a broken file) is left out
of the crawl and of ``opdcrawl db sync`` while the good rows still run. The database
cannot tell such an OPD from one that does not exist, so the report reads the registry
again (``opdcrawl.registry.load``: the same folder or file the crawl used) and lists
every skipped row of its regions, with file, line and reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from opdcrawl import registry


@dataclass(frozen=True)
class SkippedRow:
    file: str
    line: int  # 1-based physical line; 0 when the whole file was skipped
    reason: str  # Bahasa Indonesia, from the registry loader

    @property
    def where(self) -> str:
        """``seeds/kota-serang.csv:5`` (the file alone when the whole file was skipped)."""
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class RegistryCheck:
    """What the registry of one region says about rows the report cannot show."""

    source: str  # the folder or file read, as the operator named it
    found: bool  # False: the region's registry file was not among those read
    skipped: tuple[SkippedRow, ...] = field(default_factory=tuple)


PACKAGED_SOURCE = "seeds bawaan paket opdcrawl"


def _region_of(label: str) -> str:
    """Region slug of a registry file label: its name without the extension."""
    return Path(label).name.split(".", 1)[0]


def registry_checks(source: str | None, slugs: Iterable[str]) -> dict[str, RegistryCheck]:
    """Region slug -> its ``RegistryCheck``, from the registry at ``source`` (a folder or
    a file; None: the seeds packaged with opdcrawl, as a crawl without ``seeds`` uses)."""
    wanted = list(dict.fromkeys(slugs))
    loaded = registry.load(source, wanted or None)
    read = {_region_of(label) for label in loaded.sources}
    checks: dict[str, RegistryCheck] = {}
    for slug in wanted:
        rows = tuple(
            SkippedRow(problem.file, problem.line, problem.message)
            for problem in loaded.errors
            if _region_of(problem.file) == slug and problem.file in loaded.sources
        )
        checks[slug] = RegistryCheck(source or PACKAGED_SOURCE, slug in read, rows)
    return checks

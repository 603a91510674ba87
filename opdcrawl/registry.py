"""The registry of OPDs and their channels, loaded from ``seeds/<region-slug>.csv``.

Types first; loading and validation below. A channel has three states that are kept
apart all the way to the reports: a URL or handle (registered), an empty cell
(unknown: nobody has filled it in) and ``-`` (confirmed: the OPD has none).
"""

from __future__ import annotations

import csv
import difflib
import importlib.resources
import io
import ipaddress
import pkgutil
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

from opdcrawl.vocabulary import CHANNEL_KINDS, OPD_KINDS

ERROR = "error"
WARNING = "warning"


class ChannelState(StrEnum):
    REGISTERED = "registered"
    UNKNOWN = "unknown"
    NONE = "none"


@dataclass(frozen=True)
class ChannelEntry:
    kind: str  # one of vocabulary.CHANNEL_KINDS
    state: ChannelState
    url: str | None = None  # normalised absolute URL when registered
    raw: str = ""  # the cell as written in the CSV


@dataclass(frozen=True)
class OpdSeed:
    region_slug: str  # from the file name: seeds/kota-serang.csv -> "kota-serang"
    region_name: str  # from the "region" column: "Kota Serang"
    code: str  # unique within the region
    name: str
    short_name: str
    kind: str  # one of vocabulary.OPD_KINDS
    channels: dict[str, ChannelEntry]  # every kind in CHANNEL_KINDS is present
    notes: str = ""
    source: str = ""  # "seeds/kota-serang.csv:5", for messages

    @property
    def website(self) -> ChannelEntry:
        return self.channels["website"]


@dataclass(frozen=True)
class SeedProblem:
    file: str
    line: int  # 1-based physical line; 0 when the whole file is at fault
    message: str  # Bahasa Indonesia, for operators
    severity: str = ERROR  # ERROR rejects the row (or file); WARNING only informs

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        prefix = "" if self.is_error else "peringatan: "
        return f"{self.file}:{self.line}: {prefix}{self.message}"


@dataclass
class Registry:
    opds: list[OpdSeed] = field(default_factory=list)
    problems: list[SeedProblem] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # file labels read, in order

    @property
    def errors(self) -> list[SeedProblem]:
        return [problem for problem in self.problems if problem.is_error]

    @property
    def warnings(self) -> list[SeedProblem]:
        return [problem for problem in self.problems if not problem.is_error]

    @property
    def ok(self) -> bool:
        """No errors; warnings alone (a BOM, stray spaces) do not make a registry bad."""
        return not self.errors

    def regions(self) -> dict[str, str]:
        """Region slug -> region name, in file order."""
        return {opd.region_slug: opd.region_name for opd in self.opds}

    def for_regions(self, slugs: list[str] | None) -> list[OpdSeed]:
        if not slugs:
            return list(self.opds)
        wanted = set(slugs)
        return [opd for opd in self.opds if opd.region_slug in wanted]

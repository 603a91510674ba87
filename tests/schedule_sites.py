"""A small loopback site set for the scheduling tests, away from the demo's fixed addresses.

Six demo OPDs (no JavaScript-only site, so no Chromium) served on 127.0.2.1-6 at free
ports, with a seeds folder whose ``demo.csv`` lists only them. Shards are taken from the
host name, and these six hosts fall three in each of two shards, so both halves of a
two-node round have work.
"""

from __future__ import annotations

import csv
import dataclasses
import importlib.resources
from pathlib import Path

from opdcrawl.demo.server import DemoServer
from opdcrawl.demo.sites import DEMO_SITES, SiteSpec
from opdcrawl.registry import COLUMNS, DEMO_REGION

CODES = ("DEMO-01", "DEMO-02", "DEMO-03", "DEMO-04", "DEMO-05", "DEMO-06")


def site_specs() -> dict[str, SiteSpec]:
    """The six OPDs, each moved to its own 127.0.2.x address."""
    return {
        code: dataclasses.replace(DEMO_SITES[code], host=f"127.0.2.{number}")
        for number, code in enumerate(CODES, start=1)
    }


def site_server() -> DemoServer:
    """Not started; every site on its own address at a free port."""
    return DemoServer(site_specs(), port=0)


def write_seeds(urls: dict[str, str], folder: Path) -> Path:
    """``folder/demo.csv``: the packaged demo rows of ``CODES``, websites where they listen."""
    text = (importlib.resources.files("seeds") / "demo.csv").read_text(encoding="utf-8")
    rows = [row for row in csv.DictReader(text.splitlines()) if row["code"] in CODES]
    assert {row["code"] for row in rows} == set(CODES)
    for row in rows:
        row["website"] = urls[row["code"]]
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{DEMO_REGION}.csv").open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return folder

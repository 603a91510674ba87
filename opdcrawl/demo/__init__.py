"""Bundled demo: twelve OPD of "Kota Demo" and a set of hostile sites, all on loopback.

The demo lets anyone see every category and date trap without touching a real
government server, and gives end-to-end tests a crawl whose right answers are known
(``DEMO_SITES[code].expected_category``). Names are imported lazily so that
``python -m opdcrawl.demo.server`` does not load its own module twice.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from opdcrawl.demo.hostile import HOSTILE_NAMES, HostileServer
    from opdcrawl.demo.server import DemoServer
    from opdcrawl.demo.sites import DEMO_SITES, DemoSite, Response, SiteSpec, make_site

_WHERE = {
    "DEMO_SITES": "sites",
    "DemoSite": "sites",
    "Response": "sites",
    "SiteSpec": "sites",
    "make_site": "sites",
    "DemoServer": "server",
    "HOSTILE_NAMES": "hostile",
    "HostileServer": "hostile",
}

__all__ = [
    "DEMO_SITES",
    "HOSTILE_NAMES",
    "DemoServer",
    "DemoSite",
    "HostileServer",
    "Response",
    "SiteSpec",
    "make_site",
]


def __getattr__(name: str) -> object:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)

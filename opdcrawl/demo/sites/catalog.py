"""Which site class serves which CMS shape, and building the site for one demo OPD."""

from __future__ import annotations

from datetime import datetime

from opdcrawl.demo.sites.base import DemoSite
from opdcrawl.demo.sites.js_only import JavaScriptSite
from opdcrawl.demo.sites.kabserang import SerangCustomSite
from opdcrawl.demo.sites.lokomedia import LokomediaSite
from opdcrawl.demo.sites.opd import SiteSpec
from opdcrawl.demo.sites.opensid import OpenSIDSite
from opdcrawl.demo.sites.parked import ParkedSite
from opdcrawl.demo.sites.popojicms import PopojiSite
from opdcrawl.demo.sites.sekolahku import SekolahkuSite
from opdcrawl.demo.sites.static import StaticSite
from opdcrawl.demo.sites.wordpress import HardenedWordPressSite, WordPressSite

SITE_CLASSES: dict[str, type[DemoSite]] = {
    cls.shape: cls
    for cls in (
        WordPressSite,
        HardenedWordPressSite,
        PopojiSite,
        SekolahkuSite,
        OpenSIDSite,
        LokomediaSite,
        JavaScriptSite,
        ParkedSite,
        StaticSite,
        SerangCustomSite,
    )
}


def make_site(spec: SiteSpec, now: datetime, base_url: str | None = None) -> DemoSite:
    """Build the site for ``spec`` as it looks at ``now``, with links under ``base_url``."""
    site_class = SITE_CLASSES.get(spec.shape)
    if site_class is None:
        raise ValueError(f"{spec.code} ({spec.shape}) is not served by the demo")
    return site_class(spec, now, base_url or spec.url or "http://127.0.0.1/")

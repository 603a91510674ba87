"""Content of the bundled demo sites: one module per CMS shape found on OPD websites.

The demo must show every category and every date trap from DESIGN.md on whatever day it
is run, so each site counts its posts backwards from a ``now`` given at start-up
(``posts``). A site is a tiny router from a request to a ``Response`` (``base``) and
knows nothing about sockets; ``opdcrawl.demo.server`` puts the sites on loopback.
"""

from opdcrawl.demo.sites.base import DemoSite
from opdcrawl.demo.sites.catalog import SITE_CLASSES, make_site
from opdcrawl.demo.sites.dates import (
    DAYS_ID,
    JAKARTA,
    MONTHS_ID,
    id_date,
    jakarta_now,
    years_before,
)
from opdcrawl.demo.sites.opd import DEMO_PORT, DEMO_SITES, SiteSpec
from opdcrawl.demo.sites.posts import DemoPost
from opdcrawl.demo.sites.responses import Response

__all__ = [
    "DAYS_ID",
    "DEMO_PORT",
    "DEMO_SITES",
    "JAKARTA",
    "MONTHS_ID",
    "SITE_CLASSES",
    "DemoPost",
    "DemoSite",
    "Response",
    "SiteSpec",
    "id_date",
    "jakarta_now",
    "make_site",
    "years_before",
]

"""robots.txt read once per host, its ``Sitemap:`` lines kept for the spider.

Scrapy's RobotsTxtMiddleware downloads every host's robots.txt before the homepage. The
spider also wants the sitemaps robots.txt declares; asking for the file again would cost
one more request on every site that gets as far as sitemaps, so this parser (set as
``ROBOTSTXT_PARSER``) keeps them, and the spider collects them from Scrapy's public
``robots_parsed`` signal.
"""

from __future__ import annotations

from scrapy.robotstxt import ProtegoRobotParser
from scrapy.spiders import Spider


class SitemapRobotParser(ProtegoRobotParser):
    """Scrapy's default (Protego) parser, plus the sitemap URLs as written in the file."""

    def __init__(self, robotstxt_body: bytes, spider: Spider | None) -> None:
        super().__init__(robotstxt_body, spider)
        self.sitemaps: tuple[str, ...] = tuple(self.rp.sitemaps)

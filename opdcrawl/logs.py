"""Log hygiene for national-scale runs.

Scrapy logs an unreachable site's robots.txt failure as an ERROR with a full traceback.
With tens of thousands of sites, a few percent of them dead, that buries real errors and
makes the ERROR count useless for alerting; the site's failure and its reason are stored
in SQL anyway, so one warning line is enough.
"""

from __future__ import annotations

import logging

ROBOTS_LOGGER = "scrapy.downloadermiddlewares.robotstxt"


class RobotsFailureAsWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR and str(record.msg).startswith("Error downloading"):
            record.levelno = logging.WARNING
            record.levelname = "WARNING"
            record.exc_info = None
            record.exc_text = None
        return True


def quiet_robots_failures() -> None:
    """Install the filter once per process."""
    logger = logging.getLogger(ROBOTS_LOGGER)
    if not any(isinstance(f, RobotsFailureAsWarning) for f in logger.filters):
        logger.addFilter(RobotsFailureAsWarning())

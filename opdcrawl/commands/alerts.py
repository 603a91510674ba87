"""``opdcrawl alerts``: send what changed since the last notified run.

Run it after a crawl (or from the scheduler). It compares each region's latest state
with the state its last run saw, stores each new alert once with a delivery per
recipient of the recipients file (``--config``, TOML), and sends every pending delivery
as one message per recipient and region, by email (SMTP) or webhook (JSON POST). Exit
code 0 when everything pending was sent, 1 when a message kept failing (it stays pending
and is retried by the next run), 2 for a bad recipients file or database.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import datetime
from types import ModuleType
from typing import TYPE_CHECKING

from opdcrawl.commands import region_list

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from opdcrawl.alerts.config import AlertsConfig

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        help="berkas penerima (TOML); bawaan: env OPDCRAWL_ALERTS_CONFIG, lalu alerts.toml",
    )
    parser.add_argument(
        "--region",
        action="append",
        metavar="SLUG",
        help="wilayah (boleh diulang atau dipisah koma); bawaan: semua wilayah di basis data",
    )
    parser.add_argument(
        "--url", help="URL basis data (bawaan: env DATABASE_URL, lalu sqlite:///opdcrawl.db)"
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="tampilkan peringatan baru tanpa mencatat atau mengirim apa pun",
    )


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from opdcrawl import settings
    from opdcrawl.alerts import config as alerts_config
    from opdcrawl.alerts.wording import MESSAGES
    from opdcrawl.dates import JAKARTA
    from opdcrawl.db.engine import database_url, make_engine, session_factory

    path = Path(
        args.config or os.environ.get("OPDCRAWL_ALERTS_CONFIG") or settings.OPDCRAWL_ALERTS_CONFIG
    )
    try:
        config = alerts_config.load(path)
    except alerts_config.ConfigError as error:
        print(str(error), file=sys.stderr)
        return 2
    url = args.url or database_url(None)
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            return _run(session, config, args, lambda: datetime.now(JAKARTA), settings)
    except LookupError as error:
        print(str(error.args[0] if error.args else error), file=sys.stderr)
        return 2
    except SQLAlchemyError as error:
        safe = make_url(url).render_as_string(hide_password=True)
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        print(MESSAGES["no_schema"].format(url=safe, error=reason), file=sys.stderr)
        return 2
    finally:
        engine.dispose()


def _run(
    session: Session,
    config: AlertsConfig,
    args: argparse.Namespace,
    now: Callable[[], datetime],
    settings: ModuleType,
) -> int:
    from opdcrawl.alerts import deliver, detect, outbox
    from opdcrawl.alerts.wording import MESSAGES

    regions = detect.region_slugs(session, region_list(args.region))
    newest = detect.newest_finished_run(session)
    total = 0
    for slug, name in regions:
        found = detect.detect_region(session, slug, name, config.channels, newest)
        if args.dry_run:
            for finding in found.findings:
                print(f"  {name} — {finding.opd_name} ({finding.opd_code}): {finding.title}")
            total += len(found.findings)
            continue
        recorded = outbox.record(session, found, config, now())
        total += recorded.new_events
        if recorded.new_events:
            print(MESSAGES["detected"].format(region=name, count=recorded.new_events))
        if recorded.without_recipient:
            print(
                MESSAGES["no_recipient"].format(
                    count=recorded.without_recipient, region=name, path=config.path
                )
            )
    if args.dry_run:
        print(MESSAGES["dry_run"])
        return 0
    if not total:
        print(MESSAGES["nothing_new"])
    outcomes = deliver.send_pending(
        session,
        config,
        regions=[slug for slug, _ in regions],
        retry_times=settings.OPDCRAWL_ALERT_RETRY_TIMES,
        retry_delay=settings.OPDCRAWL_ALERT_RETRY_DELAY,
        now=now,
    )
    for outcome in outcomes:
        message = outcome.message
        values = {
            "recipient": message.recipient,
            "region": message.region_name,
            "count": len(message.events),
        }
        if outcome.sent:
            print(MESSAGES["sent"].format(**values))
        else:
            print(
                MESSAGES["failed"].format(**values, tries=outcome.tries, error=outcome.error),
                file=sys.stderr,
            )
    failed = sum(1 for outcome in outcomes if not outcome.sent)
    print(MESSAGES["summary"].format(sent=len(outcomes) - failed, failed=failed))
    return 1 if failed else 0

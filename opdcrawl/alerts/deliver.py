"""Sending what is pending: one message per recipient and region, retried, recorded.

Pending deliveries (new ones and those a previous run failed to send) are grouped by
recipient and region into one message each. A message is tried ``1 + retry_times``
times with a doubling pause; when it is accepted its deliveries become ``sent`` at once
(its own transaction), when it keeps failing they stay ``pending`` with the error, the
run reports it and ``opdcrawl alerts`` exits non-zero, and the next run tries again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from opdcrawl.alerts import message as compose
from opdcrawl.alerts import outbox
from opdcrawl.alerts.config import AlertsConfig
from opdcrawl.alerts.transports import SendError, post_webhook, send_email
from opdcrawl.db.models import Opd, Region


@dataclass(frozen=True)
class Outcome:
    message: compose.Message
    sent: bool
    tries: int
    error: str = ""


def messages(session: Session, regions: list[str] | None = None) -> list[compose.Message]:
    """Pending deliveries grouped into messages, by region then recipient."""
    names = dict(session.execute(select(Region.slug, Region.name)).all())
    grouped: dict[tuple[str, str], list[outbox.PendingAlert]] = {}
    for item in outbox.pending(session, regions):
        grouped.setdefault((item.event.region_slug, item.recipient), []).append(item)
    return [
        compose.Message(
            recipient=recipient,
            region_slug=slug,
            region_name=names.get(slug, slug),
            events=tuple(item.event for item in items),
            delivery_ids=tuple(item.delivery_id for item in items),
        )
        for (slug, recipient), items in sorted(grouped.items())
    ]


def opd_names(session: Session, region_slug: str) -> dict[str, str]:
    query = select(Opd.code, Opd.name).join(Region, Region.id == Opd.region_id)
    return dict(session.execute(query.where(Region.slug == region_slug)).all())


def _send_once(message: compose.Message, config: AlertsConfig, body: str, names: dict) -> None:
    if message.channel == "email":
        if config.smtp is None:
            raise SendError("tidak ada bagian [smtp] di berkas pengaturan")
        send_email(config.smtp, compose.email(message, body, config.smtp.sender))
    elif message.channel == "webhook":
        url = config.webhooks.get(message.target)
        if url is None:
            raise SendError(f"webhook {message.target!r} tidak ada lagi di {config.path}")
        post_webhook(url, compose.webhook_payload(message, body, names))
    else:
        raise SendError(f"saluran {message.channel!r} tidak dikenal")


def send_pending(
    session: Session,
    config: AlertsConfig,
    *,
    regions: list[str] | None = None,
    retry_times: int = 2,
    retry_delay: float = 2.0,
    now: Callable[[], datetime],
    sleep: Callable[[float], None] = time.sleep,
) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for message in messages(session, regions):
        names = opd_names(session, message.region_slug)
        body = compose.text(message, names, config.dashboard_url)
        error = ""
        tries = 0
        for attempt in range(retry_times + 1):
            if attempt:
                sleep(retry_delay * 2 ** (attempt - 1))
            tries += 1
            try:
                _send_once(message, config, body, names)
            except SendError as failure:
                error = str(failure)
                continue
            error = ""
            break
        ids = list(message.delivery_ids)
        if error:
            outbox.mark_failed(session, ids, tries, now(), error)
        else:
            outbox.mark_sent(session, ids, tries, now())
        outcomes.append(Outcome(message, not error, tries, error))
    return outcomes

"""One message per recipient and region: its subject, plain text and webhook JSON.

The text is the same in an email and in the webhook's ``text`` field (what Slack-style
chat gateways, Mattermost and Rocket.Chat show); the webhook also carries each alert as
structured data for a command-centre system. Alerts are grouped by kind, in the order
of the registry (``opdcrawl.alerts.sources``).
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from opdcrawl import __version__
from opdcrawl.alerts import wording
from opdcrawl.alerts.sources import SOURCES
from opdcrawl.db.models import AlertEvent
from opdcrawl.report.tabular import iso


@dataclass(frozen=True)
class Message:
    recipient: str  # email:<address> / webhook:<name>
    region_slug: str
    region_name: str
    events: tuple[AlertEvent, ...]
    delivery_ids: tuple[int, ...]

    @property
    def channel(self) -> str:
        return self.recipient.split(":", 1)[0]

    @property
    def target(self) -> str:
        return self.recipient.split(":", 1)[1]


def subject(message: Message) -> str:
    return wording.SUBJECT.format(region=message.region_name, count=len(message.events))


def _ordered(events: tuple[AlertEvent, ...]) -> list[tuple[str, list[AlertEvent]]]:
    kinds = list(SOURCES) + sorted({e.kind for e in events} - set(SOURCES))
    groups = [(kind, [e for e in events if e.kind == kind]) for kind in kinds]
    return [(kind, found) for kind, found in groups if found]


def text(message: Message, opd_names: dict[str, str], dashboard_url: str = "") -> str:
    """The plain-text body: greeting, one section per kind, one item per alert."""
    lines = [
        wording.GREETING.format(region=message.region_name),
        "",
        wording.INTRO.format(count=len(message.events)),
    ]
    for kind, events in _ordered(message.events):
        source = SOURCES.get(kind)
        lines += ["", source.heading if source else kind]
        for event in events:
            name = opd_names.get(event.opd_code, event.opd_code)
            lines.append(
                wording.ITEM.format(opd_name=name, opd_code=event.opd_code, title=event.title)
            )
            if event.detail:
                lines.append(wording.ITEM_DETAIL.format(detail=event.detail))
            if event.url:
                lines.append(wording.ITEM_URL.format(url=event.url))
    if dashboard_url:
        lines += ["", wording.DASHBOARD.format(url=dashboard_url)]
    lines += ["", wording.FOOTER]
    return "\n".join(lines) + "\n"


def email(message: Message, body: str, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = subject(message)
    mail["From"] = sender
    mail["To"] = message.target
    mail["X-Opdcrawl-Region"] = message.region_slug
    mail.set_content(body)  # UTF-8, quoted-printable or base64 as needed
    return mail


def webhook_payload(message: Message, body: str, opd_names: dict[str, str]) -> dict[str, Any]:
    return {
        "text": subject(message) + "\n\n" + body,
        "source": "opdcrawl",
        "opdcrawl_version": __version__,
        "region_slug": message.region_slug,
        "region_name": message.region_name,
        "alerts": [
            {
                "id": event.id,
                "kind": event.kind,
                "opd_code": event.opd_code,
                "opd_name": opd_names.get(event.opd_code, event.opd_code),
                "channel_kind": event.channel_kind,
                "title": event.title,
                "detail": event.detail,
                "url": event.url,
                "run_id": event.run_id,
                "detected_at": iso(event.detected_at),
            }
            for _, events in _ordered(message.events)
            for event in events
        ],
    }

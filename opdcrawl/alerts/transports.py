"""Sending one message: email over SMTP (``smtplib``) or a JSON POST to a webhook.

Both raise ``SendError`` with a short, credential-free reason when the other side did
not accept the message; ``deliver`` retries and records. SMTP: plain, STARTTLS (with
certificate checks) or SSL, optional login with the password from the environment.
Webhook: any 2xx is accepted; redirects are not followed (a gateway that moved must be
reconfigured, not guessed at).
"""

from __future__ import annotations

import json
import smtplib
import ssl
import urllib.error
import urllib.request
from email.message import EmailMessage
from typing import Any

from opdcrawl.alerts.config import SmtpSettings

USER_AGENT = "opdcrawl-alerts/0.1"


class SendError(Exception):
    """The message was not accepted; ``str()`` says why (no secrets)."""


def send_email(settings: SmtpSettings, mail: EmailMessage) -> None:
    try:
        if settings.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host,
                settings.port,
                timeout=settings.timeout,
                context=ssl.create_default_context(),
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with client:
            if settings.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if settings.username:
                client.login(settings.username, settings.password)
            refused = client.send_message(mail)
        if refused:
            raise SendError(f"SMTP menolak penerima: {', '.join(sorted(refused))}")
    except smtplib.SMTPResponseException as error:
        reason = (
            error.smtp_error.decode("utf-8", "replace")
            if isinstance(error.smtp_error, bytes)
            else str(error.smtp_error)
        )
        raise SendError(f"SMTP {error.smtp_code} {reason}".strip()) from error
    except (smtplib.SMTPException, OSError) as error:
        raise SendError(f"SMTP {settings.host}:{settings.port}: {error}") from error


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def post_webhook(url: str, payload: dict[str, Any], timeout: float = 20.0) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT},
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        raise SendError(f"webhook menjawab HTTP {error.code}") from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise SendError(f"webhook tidak dapat dihubungi: {reason}") from error
    if not 200 <= status < 300:
        raise SendError(f"webhook menjawab HTTP {status}")

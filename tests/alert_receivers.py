"""Real receivers on loopback for the alert tests: an SMTP server (aiosmtpd) and a
webhook endpoint (``http.server``), each able to refuse the first N messages."""

from __future__ import annotations

import json
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class SmtpReceiver:
    """aiosmtpd on 127.0.0.1: keeps every accepted message; answers 451 (try later) to
    the first ``fail_first`` DATA commands, or to all while ``always_fail`` is set."""

    def __init__(self, fail_first: int = 0) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.fail_first = fail_first
        self.always_fail = False
        self.refused = 0
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.always_fail or self.refused < self.fail_first:
            self.refused += 1
            return "451 4.3.0 Penerimaan ditunda, coba lagi"
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    @property
    def port(self) -> int:
        return self.controller.port

    def start(self) -> SmtpReceiver:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def to(self, address: str) -> list[EmailMessage]:
        return [mail for mail in self.messages if mail["To"] == address]


class WebhookReceiver:
    """A JSON endpoint on 127.0.0.1: keeps each accepted payload; answers 503 to the
    first ``fail_first`` posts, or to all while ``always_fail`` is set."""

    def __init__(self, fail_first: int = 0) -> None:
        self.payloads: list[dict[str, Any]] = []
        self.fail_first = fail_first
        self.always_fail = False
        self.refused = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if receiver.always_fail or receiver.refused < receiver.fail_first:
                    receiver.refused += 1
                    self.send_response(503)
                    self.end_headers()
                    return
                assert self.headers["Content-Type"].startswith("application/json")
                receiver.payloads.append(json.loads(body.decode("utf-8")))
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b'{"ok": true}')

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks/rahasia-token"

    def start(self) -> WebhookReceiver:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

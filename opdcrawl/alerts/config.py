"""Who hears about which alerts: the recipients file (TOML) under the operator's control.

The registry CSVs list OPDs and their channels, not the people behind them, and the
people change more often than the agencies; so recipients live in one small file the
office keeps (``alerts.toml`` by default, ``OPDCRAWL_ALERTS_CONFIG``), read with the
standard library's ``tomllib``::

    dashboard_url = "http://10.0.0.5:8050"   # optional: linked from every message
    channels = ["website"]                    # optional: channel kinds watched

    [smtp]
    host = "smtp.lebongkab.go.id"
    port = 587
    security = "starttls"        # none, starttls or ssl
    username = "opdcrawl"        # optional
    password_env = "OPDCRAWL_SMTP_PASSWORD"   # the password comes from this variable
    sender = "opdcrawl@lebongkab.go.id"

    [[email]]
    region = "kab-lebong"        # a region slug, or "*" for every region
    to = "kominfo@lebongkab.go.id"

    [[email]]
    region = "kab-lebong"
    opd = ["DINKES"]             # optional: only these OPDs' alerts
    kinds = ["category"]         # optional: only these alert kinds
    to = "admin.dinkes@lebongkab.go.id"

    [[webhook]]
    name = "command-center"      # how logs and the database name it (never the URL)
    region = "*"
    url = "https://chat-gateway.example/hooks/abc"

Secrets stay out of the file and out of the database: the SMTP password is read from the
environment, and a webhook (whose URL often holds a token) is recorded by its name.
Every problem is reported with the file, the entry and what is wrong with it.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from opdcrawl.alerts.sources import SOURCES
from opdcrawl.alerts.wording import MESSAGES
from opdcrawl.vocabulary import CHANNEL_KINDS

SECURITY_MODES: tuple[str, ...] = ("none", "starttls", "ssl")
DEFAULT_PORTS: dict[str, int] = {"none": 25, "starttls": 587, "ssl": 465}


class ConfigError(ValueError):
    """The recipients file cannot be used; ``str()`` is the Indonesian message."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    sender: str
    username: str = ""
    password_env: str = "OPDCRAWL_SMTP_PASSWORD"
    timeout: float = 20.0

    @property
    def password(self) -> str:
        return os.environ.get(self.password_env, "")


@dataclass(frozen=True)
class Route:
    """One recipient and the alerts it wants (region, optional OPDs and kinds)."""

    channel: str  # email / webhook
    target: str  # the address, or the webhook's name
    region: str  # slug or "*"
    opds: frozenset[str] | None = None
    kinds: frozenset[str] | None = None

    @property
    def recipient(self) -> str:
        """What the outbox records: ``email:<address>`` or ``webhook:<name>``."""
        return f"{self.channel}:{self.target}"

    def wants(self, region_slug: str, opd_code: str, kind: str) -> bool:
        return (
            self.region in ("*", region_slug)
            and (self.opds is None or opd_code in self.opds)
            and (self.kinds is None or kind in self.kinds)
        )


@dataclass(frozen=True)
class AlertsConfig:
    path: Path
    routes: tuple[Route, ...]
    webhooks: dict[str, str] = field(default_factory=dict)  # name -> URL
    smtp: SmtpSettings | None = None
    channels: tuple[str, ...] = ("website",)
    dashboard_url: str = ""

    def recipients(self, region_slug: str, opd_code: str, kind: str) -> list[str]:
        """Recipients of one alert, each once, in file order."""
        found = [
            route.recipient for route in self.routes if route.wants(region_slug, opd_code, kind)
        ]
        return list(dict.fromkeys(found))


def _problem(path: Path, where: str, problem: str) -> ConfigError:
    return ConfigError(MESSAGES["config_problem"].format(path=path, where=where, problem=problem))


def _text(entry: dict[str, Any], name: str, path: Path, where: str, *, required: bool) -> str:
    value = entry.get(name, "")
    if not isinstance(value, str):
        raise _problem(path, where, f"'{name}' harus teks, bukan {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise _problem(path, where, f"kolom '{name}' kosong atau tidak ada")
    return value


def _names(
    entry: dict[str, Any], name: str, path: Path, where: str, allowed: Iterable[str] | None = None
) -> frozenset[str] | None:
    if name not in entry:
        return None
    value = entry[name]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _problem(path, where, f'\'{name}\' harus daftar teks, mis. {name} = ["A", "B"]')
    names = frozenset(v.strip() for v in value)
    if allowed is not None:
        unknown = sorted(names - set(allowed))
        if unknown:
            raise _problem(
                path,
                where,
                f"'{name}' tidak dikenal: {', '.join(unknown)}; pilihan: {', '.join(allowed)}",
            )
    return names


def _check_keys(entry: Any, known: set[str], path: Path, where: str) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise _problem(path, where, "harus tabel TOML ([[...]] atau [...])")
    unknown = sorted(set(entry) - known)
    if unknown:
        raise _problem(
            path, where, f"kolom tidak dikenal: {', '.join(unknown)}; yang dikenal: "
            f"{', '.join(sorted(known))}"
        )  # fmt: skip
    return entry


def _smtp(data: Any, path: Path) -> SmtpSettings:
    where = "[smtp]"
    known = {"host", "port", "security", "sender", "username", "password_env", "timeout"}
    entry = _check_keys(data, known, path, where)
    security = _text(entry, "security", path, where, required=False) or "starttls"
    if security not in SECURITY_MODES:
        raise _problem(
            path,
            where,
            f"security {security!r} tidak dikenal; pilihan: {', '.join(SECURITY_MODES)}",
        )
    port = entry.get("port", DEFAULT_PORTS[security])
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise _problem(path, where, f"port harus angka 1–65535, bukan {port!r}")
    timeout = entry.get("timeout", 20.0)
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout <= 0:
        raise _problem(path, where, f"timeout harus angka detik lebih dari 0, bukan {timeout!r}")
    sender = _text(entry, "sender", path, where, required=True)
    if "@" not in sender:
        raise _problem(path, where, f"sender {sender!r} bukan alamat email")
    return SmtpSettings(
        host=_text(entry, "host", path, where, required=True),
        port=port,
        security=security,
        sender=sender,
        username=_text(entry, "username", path, where, required=False),
        password_env=_text(entry, "password_env", path, where, required=False)
        or "OPDCRAWL_SMTP_PASSWORD",
        timeout=float(timeout),
    )


def _route_filters(
    entry: dict[str, Any], path: Path, where: str
) -> tuple[str, frozenset[str] | None, frozenset[str] | None]:
    region = _text(entry, "region", path, where, required=True)
    opds = _names(entry, "opd", path, where)
    kinds = _names(entry, "kinds", path, where, allowed=list(SOURCES))
    return region, opds, kinds


def _http_url(url: str, path: Path, where: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise _problem(path, where, "url harus alamat http:// atau https:// lengkap")
    return url


def parse(text: str, path: Path) -> AlertsConfig:
    """The configuration in ``text`` (the contents of ``path``); ConfigError when unusable."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(MESSAGES["config_toml"].format(path=path, error=error)) from error
    known = {"smtp", "email", "webhook", "channels", "dashboard_url"}
    _check_keys(data, known, path, "tingkat atas")
    routes: list[Route] = []
    for index, entry in enumerate(data.get("email", []), start=1):
        where = f"[[email]] ke-{index}"
        entry = _check_keys(entry, {"region", "to", "opd", "kinds"}, path, where)
        region, opds, kinds = _route_filters(entry, path, where)
        address = _text(entry, "to", path, where, required=True)
        if "@" not in address or any(c.isspace() for c in address):
            raise _problem(path, where, f"to {address!r} bukan alamat email")
        routes.append(Route("email", address, region, opds, kinds))
    webhooks: dict[str, str] = {}
    for index, entry in enumerate(data.get("webhook", []), start=1):
        where = f"[[webhook]] ke-{index}"
        entry = _check_keys(entry, {"name", "region", "url", "opd", "kinds"}, path, where)
        region, opds, kinds = _route_filters(entry, path, where)
        name = _text(entry, "name", path, where, required=True)
        url = _http_url(_text(entry, "url", path, where, required=True), path, where)
        if webhooks.get(name, url) != url:
            raise _problem(path, where, f"nama webhook {name!r} sudah dipakai untuk url lain")
        webhooks[name] = url
        routes.append(Route("webhook", name, region, opds, kinds))
    smtp = _smtp(data["smtp"], path) if "smtp" in data else None
    if smtp is None and any(route.channel == "email" for route in routes):
        raise _problem(path, "[smtp]", MESSAGES["no_smtp"])
    channels = _names(data, "channels", path, "channels", allowed=CHANNEL_KINDS)
    dashboard_url = _text(data, "dashboard_url", path, "dashboard_url", required=False)
    return AlertsConfig(
        path=path,
        routes=tuple(routes),
        webhooks=webhooks,
        smtp=smtp,
        channels=tuple(k for k in CHANNEL_KINDS if k in channels) if channels else ("website",),
        dashboard_url=dashboard_url,
    )


def load(path: Path) -> AlertsConfig:
    if not path.is_file():
        raise ConfigError(MESSAGES["config_missing"].format(path=path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(MESSAGES["config_toml"].format(path=path, error=error)) from error
    return parse(text, path)

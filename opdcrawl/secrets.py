"""Keeping secrets out of logs, the database, feed exports and reports.

A crawl knows a database password (in ``DATABASE_URL``), maybe a proxy's, and the
offices' API tokens (YouTube key, X bearer token, Instagram Graph token). Scrapy logs
request URLs (an API key travels as ``?key=`` there), errors quote URLs, and the social
spider keeps the URLs it tried. :class:`Masker` replaces, in any text:

* the password of every ``scheme://user:password@host`` URL (``user:***@``);
* the value of query parameters that carry credentials (``key``, ``access_token``,
  ``token``, ``api_key``, ``password``, ``secret``, ``signature``);
* every secret value the run knows, wherever it appears: settings and environment
  variables whose names say TOKEN, KEY, SECRET, PASSWORD or PASSWD, and the passwords of
  URLs in settings and the environment (``DATABASE_URL``, ``HTTP_PROXY``, …).

Installed by the :class:`SecretMasking` extension on every log record (before Scrapy
prints its "Overridden settings"), by ``pipelines.scrub`` on every item before SQL and
feed exports, and by the run recorder on the stats it stores in ``crawl_run``.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import unquote

MASK = "***"
MIN_SECRET_LENGTH = 4  # shorter values would mask ordinary words

_SECRET_NAME = re.compile(r"(TOKEN|KEY|SECRET|PASSWORD|PASSWD|CREDENTIAL)", re.IGNORECASE)
# Names matching the above that hold no secret.
_NOT_SECRET_NAMES = frozenset({"OPDCRAWL_ALLOWED_NETWORKS"})
_URL_PASSWORD = re.compile(
    r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.-]*://(?P<user>[^:/@\s'\"]*)):(?P<pw>[^@/\s'\"]+)@"
)
_SECRET_PARAM = re.compile(
    r"(?P<head>[?&;](?:key|api_key|apikey|access_token|token|password|passwd|secret|"
    r"signature|sig|client_secret)=)(?P<value>[^&#\s'\"]+)",
    re.IGNORECASE,
)


def url_passwords(text: str) -> list[str]:
    """The passwords of the ``user:password@`` URLs in ``text`` (decoded and as written).

    A password equal to its user name is left to the URL masking alone: masking it
    everywhere would blank every mention of the user (a test database's
    ``opdcrawl:opdcrawl``), and it is no secret from anyone who sees the user name.
    """
    found: list[str] = []
    for match in _URL_PASSWORD.finditer(text):
        if unquote(match["pw"]) != unquote(match["user"]):
            found += [match["pw"], unquote(match["pw"])]
    return found


def secret_values(settings: Mapping[str, Any] | Any, environ: Mapping[str, str]) -> set[str]:
    """Every secret value a run knows, from its settings and environment."""
    pairs: list[tuple[str, Any]] = list(environ.items())
    names = settings.keys() if hasattr(settings, "keys") else []
    pairs += [(name, settings.get(name)) for name in names]
    values: set[str] = set()
    for name, value in pairs:
        if not isinstance(value, str) or not value:
            continue
        values.update(url_passwords(value))
        if _SECRET_NAME.search(name) and name not in _NOT_SECRET_NAMES:
            values.add(value)
    return {value for value in values if len(value) >= MIN_SECRET_LENGTH}


class Masker:
    """Masks secrets in text (see the module docstring)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Longest first, so a secret containing another is masked whole.
        self.secrets = sorted({s for s in secrets if len(s) >= MIN_SECRET_LENGTH}, key=len)[::-1]

    @classmethod
    def for_run(cls, settings: Any) -> Masker:
        return cls(secret_values(settings, os.environ))

    def mask(self, text: str) -> str:
        if not text:
            return text
        text = _URL_PASSWORD.sub(lambda m: f"{m['head']}:{MASK}@", text)
        text = _SECRET_PARAM.sub(lambda m: f"{m['head']}{MASK}", text)
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        return text

    def mask_value(self, value: Any) -> Any:
        """Strings masked, lists, tuples and dicts walked, anything else unchanged."""
        if isinstance(value, str):
            return self.mask(value)
        if isinstance(value, list):
            return [self.mask_value(item) for item in value]
        if isinstance(value, tuple):
            return tuple(self.mask_value(item) for item in value)
        if isinstance(value, dict):
            return {key: self.mask_value(item) for key, item in value.items()}
        return value


class SecretMaskingFilter(logging.Filter):
    """A handler filter: the record's message and traceback, masked."""

    def __init__(self, masker: Masker) -> None:
        super().__init__()
        self.masker = masker

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logging's business, not ours
            return True
        record.msg = self.masker.mask(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.masker.mask(record.exc_text)
        if record.stack_info:
            record.stack_info = self.masker.mask(record.stack_info)
        return True


def install_log_masking(masker: Masker) -> None:
    """Mask every log record of this process when it is read.

    A record factory, not a handler filter: Scrapy replaces its root log handler after
    the extensions are built (``Crawler._update_root_log_handler``), which would drop a
    filter put on it, and records of any logger reach any handler masked this way. The
    masking is lazy (:class:`_MaskedRecord`): Scrapy's loggers pass every DEBUG record on to
    the handler, which drops it, and masking each when it was made (an item's whole repr
    for "Scraped from") was half the CPU of the item pipeline on a national crawl.
    Installing again replaces the previous masker (one crawl per process).
    """
    logging.setLogRecordFactory(type("MaskedRecord", (_MaskedRecord,), {"masker": masker}))


class _MaskedRecord(logging.LogRecord):
    """A log record whose message, traceback and stack are masked when they are read.

    ``getMessage()`` (what every formatter uses) masks once and keeps the result;
    ``exc_text`` and ``stack_info`` are masked when set (``Formatter.format`` sets the
    traceback text on first formatting).
    """

    masker: Masker

    def getMessage(self) -> str:
        masked = self.__dict__.get("_masked_message")
        if masked is None:
            try:
                message = super().getMessage()
            except Exception:  # a malformed record is logging's business, not ours
                return str(self.msg)
            masked = self.__dict__["_masked_message"] = self.masker.mask(message)
        return masked

    @property  # type: ignore[override]
    def exc_text(self) -> str | None:
        return self.__dict__.get("_exc_text")

    @exc_text.setter
    def exc_text(self, value: str | None) -> None:
        self.__dict__["_exc_text"] = self.masker.mask(value) if value else value

    @property  # type: ignore[override]
    def stack_info(self) -> str | None:
        return self.__dict__.get("_stack_info")

    @stack_info.setter
    def stack_info(self, value: str | None) -> None:
        self.__dict__["_stack_info"] = self.masker.mask(value) if value else value


class SecretMasking:
    """Scrapy extension: masks secrets in every log record of the crawl.

    Scrapy builds extensions right before it logs "Overridden settings", so that line is
    masked too.
    """

    def __init__(self, masker: Masker) -> None:
        self.masker = masker
        install_log_masking(masker)

    @classmethod
    def from_crawler(cls, crawler: Any) -> SecretMasking:
        masker = Masker.for_run(crawler.settings)
        crawler.opdcrawl_masker = masker  # for pipelines.scrub and the run recorder
        return cls(masker)


def masker_of(crawler: Any) -> Masker:
    """The crawl's masker (made by the extension), or a new one from its settings."""
    masker = getattr(crawler, "opdcrawl_masker", None)
    if masker is None:
        masker = Masker.for_run(crawler.settings)
        crawler.opdcrawl_masker = masker
    return masker

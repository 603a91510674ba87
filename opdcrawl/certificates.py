"""A website's HTTPS certificate: when it expires, who issued it, and what is wrong with it.

Scrapy, like a crawler should, does not refuse a site over its certificate (it reads a
site with an expired certificate fine), so a broken certificate went unnoticed while
every visitor's browser showed a warning. This module judges the certificate chain the
site sends, as a browser would:

* :func:`assess` is pure: the chain as sent, the host, the crawl's "now" and the trusted
  roots in, a :class:`CertificateReport` out (expiry, issuer, valid for the host,
  self-signed, chain complete, trusted, and the one problem to report first);
* :func:`fetch_chain` reads the chain with one TLS handshake (no HTTP request) at the
  address the homepage was just downloaded from, so no new DNS answer is trusted
  (opdcrawl.netguard checked that address when the homepage was fetched);
* :func:`trusted_roots` loads the CA bundle (``OPDCRAWL_CA_BUNDLE``; empty = the
  system's), once per process.

Problems, first match wins: self-signed, expired (or not yet valid), wrong host,
incomplete chain (the server did not send the intermediate its leaf needs), untrusted
(the chain ends at a root nobody trusts). They are reachability classes
(``opdcrawl.reachability``: ``tls_self_signed`` …) with an Indonesian hint each.
"""

from __future__ import annotations

import hashlib
import ipaddress
import select
import socket
import ssl
import time
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from opdcrawl.reachability import ErrorClass

MAX_CHAIN = 10  # longer chains are not built further (real ones have 2-4 certificates)


@dataclass(frozen=True)
class CertificateReport:
    """What the certificate of one HTTPS site says, as of the crawl time."""

    host: str
    port: int
    subject: str
    issuer: str
    not_before: datetime
    not_after: datetime
    days_left: int  # whole days from the crawl time to not_after (negative: expired)
    valid_for_host: bool
    self_signed: bool
    expired: bool  # outside not_before .. not_after at the crawl time
    # None when the chain as sent could not be read (behind a proxy: only the leaf)
    chain_complete: bool | None
    trusted: bool | None
    chain_length: int  # certificates the server sent
    fingerprint_sha256: str  # of the leaf, hex
    problem: ErrorClass | None

    def detail(self) -> str:
        """One Indonesian line for ``error_detail``."""
        return (
            f"sertifikat {self.host}: berlaku sampai {self.not_after:%Y-%m-%d} "
            f"({self.days_left} hari lagi), penerbit {self.issuer}"
        )


def name_text(name: x509.Name) -> str:
    """The common name (or organisation) of a certificate name; the full RFC 4514 text
    when it has neither."""
    for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME):
        values = name.get_attributes_for_oid(oid)
        if values:
            return str(values[0].value)
    return name.rfc4514_string()


def is_issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """``issuer``'s key signed ``cert`` and the names match."""
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def is_self_signed(cert: x509.Certificate) -> bool:
    return cert.issuer == cert.subject and is_issued_by(cert, cert)


def valid_for_host(cert: x509.Certificate, host: str) -> bool:
    """The certificate names ``host`` (DNS name with wildcards, or IP address)."""
    from service_identity import CertificateError, VerificationError
    from service_identity.cryptography import (
        verify_certificate_hostname,
        verify_certificate_ip_address,
    )

    try:
        if _is_ip(host):
            verify_certificate_ip_address(cert, host.strip("[]"))
        else:
            verify_certificate_hostname(cert, host)
    except (CertificateError, VerificationError):
        return False
    return True


def build_chain(
    leaf: x509.Certificate, sent: list[x509.Certificate], roots: dict[x509.Name, list]
) -> tuple[bool, bool]:
    """(complete, trusted): follow issuers from the leaf through what the server sent.

    Complete: every issuer up to a trusted root or a self-signed root was available
    (sent, or in the trust store). Trusted: the chain ends at a root of the store.
    """
    current = leaf
    for _ in range(MAX_CHAIN):
        for root in roots.get(current.issuer, []):
            if is_issued_by(current, root):
                return True, True
        if is_self_signed(current):
            return True, False  # ends at a root nobody here trusts
        parent = next(
            (cert for cert in sent if cert is not current and is_issued_by(current, cert)), None
        )
        if parent is None:
            return False, False  # the issuer was neither sent nor trusted
        current = parent
    return False, False


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def assess(
    chain: list[x509.Certificate],
    host: str,
    port: int,
    now: datetime,
    roots: dict[x509.Name, list],
    *,
    chain_known: bool = True,
) -> CertificateReport:
    """Judge a certificate chain as sent by ``host`` (leaf first)."""
    leaf = chain[0]
    not_before = leaf.not_valid_before_utc
    not_after = leaf.not_valid_after_utc
    now = _aware(now).astimezone(UTC)
    expired = not (not_before <= now <= not_after)
    self_signed = is_self_signed(leaf)
    for_host = valid_for_host(leaf, host)
    complete: bool | None
    trusted: bool | None
    if chain_known or self_signed:
        complete, trusted = build_chain(leaf, chain[1:], roots)
    else:
        complete, trusted = None, None
    problem: ErrorClass | None = None
    if self_signed:
        problem = ErrorClass.TLS_SELF_SIGNED
    elif expired:
        problem = ErrorClass.TLS_EXPIRED
    elif not for_host:
        problem = ErrorClass.TLS_WRONG_HOST
    elif complete is False:
        problem = ErrorClass.TLS_INCOMPLETE_CHAIN
    elif trusted is False:
        problem = ErrorClass.TLS_UNTRUSTED
    return CertificateReport(
        host=host,
        port=port,
        subject=name_text(leaf.subject),
        issuer=name_text(leaf.issuer),
        not_before=not_before,
        not_after=not_after,
        days_left=int((not_after - now) / timedelta(days=1)),  # toward zero: -3 = 3 days ago
        valid_for_host=for_host,
        self_signed=self_signed,
        expired=expired,
        chain_complete=complete,
        trusted=trusted,
        chain_length=len(chain) if chain_known else 0,
        fingerprint_sha256=hashlib.sha256(leaf.public_bytes(Encoding.DER)).hexdigest(),
        problem=problem,
    )


@lru_cache(maxsize=4)
def trusted_roots(bundle: str = "") -> dict[x509.Name, list[x509.Certificate]]:
    """The trusted roots by subject, from a PEM bundle (empty: the system's bundle)."""
    path = bundle or ssl.get_default_verify_paths().cafile or ""
    if not path:
        import certifi

        path = certifi.where()
    roots: dict[x509.Name, list[x509.Certificate]] = {}
    marker = b"-----END CERTIFICATE-----"
    for block in Path(path).read_bytes().split(marker)[:-1]:
        try:
            with warnings.catch_warnings():  # a few old roots break RFC 5280 rules
                warnings.simplefilter("ignore")
                cert = x509.load_pem_x509_certificate(block.strip() + b"\n" + marker + b"\n")
        except ValueError:
            continue  # one unreadable root must not cost the others
        roots.setdefault(cert.subject, []).append(cert)
    return roots


def fetch_chain(address: str, port: int, host: str, timeout: float) -> list[x509.Certificate]:
    """The certificates a TLS server sends (leaf first), by one handshake, unverified.

    ``address`` is where to connect, ``host`` the name sent as SNI. Blocking: run it in a
    thread. Raises OSError (or OpenSSL.SSL.Error) when the handshake fails.
    """
    from OpenSSL import SSL

    context = SSL.Context(SSL.TLS_CLIENT_METHOD)
    context.set_verify(SSL.VERIFY_NONE, lambda *args: True)
    deadline = time.monotonic() + timeout
    sock = socket.create_connection((address, port), timeout=timeout)
    try:
        sock.setblocking(False)
        connection = SSL.Connection(context, sock)
        if not _is_ip(host):
            connection.set_tlsext_host_name(host.encode("idna"))
        connection.set_connect_state()
        while True:
            try:
                connection.do_handshake()
                break
            except SSL.WantReadError:
                wait_read, wait_write = [sock], []
            except SSL.WantWriteError:
                wait_read, wait_write = [], [sock]
            left = deadline - time.monotonic()
            if left <= 0 or not any(select.select(wait_read, wait_write, [], left)):
                raise TimeoutError(f"TLS handshake with {host} timed out")
        chain = connection.get_peer_cert_chain(as_cryptography=True) or []
        return list(chain)
    finally:
        sock.close()


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True

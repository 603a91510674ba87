"""Certificates made in the test: a test CA, an intermediate, and leaves good and bad.

Built with ``cryptography`` (a Scrapy dependency) the way a real CA shapes them: CA
certificates carry basicConstraints and keyUsage, leaves carry subjectAltName, and the
leaf of a real CA is signed by an intermediate, not the root.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from ipaddress import ip_address
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


@dataclass
class Issued:
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "opdcrawl uji"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _build(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: Issued | None,
    *,
    ca: bool,
    names: list[str] = (),  # type: ignore[assignment]
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer.cert.subject if issuer else _name(subject))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - timedelta(days=1))
        .not_valid_after(not_after or now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
        )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), False
        )
    if names:
        alt: list[x509.GeneralName] = []
        for name in names:
            try:
                alt.append(x509.IPAddress(ip_address(name)))
            except ValueError:
                alt.append(x509.DNSName(name))
        builder = builder.add_extension(x509.SubjectAlternativeName(alt), False)
    signer = issuer.key if issuer else key
    return builder.sign(signer, hashes.SHA256())


def new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def make_ca(name: str = "CA Uji opdcrawl") -> Issued:
    key = new_key()
    return Issued(_build(name, key, None, ca=True), key)


def make_intermediate(root: Issued, name: str = "CA Perantara Uji") -> Issued:
    key = new_key()
    return Issued(_build(name, key, root, ca=True), key)


def make_leaf(issuer: Issued | None, names: list[str], **validity: datetime) -> Issued:
    """A server certificate for ``names``; self-signed when ``issuer`` is None."""
    key = new_key()
    return Issued(_build(names[0], key, issuer, ca=False, names=names, **validity), key)


def write_pem(path: Path, certs: list[x509.Certificate]) -> Path:
    path.write_bytes(b"".join(cert.public_bytes(serialization.Encoding.PEM) for cert in certs))
    return path


def write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> Path:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return path


def server_files(folder: Path, name: str, leaf: Issued, chain: list[Issued]) -> tuple[Path, Path]:
    """(certificate chain PEM as the server sends it, key PEM) for a TLS server."""
    folder.mkdir(parents=True, exist_ok=True)
    certs = [leaf.cert, *(issued.cert for issued in chain)]
    return write_pem(folder / f"{name}.pem", certs), write_key(folder / f"{name}.key", leaf.key)

"""Registry addresses without a scheme: https first, http when https fails below HTTP.

A real ``scrapy crawl websites`` against real loopback servers: one answering only plain
http, one answering only https with a certificate from a CA made in the test (the
``cryptography`` package), and a refused port. An address written with a scheme is
crawled as written, never switched.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import text

from opdcrawl.crawl import run_crawl
from opdcrawl.db.engine import make_engine
from opdcrawl.reachability import ErrorClass
from opdcrawl.registry import load_text
from opdcrawl.scheme_fallback import http_fallback
from tests.test_spider_websites import FAST, write_seeds

PAGE = b"""<!doctype html><html lang="id"><head><title>Dinas Uji</title></head>
<body><h1>Dinas Uji</h1><p>Selamat datang di website resmi Dinas Uji.</p></body></html>"""


# --- The rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "error", "expected"),
    [
        ("dinkes.serangkota.go.id", ErrorClass.TLS_ERROR, "http://dinkes.serangkota.go.id/"),
        (
            "dinkes.serangkota.go.id/berita",
            ErrorClass.TIMEOUT,
            "http://dinkes.serangkota.go.id/berita",
        ),
        ("127.0.0.1:8443", ErrorClass.CONNECTION_REFUSED, "http://127.0.0.1:8443/"),
        ("dinkes.serangkota.go.id", "tls_certificate_expired", "http://dinkes.serangkota.go.id/"),
        # http asks the same name: a DNS failure is not retried on http
        ("dinkes.serangkota.go.id", ErrorClass.DNS_NOT_FOUND, None),
        ("dinkes.serangkota.go.id", ErrorClass.REDIRECT_LOOP, None),
        # a scheme written by the office is kept
        ("https://dinkes.serangkota.go.id", ErrorClass.TLS_ERROR, None),
        ("http://dinkes.serangkota.go.id", ErrorClass.CONNECTION_REFUSED, None),
    ],
)
def test_http_fallback_only_for_scheme_less_addresses_below_http(cell, error, expected) -> None:
    header = "region,code,name,short_name,kind,website,instagram,facebook,youtube,x,tiktok,notes"
    registry = load_text(
        f"{header}\nKota Uji,U-1,Dinas,D,dinas,{cell},,,,,,\n",
        file_label="uji.csv",
        region_slug="uji",
    )
    website = registry.opds[0].website
    assert website.scheme_given == ("://" in cell)
    got = http_fallback(website.url or "", scheme_given=website.scheme_given, error_class=error)
    assert got == expected


# --- Real servers -------------------------------------------------------------------------


class _Page(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        found = self.path == "/"
        body = PAGE if found else b"not found"
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def make_certificate(folder: Path) -> tuple[Path, Path, Path]:
    """A test CA and a server certificate it signs for 127.0.0.1: (ca, cert, key) PEMs."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "opdcrawl test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    paths = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return paths


def serve(server: ThreadingHTTPServer) -> threading.Thread:
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()
    return thread


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[dict[str, int]]:
    """Ports of an http-only server, an https-only server and a refused port."""
    ca, cert, key = make_certificate(tmp_path)
    plain = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    secure = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    secure.socket = context.wrap_socket(secure.socket, server_side=True)
    import socket

    refused = socket.socket()
    refused.bind(("127.0.0.1", 0))  # bound, never listening
    for server in (plain, secure):
        serve(server)
    # The https server really is https, with the test CA's certificate.
    client = ssl.create_default_context(cafile=str(ca))
    port = secure.server_address[1]
    with (
        socket.create_connection(("127.0.0.1", port)) as raw,
        client.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
    ):
        assert tls.version() and tls.getpeercert()["subject"]
    try:
        yield {
            "http": plain.server_address[1],
            "https": port,
            "refused": refused.getsockname()[1],
        }
    finally:
        for server in (plain, secure):
            server.shutdown()
            server.server_close()
        refused.close()


def test_crawl_falls_back_to_http_and_respects_a_written_scheme(tmp_path: Path, servers) -> None:
    host = "127.0.0.1"
    websites = {
        "HTTP-ONLY": f"{host}:{servers['http']}",  # no scheme: https fails, http answers
        "HTTPS-ONLY": f"{host}:{servers['https']}",  # no scheme: https answers
        "DEAD": f"{host}:{servers['refused']}",  # no scheme: both fail
        "SAID-HTTPS": f"https://{host}:{servers['http']}/",  # written https: kept
        "SAID-HTTP": f"http://{host}:{servers['https']}/",  # written http: kept
    }
    rows = [
        ["Kota Uji", code, f"Dinas {code}", code, "dinas", url, *[""] * 6]
        for code, url in websites.items()
    ]
    folder = write_seeds(tmp_path / "seeds", rows)
    database_url = f"sqlite:///{tmp_path / 'crawl.db'}"
    feed = tmp_path / "checks.jsonl"
    result = run_crawl(
        "websites",
        database_url=database_url,
        region="uji",
        seeds=folder,
        settings={**FAST, "RETRY_ENABLED": "False"},
        extra_args=["-O", str(feed)],
        log_file=tmp_path / "crawl.log",
        timeout=180,
    )
    log = (tmp_path / "crawl.log").read_text()
    assert result.returncode == 0, log[-3000:]
    checks = {item["opd_code"]: item for item in map(json.loads, feed.read_text().splitlines())}
    assert sorted(checks) == sorted(websites)

    # No scheme, only http answers: reached over http, and the check says so.
    http_only = checks["HTTP-ONLY"]
    assert http_only["url"] == f"https://{host}:{servers['http']}/"  # the channel's identity
    assert http_only["reachable"] and http_only["error_class"] is None
    assert http_only["final_url"] == f"http://{host}:{servers['http']}/"
    (note,) = [n for n in http_only["notes"] if "tanpa skema" in n]
    assert note == (
        "alamat di registri tanpa skema: https gagal (Galat TLS/SSL), "
        f"dicoba lewat http: http://{host}:{servers['http']}/"
    )
    # No scheme, https answers: https it is, no fallback.
    https_only = checks["HTTPS-ONLY"]
    assert https_only["reachable"]
    assert https_only["final_url"] == f"https://{host}:{servers['https']}/"
    assert not any("tanpa skema" in n for n in https_only["notes"])
    # No scheme, nothing answers: the https failure is the reason, both attempts noted.
    dead = checks["DEAD"]
    assert not dead["reachable"] and dead["error_class"] == "connection_refused"
    assert any("tanpa skema" in n for n in dead["notes"])
    assert "http juga gagal (Koneksi ditolak)" in dead["notes"]
    # Written schemes are crawled as written.
    said_https = checks["SAID-HTTPS"]
    assert not said_https["reachable"] and said_https["error_class"] == "tls_error"
    assert said_https["final_url"] is None and not said_https["notes"]
    said_http = checks["SAID-HTTP"]
    assert not said_http["reachable"] and said_http["final_url"] is None
    assert not any("tanpa skema" in n for n in said_http["notes"])

    # The database agrees: the http-only site is judged, not "Tidak Dapat Diakses".
    engine = make_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT opd_code, reachable, category FROM v_opd_latest")
        ).all()
        stats = json.loads(connection.execute(text("SELECT stats FROM crawl_run")).scalar() or "{}")
    engine.dispose()
    latest = {code: (bool(reachable), category) for code, reachable, category in rows}
    assert latest["HTTP-ONLY"] == (True, "Tidak Aktif")
    assert latest["HTTPS-ONLY"] == (True, "Tidak Aktif")
    assert latest["SAID-HTTPS"] == (False, "Tidak Dapat Diakses")
    assert stats.get("opdcrawl/scheme_fallback") == 2  # HTTP-ONLY and DEAD
    assert "Traceback" not in log

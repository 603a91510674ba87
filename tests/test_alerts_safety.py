"""Certificate and site-integrity warnings: dashboard, JSON API and ``opdcrawl alerts``.

Over the report tests' region (``report_data``, runs up to 10 March 2025) plus a round a
week later whose checks carry what a crawl stores: certificates judged by
``opdcrawl.certificates.assess`` from real X.509 chains (``tests/testcerts.py``) and
integrity findings read by ``opdcrawl.extract.integrity`` from planted pages (one with
a crawled ``<img onerror>`` in its hidden block). Messages go to a real SMTP server
(aiosmtpd) and a loopback webhook; the dashboard is the real server on loopback.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from opdcrawl import settings
from opdcrawl.alerts.sources import SOURCES
from opdcrawl.certificates import CertificateReport, assess
from opdcrawl.commands import alerts as alerts_command
from opdcrawl.db import store
from opdcrawl.db.models import AlertEvent
from opdcrawl.extract import integrity
from opdcrawl.items import ChannelCheck
from opdcrawl.report.data import load_region_reports
from opdcrawl.vocabulary import Category
from opdcrawl.web.app import create_app
from opdcrawl.web.server import BackgroundServer
from tests import test_report_data
from tests.alert_receivers import SmtpReceiver, WebhookReceiver
from tests.test_report_data import REGION, T2, check
from tests.testcerts import Issued, make_ca, make_intermediate, make_leaf
from tests.web_helpers import fetch

report_data = test_report_data.report_data  # the shared fixture, registered here

T3 = T2 + timedelta(days=7)
T4 = T3 + timedelta(days=14)
FIXTURES = Path(__file__).parent / "fixtures" / "integrity"
# A hidden gambling block whose crawled text carries markup: it must stay text.
PLANTED = """<html><head><title>Badan Riset</title></head><body>
<nav><a href="/">Beranda</a> <a href="/berita">Berita</a></nav>
<main><h1>Berita terbaru</h1><p>Rapat koordinasi riset daerah digelar di aula.</p></main>
<div style="display:none">Situs slot gacor maxwin &lt;img src=x onerror=alert(3)&gt;
<a href="https://gacor-hoki.example/">slot gacor hari ini</a></div>
</body></html>"""
PLANTED_SNIPPET = "<img src=x onerror=alert(3)>"


@pytest.fixture(scope="module")
def pki() -> dict[str, Issued]:
    root = make_ca()
    return {"root": root, "intermediate": make_intermediate(root)}


@pytest.fixture(scope="module")
def chains(pki: dict[str, Issued]) -> dict[str, list[Issued]]:
    """The certificate each site serves (fixed for the module: the same certificate is
    seen again by the next round)."""
    inter = pki["intermediate"]

    def leaf(issuer: Issued | None, code: str, start: datetime, end: datetime) -> Issued:
        return make_leaf(issuer, [f"{code}.uji.go.id"], not_before=start, not_after=end)

    return {
        "A": [leaf(inter, "a", T3 - timedelta(days=80), T3 + timedelta(days=10)), inter],
        "F": [leaf(inter, "f", T3 - timedelta(days=92), T3 - timedelta(days=2)), inter],
        "H": [leaf(None, "h", T3 - timedelta(days=30), T3 + timedelta(days=300))],
        "I": [leaf(inter, "i", T3 - timedelta(days=30), T3 + timedelta(days=200)), inter],
    }


def certificate(chain: list[Issued], code: str, at: datetime, root: Issued) -> CertificateReport:
    roots = {root.cert.subject: [root.cert]}
    return assess([c.cert for c in chain], f"{code.lower()}.uji.go.id", 443, at, roots)


def round_checks(
    at: datetime, chains: dict[str, list[Issued]], root: Issued, *, defaced: bool = False
) -> list[ChannelCheck]:
    """One websites round as a crawl would store it: certificates and integrity findings."""
    K = Category
    checks = {
        "A": check("A", at, K.AKTIF, 90, last=at - timedelta(days=2), posts_90d=9),
        "B": check("B", at, K.TIDAK_AKTIF, 10, last=T2 - timedelta(days=200), posts_90d=0,
                   spam_terms=["slot gacor"]),
        "F": check("F", at, K.KURANG_AKTIF, 60),
        "H": check("H", at, K.KURANG_AKTIF, 60, posts_90d=5),
        "I": check("I", at, K.KURANG_AKTIF, 60),
        "K": check("K", at, K.KURANG_AKTIF, 60, last=at - timedelta(days=20), posts_90d=1),
    }  # fmt: skip
    for code, chain in chains.items():
        checks[code].certificate = certificate(chain, code, at, root)
    b_url, k_url = "https://b.uji.go.id/", "https://k.uji.go.id/"
    checks["B"].integrity = [integrity.spam_text_finding(PLANTED, b_url, ["slot gacor"])]
    injected = (FIXTURES / "visible_injected_links.html").read_text(encoding="utf-8")
    found = integrity.page_findings(PLANTED, k_url) + integrity.page_findings(injected, k_url)
    if defaced:
        found += integrity.page_findings((FIXTURES / "defaced.html").read_text(), k_url)
    checks["K"].integrity = found
    return list(checks.values())


def record_round(session: Session, at: datetime, checks: list[ChannelCheck]) -> int:
    run = store.start_run(session, spider="websites", regions=[REGION], crawl_time=at,
                          version="test")  # fmt: skip
    for item in checks:
        store.record_check(session, run, item)
    store.finish_run(session, run, status="finished", stats={}, finished_at=at)
    return run


@pytest.fixture
def third_round(db_session: Session, report_data: dict, chains: dict, pki: dict) -> dict[str, int]:
    run3 = record_round(db_session, T3, round_checks(T3, chains, pki["root"]))
    return {**report_data, "run3": run3}


@pytest.fixture
def smtp() -> Iterator[SmtpReceiver]:
    receiver = SmtpReceiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def webhook() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver().start()
    yield receiver
    receiver.stop()


def write_config(tmp_path: Path, smtp: SmtpReceiver, webhook: WebhookReceiver) -> Path:
    path = tmp_path / "alerts.toml"
    path.write_text(
        f"""
[smtp]
host = "127.0.0.1"
port = {smtp.port}
security = "none"
sender = "opdcrawl@kominfo.uji.go.id"

[[email]]
region = "{REGION}"
to = "kominfo@uji.go.id"

[[email]]
region = "{REGION}"
kinds = ["certificate"]
to = "tik@uji.go.id"

[[webhook]]
name = "command-center"
region = "{REGION}"
url = "{webhook.url}"
""",
        encoding="utf-8",
    )
    return path


def run_alerts(db_url: str, config: Path) -> int:
    parser = argparse.ArgumentParser()
    alerts_command.add_arguments(parser)
    return alerts_command.run(parser.parse_args(["--url", db_url, "--config", str(config)]))


def body_of(mail) -> str:
    return mail.get_content().replace("\r\n", "\n")  # SMTP lines end CRLF


def test_first_run_announces_certificates_and_integrity_findings_once_each(
    db_url: str,
    db_session: Session,
    third_round: dict,
    smtp: SmtpReceiver,
    webhook: WebhookReceiver,
    tmp_path: Path,
) -> None:
    assert run_alerts(db_url, write_config(tmp_path, smtp, webhook)) == 0
    (mail,) = smtp.to("kominfo@uji.go.id")
    body = body_of(mail)
    # Certificates, most urgent first: expired, expiring within 30 days, self-signed.
    expired = body.index("- Dinas Baru (F): Sertifikat HTTPS Website kedaluwarsa")
    expiring = body.index("- Dinas Kesehatan (A): Sertifikat HTTPS Website berakhir dalam 10 hari")
    self_signed = body.index(
        "- Dinas Pariwisata (H): Sertifikat HTTPS Website bermasalah: "
        "Sertifikat buatan sendiri (self-signed)"
    )
    assert expired < expiring < self_signed
    assert "berlaku sampai 15 Maret 2025; host f.uji.go.id; penerbit CA Perantara Uji" in body
    assert "Segera perpanjang sertifikat" in body  # the reachability class's own hint
    assert "Dinas Perhubungan" not in body  # I: a good certificate, nothing else to say
    # Integrity: one alert per signal, with the page and what was seen there.
    assert "- Badan Riset & Inovasi (K): Website: Blok tersembunyi berisi judi" in body
    assert f"terlihat: \u201cSitus slot gacor maxwin {PLANTED_SNIPPET}" in body
    assert "- Badan Riset & Inovasi (K): Website: Tautan sisipan ke situs judi" in body
    assert "menunjuk ke maxwin777.org, www.bolagila.net" in body
    # B's spam is one alert, the finding with its evidence, not the spam-terms one too.
    assert "- Dinas Pendidikan (B): Website: Istilah judi di halaman" in body
    assert "Indikasi spam judi online di Website" not in body
    # Grouped by kind in the registry's order.
    assert body.index("Integritas situs: spam judi") < body.index("Sertifikat HTTPS kedaluwarsa,")

    (certificates_only,) = smtp.to("tik@uji.go.id")
    assert certificates_only["Subject"] == "[opdcrawl] Kota Uji: 3 peringatan website/akun OPD"
    assert "Blok tersembunyi" not in body_of(certificates_only)

    (payload,) = webhook.payloads
    kinds = [(alert["opd_code"], alert["kind"]) for alert in payload["alerts"]]
    assert [k for k in kinds if k[1] in ("integrity", "certificate", "spam")] == [
        ("B", "integrity"),
        ("K", "integrity"),
        ("K", "integrity"),
        ("F", "certificate"),
        ("A", "certificate"),
        ("H", "certificate"),
    ]
    keys = set(db_session.scalars(select(AlertEvent.key)))
    run3 = third_round["run3"]
    assert f"integrity:website:{REGION}:K:{run3}:hidden_block" in keys
    # A certificate is keyed on its host and expiry, not on the run that saw it.
    assert any(
        key.startswith(f"certificate:website:{REGION}:A:a.uji.go.id:2025-03-27")
        and key.endswith(":expiring")
        for key in keys
    ), keys
    assert not any(f":{run3}:" in key for key in keys if key.startswith("certificate:"))


def test_later_runs_announce_only_a_new_stage_or_a_new_signal(
    db_url: str,
    db_session: Session,
    report_data: dict,
    chains: dict,
    pki: dict,
    smtp: SmtpReceiver,
    webhook: WebhookReceiver,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = write_config(tmp_path, smtp, webhook)
    assert run_alerts(db_url, config) == 0  # the March state: B's spam told by 'spam'
    first = body_of(smtp.to("kominfo@uji.go.id")[0])
    assert "Indikasi spam judi online di Website" in first

    record_round(db_session, T3, round_checks(T3, chains, pki["root"]))
    capsys.readouterr()
    assert run_alerts(db_url, config) == 0
    assert "Wilayah Kota Uji: 5 peringatan baru." in capsys.readouterr().out
    second = body_of(smtp.to("kominfo@uji.go.id")[1])
    assert "Dinas Pendidikan (B)" not in second  # the same spam, now as a finding: told
    assert second.count("Badan Riset & Inovasi (K)") == 2
    assert second.count("Sertifikat HTTPS Website") == 3

    # Two weeks on, the same certificates are seen again: A's has now expired (a new
    # stage), F's and H's are as they were; K shows the same signals plus a defacement.
    record_round(db_session, T4, round_checks(T4, chains, pki["root"], defaced=True))
    assert run_alerts(db_url, config) == 0
    assert "Wilayah Kota Uji: 2 peringatan baru." in capsys.readouterr().out
    third = body_of(smtp.to("kominfo@uji.go.id")[2])
    assert "- Dinas Kesehatan (A): Sertifikat HTTPS Website kedaluwarsa" in third
    assert "- Badan Riset & Inovasi (K): Website: Tanda deface (peretasan tampilan)" in third
    assert "Dinas Baru (F)" not in third and "Dinas Pariwisata (H)" not in third
    assert "Blok tersembunyi" not in third
    (certificate_mail,) = smtp.to("tik@uji.go.id")[1:]
    assert certificate_mail["Subject"] == "[opdcrawl] Kota Uji: 1 peringatan website/akun OPD"

    # And nothing twice: a run with nothing new sends nothing.
    sent = len(smtp.messages)
    assert run_alerts(db_url, config) == 0
    assert "Tidak ada peringatan baru." in capsys.readouterr().out
    assert len(smtp.messages) == sent


def test_the_integrity_warnings_are_those_of_v_integrity_latest(
    db_session: Session, third_round: dict
) -> None:
    (report,) = load_region_reports(db_session, [REGION], "latest")
    found = SOURCES["integrity"].current(db_session, report)
    assert {(f.opd_code, f.key.rsplit(":", 1)[1], f.run_id) for f in found} == {
        tuple(row)
        for row in db_session.execute(
            text(
                "SELECT DISTINCT opd_code, signal, run_id FROM v_integrity_latest"
                " WHERE region_slug = :region"
            ),
            {"region": REGION},
        )
    }
    assert len(found) == 3


def test_the_warning_window_is_the_setting(
    db_session: Session, third_round: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    (report,) = load_region_reports(db_session, [REGION], "latest")
    warned = [f.opd_code for f in SOURCES["certificate"].current(db_session, report)]
    assert warned == ["F", "A", "H"]
    monkeypatch.setattr(settings, "OPDCRAWL_CERT_WARN_DAYS", 7)
    warned = [f.opd_code for f in SOURCES["certificate"].current(db_session, report)]
    assert warned == ["F", "H"]  # A's ten days left are outside a seven-day window


@pytest.fixture
def server(db_engine: Engine, third_round: dict) -> Iterator[BackgroundServer]:
    app = create_app(db_engine, refresh_seconds=120, cache_seconds=45, cors_origins=["*"])
    with BackgroundServer(app) as running:
        yield running


def test_dashboard_and_api_show_both_kinds_with_crawled_text_kept_as_text(server) -> None:
    warnings = {w["kind"]: w for w in fetch(server.url + "api/warnings").json()["warnings"]}
    assert list(warnings) == ["category", "spam", "integrity", "certificate"]
    assert warnings["spam"]["findings"] == []  # B's spam is an integrity finding now
    assert [f["opd_code"] for f in warnings["integrity"]["findings"]] == ["B", "K", "K"]
    assert [f["opd_code"] for f in warnings["certificate"]["findings"]] == ["F", "A", "H"]
    hidden = warnings["integrity"]["findings"][1]
    assert hidden["title"] == "Website: Blok tersembunyi berisi judi"
    assert PLANTED_SNIPPET in hidden["detail"]  # JSON carries it as data

    opd = fetch(server.url + f"api/opds/{REGION}/K").json()
    assert [w["kind"] for w in opd["warnings"]] == ["integrity", "integrity"]
    for page in (fetch(server.url), fetch(server.url + f"opd/{REGION}/K")):
        assert page.status == 200
        assert "Blok tersembunyi berisi judi" in page.text
        assert PLANTED_SNIPPET not in page.text
        assert "&lt;img src=x onerror=alert(3)&gt;" in page.text
    board = fetch(server.url).text
    assert "Sertifikat HTTPS Website berakhir dalam 10 hari" in board

"""``opdcrawl alerts`` against a real SMTP server (aiosmtpd) and a loopback webhook.

Over the report tests' region (``report_data``: Kota Uji's website B fell to Tidak Aktif
with gambling spam, E became unreachable), on SQLite and PostgreSQL: the content of the
messages, one message per recipient and region, nothing sent twice, retries within a
run, and a send that keeps failing reported, exiting non-zero and sent by the next run.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from opdcrawl import settings
from opdcrawl.alerts import config as alerts_config
from opdcrawl.commands import alerts as alerts_command
from opdcrawl.db import store
from opdcrawl.db.models import AlertBaseline, AlertDelivery, AlertEvent
from opdcrawl.vocabulary import Category
from tests import test_report_data
from tests.alert_receivers import SmtpReceiver, WebhookReceiver
from tests.test_report_data import REGION, T2, check

report_data = test_report_data.report_data  # the shared fixture, registered here

T3 = T2 + timedelta(days=7)


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


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "OPDCRAWL_ALERT_RETRY_TIMES", 2)
    monkeypatch.setattr(settings, "OPDCRAWL_ALERT_RETRY_DELAY", 0.01)


def write_config(tmp_path: Path, smtp: SmtpReceiver, webhook: WebhookReceiver) -> Path:
    path = tmp_path / "alerts.toml"
    path.write_text(
        f"""
dashboard_url = "http://127.0.0.1:8050/"

[smtp]
host = "127.0.0.1"
port = {smtp.port}
security = "none"
sender = "opdcrawl@kominfo.uji.go.id"

[[email]]
region = "{REGION}"
to = "kominfo@uji.go.id"

[[email]]
region = "*"
to = "pusat@prov.go.id"

[[email]]
region = "{REGION}"
opd = ["B"]
kinds = ["spam"]
to = "admin.b@uji.go.id"

[[email]]
region = "{REGION}"
to = "kominfo@uji.go.id"   # listed twice: still one message

[[webhook]]
name = "command-center"
region = "{REGION}"
url = "{webhook.url}"
""",
        encoding="utf-8",
    )
    return path


def run_alerts(db_url: str, config: Path, *extra: str) -> int:
    parser = argparse.ArgumentParser()
    alerts_command.add_arguments(parser)
    return alerts_command.run(parser.parse_args(["--url", db_url, "--config", str(config), *extra]))


def test_first_run_sends_one_message_per_recipient_and_region(
    db_url: str,
    db_session: Session,
    report_data: dict,
    smtp: SmtpReceiver,
    webhook: WebhookReceiver,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = write_config(tmp_path, smtp, webhook)
    assert run_alerts(db_url, config) == 0
    out = capsys.readouterr().out
    assert "Wilayah Kota Uji: 3 peringatan baru." in out
    assert "Selesai: 4 pesan terkirim, 0 gagal." in out

    # One message per recipient and region; the twice-listed address gets one.
    assert sorted(to for _, (to,) in smtp.envelopes) == [
        "admin.b@uji.go.id",
        "kominfo@uji.go.id",
        "pusat@prov.go.id",
    ]
    (mail,) = smtp.to("kominfo@uji.go.id")
    assert mail["Subject"] == "[opdcrawl] Kota Uji: 3 peringatan website/akun OPD"
    assert mail["From"] == "opdcrawl@kominfo.uji.go.id"
    body = mail.get_content().replace("\r\n", "\n")  # SMTP lines end CRLF
    assert "- Dinas Pendidikan (B): Website berstatus Tidak Aktif" in body
    assert "- Dinas Putus (E): Website berstatus Tidak Dapat Diakses" in body
    assert "Domain tidak ditemukan (DNS)" in body  # the reason, in the reports' words
    assert "posting terakhir 22 Agustus 2024 (200 hari sebelum dicek)" in body
    assert "- Dinas Pendidikan (B): Indikasi spam judi online di Website" in body
    assert "kata yang ditemukan: slot gacor" in body
    assert "https://b.uji.go.id/" in body and "Dasbor: http://127.0.0.1:8050/" in body
    # Grouped by kind, in the registry's order.
    assert body.index("OPD yang menjadi Tidak Aktif") < body.index("Indikasi spam judi online\n")
    assert "Dinas Lain" not in body  # the other region's OPD is Aktif

    (spam_only,) = smtp.to("admin.b@uji.go.id")
    assert spam_only["Subject"] == "[opdcrawl] Kota Uji: 1 peringatan website/akun OPD"
    assert "slot gacor" in spam_only.get_content()
    assert "Dinas Putus" not in spam_only.get_content()

    (payload,) = webhook.payloads
    assert payload["region_slug"] == REGION and payload["source"] == "opdcrawl"
    assert [(a["opd_code"], a["kind"]) for a in payload["alerts"]] == [
        ("B", "category"),
        ("E", "category"),
        ("B", "spam"),
    ]
    assert payload["alerts"][0]["title"] == "Website berstatus Tidak Aktif"
    assert payload["alerts"][0]["run_id"] == report_data["run2"]
    assert payload["text"].startswith("[opdcrawl] Kota Uji: 3 peringatan")

    events = db_session.scalars(select(AlertEvent)).all()
    assert len(events) == 3
    deliveries = db_session.scalars(select(AlertDelivery)).all()
    assert {d.status for d in deliveries} == {"sent"} and len(deliveries) == 10  # 3 × 3 + 1
    recipients = {d.recipient for d in deliveries}
    assert "webhook:command-center" in recipients
    assert not any("rahasia-token" in r for r in recipients)  # the hook's secret URL


def test_a_second_run_sends_nothing_twice_and_then_only_what_changed(
    db_url: str,
    db_session: Session,
    report_data: dict,
    smtp: SmtpReceiver,
    webhook: WebhookReceiver,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = write_config(tmp_path, smtp, webhook)
    assert run_alerts(db_url, config) == 0
    sent = len(smtp.messages)
    assert run_alerts(db_url, config) == 0
    assert "Tidak ada peringatan baru." in capsys.readouterr().out
    assert len(smtp.messages) == sent and len(webhook.payloads) == 1
    baseline = db_session.get(AlertBaseline, REGION)
    assert baseline is not None and baseline.run_id == report_data["run2"]

    # A new round: H goes down, B stays Tidak Aktif with the same spam, E stays down.
    run3 = store.start_run(
        db_session, spider="websites", regions=[REGION], crawl_time=T3, version="test"
    )
    K = Category
    for item in (
        check("H", T3, K.TIDAK_DAPAT_DIAKSES, 0, reachable=False, error_class="timeout"),
        check("B", T3, K.TIDAK_AKTIF, 10, last=T3 - timedelta(days=207), posts_90d=0,
              spam_terms=["slot gacor"]),
        check("E", T3, K.TIDAK_DAPAT_DIAKSES, 0, reachable=False, error_class="dns_not_found"),
    ):  # fmt: skip
        store.record_check(db_session, run3, item)
    store.finish_run(db_session, run3, status="finished", stats={}, finished_at=T3)
    capsys.readouterr()
    assert run_alerts(db_url, config) == 0
    assert "Wilayah Kota Uji: 1 peringatan baru." in capsys.readouterr().out
    (mail,) = smtp.to("kominfo@uji.go.id")[1:]
    body = mail.get_content().replace("\r\n", "\n")  # SMTP lines end CRLF
    assert "- Dinas Pariwisata (H): Website menjadi Tidak Dapat Diakses" in body
    assert "sebelumnya Kurang Aktif; Waktu habis:" in body
    assert "Dinas Pendidikan" not in body and "Dinas Putus" not in body
    assert smtp.to("admin.b@uji.go.id")[1:] == []  # the spam was told already
    assert len(webhook.payloads) == 2
    db_session.expire_all()
    assert db_session.get(AlertBaseline, REGION).run_id == run3  # type: ignore[union-attr]


def test_a_refused_send_is_retried_within_the_run(
    db_url: str,
    db_session: Session,
    report_data: dict,
    tmp_path: Path,
) -> None:
    smtp, webhook = SmtpReceiver(fail_first=1).start(), WebhookReceiver(fail_first=2).start()
    try:
        assert run_alerts(db_url, write_config(tmp_path, smtp, webhook)) == 0
    finally:
        smtp.stop()
        webhook.stop()
    assert smtp.refused == 1 and len(smtp.messages) == 3  # the first try of one was refused
    assert webhook.refused == 2 and len(webhook.payloads) == 1  # accepted at the third try
    attempts = dict(
        db_session.execute(
            select(AlertDelivery.recipient, AlertDelivery.attempts).where(
                AlertDelivery.recipient == "webhook:command-center"
            )
        ).all()
    )
    assert attempts == {"webhook:command-center": 3}


def test_a_send_that_keeps_failing_is_reported_and_sent_by_the_next_run(
    db_url: str,
    db_session: Session,
    report_data: dict,
    smtp: SmtpReceiver,
    webhook: WebhookReceiver,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = write_config(tmp_path, smtp, webhook)
    webhook.always_fail = True
    assert run_alerts(db_url, config) == 1
    captured = capsys.readouterr()
    assert (
        "GAGAL mengirim ke webhook:command-center — Kota Uji, 3 peringatan, setelah 3 kali "
        "mencoba: webhook menjawab HTTP 503. Akan dicoba lagi"
    ) in captured.err
    assert "rahasia-token" not in captured.err + captured.out
    assert "Selesai: 3 pesan terkirim, 1 gagal." in captured.out
    pending = db_session.scalars(
        select(AlertDelivery).where(AlertDelivery.status == "pending")
    ).all()
    assert {d.recipient for d in pending} == {"webhook:command-center"} and len(pending) == 3
    assert {d.last_error for d in pending} == {"webhook menjawab HTTP 503"}
    assert len(smtp.messages) == 3

    webhook.always_fail = False
    assert run_alerts(db_url, config) == 0
    assert "Selesai: 1 pesan terkirim, 0 gagal." in capsys.readouterr().out
    assert len(webhook.payloads) == 1 and len(webhook.payloads[0]["alerts"]) == 3
    assert len(smtp.messages) == 3  # the emails were not sent again
    db_session.expire_all()
    assert {d.status for d in db_session.scalars(select(AlertDelivery))} == {"sent"}


def test_unreachable_smtp_server_is_reported_not_lost(
    db_url: str, db_session: Session, report_data: dict, tmp_path: Path, capsys
) -> None:
    path = tmp_path / "alerts.toml"
    path.write_text(
        '[smtp]\nhost = "127.0.0.1"\nport = 9\nsecurity = "none"\nsender = "a@b.go.id"\n'
        f'[[email]]\nregion = "{REGION}"\nto = "kominfo@uji.go.id"\n',
        encoding="utf-8",
    )
    assert run_alerts(db_url, path) == 1
    assert "GAGAL mengirim ke email:kominfo@uji.go.id" in capsys.readouterr().err
    (delivery,) = {d.status for d in db_session.scalars(select(AlertDelivery))}
    assert delivery == "pending"


def test_dry_run_records_and_sends_nothing(
    db_url: str, db_session: Session, report_data: dict, tmp_path: Path, capsys
) -> None:
    path = tmp_path / "alerts.toml"
    path.write_text('[[webhook]]\nname = "x"\nregion = "*"\nurl = "http://127.0.0.1:9/"\n')
    assert run_alerts(db_url, path, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "Kota Uji — Dinas Putus (E): Website berstatus Tidak Dapat Diakses" in out
    assert db_session.scalars(select(AlertEvent)).all() == []


# --- the recipients file ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[email]\n", "bukan TOML yang sah"),
        ('[[email]]\nregion = "a"\n', "[[email]] ke-1: kolom 'to' kosong atau tidak ada"),
        ('[[email]]\nregion = "a"\nto = "x@y.id"\n', "[smtp]: tidak ada bagian [smtp]"),
        ('[[email]]\nregion = "a"\nto = "bukan alamat"\n', "to 'bukan alamat' bukan alamat email"),
        ('[[webhook]]\nname = "w"\nregion = "a"\nurl = "ftp://x"\n', "url harus alamat http://"),
        ('[[webhook]]\nname = "w"\nregion = "a"\nurl = "http://x"\nkinds = ["cuaca"]\n',
         "'kinds' tidak dikenal: cuaca; pilihan: category, spam"),
        ('[smtp]\nhost = "h"\nsender = "a@b"\nsecurity = "tls"\n', "security 'tls' tidak dikenal"),
        ('[smtp]\nhost = "h"\nsender = "a@b"\nport = "25"\n', "port harus angka 1–65535"),
        ('penerima = 1\n', "tingkat atas: kolom tidak dikenal: penerima"),
        ('channels = ["telegram"]\n', "'channels' tidak dikenal: telegram"),
    ],
)  # fmt: skip
def test_a_bad_recipients_file_is_refused_with_file_entry_and_reason(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "alerts.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(alerts_config.ConfigError) as error:
        alerts_config.load(path)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)


def test_a_missing_recipients_file_exits_2_with_a_hint(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "tidak-ada.toml"
    assert run_alerts(db_url, missing) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "README" in err


def test_routes_pick_region_opd_and_kind() -> None:
    config = alerts_config.parse(
        '[smtp]\nhost = "h"\nsender = "a@b.id"\n'
        '[[email]]\nregion = "*"\nto = "semua@x.id"\n'
        '[[email]]\nregion = "r1"\nopd = ["A"]\nto = "a@x.id"\n'
        '[[email]]\nregion = "r1"\nkinds = ["spam"]\nto = "spam@x.id"\n',
        Path("alerts.toml"),
    )
    assert config.recipients("r1", "A", "category") == ["email:semua@x.id", "email:a@x.id"]
    assert config.recipients("r1", "B", "spam") == ["email:semua@x.id", "email:spam@x.id"]
    assert config.recipients("r2", "A", "spam") == ["email:semua@x.id"]
    assert config.smtp is not None and config.smtp.port == 587  # starttls by default


def test_alerts_without_a_recipient_are_recorded_and_reported(
    db_url: str, db_session: Session, report_data: dict, tmp_path: Path, capsys
) -> None:
    path = tmp_path / "alerts.toml"
    path.write_text('[[webhook]]\nname = "x"\nregion = "kab-lain"\nurl = "http://127.0.0.1:9/"\n')
    assert run_alerts(db_url, path) == 0
    out = capsys.readouterr().out
    assert f"PERHATIAN: 3 peringatan untuk wilayah Kota Uji tidak punya penerima di {path}" in out
    assert len(db_session.scalars(select(AlertEvent)).all()) == 3
    assert db_session.scalars(select(AlertDelivery)).all() == []

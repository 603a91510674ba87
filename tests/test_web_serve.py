"""``opdcrawl serve`` refuses a database it cannot read before serving anything, and
never prints the password of the database URL."""

from __future__ import annotations

import argparse

import pytest

from opdcrawl.commands import serve


def test_serve_refuses_an_unprepared_database(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    serve.add_arguments(parser)
    args = parser.parse_args(["--url", f"sqlite:///{tmp_path / 'kosong.db'}", "--port", "0"])
    assert args.host == "127.0.0.1" and args.refresh == 300  # loopback by default
    assert serve.run(args) == 2
    err = capsys.readouterr().err
    assert "belum disiapkan" in err and "opdcrawl db upgrade" in err


def test_serve_hides_the_database_password(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    serve.add_arguments(parser)
    url = "postgresql+psycopg2://opdcrawl:rahasia-sekali@127.0.0.1:9/tidak_ada"
    assert serve.run(parser.parse_args(["--url", url])) == 2
    err = capsys.readouterr().err
    assert "rahasia-sekali" not in err and "opdcrawl:***@127.0.0.1:9" in err


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.0.0.40", True), ("::1", True), ("localhost", True),
     ("0.0.0.0", False), ("10.1.2.3", False), ("dasbor.local", False)],
)  # fmt: skip
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert serve.is_loopback(host) is loopback

"""Secrets never reach logs, the database, feed exports, reports or error messages.

The unit tests pin what ``opdcrawl.secrets`` masks; the crawl test runs a real
``scrapy crawl social`` with a database password (a PostgreSQL of the test's own, so the
password is one nobody else uses), a YouTube API key and an X token in the environment
and an AWS key on the command line (Scrapy prints that one among its "Overridden
settings"), at DEBUG level, with a feed export, then writes every report format, and
looks for each secret in all of it. A second crawl points at a database that is down,
with a password in its URL: it must fail loudly (exit 7, "database unreachable") without
printing the password.
"""

from __future__ import annotations

import csv
import json
import logging
import secrets as pysecrets
import sys
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import text

from opdcrawl.crawl import run_crawl
from opdcrawl.db.engine import make_engine
from opdcrawl.demo.platforms import X_TOKEN, AccountSpec, PlatformServer
from opdcrawl.registry import COLUMNS
from opdcrawl.report import build_reports
from opdcrawl.secrets import Masker, SecretMaskingFilter, secret_values
from tests.private_postgres import PrivatePostgres, free_port
from tests.test_spider_social import NOW, SLOTS
from tests.test_unreadable_sites import FAST


def test_masker_masks_url_passwords_credential_parameters_and_known_values() -> None:
    masker = Masker(
        secret_values(
            {
                "OPDCRAWL_DATABASE_URL": "postgresql://crawler:S4ndi%21x@db.local/opdcrawl",
                "OPDCRAWL_X_BEARER_TOKEN": "AAAA-token-xyz",
                "OPDCRAWL_ALLOWED_NETWORKS": "10.0.0.0/8",  # named like a key, not a secret
            },
            {"HTTPS_PROXY": "http://proxyuser:Pr0xy-pass@10.1.1.1:3128", "TERM": "xterm"},
        )
    )
    line = (
        "connect postgresql://crawler:S4ndi%21x@db.local/opdcrawl; password S4ndi!x; "
        "GET https://www.googleapis.com/youtube/v3/search?part=id&key=AIzaSy-abc&x=1; "
        "Bearer AAAA-token-xyz; proxy Pr0xy-pass; graph ?fields=a&access_token=EAAB123"
    )
    masked = masker.mask(line)
    for secret in ("S4ndi%21x", "S4ndi!x", "AIzaSy-abc", "AAAA-token-xyz", "Pr0xy-pass", "EAAB123"):
        assert secret not in masked, secret
    assert "postgresql://crawler:***@db.local/opdcrawl" in masked
    assert "key=***&x=1" in masked
    assert "10.0.0.0/8" not in masker.secrets


def test_a_password_equal_to_its_user_is_masked_in_urls_only() -> None:
    masker = Masker(secret_values({}, {"DATABASE_URL": "postgresql://opdcrawl:opdcrawl@h/db"}))
    assert masker.mask("postgresql://opdcrawl:opdcrawl@h/db") == "postgresql://opdcrawl:***@h/db"
    assert masker.mask("opdcrawl.settings") == "opdcrawl.settings"


def test_log_filter_masks_arguments_and_tracebacks() -> None:
    log_filter = SecretMaskingFilter(Masker(["Sandi-Rahasia-1"]))
    try:
        raise RuntimeError("login gagal untuk Sandi-Rahasia-1")
    except RuntimeError:
        arguments = ("x://u:Sandi-Rahasia-1@h",)
        record = logging.LogRecord(
            "uji", logging.ERROR, __file__, 1, "url %s", arguments, sys.exc_info()
        )
    assert log_filter.filter(record)
    formatted = logging.Formatter().format(record)
    assert "Sandi-Rahasia-1" not in formatted
    assert "url x://u:***@h" in formatted
    assert "RuntimeError: login gagal untuk ***" in formatted


# --- a real crawl with real secrets ----------------------------------------------------


def write_social_seeds(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    # YT-2's page changed layout, so the crawl falls back to the Data API route (key=…).
    rows = [("YT-1", 8, "@dinkesuji"), ("YT-2", 8, "@berubahuji"), ("X-1", 10, "@humas_uji")]
    with (folder / "rahasia.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for code, column, cell in rows:
            row = ["Kota Rahasia", code, f"OPD {code}", code, "dinas", "-", *[""] * 6]
            row[column] = cell
            writer.writerow(row)
    return folder


def everything_written(folder: Path) -> str:
    """Every file under ``folder`` as text (XLSX parts unzipped)."""
    parts = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    parts.append(archive.read(name).decode("utf-8", "replace"))
        else:
            parts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts)


def database_dump(url: str) -> str:
    engine = make_engine(url)
    with engine.connect() as connection:
        tables = [
            row[0]
            for row in connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            )
        ]
        lines = [
            repr(tuple(row))
            for table in tables
            for row in connection.execute(text(f'SELECT * FROM "{table}"'))
        ]
    engine.dispose()
    return "\n".join(lines)


@pytest.mark.postgres
def test_a_crawl_with_secrets_shows_none_of_them(tmp_path: Path) -> None:
    password = f"Sandi-{pysecrets.token_hex(6)}"
    api_key = f"AIzaUji{pysecrets.token_hex(8)}"
    aws_key = f"aws-{pysecrets.token_hex(8)}"
    specs = [
        AccountSpec("youtube", "dinkesuji", (1, 2, 3)),
        AccountSpec("youtube", "berubahuji", (1,), status="layout_changed"),
        AccountSpec("x", "humas_uji", (2,)),
    ]
    seeds = write_social_seeds(tmp_path / "seeds")
    out = tmp_path / "out"
    out.mkdir()
    with PrivatePostgres(password) as database, PlatformServer(specs, NOW) as platforms:
        result = run_crawl(
            "social",
            database_url=database.url,
            region="rahasia",
            seeds=seeds,
            settings={
                **FAST,
                "LOG_LEVEL": "DEBUG",
                "OPDCRAWL_CRAWL_TIME": NOW.isoformat(),
                "OPDCRAWL_SOCIAL_BASE_URLS": json.dumps(platforms.base_urls),
                "DOWNLOAD_SLOTS": json.dumps(SLOTS),
                "AWS_SECRET_ACCESS_KEY": aws_key,
            },
            extra_args=["-O", str(out / "checks.jsonl")],
            log_file=out / "crawl.log",
            env={"OPDCRAWL_YOUTUBE_API_KEY": api_key, "OPDCRAWL_X_BEARER_TOKEN": X_TOKEN},
            timeout=180,
        )
        log = (out / "crawl.log").read_text()
        assert result.returncode == 0, log[-3000:]
        build_reports(database.url, regions=["rahasia"], formats=["all"], out_dir=out / "laporan")
        dump = database_dump(database.url)
    written = everything_written(out)
    outputs = "\n".join([written, dump, result.stdout, result.stderr])
    for secret in (password, api_key, aws_key, X_TOKEN):
        assert secret not in outputs, secret
    # The secrets were there to leak: each masked where it would have appeared.
    assert "'AWS_SECRET_ACCESS_KEY': '***'" in log  # Scrapy's "Overridden settings"
    assert "key=***" in log  # the YouTube API route's request, logged at DEBUG
    assert "key=***" in dump  # the route tried, kept in channel_check.sources_tried
    assert "api" in dump and "rahasia" in dump  # the crawl did store its checks


def test_a_database_that_is_down_fails_loudly_without_its_password(tmp_path: Path) -> None:
    password = f"Sandi-{pysecrets.token_hex(6)}"
    url = f"postgresql+psycopg2://uji:{password}@127.0.0.1:{free_port()}/uji"
    result = run_crawl(
        "websites",
        database_url=url,
        region="rahasia",
        seeds=write_social_seeds(tmp_path / "seeds"),
        settings={**FAST},
        log_file=tmp_path / "crawl.log",
        timeout=120,
    )
    log = (tmp_path / "crawl.log").read_text()
    assert result.returncode == 7, log[-3000:]
    assert "Basis data tidak dapat dihubungi: postgresql+psycopg2://uji:***@127.0.0.1" in log
    for text_ in (log, result.stdout, result.stderr):
        assert password not in text_

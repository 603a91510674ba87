"""The pure parts of a Scrapyd round: node addresses, each shard's form, a job's outcome.

The round against real Scrapyd nodes is ``tests/test_scrapyd_nodes.py``.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from opdcrawl.cli import main
from opdcrawl.dates import JAKARTA
from opdcrawl.scrapyd_round import Node, RoundRequest, job_outcome, plan

FINISHED_LOG = """\
2025-03-10 09:30:01 [scrapy.core.engine] INFO: Spider opened
2025-03-10 09:31:10 [websites] ERROR: Gagal membaca http://a.go.id/: DNS
2025-03-10 09:31:12 [scrapy.core.engine] INFO: Spider closed (finished)
"""
CANCELLED_LOG = """\
2025-03-10 09:30:01 [scrapy.core.engine] INFO: Spider opened
2025-03-10 09:30:05 [scrapy.crawler] INFO: Received SIGTERM, shutting down gracefully.
2025-03-10 09:30:06 [scrapy.core.engine] INFO: Spider closed (shutdown)
"""
DIED_LOG = """\
2025-03-10 09:30:01 [scrapy.utils.log] INFO: Scrapy 2.19.0 started (bot: opdcrawl)
2025-03-10 09:30:02 [asyncio] ERROR: Task exception was never retrieved
Traceback (most recent call last):
  File "spiders/social.py", line 85, in __init__
    raise ValueError(
ValueError: platform tidak dikenal: friendster (pilihan: youtube, x)
"""


def test_a_finished_crawl_succeeds_even_with_site_errors_logged() -> None:
    assert job_outcome(FINISHED_LOG) == (True, "")


def test_a_cancelled_crawl_is_a_failure_with_its_close_reason() -> None:
    succeeded, reason = job_outcome(CANCELLED_LOG)
    assert not succeeded
    assert reason == "spider ditutup dengan alasan 'shutdown'"


def test_a_process_that_died_is_a_failure_naming_the_exception() -> None:
    succeeded, reason = job_outcome(DIED_LOG)
    assert not succeeded
    assert reason == (
        "proses berhenti sebelum spider ditutup; "
        "platform tidak dikenal: friendster (pilihan: youtube, x)"
    )
    assert job_outcome("") == (False, "proses berhenti sebelum spider ditutup")


@pytest.mark.parametrize(
    ("text", "url", "username", "password"),
    [
        ("10.0.0.5:6800", "http://10.0.0.5:6800", None, None),
        ("http://node-a:6800/", "http://node-a:6800", None, None),
        ("https://ops:rahasia@scrapyd.example.go.id", "https://scrapyd.example.go.id", "ops",
         "rahasia"),
    ],
)  # fmt: skip
def test_node_addresses_are_normalised_and_credentials_kept_apart(
    text: str, url: str, username: str | None, password: str | None
) -> None:
    assert Node.parse(text) == Node(url, username, password)


def test_a_bad_node_address_is_refused() -> None:
    with pytest.raises(ValueError, match="alamat node tidak valid"):
        Node.parse("ftp://node-a")


def test_node_i_gets_shard_i_and_every_node_the_same_crawl_time() -> None:
    crawl_time = datetime(2025, 3, 10, 2, 0, tzinfo=JAKARTA)
    request = RoundRequest(
        project="opdcrawl",
        spider="websites",
        crawl_time=crawl_time,
        spider_args=[("region", "kota-serang")],
        settings=["DOWNLOAD_TIMEOUT=10"],
    )
    jobs = plan([Node.parse("a:6800"), Node.parse("b:6800"), Node.parse("c:6800")])
    assert [(job.node.url, job.shard) for job in jobs] == [
        ("http://a:6800", "0/3"),
        ("http://b:6800", "1/3"),
        ("http://c:6800", "2/3"),
    ]
    forms = [request.form(job.index, job.count) for job in jobs]
    assert forms[1] == [
        ("region", "kota-serang"),
        ("shard", "1/3"),
        ("setting", "OPDCRAWL_CRAWL_TIME=2025-03-10T02:00:00+07:00"),
        ("setting", "DOWNLOAD_TIMEOUT=10"),
    ]
    assert len({dict(form)["shard"] for form in forms}) == 3


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--node", "ftp://x"], "alamat node tidak valid"),
        (["--node", "a:6800", "--setting", "DOWNLOAD_TIMEOUT"], "--setting harus berbentuk"),
        (["--node", "a:6800", "--crawl-time", "kemarin"], "OPDCRAWL_CRAWL_TIME tidak valid"),
        (
            ["--node", "a:6800", "--setting", "OPDCRAWL_CRAWL_TIME=2025-03-10T02:00"],
            "gunakan --crawl-time",
        ),
    ],
)
def test_bad_arguments_schedule_nothing(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scrapyd", "schedule", *arguments]) == 2
    assert message in capsys.readouterr().err

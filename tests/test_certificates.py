"""Website certificates: expiry, issuer, host, and the five ways they go wrong.

The pure judgement (``opdcrawl.certificates.assess``) on chains made in the test, then a
real ``scrapy crawl`` against real TLS servers on loopback, one per case, each serving
a certificate made in the test: valid for a test CA (trusted through
``OPDCRAWL_CA_BUNDLE``), self-signed, expired, for another host, an incomplete chain (a
leaf signed by an intermediate the server does not send), and one expiring in ten days.
Names are answered by ``tests.netstub.StubResolver`` (all on 127.0.0.1), so SNI and host
checks see real names.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from opdcrawl.certificates import assess, build_chain, fetch_chain, trusted_roots
from opdcrawl.crawl import run_crawl
from opdcrawl.db.engine import make_engine
from opdcrawl.reachability import ErrorClass, info
from opdcrawl.report import build_reports
from tests.safety_servers import RecordingServer
from tests.test_unreadable_sites import FAST, write_seeds
from tests.testcerts import (
    Issued,
    make_ca,
    make_intermediate,
    make_leaf,
    server_files,
    write_pem,
)

NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def pki() -> dict[str, Issued]:
    root = make_ca()
    return {"root": root, "intermediate": make_intermediate(root)}


def roots_of(*cas: Issued) -> dict:
    return {ca.cert.subject: [ca.cert] for ca in cas}


def judge(chain: list[Issued], host: str, roots: dict) -> object:
    return assess([issued.cert for issued in chain], host, 443, NOW, roots)


def test_a_valid_chain_has_no_problem(pki) -> None:
    leaf = make_leaf(pki["intermediate"], ["dinkes.uji.test", "www.dinkes.uji.test"])
    report = judge([leaf, pki["intermediate"]], "www.dinkes.uji.test", roots_of(pki["root"]))
    assert report.problem is None
    assert (report.valid_for_host, report.chain_complete, report.trusted) == (True, True, True)
    assert not report.self_signed and not report.expired
    assert report.issuer == "CA Perantara Uji"
    assert report.subject == "dinkes.uji.test"
    assert report.chain_length == 2
    assert 363 <= report.days_left <= 365


@pytest.mark.parametrize(
    ("case", "problem"),
    [
        ("self_signed", ErrorClass.TLS_SELF_SIGNED),
        ("expired", ErrorClass.TLS_EXPIRED),
        ("not_yet_valid", ErrorClass.TLS_EXPIRED),
        ("wrong_host", ErrorClass.TLS_WRONG_HOST),
        ("incomplete", ErrorClass.TLS_INCOMPLETE_CHAIN),
        ("untrusted", ErrorClass.TLS_UNTRUSTED),
    ],
)
def test_each_problem_is_its_own_class(pki, case: str, problem: ErrorClass) -> None:
    host = "dinkes.uji.test"
    inter = pki["intermediate"]
    chains = {
        "self_signed": lambda: [make_leaf(None, [host])],
        "expired": lambda: [
            make_leaf(
                inter,
                [host],
                not_before=NOW - timedelta(days=400),
                not_after=NOW - timedelta(days=3),
            ),
            inter,
        ],
        "not_yet_valid": lambda: [
            make_leaf(inter, [host], not_before=NOW + timedelta(days=2)),
            inter,
        ],
        "wrong_host": lambda: [make_leaf(inter, ["hosting-bersama.example"]), inter],
        "incomplete": lambda: [make_leaf(inter, [host])],
        "untrusted": lambda: _foreign_chain(host),
    }
    report = judge(chains[case](), host, roots_of(pki["root"]))
    assert report.problem is problem
    assert info(problem).label and info(problem).hint
    if case == "expired":
        assert report.expired and report.days_left == -3
    if case == "incomplete":
        assert (report.chain_complete, report.trusted) == (False, False)


def _foreign_chain(host: str) -> list[Issued]:
    """A complete chain up to a root the crawler does not trust."""
    other = make_ca("CA Asing")
    inter = make_intermediate(other, "Perantara Asing")
    return [make_leaf(inter, [host]), inter, other]


def test_wildcards_and_addresses(pki) -> None:
    wildcard = make_leaf(pki["intermediate"], ["*.uji.test"])
    roots = roots_of(pki["root"])
    assert judge([wildcard, pki["intermediate"]], "bappeda.uji.test", roots).problem is None
    assert judge([wildcard, pki["intermediate"]], "uji.test", roots).problem is (
        ErrorClass.TLS_WRONG_HOST
    )
    by_ip = make_leaf(pki["intermediate"], ["127.0.0.1"])
    assert judge([by_ip, pki["intermediate"]], "127.0.0.1", roots).valid_for_host


def test_chain_order_does_not_matter_and_loops_end(pki) -> None:
    leaf = make_leaf(pki["intermediate"], ["a.uji.test"])
    other = make_ca("Tak Terkait")
    sent = [other.cert, pki["intermediate"].cert]  # unrelated cert first
    assert build_chain(leaf.cert, sent, roots_of(pki["root"])) == (True, True)
    assert build_chain(leaf.cert, [leaf.cert], {}) == (False, False)


def test_the_system_bundle_loads() -> None:
    assert len(trusted_roots("")) > 20  # Debian's ca-certificates


# --- real TLS servers, a real crawl ------------------------------------------------------

CASES = ("valid", "selfsigned", "expired", "wronghost", "incomplete", "soon")


def tls_files(folder: Path, pki: dict[str, Issued]) -> dict[str, tuple[Path, Path]]:
    inter = pki["intermediate"]

    def name(case: str) -> str:
        return f"{case}.uji.test"

    leaves = {
        "valid": (make_leaf(inter, [name("valid")]), [inter]),
        "selfsigned": (make_leaf(None, [name("selfsigned")]), []),
        "expired": (
            make_leaf(
                inter,
                [name("expired")],
                not_before=NOW - timedelta(days=400),
                not_after=NOW - timedelta(days=5),
            ),
            [inter],
        ),
        "wronghost": (make_leaf(inter, ["lain.pemda.test"]), [inter]),
        "incomplete": (make_leaf(inter, [name("incomplete")]), []),
        "soon": (make_leaf(inter, [name("soon")], not_after=NOW + timedelta(days=10)), [inter]),
    }
    return {case: server_files(folder, case, leaf, chain) for case, (leaf, chain) in leaves.items()}


def test_fetch_chain_reads_what_the_server_sends(tmp_path: Path, pki) -> None:
    files = tls_files(tmp_path / "tls", pki)
    with (
        RecordingServer(tls=files["valid"]) as valid,
        RecordingServer(tls=files["incomplete"]) as incomplete,
    ):
        sent = fetch_chain("127.0.0.1", valid.port, "valid.uji.test", 5)
        alone = fetch_chain("127.0.0.1", incomplete.port, "incomplete.uji.test", 5)
    assert [cert.subject for cert in sent] == [
        sent[0].subject,
        pki["intermediate"].cert.subject,
    ]
    assert len(alone) == 1


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory, pki) -> dict:
    tmp = tmp_path_factory.mktemp("certs")
    files = tls_files(tmp / "tls", pki)
    bundle = write_pem(tmp / "ca-uji.pem", [pki["root"].cert])
    servers = {case: RecordingServer(tls=files[case]) for case in CASES}
    for server in servers.values():
        server.__enter__()
    try:
        sites = {case.upper(): servers[case].url(f"{case}.uji.test") for case in CASES}
        database_url = f"sqlite:///{tmp / 'crawl.db'}"
        log_file = tmp / "crawl.log"
        result = run_crawl(
            "websites",
            database_url=database_url,
            region="uji",
            seeds=write_seeds(tmp / "seeds", sites),
            settings={
                **FAST,
                "OPDCRAWL_CA_BUNDLE": str(bundle),
                "TWISTED_DNS_RESOLVER": "tests.netstub.StubResolver",
                "OPDCRAWL_TEST_DNS": json.dumps({f"{c}.uji.test": ["127.0.0.1"] for c in CASES}),
            },
            log_file=log_file,
            timeout=300,
        )
    finally:
        for server in servers.values():
            server.__exit__(None, None, None)
    assert result.returncode == 0, log_file.read_text()[-3000:]
    engine = make_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT o.code, cc.reachable, cc.error_class, cc.error_detail, cc.category,"
                " ce.* FROM channel_check cc JOIN channel c ON c.id = cc.channel_id"
                " JOIN opd o ON o.id = c.opd_id LEFT JOIN certificate ce ON ce.check_id = cc.id"
            )
        ).mappings()
        checks = {row["code"]: dict(row) for row in rows}
    out = tmp / "laporan"
    build_reports(engine, regions=["uji"], formats=["csv", "json", "html"], out_dir=out)
    engine.dispose()
    return {"checks": checks, "out": out, "log": log_file.read_text()}


def test_the_crawl_stores_each_certificate_and_its_problem(crawled) -> None:
    checks = crawled["checks"]
    expected = {
        "VALID": None,
        "SOON": None,
        "SELFSIGNED": "tls_self_signed",
        "EXPIRED": "tls_expired",
        "WRONGHOST": "tls_wrong_host",
        "INCOMPLETE": "tls_incomplete_chain",
    }
    for code, problem in expected.items():
        row = checks[code]
        assert row["problem"] == problem, (code, row)
        assert row["error_class"] == problem, (code, row)
        assert row["reachable"] == 1, (code, row)  # read in full: judged on its posts
        assert row["category"] != "Tidak Dapat Diakses", (code, row)
        assert row["host"] == f"{code.lower()}.uji.test"
    assert checks["VALID"]["trusted"] == 1 and checks["VALID"]["chain_complete"] == 1
    assert checks["VALID"]["issuer"] == "CA Perantara Uji"
    assert checks["INCOMPLETE"]["chain_length"] == 1
    assert checks["INCOMPLETE"]["chain_complete"] == 0
    assert checks["EXPIRED"]["days_left"] in (-5, -6)
    assert checks["SOON"]["days_left"] in (9, 10)
    assert checks["WRONGHOST"]["valid_for_host"] == 0
    assert "berlaku sampai" in checks["EXPIRED"]["error_detail"]


def test_the_report_warns_before_expiry_and_lists_the_expired(crawled) -> None:
    with (crawled["out"] / "uji-sertifikat.csv").open(encoding="utf-8-sig") as handle:
        rows = {row["opd_code"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {"SOON", "EXPIRED", "SELFSIGNED", "WRONGHOST", "INCOMPLETE"}
    assert rows["EXPIRED"]["certificate_status"] == "Sertifikat kedaluwarsa"
    assert rows["SOON"]["certificate_status"] == "Akan kedaluwarsa (≤ 30 hari)"
    assert "perpanjang" in rows["SOON"]["certificate_hint"].lower()
    assert rows["INCOMPLETE"]["certificate_hint"] == info("tls_incomplete_chain").hint
    # Most urgent first: the expired before the soon-to-expire, both before the rest.
    order = list(rows)
    assert order.index("EXPIRED") < order.index("SOON")
    data = json.loads((crawled["out"] / "uji.json").read_text(encoding="utf-8"))
    assert {row["opd_code"] for row in data["certificates"]} == set(rows)
    page = (crawled["out"] / "laporan-uji.html").read_text(encoding="utf-8")
    section = page[page.index("Sertifikat HTTPS yang perlu ditangani") :]
    assert "Sertifikat kedaluwarsa" in section and "expired.uji.test" in section
    assert "valid.uji.test" not in section

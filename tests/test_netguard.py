"""A registry cannot turn the crawler against its own network (opdcrawl.netguard).

Registry URLs and redirects that resolve to private, loopback, link-local or cloud
metadata addresses are refused (``forbidden_address``) unless
``OPDCRAWL_ALLOW_PRIVATE_ADDRESSES`` is on. The crawls are real ``scrapy crawl`` runs
with the refusal switched on (``-s OPDCRAWL_ALLOW_PRIVATE_ADDRESSES=False``), and no
request can leave this machine even if the refusal were broken: the loopback URLs point
at a recording server, and names are answered by ``tests.netstub.StubResolver``, which
moves every connection onto loopback after the guard has judged the claimed address.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from opdcrawl.crawl import run_crawl
from opdcrawl.db.engine import make_engine
from opdcrawl.netguard import AddressPolicy, address_kind, parse_address, parse_networks
from opdcrawl.reachability import ErrorClass, info
from tests.safety_servers import RecordingServer
from tests.test_unreadable_sites import FAST, write_seeds

REFUSING = {**FAST, "OPDCRAWL_ALLOW_PRIVATE_ADDRESSES": "False", "RETRY_ENABLED": "False"}


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.9.9.9", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.5", "private"),
        ("172.16.3.4", "private"),
        ("192.168.1.10", "private"),
        ("fd12:3456::1", "private"),
        ("::ffff:10.0.0.1", "private"),  # IPv4-mapped IPv6 is judged as the IPv4 address
        ("169.254.169.254", "metadata"),
        ("fd00:ec2::254", "metadata"),
        ("100.100.100.200", "metadata"),
        ("169.254.10.1", "link-local"),
        ("fe80::1", "link-local"),
        ("100.64.0.1", "reserved"),
        ("224.0.0.1", "reserved"),
        ("8.8.8.8", None),
        ("2001:4860:4860::8888", None),
    ],
)
def test_address_kinds(address: str, kind: str | None) -> None:
    parsed = parse_address(address)
    assert parsed is not None
    assert address_kind(parsed) == kind


def test_policy_allows_everything_or_named_networks() -> None:
    assert AddressPolicy(allow_private=True).problem("169.254.169.254") is None
    office = AddressPolicy(allowed_networks=parse_networks(["10.20.0.0/16", "192.168.5.9"]))
    assert office.problem("10.20.3.4") is None
    assert office.problem("192.168.5.9") is None
    assert office.problem("10.21.0.1") == "private"
    assert office.problem("dinkes.example.go.id") is None  # names are judged once resolved
    with pytest.raises(ValueError, match="OPDCRAWL_ALLOWED_NETWORKS: 'intranet'"):
        parse_networks(["intranet"])


def test_refusal_names_the_address_and_why() -> None:
    error = AddressPolicy().refusal("dalam.uji.test", "192.168.1.10")
    assert error is not None
    assert "dalam.uji.test -> 192.168.1.10 (jaringan privat) ditolak" in str(error)
    assert info(ErrorClass.FORBIDDEN_ADDRESS).permanent
    assert "OPDCRAWL_ALLOWED_NETWORKS" in info(ErrorClass.FORBIDDEN_ADDRESS).hint


def crawl_checks(tmp_path: Path, sites: dict[str, str], settings: dict[str, str]) -> dict:
    database_url = f"sqlite:///{tmp_path / 'crawl.db'}"
    log_file = tmp_path / "crawl.log"
    result = run_crawl(
        "websites",
        database_url=database_url,
        region="uji",
        seeds=write_seeds(tmp_path / "seeds", sites),
        settings=settings,
        log_file=log_file,
        timeout=300,
    )
    assert result.returncode == 0, log_file.read_text()[-3000:]
    engine = make_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT opd_code, reachable, error_class, error_detail, category FROM v_opd_latest"
            )
        ).mappings()
        checks = {row["opd_code"]: dict(row) for row in rows}
    engine.dispose()
    return checks


def test_loopback_registry_urls_are_refused_before_any_connection(tmp_path: Path) -> None:
    with RecordingServer("127.0.0.1") as site:
        checks = crawl_checks(
            tmp_path,
            {"LOOP": site.url(), "LOOP6": f"http://[::1]:{site.port}/"},
            REFUSING,
        )
    assert site.hits == [], "a refused address was contacted"
    for code in ("LOOP", "LOOP6"):
        assert checks[code]["error_class"] == "forbidden_address", checks[code]
        assert checks[code]["reachable"] in (False, 0)
        assert checks[code]["category"] == "Tidak Dapat Diakses"
    assert "127.0.0.1 (loopback, mesin crawler sendiri) ditolak" in checks["LOOP"]["error_detail"]


def test_allowed_when_the_setting_says_so(tmp_path: Path) -> None:
    with RecordingServer("127.0.0.1") as site:
        checks = crawl_checks(
            tmp_path, {"LOOP": site.url()}, {**FAST, "OPDCRAWL_ALLOW_PRIVATE_ADDRESSES": "True"}
        )
    assert checks["LOOP"]["reachable"] in (True, 1), checks["LOOP"]
    assert ("127.0.0.1", "/") in site.hits


def test_names_resolving_inside_are_refused_redirects_and_rebinding_too(tmp_path: Path) -> None:
    """Names answered by the stub: public answers are served by the recording server on
    127.0.0.1, internal answers must never reach it (any that did would be a hit)."""
    with RecordingServer("127.0.0.1") as site:
        port = site.port
        site.redirects = {"alih.uji.test": f"http://dalam.uji.test:{port}/rahasia"}
        dns = {
            "publik.uji.test": ["8.8.4.4"],
            "alih.uji.test": ["8.8.8.8"],
            "dalam.uji.test": ["192.168.1.10"],
            "intranet.uji.test": ["10.0.0.5"],
            "metadata.uji.test": ["169.254.169.254"],
            # Rebinding: public for the first lookup (robots.txt), internal afterwards.
            "ganti.uji.test": ["8.8.8.8", "10.1.1.1"],
        }
        connect = {"8.8.4.4": "127.0.0.1", "8.8.8.8": "127.0.0.1",
                   # Were the guard broken, internal answers would land here too.
                   "192.168.1.10": "127.0.0.1", "10.0.0.5": "127.0.0.1",
                   "169.254.169.254": "127.0.0.1", "10.1.1.1": "127.0.0.1"}  # fmt: skip
        sites = {
            "PUBLIK": f"http://publik.uji.test:{port}/",
            "ALIH": f"http://alih.uji.test:{port}/",
            "INTRANET": f"http://intranet.uji.test:{port}/",
            "METADATA": f"http://metadata.uji.test:{port}/latest/meta-data/",
            "GANTI": f"http://ganti.uji.test:{port}/",
        }
        checks = crawl_checks(
            tmp_path,
            sites,
            {
                **REFUSING,
                "TWISTED_DNS_RESOLVER": "tests.netstub.StubResolver",
                "DNSCACHE_ENABLED": "False",  # every connection looks the name up again
                "OPDCRAWL_TEST_DNS": json.dumps(dns),
                "OPDCRAWL_TEST_CONNECT": json.dumps(connect),
            },
        )
    hits = site.hits
    assert ("publik.uji.test", "/") in hits, "control: a public answer must be crawled"
    assert checks["PUBLIK"]["reachable"] in (True, 1), checks["PUBLIK"]
    assert ("alih.uji.test", "/") in hits
    forbidden = {"dalam.uji.test", "intranet.uji.test", "metadata.uji.test"}
    assert not forbidden & {host for host, _ in hits}, hits
    assert ("ganti.uji.test", "/robots.txt") in hits  # the first, public answer
    assert ("ganti.uji.test", "/") not in hits, "the rebound (internal) answer was used"
    expected = {
        "ALIH": "dalam.uji.test -> 192.168.1.10 (jaringan privat)",
        "INTRANET": "intranet.uji.test -> 10.0.0.5 (jaringan privat)",
        "METADATA": "metadata.uji.test -> 169.254.169.254 (layanan metadata cloud)",
        "GANTI": "ganti.uji.test -> 10.1.1.1 (jaringan privat)",
    }
    for code, detail in expected.items():
        assert checks[code]["error_class"] == "forbidden_address", (code, checks[code])
        assert detail in checks[code]["error_detail"], (code, checks[code])


def test_the_resolver_alone_still_refuses_literals(tmp_path: Path) -> None:
    """Without the middleware (which names the refusal), the resolver still refuses: the
    check is only less clear (a failed lookup), the site is never contacted."""
    middlewares = {
        "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
        "opdcrawl.middlewares.BackoffRetryMiddleware": 550,
        "opdcrawl.netguard.AddressGuardMiddleware": None,
    }
    with RecordingServer("127.0.0.1") as site:
        checks = crawl_checks(
            tmp_path,
            {"LOOP": site.url(), "LOOP6": f"http://[::1]:{site.port}/"},
            {**REFUSING, "DOWNLOADER_MIDDLEWARES": json.dumps(middlewares)},
        )
    assert site.hits == []
    assert {check["reachable"] for check in checks.values()} == {0}

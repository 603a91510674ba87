"""``opdcrawl demo`` with social accounts: the demo crawls the platform imitations too.

The demo command runs as ``make demo`` runs it (real ``scrapy crawl websites`` and then
``scrapy crawl social -a region=demo`` into one SQLite file, default politeness), into a
temporary folder, with the demo sites on free ports (``--port 0``) so a running
``make demo`` does not clash; the platform imitations always take a free port.
"""

from __future__ import annotations

import argparse
import contextlib
import io
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from opdcrawl.commands import demo
from opdcrawl.crawl import run_crawl
from opdcrawl.db.engine import make_engine
from opdcrawl.demo.platforms import X_TOKEN
from opdcrawl.demo.sites import DEMO_SITES
from opdcrawl.demo.social import DEMO_ACCOUNTS, expected_by_channel
from opdcrawl.reachability import info
from opdcrawl.registry import load
from opdcrawl.social.base import Account, AccountStatus

PLATFORMS = ("instagram", "facebook", "youtube", "x", "tiktok")  # the table's order


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One ``opdcrawl demo --out <tmp> --port 0 --fresh``: exit code, output, crawls run."""
    out = tmp_path_factory.mktemp("demo")
    parser = argparse.ArgumentParser()
    demo.add_arguments(parser)
    args = parser.parse_args(["--out", str(out), "--port", "0", "--fresh"])
    calls: list[tuple[str, dict[str, Any]]] = []

    def recording_run_crawl(spider: str, **kwargs: Any) -> Any:
        calls.append((spider, kwargs))
        return run_crawl(spider, **kwargs)

    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("opdcrawl.crawl.run_crawl", recording_run_crawl)
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = demo.run(args)
    return {
        "code": code,
        "output": stdout.getvalue(),
        "stderr": stderr.getvalue(),
        "calls": calls,
        "database_url": f"sqlite:///{out / 'opdcrawl-demo.db'}",
        "out": out,
    }


def expected_cell(code: str, platform: str) -> str:
    """What the social table must show for one OPD and platform."""
    expected = expected_by_channel().get((code, platform))
    if expected is None:
        return ""
    if expected in {status.value for status in AccountStatus}:
        return info(expected).label
    return expected


def table_rows(output: str) -> dict[str, list[str]]:
    """The social table's rows: code -> [website, instagram, facebook, youtube, x, tiktok]."""
    section = output[output.index("Media sosial OPD — Kota Demo") :]
    rows = {}
    for line in section.splitlines():
        if line.startswith("DEMO-"):
            padded = line.ljust(29 + 21 * len(PLATFORMS))
            cells = [padded[9:28]] + [padded[29 + 21 * i : 49 + 21 * i] for i in range(5)]
            rows[line[:8].strip()] = [cell.strip() for cell in cells]
    return rows


def test_the_demo_runs_the_social_spider_after_the_websites_into_the_same_database(demo_run):
    assert demo_run["code"] == 0, demo_run["output"][-3000:] + demo_run["stderr"][-3000:]
    (first, websites), (second, social) = demo_run["calls"]
    assert (first, second) == ("websites", "social")
    assert websites["region"] == social["region"] == "demo"
    assert websites["database_url"] == social["database_url"] == demo_run["database_url"]
    assert websites["seeds"] == social["seeds"]  # both sync the same (port-moved) registry
    assert social["settings"]["OPDCRAWL_X_BEARER_TOKEN"] == X_TOKEN
    assert "DOWNLOAD_SLOTS" not in social["settings"]  # the production politeness
    # The demo listens on loopback: both crawls allow it themselves (the tests' own
    # environment allows it too, so only the call shows the demo does).
    for call in (websites, social):
        assert call["settings"]["OPDCRAWL_ALLOW_PRIVATE_ADDRESSES"] == "True"
    output = demo_run["output"]
    assert output.index("Menjalankan: scrapy crawl websites -a region=demo") < output.index(
        "Menjalankan: scrapy crawl social -a region=demo"
    )
    # The last lines say how to open the dashboard on the demo's database.
    assert f"Dasbor     : opdcrawl serve --url {demo_run['database_url']}" in output


def test_the_social_table_follows_the_unchanged_website_output(demo_run):
    output = demo_run["output"]
    websites_done = output.index(f"Semua {len(DEMO_SITES)} OPD demo mendapat kategori")
    assert output.index("Kode OPD Nama OPD") < websites_done
    assert websites_done < output.index("Media sosial OPD — Kota Demo")
    header = next(line for line in output.splitlines() if line.startswith("Kode OPD Website"))
    assert header.split() == ["Kode", "OPD", "Website", "Instagram", "Facebook", "YouTube",
                              "X", "TikTok"]  # fmt: skip
    rows = table_rows(output)
    assert list(rows) == [f"DEMO-{n:02d}" for n in range(1, 13)]
    for code, cells in rows.items():
        assert cells[0] == str(DEMO_SITES[code].expected_category), code
        for platform, cell in zip(PLATFORMS, cells[1:], strict=True):
            if (code, platform) in {("DEMO-03", "facebook"), ("DEMO-06", "x"),
                                    ("DEMO-06", "tiktok")}:  # fmt: skip
                assert cell == "-", (code, platform)  # the registry says: no account
            else:
                assert cell == expected_cell(code, platform), (code, platform)
    # Spelled out once, as an operator reads them.
    assert rows["DEMO-01"] == ["Aktif", "Aktif", "Kurang Aktif", "Aktif", "Aktif", ""]
    assert rows["DEMO-02"] == ["Kurang Aktif", "Akun privat", "", "", "", "Kurang Aktif"]
    assert rows["DEMO-03"][3] == "Akun tidak ditemukan"
    assert rows["DEMO-12"][:2] == ["Tidak Punya Website", "Tidak Aktif"]
    assert (
        "Dari 10 akun media sosial terdaftar di Kota Demo, 3 aktif, 3 kurang aktif, "
        "2 tidak aktif dan 2 tidak dapat dinilai (akun privat 1, akun tidak ditemukan 1)."
    ) in output
    assert "Semua 10 akun media sosial demo mendapat kategori atau status yang diharapkan." in (
        output
    )
    assert "instagram.com/diskominfo.demo" in output and "PERHATIAN" not in output


def test_the_database_holds_the_social_checks_with_their_categories(demo_run):
    engine = make_engine(demo_run["database_url"])
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT o.code, c.kind, cc.reachable, cc.error_class, cc.category,"
                    " cc.route, cc.posts_90d, r.spider, r.status FROM channel_check cc"
                    " JOIN channel c ON c.id = cc.channel_id JOIN opd o ON o.id = c.opd_id"
                    " JOIN crawl_run r ON r.id = cc.run_id WHERE c.kind != 'website'"
                )
            ).mappings()
            checks = {(row["code"], row["kind"]): dict(row) for row in rows}
            runs = connection.execute(text("SELECT spider, status FROM crawl_run ORDER BY id"))
            runs = [tuple(row) for row in runs]
    finally:
        engine.dispose()
    assert runs == [("websites", "finished"), ("social", "finished")]
    assert set(checks) == set(expected_by_channel())
    for key, expected in expected_by_channel().items():
        check = checks[key]
        assert (check["spider"], check["status"]) == ("social", "finished")
        if expected in {status.value for status in AccountStatus}:
            assert check["error_class"] == expected, check
            assert not check["reachable"] and check["category"] == "Tidak Dapat Diakses"
        else:
            assert check["reachable"] and check["error_class"] is None, check
            assert check["category"] == expected, check
    assert checks[("DEMO-01", "instagram")]["posts_90d"] == 6
    assert checks[("DEMO-01", "x")]["route"] == "api"  # read with the demo token
    assert checks[("DEMO-01", "youtube")]["route"] == "feed"
    assert checks[("DEMO-01", "facebook")]["route"] == "reels"


def test_demo_csv_names_exactly_the_accounts_the_imitation_serves():
    registry = load(None, ["demo"])
    registered = {
        (opd.code, kind): entry.url
        for opd in registry.for_regions(["demo"])
        for kind, entry in opd.channels.items()
        if kind in PLATFORMS and entry.url
    }
    assert set(registered) == {(a.code, a.platform) for a in DEMO_ACCOUNTS}
    for account in DEMO_ACCOUNTS:
        read = Account.from_url(account.platform, registered[account.code, account.platform])
        assert read.handle == account.spec.handle
    cells = Path(__file__).resolve().parents[1].joinpath("seeds", "demo.csv").read_text()
    assert all(account.cell in cells for account in DEMO_ACCOUNTS)

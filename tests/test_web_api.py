"""The dashboard's JSON API and pages over real HTTP on loopback, SQLite and PostgreSQL.

The server is the real one (uvicorn on 127.0.0.1, a free port) over the report tests'
region (``report_data``: Kota Uji over three runs, a crawled title that is a
``<script>`` tag, a ``javascript:`` evidence link, gambling spam). Each endpoint is
checked for its data, its caching headers (ETag, 304, Cache-Control) and CORS.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from opdcrawl.web.app import create_app
from opdcrawl.web.server import BackgroundServer
from tests import test_report_data
from tests.test_report_data import LATEST_SENTENCE, OTHER, REGION, XSS
from tests.web_helpers import fetch

report_data = test_report_data.report_data  # the shared fixture, registered here

ORIGIN = "https://command-center.lebongkab.go.id"


@pytest.fixture
def server(db_engine: Engine, report_data: dict) -> Iterator[BackgroundServer]:
    app = create_app(db_engine, refresh_seconds=120, cache_seconds=45, cors_origins=["*"])
    with BackgroundServer(app) as running:
        yield running


def test_regions_endpoint_reads_the_summary_view_with_the_sentence(server) -> None:
    answer = fetch(server.url + "api/regions", headers={"Origin": ORIGIN})
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.headers["Cache-Control"] == "max-age=45"
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    regions = {row["region_slug"]: row for row in answer.json()["regions"]}
    assert set(regions) == {REGION, OTHER}
    uji = regions[REGION]
    assert uji["summary_sentence"] == LATEST_SENTENCE
    assert (uji["total_opd"], uji["aktif"], uji["kurang_aktif"], uji["tidak_aktif"]) == (
        10,
        1,
        4,
        1,
    )


def test_etag_answers_304_until_the_data_changes(server, db_session: Session) -> None:
    first = fetch(server.url + "api/regions")
    etag = first.headers["ETag"]
    assert etag and etag.startswith('"')
    again = fetch(server.url + "api/regions", headers={"If-None-Match": etag})
    assert again.status == 304 and again.body == b""
    other = fetch(server.url + "api/opds", headers={"If-None-Match": etag})
    assert other.status == 200  # another endpoint, another tag

    from datetime import timedelta

    from opdcrawl.db import store
    from opdcrawl.vocabulary import Category
    from tests.test_report_data import T2, check

    run = store.start_run(
        db_session, spider="websites", regions=[REGION], crawl_time=T2 + timedelta(days=1),
        version="test",
    )  # fmt: skip
    store.record_check(db_session, run, check("H", T2 + timedelta(days=1), Category.AKTIF, 95))
    changed = fetch(server.url + "api/regions", headers={"If-None-Match": etag})
    assert changed.status == 200 and changed.headers["ETag"] != etag
    uji = next(r for r in changed.json()["regions"] if r["region_slug"] == REGION)
    assert uji["aktif"] == 2  # the new check shows at once, not a cached answer


def test_cors_preflight_allows_get_only(server) -> None:
    answer = fetch(
        server.url + "api/opds",
        method="OPTIONS",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"},
    )
    assert answer.status == 200
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in answer.headers["Access-Control-Allow-Methods"]
    assert "POST" not in answer.headers["Access-Control-Allow-Methods"]
    refused = fetch(
        server.url + "api/opds",
        method="OPTIONS",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    assert refused.status == 400


def test_opds_endpoint_filters_and_sorts_like_the_dashboard(server) -> None:
    everything = fetch(server.url + "api/opds").json()
    assert everything["total"] == everything["count"] == 11  # both regions
    assert [row["opd_code"] for row in everything["opds"]][:3] == ["A", "B", "C"]
    answer = fetch(
        server.url + f"api/opds?region={REGION}&category=Kurang+Aktif&sort=-score",
        headers={"Origin": ORIGIN},
    )
    body = answer.json()
    assert body["filters"] == {"region": REGION, "category": "Kurang Aktif", "channel": "website",
                               "sort": "-score"}  # fmt: skip
    assert [(r["opd_code"], r["score"]) for r in body["opds"]] == [
        ("F", 60), ("H", 60), ("I", 60), ("K", 60)
    ]  # fmt: skip
    row = body["opds"][0]
    assert row["category"] == "Kurang Aktif" and row["last_post_at"].endswith("+07:00")
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    social = fetch(server.url + f"api/opds?region={REGION}&channel=instagram").json()
    assert {r["opd_code"]: r["category"] for r in social["opds"]}["A"] == "Aktif"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("category=Mati", "Nilai category='Mati' tidak dikenal; pilihan: Aktif, Kurang Aktif"),
        ("region=kota-x", "Nilai region='kota-x' tidak dikenal; pilihan: kab-lain, kota-uji"),
        ("sort=skor", "Nilai sort='skor' tidak dikenal"),
        ("channel=telegram", "Nilai channel='telegram' tidak dikenal"),
    ],
)
def test_a_bad_filter_is_a_400_naming_the_parameter(server, query: str, message: str) -> None:
    answer = fetch(server.url + "api/opds?" + query)
    assert answer.status == 400
    assert answer.json()["status"] == 400 and message in answer.json()["error"]
    page = fetch(server.url + "?" + query)
    assert page.status == 400 and message.replace("'", "&#39;") in page.text


def test_one_opd_with_history_reason_and_warnings(server, report_data: dict) -> None:
    answer = fetch(server.url + f"api/opds/{REGION}/B")
    assert answer.status == 200
    body = answer.json()
    assert body["opd"]["category"] == "Tidak Aktif" and body["opd"]["evidence_title"] == XSS
    assert body["reason"].startswith("posting terakhir 22 Agustus 2024")
    assert [w["kind"] for w in body["warnings"]] == ["category", "spam"]
    assert [(h["run_id"], h["category"]) for h in body["history"]] == [
        (report_data["run2"], "Tidak Aktif"),
        (report_data["run1"], "Aktif"),
    ]
    assert body["history"][0]["spam_terms"] == ["slot gacor"]
    missing = fetch(server.url + f"api/opds/{REGION}/ZZZ")
    assert missing.status == 404 and "OPD 'ZZZ' tidak ada" in missing.json()["error"]
    assert fetch(server.url + "api/opds/kota-x/B").status == 404


def test_ranking_warnings_history_and_report_endpoints(server, report_data: dict) -> None:
    ranking = fetch(server.url + f"api/ranking?region={REGION}").json()["ranking"]
    assert [row["opd_code"] for row in ranking] == [
        "A",
        "K",
        "H",
        "F",
        "I",
        "B",
        "E",
        "C",
        "D",
        "G",
    ]
    warnings = {w["kind"]: w for w in fetch(server.url + "api/warnings").json()["warnings"]}
    assert [f["opd_code"] for f in warnings["spam"]["findings"]] == ["B"]
    assert {f["opd_code"] for f in warnings["category"]["findings"]} == {"B", "E"}
    history = fetch(server.url + f"api/history?region={REGION}").json()["history"]
    assert history[0]["run_id"] == report_data["run2"] and history[0]["channel_kind"] in (
        "website", "instagram",
    )  # fmt: skip
    report = fetch(server.url + f"api/regions/{REGION}/report").json()
    assert report["summary_sentence"] == LATEST_SENTENCE
    assert {"summary", "opd", "ranking", "changes", "trend"} <= set(report)


def test_openapi_describes_every_api_route(server) -> None:
    from opdcrawl.web import api

    spec = fetch(server.url + "api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {"/api" + path for path, _ in api.ROUTES}
    doc = fetch(server.url + "api-doc")
    assert doc.status == 200 and "/api/opds/{region}/{code}" in doc.text


def test_crawled_values_stay_text_on_every_page(server) -> None:
    pages = [
        fetch(server.url),
        fetch(server.url + f"opd/{REGION}/B"),
        fetch(server.url + f"opd/{REGION}/K"),
        fetch(server.url + "peringkat"),
    ]
    for page in pages:
        assert page.status == 200
        assert "<script>alert" not in page.text
        assert 'href="javascript:' not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[1].text  # shown, as text
    assert "klik" in pages[2].text  # the javascript: post shown by its title, not linked
    csp = pages[0].headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and pages[0].headers["X-Content-Type-Options"] == "nosniff"
    api = fetch(server.url + f"api/opds/{REGION}/B")
    assert api.json()["opd"]["evidence_title"] == XSS  # JSON carries it as data


def test_read_only_no_write_method(server) -> None:
    for path in ("", "api/opds", f"api/opds/{REGION}/B"):
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            answer = fetch(server.url + path, method=method)
            assert answer.status == 405, (path, method)
            assert answer.headers["Allow"] == "GET, HEAD"


def test_wall_mode_refreshes_and_pages_link_opds(server) -> None:
    page = fetch(server.url + "?wall=1")
    assert '<meta http-equiv="refresh" content="120">' in page.text
    assert '<body class="wall">' in page.text
    normal = fetch(server.url)
    assert 'http-equiv="refresh"' not in normal.text
    assert normal.headers["Cache-Control"] == "no-cache" and normal.headers["ETag"]
    assert f'href="/opd/{REGION}/B"' in normal.text
    css = fetch(server.url + "static/dashboard.css")
    assert css.status == 200 and "body.wall" in css.text


def test_database_credentials_are_never_shown(report_data: dict, tmp_path) -> None:
    """A server over a database it cannot read answers 503 in Indonesian, no URL."""
    from opdcrawl.db.engine import make_engine

    engine = make_engine(
        "postgresql+psycopg2://opdcrawl:rahasia-sekali@127.0.0.1:9/opdcrawl_tidak_ada"
    )
    try:
        with BackgroundServer(create_app(engine)) as running:
            for path in ("", "api/regions"):
                answer = fetch(running.url + path)
                assert answer.status == 503
                assert "rahasia-sekali" not in answer.text and "127.0.0.1:9" not in answer.text
                assert "opdcrawl db upgrade" in answer.text
    finally:
        engine.dispose()

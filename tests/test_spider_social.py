"""The ``social`` spider end to end: real ``scrapy crawl social`` against loopback platforms.

``opdcrawl.demo.platforms`` serves every platform's routes in the shapes of
SOCIAL_NOTES.md (escaped JSON in HTML, ids as strings, TikTok times in video ids, an empty
feed-level ``yt:channelId``, Facebook's 400 without browser headers, login redirects,
401/429 bodies); the registry writes the accounts in the forms operators use. Every
status that is not activity must come out as "cannot be assessed", never "Tidak Aktif",
and a platform failing for all its accounts is an outage, not dead accounts.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime
from itertools import pairwise

import pytest
from sqlalchemy import text

from opdcrawl.crawl import run_crawl
from opdcrawl.dates import JAKARTA
from opdcrawl.db.engine import make_engine
from opdcrawl.demo.platforms import X_TOKEN, AccountSpec, PlatformServer, channel_id
from opdcrawl.registry import COLUMNS
from tests.test_spider_websites import FAST

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=JAKARTA)
DAILY = tuple(float(age) for age in range(1, 30, 2))  # 15 posts in a month
SLOTS = {
    f"social-{name}": {"concurrency": 2, "delay": 0}
    for name in ("youtube", "instagram", "tiktok", "facebook", "x")
}
COLUMN = {name: COLUMNS.index(name) for name in ("instagram", "facebook", "youtube", "x", "tiktok")}

# code -> (platform, cell as the operator wrote it, spec)
ACCOUNTS: dict[str, tuple[str, str, AccountSpec]] = {
    "YT-OK": ("youtube", "@dinkesuji", AccountSpec("youtube", "dinkesuji", DAILY)),
    "YT-404": ("youtube", "https://www.youtube.com/@hilanguji/videos",
               AccountSpec("youtube", "hilanguji", status="not_found")),
    "IG-OK": ("instagram", "https://www.instagram.com/diskominfo.uji/?hl=id",
              AccountSpec("instagram", "diskominfo.uji", (1, 3, 5, 7, 9, 11), followers=4321)),
    "IG-PRIV": ("instagram", "@bappeda.uji", AccountSpec("instagram", "bappeda.uji", (2,),
                                                          status="private")),
    "IG-LOGIN": ("instagram", "m.instagram.com/dishub.uji",
                 AccountSpec("instagram", "dishub.uji", (2,), status="login_wall")),
    "TT-OK": ("tiktok", "@kominfo.uji", AccountSpec("tiktok", "kominfo.uji", (3, 40, 80))),
    "TT-429": ("tiktok", "https://www.tiktok.com/@sibuk.uji",
               AccountSpec("tiktok", "sibuk.uji", status="rate_limited")),
    # Recent reels: judged on them, the page is not rendered.
    "FB-OK": ("facebook", "https://web.facebook.com/pemkab.uji/",
              AccountSpec("facebook", "pemkab.uji", (4, 25, 60))),
    # No reel at all; the page itself walls a browser off: partial evidence stands.
    "FB-NOREEL": ("facebook", "https://www.facebook.com/dinsos.uji",
                  AccountSpec("facebook", "dinsos.uji", (), page="login_wall")),
    # No reel, photos on the timeline: the browser route reads them.
    "FB-PHOTOS": ("facebook", "facebook.com/dispar.uji/?ref=page_internal",
                  AccountSpec("facebook", "dispar.uji", (), page_ages_days=(2, 9, 40))),
    # No reel, and the page never answers a browser: the render's timeout ends it.
    "FB-HANG": ("facebook", "@diam.uji",
                AccountSpec("facebook", "diam.uji", (200,), page="hang")),
    "X-OK": ("x", "@humas_uji", AccountSpec("x", "humas_uji", (6,), followers=900)),
    "X-404": ("x", "https://x.com/tiada_uji", AccountSpec("x", "tiada_uji", status="not_found")),
    "YT-LAYOUT": ("youtube", "@berubahuji", AccountSpec("youtube", "berubahuji", (1,),
                                                         status="layout_changed")),
}  # fmt: skip


def _seed_rows(accounts: dict[str, tuple[str, str, AccountSpec]]) -> list[list[str]]:
    rows = []
    for code, (platform, cell, _) in accounts.items():
        row = ["Kota Uji Sosial", code, f"OPD {code}", code, "dinas", "-", *[""] * 6]
        row[COLUMN[platform]] = cell
        rows.append(row)
    return rows


def _crawl(tmp, accounts, *, region: str, extra: dict[str, str] | None = None):
    specs = [spec for _, _, spec in accounts.values()]
    folder = tmp / "seeds"
    folder.mkdir(exist_ok=True)
    with (folder / f"{region}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(_seed_rows(accounts))
    database_url = f"sqlite:///{tmp / 'crawl.db'}"
    with PlatformServer(specs, NOW) as platforms:
        settings = {
            **FAST,
            "OPDCRAWL_CRAWL_TIME": NOW.isoformat(),
            "OPDCRAWL_SOCIAL_BASE_URLS": json.dumps(platforms.base_urls),
            "OPDCRAWL_X_BEARER_TOKEN": X_TOKEN,
            "DOWNLOAD_SLOTS": json.dumps(SLOTS),
            "OPDCRAWL_SOCIAL_BROWSER_TIMEOUT": "4",
            "OPDCRAWL_SOCIAL_BROWSER_SETTLE": "0.5",
            **(extra or {}),
        }
        result = run_crawl("social", database_url=database_url, region=region, seeds=folder,
                           settings=settings, log_file=tmp / "crawl.log", timeout=180)  # fmt: skip
        requests = platforms.requests
        arrivals = platforms.arrivals
    log = (tmp / "crawl.log").read_text()
    assert result.returncode == 0, log[-3000:]
    engine = make_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT o.code, c.kind, c.platform_id, cc.reachable, cc.error_class, cc.category,"
                " cc.last_post_at, cc.posts_90d, cc.posts_window, cc.followers, cc.route,"
                " cc.score, cc.error_detail FROM channel_check cc"
                " JOIN channel c ON c.id = cc.channel_id JOIN opd o ON o.id = c.opd_id"
            )
        ).mappings()
        checks = {row["code"]: dict(row) for row in rows}
        runs = connection.execute(text("SELECT spider, status FROM crawl_run")).all()
        stats = connection.execute(text("SELECT stats FROM crawl_run ORDER BY id DESC")).first()[0]
    engine.dispose()
    stats = json.loads(stats) if isinstance(stats, str) else stats
    return {"checks": checks, "runs": runs, "log": log, "requests": requests,
            "arrivals": arrivals, "stats": stats}  # fmt: skip


@pytest.fixture(scope="module")
def social_crawl(tmp_path_factory):
    return _crawl(tmp_path_factory.mktemp("social"), ACCOUNTS, region="uji-sosial")


def test_every_account_is_checked_once_in_one_social_run(social_crawl):
    assert social_crawl["runs"] == [("social", "finished")]
    assert set(social_crawl["checks"]) == set(ACCOUNTS)
    assert "Traceback" not in social_crawl["log"]


def test_readable_accounts_get_their_newest_post_and_a_category(social_crawl):
    checks = social_crawl["checks"]
    youtube = checks["YT-OK"]
    assert youtube["reachable"] and youtube["error_class"] is None
    assert youtube["route"] == "feed" and youtube["category"] == "Aktif"
    assert youtube["platform_id"] == channel_id("dinkesuji")  # cached for later runs
    assert youtube["posts_window"] == 15  # every visible video is recent: counts are ≥
    instagram = checks["IG-OK"]
    assert (instagram["route"], instagram["followers"]) == ("embed", 4321)
    assert instagram["posts_window"] == 6 and instagram["posts_90d"] == 6
    # Six posts in eleven days: the 90-day condition is judged on that rate, not on "6".
    assert instagram["category"] == "Aktif"
    tiktok = checks["TT-OK"]
    assert tiktok["reachable"] and tiktok["posts_90d"] == 3 and tiktok["posts_window"] is None
    assert checks["FB-OK"]["reachable"] and checks["FB-OK"]["posts_90d"] == 3
    assert checks["X-OK"]["reachable"] and checks["X-OK"]["followers"] == 900
    for code in ("YT-OK", "IG-OK", "TT-OK", "FB-OK", "X-OK"):
        newest = datetime.fromisoformat(str(checks[code]["last_post_at"]))
        age = ACCOUNTS[code][2].ages_days[0]
        expected = NOW.timestamp() - age * 86400
        assert abs(newest.replace(tzinfo=JAKARTA if newest.tzinfo is None else newest.tzinfo)
                   .timestamp() - expected) < 86400, code  # fmt: skip


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("YT-404", "not_found"),
        ("IG-PRIV", "private"),
        ("IG-LOGIN", "login_wall"),
        ("TT-429", "rate_limited"),
        ("FB-NOREEL", "partial_evidence"),
        ("FB-HANG", "partial_evidence"),
        ("X-404", "not_found"),
        ("YT-LAYOUT", "layout_changed"),
    ],
)
def test_statuses_that_are_never_inactivity(social_crawl, code, status):
    check = social_crawl["checks"][code]
    assert check["error_class"] == status, check
    assert not check["reachable"]
    assert check["category"] == "Tidak Dapat Diakses"  # cannot be assessed, not inactive


def test_facebook_is_asked_with_browser_headers(social_crawl):
    facebook = [headers for path, _, headers in social_crawl["requests"]
                if path.startswith("/facebook/") and path.endswith("/reels/")]  # fmt: skip
    assert facebook and all(h.get("sec-fetch-mode") and h.get("sec-ch-ua") for h in facebook)


def test_the_browser_route_reads_what_only_a_rendered_page_shows(social_crawl):
    """FB-PHOTOS posts no reels: the page rendered in Chromium (its timeline is written by
    the page's own script) gives its photo posts, as full evidence, not partial."""
    check = social_crawl["checks"]["FB-PHOTOS"]
    assert (check["route"], check["reachable"], check["error_class"]) == (
        "page-browser", 1, None)  # fmt: skip
    assert check["posts_90d"] == 3 and check["category"] in ("Aktif", "Kurang Aktif")
    newest = datetime.fromisoformat(str(check["last_post_at"]))
    assert abs(newest.replace(tzinfo=newest.tzinfo or JAKARTA).timestamp()
               - (NOW.timestamp() - 2 * 86400)) < 86400  # fmt: skip


def test_the_browser_is_the_last_route_only_for_unjudged_accounts(social_crawl):
    paths = [path for path, _, _ in social_crawl["requests"]]
    # Recent reels judge FB-OK: its page is never rendered.
    assert "/facebook/pemkab.uji/" not in paths
    assert "/facebook/dispar.uji/" in paths and "/facebook/dispar.uji/timeline.json" in paths
    # Images are blocked in a render: the page's cover is never downloaded.
    assert not [path for path in paths if path.endswith("/cover.jpg")]
    # A page that hung is asked once (no retry), and the run still finished.
    assert paths.count("/facebook/diam.uji/") == 1


def test_browser_contexts_are_bounded_and_closed(tmp_path):
    pages = {
        f"FB-{n}": ("facebook", f"@halaman{n}.uji",
                    AccountSpec("facebook", f"halaman{n}.uji", (), page_ages_days=(n + 1,)))
        for n in range(5)
    }  # fmt: skip
    slots = {**SLOTS, "social-facebook": {"concurrency": 5, "delay": 0}}
    crawl = _crawl(tmp_path, pages, region="uji-peramban",
                   extra={"DOWNLOAD_SLOTS": json.dumps(slots), "PLAYWRIGHT_MAX_CONTEXTS": "2",
                          "OPDCRAWL_SOCIAL_BROWSER_SETTLE": "1"})  # fmt: skip
    assert all(check["route"] == "page-browser" for check in crawl["checks"].values())
    assert crawl["stats"]["playwright/context_count/max_concurrent"] <= 2
    assert crawl["stats"]["playwright/context_count"] == 5  # one context per account


def test_the_browser_route_can_be_switched_off(tmp_path):
    accounts = {"FB-PHOTOS": ACCOUNTS["FB-PHOTOS"]}
    crawl = _crawl(tmp_path, accounts, region="uji-tanpa-peramban",
                   extra={"OPDCRAWL_SOCIAL_BROWSER_PLATFORMS": "[]"})  # fmt: skip
    assert crawl["checks"]["FB-PHOTOS"]["error_class"] == "partial_evidence"
    assert "/facebook/dispar.uji/" not in [path for path, _, _ in crawl["requests"]]


def test_a_platform_failing_for_every_account_is_an_outage(tmp_path):
    down = {
        f"YT-{n}": ("youtube", f"@kanal{n}", AccountSpec("youtube", f"kanal{n}", status="error"))
        for n in range(6)
    }
    down["IG-1"] = ("instagram", "@tetap.jalan", AccountSpec("instagram", "tetap.jalan", (1,)))
    crawl = _crawl(tmp_path, down, region="uji-gangguan", extra={"RETRY_TIMES": "0"})
    for code in (f"YT-{n}" for n in range(6)):
        check = crawl["checks"][code]
        assert check["error_class"] == "platform_outage", check
        assert check["category"] == "Tidak Dapat Diakses"
        assert "6 dari 6 akun youtube" in check["error_detail"]
    assert crawl["checks"]["IG-1"]["reachable"]
    assert "Gangguan platform youtube" in crawl["log"]


def test_unknown_platform_argument_is_refused(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    result = run_crawl("social", database_url=f"sqlite:///{tmp_path / 'x.db'}", seeds=folder,
                       region="tidak-ada", extra_args=["-a", "platform=myspace"],
                       log_file=tmp_path / "crawl.log", timeout=60)  # fmt: skip
    assert result.returncode != 0
    assert "platform tidak dikenal: myspace" in (tmp_path / "crawl.log").read_text() + (
        result.stderr
    )


def test_a_resolved_youtube_channel_id_is_cached_for_later_runs(tmp_path):
    """The @handle is resolved once from the channel page; the next run asks the feed only."""
    accounts = {"YT-OK": ACCOUNTS["YT-OK"]}
    first = _crawl(tmp_path, accounts, region="uji-cache")
    second = _crawl(tmp_path, accounts, region="uji-cache")
    paths = [[path for path, _, _ in crawl["requests"]] for crawl in (first, second)]
    assert "/youtube/@dinkesuji" in paths[0]
    assert "/youtube/@dinkesuji" not in paths[1]
    assert any(path == "/youtube/feeds/videos.xml" for path in paths[1])
    assert second["checks"]["YT-OK"]["category"] == "Aktif"


def test_a_platform_s_delay_is_kept_whatever_autothrottle_learns(tmp_path):
    """Politeness per platform: one Instagram request at a time, at least its delay apart
    (Scrapy randomises a delay to 0.5-1.5x), even though AutoThrottle, on for websites,
    would shorten the delay of a slot that answers fast."""
    accounts = {
        f"IG-{n}": ("instagram", f"@akun{n}.uji", AccountSpec("instagram", f"akun{n}.uji", (1,)))
        for n in range(5)
    }
    slots = {**SLOTS, "social-instagram": {"concurrency": 1, "delay": 0.6}}
    crawl = _crawl(tmp_path, accounts, region="uji-jeda",
                   extra={"DOWNLOAD_SLOTS": json.dumps(slots), "AUTOTHROTTLE_ENABLED": "True",
                          "AUTOTHROTTLE_START_DELAY": "0.01"})  # fmt: skip
    times = sorted(at for at, path in crawl["arrivals"] if path.startswith("/instagram/"))
    assert len(times) == 5
    gaps = [later - earlier for earlier, later in pairwise(times)]
    assert min(gaps) >= 0.6 * 0.5 - 0.05, gaps


def test_x_without_a_token_is_not_readable_and_not_asked(tmp_path):
    """No free route reads X: without a token the account is "tidak dapat dibaca"."""
    crawl = _crawl(tmp_path, {"X-OK": ACCOUNTS["X-OK"]}, region="uji-x",
                   extra={"OPDCRAWL_X_BEARER_TOKEN": ""})  # fmt: skip
    check = crawl["checks"]["X-OK"]
    assert (check["error_class"], check["category"]) == ("not_readable", "Tidak Dapat Diakses")
    assert not [path for path, _, _ in crawl["requests"] if path.startswith("/x-api")]

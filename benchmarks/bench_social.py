"""How fast, and at what cost, does the real ``social`` spider get through N accounts?

Serves N accounts spread evenly over the five platforms from the loopback imitations
(``opdcrawl.demo.platforms.PlatformServer``, the real response shapes), with a mix of
statuses (75 % readable with posts of various ages; not found, private or login wall or
changed layout, rate limited, server error), writes a seeds folder for region
``bench-social`` (one OPD per five accounts, one on each platform) and runs the same
``scrapy crawl social`` an operator's cron job runs, under ``/usr/bin/time -v``.

Politeness is the project's default (robots.txt, AutoThrottle, retries with backoff)
except the per-platform ``DOWNLOAD_SLOTS``: their delay (default 0) and concurrency
(``--concurrency``) are an **experiment setting**, printed with the figures. Real
platforms need the defaults (``opdcrawl/settings.py``: 1-3 s between requests, one or
two at a time); on loopback those delays alone would set the wall time.

The floor: a bare Scrapy spider (no robots.txt, no AutoThrottle, no retries, no parsing,
no database) fetching each account's first-route URL, with the same headers, the same
download slots and the same per-platform concurrency, from the same server, in the same
invocation. Ratios against it say what the crawler costs beyond moving the bytes.

Run from the repository root with the virtualenv active::

    python benchmarks/bench_social.py                        # 250 and 1,000 accounts
    python benchmarks/bench_social.py --accounts 1000 --concurrency 8
    python benchmarks/bench_social.py --set AUTOTHROTTLE_ENABLED=False   # an experiment

Several sizes (``--accounts 250,1000``) show how peak memory grows with the accounts.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import resource
import shlex
import shutil
import statistics
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

REGION = "bench-social"
PLATFORMS = ("youtube", "instagram", "tiktok", "facebook", "x")
CODES = {"youtube": "yt", "instagram": "ig", "tiktok": "tt", "facebook": "fb", "x": "x"}
# The status an account of each platform gets when the mix asks for a closed account:
# the imitation's own way for that platform to refuse showing one.
CLOSED = {
    "youtube": "layout_changed",
    "instagram": "private",
    "tiktok": "private",
    "facebook": "login_wall",
    "x": "private",
}
DAILY = tuple(float(age) for age in range(1, 30, 2))  # 15 posts in a month
WEEKLY = tuple(float(age) for age in range(3, 90, 7))  # 13 in 90 days
MONTHLY = (5.0, 35.0, 65.0)
OLD = (120.0, 200.0)
# Twenty accounts in a row of one platform: 15 readable, 5 that cannot be judged.
MIX: tuple[tuple[str, tuple[float, ...]], ...] = (
    ("ok", DAILY), ("ok", WEEKLY), ("ok", MONTHLY), ("ok", OLD), ("not_found", ()),
    ("ok", DAILY), ("ok", WEEKLY), ("ok", MONTHLY), ("closed", (2.0,)), ("ok", OLD),
    ("ok", DAILY), ("ok", WEEKLY), ("rate_limited", ()), ("ok", MONTHLY), ("not_found", ()),
    ("ok", DAILY), ("ok", OLD), ("error", ()), ("ok", WEEKLY), ("ok", MONTHLY),
)  # fmt: skip
# The error_class each spec status must end as (None: read, with a category).
EXPECTED_CLASS = {
    "ok": None,
    "not_found": "not_found",
    "private": "private",
    "login_wall": "login_wall",
    "layout_changed": "layout_changed",
    "rate_limited": "rate_limited",
    "error": "unreachable",
}
SAMPLE_STATS = (
    "downloader/request_count",
    "downloader/response_count",
    "item_scraped_count",
    "log_count/ERROR",
    "log_count/WARNING",
    "retry/count",
    "robotstxt/request_count",
    "elapsed_time_seconds",
)


# --- The accounts -------------------------------------------------------------------------


def plan_accounts(count: int) -> list[Any]:
    """``count`` AccountSpecs, ``count / 5`` per platform, statuses cycling through MIX."""
    from opdcrawl.demo.platforms import AccountSpec

    specs = []
    for number in range(count // len(PLATFORMS)):
        status, ages = MIX[number % len(MIX)]
        for platform in PLATFORMS:
            real = CLOSED[platform] if status == "closed" else status
            handle = f"bench{CODES[platform]}{number + 1:05d}"
            specs.append(AccountSpec(platform, handle, ages, 1000 + number, real))
    return specs


def expected_class(spec: Any, now_days: float = 90.0) -> str | None:
    """The error_class the check must get: the status's, or None for a readable account.

    Facebook shows reels only: an account none of whose reels is recent is "partial
    evidence", not inactive (the social spider's rule)."""
    recent = any(age <= now_days for age in spec.ages_days)
    if spec.status == "ok" and spec.platform == "facebook" and not recent:
        return "partial_evidence"
    return EXPECTED_CLASS[spec.status]


def cell(spec: Any) -> str:
    if spec.platform == "facebook":
        return f"https://www.facebook.com/{spec.handle}"
    return f"@{spec.handle}"


def write_seeds(folder: Path, specs: list[Any]) -> Path:
    """seeds/bench-social.csv: OPD n holds account n of every platform; no website."""
    from opdcrawl.registry import COLUMNS, load_dir

    folder.mkdir(parents=True, exist_ok=True)
    rows: dict[str, dict[str, str]] = {}
    for spec in specs:
        code = f"SOS-{spec.handle[-5:]}"
        row = rows.setdefault(code, dict.fromkeys(COLUMNS, ""))
        row.update(region="Benchmark Sosial", code=code, name=f"OPD {code}", kind="dinas")
        row["website"] = "-"
        row[spec.platform] = cell(spec)
    with (folder / f"{REGION}.csv").open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows.values())
    registry = load_dir(folder, [REGION])
    if registry.problems:
        raise SystemExit("seeds ditolak: " + "; ".join(map(str, registry.problems[:5])))
    return folder


def first_route_requests(specs: list[Any], base_urls: dict[str, str]) -> list[dict[str, Any]]:
    """Each account's first-route request (URL, headers, slot), as the adapters build it."""
    from opdcrawl.channels import normalise_social
    from opdcrawl.demo.platforms import X_TOKEN
    from opdcrawl.social.base import Account
    from spiders.social import PLATFORMS as ADAPTERS

    config = {"base_urls": base_urls, "youtube_api_key": "", "x_bearer_token": X_TOKEN}
    wanted = []
    for spec in specs:
        account = Account.from_url(spec.platform, normalise_social(spec.platform, cell(spec)))
        request = next(
            built
            for route in ADAPTERS[spec.platform].ROUTES
            if (built := route.request(account, config)) is not None
        )
        wanted.append(
            {
                "url": request.url,
                "headers": dict(request.headers),
                "slot": f"social-{spec.platform}",
            }
        )
    return wanted


# --- Running a crawl under /usr/bin/time ----------------------------------------------------


def timed(
    command: list[str], *, env: dict[str, str], workdir: Path, name: str, timeout: float
) -> dict[str, Any]:
    """Run ``command`` as every benchmark does (``bench_crawl.measure``), and this process's
    own CPU meanwhile (it serves the platforms)."""
    from bench_crawl import measure

    usage_before = resource.getrusage(resource.RUSAGE_SELF)
    run = measure(
        command, env=env, cwd=ROOT, time_file=workdir / f"time-{name}.txt", timeout=timeout
    )
    usage_after = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "returncode": run.returncode,
        "wall_s": run.wall_s,
        "output": run.output,
        "time_v": run.time_v,
        "peak_kb": run.peak_kb,
        "cpu_s": run.cpu_s,
        # This process serves the platforms (threads): its CPU during the run.
        "server_cpu_s": (usage_after.ru_utime + usage_after.ru_stime)
        - (usage_before.ru_utime + usage_before.ru_stime),
        "rss_samples": [s["rss_kb"] for s in run.sampler.samples],
    }


def run_social(
    args: argparse.Namespace, extra: dict[str, str], workdir: Path, seeds: Path, server: Any
) -> dict[str, Any]:
    """``scrapy crawl social -a region=bench-social`` as ``run_crawl`` runs it."""
    from bench_crawl import parse_stats_dump

    from opdcrawl.crawl import crawl_command
    from opdcrawl.demo.platforms import X_TOKEN

    log_file = workdir / "crawl.log"
    settings = {
        "LOG_LEVEL": "INFO",
        "OPDCRAWL_ALLOW_PRIVATE_ADDRESSES": "True",  # the platforms listen on loopback
        "OPDCRAWL_SOCIAL_BASE_URLS": json.dumps(server.base_urls),
        "OPDCRAWL_X_BEARER_TOKEN": X_TOKEN,
        "DOWNLOAD_SLOTS": json.dumps(slots(args)),
        **extra,
        "LOG_FILE": str(log_file),
    }
    command = crawl_command("social", region=REGION, seeds=seeds, settings=settings)
    env = dict(os.environ)
    env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.db'}"
    env.setdefault("SCRAPY_SETTINGS_MODULE", "opdcrawl.settings")
    served_before = len(server.arrivals)
    outcome = timed(command, env=env, workdir=workdir, name="social", timeout=args.timeout)
    log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
    outcome.update(
        log=log,
        stats=parse_stats_dump(log),
        arrivals=server.arrivals[served_before:],
        command=shlex.join(["DATABASE_URL=sqlite:///bench.db", "python", *command[1:]]),
    )
    return outcome


def run_floor(
    args: argparse.Namespace, workdir: Path, wanted: list[dict[str, Any]], server: Any
) -> dict[str, Any]:
    """The bare spider of ``floor_main`` in its own process, under /usr/bin/time."""
    from bench_crawl import parse_stats_dump

    urls_file = workdir / "floor-urls.jsonl"
    urls_file.write_text("".join(json.dumps(item) + "\n" for item in wanted), encoding="utf-8")
    log_file = workdir / "floor.log"
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--floor-urls",
        str(urls_file),
        "--floor-slots",
        json.dumps(slots(args)),
        "--floor-log",
        str(log_file),
    ]
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    served_before = len(server.arrivals)
    outcome = timed(command, env=env, workdir=workdir, name="floor", timeout=args.timeout)
    log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
    outcome.update(log=log, stats=parse_stats_dump(log), arrivals=server.arrivals[served_before:])
    return outcome


def slots(args: argparse.Namespace) -> dict[str, dict[str, float]]:
    return {
        f"social-{platform}": {"concurrency": args.concurrency, "delay": args.delay}
        for platform in PLATFORMS
    }


def floor_main(urls_file: str, slots_json: str, log_file: str) -> int:
    """The floor: Scrapy's defaults, minus politeness and retries; fetch, count, discard."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    wanted = [json.loads(line) for line in Path(urls_file).read_text().splitlines() if line]

    class FloorSpider(scrapy.Spider):
        name = "floor"

        async def start(self):  # type: ignore[override]
            for item in wanted:
                yield scrapy.Request(
                    item["url"],
                    headers=item["headers"],
                    callback=self.parse,
                    dont_filter=True,
                    meta={
                        "download_slot": item["slot"],
                        "handle_httpstatus_all": True,
                        "dont_redirect": True,
                    },
                )

        def parse(self, response: Any) -> None:
            return None

    process = CrawlerProcess(
        {
            "LOG_LEVEL": "INFO",
            "LOG_FILE": log_file,
            "ROBOTSTXT_OBEY": False,
            "AUTOTHROTTLE_ENABLED": False,
            "DOWNLOAD_DELAY": 0,
            "RETRY_ENABLED": False,
            "COOKIES_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "CONCURRENT_REQUESTS": 128,  # as opdcrawl.settings
            "DOWNLOAD_SLOTS": json.loads(slots_json),
        }
    )
    process.crawl(FloorSpider)
    process.start()
    return 0


# --- Results ------------------------------------------------------------------------------


def read_checks(workdir: Path, specs: list[Any]) -> dict[str, Any]:
    """Stored checks: requests per account, statuses against the specs, categories."""
    from sqlalchemy import text

    from opdcrawl.db.engine import make_engine

    engine = make_engine(f"sqlite:///{workdir / 'bench.db'}")
    try:
        with engine.connect() as connection:
            run = connection.execute(
                text("SELECT id, status FROM crawl_run ORDER BY id DESC LIMIT 1")
            ).first()
            rows = connection.execute(
                text(
                    "SELECT c.kind, c.url, cc.requests, cc.error_class, cc.category"
                    " FROM channel_check cc JOIN channel c ON c.id = cc.channel_id"
                    " WHERE cc.run_id = :run"
                ),
                {"run": run[0] if run else None},
            ).all()
    finally:
        engine.dispose()
    by_handle = {(spec.platform, spec.handle): spec for spec in specs}
    outcomes: Counter[tuple[str, str]] = Counter()
    categories: Counter[str] = Counter()
    mismatches: list[str] = []
    requests = []
    for kind, url, spider_requests, error_class, category in rows:
        handle = url.rstrip("/").rsplit("/", 1)[-1].removeprefix("@")
        spec = by_handle.get((kind, handle))
        requests.append(spider_requests or 0)
        categories[category or "-"] += 1
        if spec is None:
            mismatches.append(f"{kind} {handle}: not an account of the benchmark")
            continue
        outcomes[(spec.status, error_class or "ok")] += 1
        if error_class != expected_class(spec):
            mismatches.append(
                f"{kind} {handle} ({spec.status}): got {error_class!r}, "
                f"expected {expected_class(spec)!r}"
            )
    return {
        "status": run[1] if run else None,
        "checks": len(rows),
        "spider_requests": sum(requests),
        "outcomes": outcomes,
        "categories": categories,
        "mismatches": mismatches,
    }


def pace(arrivals: list[tuple[float, str]]) -> dict[str, tuple[int, float, float]]:
    """Per platform as the server saw it: requests, median gap between arrivals (ms), span."""
    by_platform: dict[str, list[float]] = defaultdict(list)
    for moment, path in arrivals:
        prefix = path.split("/")[1]
        platform = {"youtube-api": "youtube", "x-api": "x"}.get(prefix, prefix)
        by_platform[platform].append(moment)
    result = {}
    for platform, moments in sorted(by_platform.items()):
        gaps = [b - a for a, b in itertools.pairwise(moments)]
        median = statistics.median(gaps) * 1000 if gaps else 0.0
        result[platform] = (len(moments), median, moments[-1] - moments[0])
    return result


def measure(
    args: argparse.Namespace, extra: dict[str, str], count: int, workdir: Path
) -> dict[str, Any]:
    """One size: serve, write seeds, run the floor and the real crawl, read the results."""
    from opdcrawl.demo.platforms import PlatformServer
    from opdcrawl.demo.sites import jakarta_now

    specs = plan_accounts(count)
    seeds = write_seeds(workdir / "seeds", specs)
    with PlatformServer(specs, jakarta_now()) as server:
        wanted = first_route_requests(specs, server.base_urls)
        floor = run_floor(args, workdir, wanted, server)
        social = run_social(args, extra, workdir, seeds, server)
    results = read_checks(workdir, specs)
    return {"count": count, "specs": specs, "floor": floor, "social": social, "results": results}


def report_one(args: argparse.Namespace, extra: dict[str, str], run: dict[str, Any]) -> str:
    from bench_crawl import table

    count, floor, social, results = run["count"], run["floor"], run["social"], run["results"]
    stats = social["stats"]
    requests = float(stats.get("downloader/request_count", 0))
    floor_requests = float(floor["stats"].get("downloader/request_count", 0))
    statuses = Counter(spec.status for spec in run["specs"])
    wall, floor_wall = social["wall_s"], floor["wall_s"]
    rows = [
        (
            "accounts (spec statuses)",
            f"{count}, {count // len(PLATFORMS)} per platform ("
            + ", ".join(f"{k} {v}" for k, v in statuses.most_common())
            + ")",
        ),
        (
            "experiment: DOWNLOAD_SLOTS per platform",
            f"concurrency {args.concurrency}, delay {args.delay:g} s (defaults: 1-2 and 1-3 s)",
        ),
        ("other settings", ", ".join(f"{k}={v}" for k, v in extra.items()) or "defaults"),
        ("exit code / run status", f"{social['returncode']} / {results['status']}"),
        (
            "wall time: crawl / floor (ratio)",
            f"{wall:.1f} s / {floor_wall:.1f} s ({wall / floor_wall:.1f}×)",
        ),
        ("Scrapy elapsed_time_seconds", f"{float(stats.get('elapsed_time_seconds', 0)):.1f} s"),
        ("accounts per minute (wall)", f"{count / wall * 60:.0f}"),
        (
            "requests: crawl (robots.txt, retries) / floor",
            f"{requests:.0f} ({float(stats.get('robotstxt/request_count', 0)):.0f}, "
            f"{float(stats.get('retry/count', 0)):.0f}) / {floor_requests:.0f}",
        ),
        (
            "requests per account: all / by the spider / floor",
            f"{requests / count:.2f} / {results['spider_requests'] / count:.2f} / "
            f"{floor_requests / count:.2f}",
        ),
        (
            "peak RSS: crawl / floor (ratio)",
            f"{social['peak_kb'] / 1024:.0f} MiB / {floor['peak_kb'] / 1024:.0f} MiB "
            f"({social['peak_kb'] / max(floor['peak_kb'], 1):.1f}×)",
        ),
        (
            "CPU (user+sys): crawl / floor (ratio)",
            f"{social['cpu_s']:.1f} s / {floor['cpu_s']:.1f} s "
            f"({social['cpu_s'] / max(floor['cpu_s'], 0.01):.1f}×); crawl "
            f"{social['cpu_s'] / wall * 100:.0f}% of one core",
        ),
        (
            "CPU per account: crawl / floor",
            f"{social['cpu_s'] / count * 1000:.1f} ms / {floor['cpu_s'] / count * 1000:.1f} ms",
        ),
        (
            "server (this process) CPU during crawl / floor",
            f"{social['server_cpu_s']:.1f} s / {floor['server_cpu_s']:.1f} s",
        ),
        ("checks stored", f"{results['checks']}"),
        ("statuses different from the spec", f"{len(results['mismatches'])}"),
        (
            "stored categories",
            ", ".join(f"{k} {v}" for k, v in results["categories"].most_common()),
        ),
        (
            "log ERROR / WARNING",
            f"{float(stats.get('log_count/ERROR', 0)):.0f} / "
            f"{float(stats.get('log_count/WARNING', 0)):.0f}",
        ),
    ]
    lines = [f"## {count} accounts", "", table(rows), ""]
    lines.append("Pace per platform as the server saw it (requests, median gap, span):")
    for name, outcome in (("crawl", social), ("floor", floor)):
        parts = [
            f"{platform} {n} req, {gap:.0f} ms, {span:.1f} s"
            for platform, (n, gap, span) in pace(outcome["arrivals"]).items()
        ]
        lines.append(f"  {name}: " + "; ".join(parts))
    lines += ["", "Command (under `/usr/bin/time -v`, cwd = repository root):", ""]
    lines.append(f"    {social['command']}")
    if results["mismatches"]:
        lines.append(f"\nStatuses different from the spec ({len(results['mismatches'])}):")
        lines += [f"  - {line}" for line in results["mismatches"][:20]]
    for name, outcome in (("crawl", social), ("floor", floor)):
        if outcome["returncode"] != 0:
            lines.append(f"\n{name} failed; end of its output and log:")
            lines.append(outcome["output"][-2000:])
            lines.append(outcome["log"][-3000:])
    errors = [line for line in social["log"].splitlines() if " ERROR: " in line]
    if errors:
        lines.append(f"\nFirst ERROR lines of the crawl log ({len(errors)}):")
        lines += [f"  {line[:300]}" for line in errors[:10]]
    return "\n".join(lines)


def report_growth(runs: list[dict[str, Any]]) -> str:
    """Peak memory and time against the number of accounts, and the growth per account."""
    from bench_crawl import table

    rows = []
    for run in runs:
        social, floor = run["social"], run["floor"]
        rows.append(
            (
                f"{run['count']} accounts",
                f"crawl {social['peak_kb'] / 1024:.0f} MiB, floor {floor['peak_kb'] / 1024:.0f}"
                f" MiB; wall {social['wall_s']:.1f} s vs {floor['wall_s']:.1f} s "
                f"({social['wall_s'] / floor['wall_s']:.1f}×); CPU {social['cpu_s']:.1f} s "
                f"vs {floor['cpu_s']:.1f} s",
            )
        )
    if len(runs) > 1:
        first, last = runs[0], runs[-1]
        accounts = last["count"] - first["count"]
        for name in ("social", "floor"):
            grown = last[name]["peak_kb"] - first[name]["peak_kb"]
            rows.append(
                (
                    f"peak RSS growth {first['count']} → {last['count']} ({name})",
                    f"{grown / 1024:+.1f} MiB = {grown / accounts:+.1f} KiB per account",
                )
            )
    return "## Growth\n\n" + table(rows)


# --- Main ---------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--accounts",
        default="250,1000",
        help="account counts to run, comma-separated, multiples of 5 (default 250,1000)",
    )
    parser.add_argument(
        "--concurrency", type=int, default=4, help="requests at once per platform (default 4)"
    )
    parser.add_argument(
        "--delay", type=float, default=0.0, help="DOWNLOAD_SLOTS delay per platform (default 0)"
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra Scrapy setting for the crawl, for experiments (printed with the figures)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per crawl")
    parser.add_argument("--floor-urls", help=argparse.SUPPRESS)
    parser.add_argument("--floor-slots", help=argparse.SUPPRESS)
    parser.add_argument("--floor-log", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor_urls:
        return args
    try:
        args.sizes = [int(part) for part in args.accounts.split(",") if part.strip()]
    except ValueError:
        parser.error("--accounts wants numbers, e.g. 250,1000")
    if not args.sizes or any(n < 5 or n % 5 or n > 100_000 for n in args.sizes):
        parser.error("--accounts: each count a multiple of 5 between 5 and 100000")
    if args.concurrency < 1:
        parser.error("--concurrency must be at least 1")
    for item in args.set:
        if "=" not in item:
            parser.error(f"--set wants NAME=VALUE, got {item!r}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.floor_urls:
        return floor_main(args.floor_urls, args.floor_slots, args.floor_log)
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    extra = dict(item.split("=", 1) for item in args.set)
    runs = []
    failed = False
    for count in sorted(args.sizes):
        workdir = Path(tempfile.mkdtemp(prefix=f"opdcrawl-bench-social-{count}-"))
        print(f"{count} accounts: floor, then scrapy crawl social ...", flush=True)
        run = measure(args, extra, count, workdir)
        runs.append(run)
        print()
        print(report_one(args, extra, run))
        print(flush=True)
        failed = failed or bool(
            run["social"]["returncode"] or run["floor"]["returncode"]
            or run["results"]["mismatches"]
        )  # fmt: skip
        if args.keep:
            print(f"Kept: {workdir}\n")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(report_growth(runs))
    print()
    print(f"    python benchmarks/bench_social.py {shlex.join(sys.argv[1:])}")
    print(
        f"Machine: {os.cpu_count()} cores, load average now "
        + " / ".join(f"{v:.2f}" for v in os.getloadavg())
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The national crawl on the internet's terms, measured against a floor in the same run.

``bench_crawl.py`` serves sites that answer at once and never hang; real OPD sites answer
in 0.2–2 s, about one in twenty accepts a connection and then says nothing, some trickle
their pages out, and a few are JavaScript-only. This serves such a farm (each site on its
own 127.x address: latency per response drawn per site and path, ``--hang`` share never
answering, ``--drip`` share spreading each body over ``--drip-seconds``, ``--js`` share
JavaScript-only, the rest the demo's CMS mix incl. parked and refused sites), then runs:

1. the real ``scrapy crawl websites`` (project settings, SQLite), as an operator's cron job;
2. the floor (``floor_spider.py``): bare Scrapy with the same network settings fetching
   exactly the requests the real crawl made to each site (as the farm recorded them,
   repeats included), each once without retries; no extraction, storage or browser.

Both run under ``/usr/bin/time -v`` against the same farm, one after the other; it prints
wall time, CPU seconds and peak RSS of each, the ratios, and how many sites got the
category their shape implies (a hanging site: "Tidak Dapat Diakses", timeout).

    python benchmarks/bench_national.py                     # 5,000 sites
    python benchmarks/bench_national.py --sites 1000 --set CONCURRENT_REQUESTS=256
    python benchmarks/bench_national.py --sites 10000 --only full   # memory at scale
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import os
import shlex
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_crawl
from bench_crawl import (
    REGION,
    ROOT,
    Measured,
    MeasuredProcess,
    database,
    measure,
    parse_stats_dump,
    plan_sites,
    raise_open_files_limit,
    read_results,
    write_seeds,
)
from loopback_sites import Behaviour, LoopbackSites

from opdcrawl import settings as project_settings
from opdcrawl.demo.sites import SiteSpec, jakarta_now
from opdcrawl.vocabulary import Category

# The project's network behaviour, given to the floor so it is the same crawl minus opdcrawl.
NETWORK_SETTINGS = (
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "AUTOTHROTTLE_ENABLED",
    "AUTOTHROTTLE_START_DELAY",
    "AUTOTHROTTLE_MAX_DELAY",
    "AUTOTHROTTLE_TARGET_CONCURRENCY",
    "DOWNLOAD_DELAY",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "CONCURRENT_REQUESTS",
    "REACTOR_THREADPOOL_MAXSIZE",
    "COOKIES_ENABLED",
    "DOWNLOAD_TIMEOUT",
    "DNS_TIMEOUT",
    "DOWNLOAD_MAXSIZE",
    "REDIRECT_MAX_TIMES",
    "RETRY_TIMES",
    "RETRY_HTTP_CODES",
    "SCRAPER_SLOT_MAX_ACTIVE_SIZE",
)
UNSERVED = ("down", "parked")  # refused or parked: no latency or hang to add
BROWSER_SHAPE = bench_crawl.BROWSER_SHAPE


def latency_for(code: str, low: float, high: float):
    """A site's answer time per path, fixed by a hash so both runs meet the same farm."""

    def latency(path: str) -> float:
        digest = hashlib.blake2b(f"{code} {path}".encode(), digest_size=4).digest()
        return low + (high - low) * int.from_bytes(digest) / 0xFFFFFFFF

    return latency


def plan_farm(
    args: argparse.Namespace,
) -> tuple[dict[str, SiteSpec], dict[str, str], dict[str, Behaviour]]:
    """The demo's shapes, ``--js`` of them JavaScript-only; then every ``1/--hang``-th
    served site hangs and every ``1/--drip``-th drips, spread evenly over the farm."""
    browser = round(args.sites * args.js)
    specs, hosts = plan_sites(args.sites, browser)
    behaviours: dict[str, Behaviour] = {}
    served = [code for code, spec in specs.items() if spec.shape not in UNSERVED]
    low, high = args.latency
    # Hang and drip take sites of every served shape in turn, JavaScript-only ones excepted
    # (a hanging JS-only site is a hanging site; its render is what the --js share is for).
    candidates = [code for code in served if specs[code].shape != BROWSER_SHAPE]
    hanging = set(_spread(candidates, round(args.sites * args.hang), offset=0.0))
    rest = [code for code in candidates if code not in hanging]
    dripping = set(_spread(rest, round(args.sites * args.drip), offset=0.5))
    for code in served:
        latency = latency_for(code, low, high)
        if code in hanging:
            behaviours[code] = Behaviour(hang=True)
            specs[code] = dataclasses.replace(
                specs[code],
                expected_category=Category.TIDAK_DAPAT_DIAKSES,
                expected_reason="timeout",
            )
        elif code in dripping:
            behaviours[code] = Behaviour(latency=latency, drip_s=args.drip_seconds)
        else:
            behaviours[code] = Behaviour(latency=latency)
    return specs, hosts, behaviours


def _spread(codes: list[str], count: int, *, offset: float) -> list[str]:
    """``count`` codes evenly spaced over ``codes`` (so every shape gets its share)."""
    count = min(count, len(codes))
    step = len(codes) / count if count else 0
    return [codes[int((index + offset) * step)] for index in range(count)]


def run_measured(
    command: list[str], env: dict[str, str], cwd: Path, workdir: Path, name: str, timeout: float
) -> dict[str, Any]:
    """Run one crawl process as every benchmark does (``bench_crawl.measure``)."""
    run = measure(
        command, env=env, cwd=cwd, time_file=workdir / f"time-{name}.txt", timeout=timeout
    )
    return _figures(run, command)


def _figures(run: Measured, command: list[str]) -> dict[str, Any]:
    return {
        "returncode": run.returncode,
        "wall_s": run.wall_s,
        "cpu_s": run.cpu_s,
        "rss_mib": run.peak_kb / 1024,
        "output": run.output,
        "command": shlex.join(command),
    }


def full_crawl(args, extra, workdir, seeds, database_url) -> dict[str, Any]:
    """The real crawl: one ``scrapy crawl websites``, or ``--shards`` of them at once (one
    per core, ``-a shard=i/n``, one crawl time), as a node with Scrapyd's ``max_proc`` 2
    runs the jobs of ``opdcrawl scrapyd schedule``."""
    env = {**os.environ, "DATABASE_URL": database_url}
    env.setdefault("SCRAPY_SETTINGS_MODULE", "opdcrawl.settings")
    crawl_time = datetime.now(UTC).isoformat(timespec="seconds")
    started: list[tuple[list[str], Path, MeasuredProcess]] = []
    for index in range(args.shards):
        suffix = f"-{index}" if args.shards > 1 else ""
        log_file = workdir / f"crawl{suffix}.log"
        # The farm listens on loopback, which a production crawl refuses (opdcrawl.netguard).
        settings = {
            "LOG_LEVEL": "INFO",
            "OPDCRAWL_ALLOW_PRIVATE_ADDRESSES": "True",
            **extra,
            "LOG_FILE": str(log_file),
        }
        shard_args: list[str] = []
        if args.shards > 1:
            settings["OPDCRAWL_CRAWL_TIME"] = crawl_time
            shard_args = ["-a", f"shard={index}/{args.shards}"]
        command = bench_crawl.crawl_command(
            "websites", region=REGION, seeds=seeds, settings=settings, extra_args=shard_args
        )
        command = shlex.split(args.wrap) + command if args.wrap else command
        process = MeasuredProcess(
            command, env=env, cwd=ROOT, time_file=workdir / f"time-full{suffix}.txt"
        )
        started.append((command, log_file, process))
    deadline = time.monotonic() + args.timeout
    runs = [
        (command, log_file, process.finish(deadline - time.monotonic()))
        for command, log_file, process in started
    ]
    outcome = _figures(max((run for _, _, run in runs), key=lambda run: run.wall_s), runs[0][0])
    outcome.update(
        returncode=max(run.returncode for _, _, run in runs),
        cpu_s=sum(run.cpu_s for _, _, run in runs),  # every shard's CPU counts
        rss_mib=max(run.peak_kb for _, _, run in runs) / 1024,  # per process
        rss_sum_mib=sum(run.peak_kb for _, _, run in runs) / 1024,
    )
    logs = [path.read_text(errors="replace") if path.exists() else "" for _, path, _ in runs]
    outcome["log"] = "\n".join(logs)
    outcome["stats"] = _summed(parse_stats_dump(log) for log in logs)
    return outcome


def _summed(dumps) -> dict[str, Any]:
    """Numeric stats of the shards added up (other values: the first shard's)."""
    total: dict[str, Any] = {}
    for dump in dumps:
        for key, value in dump.items():
            if isinstance(value, int | float) and isinstance(total.get(key, 0), int | float):
                total[key] = total.get(key, 0) + value
            else:
                total.setdefault(key, value)
    return total


def floor_crawl(args, floor_extra, workdir, server: LoopbackSites) -> dict[str, Any]:
    """Bare Scrapy over exactly the requests the real crawl made (robots.txt by Scrapy),
    each once: no retries, so the floor is the network work no crawl can avoid."""
    urls = []
    for code, targets in server.asked.items():
        base = server.url_for(code).rstrip("/")
        urls += [base + target for target in targets if target != "/robots.txt"]
    urls_file = workdir / "floor-urls.txt"
    urls_file.write_text("\n".join(urls) + "\n")
    log_file = workdir / "floor.log"
    settings = {
        name: _setting_text(getattr(project_settings, name))
        for name in NETWORK_SETTINGS
        if hasattr(project_settings, name)
    }
    settings.update({"RETRY_ENABLED": "False", **floor_extra})
    settings.update({"LOG_LEVEL": "INFO", "LOG_FILE": str(log_file),
                     "TELNETCONSOLE_ENABLED": "False"})  # fmt: skip
    command = [sys.executable, "-m", "scrapy", "runspider", str(ROOT / "benchmarks" /
               "floor_spider.py"), "-a", f"urls={urls_file}"]  # fmt: skip
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    outcome = run_measured(command, env, workdir, workdir, "floor", args.timeout)
    outcome["urls"] = len(urls)
    outcome["log"] = log_file.read_text(errors="replace") if log_file.exists() else ""
    outcome["stats"] = parse_stats_dump(outcome["log"])
    return outcome


def _setting_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ",".join(str(item) for item in value)
    return str(value)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=5000)
    parser.add_argument("--hang", type=float, default=0.05, help="share that hangs (0.05)")
    parser.add_argument("--drip", type=float, default=0.02, help="share that drips (0.02)")
    parser.add_argument("--drip-seconds", type=float, default=8.0)
    parser.add_argument("--js", type=float, default=0.03, help="JavaScript-only share (0.03)")
    parser.add_argument("--latency", type=float, nargs=2, default=(0.2, 2.0),
                        metavar=("LOW", "HIGH"), help="seconds per answer (0.2 2.0)")  # fmt: skip
    parser.add_argument("--only", choices=("full", "floor", "both"), default="both")
    parser.add_argument("--shards", type=int, default=1,
                        help="real crawl as this many shard processes at once (1)")  # fmt: skip
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="setting for the real crawl (an experiment)")  # fmt: skip
    parser.add_argument("--floor-set", action="append", default=[], metavar="NAME=VALUE",
                        help="setting for the floor")  # fmt: skip
    parser.add_argument("--timeout", type=float, default=7200)
    parser.add_argument(
        "--wrap",
        default="",
        metavar="COMMAND",
        help="prefix for the real crawl ('py-spy record -o p.txt -f raw --')",
    )
    parser.add_argument("--keep", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    extra = dict(item.split("=", 1) for item in args.set)
    floor_extra = dict(item.split("=", 1) for item in args.floor_set)
    raise_open_files_limit(args.sites)
    workdir = Path(tempfile.mkdtemp(prefix="opdcrawl-national-"))
    specs, hosts, behaviours = plan_farm(args)
    server = LoopbackSites(specs, hosts, jakarta_now(), behaviours=behaviours, record=True)
    urls = server.start()
    kinds = Counter(spec.shape for spec in specs.values())
    kinds["(hang)"] = sum(b.hang for b in behaviours.values())
    kinds["(drip)"] = sum(b.drip_s > 0 for b in behaviours.values())
    print(f"{len(urls)} sites up: {dict(sorted(kinds.items()))}", flush=True)
    full: dict[str, Any] | None = None
    floor: dict[str, Any] | None = None
    results: dict[str, Any] = {}
    try:
        seeds = write_seeds(workdir / "seeds", specs, urls)
        with database(None, workdir, args.keep) as database_url:
            full = full_crawl(args, extra, workdir, seeds, database_url)
            print(f"full crawl: {full['wall_s']:.1f} s", flush=True)
            results = read_results(database_url, specs, runs=args.shards)
        if args.only != "full":
            floor = floor_crawl(args, floor_extra, workdir, server)
            print(f"floor: {floor['wall_s']:.1f} s", flush=True)
    finally:
        server.stop()
    report(args, extra, specs, full, floor, results)
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        print(f"kept: {workdir}")
    return 0 if full and full["returncode"] == 0 else 1


def report(args, extra, specs, full, floor, results) -> None:
    sites = len(specs)
    wrong = len(results.get("mismatches", []))
    rows = [
        ("sites / hang / drip / JS-only",
         f"{sites} / {args.hang:.0%} / {args.drip:.0%} ({args.drip_seconds:g} s) / {args.js:.0%}"),
        ("latency per answer", f"{args.latency[0]:g}–{args.latency[1]:g} s"),
        ("real crawl processes", f"{args.shards} (shard=i/{args.shards} at once)"
         if args.shards > 1 else "1"),
        ("settings of the real crawl", ", ".join(f"{k}={v}" for k, v in extra.items())
         or "project defaults"),
    ]  # fmt: skip
    for name, run in (("real crawl", full), ("floor", floor)):
        if run is None:
            continue
        requests = run["stats"].get("downloader/request_count", 0)
        rows += [
            (f"{name}: wall time", f"{run['wall_s']:.1f} s ({sites / run['wall_s'] * 60:.0f} "
             "sites/min)"),
            (f"{name}: CPU (user+sys)", f"{run['cpu_s']:.1f} s"),
            (f"{name}: peak RSS", f"{run['rss_mib']:.0f} MiB"
             + (f" per process ({run['rss_sum_mib']:.0f} MiB together)"
                if "rss_sum_mib" in run and args.shards > 1 else "")),
            (f"{name}: requests (incl. robots.txt, retries)", f"{requests:.0f}"),
            (f"{name}: exit code", str(run["returncode"])),
        ]  # fmt: skip
    if full and floor:
        rows += [
            ("ratio wall time real / floor", f"**{full['wall_s'] / floor['wall_s']:.2f}×**"),
            ("ratio CPU real / floor", f"**{full['cpu_s'] / max(floor['cpu_s'], 0.01):.2f}×**"),
        ]
    if results:
        rows += [
            ("sites with the category their shape implies",
             f"{sites - wrong} of {sites} ({(sites - wrong) / sites:.2%})"),
            ("unreachable by class", ", ".join(
                f"{k} {v}" for k, v in sorted(results["errors_by_class"].items())) or "-"),
            ("rendered with a browser",
             f"{full['stats'].get('opdcrawl/rendered_with_browser', 0):.0f}" if full else "-"),
        ]  # fmt: skip
    print()
    print(bench_crawl.table(rows))
    if results.get("mismatches"):
        print(f"\nMismatches ({wrong}):")
        by_shape = Counter(line.split("(")[1].split(")")[0] for line in results["mismatches"])
        print("  by shape:", dict(by_shape))
        for line in results["mismatches"][:20]:
            print("  -", line)
    if full and full["returncode"] != 0:
        print("\nReal crawl failed:", full["output"][-2000:], full["log"][-2000:])
    print("\nCommand:", "python benchmarks/bench_national.py", shlex.join(sys.argv[1:]))


if __name__ == "__main__":
    raise SystemExit(main())

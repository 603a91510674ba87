"""How fast, and at what cost, does the real ``websites`` spider get through N sites?

The national registry holds tens of thousands of OPD websites, so planning needs measured
throughput, not guesses. This serves N loopback sites built from the demo's CMS shapes
(each on its own 127.0.x.y address, so Scrapy's per-domain politeness treats each as a
separate site), writes a seeds folder for region ``bench`` and runs the same
``scrapy crawl websites`` an operator's cron job runs, with the project's politeness
settings untouched. It reports wall time, sites per minute, requests per site, peak RSS
and CPU of the crawl process, the server's own CPU (to show it was not the bottleneck),
machine load, and whether every site got the category its shape implies.

Run from the repository root with the virtualenv active::

    python benchmarks/bench_crawl.py                       # 300 sites, SQLite in a temp dir
    python benchmarks/bench_crawl.py --sites 1000
    python benchmarks/bench_crawl.py --database-url postgresql+psycopg2://u:p@127.0.0.1/db
    python benchmarks/bench_crawl.py --with-browser 5      # 5 of the sites are JS-only
    python benchmarks/bench_crawl.py --set CONCURRENT_REQUESTS=128   # an experiment

A PostgreSQL URL gets a throwaway schema (dropped afterwards unless ``--keep``), so the
figures never mix with another run's rows. ``--set`` exists to test a tuning idea; its
settings are printed with the figures so an experiment is never mistaken for a baseline.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import os
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from latency_proxy import LatencyProxy  # noqa: E402
from loopback_sites import LoopbackSites  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from opdcrawl.crawl import crawl_command  # noqa: E402
from opdcrawl.db.engine import make_engine  # noqa: E402
from opdcrawl.demo.sites import DEMO_SITES, SiteSpec, jakarta_now  # noqa: E402
from opdcrawl.registry import COLUMNS, load_dir  # noqa: E402

REGION = "bench"
# The order sites are laid out in; "down" is a refused connection, as DEMO-08.
SHAPES = (
    "wordpress",
    "wordpress_hardened",
    "popojicms",
    "sekolahku",
    "opensid",
    "lokomedia",
    "static",
    "serang_custom",
    "parked",
    "down",
)
BROWSER_SHAPE = "spa"
TEMPLATES: dict[str, SiteSpec] = {spec.shape: spec for spec in DEMO_SITES.values()}
DEMO_KINDS = {
    row["code"]: row["kind"]
    for row in csv.DictReader((ROOT / "seeds" / "demo.csv").open(encoding="utf-8"))
}
TIME_BIN = Path("/usr/bin/time")
SAMPLE_INTERVAL_S = 1.0
STATS_KEYS = (
    "downloader/request_count",
    "downloader/response_count",
    "item_scraped_count",
    "log_count/ERROR",
    "log_count/WARNING",
    "opdcrawl/sites",
    "opdcrawl/sites_done",
    "opdcrawl/site_requests",
    "opdcrawl/requests_per_site",
    "opdcrawl/extraction_errors",
    "opdcrawl/items_unstored",
    "opdcrawl/rendered_with_browser",
    "retry/count",
    "robotstxt/request_count",
    "elapsed_time_seconds",
)


# --- The sites ---------------------------------------------------------------------------


def address(index: int) -> str:
    """127.0.10.1, 127.0.10.2, … : clear of the demo (127.0.0.21-31) and the tests."""
    return f"127.0.{10 + index // 250}.{1 + index % 250}"


def plan_sites(count: int, browser: int) -> tuple[dict[str, SiteSpec], dict[str, str]]:
    """``count`` specs cycling through SHAPES, with ``browser`` JS-only ones spread among them.

    The JS-only sites are inserted into the cycle rather than replacing a position of it,
    so every other shape keeps its share. Each copy gets its own code, and the demo seeds
    its post schedule with the code, so every site has different posts drawn from the
    same ranges that fix its category.
    """
    shapes = [SHAPES[index % len(SHAPES)] for index in range(count - browser)]
    for number in range(browser):
        shapes.insert(round(number * count / browser), BROWSER_SHAPE)
    specs: dict[str, SiteSpec] = {}
    hosts: dict[str, str] = {}
    for index, shape in enumerate(shapes):
        code = f"BENCH-{index + 1:05d}"
        specs[code] = dataclasses.replace(TEMPLATES[shape], code=code, host=None, port=None)
        hosts[code] = address(index)
    return specs, hosts


def write_seeds(folder: Path, specs: dict[str, SiteSpec], urls: dict[str, str]) -> Path:
    """seeds/bench.csv listing every served (and down) site, social channels left empty."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{REGION}.csv").open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=list(COLUMNS))
        writer.writeheader()
        for code, spec in specs.items():
            template = TEMPLATES[spec.shape]
            row = dict.fromkeys(COLUMNS, "")
            row.update(
                region="Benchmark",
                code=code,
                name=f"{template.name} {code[-5:]}",
                kind=DEMO_KINDS.get(template.code, "dinas"),
                website=urls[code],
                notes=f"bench shape {spec.shape}",
            )
            writer.writerow(row)
    registry = load_dir(folder, [REGION])
    if registry.problems:
        raise SystemExit("seeds ditolak: " + "; ".join(map(str, registry.problems[:5])))
    return folder


# --- The database ------------------------------------------------------------------------


@contextmanager
def database(url: str | None, workdir: Path, keep: bool) -> Iterator[str]:
    """SQLite in ``workdir`` by default; a fresh schema on PostgreSQL, dropped unless kept."""
    if not url:
        yield f"sqlite:///{workdir / 'bench.db'}"
        return
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        yield url
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        scoped = parsed.update_query_dict({"options": f"-csearch_path={schema}"})
        yield scoped.render_as_string(hide_password=False)
    finally:
        if keep:
            print(f"PostgreSQL schema kept: {schema}")
        else:
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


# --- Watching the crawl process -----------------------------------------------------------


def clock_ticks() -> int:
    return os.sysconf("SC_CLK_TCK")


def proc_cpu_seconds(pid: int) -> float | None:
    """utime + stime of one process from /proc, or None once it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / clock_ticks()


def proc_status_kb(pid: int, key: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def system_cpu() -> tuple[float, float]:
    """(busy, total) jiffies of all cores, from the first line of /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return float(sum(values) - idle), float(sum(values))


def crawl_pid(wrapper_pid: int) -> int:
    """The python process under /usr/bin/time (or the process itself when not wrapped)."""
    try:
        children = Path(f"/proc/{wrapper_pid}/task/{wrapper_pid}/children").read_text().split()
    except OSError:
        return wrapper_pid
    return int(children[0]) if children else wrapper_pid


class Sampler(threading.Thread):
    """Once a second: crawl process CPU and RSS, whole-machine CPU, load average."""

    def __init__(self, wrapper_pid: int, wrapped: bool) -> None:
        super().__init__(name="sampler", daemon=True)
        self.wrapper_pid = wrapper_pid
        self.wrapped = wrapped
        self.stop_event = threading.Event()
        self.samples: list[dict[str, float]] = []
        self.hwm_kb = 0
        self.cpu_s = 0.0

    def run(self) -> None:
        pid: int | None = None
        start_busy, start_total = system_cpu()
        previous = (time.monotonic(), 0.0, start_busy, start_total)
        while not self.stop_event.wait(SAMPLE_INTERVAL_S):
            if pid is None or (pid == self.wrapper_pid and self.wrapped):
                pid = crawl_pid(self.wrapper_pid)
            cpu = proc_cpu_seconds(pid)
            if cpu is None:
                continue
            self.cpu_s = cpu
            self.hwm_kb = max(self.hwm_kb, proc_status_kb(pid, "VmHWM") or 0)
            now = time.monotonic()
            busy, total = system_cpu()
            span = now - previous[0]
            self.samples.append(
                {
                    "t": now,
                    "crawl_cpu": (cpu - previous[1]) / span if span else 0.0,
                    "machine_busy_cores": (busy - previous[2])
                    / (total - previous[3])
                    * (os.cpu_count() or 1)
                    if total > previous[3]
                    else 0.0,
                    "rss_kb": float(proc_status_kb(pid, "VmRSS") or 0),
                    "load1": os.getloadavg()[0],
                }
            )
            previous = (now, cpu, busy, total)

    def stop(self) -> None:
        self.stop_event.set()
        self.join(timeout=5)


@dataclasses.dataclass
class Measured:
    """One process's run as the benchmarks report it."""

    returncode: int
    wall_s: float
    output: str
    time_v: dict[str, float]  # from /usr/bin/time -v ({} without it)
    sampler: Sampler

    @property
    def cpu_s(self) -> float:
        """User+system seconds of the process and every child it waited for (Chromium)."""
        if self.time_v:
            return self.time_v.get("user_s", 0.0) + self.time_v.get("sys_s", 0.0)
        return self.sampler.cpu_s

    @property
    def peak_kb(self) -> float:
        return self.time_v.get("max_rss_kb") or self.sampler.hwm_kb


class MeasuredProcess:
    """A command started under ``/usr/bin/time -v`` with the sampler watching it.

    The one way every benchmark runs a crawl (``bench_crawl``, ``bench_social``,
    ``bench_national``); several may run at once (shards), each waited for by ``finish``.
    """

    def __init__(self, command: list[str], *, env: dict[str, str], cwd: Path, time_file: Path):
        self.time_file = time_file
        wrapped = TIME_BIN.exists()
        full = [str(TIME_BIN), "-v", "-o", str(time_file), *command] if wrapped else command
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            full, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.sampler = Sampler(self.process.pid, wrapped)
        self.sampler.start()

    def finish(self, timeout: float) -> Measured:
        """Wait up to ``timeout`` seconds (then kill), and measure."""
        try:
            output, _ = self.process.communicate(timeout=max(timeout, 0.1))
        except subprocess.TimeoutExpired:
            self.process.kill()
            output, _ = self.process.communicate()
        wall = time.monotonic() - self.started
        self.sampler.stop()
        return Measured(
            self.process.returncode, wall, output, parse_time_v(self.time_file), self.sampler
        )


def measure(
    command: list[str], *, env: dict[str, str], cwd: Path, time_file: Path, timeout: float
) -> Measured:
    """Run ``command`` to its end under ``/usr/bin/time -v`` and the sampler."""
    return MeasuredProcess(command, env=env, cwd=cwd, time_file=time_file).finish(timeout)


def parse_time_v(path: Path) -> dict[str, float]:
    """Peak RSS and CPU seconds from ``/usr/bin/time -v``."""
    wanted = {
        "Maximum resident set size (kbytes)": "max_rss_kb",
        "User time (seconds)": "user_s",
        "System time (seconds)": "sys_s",
        "Percent of CPU this job got": "cpu_pct",
        "Voluntary context switches": "voluntary_switches",
        "Involuntary context switches": "involuntary_switches",
    }
    found: dict[str, float] = {}
    if not path.exists():
        return found
    for line in path.read_text().splitlines():
        name, _, value = line.strip().rpartition(": ")
        if name in wanted:
            found[wanted[name]] = float(value.rstrip("%"))
    return found


def parse_stats_dump(log: str) -> dict[str, float]:
    """Numbers from the final "Dumping Scrapy stats" block (it has every stat, late ones too)."""
    start = log.rfind("Dumping Scrapy stats")
    block = log[start:] if start >= 0 else ""
    return {
        key: float(value) for key, value in re.findall(r"'([^']+)': (-?\d+(?:\.\d+)?)[,}\n]", block)
    }


# --- Results ------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def read_results(database_url: str, specs: dict[str, SiteSpec], *, runs: int = 1) -> dict[str, Any]:
    """Run stats, stored checks, per-shape requests, and category mismatches from SQL.

    ``runs``: how many of the newest runs made the round (shards); stats are the newest's.
    """
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            run = (
                connection.execute(
                    text("SELECT id, status, stats FROM crawl_run ORDER BY id DESC LIMIT 1")
                )
                .mappings()
                .first()
            )
            run_id = run["id"] if run else None
            run_ids = connection.execute(
                text("SELECT id FROM crawl_run ORDER BY id DESC LIMIT :n"), {"n": runs}
            ).scalars().all() or [-1]
            checks = (
                connection.execute(
                    text(
                        "SELECT o.code AS opd_code, cc.requests, cc.response_ms, cc.error_class"
                        " FROM channel_check cc JOIN channel c ON c.id = cc.channel_id"
                        " JOIN opd o ON o.id = c.opd_id WHERE cc.run_id IN"
                        f" ({', '.join(str(int(one)) for one in run_ids)})"
                    ),
                )
                .mappings()
                .all()
            )
            latest = (
                connection.execute(
                    text(
                        "SELECT opd_code, category, error_class FROM v_opd_latest"
                        " WHERE region_slug = :region"
                    ),
                    {"region": REGION},
                )
                .mappings()
                .all()
            )
    finally:
        engine.dispose()
    stats = run["stats"] if run else {}
    if isinstance(stats, str):
        import json

        stats = json.loads(stats)
    by_code = {row["opd_code"]: row for row in latest}
    mismatches: list[str] = []
    uncategorised = 0
    for code, spec in specs.items():
        row = by_code.get(code)
        category = row["category"] if row else None
        if not category:
            uncategorised += 1
        if category != str(spec.expected_category):
            mismatches.append(
                f"{code} ({spec.shape}): got {category!r}, expected {spec.expected_category!s}"
            )
        elif spec.expected_reason and row and row["error_class"] != spec.expected_reason:
            mismatches.append(
                f"{code} ({spec.shape}): error_class {row['error_class']!r}, "
                f"expected {spec.expected_reason!r}"
            )
    per_shape: dict[str, list[int]] = defaultdict(list)
    for row in checks:
        if row["opd_code"] in specs:
            per_shape[specs[row["opd_code"]].shape].append(row["requests"])
    latencies = [float(row["response_ms"]) for row in checks if row["response_ms"] is not None]
    return {
        "run_id": run_id,
        "status": run["status"] if run else None,
        "stats": stats or {},
        "checks": len(checks),
        "uncategorised": uncategorised,
        "mismatches": mismatches,
        "per_shape": {shape: statistics.mean(v) for shape, v in sorted(per_shape.items())},
        "errors_by_class": Counter(row["error_class"] for row in checks if row["error_class"]),
        "latency_ms": (percentile(latencies, 0.5), percentile(latencies, 0.95)),
    }


def masked_argv(argv: list[str]) -> list[str]:
    """The benchmark's own arguments with any database password replaced by ***."""
    shown = []
    for item in argv:
        prefix = "--database-url=" if item.startswith("--database-url=") else ""
        if "://" in item:
            url = item[len(prefix) :]
            with contextlib.suppress(Exception):  # not a URL after all: show it as given
                url = make_url(url).render_as_string(hide_password=True)
            item = prefix + url
        shown.append(item)
    return shown


def timeline(samples: list[dict[str, float]], step: int = 5) -> str:
    """Compact CPU timeline, so a reader can see a CPU-bound stretch or a politeness tail."""
    chunks = [samples[i : i + step] for i in range(0, len(samples), step)]
    return " ".join(
        f"{statistics.mean(s['crawl_cpu'] for s in chunk) * 100:.0f}%"
        f"/{statistics.mean(s['machine_busy_cores'] for s in chunk):.1f}"
        for chunk in chunks
    )


def table(rows: list[tuple[str, str]]) -> str:
    lines = ["| figure | value |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines)


# --- Main --------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=300, help="sites to serve (default 300)")
    parser.add_argument("--database-url", help="default: SQLite in a temporary folder")
    parser.add_argument("--keep", action="store_true", help="keep the folder/schema afterwards")
    parser.add_argument(
        "--with-browser", type=int, default=0, metavar="K", help="K JavaScript-only sites"
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra Scrapy setting, for experiments (printed with the figures)",
    )
    parser.add_argument(
        "--db-latency-ms",
        type=float,
        default=0.0,
        help="PostgreSQL only: add this round-trip latency (latency_proxy.py), as a database "
        "on another host would",
    )
    parser.add_argument("--timeout", type=float, default=3600, help="seconds (default 3600)")
    args = parser.parse_args(argv)
    if args.sites < 1 or args.sites > 60_000:
        parser.error("--sites must be 1..60000")
    if not 0 <= args.with_browser <= args.sites:
        parser.error("--with-browser must be between 0 and --sites")
    for item in args.set:
        if "=" not in item:
            parser.error(f"--set wants NAME=VALUE, got {item!r}")
    return args


def raise_open_files_limit(sites: int) -> None:
    """One listening socket per site plus its connections: lift the soft fd limit to hard."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        soft = hard
    # One listening socket per site, plus the connections open at once: the crawl keeps
    # at most OPDCRAWL_SITES_IN_FLIGHT sites going, each with a connection or two.
    if soft != resource.RLIM_INFINITY and soft < sites + 4096:
        raise SystemExit(f"open-file limit {soft} is too low for {sites} sites (ulimit -n)")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    extra = dict(item.split("=", 1) for item in args.set)
    raise_open_files_limit(args.sites)
    workdir = Path(tempfile.mkdtemp(prefix="opdcrawl-bench-"))
    specs, hosts = plan_sites(args.sites, args.with_browser)
    shapes = Counter(spec.shape for spec in specs.values())
    server = LoopbackSites(specs, hosts, jakarta_now())
    started = time.monotonic()
    urls = server.start()
    print(f"{len(urls)} sites up in {time.monotonic() - started:.1f} s: {dict(shapes)}")
    try:
        seeds = write_seeds(workdir / "seeds", specs, urls)
        with contextlib.ExitStack() as stack:
            target_url = args.database_url
            if args.db_latency_ms and target_url:
                parsed = make_url(target_url)
                port = stack.enter_context(
                    LatencyProxy(parsed.host or "127.0.0.1", parsed.port or 5432,
                                 args.db_latency_ms / 1000)
                )  # fmt: skip
                target_url = parsed.set(host="127.0.0.1", port=port).render_as_string(
                    hide_password=False
                )
                print(f"PostgreSQL through a +{args.db_latency_ms:g} ms round-trip proxy")
            with database(target_url, workdir, args.keep) as database_url:
                outcome = crawl(args, extra, workdir, seeds, database_url, server)
                results = read_results(database_url, specs)
    finally:
        server.stop()
    report(args, extra, specs, shapes, outcome, results, server)
    if args.keep:
        print(f"\nKept: {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if outcome["returncode"] == 0 and not results["mismatches"] else 1


def crawl(
    args: argparse.Namespace,
    extra: dict[str, str],
    workdir: Path,
    seeds: Path,
    database_url: str,
    server: LoopbackSites,
) -> dict[str, Any]:
    """Run ``scrapy crawl websites`` exactly as ``run_crawl`` does, under /usr/bin/time."""
    log_file = workdir / "crawl.log"
    # The sites listen on loopback, which a production crawl refuses (opdcrawl.netguard).
    settings = {
        "LOG_LEVEL": "INFO",
        "OPDCRAWL_ALLOW_PRIVATE_ADDRESSES": "True",
        **extra,
        "LOG_FILE": str(log_file),
    }
    command = crawl_command("websites", region=REGION, seeds=seeds, settings=settings)
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url
    env.setdefault("SCRAPY_SETTINGS_MODULE", "opdcrawl.settings")
    shown = ["DATABASE_URL=" + make_url(database_url).render_as_string(), *command]
    load_before = os.getloadavg()
    server_cpu_before = server.cpu_seconds()
    served_before = server.stats.requests
    run = measure(command, env=env, cwd=ROOT, time_file=workdir / "time.txt", timeout=args.timeout)
    log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
    return {
        "returncode": run.returncode,
        "wall_s": run.wall_s,
        "command": shlex.join(shown),
        "output": run.output,
        "log": log,
        "log_dump": parse_stats_dump(log),
        "time_v": run.time_v,
        "sampler": run.sampler,
        "measured": run,
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "server_cpu_s": server.cpu_seconds() - server_cpu_before,
        "served": server.stats.requests - served_before,
    }


def report(
    args: argparse.Namespace,
    extra: dict[str, str],
    specs: dict[str, SiteSpec],
    shapes: Counter[str],
    outcome: dict[str, Any],
    results: dict[str, Any],
    server: LoopbackSites,
) -> None:
    """Print the figures as markdown, then the command and anything that went wrong."""
    stats: dict[str, Any] = {**results["stats"]}
    for key, value in outcome["log_dump"].items():
        stats.setdefault(key, value)
    sites = len(specs)
    wall = outcome["wall_s"]
    requests = float(stats.get("downloader/request_count", 0))
    sampler: Sampler = outcome["sampler"]
    cpu_s, peak_kb = outcome["measured"].cpu_s, outcome["measured"].peak_kb
    samples = sampler.samples
    crawl_cores = [s["crawl_cpu"] for s in samples]
    machine = [s["machine_busy_cores"] for s in samples]
    elapsed = float(stats.get("elapsed_time_seconds", 0) or 0)
    backend = make_url(args.database_url).get_backend_name() if args.database_url else "sqlite"
    lb, la = outcome["load_before"], outcome["load_after"]
    p50, p95 = results["latency_ms"]
    rows = [
        ("sites (shapes)", f"{sites} ({', '.join(f'{k} {v}' for k, v in sorted(shapes.items()))})"),
        ("database", backend),
        ("extra settings", ", ".join(f"{k}={v}" for k, v in extra.items()) or "none (defaults)"),
        ("exit code / run status", f"{outcome['returncode']} / {results['status']}"),
        ("wall time (process start to exit)", f"{wall:.1f} s"),
        ("Scrapy elapsed_time_seconds", f"{elapsed:.1f} s"),
        ("sites per minute (wall)", f"{sites / wall * 60:.1f}"),
        ("requests (downloader/request_count)", f"{requests:.0f}"),
        ("  of which robots.txt", f"{float(stats.get('robotstxt/request_count', 0)):.0f}"),
        ("  retries (retry/count)", f"{float(stats.get('retry/count', 0)):.0f}"),
        ("requests per site (request_count / sites)", f"{requests / sites:.2f}"),
        ("opdcrawl/requests_per_site", f"{stats.get('opdcrawl/requests_per_site', '-')}"),
        ("requests per second (wall)", f"{requests / wall:.1f}"),
        (
            "mean requests per site by shape",
            ", ".join(f"{k} {v:.1f}" for k, v in results["per_shape"].items()),
        ),
        ("homepage latency p50 / p95 (response_ms)", f"{p50:.0f} / {p95:.0f} ms"),
        ("items stored (channel_check rows)", f"{results['checks']}"),
        ("item_scraped_count", f"{float(stats.get('item_scraped_count', 0)):.0f}"),
        ("sites with no category in v_opd_latest", f"{results['uncategorised']}"),
        ("category mismatches", f"{len(results['mismatches'])}"),
        (
            "errors: log ERROR / WARNING / extraction / unstored",
            f"{float(stats.get('log_count/ERROR', 0)):.0f} / "
            f"{float(stats.get('log_count/WARNING', 0)):.0f} / "
            f"{float(stats.get('opdcrawl/extraction_errors', 0)):.0f} / "
            f"{float(stats.get('opdcrawl/items_unstored', 0)):.0f}",
        ),
        (
            "unreachable by class (expected: down, parked)",
            ", ".join(f"{k} {v}" for k, v in sorted(results["errors_by_class"].items())) or "-",
        ),
        (
            "rendered with browser (opdcrawl/rendered_with_browser)",
            f"{float(stats.get('opdcrawl/rendered_with_browser', 0)):.0f}",
        ),
        (
            "peak RSS of crawl process (Chromium's own processes not included)",
            f"{peak_kb / 1024:.0f} MiB",
        ),
        (
            "crawl process CPU (user+sys)",
            f"{cpu_s:.1f} s = {cpu_s / wall * 100:.0f}% of one core on average",
        ),
        (
            "crawl process CPU, busiest second / p90",
            f"{max(crawl_cores, default=0) * 100:.0f}% / {percentile(crawl_cores, 0.9) * 100:.0f}%",
        ),
        (
            "server (asyncio loop) CPU",
            f"{outcome['server_cpu_s']:.2f} s = {outcome['server_cpu_s'] / wall * 100:.0f}% "
            f"of one core; {outcome['served']} requests, slowest answer "
            f"{server.stats.slowest_handle_s * 1000:.1f} ms, peak "
            f"{server.stats.peak_open_connections} open connections, "
            f"{server.stats.errors} errors",
        ),
        (
            "machine busy cores (all processes) mean / max",
            f"{statistics.mean(machine) if machine else 0:.2f} / "
            f"{max(machine, default=0):.2f} of {os.cpu_count()}",
        ),
        ("load average before (1/5/15 min)", " / ".join(f"{v:.2f}" for v in lb)),
        ("load average after (1/5/15 min)", " / ".join(f"{v:.2f}" for v in la)),
    ]
    print()
    print(table(rows))
    print()
    print("Crawl process CPU (% of one core) / machine busy cores, per 5 s of the run:")
    print("    " + timeline(samples))
    print()
    print("Command (run by bench_crawl.py under `/usr/bin/time -v`, cwd = repository root):")
    print()
    print(f"    python benchmarks/bench_crawl.py {shlex.join(masked_argv(sys.argv[1:]))}")
    print(f"    {outcome['command']}")
    if results["mismatches"]:
        print(f"\nMismatches ({len(results['mismatches'])}):")
        for line in results["mismatches"][:50]:
            print(f"  - {line}")
    if outcome["returncode"] != 0:
        print("\nCrawl failed; end of its output and log:")
        print(outcome["output"][-2000:])
        print(outcome["log"][-3000:])
    errors = [line for line in outcome["log"].splitlines() if " ERROR: " in line]
    if errors:
        print(f"\nFirst ERROR lines of the crawl log ({len(errors)}):")
        for line in errors[:10]:
            print(f"  {line[:300]}")


if __name__ == "__main__":
    raise SystemExit(main())

"""A real Scrapyd deployment: egg, upload, two shard jobs, one shared PostgreSQL.

This is the "several Scrapyd jobs sharing one PostgreSQL, each given a shard" set-up of
DESIGN.md, run for real on loopback:

1. the egg is built the way ``scrapyd-deploy --build-egg`` builds it, in a copy of the
   project (scrapyd-deploy runs ``setup.py clean -a bdist_egg`` in the project folder,
   which would leave build/ and *.egg-info behind in the checkout);
2. a real ``python -m scrapyd`` starts in a temporary folder with its own scrapyd.conf
   and ``DATABASE_URL`` (a fresh PostgreSQL schema) in its environment;
3. the egg goes up through ``/addversion.json`` and two jobs, ``shard=0/2`` and
   ``shard=1/2`` of the demo region, go through ``/schedule.json``;
4. the demo sites answer on the fixed addresses of the packaged ``seeds/demo.csv``.

The virtualenv has opdcrawl installed in editable mode, which would quietly hand the
jobs the checkout instead of the egg. So the jobs run through a thin Scrapyd ``runner``
(an official scrapyd.conf option) that removes the checkout from the import system and
records where ``opdcrawl``, ``seeds``, ``spiders`` and ``pipelines`` were imported from:
a job can only pass if the egg alone carries the code, the seeds and the migrations.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from opdcrawl.db.engine import make_engine
from opdcrawl.demo.server import DemoServer
from opdcrawl.demo.sites import DEMO_SITES
from spiders.websites import shard_of
from tests.conftest import _postgres_url

pytestmark = pytest.mark.postgres

REPO = Path(__file__).resolve().parents[1]
PROJECT = "opdcrawl"
VERSION = "r1"
SHARDS = 2
JOB_TIMEOUT_S = 120
FAST_SETTINGS = {
    "DOWNLOAD_TIMEOUT": "5",
    "OPDCRAWL_RETRY_BACKOFF_BASE": "0.2",
    "AUTOTHROTTLE_START_DELAY": "0.1",
    "DOWNLOAD_DELAY": "0",
}
# What a developer's checkout holds that must never be copied into the build folder.
COPY_IGNORE = shutil.ignore_patterns(
    ".venv",
    ".git",
    "*.egg-info",
    "build",
    "dist",
    "eggs",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".scrapy",
    "demo-output",
    "*.db",
    "*.db-*",
)
RUNNER_MODULE = "egg_only_runner"
RUNNER_SOURCE = '''\
"""Scrapyd runner for tests: the project may only come from the egg Scrapyd activates."""
import atexit
import json
import os
import sys

# The editable install's import hook and any source checkout on sys.path would hide a
# broken egg; a node that only has the dependencies installed has neither.
sys.meta_path[:] = [
    finder for finder in sys.meta_path if "__editable__" not in getattr(finder, "__module__", "")
]
sys.path[:] = [
    entry for entry in sys.path
    if "__editable__" not in entry and not os.path.isfile(os.path.join(entry, "setup.py"))
]


ARGV = sys.argv[1:]  # Scrapy's command line edits sys.argv in place


def _record_origins():
    names = ("opdcrawl", "opdcrawl.db", "seeds", "spiders", "pipelines")
    origins = {name: getattr(sys.modules.get(name), "__file__", None) for name in names}
    folder = os.environ["OPDCRAWL_TEST_ORIGINS_DIR"]
    with open(os.path.join(folder, f"{os.getpid()}.json"), "w", encoding="utf-8") as handle:
        json.dump({"argv": ARGV, "origins": origins}, handle)


atexit.register(_record_origins)

from scrapyd.runner import main  # noqa: E402

main()
'''


# --- helpers -------------------------------------------------------------------------------


def build_egg(tmp: Path) -> Path:
    """``scrapyd-deploy --build-egg`` in a copy of the project; the checkout stays clean."""
    source = tmp / "project"
    shutil.copytree(REPO, source, ignore=COPY_IGNORE)
    egg = tmp / f"{PROJECT}-{VERSION}.egg"
    deploy = Path(sys.executable).with_name("scrapyd-deploy")
    command = [str(deploy)] if deploy.exists() else [sys.executable, "-m", "scrapyd_client.deploy"]
    env = {key: value for key, value in os.environ.items() if key != "SCRAPY_SETTINGS_MODULE"}
    # --build-egg leaves its scrapydeploy-* folder behind: keep it inside tmp.
    env["TMPDIR"] = str(tmp)
    result = subprocess.run(
        [*command, "--build-egg", str(egg)],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0 and egg.is_file(), result.stderr[-3000:]
    shutil.rmtree(source)
    return egg


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_json(url: str, data: list[tuple[str, str]] | None = None, **files: bytes) -> Any:
    """GET (no data) or POST a form, multipart when ``files`` are given; parse the JSON."""
    if files:
        boundary = uuid.uuid4().hex
        parts: list[bytes] = []
        for name, value in data or []:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, content in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{name}.egg"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = Request(url, data=body, method="POST")
        request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    elif data is not None:
        request = Request(url, data=urlencode(data).encode(), method="POST")
    else:
        request = Request(url)
    with urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def tail(path: Path, size: int = 3000) -> str:
    return path.read_text(encoding="utf-8", errors="replace")[-size:] if path.exists() else ""


class Scrapyd:
    """One ``python -m scrapyd`` in its own folder, with its own scrapyd.conf."""

    def __init__(self, home: Path, database_url: str) -> None:
        self.home = home
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.eggs_dir = home / "eggs"
        self.logs_dir = home / "logs"
        self.items_dir = home / "items"
        self.origins_dir = home / "origins"
        self.log = home / "scrapyd.log"
        self.database_url = database_url
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        self.origins_dir.mkdir()
        (self.home / f"{RUNNER_MODULE}.py").write_text(RUNNER_SOURCE, encoding="utf-8")
        (self.home / "scrapyd.conf").write_text(
            "[scrapyd]\n"
            "bind_address = 127.0.0.1\n"
            f"http_port = {self.port}\n"
            f"eggs_dir = {self.eggs_dir}\n"
            f"logs_dir = {self.logs_dir}\n"
            f"items_dir = {self.items_dir}\n"
            f"dbs_dir = {self.home / 'dbs'}\n"
            "max_proc = 2\n"
            "poll_interval = 0.5\n"
            f"runner = {RUNNER_MODULE}\n",
            encoding="utf-8",
        )
        env = {key: value for key, value in os.environ.items() if key != "SCRAPY_SETTINGS_MODULE"}
        # Scrapyd hands its own environment to every job: this is how a node is pointed
        # at the shared PostgreSQL without rebuilding the egg.
        env["DATABASE_URL"] = self.database_url
        env["OPDCRAWL_TEST_ORIGINS_DIR"] = str(self.origins_dir)
        env.pop("OPDCRAWL_SEEDS_DIR", None)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "scrapyd", "--pidfile="],
                cwd=self.home,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"scrapyd exited at start-up:\n{tail(self.log)}", pytrace=False)
            try:
                if self.get("daemonstatus.json")["status"] == "ok":
                    return
            except (URLError, ConnectionError, json.JSONDecodeError):
                time.sleep(0.2)
        pytest.fail(f"scrapyd did not answer within 30 s:\n{tail(self.log)}", pytrace=False)

    def get(self, endpoint: str, **query: str) -> Any:
        suffix = f"?{urlencode(query)}" if query else ""
        return http_json(f"{self.url}{endpoint}{suffix}")

    def post(self, endpoint: str, data: list[tuple[str, str]], **files: bytes) -> Any:
        answer = http_json(f"{self.url}{endpoint}", data, **files)
        assert answer.get("status") == "ok", (endpoint, answer, tail(self.log))
        return answer

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def job_log(self, job: str) -> Path:
        return self.logs_dir / PROJECT / "websites" / f"{job}.log"


@pytest.fixture
def shared_postgres() -> Iterator[str]:
    """A fresh PostgreSQL schema, as the database URL every Scrapyd job is given."""
    schema = f"scrapyd_{uuid.uuid4().hex[:12]}"
    url, admin = _postgres_url(schema)
    try:
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(text("SET LOCAL lock_timeout = '10s'"))
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def demo_sites() -> Iterator[DemoServer]:
    """The demo sites on the fixed addresses of the packaged seeds/demo.csv."""
    server = DemoServer()
    try:
        server.start()
    except OSError as error:
        pytest.fail(
            f"the fixed demo addresses (127.0.0.21-31:8765) are busy: {error}. "
            "Is `make demo` or `python -m opdcrawl.demo.server` running? Stop it and retry.",
            pytrace=False,
        )
    try:
        yield server
    finally:
        server.stop()


# --- the test ------------------------------------------------------------------------------


def egg_names(egg: Path) -> list[str]:
    with zipfile.ZipFile(egg) as archive:
        return archive.namelist()


def check_egg_contents(names: list[str]) -> None:
    present = set(names)
    for name in ("seeds/demo.csv", "seeds/kota-serang.csv"):
        assert name in present, f"{name} is not in the egg"
    assert {Path(n).name for n in names if n.startswith("seeds/") and n.endswith(".csv")} == {
        path.name for path in (REPO / "seeds").glob("*.csv")
    }
    migrations = {n for n in names if re.fullmatch(r"opdcrawl/db/migrations/versions/\w+\.py", n)}
    assert migrations == {
        f"opdcrawl/db/migrations/versions/{path.name}"
        for path in (REPO / "opdcrawl/db/migrations/versions").glob("*.py")
    }
    for name in (
        "opdcrawl/db/alembic.ini",
        "opdcrawl/db/migrations/env.py",
        "spiders/websites.py",
        "opdcrawl/settings.py",
        "pipelines/sql.py",
        "EGG-INFO/entry_points.txt",
    ):
        assert name in present, f"{name} is not in the egg"
    strays = [n for n in names if n.split("/")[0] in {"tests", ".venv", "build", "benchmarks"}]
    assert not strays, f"the egg carries files it must not: {strays[:5]}"


def wait_for_jobs(scrapyd: Scrapyd, jobs: list[str]) -> None:
    deadline = time.monotonic() + JOB_TIMEOUT_S
    while time.monotonic() < deadline:
        listing = scrapyd.get("listjobs.json", project=PROJECT)
        if set(jobs) <= {job["id"] for job in listing["finished"]}:
            return
        time.sleep(1)
    logs = "\n".join(f"--- {job}\n{tail(scrapyd.job_log(job), 1500)}" for job in jobs)
    pytest.fail(f"jobs not finished after {JOB_TIMEOUT_S} s:\n{logs}\n{tail(scrapyd.log)}")


def read_results(
    engine: Engine,
) -> tuple[list[tuple[int, str]], list[dict[str, Any]], dict[str, str]]:
    """Runs, website checks, and the reporting view's latest category per OPD."""
    with engine.connect() as connection:
        runs = [tuple(row) for row in connection.execute(text("SELECT id, status FROM crawl_run"))]
        view = connection.execute(text("SELECT opd_code, category FROM v_opd_latest"))
        latest = {code: category for code, category in view}
        checks = (
            connection.execute(
                text(
                    "SELECT cc.run_id, o.code, cc.category, cc.url FROM channel_check cc"
                    " JOIN channel c ON c.id = cc.channel_id JOIN opd o ON o.id = c.opd_id"
                    " WHERE c.kind = 'website'"
                )
            )
            .mappings()
            .all()
        )
    return runs, [dict(row) for row in checks], latest


def opdcrawl_tracebacks(log: str, eggs_dir: Path) -> list[str]:
    """Traceback blocks with a frame in the project's code, which runs from the egg."""
    blocks = re.findall(r"Traceback \(most recent call last\):\n(?:[ \t].*\n?)+.*", log)
    frame = f'File "{eggs_dir}/'
    return [block for block in blocks if frame in block]


def test_two_shard_jobs_on_scrapyd_share_one_postgres(
    tmp_path: Path, shared_postgres: str, demo_sites: DemoServer
) -> None:
    started = time.monotonic()
    egg = build_egg(tmp_path / "build")
    check_egg_contents(egg_names(egg))

    scrapyd = Scrapyd(tmp_path / "scrapyd", shared_postgres)
    try:
        scrapyd.start()
        added = scrapyd.post(
            "addversion.json", [("project", PROJECT), ("version", VERSION)], egg=egg.read_bytes()
        )
        assert added["spiders"] >= 1
        spiders = scrapyd.get("listspiders.json", project=PROJECT)
        assert "websites" in spiders["spiders"], spiders

        settings = [("setting", f"{name}={value}") for name, value in FAST_SETTINGS.items()]
        jobs = []
        for index in range(SHARDS):
            answer = scrapyd.post(
                "schedule.json",
                [
                    ("project", PROJECT),
                    ("spider", "websites"),
                    ("region", "demo"),
                    ("shard", f"{index}/{SHARDS}"),
                    *settings,
                ],
            )
            jobs.append(answer["jobid"])
        # A job a scheduler got wrong: refused before crawling, exit code 2 (README
        # "Kode keluar"), which Scrapyd's own log reports as the process dying.
        misspelt = scrapyd.post(
            "schedule.json",
            [("project", PROJECT), ("spider", "websites"), ("regoin", "demo"), *settings],
        )["jobid"]
        wait_for_jobs(scrapyd, [*jobs, misspelt])
    finally:
        scrapyd.stop()
    elapsed = time.monotonic() - started

    # Scrapyd's own log: both shard processes ended cleanly; the misspelt job died with
    # its exit code (listjobs.json lists it as "finished" like any other: Scrapyd 1.6
    # keeps no exit status there).
    daemon_log = tail(scrapyd.log, 10**6)
    died = [line for line in daemon_log.splitlines() if "Process died" in line]
    assert len(died) == 1 and misspelt in died[0], "\n".join(died) + "\n".join(
        tail(scrapyd.job_log(job), 1500) for job in jobs
    )
    assert "exitstatus=2" in died[0]
    assert daemon_log.count("Process finished") >= SHARDS, daemon_log[-3000:]
    refused = scrapyd.job_log(misspelt).read_text(encoding="utf-8", errors="replace")
    assert "argumen spider tidak dikenal: regoin" in refused
    assert "(kode keluar 2)" in refused

    # The code, the seeds and the migrations all came out of the uploaded egg.
    records = [json.loads(p.read_text()) for p in sorted(scrapyd.origins_dir.glob("*.json"))]
    crawls = [record for record in records if "crawl" in record["argv"]]
    assert len(crawls) == SHARDS + 1, records  # with the misspelt job, refused early
    sharded = [record for record in crawls if any("shard=" in arg for arg in record["argv"])]
    assert len(sharded) == SHARDS, records
    for record in sharded:
        for name, origin in record["origins"].items():
            assert origin and origin.startswith(f"{scrapyd.eggs_dir}/"), (name, origin)

    # The job logs: both spiders closed normally, no traceback through opdcrawl's code.
    for job in jobs:
        log = scrapyd.job_log(job).read_text(encoding="utf-8", errors="replace")
        assert "Spider closed (finished)" in log, log[-3000:]
        tracebacks = opdcrawl_tracebacks(log, scrapyd.eggs_dir)
        assert not tracebacks, tracebacks[0]

    # PostgreSQL: two finished runs that partition the demo sites by shard.
    engine = make_engine(shared_postgres)
    try:
        runs, checks, latest = read_results(engine)
    finally:
        engine.dispose()
    assert sorted(status for _, status in runs) == ["failed"] + ["finished"] * SHARDS, runs
    runs = [(run_id, status) for run_id, status in runs if status == "finished"]
    websites = {code: spec for code, spec in DEMO_SITES.items() if spec.url}
    seen = Counter(check["code"] for check in checks)
    assert seen == Counter(list(websites)), "every demo website is checked exactly once"
    per_run: dict[int, set[str]] = {run_id: set() for run_id, _ in runs}
    for check in checks:
        per_run[check["run_id"]].add(check["code"])
    expected_shards = [
        {code for code, spec in websites.items() if shard_of(str(spec.url), SHARDS) == index}
        for index in range(SHARDS)
    ]
    assert all(expected_shards), "the demo sites should fall in both shards"
    assert sorted(per_run.values(), key=sorted) == sorted(expected_shards, key=sorted)
    got = {check["code"]: check["category"] for check in checks}
    expected = {code: str(spec.expected_category) for code, spec in websites.items()}
    assert got == expected
    # The reporting view (migrations from the egg) merges both shards' runs per OPD.
    assert latest == {code: str(spec.expected_category) for code, spec in DEMO_SITES.items()}

    # Scrapyd's items_dir feeds hold one item per site, beside the SQL rows.
    feeds = [scrapyd.items_dir / PROJECT / "websites" / f"{job}.jl" for job in jobs]
    lines = [line for feed in feeds for line in feed.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(websites)
    refused_feed = scrapyd.items_dir / PROJECT / "websites" / f"{misspelt}.jl"
    assert not refused_feed.exists() or not refused_feed.read_text(encoding="utf-8").strip()
    assert elapsed < 120, f"the Scrapyd round trip took {elapsed:.0f} s"

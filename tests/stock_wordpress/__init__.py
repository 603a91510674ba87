"""Debian's packaged WordPress, served for the tests by PHP's built-in server.

The demo sites imitate WordPress; this is the real thing (``apt-get install wordpress
wordpress-l10n wordpress-theme-twentytwentyone php-cli php-mysql php-xml mariadb-server``, done by
``scripts/setup-system.sh``), so a change in how stock WordPress prints its REST API, feeds,
robots.txt or theme markup shows up here and not first on an OPD's site.

One private MariaDB server (its own data directory and socket, no TCP port) holds every
test site; each site is the same copy of WordPress under a ``php -S`` process of its own,
with its own table prefix, address and hardening mode (``mu-plugins/``).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.request import urlopen

HERE = Path(__file__).resolve().parent
DEBIAN_WORDPRESS = Path("/usr/share/wordpress")
MODES = ("open", "rest-off", "no-feeds", "locked")
_MISSING_HINT = (
    "stock WordPress needs Debian's wordpress, wordpress-l10n, wordpress-theme-twentytwentyone,"
    " php-cli, php-mysql, php-xml and mariadb-server; run `make test` (scripts/setup-system.sh"
    " installs them as root)"
)


def missing_parts() -> list[str]:
    """What the stock WordPress tests need and this machine lacks (empty when ready)."""
    missing = [
        tool
        for tool in ("php", "mariadbd", "mariadb-install-db", "mariadb-admin")
        if shutil.which(tool) is None and not Path("/usr/sbin", tool).exists()
    ]
    if shutil.which("php") is not None:
        # php-xml: without SimpleXML, WordPress answers its sitemaps with HTTP 501.
        probe = subprocess.run(
            ["php", "-r", 'exit(class_exists("SimpleXMLElement") ? 0 : 1);'],
            capture_output=True,
            check=False,
        )
        if probe.returncode != 0:
            missing.append("php-xml (SimpleXML)")
    for path in (
        DEBIAN_WORDPRESS / "wp-settings.php",
        DEBIAN_WORDPRESS / "wp-content/languages/id_ID.mo",
        DEBIAN_WORDPRESS / "wp-content/themes/twentytwentyone/style.css",
    ):
        if not path.exists():
            missing.append(str(path))
    return missing


def _tool(name: str) -> str:
    return shutil.which(name) or str(Path("/usr/sbin", name))


def free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@dataclass
class Site:
    """One running test site and what WordPress says it published."""

    name: str
    mode: str
    url: str
    posts: list[dict[str, Any]]
    process: subprocess.Popen[bytes]
    # The address WordPress is installed under (``url`` unless add_site got a ``host``),
    # and the scheduled posts, drafts and pages seed.php made ({id, type, status, title, url}).
    home: str = ""
    others: list[dict[str, Any]] = field(default_factory=list)


class StockWordPress:
    """A MariaDB server and a copy of Debian's WordPress in ``workdir``; a context manager."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.datadir = workdir / "mariadb"
        self.socket = workdir / "mariadb.sock"
        self.docroot = workdir / "wordpress"
        self.database = "opdcrawl_wp"
        self.sites: dict[str, Site] = {}
        self._mariadb: subprocess.Popen[bytes] | None = None

    # --- lifecycle ---------------------------------------------------------------------

    def __enter__(self) -> StockWordPress:
        missing = missing_parts()
        if missing:
            raise RuntimeError(f"{_MISSING_HINT}; missing: {', '.join(missing)}")
        try:
            self._start_mariadb()
            self._copy_wordpress()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for site in self.sites.values():
            _stop(site.process)
        if self._mariadb is not None:
            _stop(self._mariadb)
            self._mariadb = None

    def _start_mariadb(self) -> None:
        subprocess.run(
            [
                _tool("mariadb-install-db"), "--no-defaults", f"--datadir={self.datadir}",
                "--user=root", "--auth-root-authentication-method=normal", "--skip-test-db",
            ],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        log = (self.workdir / "mariadb.log").open("wb")
        self._mariadb = subprocess.Popen(
            [
                _tool("mariadbd"), "--no-defaults", f"--datadir={self.datadir}",
                f"--socket={self.socket}", "--skip-networking", "--user=root",
                f"--pid-file={self.workdir / 'mariadb.pid'}", "--innodb-buffer-pool-size=32M",
            ],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            ping = subprocess.run(
                [_tool("mariadb-admin"), "--no-defaults", f"--socket={self.socket}", "-uroot",
                 "ping"],
                capture_output=True, check=False,
            )  # fmt: skip
            if ping.returncode == 0:
                break
            if self._mariadb.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "MariaDB did not start: " + (self.workdir / "mariadb.log").read_text()[-2000:]
                )
            time.sleep(0.1)
        subprocess.run(
            [_tool("mariadb"), "--no-defaults", f"--socket={self.socket}", "-uroot",
             "-e", f"CREATE DATABASE {self.database} CHARACTER SET utf8mb4"],
            check=True, capture_output=True,
        )  # fmt: skip

    def _copy_wordpress(self) -> None:
        """WordPress finds its config beside ``wp-load.php`` (symlinks resolved), so the
        package's tree is copied, its Debian config swapped for the test one."""
        shutil.copytree(DEBIAN_WORDPRESS, self.docroot, symlinks=True)
        (self.docroot / "wp-config.php").unlink()
        (self.docroot / ".htaccess").unlink(missing_ok=True)
        content = self.docroot / "wp-content"
        shutil.rmtree(content)
        (content / "themes").mkdir(parents=True)
        (content / "plugins").mkdir()
        (content / "languages").mkdir()
        (content / "uploads").mkdir()
        # Every theme Debian ships that is installed (twentytwentyone always; the block
        # themes twentytwentytwo and twentytwentythree for tests/stock_wordpress/capture.py).
        for theme in sorted((DEBIAN_WORDPRESS / "wp-content/themes").iterdir()):
            if (theme / "style.css").exists():
                shutil.copytree(theme, content / "themes" / theme.name, symlinks=True)
        for mo in (DEBIAN_WORDPRESS / "wp-content/languages").glob("*id_ID.mo"):
            shutil.copy(mo, content / "languages" / mo.name)
        shutil.copytree(HERE / "mu-plugins", content / "mu-plugins")
        for name in ("wp-config.php", "router.php", "seed.php"):
            shutil.copy(HERE / name, self.docroot / name)

    # --- sites --------------------------------------------------------------------------

    def _env(self, name: str, host: str, mode: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            WP_DB_NAME=self.database,
            WP_DB_SOCKET=str(self.socket),
            WP_TABLE_PREFIX=f"{name}_",
            WP_HOST=host,
            OPDCRAWL_WP_MODE=mode,
            PHP_CLI_SERVER_WORKERS="2",
        )
        return env

    def add_site(
        self, name: str, spec: dict[str, Any], *, mode: str, address: str, host: str | None = None
    ) -> Site:
        """Install a site from ``spec`` (see seed.php) and serve it on ``address``.

        ``host`` ("name.test:8095"): the address WordPress is installed under and prints in
        its pages, when that is not the one it listens on; ask it with that ``Host`` header.
        """
        if mode not in MODES:
            raise ValueError(f"unknown WordPress test mode {mode!r}; one of {MODES}")
        port = free_port(address)
        listen = f"{address}:{port}"
        env = self._env(name, host or listen, mode)
        spec_file = self.workdir / f"{name}.json"
        spec_file.write_text(json.dumps(spec), encoding="utf-8")
        seeded = subprocess.run(
            ["php", "seed.php", str(spec_file)],
            cwd=self.docroot, env=env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        if seeded.returncode != 0:
            raise RuntimeError(f"seeding WordPress site {name} failed: {seeded.stderr[-2000:]}")
        result = json.loads(seeded.stdout.strip().splitlines()[-1])
        log = (self.workdir / f"php-{name}.log").open("wb")
        process = subprocess.Popen(
            ["php", "-S", listen, "router.php"],
            cwd=self.docroot, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        url = f"http://{listen}/"
        site = Site(
            name=name,
            mode=mode,
            url=url,
            posts=result["posts"],
            process=process,
            home=result["home"],
            others=result.get("others", []),
        )
        self.sites[name] = site
        _wait_for(url, process)
        return site


def _wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"php -S for {url} exited with {process.returncode}")
        try:
            with urlopen(url + "robots.txt", timeout=5) as response:
                if response.status == 200:
                    return
        except (URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"WordPress at {url} did not answer in {timeout} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

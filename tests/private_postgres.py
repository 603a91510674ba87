"""A PostgreSQL server of the test's own: its own data folder, port and password.

The tests that restart the database mid-crawl, or need a password nobody else uses, must
not disturb the shared server other tests (and other people) are using, so they start a
real PostgreSQL from the installed binaries (Debian's ``/usr/lib/postgresql/<v>/bin``)
with ``initdb`` and ``pg_ctl``, listening on 127.0.0.1 only. PostgreSQL refuses to run
as root; as root the server runs as the ``postgres`` user (``runuser``).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import quote


def postgres_bindir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivatePostgres:
    def __init__(self, password: str, user: str = "uji_rahasia", database: str = "uji") -> None:
        bindir = postgres_bindir()
        if bindir is None:
            raise RuntimeError("PostgreSQL binaries not found (apt-get install postgresql)")
        self.bindir = bindir
        self.user, self.password, self.database = user, password, database
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="opdcrawl-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._as_postgres = os.geteuid() == 0

    @property
    def url(self) -> str:
        return (
            f"postgresql+psycopg2://{self.user}:{quote(self.password, safe='')}"
            f"@127.0.0.1:{self.port}/{self.database}"
        )

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=True, cwd=self.root
        )

    def start(self) -> None:
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n")
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
            shutil.chown(pwfile, "postgres", "postgres")
        pwfile.chmod(0o600)
        self._run(
            "initdb", "-D", str(self.data), "-U", self.user, "--pwfile", str(pwfile),
            "-A", "scram-sha-256", "--no-sync", "-E", "UTF8",
        )  # fmt: skip
        pwfile.unlink()
        self._ctl("start")
        self._createdb()

    def _createdb(self) -> None:
        env = dict(os.environ, PGPASSWORD=self.password)
        command = [str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                   "-U", self.user, self.database]  # fmt: skip
        subprocess.run(command, env=env, capture_output=True, text=True, timeout=30, check=True)

    def _ctl(self, action: str) -> None:
        options = f"-c listen_addresses=127.0.0.1 -c port={self.port} -k {self.root} -c fsync=off"
        self._run(
            "pg_ctl", action, "-D", str(self.data), "-l", str(self.log), "-o", options,
            "-m", "fast", "-w", "-t", "60",
        )  # fmt: skip

    def restart(self, down_for: float = 0.0) -> None:
        """Stop (``-m fast``: every connection is cut), stay down ``down_for`` seconds, and
        start again: a database restart as a crawl sees it."""
        if not down_for:
            self._ctl("restart")
            return
        self._ctl("stop")
        time.sleep(down_for)
        self._ctl("start")

    def stop_server(self) -> None:
        """Stop the server and leave it down (its data stays until ``stop``)."""
        self._ctl("stop")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                self._ctl("stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        raise TimeoutError("private PostgreSQL did not come up")

    def __enter__(self) -> Self:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

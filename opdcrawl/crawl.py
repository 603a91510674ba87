"""Run a real ``scrapy crawl`` in a child process.

The demo and the end-to-end tests use the same path an operator's cron job uses:
``scrapy crawl websites -a region=...``, with its own reactor in its own process, so
nothing about the crawl is simulated.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def crawl_command(
    spider: str,
    *,
    region: str | None = None,
    opd: str | None = None,
    seeds: str | Path | None = None,
    settings: dict[str, str] | None = None,
    extra_args: list[str] | None = None,
) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    for name, value in (("region", region), ("opd", opd), ("seeds", seeds)):
        if value:
            command += ["-a", f"{name}={value}"]
    for name, value in (settings or {}).items():
        command += ["-s", f"{name}={value}"]
    return command + list(extra_args or [])


def run_crawl(
    spider: str,
    *,
    database_url: str,
    region: str | None = None,
    opd: str | None = None,
    seeds: str | Path | None = None,
    settings: dict[str, str] | None = None,
    extra_args: list[str] | None = None,
    log_file: str | Path | None = None,
    timeout: float = 600,
    cwd: str | Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``env`` adds to (and overrides) this process's environment for the child."""
    env = {**os.environ, **(env or {})}
    env["DATABASE_URL"] = database_url
    env.setdefault("SCRAPY_SETTINGS_MODULE", "opdcrawl.settings")
    all_settings = dict(settings or {})
    if log_file:
        all_settings["LOG_FILE"] = str(log_file)
    command = crawl_command(
        spider, region=region, opd=opd, seeds=seeds, settings=all_settings, extra_args=extra_args
    )
    return subprocess.run(
        command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )

"""One unattended round: crawl each spider, then write the reports, stopping at a failure.

A scheduler (cron, a systemd timer) only sees one exit code, so a round is a list of
child processes run in order, and the first step that fails ends the round with that
step's own exit code: a crawl that did not do its job never produces a report that looks
fresh. Each step is the same command an operator would type (``scrapy crawl …``,
``opdcrawl report …``), so a failed round can be retried step by step by hand.

Signals: Ctrl-C in a terminal reaches the running child too (same process group), and a
``kill`` of the round is forwarded to it, so Scrapy closes its ``crawl_run`` row
cleanly instead of being killed under it; the round then stops without running the
remaining steps.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from opdcrawl.dates import JAKARTA

DEFAULT_SPIDERS: tuple[str, ...] = ("websites", "social")
DATE_PLACEHOLDER = "{tanggal}"  # in --out: the round's date, so each round keeps its folder

MESSAGES = {
    "step": "[{number}/{total}] {title}: {command}",
    "step_done": "[{number}/{total}] selesai dalam {seconds:.0f} dtk",
    "step_failed": (
        "[{number}/{total}] GAGAL (kode keluar {code}) setelah {seconds:.0f} dtk: {title}. "
        "Putaran dihentikan; langkah berikutnya tidak dijalankan."
    ),
    "stopped": "Putaran dihentikan oleh sinyal {signal} pada langkah {number}/{total}.",
    "round_done": "Putaran selesai: {total} langkah berhasil dalam {seconds:.0f} dtk.",
    "crawl_title": "Crawl {spider}",
    "report_title": "Tulis laporan ({kind})",
}


@dataclass(frozen=True)
class Step:
    """One child process of a round; ``title`` is shown to the operator."""

    title: str
    command: list[str]


def out_folder(template: str, moment: datetime) -> str:
    """``laporan/{tanggal}`` -> ``laporan/2025-03-10``: one folder per round's date (WIB)."""
    return template.replace(DATE_PLACEHOLDER, moment.astimezone(JAKARTA).date().isoformat())


def round_steps(
    *,
    spiders: Sequence[str],
    regions: Sequence[str],
    seeds: str | None,
    settings: Sequence[str],
    formats: Sequence[str],
    kinds: Sequence[str],
    out_dir: str,
    database_url: str | None,
    python: str = sys.executable,
) -> list[Step]:
    """The crawls, then one ``opdcrawl report`` per report kind, as commands to run.

    ``settings`` are ``NAME=VALUE`` strings for every crawl (``scrapy crawl -s``).
    """
    from opdcrawl.crawl import crawl_command

    region = ",".join(regions) or None
    steps = []
    for spider in spiders:
        command = crawl_command(spider, region=region, seeds=seeds)
        for setting in settings:
            command += ["-s", setting]
        steps.append(Step(MESSAGES["crawl_title"].format(spider=spider), command))
    for kind in kinds:
        command = [python, "-m", "opdcrawl.cli", "report", "--out", out_dir, "--kanal", kind]
        for slug in regions:
            command += ["--region", slug]
        for name in formats:
            command += ["--format", name]
        if database_url:
            command += ["--url", database_url]
        steps.append(Step(MESSAGES["report_title"].format(kind=kind), command))
    return steps


def shown(command: Sequence[str]) -> str:
    """The command as an operator would type it: ``scrapy crawl …``, ``opdcrawl report …``."""
    words = list(command)
    if words[1:3] == ["-m", "scrapy"]:
        words = ["scrapy", *words[3:]]
    elif words[1:3] == ["-m", "opdcrawl.cli"]:
        words = ["opdcrawl", *words[3:]]
    return " ".join(words)


def exit_code(returncode: int) -> int:
    """A child killed by signal N (``returncode == -N``) reports 128 + N, as a shell does."""
    return 128 - returncode if returncode < 0 else returncode


def run_step(command: Sequence[str], env: dict[str, str] | None = None) -> tuple[int, int | None]:
    """Run one child to its end; (exit code, signal that stopped the round or None).

    A SIGTERM to the round is passed on to the child; a Ctrl-C already reached it. Either
    way the round waits for the child to close cleanly rather than killing it.
    """
    process = subprocess.Popen(list(command), env=env)
    stopped_by: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        stopped_by.append(signum)
        process.send_signal(signum)

    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, forward) if in_main else None
    try:
        while True:
            try:
                returncode = process.wait()
                break
            except KeyboardInterrupt:
                stopped_by.append(signal.SIGINT)  # the child got it too; let it finish
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
    return exit_code(returncode), (stopped_by[0] if stopped_by else None)


def run_steps(
    steps: Sequence[Step],
    env: dict[str, str] | None = None,
    say: Callable[[str], None] = print,
) -> int:
    """Run the steps in order; 0 when all succeed, else the first failing step's code."""
    started = time.monotonic()
    total = len(steps)
    for number, step in enumerate(steps, start=1):
        command = shown(step.command)
        say(MESSAGES["step"].format(number=number, total=total, title=step.title, command=command))
        step_started = time.monotonic()
        code, stopped_by = run_step(step.command, env)
        seconds = time.monotonic() - step_started
        if stopped_by is not None:
            name = signal.Signals(stopped_by).name
            say(MESSAGES["stopped"].format(signal=name, number=number, total=total))
            # An interrupted crawl did not do its job, even if it closed without an error.
            return code or 128 + stopped_by
        if code != 0:
            failed = {"number": number, "total": total, "code": code, "title": step.title}
            say(MESSAGES["step_failed"].format(seconds=seconds, **failed))
            return code
        say(MESSAGES["step_done"].format(number=number, total=total, seconds=seconds))
    say(MESSAGES["round_done"].format(total=total, seconds=time.monotonic() - started))
    return 0


def child_env(database_url: str | None) -> dict[str, str]:
    """This process's environment, with the database and Scrapy's settings module set."""
    env = dict(os.environ)
    if database_url:
        env["DATABASE_URL"] = database_url
    env.setdefault("SCRAPY_SETTINGS_MODULE", "opdcrawl.settings")
    return env

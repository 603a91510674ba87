"""One round spread over several Scrapyd nodes: node i of n crawls ``shard=i/n``.

The n jobs of a round must add up to one crawl: every site in exactly one shard (the
spider's ``shard_of``), and one crawl time for all of them, so reports read the shards'
runs as one round (``crawl_run.crawl_time``). The crawl time travels as the
``OPDCRAWL_CRAWL_TIME`` setting of each job; the shards as the ``shard`` argument.

Scrapyd's ``listjobs.json`` says when a job ended, not how: a job's outcome is read from
its log (Scrapy's "Spider closed (<reason>)" line), which Scrapyd serves at ``log_url``.

The HTTP calls go through scrapyd-client's ``ScrapydClient`` (the same package as
``scrapyd-deploy``), which also reads credentials from ``~/.netrc``.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

CRAWL_TIME_SETTING = "OPDCRAWL_CRAWL_TIME"
CLOSED_LINE = re.compile(r"Spider closed \((?P<reason>[^)]*)\)")
ERRNO_TEXT = re.compile(r"\[Errno -?\d+\] ([^'\")]+)")
PROBLEM_LINE = re.compile(r"\] (?:ERROR|CRITICAL): (?P<message>.*)")
EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(?:Error|Exception): (?P<message>.+)$", re.M)

# How a job's state is shown to the operator.
STATE_WORDS = {
    "pending": "menunggu",
    "running": "berjalan",
    "finished": "selesai",
    "failed": "GAGAL",
    None: "tidak dikenal node",
}


@dataclass(frozen=True)
class Node:
    """One Scrapyd node: its address without credentials, and the credentials apart."""

    url: str
    username: str | None = None
    password: str | None = None

    @classmethod
    def parse(cls, text: str) -> Node:
        """``a:6800``, ``http://a:6800/``, ``http://user:pass@a:6800`` -> Node."""
        text = text.strip()
        if "://" not in text:
            text = "http://" + text
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"alamat node tidak valid: {text!r} (contoh: http://10.0.0.5:6800)")
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        url = urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))
        return cls(url, parts.username, parts.password)


@dataclass
class ShardJob:
    """One node's part of the round."""

    node: Node
    index: int
    count: int
    job_id: str | None = None
    state: str | None = None  # Scrapyd's: pending, running, finished; ours: failed
    reason: str = ""  # why a finished job counts as failed, from its log
    log_url: str | None = None

    @property
    def shard(self) -> str:
        return f"{self.index}/{self.count}"


@dataclass(frozen=True)
class RoundRequest:
    """What every job of the round gets, besides its own shard."""

    project: str
    spider: str
    crawl_time: datetime
    spider_args: Sequence[tuple[str, str]] = ()
    settings: Sequence[str] = ()  # NAME=VALUE
    version: str | None = None

    def form(self, index: int, count: int) -> list[tuple[str, str]]:
        """The ``schedule.json`` fields of shard ``index`` (project and spider apart)."""
        fields = [*self.spider_args, ("shard", f"{index}/{count}")]
        fields.append(("setting", f"{CRAWL_TIME_SETTING}={self.crawl_time.isoformat()}"))
        fields += [("setting", setting) for setting in self.settings]
        if self.version:
            fields.append(("_version", self.version))
        return fields


def plan(nodes: Sequence[Node]) -> list[ShardJob]:
    """Node i takes shard i of len(nodes)."""
    return [ShardJob(node, index, len(nodes)) for index, node in enumerate(nodes)]


def job_outcome(log_text: str) -> tuple[bool, str]:
    """(succeeded, reason) of a finished job, from its Scrapy log.

    A crawl succeeded when Scrapy closed the spider with reason ``finished``. Any other
    reason (``shutdown`` after cancel.json, ``closespider_…``) or no closing line at all
    (the process died first) is a failure; the last exception message, else the last
    ERROR/CRITICAL line, says why.
    """
    closed = CLOSED_LINE.findall(log_text)
    if closed and closed[-1] == "finished":
        return True, ""
    why = EXCEPTION_LINE.findall(log_text) or PROBLEM_LINE.findall(log_text)
    detail = f"; {why[-1].strip()}" if why else ""
    if closed:
        return False, f"spider ditutup dengan alasan '{closed[-1]}'{detail}"
    return False, f"proses berhenti sebelum spider ditutup{detail}"


@dataclass
class Scheduler:
    """Talks to the nodes of one round through ``ScrapydClient``."""

    request: RoundRequest
    jobs: list[ShardJob]
    clients: dict[str, Any] = field(default_factory=dict)

    def client(self, node: Node) -> Any:
        from scrapyd_client.pyclient import ScrapydClient

        if node.url not in self.clients:
            self.clients[node.url] = ScrapydClient(node.url, node.username, node.password)
        return self.clients[node.url]

    def check_nodes(self) -> list[str]:
        """Problems that would leave a shard unscheduled; empty when every node is ready."""
        problems = []
        for job in self.jobs:
            try:
                spiders = self.client(job.node).spiders(self.request.project)
            except Exception as error:  # any node problem is reported, none is fatal here
                problems.append(f"{job.node.url}: {_reason(error)}")
                continue
            if self.request.spider not in spiders:
                problems.append(
                    f"{job.node.url}: spider '{self.request.spider}' tidak ada di proyek "
                    f"'{self.request.project}' (sudah deploy egg ke node ini?)"
                )
        return problems

    def schedule(self) -> list[str]:
        """Post every shard; on a failure, cancel the shards already posted."""
        for job in self.jobs:
            form = self.request.form(job.index, job.count)
            try:
                job.job_id = self.client(job.node).schedule(
                    self.request.project, self.request.spider, form
                )
                job.state = "pending"
            except Exception as error:
                self.cancel_scheduled()
                return [f"{job.node.url}: {_reason(error)}"]
        return []

    def cancel_scheduled(self) -> None:
        for job in self.jobs:
            if job.job_id:
                # Best effort: the error that made us cancel is what the operator needs.
                with contextlib.suppress(Exception):
                    self.client(job.node).cancel(self.request.project, job.job_id)
                job.state = "cancelled"

    def refresh(self) -> None:
        """Each job's current state, from ``status.json``; a node that does not answer
        keeps its last known state (and says why) until it answers again."""
        for job in self.jobs:
            if job.job_id and job.state not in ("finished", "failed"):
                try:
                    answer = self.client(job.node).status(job.job_id, self.request.project)
                except Exception as error:  # a node rebooting must not end the wait
                    job.reason = _reason(error)
                    continue
                job.state, job.reason = answer.get("currstate"), ""

    def wait(
        self, timeout_s: float, interval_s: float, on_change: Callable[[ShardJob], None]
    ) -> bool:
        """Poll until every job finished; False on timeout. Then read each job's log."""
        deadline = time.monotonic() + timeout_s
        seen: dict[int, str | None] = {}
        while True:
            self.refresh()
            for job in self.jobs:
                if job.index not in seen or seen[job.index] != job.state:
                    seen[job.index] = job.state
                    on_change(job)
            if all(job.state == "finished" for job in self.jobs):
                break
            if time.monotonic() >= deadline:
                return False
            time.sleep(interval_s)
        for job in self.jobs:
            try:
                self.read_outcome(job)
            except Exception as error:  # an unreadable log is a failure to report, not raise
                job.state, job.reason = "failed", f"log tidak dapat dibaca: {_reason(error)}"
        return True

    def read_outcome(self, job: ShardJob) -> None:
        """Mark a finished job failed when its log does not show a finished crawl."""
        import requests

        client = self.client(job.node)
        listing = client.jobs(self.request.project)
        entry = next((item for item in listing["finished"] if item["id"] == job.job_id), {})
        if not entry.get("log_url"):
            job.reason = "log tidak tersedia di node (logs_dir kosong); hasil tidak diperiksa"
            return
        job.log_url = job.node.url + entry["log_url"]
        response = requests.get(job.log_url, auth=client.auth, timeout=60)
        if response.status_code != 200:
            job.state = "failed"
            job.reason = f"log tidak dapat dibaca (HTTP {response.status_code})"
            return
        succeeded, reason = job_outcome(response.text)
        if not succeeded:
            job.state, job.reason = "failed", reason


def _reason(error: Exception) -> str:
    """A node error in one line, without a traceback or urllib3's retry wrapping."""
    text = " ".join(str(error).split())
    name = type(error).__name__
    if "Connection" in name or "Timeout" in name:
        errno = ERRNO_TEXT.findall(text)
        return f"node tidak dapat dihubungi ({errno[-1] if errno else name})"
    return f"{text[:300] or name} ({name})"

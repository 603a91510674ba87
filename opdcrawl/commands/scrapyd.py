"""``opdcrawl scrapyd schedule``: one round over several Scrapyd nodes, one shard each.

Every node is checked (it answers, the egg is deployed, it has the spider) before any job
is posted, so a round is never left half scheduled; with ``--wait`` the command stays
until every job ended and exits non-zero when one of them did not finish its crawl.
The work is ``opdcrawl.scrapyd_round``'s.

Exit codes: 0 every job scheduled (and, with ``--wait``, finished its crawl); 1 a job
failed or did not end within ``--timeout``; 2 bad arguments, or a node not ready, so
nothing was scheduled.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from opdcrawl.scrapyd_round import Scheduler, ShardJob

MESSAGES = {
    "no_client": (
        "Perintah ini memerlukan paket scrapyd-client: pip install scrapyd-client==2.0.3 ({error})"
    ),
    "bad_pair": "{option} harus berbentuk NAMA=NILAI, bukan {value!r}.",
    "own_crawl_time": (
        "Waktu crawl bersama diatur perintah ini: gunakan --crawl-time, bukan --setting {name}."
    ),
    "bad_crawl_time": "--crawl-time: {error}",
    "not_ready": "Tidak ada job yang dijadwalkan; node belum siap:",
    "refused": "Penjadwalan ditolak; job yang sudah terkirim dibatalkan:",
    "crawl_time": "Waktu crawl putaran ini: {time} (sama untuk semua {count} node)",
    "scheduled": "  bagian {part} dari {count} di {node}: job {job}",
    "state": "  {node} bagian {part} dari {count}: {state}",
    "timeout": "Batas waktu {seconds:.0f} dtk habis; job belum selesai:",
    "summary": "Hasil putaran:",
    "row": "  {node}  bagian {part} dari {count}  job {job}  {state}{reason}",
    "all_done": "Semua {count} bagian selesai crawl.",
    "some_failed": "{failed} dari {count} bagian GAGAL; lihat log job di atas.",
    "no_wait": "Pantau dengan: curl {node}/listjobs.json?project={project}",
}


def _pairs(values: list[str], option: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name.strip():
            raise ValueError(MESSAGES["bad_pair"].format(option=option, value=value))
        pairs.append((name.strip(), text))
    return pairs


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="scrapyd_action", required=True, metavar="{schedule}")
    schedule = actions.add_parser(
        "schedule",
        help="Kirim satu putaran ke beberapa node: node ke-i mendapat bagian i dari n",
        description="Kirim schedule.json ke setiap node dengan shard=i/n dan waktu crawl yang "
        "sama, lalu (dengan --wait) tunggu dan laporkan hasil setiap job.",
    )
    schedule.add_argument(
        "--node",
        action="append",
        required=True,
        metavar="URL",
        help="Alamat Scrapyd, mis. http://10.0.0.5:6800 (ulangi untuk setiap node)",
    )
    schedule.add_argument("--project", default="opdcrawl", help="Proyek Scrapyd (bawaan: opdcrawl)")
    schedule.add_argument("--spider", default="websites", help="Spider (bawaan: websites)")
    schedule.add_argument("--region", help="Wilayah, dipisah koma (bawaan: semua)")
    schedule.add_argument("--opd", help="Kode OPD, dipisah koma")
    schedule.add_argument("--seeds", help="Folder registri di setiap node")
    schedule.add_argument(
        "--arg",
        action="append",
        default=[],
        metavar="NAMA=NILAI",
        help="Argumen spider lain, mis. platform=youtube (boleh diulang)",
    )
    schedule.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="NAMA=NILAI",
        help="Setelan Scrapy untuk setiap job (boleh diulang)",
    )
    schedule.add_argument(
        "--crawl-time",
        metavar="ISO",
        help="Waktu crawl bersama, mis. 2026-12-01T02:00:00+07:00 (bawaan: sekarang)",
    )
    schedule.add_argument("--egg-version", help="Versi egg yang dipakai (bawaan: terbaru)")
    schedule.add_argument(
        "--wait", action="store_true", help="Tunggu sampai semua job selesai dan periksa hasilnya"
    )
    schedule.add_argument(
        "--timeout",
        type=float,
        default=6 * 3600,
        metavar="DETIK",
        help="Batas waktu --wait (bawaan: 21600 = 6 jam)",
    )
    schedule.add_argument(
        "--interval", type=float, default=10, metavar="DETIK", help="Jeda antar-pemeriksaan"
    )


def run(args: argparse.Namespace) -> int:
    from opdcrawl.channel_spider import crawl_time_from
    from opdcrawl.scrapyd_round import (
        CRAWL_TIME_SETTING,
        STATE_WORDS,
        Node,
        RoundRequest,
        Scheduler,
        plan,
    )

    try:
        import scrapyd_client.pyclient  # noqa: F401
    except ImportError as error:
        print(MESSAGES["no_client"].format(error=error), file=sys.stderr)
        return 2
    try:
        nodes = [Node.parse(text) for text in args.node]
        spider_args = [
            (name, value)
            for name, value in (("region", args.region), ("opd", args.opd), ("seeds", args.seeds))
            if value
        ] + _pairs(args.arg, "--arg")
        settings = _pairs(args.setting, "--setting")
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 2
    if any(name == CRAWL_TIME_SETTING for name, _ in settings):
        print(MESSAGES["own_crawl_time"].format(name=CRAWL_TIME_SETTING), file=sys.stderr)
        return 2
    try:
        crawl_time = crawl_time_from(args.crawl_time)
    except ValueError as error:
        print(MESSAGES["bad_crawl_time"].format(error=error), file=sys.stderr)
        return 2

    request = RoundRequest(
        project=args.project,
        spider=args.spider,
        crawl_time=crawl_time,
        spider_args=spider_args,
        settings=[f"{name}={value}" for name, value in settings],
        version=args.egg_version,
    )
    scheduler = Scheduler(request, plan(nodes))
    problems = scheduler.check_nodes()
    if problems:
        return _fail(MESSAGES["not_ready"], problems)
    problems = scheduler.schedule()
    if problems:
        return _fail(MESSAGES["refused"], problems)

    count = len(scheduler.jobs)
    print(MESSAGES["crawl_time"].format(time=crawl_time.isoformat(), count=count))
    for job in scheduler.jobs:
        where = {"node": job.node.url, "part": job.index + 1, "count": count}
        print(MESSAGES["scheduled"].format(job=job.job_id, **where))
    if not args.wait:
        print(MESSAGES["no_wait"].format(node=nodes[0].url, project=args.project))
        return 0

    def show(job: ShardJob) -> None:
        where = {"node": job.node.url, "part": job.index + 1, "count": count}
        state = STATE_WORDS.get(job.state, job.state)
        print(MESSAGES["state"].format(state=state, **where), flush=True)

    finished = scheduler.wait(args.timeout, args.interval, show)
    return _summary(scheduler, finished, args.timeout)


def _fail(heading: str, problems: list[str]) -> int:
    print(heading, file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 2


def _summary(scheduler: Scheduler, finished: bool, timeout_s: float) -> int:
    from opdcrawl.scrapyd_round import STATE_WORDS

    jobs = scheduler.jobs
    count = len(jobs)
    if not finished:
        print(MESSAGES["timeout"].format(seconds=timeout_s), file=sys.stderr)
    print(MESSAGES["summary"])
    for job in jobs:
        where = {"node": job.node.url, "part": job.index + 1, "count": count}
        state = STATE_WORDS.get(job.state, job.state)
        reason = f": {job.reason}" if job.reason else ""
        print(MESSAGES["row"].format(job=job.job_id, state=state, reason=reason, **where))
    failed = sum(job.state != "finished" for job in jobs)
    if failed:
        print(MESSAGES["some_failed"].format(failed=failed, count=count), file=sys.stderr)
        return 1
    print(MESSAGES["all_done"].format(count=count))
    return 0

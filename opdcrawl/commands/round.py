"""``opdcrawl round``: what cron or a systemd timer runs: crawl, then write the reports.

Every input is checked before the first crawl starts (spider names, report formats), so
a typo in a crontab fails at once with a clear message instead of after an hour of
crawling. The steps and their exit codes are ``opdcrawl.round``'s.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

MESSAGES = {
    "unknown_spider": "Spider tidak dikenal: {names} (pilihan: {choices}).",
    "bad_setting": "--setting harus berbentuk NAMA=NILAI, bukan {value!r}.",
    "plan": "Rencana putaran ({count} langkah, tidak dijalankan karena --dry-run):",
}


def _split(values: list[str] | None) -> list[str]:
    """``--region a,b --region c`` -> [a, b, c]."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--region",
        action="append",
        metavar="SLUG",
        help="Wilayah (boleh diulang atau dipisah koma), mis. kota-serang; bawaan: semua",
    )
    parser.add_argument(
        "--spider",
        action="append",
        metavar="NAMA",
        help="Spider yang dijalankan berurutan (boleh diulang); bawaan: websites,social",
    )
    parser.add_argument("--seeds", help="Folder registri di luar paket (bawaan: seeds bawaan)")
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="NAMA=NILAI",
        help="Setelan Scrapy untuk setiap crawl (scrapy crawl -s), boleh diulang",
    )
    parser.add_argument(
        "--format",
        action="append",
        metavar="FORMAT",
        help="Format laporan: xlsx, csv, json, html atau all (boleh diulang); bawaan: all",
    )
    parser.add_argument(
        "--kanal",
        action="append",
        metavar="JENIS",
        help="Jenis kanal yang dilaporkan (boleh diulang); bawaan: website",
    )
    parser.add_argument(
        "--out",
        default="laporan/{tanggal}",
        help="Folder laporan; {tanggal} diganti tanggal putaran (bawaan: laporan/{tanggal})",
    )
    parser.add_argument(
        "--url", help="URL basis data (bawaan: env DATABASE_URL, lalu sqlite:///opdcrawl.db)"
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="Tampilkan langkah-langkahnya saja, tanpa menjalankan",
    )


def known_spiders() -> list[str]:
    """The project's spider names, as ``scrapy list`` gives them."""
    import os

    from scrapy.spiderloader import get_spider_loader
    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "opdcrawl.settings")
    return sorted(get_spider_loader(get_project_settings()).list())


def run(args: argparse.Namespace) -> int:
    from opdcrawl.dates import JAKARTA
    from opdcrawl.report.build import expand_formats
    from opdcrawl.round import DEFAULT_SPIDERS, child_env, out_folder, round_steps, run_steps, shown

    spiders = _split(args.spider) or list(DEFAULT_SPIDERS)
    choices = known_spiders()
    unknown = [name for name in spiders if name not in choices]
    if unknown:
        message = MESSAGES["unknown_spider"].format(
            names=", ".join(unknown), choices=", ".join(choices)
        )
        print(message, file=sys.stderr)
        return 2
    bad = [value for value in args.setting if "=" not in value or value.startswith("=")]
    if bad:
        print(MESSAGES["bad_setting"].format(value=bad[0]), file=sys.stderr)
        return 2
    formats = _split(args.format) or ["all"]
    try:
        expand_formats(formats)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 2
    steps = round_steps(
        spiders=spiders,
        regions=_split(args.region),
        seeds=args.seeds,
        settings=args.setting,
        formats=formats,
        kinds=_split(args.kanal) or ["website"],
        out_dir=out_folder(args.out, datetime.now(JAKARTA)),
        database_url=args.url,
    )
    if args.dry_run:
        print(MESSAGES["plan"].format(count=len(steps)))
        for number, step in enumerate(steps, start=1):
            print(f"  {number}. {shown(step.command)}")
        return 0
    return run_steps(steps, env=child_env(args.url), say=lambda line: print(line, flush=True))

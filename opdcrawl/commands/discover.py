"""``opdcrawl discover``: propose unregistered websites and accounts, then accept some.

``opdcrawl discover --region kota-serang [--domain serangkota.go.id] [--ct-file hosts.txt]``
runs the ``discover`` spider (a real ``scrapy crawl`` in a child process, as cron would),
then writes the region's proposals, ranked, to a CSV or XLSX file with their evidence.
``opdcrawl discover --accept 3,7 | --accept usulan.csv`` merges the chosen proposals into
the registry file (``opdcrawl.discovery.accept``) and says what changed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from opdcrawl.db.discovery_store import ProposalRow
    from opdcrawl.discovery.accept import MergeResult

MESSAGES = {
    "need_region": "Sebutkan wilayah: opdcrawl discover --region <slug> (atau --accept …).",
    "bad_setting": "--setting harus berbentuk NAMA=NILAI, bukan {value!r}.",
    "no_ct_file": "Daftar host CT tidak ditemukan: {path}",
    "crawl_failed": "Crawl discover gagal (kode keluar {code}); usulan tidak ditulis.",
    "written": "{count} usulan ditulis ke {path} ({websites} website untuk {opds} OPD, "
    "{socials} akun media sosial).",
    "top": "  #{id} {code} {name}: {channel} {value} (skor {score})",
    "none": "Tidak ada usulan untuk {region}.",
    "unwritable": "Berkas usulan tidak dapat ditulis ke {path}: {reason}",
    "unknown_ids": "Nomor usulan tidak ada di basis data: {ids}.",
    "no_registry": (
        "Berkas registri wilayah {region} tidak ditemukan di {where} ({region}.csv atau "
        "{region}.xlsx); sebutkan foldernya dengan --seeds"
    ),
    "changed": "{path}: {count} sel diisi:",
    "change": "  baris {line}: {code} {channel}: (kosong) -> {value} [usulan #{id}]",
    "skipped": "  dilewati: usulan #{id} ({code} {channel}): {reason}",
    "nothing": "{path}: tidak ada yang diubah.",
    "accept_hint": (
        "Periksa usulan (buka alamatnya), tandai kolom 'accept' dengan 'ya', lalu jalankan: "
        "opdcrawl discover --accept {path}"
    ),
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--region", metavar="SLUG", help="Wilayah, mis. kota-serang")
    parser.add_argument(
        "--domain", help="Domain pemda, mis. serangkota.go.id (bawaan: dari registri)"
    )
    parser.add_argument(
        "--ct-file",
        metavar="BERKAS",
        help="Daftar nama host dari certificate transparency (crt.sh JSON/CSV, atau satu "
        "host per baris)",
    )
    parser.add_argument(
        "--seeds", help="Folder atau berkas registri (bawaan: env OPDCRAWL_SEEDS_DIR, lalu ./seeds)"
    )
    parser.add_argument(
        "--out",
        metavar="BERKAS",
        help="Berkas usulan .csv atau .xlsx (bawaan: usulan-<wilayah>.csv)",
    )
    parser.add_argument(
        "--accept",
        metavar="NOMOR|BERKAS",
        help="Terima usulan: nomor (3,7,10-12) atau berkas usulan dengan kolom accept 'ya'",
    )
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="NAMA=NILAI",
        help="Setelan Scrapy untuk crawl (scrapy crawl -s), boleh diulang",
    )
    parser.add_argument(
        "--url", help="URL basis data (bawaan: env DATABASE_URL, lalu sqlite:///opdcrawl.db)"
    )


def run(args: argparse.Namespace) -> int:
    if args.accept:
        return accept(args)
    if not args.region:
        print(MESSAGES["need_region"], file=sys.stderr)
        return 2
    bad = [value for value in args.setting if "=" not in value or value.startswith("=")]
    if bad:
        print(MESSAGES["bad_setting"].format(value=bad[0]), file=sys.stderr)
        return 2
    if args.ct_file and not Path(args.ct_file).is_file():
        print(MESSAGES["no_ct_file"].format(path=Path(args.ct_file).absolute()), file=sys.stderr)
        return 2
    code = crawl(args)
    if code != 0:
        print(MESSAGES["crawl_failed"].format(code=code), file=sys.stderr)
        return code
    return write_proposals(args)


def _database_url(args: argparse.Namespace) -> str:
    from opdcrawl.db.engine import database_url

    return args.url or database_url(None)


def _seeds(args: argparse.Namespace) -> str | None:
    if args.seeds:
        return args.seeds
    if os.environ.get("OPDCRAWL_SEEDS_DIR"):
        return os.environ["OPDCRAWL_SEEDS_DIR"]
    return None


def crawl(args: argparse.Namespace) -> int:
    """``scrapy crawl discover`` in a child process; its exit code (README "Kode keluar")."""
    from opdcrawl.crawl import crawl_command

    extra: list[str] = []
    if args.domain:
        extra += ["-a", f"domain={args.domain}"]
    if args.ct_file:
        extra += ["-a", f"ct_file={Path(args.ct_file).absolute()}"]
    settings = dict(value.split("=", 1) for value in args.setting)
    command = crawl_command(
        "discover", region=args.region, seeds=_seeds(args), settings=settings, extra_args=extra
    )
    env = {**os.environ, "DATABASE_URL": _database_url(args)}
    env.setdefault("SCRAPY_SETTINGS_MODULE", "opdcrawl.settings")
    return subprocess.run(command, env=env, check=False).returncode


def write_proposals(args: argparse.Namespace) -> int:
    from opdcrawl.db.discovery_store import load_proposals
    from opdcrawl.db.engine import make_engine, session_factory
    from opdcrawl.discovery.proposals import rank, write_file

    engine = make_engine(_database_url(args))
    try:
        with session_factory(engine)() as session:
            rows = rank(load_proposals(session, args.region))
    finally:
        engine.dispose()
    if not rows:
        print(MESSAGES["none"].format(region=args.region))
        return 0
    path = Path(args.out or f"usulan-{args.region}.csv")
    try:
        write_file(rows, path)
    except OSError as exc:
        print(MESSAGES["unwritable"].format(path=path, reason=exc.strerror or exc), file=sys.stderr)
        return 1
    websites = [row for row in rows if row.channel == "website"]
    print(
        MESSAGES["written"].format(
            count=len(rows),
            path=path,
            websites=len(websites),
            opds=len({row.opd_code for row in websites}),
            socials=len(rows) - len(websites),
        )
    )
    for row in rows:
        if row.rank == 1:
            print(
                MESSAGES["top"].format(
                    id=row.id,
                    code=row.opd_code,
                    name=row.opd_name,
                    channel=row.channel,
                    value=row.value,
                    score=row.score,
                )
            )
    print(MESSAGES["accept_hint"].format(path=path))
    return 0


def _registry_file(seeds: str | None, region: str) -> Path | None:
    from opdcrawl.registry import REGISTRY_SUFFIXES

    source = Path(seeds) if seeds else Path("seeds")
    if source.is_file():
        return source
    for suffix in REGISTRY_SUFFIXES:
        candidate = source / f"{region}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def accept(args: argparse.Namespace) -> int:
    from opdcrawl.dates import JAKARTA
    from opdcrawl.db import discovery_store
    from opdcrawl.db.engine import make_engine, session_factory
    from opdcrawl.discovery.accept import AcceptError, merge
    from opdcrawl.discovery.proposals import ProposalFileError, accepted_ids, parse_ids

    try:
        given = Path(args.accept)
        ids = accepted_ids(given) if given.is_file() else parse_ids(args.accept)
    except ProposalFileError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    engine = make_engine(_database_url(args))
    try:
        with session_factory(engine)() as session:
            found = discovery_store.proposals_by_id(session, ids)
            missing = [str(number) for number in ids if number not in found]
            if missing:
                print(MESSAGES["unknown_ids"].format(ids=", ".join(missing)), file=sys.stderr)
                return 2
            now = datetime.now(JAKARTA)
            by_region: dict[str, list[ProposalRow]] = {}
            for number in ids:
                by_region.setdefault(found[number].region_slug, []).append(found[number])
            failed = False
            for region, proposals in by_region.items():
                path = _registry_file(_seeds(args), region)
                if path is None:
                    where = Path(_seeds(args) or "seeds").absolute()
                    print(MESSAGES["no_registry"].format(region=region, where=where),
                          file=sys.stderr)  # fmt: skip
                    failed = True
                    continue
                try:
                    result = merge(path, proposals, now)
                except AcceptError as exc:
                    print(str(exc), file=sys.stderr)
                    failed = True
                    continue
                _say(result)
                discovery_store.mark_accepted(
                    session, [change.proposal_id for change in result.changes], now
                )
    finally:
        engine.dispose()
    return 1 if failed else 0


def _say(result: MergeResult) -> None:
    if result.changes:
        print(MESSAGES["changed"].format(path=result.path, count=len(result.changes)))
        for change in result.changes:
            print(
                MESSAGES["change"].format(
                    line=change.line,
                    code=change.opd_code,
                    channel=change.channel,
                    value=change.value,
                    id=change.proposal_id,
                )
            )
    else:
        print(MESSAGES["nothing"].format(path=result.path))
    for skip in result.skipped:
        print(
            MESSAGES["skipped"].format(
                id=skip.proposal_id, code=skip.opd_code, channel=skip.channel, reason=skip.reason
            )
        )

"""The ``opdcrawl`` command line: one entry point, one module per subcommand.

Each subcommand lives in ``opdcrawl.commands.<name>`` and exposes
``add_arguments(parser)`` and ``run(args) -> int``. Heavy imports (Scrapy,
SQLAlchemy) stay inside ``run`` so ``opdcrawl seeds check`` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

SUBCOMMANDS: dict[str, str] = {
    "seeds": "Periksa berkas registri OPD (seeds/*.csv, *.xlsx) atau buat templatnya",
    "db": "Siapkan atau perbarui skema basis data",
    "inspect": "Tampilkan apa yang dibaca extractor dari sebuah URL atau berkas",
    "report": "Buat laporan (xlsx, csv, json, html) dari hasil crawl",
    "demo": "Jalankan situs demo lokal, crawl, dan tampilkan hasilnya",
    "social": "Catat manual akun media sosial yang tidak dapat dibaca crawl",
    "round": "Satu putaran terjadwal: crawl website dan media sosial, lalu tulis laporan",
    "scrapyd": "Jadwalkan satu putaran di beberapa node Scrapyd, satu bagian per node",
    "runs": "Daftar crawl dan cara berakhirnya; tutup crawl yang tertinggal 'berjalan'",
    "serve": "Jalankan dasbor web (hanya baca) dan API JSON atas basis data",
    "alerts": "Kirim peringatan (email, webhook) atas perubahan sejak pemberitahuan terakhir",
    "discover": "Usulkan website dan akun media sosial OPD yang belum terdaftar; terima usulan",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="opdcrawl", description="Pemantauan keaktifan website dan media sosial OPD."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in SUBCOMMANDS.items():
        module = importlib.import_module(f"opdcrawl.commands.{name}")
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(sub_parser)
        sub_parser.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from sqlalchemy.exc import InterfaceError, OperationalError

    try:
        return int(args._module.run(args) or 0)
    except (OperationalError, InterfaceError) as exc:
        # A database that cannot be reached: one line and its exit code (README "Kode
        # keluar"), not a traceback, whichever subcommand met it.
        from opdcrawl.db.engine import database_url
        from opdcrawl.db.messages import unreachable_message
        from opdcrawl.run_end import ExitCode

        url = getattr(args, "url", None) or database_url(None)
        print(unreachable_message(url, exc, getattr(args, "url", None)), file=sys.stderr)
        return int(ExitCode.BASIS_DATA_TIDAK_TERJANGKAU)


if __name__ == "__main__":
    sys.exit(main())

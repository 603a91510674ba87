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
    "seeds": "Periksa berkas registri OPD (seeds/*.csv)",
    "db": "Siapkan atau perbarui skema basis data",
    "inspect": "Tampilkan apa yang dibaca extractor dari sebuah URL atau berkas",
    "report": "Buat laporan (xlsx, csv, json, html) dari hasil crawl",
    "demo": "Jalankan situs demo lokal, crawl, dan tampilkan hasilnya",
    "social": "Catat manual akun media sosial yang tidak dapat dibaca crawl",
    "serve": "Jalankan dasbor web (hanya baca) dan API JSON atas basis data",
    "alerts": "Kirim peringatan (email, webhook) atas perubahan sejak pemberitahuan terakhir",
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
    return int(args._module.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())

"""Build the HTML report from a database and save a PNG screenshot of it (Chromium).

Used for the README picture::

    python scripts/screenshot_report.py --url sqlite:///demo-output/opdcrawl.db \
        --region kota-serang --out docs/report-demo.png

The page is opened from a temporary file with network access refused, so the picture
shows exactly what a reporting team sees offline.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="URL basis data (bawaan: env DATABASE_URL)")
    parser.add_argument("--region", action="append", metavar="SLUG", help="wilayah")
    parser.add_argument("--run", default="latest", help="'latest' atau ID crawl")
    parser.add_argument("--out", default="docs/report-demo.png", help="berkas PNG")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--full-page", action="store_true", help="seluruh halaman")
    args = parser.parse_args(argv)

    from opdcrawl.db.engine import database_url
    from opdcrawl.report import build_reports
    from opdcrawl.report.screenshot import screenshot_html

    with tempfile.TemporaryDirectory(prefix="opdcrawl-report-") as tmp:
        try:
            paths = build_reports(
                args.url or database_url(None),
                regions=args.region,
                run=args.run,
                formats=["html"],
                out_dir=Path(tmp),
            )
        except (LookupError, ValueError) as error:
            print(error, file=sys.stderr)
            return 2
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        shot = screenshot_html(
            paths[0], out, width=args.width, height=args.height, full_page=args.full_page
        )
    if shot.dialogs or shot.blocked:
        print(f"peringatan: dialog {shot.dialogs}, permintaan jaringan {shot.blocked}")
    print(f"Tangkapan layar disimpan: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Writing the requested report formats for the requested regions to a folder.

File names: ``laporan-<regions>.xlsx`` and ``laporan-<regions>.html`` (one workbook and
one page for all regions of the command), ``<region>-<table>.csv`` (and its Excel twin
``<region>-<table>-excel.csv``) and ``<region>.json`` per region; ``<regions>`` is the
slug of a single region, the slugs joined by "_" for up to three, ``<n>-wilayah`` for
more and ``semua-wilayah`` when none were named. A report as of a run adds ``-run<id>``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from opdcrawl.dates import JAKARTA
from opdcrawl.report.data import RegionReport, load_region_reports
from opdcrawl.report.skipped import registry_checks

FORMATS: tuple[str, ...] = ("xlsx", "csv", "json", "html")


def expand_formats(formats: list[str]) -> list[str]:
    """Validated formats in canonical order; "all" means all four."""
    wanted: set[str] = set()
    for value in formats:
        for name in value.split(","):
            name = name.strip().lower()
            if name == "all":
                wanted.update(FORMATS)
            elif name in FORMATS:
                wanted.add(name)
            elif name:
                from opdcrawl.report.wording import MESSAGES

                raise ValueError(MESSAGES["bad_format"].format(value=name))
    return [name for name in FORMATS if name in wanted]


def workbook_stem(
    regions: list[str] | None, reports: list[RegionReport], run: str | int, kind: str = "website"
) -> str:
    if not regions:
        stem = "semua-wilayah"
    elif len(reports) <= 3:
        stem = "_".join(report.region_slug for report in reports)
    else:
        stem = f"{len(reports)}-wilayah"
    if str(run).strip().lower() != "latest":
        stem += f"-run{int(run)}"
    if kind != "website":
        stem += f"-{kind}"
    return f"laporan-{stem}"


def write_reports(
    reports: list[RegionReport],
    *,
    regions: list[str] | None,
    run: str | int,
    formats: list[str],
    out_dir: Path,
    generated_at: datetime | None = None,
    kind: str = "website",
) -> list[Path]:
    from opdcrawl.report import html, tabular, xlsx

    generated_at = generated_at or datetime.now(JAKARTA)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = workbook_stem(regions, reports, run, kind)
    paths: list[Path] = []
    for name in expand_formats(formats):
        if name == "xlsx":
            paths.append(xlsx.write_xlsx(reports, out_dir / f"{stem}.xlsx"))
        elif name == "html":
            paths.append(html.write_html(reports, out_dir / f"{stem}.html", generated_at))
        elif name == "csv":
            for report in reports:
                paths.extend(tabular.write_csv(report, out_dir))
                paths.extend(tabular.write_excel_csv(report, out_dir))
        elif name == "json":
            paths.extend(tabular.write_json(report, out_dir, generated_at) for report in reports)
    return paths


def build_reports(
    engine_or_url: Engine | str,
    *,
    regions: list[str] | None,
    run: str | int = "latest",
    formats: list[str],
    out_dir: Path,
    kind: str = "website",
    seeds: str | None = None,
) -> list[Path]:
    """Read the database and write the reports of channel ``kind``; return the files.

    ``seeds``: the registry folder or file the crawl used (None: the packaged seeds);
    its rows skipped for errors are listed in every format (``report.skipped``).
    Raises LookupError (unknown region/run) and ValueError (bad run or format) with
    Indonesian messages for the operator.
    """
    from opdcrawl.db.engine import make_engine, session_factory

    expand_formats(formats)  # fail before touching the database
    engine = make_engine(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    try:
        with session_factory(engine)() as session:
            reports = load_region_reports(session, regions, run, kind)
    finally:
        if isinstance(engine_or_url, str):
            engine.dispose()
    attach_registry(reports, seeds)
    return write_reports(
        reports, regions=regions, run=run, formats=formats, out_dir=Path(out_dir), kind=kind
    )


def attach_registry(reports: list[RegionReport], seeds: str | None) -> None:
    """Give each report its region's ``RegistryCheck`` (rows skipped for errors)."""
    checks = registry_checks(seeds, [report.region_slug for report in reports])
    for report in reports:
        report.registry = checks[report.region_slug]

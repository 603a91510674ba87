"""Reports for the reporting teams: XLSX, CSV, JSON and a self-contained HTML page.

``build_reports`` is the one call the command line and the demo use; the modules below
split the work: ``data`` reads SQL, ``skipped`` reads the registry's rows skipped for
errors, ``ranking`` places the OPDs, ``tables`` shapes it all, ``wording`` holds every
Indonesian word, ``guide`` writes "Cara membaca laporan ini" from the rules, and
``xlsx``/``tabular``/``html``/``charts``/``text`` render it.
"""

from __future__ import annotations

from opdcrawl.report.build import FORMATS, build_reports

__all__ = ["FORMATS", "build_reports"]

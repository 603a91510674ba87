"""Accuracy of opdcrawl's HTML date extraction against htmldate, on the labelled corpus.

Run: ``python benchmarks/bench_extraction.py`` (``make bench``). The corpus is
``tests/corpus/labels.csv``: one row per saved page with the crawl time, whether the page
is an article or a list page, and the date of the newest post a careful reader would give
(``NONE`` when the page shows no credible post date). Both extractors read the same HTML:

* opdcrawl: ``extract_article`` for articles, the newest ``extract_listing`` post for lists;
* htmldate: ``find_date(html, url=…, extensive_search=True, original_date=True,
  outputformat='%Y-%m-%d', max_date=<crawl day>)``.

Days are compared as local days (:func:`local_day`): an Indonesian offset keeps its day,
UTC and other offsets are read in WIB. Accuracy counts an exact day, or an abstention when
the label is NONE; precision and recall treat "a date was returned" as the positive. The
pages were written by the extractor's authors to show known traps, so the figures measure
trap handling, not the web at large.
htmldate is only needed here, not at run time.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from opdcrawl.extract.article import extract_article  # noqa: E402
from opdcrawl.extract.listing import extract_listing  # noqa: E402

CORPUS_DIR = ROOT / "tests" / "corpus"
LABELS = CORPUS_DIR / "labels.csv"


@dataclass(frozen=True)
class LabelledPage:
    file: Path
    url: str
    crawl_now: datetime
    kind: str  # "article" or "list"
    expected: date | None
    note: str

    @property
    def name(self) -> str:
        tests = ROOT / "tests"
        return (
            self.file.relative_to(tests).as_posix()
            if self.file.is_relative_to(tests)
            else str(self.file)
        )


@dataclass
class Score:
    name: str
    total: int = 0
    correct: int = 0
    returned: int = 0
    returned_right: int = 0
    expected_dates: int = 0
    seconds: float = 0.0
    wrong: list[tuple[str, str, str]] | None = None

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def precision(self) -> float:
        return self.returned_right / self.returned if self.returned else 0.0

    @property
    def recall(self) -> float:
        return self.returned_right / self.expected_dates if self.expected_dates else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_corpus(labels: Path = LABELS) -> list[LabelledPage]:
    pages: list[LabelledPage] = []
    with labels.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            expected = row["expected_last_post_date"].strip()
            pages.append(
                LabelledPage(
                    file=(labels.parent / row["file"]).resolve(),
                    url=row["url"],
                    crawl_now=datetime.fromisoformat(row["crawl_now"]),
                    kind=row["kind"].strip(),
                    expected=None if expected.upper() == "NONE" else date.fromisoformat(expected),
                    note=row.get("note", ""),
                )
            )
    return pages


WIB = timezone(timedelta(hours=7))
_INDONESIAN_OFFSETS = {timedelta(hours=7), timedelta(hours=8), timedelta(hours=9)}


def local_day(moment: datetime) -> date:
    """The day a reader on the OPD's site would name for ``moment``.

    Labels give the day as the site's own readers see it. A moment already in an
    Indonesian zone (WIB +07:00, WITA +08:00, WIT +09:00) keeps its printed day: turning
    00:30 WITA into WIB would move it to the previous day. Anything else (UTC and GMT from
    ``article:published_time`` and feeds, or a foreign offset) is the same instant written
    for machines, so it is read in WIB: 18:30 UTC on 31 December is 1 January in Serang.
    A naive value is taken as WIB already, as sites write it.
    """
    offset = moment.utcoffset()
    if offset is None or offset in _INDONESIAN_OFFSETS:
        return moment.date()
    return moment.astimezone(WIB).date()


def opdcrawl_date(page: LabelledPage) -> date | None:
    """The newest post date opdcrawl reads on the page (None: abstains), as a local day."""
    html = page.file.read_text(encoding="utf-8", errors="replace")
    if page.kind == "article":
        post = extract_article(html, page.url, now=page.crawl_now)
        return local_day(post.published_at) if post and post.published_at else None
    listing = extract_listing(html, page.url, now=page.crawl_now)
    dated = [post.published_at for post in listing.posts if post.published_at]
    return local_day(max(dated)) if dated else None


def htmldate_date(page: LabelledPage) -> date | None:
    from htmldate import find_date

    html = page.file.read_text(encoding="utf-8", errors="replace")
    found = find_date(
        html,
        url=page.url,
        extensive_search=True,
        original_date=True,
        outputformat="%Y-%m-%d",
        max_date=page.crawl_now.date().isoformat(),
    )
    return date.fromisoformat(found) if found else None


def evaluate(
    name: str, extractor: Callable[[LabelledPage], date | None], pages: list[LabelledPage]
) -> Score:
    score = Score(name=name, wrong=[])
    started = time.perf_counter()
    for page in pages:
        got = extractor(page)
        score.total += 1
        score.expected_dates += page.expected is not None
        score.returned += got is not None
        right = got == page.expected
        score.correct += right
        score.returned_right += right and got is not None
        if not right and score.wrong is not None:
            score.wrong.append(
                (page.name, _show(page.expected), _show(got)),
            )
    score.seconds = time.perf_counter() - started
    return score


def _show(value: date | None) -> str:
    return value.isoformat() if value else "NONE"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Last-post date accuracy: opdcrawl vs htmldate")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=CORPUS_DIR,
        help="folder with labels.csv (default tests/corpus; tests/corpus_heldout is held out)",
    )
    args = parser.parse_args(argv)
    pages = load_corpus(args.corpus / "labels.csv")
    scores = [evaluate("opdcrawl", opdcrawl_date, pages)]
    try:
        import htmldate  # noqa: F401
    except ImportError:
        print("htmldate is not installed; only opdcrawl is measured.", file=sys.stderr)
    else:
        scores.append(evaluate("htmldate", htmldate_date, pages))
    articles = sum(page.kind == "article" for page in pages)
    nones = sum(page.expected is None for page in pages)
    print(
        f"Corpus: {len(pages)} pages ({articles} articles, {len(pages) - articles} list pages;"
        f" {nones} labelled NONE)\n"
    )
    print("| extractor | accuracy | precision | recall | F1 | ms/page |")
    print("|---|---|---|---|---|---|")
    for score in scores:
        print(
            f"| {score.name} | {score.accuracy:.3f} ({score.correct}/{score.total})"
            f" | {score.precision:.3f} | {score.recall:.3f} | {score.f1:.3f}"
            f" | {1000 * score.seconds / max(score.total, 1):.1f} |"
        )
    print("\nAccuracy by page kind (htmldate reads one document; with original_date=True it")
    print("returns the oldest date on a list page, so its list figure is not its purpose):\n")
    print("| extractor | articles | list pages |")
    print("|---|---|---|")
    for name, extractor in (("opdcrawl", opdcrawl_date), ("htmldate", htmldate_date)):
        if name not in {score.name for score in scores}:
            continue
        cells = []
        for kind in ("article", "list"):
            subset = [page for page in pages if page.kind == kind]
            part = evaluate(name, extractor, subset)
            cells.append(f"{part.accuracy:.3f} ({part.correct}/{part.total})")
        print(f"| {name} | {cells[0]} | {cells[1]} |")
    for score in scores:
        print(f"\nWrong for {score.name} ({len(score.wrong or [])}):")
        for name, expected, got in score.wrong or []:
            print(f"- {name}: expected {expected}, got {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

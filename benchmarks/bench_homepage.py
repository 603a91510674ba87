"""How often a homepage's HTML is parsed, and how long reading it takes (issue 9).

Run: ``python benchmarks/bench_homepage.py``. The pages are the real homepages captured
in ``tests/fixtures/real_cms/*/root.body`` (``--all`` adds the gzipped WordPress ones),
read by the crawl's own reader (``opdcrawl.website_reader``) with no crawl at all:

* *homepage*: ``WebsiteReader.read`` on the homepage with a fetcher that answers nothing,
  so everything parsed belongs to the homepage (verdict, CMS, spam, listing, menu and
  news links, source plan);
* *whole site*: the same read with ``tests.replay.CaptureFetcher``, which answers the
  follow-up documents (feeds, list and article pages) from the capture.

A parse is one call of ``lxml.html.document_fromstring`` (the extractors' trees, and the
serialise-and-reparse copy ``strip_decoys`` made) or of parsel's ``create_root_node``
(a ``Selector(text=...)``); feeds and sitemaps parsed as XML are not counted. Times are
the best of ``--repeat`` runs, in milliseconds per homepage.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402
import parsel.selector  # noqa: E402

from opdcrawl.items import ChannelCheck  # noqa: E402
from opdcrawl.website_reader import Fetched, WebsiteReader  # noqa: E402
from tests.replay import REAL_CMS, Capture, CaptureFetcher, load_captures  # noqa: E402


@contextmanager
def counting_parses() -> Iterator[Counter[str]]:
    """Count HTML parses (lxml.html and parsel) made inside the ``with`` block."""
    counts: Counter[str] = Counter()
    lxml_parse = lxml.html.document_fromstring
    parsel_parse = parsel.selector.create_root_node

    def counted(name: str, parse: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return parse(*args, **kwargs)

        return wrapper

    lxml.html.document_fromstring = counted("lxml", lxml_parse)
    parsel.selector.create_root_node = counted("parsel", parsel_parse)
    try:
        yield counts
    finally:
        lxml.html.document_fromstring = lxml_parse
        parsel.selector.create_root_node = parsel_parse


async def _nothing(check: ChannelCheck, url: str, **_: Any) -> Fetched | None:
    check.requests += 1
    return None


def _check(capture: Capture) -> ChannelCheck:
    return ChannelCheck(
        region="bench",
        opd_code="X",
        channel="website",
        url=capture.origin + "/",
        checked_at=capture.captured_at,
    )


class _CountingFetcher(CaptureFetcher):
    """Answers from the capture and counts the HTML pages (lists, articles) it hands out."""

    html_pages = 0

    async def __call__(self, check: ChannelCheck, url: str, **kwargs: Any) -> Fetched | None:
        fetched = await super().__call__(check, url, **kwargs)
        if fetched is not None and kwargs.get("kind") in {"list-page", "article"}:
            self.html_pages += fetched.text is not None
        return fetched


def read_site(capture: Capture, *, whole: bool) -> int:
    """Read the site from its homepage; the number of HTML documents read."""
    fetch = _CountingFetcher({capture.slug: capture})
    reader = WebsiteReader(fetch if whole else _nothing, now=capture.captured_at)
    homepage = fetch.answer(capture.origin + "/")
    asyncio.run(reader.read(_check(capture), homepage))
    return 1 + fetch.html_pages


def measure(capture: Capture, *, whole: bool, repeat: int) -> tuple[Counter[str], float, int]:
    """Parses, best time in ms, and HTML documents read (homepage included)."""
    with counting_parses() as counts:
        html_documents = read_site(capture, whole=whole)
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        read_site(capture, whole=whole)
        best = min(best, time.perf_counter() - started)
    return counts, 1000 * best, html_documents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="HTML parses and time per real homepage")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per site (best)")
    parser.add_argument("--all", action="store_true", help="include the gzipped WordPress ones")
    args = parser.parse_args(argv)
    captures = [
        capture
        for slug, capture in load_captures(REAL_CMS).items()
        if args.all or (REAL_CMS / slug / "root.body").is_file()
    ]
    for whole in (False, True):
        title = "whole site (follow-up documents from the capture)" if whole else "homepage"
        print(f"\n{title}\n")
        print("| site | HTML documents | lxml parses | parsel parses | parses/document | ms |")
        print("|---|---|---|---|---|---|")
        parses: list[float] = []
        times: list[float] = []
        for capture in captures:
            counts, ms, documents = measure(capture, whole=whole, repeat=args.repeat)
            total = counts["lxml"] + counts["parsel"]
            parses.append(total / documents)
            times.append(ms)
            print(
                f"| {capture.slug} | {documents} | {counts['lxml']} | {counts['parsel']}"
                f" | {total / documents:.1f} | {ms:.1f} |"
            )
        print(
            f"| **mean of {len(captures)}** | | | | {statistics.mean(parses):.2f}"
            f" | {statistics.mean(times):.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

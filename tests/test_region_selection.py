"""Which regions a run covers: "all regions" never includes the loopback demo.

``seeds/demo.csv`` lists the demo sites on 127.0.0.21-31:8765. A production crawl with
no region, or Scrapyd's documented ``-d region=all``, must not store or report them; the
demo (``opdcrawl demo``, the tests, ``-a region=demo``) names its region. No crawl runs
here: the spider is built by a crawler and its scope read, as the run recorder reads it.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler
from sqlalchemy import select

from opdcrawl.db.engine import make_engine, session_factory
from opdcrawl.db.models import Region
from spiders.websites import WebsitesSpider

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# Every packaged region but the demo, sorted as the seed files are.
REAL_REGIONS = [
    "kabupaten-lebong",
    "kabupaten-serang",
    "kabupaten-solok-selatan",
    "kota-cilegon",
    "kota-serang",
]


def scope_regions(**arguments: str | None) -> list[str]:
    crawler = get_crawler(WebsitesSpider, {"OPDCRAWL_SEEDS_DIR": ""})
    spider = WebsitesSpider.from_crawler(crawler, **arguments)
    return spider.scope.regions


@pytest.mark.parametrize("region", [None, "", "all", "semua", "*"])
def test_a_crawl_of_all_regions_leaves_the_demo_out(region: str | None) -> None:
    assert scope_regions(region=region) == REAL_REGIONS


@pytest.mark.parametrize(
    ("region", "expected"),
    [("demo", ["demo"]), ("kota-serang,demo", ["demo", "kota-serang"])],
)
def test_a_crawl_naming_the_demo_gets_it(region: str, expected: list[str]) -> None:
    assert scope_regions(region=region) == expected


def test_a_seeds_folder_with_the_demo_leaves_it_out_of_all(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds", ignore=shutil.ignore_patterns("*.py", "*.md"))
    folder = str(tmp_path / "seeds")
    assert scope_regions(seeds=folder) == REAL_REGIONS
    assert scope_regions(seeds=folder, region="demo") == ["demo"]


def test_db_sync_of_all_regions_leaves_the_demo_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from opdcrawl.commands import db as db_command

    monkeypatch.delenv("OPDCRAWL_SEEDS_DIR", raising=False)
    url = f"sqlite:///{tmp_path / 'sync.db'}"
    parser = argparse.ArgumentParser()
    db_command.add_arguments(parser)
    assert db_command.run(parser.parse_args(["sync", "--url", url])) == 0
    capsys.readouterr()
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            assert sorted(session.scalars(select(Region.slug)).all()) == REAL_REGIONS
    finally:
        engine.dispose()

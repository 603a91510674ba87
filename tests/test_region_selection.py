"""Which regions a run covers: "all regions" never includes the loopback demo.

``seeds/demo.csv`` lists the demo sites on 127.0.0.21-31:8765. A production crawl with
no region, or Scrapyd's documented ``-d region=all``, must not store or report them; the
demo (``opdcrawl demo``, the tests, ``-a region=demo``) names its region. No crawl runs
here: the spider is built by a crawler and its scope read, as the run recorder reads it.
"""

from __future__ import annotations

import argparse
import ast
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


# --- No test, benchmark or demo crawls "all regions" ------------------------------------------
# "All regions" is the five real regions of seeds/, whose sites are on the internet. Every
# crawl the tests, the benchmarks and ``opdcrawl demo`` start must name its region or bring
# its own seeds folder, so none of them ever leaves loopback.

CRAWL_STARTERS = {"run_crawl", "crawl_command"}  # opdcrawl.crawl; names only (see conftest)
ALL_REGIONS_WORDS = {None, "", "all", "semua", "*"}
ROOT = SEEDS.parent


def crawl_starts(source: str) -> list[tuple[int, bool]]:
    """Each place ``source`` starts a crawl (line, whether it names a region or a seeds
    folder): ``run_crawl``/``crawl_command`` calls and literal ``scrapy crawl`` argument
    lists. A call that only passes ``**kwargs`` on is a wrapper; its callers are checked."""
    starts: list[tuple[int, bool]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            given = {keyword.arg: keyword.value for keyword in node.keywords}
            forwards = None in given and not {"region", "seeds"} & given.keys()
            if name not in CRAWL_STARTERS or forwards:
                continue
            region = given.get("region")
            names_region = region is not None and not (
                isinstance(region, ast.Constant) and region.value in ALL_REGIONS_WORDS
            )
            starts.append((node.lineno, names_region or "seeds" in given))
        elif isinstance(node, ast.List | ast.Tuple):
            words = [item.value for item in node.elts if isinstance(item, ast.Constant)]
            if "scrapy" in words and "crawl" in words:
                scoped = any(names_its_scope(item) for item in node.elts)
                starts.append((node.lineno, scoped))
    return starts


def crawls_of_all_regions(source: str) -> list[int]:
    return [line for line, scoped in crawl_starts(source) if not scoped]


def names_its_scope(argument: ast.expr) -> bool:
    """``"region=uji"`` (not ``region=all``) or ``f"seeds={folder}"``, ``f"region={x}"``."""
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        name, _, value = argument.value.partition("=")
        return name == "seeds" or (name == "region" and value not in ALL_REGIONS_WORDS)
    if isinstance(argument, ast.JoinedStr) and argument.values:
        first = argument.values[0]
        prefix = first.value if isinstance(first, ast.Constant) else ""
        return prefix in {"region=", "seeds="}
    return False


def test_the_guard_finds_a_crawl_of_all_regions() -> None:
    source = (
        'run_crawl("websites", database_url=url)\n'
        'crawl_command("websites", region="all")\n'
        'run_crawl("websites", database_url=url, region=region)\n'
        'run_crawl("social", database_url=url, seeds=folder)\n'
        'argv = [python, "-m", "scrapy", "crawl", "websites", "-a", "region=uji"]\n'
        'argv = [python, "-m", "scrapy", "crawl", "websites", "-a", f"seeds={tmp}"]\n'
        'argv = [python, "-m", "scrapy", "crawl", "websites", "-a", "region=all"]\n'
        'argv = [python, "-m", "scrapy", "crawl", "websites", "-s", "LOG_LEVEL=INFO"]\n'
        "run_crawl(spider, **kwargs)\n"
    )
    assert sorted(crawls_of_all_regions(source)) == [1, 2, 7, 8]


def test_no_test_benchmark_or_demo_crawls_all_regions() -> None:
    files = [
        *(ROOT / "tests").glob("*.py"),
        *(ROOT / "tests" / "throwaway_kind").glob("*.py"),
        *(ROOT / "benchmarks").glob("*.py"),
        *(ROOT / "opdcrawl" / "demo").rglob("*.py"),
        ROOT / "opdcrawl" / "commands" / "demo.py",
    ]
    sources = {str(path.relative_to(ROOT)): path.read_text(encoding="utf-8") for path in files}
    starts = sum(len(crawl_starts(source)) for source in sources.values())
    assert starts >= 14, "the scan no longer sees the crawls it guards"
    offenders = {
        name: lines for name, source in sources.items() if (lines := crawls_of_all_regions(source))
    }
    assert offenders == {}
    # Scrapyd jobs are scheduled with form fields, not keyword arguments.
    assert '("region", "demo")' in (ROOT / "tests" / "test_scrapyd.py").read_text()

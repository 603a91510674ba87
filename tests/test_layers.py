"""No module imports upward: the data flow of DESIGN.md, checked on the source.

Layers, lowest first: the vocabulary, items, dates and registry; extraction (pure
functions, text in, data out); the freshness model and the rules; the site reader and the
crawl core; the store and the reports; then spiders, pipelines and commands. A module may
import its own layer or lower ones. Extraction in particular never imports the database,
reports, spiders or pipelines, so it stays testable without a crawl and reusable by
``opdcrawl inspect``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Package prefix -> what it must never import (by prefix).
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "opdcrawl.extract": (
        "opdcrawl.db", "opdcrawl.report", "opdcrawl.commands", "opdcrawl.website_reader",
        "opdcrawl.inspection", "opdcrawl.channel_spider", "opdcrawl.run_recorder",
        "opdcrawl.demo", "spiders", "pipelines", "scrapy",
    ),
    "opdcrawl.freshness": ("opdcrawl.db", "opdcrawl.report", "spiders", "pipelines", "scrapy"),
    "opdcrawl.rules": ("opdcrawl.db", "opdcrawl.report", "spiders", "pipelines", "scrapy"),
    "opdcrawl.website_reader": (
        "opdcrawl.db", "opdcrawl.report", "opdcrawl.commands", "spiders", "pipelines", "scrapy",
    ),
    "opdcrawl.db": ("opdcrawl.report", "opdcrawl.commands", "spiders", "pipelines"),
    "opdcrawl.report": ("opdcrawl.commands", "spiders", "pipelines", "scrapy"),
    "opdcrawl.channel_spider": ("opdcrawl.report", "opdcrawl.commands", "spiders", "pipelines"),
    "opdcrawl.run_recorder": ("opdcrawl.report", "opdcrawl.commands", "spiders", "pipelines"),
    "pipelines": ("spiders", "opdcrawl.commands", "opdcrawl.report"),
    "opdcrawl.alerts": ("opdcrawl.web", "opdcrawl.commands", "spiders", "pipelines", "scrapy"),
    "opdcrawl.web": ("opdcrawl.commands", "spiders", "pipelines", "scrapy"),
}  # fmt: skip


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _sources() -> list[Path]:
    return sorted(
        path
        for folder in ("opdcrawl", "spiders", "pipelines")
        for path in (ROOT / folder).rglob("*.py")
    )


def _matches(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_upward_imports(path: Path) -> None:
    module = _module_name(path)
    rules = [banned for prefix, banned in FORBIDDEN.items() if _matches(module, prefix)]
    if not rules:
        return
    bad = sorted(
        name
        for name in _imports(path)
        for banned in rules
        for prefix in banned
        if _matches(name, prefix)
    )
    assert not bad, f"{module} imports upward: {bad}"


def test_the_check_can_fail(tmp_path: Path) -> None:
    """The rule sees an upward import when there is one."""
    sample = tmp_path / "sample.py"
    sample.write_text("from opdcrawl.db import store\nimport scrapy\n", encoding="utf-8")
    names = _imports(sample)
    assert any(_matches(name, "opdcrawl.db") for name in names)
    assert any(_matches(name, "scrapy") for name in names)

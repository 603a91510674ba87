"""Packaging for pip and for Scrapyd eggs.

Scrapyd eggs only carry declared package data, so the seed CSVs and the Alembic
migrations are listed here explicitly.
"""

from setuptools import find_packages, setup

setup(
    name="opdcrawl",
    version="0.1.0",
    description="Pemantauan keaktifan website dan media sosial OPD (Scrapy)",
    python_requires=">=3.11",
    packages=find_packages(include=["opdcrawl", "opdcrawl.*", "spiders", "pipelines", "seeds"]),
    package_data={
        "seeds": ["*.csv", "*.xlsx"],
        "opdcrawl.db": [
            "migrations/*.py",
            "migrations/script.py.mako",
            "migrations/versions/*.py",
            "alembic.ini",
        ],
        "opdcrawl.report": ["COLUMNS.md"],
        "opdcrawl.web": ["templates/*.html", "static/*"],
    },
    entry_points={
        "scrapy": ["settings = opdcrawl.settings"],
        "console_scripts": ["opdcrawl = opdcrawl.cli:main"],
    },
    zip_safe=False,
)

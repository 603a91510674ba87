"""Scrapy commands of the project (``COMMANDS_MODULE``): ``crawl`` with opdcrawl's exit code."""

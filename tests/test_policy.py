"""Politeness and safety cannot quietly erode: checked over every spider and the settings."""

from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader

from opdcrawl import settings as project_settings


def load_spiders():
    settings = Settings()
    settings.setmodule(project_settings)
    loader = SpiderLoader.from_settings(settings)
    return [loader.load(name) for name in loader.list()]


def test_project_settings_are_polite_and_safe():
    assert project_settings.ROBOTSTXT_OBEY is True
    assert project_settings.AUTOTHROTTLE_ENABLED is True
    assert project_settings.CONCURRENT_REQUESTS_PER_DOMAIN <= 2
    assert project_settings.REMOTE_CONTROL_ENABLED is False
    assert project_settings.TELNETCONSOLE_ENABLED is False
    assert "http" in project_settings.USER_AGENT and "opdcrawl" in project_settings.USER_AGENT


def test_permanent_errors_are_not_retried():
    names = " ".join(project_settings.RETRY_EXCEPTIONS)
    assert "CannotResolveHost" not in names and "DNSLookup" not in names
    assert "SSL" not in names and "TLS" not in names


def test_no_spider_lowers_politeness():
    spiders = load_spiders()
    assert spiders, "no spiders found"
    for spider in spiders:
        custom = getattr(spider, "custom_settings", None) or {}
        assert custom.get("ROBOTSTXT_OBEY", True) is True, spider.name
        assert custom.get("DOWNLOAD_DELAY", project_settings.DOWNLOAD_DELAY) >= (
            project_settings.DOWNLOAD_DELAY
        ), spider.name
        assert custom.get("CONCURRENT_REQUESTS_PER_DOMAIN", 2) <= 2, spider.name
        assert custom.get("AUTOTHROTTLE_ENABLED", True) is True, spider.name


def test_shards_partition_sites_by_domain():
    import pytest

    from spiders.websites import parse_shard, shard_of

    urls = [f"http://opd{n}.example.go.id/" for n in range(200)]
    shards = [shard_of(url, 4) for url in urls]
    assert set(shards) == {0, 1, 2, 3}
    # Same host, same shard, whatever the path or a www. prefix.
    assert shard_of("http://www.dinkes.example.go.id/berita", 4) == shard_of(
        "https://dinkes.example.go.id/", 4
    )
    assert parse_shard("2/4") == (2, 4)
    assert parse_shard(None) == (0, 1)
    for bad in ("4/4", "x/2", "1", "-1/3"):
        with pytest.raises(ValueError):
            parse_shard(bad)

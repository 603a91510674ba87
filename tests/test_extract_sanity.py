from datetime import datetime, timedelta, timezone

from opdcrawl.extract.sanity import stamped_at_request, undate
from opdcrawl.items import Post

NOW = datetime(2026, 11, 23, 10, 0, 30, tzinfo=timezone(timedelta(hours=7)))


def posts_at(*moments: datetime | None) -> list[Post]:
    return [Post(url=f"http://x.go.id/{n}", published_at=m) for n, m in enumerate(moments)]


def test_feed_stamping_request_time_is_detected():
    stamp = NOW - timedelta(seconds=20)
    assert stamped_at_request(posts_at(*[stamp] * 10), now=NOW)
    # One odd item does not hide the stamping.
    assert stamped_at_request(posts_at(*[stamp] * 10, NOW - timedelta(days=800)), now=NOW)


def test_real_feeds_are_not_flagged():
    daily = [NOW - timedelta(days=n, hours=n) for n in range(10)]
    assert not stamped_at_request(posts_at(*daily), now=NOW)
    # A bulk import long ago shares one minute, but is not the crawl's minute.
    old = NOW - timedelta(days=400)
    assert not stamped_at_request(posts_at(*[old] * 10), now=NOW)
    # Too few dated posts to judge.
    assert not stamped_at_request(posts_at(NOW, NOW, None), now=NOW)


def test_undate_keeps_urls():
    posts = undate(posts_at(NOW, NOW))
    assert [p.published_at for p in posts] == [None, None]
    assert posts[0].url == "http://x.go.id/0"

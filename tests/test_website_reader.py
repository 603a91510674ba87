"""The shared site reader, fed real captured pages without a crawl.

The reader (``opdcrawl.website_reader``) is what the spider and ``opdcrawl inspect`` both
run; here it reads tests/fixtures/real_cms captures through a fetcher that answers from
the capture (``tests.replay.CaptureFetcher``), so each judgement can be pinned on the
real page that caused it.
"""

from __future__ import annotations

import asyncio

from opdcrawl.dates import JAKARTA
from opdcrawl.items import ChannelCheck
from opdcrawl.website_reader import WebsiteReader
from tests.replay import REAL_CMS, CaptureFetcher, load_capture

SINDANGSARI = load_capture(REAL_CMS / "opensid-desa-sindangsari")


def _reader(capture):
    fetcher = CaptureFetcher({capture.slug: capture})
    return WebsiteReader(fetcher, now=capture.captured_at), fetcher


def _check(capture, cms=None) -> ChannelCheck:
    check = ChannelCheck(region="uji", opd_code="X", channel="website",
                         url=capture.origin + "/", checked_at=capture.captured_at)  # fmt: skip
    check.cms = cms
    return check


def test_a_draft_in_the_sitemap_is_not_the_last_post() -> None:
    """OpenSID's real sitemap lists a draft (lastmod 29 Nov) whose page is "UPS! HALAMAN
    TIDAK DITEMUKAN" with HTTP 200, and a scheduled post: neither may date the site."""
    reader, fetcher = _reader(SINDANGSARI)
    check = _check(SINDANGSARI)  # CMS unknown: the generic confirmation alone
    posts = asyncio.run(
        reader.read_sitemaps(check, sitemap_urls=[SINDANGSARI.origin + "/sitemap.xml"])
    )
    urls = {post.url.rsplit("/", 1)[-1] for post in posts if post.published_at}
    assert "draf-rekapitulasi-penerima-bantuan-sosial-desember" not in urls
    assert "libur-pelayanan-kantor-desa-akhir-tahun" not in urls  # scheduled: future
    newest = max((post for post in posts if post.published_at), key=lambda p: p.published_at)
    assert newest.source != "sitemap"  # confirmed by its page, dated by it
    opened = [url for kind, url in fetcher.asked if kind == "article"]
    assert 1 <= len(opened) <= 2  # the confirmation budget


def test_on_opensid_no_sitemap_lastmod_counts_unless_its_page_is_news() -> None:
    """Read as OpenSID, the newest lastmods are a draft and a static page: nothing counts."""
    reader, _ = _reader(SINDANGSARI)
    check = _check(SINDANGSARI, cms="opensid")
    posts = asyncio.run(
        reader.read_sitemaps(check, sitemap_urls=[SINDANGSARI.origin + "/sitemap.xml"])
    )
    assert not [p for p in posts if p.source == "sitemap" and p.published_at]
    assert any("tidak dikonfirmasi" in note for note in check.notes)


def test_sindangsari_read_end_to_end() -> None:
    """Feed answers HTTP 500; the headline (no date on the homepage) is confirmed as news on
    its own page, static pages and agenda items are not counted."""
    reader, fetcher = _reader(SINDANGSARI)
    check = _check(SINDANGSARI)
    home = fetcher.answer(SINDANGSARI.origin + "/")
    asyncio.run(reader.read(check, home))
    assert check.cms == "opensid"
    newest = max(p.published_at for p in check.posts if p.published_at)
    assert newest.astimezone(JAKARTA).date().isoformat() == "2026-11-25"
    slugs = {p.url.rsplit("/", 1)[-1] for p in check.posts}
    assert not slugs & {"wilayah-desa", "visi-dan-misi",
                        "musyawarah-perencanaan-pembangunan-desa-tahun-2027"}  # fmt: skip
    assert any("bukan berita" in note for note in check.notes)
    assert check.requests == len(fetcher.asked) <= 8

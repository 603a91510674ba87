"""The demo's social accounts: what ``seeds/demo.csv`` names and the imitations serve.

``opdcrawl demo`` starts :class:`opdcrawl.demo.platforms.PlatformServer` with these
accounts and runs ``scrapy crawl social -a region=demo`` after the websites crawl. Each
account carries the answer its posts or status imply under the social rules
(``OPDCRAWL_FRESHNESS_BY_KIND``: Aktif = last post ≤ 14 days and ≥ 12 posts in 90 days,
Kurang Aktif ≤ 60 days), so the demo can check itself as it does for the websites:
``expected`` is a category for an account that was read and an
:class:`~opdcrawl.social.base.AccountStatus` value for one that could not be judged.
"""

from __future__ import annotations

from dataclasses import dataclass

from opdcrawl.demo.platforms import AccountSpec
from opdcrawl.social.base import AccountStatus
from opdcrawl.vocabulary import Category

EVERY_OTHER_DAY = tuple(float(age) for age in range(1, 30, 2))  # 15 videos in a month


@dataclass(frozen=True)
class DemoAccount:
    code: str  # the OPD in seeds/demo.csv
    cell: str  # the registry cell, as written in seeds/demo.csv
    spec: AccountSpec
    expected: str  # a Category for an account read, else the AccountStatus
    about: str  # what the account shows, for readers of the demo

    @property
    def platform(self) -> str:
        return self.spec.platform


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "DEMO-01",
        "@diskominfo.demo",
        AccountSpec("instagram", "diskominfo.demo", (1, 2, 4, 6, 8, 10), followers=5230),
        Category.AKTIF,
        "Instagram: 6 posting terbaru dalam 10 hari (embed hanya menampilkan 6)",
    ),
    DemoAccount(
        "DEMO-01",
        "https://www.facebook.com/diskominfo.demo",
        AccountSpec("facebook", "diskominfo.demo", (2, 9, 16, 30, 45, 70)),
        Category.KURANG_AKTIF,
        "Facebook: halaman dengan 6 reels dalam 90 hari (< 12: Kurang Aktif)",
    ),
    DemoAccount(
        "DEMO-01",
        "@diskominfodemo",
        AccountSpec("youtube", "diskominfodemo", EVERY_OTHER_DAY, followers=870),
        Category.AKTIF,
        "YouTube: kanal aktif, video dua hari sekali (handle diubah ke id kanal, lalu feed)",
    ),
    DemoAccount(
        "DEMO-01",
        "@diskominfodemo",
        AccountSpec("x", "diskominfodemo", (1,), followers=2100),
        Category.AKTIF,
        "X: API resmi dengan token demo; hanya tweet terbaru (kemarin) yang terlihat, "
        "dinilai dari lajunya dalam seminggu",
    ),
    DemoAccount(
        "DEMO-02",
        "@dinkes.demo",
        AccountSpec("instagram", "dinkes.demo", (2, 5), status="private"),
        AccountStatus.PRIVATE,
        "Instagram: akun privat (unggahan tidak terlihat publik)",
    ),
    DemoAccount(
        "DEMO-02",
        "@dinkes.demo",
        AccountSpec("tiktok", "dinkes.demo", (3, 40, 80), followers=640),
        Category.KURANG_AKTIF,
        "TikTok: 3 video dalam 90 hari, terbaru 3 hari lalu (waktu dari id video)",
    ),
    DemoAccount(
        "DEMO-03",
        "@bappedademo",
        AccountSpec("youtube", "bappedademo", status="not_found"),
        AccountStatus.NOT_FOUND,
        "YouTube: handle di registri tidak ada (404)",
    ),
    DemoAccount(
        "DEMO-04",
        "@dindikbuddemo",
        AccountSpec("youtube", "dindikbuddemo", (150, 210, 330)),
        Category.TIDAK_AKTIF,
        "YouTube: video terakhir 150 hari lalu",
    ),
    DemoAccount(
        "DEMO-04",
        "https://www.facebook.com/dindikbud.demo",
        AccountSpec("facebook", "dindikbud.demo", (), page_ages_days=(3, 10, 20, 35, 50)),
        Category.KURANG_AKTIF,
        "Facebook: tanpa reels; halamannya dibuka dengan Chromium (rute terakhir) dan "
        "linimasanya menunjukkan 5 unggahan foto dalam 90 hari",
    ),
    DemoAccount(
        "DEMO-12",
        "@dpmptsp.demo",
        AccountSpec("instagram", "dpmptsp.demo", (75, 110, 140, 200, 260, 300)),
        Category.TIDAK_AKTIF,
        "Instagram: OPD tanpa website; posting terakhir 75 hari lalu",
    ),
)


def account_specs() -> list[AccountSpec]:
    """What the platform imitations serve for the demo."""
    return [account.spec for account in DEMO_ACCOUNTS]


def expected_by_channel() -> dict[tuple[str, str], str]:
    """``{(opd code, platform): expected category or status}``."""
    return {(a.code, a.platform): str(a.expected) for a in DEMO_ACCOUNTS}


__all__ = ["DEMO_ACCOUNTS", "DemoAccount", "account_specs", "expected_by_channel"]

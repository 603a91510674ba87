"""The twelve OPD of "Kota Demo" and what a correct crawl must conclude about each."""

from __future__ import annotations

from dataclasses import dataclass

from opdcrawl.reachability import ErrorClass
from opdcrawl.vocabulary import Category

DEMO_PORT = 8765
# Shapes with no site behind them: "down" refuses connections, "none" has no website.
UNSERVED_SHAPES = frozenset({"down", "none"})


@dataclass(frozen=True)
class SiteSpec:
    """One demo OPD and what a correct crawl must conclude about it.

    ``expected_reason`` is an :class:`opdcrawl.reachability.ErrorClass` value for sites that
    cannot be read, and None otherwise. ``expected_min_posts_90d`` is a floor that holds on
    any day (None where the site has no website or cannot be read).
    ``expected_last_post_days`` is the (min, max) age in days of the newest real post.
    """

    code: str
    name: str
    host: str | None
    port: int | None
    shape: str
    expected_category: Category
    expected_reason: str | None = None
    needs_browser: bool = False
    spam: bool = False
    expected_min_posts_90d: int | None = None
    expected_last_post_days: tuple[int, int] | None = None
    cms: str | None = None

    @property
    def url(self) -> str | None:
        """The address in ``seeds/demo.csv``; None for an OPD without a website."""
        if self.host is None or self.port is None:
            return None
        return f"http://{self.host}:{self.port}/"

    @property
    def served(self) -> bool:
        """Whether the demo server binds a socket for it (not for DOWN or no-website OPD)."""
        return self.shape not in UNSERVED_SHAPES


def _spec(number: int, name: str, shape: str, category: Category, **extra: object) -> SiteSpec:
    code = f"DEMO-{number:02d}"
    host = f"127.0.0.{20 + number}" if shape != "none" else None
    port = DEMO_PORT if host else None
    return SiteSpec(code, name, host, port, shape, category, **extra)  # type: ignore[arg-type]


DEMO_SITES: dict[str, SiteSpec] = {
    spec.code: spec
    for spec in (
        _spec(
            1,
            "Dinas Komunikasi dan Informatika",
            "wordpress",
            Category.AKTIF,
            expected_min_posts_90d=40,
            expected_last_post_days=(0, 2),
            cms="wordpress",
        ),
        _spec(
            2,
            "Dinas Kesehatan",
            "wordpress_hardened",
            Category.KURANG_AKTIF,
            expected_min_posts_90d=1,
            expected_last_post_days=(45, 61),
            cms="wordpress",
        ),
        _spec(
            3,
            "Badan Perencanaan Pembangunan Daerah",
            "popojicms",
            Category.AKTIF,
            expected_min_posts_90d=25,
            expected_last_post_days=(0, 3),
            cms="popojicms",
        ),
        _spec(
            4,
            "Dinas Pendidikan dan Kebudayaan",
            "sekolahku",
            Category.TIDAK_AKTIF,
            expected_min_posts_90d=0,
            expected_last_post_days=(730, 740),
            cms="sekolahku",
        ),
        _spec(
            5,
            "Pemerintah Desa Sukamaju",
            "opensid",
            Category.AKTIF,
            expected_min_posts_90d=8,
            expected_last_post_days=(1, 9),
            cms="opensid",
        ),
        _spec(
            6,
            "Sekretariat DPRD",
            "lokomedia",
            Category.TIDAK_AKTIF,
            spam=True,
            expected_min_posts_90d=0,
            expected_last_post_days=(235, 251),
            cms="lokomedia",
        ),
        _spec(
            7,
            "Badan Pendapatan Daerah",
            "spa",
            Category.AKTIF,
            needs_browser=True,
            expected_min_posts_90d=25,
            expected_last_post_days=(0, 4),
        ),
        _spec(
            8,
            "Dinas Perhubungan",
            "down",
            Category.TIDAK_DAPAT_DIAKSES,
            expected_reason=ErrorClass.CONNECTION_REFUSED.value,
        ),
        _spec(
            9,
            "Dinas Pertanian",
            "parked",
            Category.TIDAK_DAPAT_DIAKSES,
            expected_reason=ErrorClass.PARKED.value,
        ),
        _spec(
            10,
            "Kecamatan Sukajadi",
            "static",
            Category.TIDAK_AKTIF,
            expected_min_posts_90d=0,
        ),
        _spec(
            11,
            "Dinas Tenaga Kerja dan Transmigrasi",
            "serang_custom",
            Category.KURANG_AKTIF,
            expected_min_posts_90d=1,
            expected_last_post_days=(50, 71),
        ),
        _spec(
            12,
            "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
            "none",
            Category.TIDAK_PUNYA_WEBSITE,
        ),
    )
}

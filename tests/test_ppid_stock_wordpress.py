"""The ``ppid`` spider against Debian's stock WordPress: a real page with a real table of
PDF links (the ``core/table`` block), PDFs in ``wp-content/uploads`` served as files, a
link to a PDF that was never uploaded (WordPress answers its own 404 page), and the PPID
pages in the theme's primary menu, as OPD admins build it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from opdcrawl.crawl import run_crawl
from opdcrawl.db.engine import make_engine
from tests.ppid_sites import pdf
from tests.stock_wordpress import StockWordPress, missing_parts
from tests.test_spider_websites import FAST, write_seeds

# The block as the editor saves it (WordPress 6.1, core/table with a header section).
TABLE = """<!-- wp:table -->
<figure class="wp-block-table"><table><thead><tr><th>No</th><th>Nama Dokumen</th><th>Tanggal</th><th>Unduh</th></tr></thead><tbody><tr><td>1</td><td>Daftar Informasi Publik 2026</td><td>12 Januari 2026</td><td><a href="/wp-content/uploads/2026/01/DIP-2026.pdf">Unduh</a></td></tr><tr><td>2</td><td>LKjIP Tahun 2025</td><td>3 Maret 2026</td><td><a href="/wp-content/uploads/2026/03/LKjIP-2025.pdf">Unduh</a></td></tr><tr><td>3</td><td>Renja 2026</td><td>2 Januari 2026</td><td><a href="/wp-content/uploads/2026/01/Renja-2026.pdf">Unduh</a></td></tr></tbody></table></figure>
<!-- /wp:table -->"""  # noqa: E501


@pytest.fixture(scope="module")
def wordpress_ppid(tmp_path_factory):
    missing = missing_parts()
    if missing:
        pytest.fail("Debian's WordPress test stack is not installed (run `make test`): "
                    + ", ".join(missing), pytrace=False)  # fmt: skip
    tmp = tmp_path_factory.mktemp("ppid-wordpress")
    with StockWordPress(tmp) as wordpress:
        for path, size in (("2026/01/DIP-2026.pdf", 7000), ("2026/03/LKjIP-2025.pdf", 8000)):
            target = wordpress.docroot / "wp-content/uploads" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(pdf(size))
        spec = {
            "title": "Dinas Uji PPID",
            "language": "id_ID",
            "permalink_structure": "/%postname%/",
            "posts_per_page": 10,
            "posts": [{"title": "Rapat Koordinasi", "content": "<p>Rapat.</p>", "age_hours": 48}],
            "pages": [
                {"title": "PPID", "slug": "ppid",
                 "content": "<!-- wp:paragraph --><p>Pejabat Pengelola Informasi dan "
                            "Dokumentasi.</p><!-- /wp:paragraph -->"},
                {"title": "Daftar Informasi Publik", "slug": "daftar-informasi-publik",
                 "content": TABLE},
            ],
            "menu": ["PPID", "Daftar Informasi Publik"],
        }  # fmt: skip
        site = wordpress.add_site("wpppid", spec, mode="open", address="127.0.0.66")
        folder = write_seeds(
            tmp / "seeds",
            [["Kota Uji", "WP-01", "Dinas Uji", "Dinas Uji", "dinas", site.url, *[""] * 6]],
        )
        database_url = f"sqlite:///{tmp / 'crawl.db'}"
        result = run_crawl("ppid", database_url=database_url, region="uji", seeds=folder,
                           settings={**FAST, "OPDCRAWL_CRAWL_TIME": "2026-12-01T09:00:00+07:00"},
                           log_file=tmp / "crawl.log", timeout=300)  # fmt: skip
    assert result.returncode == 0, (tmp / "crawl.log").read_text()[-3000:]
    engine = make_engine(database_url)
    with engine.connect() as connection:
        row = dict(connection.execute(text("SELECT * FROM v_ppid_latest")).mappings().one())
        documents = {
            doc["url"].rsplit("/", 1)[-1]: dict(doc)
            for doc in connection.execute(text("SELECT * FROM ppid_document")).mappings()
        }
    engine.dispose()
    return {"row": row, "documents": documents, "url": site.url}


def test_real_wordpress_table_of_pdfs(wordpress_ppid):
    row, documents = wordpress_ppid["row"], wordpress_ppid["documents"]
    assert row["found"] and row["ppid_url"].startswith(wordpress_ppid["url"])
    assert {key for key in ("dip", "lakip", "renstra_renja", "rka_dpa") if row[f"item_{key}"]} == {
        "dip", "lakip", "renstra_renja"}  # fmt: skip
    assert (row["documents_published"], row["documents_broken"]) == (2, 1)
    assert documents["DIP-2026.pdf"]["title"] == "Daftar Informasi Publik 2026"
    assert documents["DIP-2026.pdf"]["size_bytes"] == 7000
    # Never uploaded: what came back was not a 404 but an HTML page titled with the site's
    # name (an HTML page under a .pdf name), counted broken.
    assert documents["Renja-2026.pdf"]["status"] == "broken"
    assert documents["Renja-2026.pdf"]["status_detail"].startswith("halaman HTML")
    newest = row["newest_document_at"]
    newest = datetime.fromisoformat(newest) if isinstance(newest, str) else newest
    assert newest.replace(tzinfo=newest.tzinfo or UTC) == datetime(2026, 3, 2, 17, tzinfo=UTC)

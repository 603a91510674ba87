"""The pure parts of ``opdcrawl discover``: name guesses, sources, scores, the proposals
file and the merge into a registry file (``opdcrawl.discovery``). The crawl itself is
``tests/test_discover.py``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from opdcrawl.db.discovery_store import ProposalRow
from opdcrawl.discovery import accept, names, sources
from opdcrawl.discovery.proposals import ProposalFileError, accepted_ids, parse_ids, rank
from opdcrawl.discovery.scoring import (
    Context,
    OpdNames,
    PageFacts,
    Probe,
    name_match,
    region_mention,
    score_site,
    score_social,
)
from opdcrawl.extract.markup import HtmlPage
from opdcrawl.registry import load_file, load_packaged
from tests.conftest import WIB

ROOT = Path(__file__).resolve().parent.parent
WHEN = datetime(2026, 12, 1, 9, 0, tzinfo=WIB)


def labels(name: str, short: str, kind: str = "dinas") -> list[str]:
    return [guess.label for guess in names.labels_for(name, short, kind)]


@pytest.mark.parametrize(
    ("name", "short", "kind", "expected_first", "also"),
    [
        ("Dinas Kesehatan", "Dinkes", "dinas", "dinkes", {"diskes"}),
        ("Dinas Lingkungan Hidup", "DLH", "dinas", "dlh", {"blhd", "blh"}),
        ("Badan Perencanaan Pembangunan Daerah", "Bappeda", "badan", "bappeda", {"bapeda"}),
        ("Satuan Polisi Pamong Praja", "Satpol PP", "lainnya", "satpolpp", {"satpol-pp"}),
        ("Kecamatan Cipocok Jaya", "Kec. Cipocok Jaya", "kecamatan", "kec-cipocokjaya",
         {"keccipocokjaya", "cipocokjaya", "kecamatancipocokjaya"}),
        ("Kelurahan Cipare", "Kel. Cipare", "kelurahan", "kel-cipare", {"kelcipare", "cipare"}),
        ("Badan Penanggulangan Bencana Daerah", "BPBD", "badan", "bpbd", set()),
        ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", "dinas",
         "dpmptsp", {"dpmpptsp", "bpmptsp", "perizinan"}),
        ("Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", "dinas", "disdukcapil",
         {"dukcapil"}),
    ],
)  # fmt: skip
def test_name_guesses_follow_go_id_habits(
    name: str, short: str, kind: str, expected_first: str, also: set[str]
) -> None:
    found = labels(name, short, kind)
    assert found[0] == expected_first
    assert also <= set(found), set(found)
    assert len(found) == len(set(found))


def test_guesses_cover_the_patterns_the_registry_notes_saw() -> None:
    """Every ``<label>.`` the Kota Serang notes list as an unverified guess is among the
    name guesses of some OPD of that registry: the habits are the ones offices use."""
    notes = (ROOT / "seeds" / "notes" / "kota-serang.md").read_text(encoding="utf-8")
    noted = {found.host.split(".", 1)[0] for found in sources.notes_hosts(notes, "x.go.id", "n")}
    assert {"bpbd", "dlh", "dpmptsp", "walantaka", "kasemen"} <= noted
    registry = load_packaged(["kota-serang"])
    guessed = {
        guess.label
        for opd in registry.opds
        for guess in names.labels_for(opd.name, opd.short_name, opd.kind)
    }
    assert noted - guessed == set()


def test_guesses_are_host_names_under_the_domain_within_the_limit() -> None:
    hosts = names.guesses("Dinas Kesehatan", "Dinkes", "dinas", "serangkota.go.id.", 2)
    assert [host for host, _ in hosts] == ["dinkes.serangkota.go.id", "diskes.serangkota.go.id"]
    assert names.host_label("www.dinkes.serangkota.go.id", "serangkota.go.id") == "dinkes"


PORTAL = HtmlPage(
    "<html><body><nav><a href='http://dinkes.kotauji.go.id/'>Dinas Kesehatan</a>"
    "<a href='//lpse.kotauji.go.id/'>LPSE</a><a href='https://www.kotauji.go.id/berita'>x</a>"
    "<a href='http://dinkes.kabuji.go.id/'>Dinas Kesehatan Kabupaten Uji</a>"
    "<a href='https://www.kemkes.go.id/'>Kementerian Kesehatan</a>"
    "<a href='https://instagram.com/pemkotuji'>Dinas di Instagram</a></nav>"
    "<select><option value=''>Link OPD</option>"
    "<option value='http://bappeda.kotauji.go.id'>Bappeda</option></select></body></html>",
    "http://kotauji.go.id/",
)


def test_portal_links_give_subdomains_and_named_offices_elsewhere() -> None:
    found = {item.host: item for item in sources.linked_hosts(PORTAL, "portal", "kotauji.go.id")}
    assert set(found) == {"dinkes.kotauji.go.id", "dinkes.kabuji.go.id", "bappeda.kotauji.go.id"}
    assert found["dinkes.kotauji.go.id"].text == "Dinas Kesehatan"
    assert found["bappeda.kotauji.go.id"].where == "http://kotauji.go.id/"


def test_ct_lists_in_every_shape_with_their_problems() -> None:
    plain, problems = sources.ct_hosts(
        "# komentar\n*.kotauji.go.id\nDINKES.kotauji.go.id.\nmail.kotauji.go.id\n"
        "dinkes.kabuji.go.id\n???\n",
        "ct.txt",
        "kotauji.go.id",
    )
    assert [(item.host, item.where) for item in plain] == [("dinkes.kotauji.go.id", "ct.txt:3")]
    assert "ct.txt:6: '???' tidak memuat nama host" in problems
    assert "ct.txt: 1 nama host di luar domain kotauji.go.id dilewati" in problems
    crtsh = (
        '[{"common_name": "a.kotauji.go.id", "name_value": "a.kotauji.go.id\\nb.kotauji.go.id"}]'
    )
    hosts, problems = sources.ct_hosts(crtsh, "crt.json", "kotauji.go.id")
    assert sorted(item.host for item in hosts) == ["a.kotauji.go.id", "b.kotauji.go.id"]
    assert problems == []
    assert sources.ct_hosts("[{", "rusak.json")[1][0].startswith("rusak.json: bukan JSON")


def test_social_links_with_their_place_and_words() -> None:
    page = HtmlPage(
        "<html><body><header><a href='https://www.instagram.com/dinkes.uji/'>IG</a></header>"
        "<main><a href='https://www.facebook.com/sharer.php?u=x'>Bagikan</a>"
        "<a href='https://www.instagram.com/p/Cx1/'>post</a></main>"
        "<div class='site-footer'><span>Kepala Dinas: <a href='https://x.com/budi'>@budi</a>"
        "</span><a href='https://www.youtube.com/@dinkesuji'>YouTube</a></div></body></html>",
        "http://dinkes.kotauji.go.id/",
    )
    links = {link.url: link for link in sources.social_links(page)}
    assert set(links) == {
        "https://instagram.com/dinkes.uji",
        "https://x.com/budi",
        "https://youtube.com/@dinkesuji",
    }
    assert links["https://instagram.com/dinkes.uji"].place == "header"
    assert links["https://x.com/budi"].place == "footer"
    assert "Kepala Dinas" in links["https://x.com/budi"].text
    assert "Kepala" not in links["https://youtube.com/@dinkesuji"].text


def test_region_mentions_tell_kota_from_kabupaten() -> None:
    assert region_mention("Dinas Kesehatan Kota Serang", "", "Kota Serang") == 1
    assert region_mention("Dinkes", "Pemkot Serang", "Kota Serang") == 1
    assert region_mention("Dinas Kesehatan Kabupaten Serang", "", "Kota Serang") == -1
    assert region_mention("Dinas Kesehatan Kab. Lebak", "", "Kota Serang") == -1
    assert region_mention("Dinas Kesehatan", "Selamat datang", "Kota Serang") == 0
    assert (
        region_mention("Dinas Kesehatan Kabupaten Solok Selatan", "", "Kabupaten Solok Selatan")
        == 1
    )


DINKES = OpdNames("A", "Dinas Kesehatan", "Dinkes", "dinas")
SETDA = OpdNames("B", "Sekretariat Daerah", "Setda", "sekretariat")
SETWAN = OpdNames("C", "Sekretariat Dewan Perwakilan Rakyat Daerah", "Setwan", "sekretariat")
CONTEXT = Context("Kota Uji", "kotauji.go.id", frozenset({"kotauji.go.id"}), "Pemerintah Kota Uji",
                  (DINKES, SETDA, SETWAN))  # fmt: skip


def probe(host: str, title: str, **changes: object) -> Probe:
    made = Probe(host=host, url=f"http://{host}/", final_url=f"http://{host}/", status=200,
                 facts=PageFacts(title=title, heading=title, text=""))  # fmt: skip
    for key, value in changes.items():
        setattr(made, key, value)
    return made


def test_names_and_the_other_opd_rule() -> None:
    assert name_match("Dinas Kesehatan Kota Uji", DINKES) == 1.0
    assert name_match("DINKES KOTA UJI", DINKES) == 0.8
    assert name_match("Sekretariat Dewan Perwakilan Rakyat Daerah", SETDA) == 0.7  # words only
    assert name_match("Sekretariat DPRD Kota Uji", SETDA) == 0.35
    setwan_page = probe("setwan.kotauji.go.id", "Sekretariat Dewan Perwakilan Rakyat Daerah")
    assert score_site(setwan_page, SETWAN, CONTEXT).points > 40
    setda = score_site(setwan_page, SETDA, CONTEXT)
    assert setda.points < 40 and any("OPD lain" in reason for reason in setda.reasons)


def test_decoys_score_nothing_with_their_reason() -> None:
    true = score_site(probe("dinkes.kotauji.go.id", "Dinas Kesehatan Kota Uji"), DINKES, CONTEXT)
    assert true.points == 90 and true.excluded is None
    other_pemda = score_site(
        probe("dinkes.kabuji.go.id", "Dinas Kesehatan Kabupaten Uji"), DINKES, CONTEXT
    )
    assert other_pemda.points < 40
    assert "menyebut pemda lain, bukan Kota Uji" in other_pemda.reasons
    redirected = probe("dinkes.kotauji.go.id", "Pemerintah Kota Uji",
                       final_url="https://www.kotauji.go.id/")  # fmt: skip
    assert score_site(redirected, DINKES, CONTEXT).excluded.startswith("dialihkan ke portal")
    parked = probe("dinkes.kotauji.go.id", "dinkes", verdict="parked")
    assert "parkir" in score_site(parked, DINKES, CONTEXT).excluded
    wildcard = probe("dinkes.kotauji.go.id", "Pemerintah Kota Uji")
    assert "DNS wildcard" in score_site(wildcard, DINKES, CONTEXT).excluded
    broken = probe("dinkes.kotauji.go.id", "Dinas Kesehatan Kota Uji", status=503)
    assert score_site(broken, DINKES, CONTEXT).points <= 35


def test_personal_and_pemda_accounts_score_below_the_offices_own() -> None:
    def link(url: str, text: str, place: str = "footer") -> sources.SocialLink:
        return sources.SocialLink("instagram", url, text, place, "http://dinkes.kotauji.go.id/")

    own = score_social(link("https://instagram.com/dinkeskotauji", "Instagram"), DINKES,
                       "Kota Uji", site_weight=1.0, alone=False)  # fmt: skip
    personal = score_social(link("https://instagram.com/budi.hartono", "Instagram Kepala Dinas"),
                            DINKES, "Kota Uji", site_weight=1.0, alone=False)  # fmt: skip
    pemda = score_social(link("https://instagram.com/pemkotuji", "IG"), DINKES, "Kota Uji",
                         site_weight=1.0, alone=False)  # fmt: skip
    unnamed_alone = score_social(link("https://instagram.com/sehatbersama", "IG"), DINKES,
                                 "Kota Uji", site_weight=1.0, alone=True)  # fmt: skip
    assert own.points >= 80
    assert personal.points < 40 and "akun pribadi?" in personal.reasons[-1]
    assert pemda.points < 40
    assert unnamed_alone.points == 45  # the only account on the office's own site
    humas = score_social(link("https://instagram.com/humasdinkes", "IG"), DINKES, "Kota Uji",
                         site_weight=1.0, alone=False)  # fmt: skip
    assert humas.points >= 75  # named after the office: not the pemda's
    weaker = score_social(link("https://instagram.com/dinkeskotauji", "IG"), DINKES, "Kota Uji",
                          site_weight=0.5, alone=False)  # fmt: skip
    assert weaker.points < own.points


def row(id: int, code: str, channel: str, value: str, score: int, sources_: list[str],
        region: str = "kota-uji") -> ProposalRow:  # fmt: skip
    found_on = "http://kotauji.go.id/"
    return ProposalRow(id, 1, region, "Kota Uji", code, code, channel, value, score, sources_,
                       "alasan", found_on, None, 200, None, "proposed", WHEN)  # fmt: skip


def test_rank_by_score_then_how_it_was_found() -> None:
    ranked = rank([
        row(1, "A", "website", "http://b.kotauji.go.id/", 70, ["tebakan"]),
        row(2, "A", "website", "http://a.kotauji.go.id/", 70, ["portal"]),
        row(3, "A", "website", "http://c.kotauji.go.id/", 90, ["tebakan"]),
        row(4, "A", "instagram", "https://instagram.com/a", 50, ["website-opd"]),
    ])  # fmt: skip
    assert [(r.id, r.rank) for r in ranked] == [(3, 1), (2, 2), (1, 3), (4, 1)]


def test_ids_and_marked_files(tmp_path: Path) -> None:
    assert parse_ids("3, 7,10-12") == [3, 7, 10, 11, 12]
    with pytest.raises(ProposalFileError, match="'7-x' bukan nomor usulan"):
        parse_ids("7-x")
    with pytest.raises(ProposalFileError, match="terbalik"):
        parse_ids("9-3")
    marked = tmp_path / "u.csv"
    marked.write_text("id;code;accept\n4;A;YA\n5;B;\n6;C;x\n", encoding="utf-8-sig")
    assert accepted_ids(marked) == [4, 6]
    marked.write_text("id,accept\nempat,ya\n", encoding="utf-8")
    with pytest.raises(ProposalFileError, match=r"u.csv:2: kolom id 'empat'"):
        accepted_ids(marked)


def test_csv_merge_touches_only_the_filled_rows(tmp_path: Path) -> None:
    """Semicolons, CRLF, a BOM and a note spanning two lines all stay as they were."""
    header = "region;code;name;short_name;kind;website;instagram;facebook;youtube;x;tiktok;notes"
    lines = [
        header,
        'Kota Uji;A;Dinas Kesehatan;Dinkes;dinas;;;;;;;"catatan ""lama""\r\nbaris dua"',
        "Kota Uji;B;Dinas Sosial;Dinsos;dinas;https://dinsos.kotauji.go.id/;;;;;;",
        "Kota Uji;C;Dinas Pertanian;Distan;dinas;-;;;;;;",
    ]
    path = tmp_path / "kota-uji.csv"
    original = "\ufeff" + "\r\n".join(lines) + "\r\n"
    path.write_bytes(original.encode("utf-8"))
    proposals = [
        row(1, "A", "website", "http://dinkes.kotauji.go.id/", 90, ["portal"]),
        row(2, "B", "website", "http://lain.kotauji.go.id/", 80, ["tebakan"]),
        row(3, "C", "website", "http://distan.kotauji.go.id/", 80, ["tebakan"]),
        row(4, "Z", "website", "http://z.kotauji.go.id/", 80, ["tebakan"]),
        row(5, "A", "instagram", "https://instagram.com/dinkes", 60, ["website-opd"]),
        row(6, "A", "website", "http://x.kab.go.id/", 60, ["ct"], region="kab-lain"),
    ]
    result = accept.merge(path, proposals, WHEN)
    assert [(c.opd_code, c.channel, c.line) for c in result.changes] == [
        ("A", "website", 2),
        ("A", "instagram", 2),
    ]
    reasons = {skip.proposal_id: skip.reason for skip in result.skipped}
    assert "sudah berisi 'https://dinsos.kotauji.go.id/'" in reasons[2]
    assert "sudah berisi '-'" in reasons[3]
    assert "kode OPD Z tidak ada" in reasons[4]
    assert "wilayah kab-lain" in reasons[6]
    merged = path.read_bytes().decode("utf-8")
    assert merged.startswith("\ufeff")
    old_rest = original.split("\r\n", 3)[3]  # rows B and C, untouched
    assert merged.endswith(old_rest)
    registry = load_file(path)
    a = next(opd for opd in registry.opds if opd.code == "A")
    assert a.website.url == "http://dinkes.kotauji.go.id/"
    assert a.notes.startswith('catatan "lama"\r\nbaris dua. Sumber website: opdcrawl discover')
    assert "usulan #5" in a.notes and "diterima 2026-12-01" in a.notes


def test_a_merge_that_would_break_the_registry_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "kota-uji.csv"
    text = (
        "region,code,name,short_name,kind,website,instagram,facebook,youtube,x,tiktok,notes\n"
        "Kota Uji,A,Dinas Kesehatan,Dinkes,dinas,,,,,,,\n"
    )
    path.write_text(text, encoding="utf-8")
    bad = row(1, "A", "website", "bukan alamat", 90, ["portal"])
    with pytest.raises(accept.AcceptError, match="tidak diubah"):
        accept.merge(path, [bad], WHEN)
    assert path.read_text(encoding="utf-8") == text


def test_an_excel_proposals_file_marked_by_hand(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from opdcrawl.discovery.proposals import FILE_COLUMNS, write_file

    path = tmp_path / "usulan.xlsx"
    write_file(rank([row(7, "A", "website", "http://a.kotauji.go.id/", 90, ["portal"]),
                     row(8, "B", "website", "http://b.kotauji.go.id/", 60, ["tebakan"])]),
               path)  # fmt: skip
    workbook = load_workbook(path)
    sheet = workbook["Usulan"]
    assert tuple(cell.value for cell in sheet[1]) == FILE_COLUMNS
    assert sheet["I2"].value == "tautan di portal pemda"  # sources, in words
    sheet.cell(3, FILE_COLUMNS.index("accept") + 1).value = "Ya"
    workbook.save(path)
    assert accepted_ids(path) == [8]

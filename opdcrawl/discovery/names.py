"""Host names an OPD's website is likely to have, from its names and go.id habits.

Regional governments give their agencies subdomains of the pemda's domain, named after
the short name the office uses (``dinkes.serangkota.go.id``, ``bappeda.``, ``dpmptsp.``,
``disdukcapil.``), after the place for a kecamatan or kelurahan (``kec-curug.``,
``kelcipare.``, ``curug.``), or after a name the office no longer has (``blhd.`` for what is
now the DLH). One office is spelled many ways (Dinkes, Diskes; Disdik, Dindik, Disdikbud;
Diskominfo, Kominfo). The labels below are guesses, most likely first: each is only a
question for DNS and HTTP, and nothing reaches the registry without a probe and an
operator's choice.

Pure functions: an OPD's names in, labels and host names out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from opdcrawl.extract.portal import normalise_name

__all__ = [
    "GENERIC_WORDS",
    "Guess",
    "distinctive_words",
    "guesses",
    "host_label",
    "labels_for",
    "place_of",
    "slug_label",
]

_LABEL_OK = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
# Words every OPD name has: they tell no office from another.
GENERIC_WORDS: frozenset[str] = frozenset(
    {"dinas", "badan", "kantor", "daerah", "dan", "serta", "sekretariat", "unit", "bagian",
     "kota", "kabupaten", "kab", "provinsi", "pemerintah", "urusan", "bidang"}
)  # fmt: skip
# Naming habits: words of the OPD's name -> the labels offices give its site, most common
# first. A habit applies when all its words are in the normalised name.
HABITS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("kesehatan",), ("dinkes", "diskes", "kesehatan")),
    (("perencanaan", "pembangunan"), ("bappeda", "bapeda", "bappelitbangda", "bappedalitbang")),
    (("kependudukan", "pencatatan", "sipil"), ("disdukcapil", "dukcapil", "capil")),
    (("penanaman", "modal"), ("dpmptsp", "dpmpptsp", "perizinan", "dpmpt")),
    (("komunikasi", "informatika"), ("diskominfo", "kominfo", "dinkominfo")),
    (("lingkungan", "hidup"), ("dlh", "blhd", "blh", "dislh")),
    (("pendidikan",), ("disdik", "dindik", "disdikbud", "dindikbud", "pendidikan")),
    (("sosial",), ("dinsos", "dinsosial")),
    (("perhubungan",), ("dishub", "perhubungan")),
    (("pekerjaan", "umum"), ("dpupr", "pupr", "dpu", "dispupr")),
    (("perumahan", "permukiman"), ("disperkim", "perkim", "dpkp")),
    (("kepegawaian",), ("bkpsdm", "bkd", "bkpp", "bkppd")),
    (("pengelolaan", "keuangan"), ("bpkad", "bpkd", "dppkad")),
    (("keuangan",), ("bkd", "bpkad")),
    (("pendapatan",), ("bapenda", "bappenda", "dispenda", "bpprd", "bprd")),
    (("penanggulangan", "bencana"), ("bpbd",)),
    (("kesatuan", "bangsa"), ("kesbangpol", "bakesbangpol")),
    (("polisi", "pamong", "praja"), ("satpolpp", "satpol-pp", "satpol")),
    (("inspektorat",), ("inspektorat", "itda", "itko", "itkab")),
    (("dewan", "perwakilan", "rakyat"), ("setwan", "dprd", "setdprd", "sekwan")),
    (("perpustakaan",), ("dispusip", "dispusaka", "perpustakaan", "disperpusda", "dpk")),
    (("kearsipan",), ("arsip", "dispusip")),
    (("pertanian",), ("distan", "pertanian", "dispertan")),
    (("perikanan",), ("diskan", "dkp", "perikanan")),
    (("pariwisata",), ("dispar", "disparpora", "pariwisata", "disbudpar")),
    (("olahraga",), ("dispora", "disparpora")),
    (("tenaga", "kerja"), ("disnaker", "disnakertrans", "naker")),
    (("perdagangan",), ("disdag", "disperindag", "disdagin")),
    (("perindustrian",), ("disperindag", "disperin")),
    (("koperasi",), ("diskop", "diskopukm", "dinkop")),
    (("pemberdayaan", "masyarakat"), ("dpmd", "dispmd", "pmd", "dpmdes")),
    (("pemberdayaan", "perempuan"), ("dp3a", "dp3akb", "dp2kbp3a", "p3a")),
    (("keluarga", "berencana"), ("dppkb", "dp3akb")),
    (("ketahanan", "pangan"), ("dkp", "ketapang", "dispangan")),
    (("kebudayaan",), ("disbud", "kebudayaan")),
    (("rumah", "sakit"), ("rsud",)),
    (("penelitian", "pengembangan"), ("balitbangda", "litbang")),
)
# One office under its old and new names: a label in a group brings the others along.
RENAMES: tuple[frozenset[str], ...] = (
    frozenset({"dlh", "blhd", "blh", "bplh"}),
    frozenset({"dpmptsp", "bpmptsp", "bpptsp", "kppt", "bpmpt"}),
    frozenset({"bkpsdm", "bkd", "bkppd", "bkpp"}),
    frozenset({"bapenda", "dispenda", "dppkad", "bpprd"}),
    frozenset({"diskominfo", "kominfo", "dishubkominfo"}),
    frozenset({"disdukcapil", "dukcapil"}),
    frozenset({"dpmd", "bpmd", "bpmpd"}),
    frozenset({"dp3akb", "bppkb", "dp3a"}),
    frozenset({"kesbangpol", "kesbangpolinmas"}),
)
_PLACE_KINDS: dict[str, tuple[str, ...]] = {
    "kecamatan": ("kec", "kecamatan"),
    "kelurahan": ("kel", "kelurahan"),
    "desa": ("desa",),
}


@dataclass(frozen=True)
class Guess:
    """One guessed label and why it was guessed (Indonesian, for the proposal's evidence)."""

    label: str
    why: str
    primary: bool  # from the short name or the most common habit: a strong host match


def slug_label(text: str, *, hyphen: bool = False) -> str:
    """``Satpol PP`` -> ``satpolpp`` (``satpol-pp`` with ``hyphen``); "" when nothing is left."""
    words = normalise_name(text).split()
    label = ("-" if hyphen else "").join(words)
    return label if _LABEL_OK.fullmatch(label) else ""


def distinctive_words(name: str) -> list[str]:
    """The words of an OPD's name that tell it from other offices (all words when none
    is distinctive: "Sekretariat Daerah")."""
    words = normalise_name(name).split()
    distinctive = [word for word in words if word not in GENERIC_WORDS]
    return distinctive or words


def place_of(name: str, kind: str) -> str:
    """The place name of a kecamatan, kelurahan or desa (``Kecamatan Cipocok Jaya`` ->
    ``cipocok jaya``); "" for other kinds."""
    prefixes = _PLACE_KINDS.get(kind)
    if not prefixes:
        return ""
    words = normalise_name(name).split()
    while words and words[0] in prefixes:
        words = words[1:]
    return " ".join(words)


def _acronym(name: str) -> str:
    """Initials of the name's words, "dan" and "serta" left out: ``Badan Penanggulangan
    Bencana Daerah`` -> ``bpbd``, ``Dinas Pekerjaan Umum dan Penataan Ruang`` -> ``dpupr``."""
    words = [word for word in normalise_name(name).split() if word not in {"dan", "serta"}]
    return "".join(word[0] for word in words) if len(words) >= 3 else ""


def labels_for(name: str, short_name: str, kind: str) -> list[Guess]:
    """Labels an OPD's subdomain is likely to have, most likely first, without repeats."""
    found: dict[str, Guess] = {}

    def add(label: str, why: str, primary: bool = False) -> None:
        label = label.strip("-")
        if label and _LABEL_OK.fullmatch(label) and label not in found:
            found[label] = Guess(label, why, primary)

    place = place_of(name, kind)
    if place:
        joined, hyphened = place.replace(" ", ""), place.replace(" ", "-")
        short, *longer = _PLACE_KINDS[kind]
        add(f"{short}-{joined}", f"pola '{short}-<nama>.' untuk {kind}", True)
        add(f"{short}{joined}", f"pola '{short}<nama>.' untuk {kind}", True)
        add(joined, f"nama {kind} saja", True)
        if hyphened != joined:
            add(f"{short}-{hyphened}", f"pola '{short}-<nama-bertanda-hubung>.' untuk {kind}")
            add(hyphened, f"nama {kind} bertanda hubung")
        for prefix in longer:
            add(f"{prefix}{joined}", f"pola '{prefix}<nama>.' untuk {kind}")
            add(f"{prefix}-{joined}", f"pola '{prefix}-<nama>.' untuk {kind}")
        return list(found.values())
    words = set(normalise_name(name).split())
    short = short_name if normalise_name(short_name) != normalise_name(name) else ""
    if short:
        add(slug_label(short), f"singkatan '{short_name}'", True)
        add(slug_label(short, hyphen=True), f"singkatan '{short_name}' bertanda hubung", True)
        first = normalise_name(short).split()
        if len(first) > 1:
            add(first[0], f"kata pertama singkatan '{short_name}'")
    for habit_words, habit_labels in HABITS:
        if set(habit_words) <= words:
            for index, label in enumerate(habit_labels):
                add(label, f"kebiasaan nama subdomain untuk '{' '.join(habit_words)}'", index == 0)
    for label in list(found):
        for group in RENAMES:
            if label in group:
                for other in sorted(group - {label}):
                    add(other, f"nama lama/baru dari '{label}' (mis. blhd -> dlh)")
    for label in list(found):
        if label.startswith("dis") and len(label) > 4:
            add("din" + label[3:], f"ejaan lain dari '{label}'")
        elif label.startswith("din") and len(label) > 4:
            add("dis" + label[3:], f"ejaan lain dari '{label}'")
    acronym = _acronym(name)
    if acronym:
        add(acronym, f"huruf awal nama '{name}'")
    if not found:
        add(slug_label(name), "nama lengkap OPD")
    return list(found.values())


def guesses(
    name: str, short_name: str, kind: str, domain: str, limit: int
) -> list[tuple[str, Guess]]:
    """Host names to probe for one OPD under the pemda's ``domain``, at most ``limit``."""
    domain = domain.strip(".").lower()
    return [(f"{guess.label}.{domain}", guess) for guess in labels_for(name, short_name, kind)][
        : max(0, limit)
    ]


def host_label(host: str, domain: str) -> str:
    """What stands before the pemda's domain in ``host``, ``www.`` dropped
    (``www.dinkes.serangkota.go.id`` -> ``dinkes``); the first label for other domains."""
    host = host.lower().rstrip(".").removeprefix("www.")
    domain = domain.lower().strip(".")
    if domain and host.endswith("." + domain):
        return host[: -len(domain) - 1]
    return host.split(".", 1)[0]

"""How well a probed site, or a social link, matches an OPD: points with their reasons.

A website candidate (0–100) is judged by what the page says about itself and where it
lives: the OPD's name in its title, heading or site name (the strongest sign), its host
named after the OPD, a link from the pemda's portal whose words name the OPD, the region
named on the page, the host under the pemda's domain. Decoys lose their points: another
pemda named on the page ("Kabupaten Serang" for Kota Serang), another OPD of the same
region named more fully than this one, a redirect to the pemda's portal, a parked domain,
a page identical to the portal (a wildcard DNS record). The weights are in
``SITE_WEIGHTS`` and documented in the README ("Menemukan website dan akun").

A social link (0–100) is judged by where it was found (the OPD's own site counts most,
a proposed site in proportion to its own score) and by its handle: named after the OPD,
it is the OPD's; the link's words naming a person ("Instagram Bupati", "Kepala Dinas")
or a handle of the pemda itself mark an account that is not the OPD's.

Pure functions: page facts and names in, :class:`Score` out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

from opdcrawl.discovery.names import Guess, distinctive_words, host_label, labels_for
from opdcrawl.discovery.sources import FoundHost, SocialLink, under
from opdcrawl.extract.markup import HtmlPage
from opdcrawl.extract.portal import normalise_name

__all__ = [
    "SITE_WEIGHTS",
    "SOCIAL_WEIGHTS",
    "OpdNames",
    "PageFacts",
    "Probe",
    "Score",
    "name_match",
    "page_facts",
    "region_mention",
    "score_site",
    "score_social",
]

SITE_WEIGHTS: dict[str, int] = {
    "name": 45,  # the OPD's full name on the page (0.8 for its short name, less for words)
    "host": 20,  # the host named after the OPD (12 for a less common spelling)
    "link": 15,  # linked from the portal/PPID/sitemap with words naming the OPD
    "region": 15,  # the region named on the page
    "other_region": -30,  # another pemda named on the page
    "domain": 10,  # under the pemda's domain
    "outside": -15,  # outside it, while the domain is known
    "other_opd": -50,  # the page names another OPD of the region better
    "error_cap": 35,  # the most an HTTP error page can score (its words are no evidence)
}
SOCIAL_WEIGHTS: dict[str, int] = {
    "own_site": 30,  # linked from the OPD's registered site (proposed site: in proportion)
    "handle": 45,  # the handle named after the OPD (0.7 for a weaker form)
    "region": 10,  # the region's place in the handle
    "alone": 10,  # the only account of that platform on the OPD's pages
    "place": 5,  # in the header, footer or on the contact page
    "person": -45,  # the link's words name a person or an office holder
    "pemda": -30,  # a handle of the pemda itself (pemkot…, pemkab…, humas…)
}
# Why a page that is no working site is no OPD's site (pageclass verdicts).
VERDICT_REASONS: dict[str, str] = {
    "parked": "halaman parkir domain (domain dijual/kedaluwarsa)",
    "suspended": "akun hosting ditangguhkan",
    "placeholder": "halaman bawaan server, belum ada situs",
}
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_REGION_KINDS: dict[str, tuple[str, ...]] = {
    "kota": ("kota", "pemkot", "pemerintah kota"),
    "kabupaten": ("kabupaten", "kab", "pemkab", "pemerintah kabupaten"),
    "provinsi": ("provinsi", "prov", "pemprov", "pemerintah provinsi"),
}
_ANY_REGION = re.compile(r"\b(?:kota|kabupaten|kab|pemkot|pemkab)\s+([a-z]+)")
_PERSON_WORDS = re.compile(
    r"\b(bupati|wabup|wali ?kota|wawali|gubernur|sekda|kepala dinas|kepala badan|kadis|"
    r"kaban|kadin|camat|lurah|pribadi|personal|bapak|ibu|pak|bu|founder|owner)\b",
    re.IGNORECASE,
)
_PEMDA_HANDLE = re.compile(r"^(pemkot|pemkab|pemprov|humas|pemerintah|prokopim|protokol)")


def _text(text: str) -> str:
    """Lower-case words separated by single spaces, padded for whole-word searches."""
    return f" {_NOT_WORD.sub(' ', text.lower()).strip()} "


@dataclass(frozen=True)
class OpdNames:
    """An OPD as the registry names it: what pages and handles are compared with."""

    code: str
    name: str
    short_name: str
    kind: str

    @cached_property
    def guesses(self) -> dict[str, Guess]:
        return {guess.label: guess for guess in labels_for(self.name, self.short_name, self.kind)}


@dataclass(frozen=True)
class PageFacts:
    """What a homepage says about itself."""

    title: str = ""
    heading: str = ""  # title, site name, first headings and description together
    text: str = ""  # the beginning of the visible text


_LOGO_ALT = "//header//img/@alt | //*[contains(@class,'logo')]//img/@alt"


def page_facts(page: HtmlPage) -> PageFacts:
    selector = page.selector
    if selector is None:
        return PageFacts()

    def first(xpath: str) -> str:
        return " ".join((selector.xpath(xpath).get() or "").split())

    title = first("//title//text()")
    parts = [
        title,
        first("//meta[@property='og:site_name']/@content"),
        first("//meta[@property='og:title']/@content"),
        first("//meta[@name='description']/@content"),
        " ".join(" ".join(selector.xpath("(//h1)[1]//text()").getall()).split()),
        " ".join(selector.xpath(_LOGO_ALT).getall()[:2]),
    ]
    return PageFacts(title=title, heading=" | ".join(p for p in parts if p),
                     text=page.visible_text[:1500])  # fmt: skip


def name_match(text: str, opd: OpdNames) -> float:
    """0–1: how fully ``text`` names the OPD (full name 1, short name 0.8, its
    distinctive words 0.7 at most, in proportion)."""
    words = _text(text)
    full = normalise_name(opd.name)
    if full and f" {full} " in words:
        return 1.0
    short = normalise_name(opd.short_name)
    compact = short.replace(" ", "")
    if short != full and len(compact) >= 3 and (f" {short} " in words or f" {compact} " in words):
        return 0.8
    distinctive = distinctive_words(opd.name)
    matched = sum(1 for word in distinctive if f" {word} " in words)
    return round(0.7 * matched / len(distinctive), 3) if distinctive and matched else 0.0


def region_mention(heading: str, text: str, region_name: str) -> int:
    """1 when the page names the region ("Kota Serang", "Pemkot Serang"), -1 when it
    names another pemda instead (the other kind of the same place, or another place in
    its heading), 0 when it names none."""
    words = _text(region_name).split()
    if not words:
        return 0
    kind = words[0] if words[0] in _REGION_KINDS or words[0] == "kab" else ""
    kind = "kabupaten" if kind == "kab" else kind
    place = " ".join(words[1:] if kind else words)
    page = _text(f"{heading} {text}")
    ours = [f" {form} {place} " for form in _REGION_KINDS.get(kind, ("",))] if kind else []
    ours.append(f" {place.replace(' ', '')}{kind[:4] if kind else ''} ")  # serangkota
    if any(form in page for form in ours):
        return 1
    others = [
        f" {form} {place} " for other, forms in _REGION_KINDS.items() if other != kind
        for form in forms
    ]  # fmt: skip
    if any(form in page for form in others):
        return -1
    first_place = place.split()[0] if place else ""
    if any(match.group(1) != first_place for match in _ANY_REGION.finditer(_text(heading))):
        return -1
    return 0


@dataclass
class Probe:
    """What the discover spider saw for one candidate host."""

    host: str
    url: str = ""  # the address asked
    address: str | None = None  # what DNS answered (through the project's resolver)
    final_url: str | None = None  # after redirects
    status: int | None = None
    facts: PageFacts = field(default_factory=PageFacts)
    verdict: str | None = None  # parked, suspended, placeholder… (pageclass)
    error: str | None = None  # reachability class when nothing usable came
    error_label: str = ""  # the class in words
    found: list[FoundHost] = field(default_factory=list)  # where the host was seen

    @property
    def final_host(self) -> str:
        return (urlsplit(self.final_url or self.url).hostname or self.host).lower()


@dataclass
class Score:
    """Points (0–100) and their reasons; ``excluded`` says why the candidate is no
    match at all (its points are then 0)."""

    points: int = 0
    reasons: list[str] = field(default_factory=list)
    excluded: str | None = None


def _bare(host: str) -> str:
    return host.lower().rstrip(".").removeprefix("www.")


@dataclass(frozen=True)
class Context:
    """The region a candidate is judged in."""

    region_name: str
    domain: str  # the pemda's domain ("" when unknown)
    portal_hosts: frozenset[str]  # the portal's and PPID portal's hosts, www. dropped
    portal_title: str  # the portal homepage's title ("" when unread)
    opds: tuple[OpdNames, ...]  # every OPD of the region (for "names another OPD")


def _excluded(probe: Probe, context: Context) -> str | None:
    if probe.error:
        return f"tidak menjawab: {probe.error_label or probe.error}"
    if probe.verdict:
        kind = probe.verdict.split(":")[0]
        return VERDICT_REASONS.get(kind, f"bukan situs yang berjalan ({probe.verdict})")
    final = _bare(probe.final_host)
    if final in context.portal_hosts and _bare(probe.host) not in context.portal_hosts:
        return f"dialihkan ke portal pemda ({probe.final_url})"
    if (
        context.portal_title
        and probe.facts.title
        and probe.facts.title == context.portal_title
        and _bare(probe.host) not in context.portal_hosts
    ):
        return "halaman sama dengan portal pemda (kemungkinan DNS wildcard)"
    return None


def score_site(probe: Probe, opd: OpdNames, context: Context) -> Score:
    """How well a probed host matches one OPD, with the reasons (see the module doc)."""
    excluded = _excluded(probe, context)
    if excluded:
        return Score(0, [excluded], excluded)
    weights = SITE_WEIGHTS
    points = 0.0
    reasons: list[str] = []
    error_page = probe.status is not None and probe.status >= 400
    if error_page:
        reasons.append(f"HTTP {probe.status}: isi halaman tidak dinilai")
    name = 0.0 if error_page else name_match(probe.facts.heading, opd)
    if name:
        points += weights["name"] * name
        said = "nama lengkap" if name == 1 else "singkatan" if name == 0.8 else "sebagian nama"
        reasons.append(f"{said} OPD ada di judul/kepala halaman '{probe.facts.title[:80]}'")
    label = host_label(probe.final_host, context.domain)
    guess = opd.guesses.get(label) or opd.guesses.get(label.replace("-", ""))
    if guess is not None:
        points += weights["host"] * (1 if guess.primary else 0.6)
        reasons.append(f"nama host '{label}' cocok ({guess.why})")
    linked = max(
        ((name_match(found.text, opd), found) for found in probe.found if found.text),
        key=lambda pair: pair[0],
        default=(0.0, None),
    )
    if linked[1] is not None and linked[0] >= 0.7:
        points += weights["link"]
        reasons.append(f"ditautkan dari {linked[1].where} dengan teks '{linked[1].text[:60]}'")
    if not error_page:
        region = region_mention(probe.facts.heading, probe.facts.text, context.region_name)
        if region > 0:
            points += weights["region"]
            reasons.append(f"menyebut {context.region_name}")
        elif region < 0:
            points += weights["other_region"]
            reasons.append(f"menyebut pemda lain, bukan {context.region_name}")
    if context.domain:
        if under(probe.final_host, context.domain):
            points += weights["domain"]
        else:
            points += weights["outside"]
            reasons.append(f"di luar domain pemda {context.domain}")
    if not error_page:
        others = [
            (name_match(probe.facts.heading, other), other)
            for other in context.opds
            if other.code != opd.code
        ]
        best = max(others, key=lambda pair: pair[0], default=(0.0, None))
        if best[1] is not None and best[0] >= 0.8 and best[0] > name:
            points += weights["other_opd"]
            reasons.append(f"halaman menyebut OPD lain: {best[1].name} ({best[1].code})")
    if _bare(probe.final_host) != _bare(probe.host):
        reasons.append(f"dialihkan dari {probe.host} ke {probe.final_url}")
    if error_page:
        points = min(points, weights["error_cap"])
    return Score(max(0, min(100, round(points))), reasons)


def _handle(url: str) -> str:
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    handle = segments[-1] if segments else ""
    if parts.query:
        handle = parts.query
    return _NOT_WORD.sub("", handle.lower().lstrip("@"))


def score_social(
    link: SocialLink,
    opd: OpdNames,
    region_name: str,
    *,
    site_weight: float,
    alone: bool,
) -> Score:
    """How likely a social link on an OPD's pages is the OPD's own account.

    ``site_weight``: 1 for the OPD's registered website, the proposed site's score / 100
    for a site this run proposed; ``alone``: the only account of its platform there.
    """
    weights = SOCIAL_WEIGHTS
    handle = _handle(link.url)
    points = weights["own_site"] * site_weight
    reasons = [f"tautan di {link.page} (bagian {link.place})"]
    best: Guess | None = None
    for label, guess in opd.guesses.items():
        compact = label.replace("-", "")
        if len(compact) >= 3 and compact in handle and (best is None or guess.primary):
            best = guess
    words = [word for word in distinctive_words(opd.name) if len(word) >= 5]
    named = best is not None or bool(words and all(word in handle for word in words))
    if best is not None:
        points += weights["handle"] * (1 if best.primary else 0.7)
        reasons.append(f"nama akun '{handle}' memuat '{best.label}'")
    elif named:
        points += weights["handle"] * 0.7
        reasons.append(f"nama akun '{handle}' memuat nama OPD")
    region_words = _text(region_name).split()
    region_place = "".join(region_words[1:] if len(region_words) > 1 else region_words)
    if region_place and region_place in handle:
        points += weights["region"]
        reasons.append("nama akun memuat nama wilayah")
    if alone:
        points += weights["alone"]
        reasons.append("satu-satunya akun platform ini di website OPD")
    if link.place in ("header", "footer", "kontak"):
        points += weights["place"]
    person = _PERSON_WORDS.search(link.text)
    if person:
        points += weights["person"]
        reasons.append(f"teks tautan menyebut orang/jabatan ('{person.group(0)}'): akun pribadi?")
    if _PEMDA_HANDLE.match(handle) and not named and opd.kind != "sekretariat":
        points += weights["pemda"]
        reasons.append("nama akun milik pemda, bukan OPD")
    return Score(max(0, min(100, round(points))), reasons)

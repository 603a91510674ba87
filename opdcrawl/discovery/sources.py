"""Where candidate sites and accounts are found besides name guesses.

* links on the pemda's portal and its PPID portal ("Website OPD" menus, link lists,
  ``<select>`` drop-downs of OPD links) and the URLs its sitemap lists;
* a certificate-transparency style host list the operator exported (crt.sh JSON or CSV,
  or one host per line): every certificate ever issued for a subdomain names it, even
  for sites nobody links to;
* the unverified guesses of the registry notes (``seeds/notes/<region>.md``, section
  "Tebakan …"): hosts the registry's authors saw patterns for but never checked;
* the Instagram, Facebook, YouTube, X and TikTok links on an OPD's own pages, with the
  part of the page they sit in (header, footer, contact page).

Pure functions over parsed pages and texts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from opdcrawl.channels import SeedValueError, normalise_social, social_kind
from opdcrawl.extract.markup import HtmlPage

__all__ = [
    "FoundHost",
    "SocialLink",
    "contact_page",
    "ct_hosts",
    "linked_hosts",
    "notes_hosts",
    "sitemap_hosts",
    "social_links",
    "under",
]

_HOST_RE = re.compile(r"(?:\*\.)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})\.?",
                      re.IGNORECASE)  # fmt: skip
# Labels of pemda-wide services, never an OPD's website.
NOT_OPD_LABELS: frozenset[str] = frozenset(
    {"www", "mail", "webmail", "email", "smtp", "imap", "pop", "ftp", "cpanel", "whm",
     "webdisk", "autodiscover", "ns1", "ns2", "ns3", "dns", "lpse", "spse", "sirup", "jdih",
     "ppid", "api", "cdn", "static", "sso", "vpn", "proxy", "mx", "cloud", "repo"}
)  # fmt: skip
# Words of a link that names an office: an off-domain link is kept only with one of them.
_OFFICE_WORDS = re.compile(
    r"\b(dinas|badan|kecamatan|kelurahan|sekretariat|inspektorat|rsud|satuan|kantor|"
    r"website opd|situs opd)\b",
    re.IGNORECASE,
)
_CONTACT_WORDS = re.compile(r"kontak|hubungi|contact", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_PLACES = (("header", "header"), ("footer", "footer"), ("nav", "header"))
_PLACE_HINTS = (("footer", "footer"), ("bottom", "footer"), ("header", "header"),
                ("topbar", "header"), ("top-bar", "header"), ("navbar", "header"))  # fmt: skip


@dataclass(frozen=True)
class FoundHost:
    """A host name seen somewhere, as a candidate for some OPD's website."""

    host: str
    source: str  # "portal", "ppid", "sitemap", "ct", "catatan"
    where: str  # the page, file or file:line it was seen in
    text: str = ""  # the link's words, when it was a link


@dataclass(frozen=True)
class SocialLink:
    """A link to a social account on an OPD's page."""

    kind: str  # instagram, facebook, youtube, x, tiktok
    url: str  # the account's canonical URL (``opdcrawl.channels.normalise_social``)
    text: str  # the link's words, title and label, and its surroundings when short
    place: str  # "header", "footer", "kontak" (the contact page), "isi" (elsewhere)
    page: str  # the page it was found on


def under(host: str, domain: str) -> bool:
    """Whether ``host`` is a subdomain of the pemda's ``domain`` (not the domain itself)."""
    host, domain = host.lower().rstrip("."), domain.lower().strip(".")
    return bool(domain) and host.endswith("." + domain)


def _words(element: object) -> str:
    return _SPACES.sub(" ", " ".join(element.itertext())).strip()  # type: ignore[attr-defined]


def _link_targets(page: HtmlPage) -> Iterable[tuple[str, str]]:
    """(absolute URL, words) of every link and drop-down option of a page."""
    root = page.root
    if root is None:
        return
    for element in root.iter("a", "option", "area"):
        raw = (element.get("href") or element.get("value") or "").strip()
        if not raw or raw.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = urljoin(page.url, raw)
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        text = _words(element) or element.get("title") or element.get("alt") or ""
        yield url, text


def linked_hosts(page: HtmlPage, source: str, domain: str) -> list[FoundHost]:
    """Hosts a portal page links to: subdomains of ``domain`` (pemda services left out),
    and hosts elsewhere when the link's words name an office ("Dinas Kesehatan")."""
    found: dict[str, FoundHost] = {}
    own = (urlsplit(page.url).hostname or "").lower().removeprefix("www.")
    for url, text in _link_targets(page):
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
        bare = host.removeprefix("www.")
        if not host or bare in (own, domain) or social_kind(host):
            continue
        if under(host, domain):
            if bare.split(".", 1)[0] in NOT_OPD_LABELS:
                continue
        elif not _OFFICE_WORDS.search(text):
            continue
        known = found.get(host)
        if known is None or (not known.text and text):
            found[host] = FoundHost(host, source, page.url, text[:200])
    return list(found.values())


def sitemap_hosts(locations: Iterable[str], domain: str, sitemap_url: str) -> list[FoundHost]:
    """Subdomains of ``domain`` among the URLs a sitemap lists."""
    found: dict[str, FoundHost] = {}
    for location in locations:
        host = (urlsplit(location).hostname or "").lower()
        if under(host, domain) and host.removeprefix("www.").split(".", 1)[0] not in NOT_OPD_LABELS:
            found.setdefault(host, FoundHost(host, "sitemap", sitemap_url))
    return list(found.values())


def _host_tokens(text: str) -> list[str]:
    return [match.group(1).lower() for match in _HOST_RE.finditer(text)]


def ct_hosts(text: str, label: str, domain: str = "") -> tuple[list[FoundHost], list[str]]:
    """Hosts of a certificate-transparency export, and the problems of its lines.

    Accepts crt.sh's JSON (``name_value``/``common_name``, several names a value), its
    CSV, or plain lines of host names; ``*.`` wildcards give their base name. With a
    ``domain`` only its subdomains are kept (other hosts are counted in the problems).
    """
    problems: list[str] = []
    names: list[tuple[str, str]] = []
    stripped = text.lstrip("\ufeff \n\r\t")
    if stripped.startswith("["):
        try:
            entries = json.loads(stripped)
        except ValueError as exc:
            return [], [f"{label}: bukan JSON yang sah ({exc})"]
        for number, entry in enumerate(entries if isinstance(entries, list) else [], start=1):
            if not isinstance(entry, dict):
                continue
            for key in ("name_value", "common_name"):
                for host in _host_tokens(str(entry.get(key) or "")):
                    names.append((host, f"{label} entri {number}"))
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            content = line.split("#", 1)[0].strip()
            if not content:
                continue
            tokens = _host_tokens(content)
            if not tokens:
                problems.append(f"{label}:{number}: '{content[:60]}' tidak memuat nama host")
            names.extend((host, f"{label}:{number}") for host in tokens)
    found: dict[str, FoundHost] = {}
    outside = 0
    for host, where in names:
        if domain and not under(host, domain):
            outside += host != domain.lower()
            continue
        if host.removeprefix("www.").split(".", 1)[0] in NOT_OPD_LABELS:
            continue
        found.setdefault(host, FoundHost(host, "ct", where))
    if outside:
        problems.append(f"{label}: {outside} nama host di luar domain {domain} dilewati")
    return list(found.values()), problems


_NOTE_TOKEN = re.compile(r"`([^`\s<>]+)`")
_HEADING = re.compile(r"^(#+)\s*(.*)$")


def notes_hosts(markdown: str, domain: str, label: str) -> list[FoundHost]:
    """The unverified host guesses of a registry notes file: backticked ``bpbd.`` labels
    and full host names in its "Tebakan …" section, as hosts under ``domain``."""
    found: dict[str, FoundHost] = {}
    level = 0
    for number, line in enumerate(markdown.splitlines(), start=1):
        heading = _HEADING.match(line)
        if heading:
            depth = len(heading.group(1))
            if "tebakan" in heading.group(2).lower():
                level = depth
            elif level and depth <= level:
                level = 0
            continue
        if not level:
            continue
        for token in _NOTE_TOKEN.findall(line):
            token = token.lower()
            if token.endswith(".") and "." not in token[:-1]:
                host = f"{token}{domain}" if domain else ""
            else:
                host = token.rstrip(".")
            if host and (not domain or under(host, domain)) and _HOST_RE.fullmatch(host):
                found.setdefault(host, FoundHost(host, "catatan", f"{label}:{number}"))
    return list(found.values())


def _place(element: object, contact: bool) -> str:
    for ancestor in element.iterancestors():  # type: ignore[attr-defined]
        tag = ancestor.tag if isinstance(ancestor.tag, str) else ""
        for name, place in _PLACES:
            if tag == name:
                return place
        marks = f"{ancestor.get('id') or ''} {ancestor.get('class') or ''}".lower()
        for hint, place in _PLACE_HINTS:
            if hint in marks:
                return place
    return "kontak" if contact else "isi"


def social_links(page: HtmlPage, *, contact: bool = False) -> list[SocialLink]:
    """Social account links of an OPD's page, one per account (first place kept); share
    buttons, posts and other links that name no account are left out."""
    root = page.root
    if root is None:
        return []
    found: dict[str, SocialLink] = {}
    for anchor in root.iter("a"):
        raw = (anchor.get("href") or "").strip()
        url = urljoin(page.url, raw)
        kind = social_kind(urlsplit(url).hostname or "")
        if kind is None:
            continue
        try:
            account = normalise_social(kind, url)
        except SeedValueError:
            continue
        words = " ".join(
            part for part in (_words(anchor), anchor.get("title"), anchor.get("aria-label"))
            if part
        )  # fmt: skip
        parent = anchor.getparent()
        # The words around the link ("Instagram Kepala Dinas: @…") when its parent holds
        # only this link; a footer full of links would lend one link the others' words.
        if parent is not None and sum(1 for _ in parent.iter("a")) == 1:
            around = _words(parent)
            if around and len(around) <= 160 and around not in words:
                words = f"{words} {around}".strip()
        if account not in found:
            found[account] = SocialLink(kind, account, words[:300], _place(anchor, contact),
                                        page.url)  # fmt: skip
    return list(found.values())


def contact_page(page: HtmlPage) -> str | None:
    """The page's link to its contact page ("Kontak", "Hubungi Kami") on the same site."""
    host = urlsplit(page.url).hostname
    for url, text in _link_targets(page):
        if urlsplit(url).hostname != host or url.split("#", 1)[0] == page.url:
            continue
        if _CONTACT_WORDS.search(text) or _CONTACT_WORDS.search(urlsplit(url).path):
            return url.split("#", 1)[0]
    return None

"""Channel addresses as operators write them, turned into one canonical URL each.

Registry cells hold ``dinkes.serangkota.go.id``, ``@diskominfo.serang`` or a full social
URL; crawls, duplicate checks and reports need one form. Errors are raised as
``SeedValueError`` with a Bahasa Indonesia message the registry reports at file:line.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit, urlunsplit

_LABEL_RE = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_TLD_RE = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")


class SeedValueError(ValueError):
    """A cell that cannot be used; the message is Bahasa Indonesia, for operators."""


def normalise_website(raw: str) -> str:
    """Return the canonical absolute URL for a website cell, or raise SeedValueError.

    Operators write ``dinkes.serangkota.go.id`` as often as a full URL, so a missing
    scheme means https. The host is lowercased and an empty path becomes ``/`` so the
    same site written two ways compares equal (duplicate check, SQL key).
    """
    text = raw.strip()
    if not text:
        raise SeedValueError("alamat website kosong")
    if any(ch.isspace() for ch in text):
        raise SeedValueError(f"alamat website '{text}' mengandung spasi")
    if "://" not in text:
        if re.match(r"(mailto|javascript|tel|data):", text, re.IGNORECASE):
            raise SeedValueError(f"'{text}' bukan alamat website http(s)")
        text = "https://" + text
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise SeedValueError(f"'{raw.strip()}' bukan alamat http:// atau https://")
    if parts.username is not None or parts.password is not None:
        raise SeedValueError(f"alamat website '{raw.strip()}' memuat nama pengguna/sandi")
    try:
        port = parts.port
    except ValueError:
        raise SeedValueError(f"nomor port pada '{raw.strip()}' tidak sah") from None
    host = _plausible_host(parts.hostname or "", raw.strip())
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != {"http": 80, "https": 443}[scheme]:
        netloc = f"{netloc}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def _plausible_host(host: str, raw: str) -> str:
    host = host.rstrip(".")
    if not host:
        raise SeedValueError(f"alamat website '{raw}' tidak punya nama host")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    if host == "localhost":
        return host
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise SeedValueError(f"nama host '{host}' pada '{raw}' tidak sah") from None
    labels = host.split(".")
    if (
        len(labels) < 2
        or not all(_LABEL_RE.fullmatch(label) for label in labels)
        or not _TLD_RE.fullmatch(labels[-1])
    ):
        raise SeedValueError(f"nama host '{host}' pada '{raw}' tidak sah")
    return host


@dataclass(frozen=True)
class _SocialRule:
    label: str  # as operators know the platform
    canonical_host: str
    hosts: frozenset[str]
    handle_re: re.Pattern[str]
    at_prefix: bool  # the profile path is /@handle (YouTube, TikTok)
    not_accounts: frozenset[str]  # first path segments that are posts or features
    kept_paths: frozenset[str] = frozenset()  # first segments of non-handle account URLs


_SOCIAL: dict[str, _SocialRule] = {
    "instagram": _SocialRule(
        "Instagram",
        "instagram.com",
        frozenset({"instagram.com", "www.instagram.com", "m.instagram.com", "instagr.am"}),
        re.compile(r"[A-Za-z0-9._]{1,30}"),
        False,
        frozenset({"p", "reel", "reels", "tv", "stories", "explore", "accounts"}),
    ),
    "facebook": _SocialRule(
        "Facebook",
        "facebook.com",
        frozenset(
            {
                "facebook.com",
                "www.facebook.com",
                "m.facebook.com",
                "web.facebook.com",
                "mbasic.facebook.com",
                "id-id.facebook.com",
                "fb.com",
                "www.fb.com",
            }
        ),
        re.compile(r"[A-Za-z0-9.\-]{2,80}"),
        False,
        frozenset(
            {
                "photo",
                "photo.php",
                "watch",
                "events",
                "story.php",
                "permalink.php",
                "sharer",
                "sharer.php",
                "share",
                "hashtag",
                "login",
                "reel",
            }
        ),
        frozenset({"profile.php", "pages", "groups", "people"}),
    ),
    "youtube": _SocialRule(
        "YouTube",
        "youtube.com",
        frozenset({"youtube.com", "www.youtube.com", "m.youtube.com"}),
        re.compile(r"[A-Za-z0-9._\-]{3,30}"),
        True,
        frozenset({"watch", "shorts", "playlist", "results", "embed", "live"}),
        frozenset({"channel", "c", "user"}),
    ),
    "x": _SocialRule(
        "X (Twitter)",
        "x.com",
        frozenset(
            {"x.com", "www.x.com", "mobile.x.com", "twitter.com", "www.twitter.com"}
            | {"mobile.twitter.com"}
        ),
        re.compile(r"[A-Za-z0-9_]{1,15}"),
        False,
        frozenset({"i", "intent", "search", "hashtag", "home", "share"}),
    ),
    "tiktok": _SocialRule(
        "TikTok",
        "tiktok.com",
        frozenset({"tiktok.com", "www.tiktok.com", "m.tiktok.com"}),
        re.compile(r"[A-Za-z0-9._]{2,24}"),
        True,
        frozenset({"video", "tag", "discover", "music", "t"}),
    ),
}
SOCIAL_HOSTS: frozenset[str] = frozenset().union(*(rule.hosts for rule in _SOCIAL.values()))


def social_kind(host: str) -> str | None:
    """The channel kind (``instagram`` …) of a platform host, or None for any other host."""
    host = host.lower().rstrip(".")
    return next((kind for kind, rule in _SOCIAL.items() if host in rule.hosts), None)


def normalise_social(kind: str, raw: str) -> str:
    """Return the canonical account URL for ``@handle``, a bare handle or a full URL.

    One form per account (``https://instagram.com/handle``, ``https://youtube.com/@handle``)
    so the social spider and the reports never see the same account twice.
    """
    rule = _SOCIAL[kind]
    text = raw.strip()
    if not text:
        raise SeedValueError(f"akun {rule.label} kosong")
    if "/" in text or "://" in text:
        return _social_from_url(rule, text)
    handle = text[1:] if text.startswith("@") else text
    if not rule.handle_re.fullmatch(handle):
        raise SeedValueError(
            f"'{text}' bukan handle {rule.label} yang sah; tulis @nama_akun atau URL lengkap"
        )
    return _social_url(rule, handle)


def _social_url(rule: _SocialRule, handle: str) -> str:
    at = "@" if rule.at_prefix else ""
    return f"https://{rule.canonical_host}/{at}{handle}"


def _social_from_url(rule: _SocialRule, text: str) -> str:
    parts = urlsplit(text if "://" in text else "https://" + text)
    host = (parts.hostname or "").rstrip(".")
    if parts.scheme.lower() not in ("http", "https") or host not in rule.hosts:
        raise SeedValueError(f"'{text}' bukan alamat akun {rule.label}")
    segments = [segment for segment in parts.path.split("/") if segment]
    if not segments:
        raise SeedValueError(f"alamat {rule.label} '{text}' tidak menyebut nama akun")
    first = segments[0]
    lowered = first.lower()
    if lowered in rule.not_accounts:
        raise SeedValueError(f"'{text}' adalah alamat unggahan/fitur, bukan akun {rule.label}")
    if lowered in rule.kept_paths:
        return _kept_account_path(rule, text, segments, parts.query)
    handle = first[1:] if first.startswith("@") else first
    if rule.at_prefix and not first.startswith("@"):
        raise SeedValueError(f"alamat {rule.label} '{text}' tidak menyebut akun (@nama_akun)")
    if not rule.handle_re.fullmatch(handle):
        raise SeedValueError(f"'{text}' bukan alamat akun {rule.label} yang sah")
    return _social_url(rule, handle)


def _kept_account_path(rule: _SocialRule, text: str, segments: list[str], query: str) -> str:
    base = f"https://{rule.canonical_host}"
    if segments[0].lower() == "profile.php":
        ids = parse_qs(query).get("id", [])
        if not ids or not ids[0].isdigit():
            raise SeedValueError(f"alamat '{text}' tidak memuat id profil Facebook")
        return f"{base}/profile.php?id={ids[0]}"
    if len(segments) < 2:
        raise SeedValueError(f"alamat {rule.label} '{text}' tidak lengkap")
    keep = segments if segments[0].lower() in ("pages", "people") else segments[:2]
    return f"{base}/{'/'.join(keep)}"


def website_key(url: str) -> str:
    """Comparison key for duplicate websites: scheme, ``www.`` and a final ``/`` ignored."""
    parts = urlsplit(url)
    host = (parts.netloc or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" + (f"?{parts.query}" if parts.query else "")

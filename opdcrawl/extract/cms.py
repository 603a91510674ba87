"""Which CMS a homepage was built with, from markup, asset paths and response headers.

The CMS decides the cheapest good source of post dates (``sources.plan_sources``): a
WordPress site has a JSON API and a feed, an OpenSID village site has ``/feed`` and a
sitemap, a CMS Sekolahku site has an RSS feed with raw ``Y-m-d H:i:s`` dates. The rules are
a table of weighted evidence; a CMS wins by total weight, so one stray mention of a CMS name
in an article cannot outvote the site's own asset paths and generator tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from opdcrawl.dates import JAKARTA
from opdcrawl.extract.markup import HtmlPage, as_page
from opdcrawl.items import Post

__all__ = ["CMS_NAMES", "RULES", "Rule", "fingerprint"]

CMS_NAMES: tuple[str, ...] = (
    "wordpress",
    "joomla",
    "drupal",
    "popojicms",
    "sekolahku",
    "opensid",
    "opendk",
    "datagoe",
    "lokomedia",
    "codeigniter",
    "unknown",
)
# Less than this total is a hint, not a verdict: "unknown".
_MIN_SCORE = 4


@dataclass(frozen=True)
class Rule:
    """One piece of evidence: where to look, what to find, how much it weighs.

    ``where`` is ``"generator"`` (``<meta name="generator">`` content), ``"html"`` (the raw
    markup, attributes included), ``"header:<name>"`` (a response header, lower-case name)
    or ``"cookie"`` (Set-Cookie headers).
    """

    cms: str
    where: str
    pattern: re.Pattern[str]  # matched against lower-cased text
    weight: int
    needs: str = ""  # a word the text must hold for the pattern to be tried


def _rule(cms: str, where: str, pattern: str, weight: int) -> Rule:
    """A rule matched without regard to case, the fast way.

    The text is lower-cased once per page and the pattern compiled lower-case, instead of
    case-insensitive scans (half the time); a pattern that opens with a word boundary
    (``\\bopensid\\b``) is only tried when its word is in the text, because a leading
    ``\\b`` defeats the regex engine's literal search (0.6 ms a rule on a real homepage).
    """
    if re.search(r"\\[A-Z]", pattern):
        raise ValueError(f"upper-case escapes do not survive lower-casing: {pattern!r}")
    lowered = pattern.lower()
    word = re.match(r"\\b([a-z0-9_]+)", lowered)
    return Rule(cms, where, re.compile(lowered), weight, word.group(1) if word else "")


RULES: tuple[Rule, ...] = (
    # WordPress
    _rule("wordpress", "generator", r"\bwordpress\b", 10),
    _rule("wordpress", "html", r"/wp-content/(?:themes|plugins|uploads)/|/wp-includes/", 6),
    _rule("wordpress", "html", r"rel=[\"']https://api\.w\.org/[\"']|/wp-json/", 6),
    _rule("wordpress", "header:link", r"rel=\"?https://api\.w\.org/", 10),
    _rule("wordpress", "header:x-pingback", r"xmlrpc\.php", 8),
    # Joomla
    _rule("joomla", "generator", r"\bjoomla", 10),
    _rule("joomla", "html", r"/media/jui/|/media/system/js/|/media/vendor/joomla", 6),
    _rule("joomla", "html", r"/components/com_\w+|option=com_content|/templates/ja_\w+", 4),
    # Drupal
    _rule("drupal", "generator", r"\bdrupal\b", 10),
    _rule("drupal", "header:x-generator", r"\bdrupal\b", 10),
    _rule("drupal", "header:x-drupal-cache", r".", 10),
    _rule("drupal", "header:x-drupal-dynamic-cache", r".", 10),
    _rule("drupal", "html", r"/sites/(?:default|all)/(?:files|themes|modules)/", 6),
    _rule("drupal", "html", r"drupal\.settings|data-drupal-|drupalSettings", 6),
    # PopojiCMS
    _rule("popojicms", "generator", r"popoji", 10),
    _rule("popojicms", "html", r"/po-content/|/po-includes/", 8),
    _rule("popojicms", "html", r"popojicms", 3),
    # CMS Sekolahku (CodeIgniter 3)
    _rule("sekolahku", "generator", r"sekolahku", 10),
    _rule("sekolahku", "html", r"/media_library/(?:images|posts|albums|files|banners)", 8),
    _rule("sekolahku", "html", r"cms\s+sekolahku|sekolahku\.web\.id", 6),
    # OpenSID (villages) and OpenDK (kecamatan), both by OpenDesa
    _rule("opensid", "generator", r"opensid", 10),
    _rule("opensid", "html", r"/desa/(?:logo|upload|themes|pengaturan)/|/themes/natra/", 8),
    _rule("opensid", "html", r"\bopensid\b(?:\s*v?\s*\d|\s*&copy;|\s*©)", 6),
    _rule("opensid", "html", r"\bopensid\b", 2),
    _rule("opendk", "generator", r"opendk", 10),
    _rule("opendk", "html", r"\bopendk\b(?:\s*v?\s*\d|\s*&copy;|\s*©)", 6),
    _rule("opendk", "html", r"\bopendk\b", 3),
    # CMS Datagoe (CodeIgniter 4)
    _rule("datagoe", "generator", r"datagoe", 10),
    _rule("datagoe", "html", r"\bdatagoe\b", 6),
    # Lokomedia (old PHP CMS)
    _rule("lokomedia", "generator", r"lokomedia", 10),
    _rule("lokomedia", "html", r"media\.php\?module=", 8),
    _rule("lokomedia", "html", r"\blokomedia\b", 4),
    _rule("lokomedia", "html", r"/foto_berita/|/foto_banner/", 3),
    # Plain CodeIgniter: weak on purpose, so the CMSs built on it win when they show.
    _rule("codeigniter", "cookie", r"\bci_session=", 4),
    _rule("codeigniter", "header:x-powered-by", r"codeigniter", 4),
)

# Both read lower-cased markup (fingerprint lower-cases once).
_GENERATOR = re.compile(r"<meta\b[^>]*\bname\s*=\s*[\"']?generator[\"']?[^>]*>")
_CONTENT = re.compile(r"\bcontent\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))")
# Generator tags and asset paths sit in the head and footer; 600 kB is past any of them.
_MAX_HTML = 600_000


def _generators(html: str) -> list[str]:
    found: list[str] = []
    for tag in _GENERATOR.finditer(html):
        content = _CONTENT.search(tag.group(0))
        if content:
            found.append(next(group for group in content.groups() if group is not None))
    return found


def _header_values(headers: Mapping[str, object] | None) -> dict[str, list[str]]:
    """Headers as lower-case names to lists of text values (Scrapy gives bytes and lists)."""
    values: dict[str, list[str]] = {}
    if not headers:
        return values
    for name, value in headers.items():
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        items: Iterable[object] = value if isinstance(value, (list, tuple)) else [value]
        for item in items:
            text = item.decode("latin-1") if isinstance(item, bytes) else str(item)
            values.setdefault(key.lower(), []).append(text)
    return values


def fingerprint(html: str | HtmlPage, url: str, headers: Mapping[str, str] | None = None) -> str:
    """Name of the CMS behind a page (one of ``CMS_NAMES``), ``"unknown"`` when unsure.

    ``url`` is accepted for rules that read the address (Lokomedia ``media.php``) and for
    future ones; headers may be a plain dict or Scrapy's bytes-valued ``Headers``. The
    markup is scanned as text: a :class:`~opdcrawl.extract.markup.HtmlPage` is not parsed.
    """
    markup = (as_page(html).text[:_MAX_HTML] + "\n" + (url or "")).lower()
    generators = " ".join(_generators(markup))
    header_values = _header_values(headers)
    cookies = " ".join(header_values.get("set-cookie", [])).lower()
    scores: dict[str, int] = {}
    for rule in RULES:
        if rule.where == "generator":
            haystack = generators
        elif rule.where == "html":
            haystack = markup
        elif rule.where == "cookie":
            haystack = cookies
        else:
            haystack = " ".join(header_values.get(rule.where.removeprefix("header:"), [])).lower()
        if haystack and rule.needs in haystack and rule.pattern.search(haystack):
            scores[rule.cms] = scores.get(rule.cms, 0) + rule.weight
    if not scores:
        return "unknown"
    order = {name: index for index, name in enumerate(CMS_NAMES)}
    best = max(scores, key=lambda name: (scores[name], -order[name]))
    return best if scores[best] >= _MIN_SCORE else "unknown"


# CMSs whose feeds print the stored local time with a "+0000" zone. OpenSID (v24.10,
# real install): a post stored at 19:45 local time appears as "19:45:00 +0000"; read as
# UTC it moves to the next day in WIB. The site's own zone is not known; WIB is assumed,
# as for every time without a zone.
LOCAL_CLOCK_FEEDS: frozenset[str] = frozenset({"opensid"})


def feed_clock_is_local(cms: str | None, posts: list[Post]) -> None:
    """Re-read "+0000" feed times of such CMSs as local (WIB) wall-clock times, in place."""
    if (cms or "") not in LOCAL_CLOCK_FEEDS:
        return
    for post in posts:
        stamp = post.published_at
        if stamp is not None and stamp.utcoffset() is not None and not stamp.utcoffset():
            post.published_at = stamp.replace(tzinfo=JAKARTA)

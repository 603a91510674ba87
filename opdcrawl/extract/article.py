"""The publication date of one article page, with the evidence that gave it.

Sources are tried from the most to the least deliberate: what the CMS wrote for machines
(``article:published_time``, JSON-LD ``datePublished``, ``<time datetime>``) before what it
printed for people (a byline next to the title), and the URL last. Modification dates
("terakhir diperbarui", ``article:modified_time``, ``dateModified``) are never read: a
static page touched last week says nothing about whether the office still publishes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from lxml import etree

from opdcrawl.dates import parse_date
from opdcrawl.extract.markup import HtmlPage
from opdcrawl.extract.textdates import (
    PUBLISHED_CLASS,
    DateCandidate,
    TextMap,
    find_dates,
    is_modified_stamp,
    is_post_part,
    machine_date,
    parse_html,
    strip_decoys,
)
from opdcrawl.extract.urldates import date_from_url
from opdcrawl.items import Post

__all__ = ["extract_article", "find_title"]

_META_PUBLISHED = (
    ("property", "article:published_time"),
    ("name", "article:published_time"),
    ("property", "og:published_time"),
    ("itemprop", "datePublished"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "publish-date"),
    ("name", "publish_date"),
    ("name", "dc.date.issued"),
    ("name", "dcterms.issued"),
    ("name", "date"),
)
_ARTICLE_TYPES = {"article", "newsarticle", "blogposting", "reportagenewsarticle", "report"}
# How far (in text runs) a byline may sit from the title: bylines come right before or
# after it, the story's own dates come later.
_MAX_AFTER_TITLE = 14
_MAX_BEFORE_TITLE = 5
_TITLE_CLASS = re.compile(
    r"(entry|post|article|news|berita|page|single|detail)[-_]?(title|judul)|judul[-_]?(berita|artikel)",
    re.I,
)
_TITLE_TAGS = ("h5", "h6", "span", "b", "strong", "div", "td", "p", "a")


def extract_article(html: str | HtmlPage, url: str, *, now: datetime) -> Post | None:
    """Return the article's Post (with ``source`` naming the evidence), or None.

    None means no credible publication date at all: the caller should not count the page.
    ``html`` is the page's text or its :class:`~opdcrawl.extract.markup.HtmlPage` (whose
    tree is read, never changed: decoys are cut from a copy).
    """
    root = parse_html(html)
    if root is None:
        return _from_url(url, None, now=now)
    clean = strip_decoys(root)
    title_el = _title_element(clean)
    title = _plain(title_el) if title_el is not None else (_page_title(root) or None)
    found = (
        _from_meta(root, now=now)
        or _from_jsonld(root, now=now)
        or _from_time(clean, now=now)
        or _from_text(clean, title_el, now=now)
    )
    if found is not None:
        raw, published_at, source = found
        return Post(
            url=url,
            title=title,
            raw_date=raw,
            published_at=published_at,
            source=source,
            evidence_url=url,
        )
    return _from_url(url, title, now=now)


def _from_url(url: str, title: str | None, *, now: datetime) -> Post | None:
    published_at = date_from_url(url, now=now)
    if published_at is None:
        return None
    return Post(
        url=url,
        title=title,
        raw_date=url,
        published_at=published_at,
        source="url",
        evidence_url=url,
    )


def _credible(raw: str | None, *, now: datetime) -> datetime | None:
    if not raw or not raw.strip():
        return None
    published_at = parse_date(raw.strip(), now=now)
    if published_at is None or published_at > now:
        return None
    return published_at


# --- meta ---------------------------------------------------------------------------------


def _from_meta(root: etree._Element, *, now: datetime) -> tuple[str, datetime, str] | None:
    metas = list(root.iter("meta"))
    for attribute, name in _META_PUBLISHED:
        for meta in metas:
            if (meta.get(attribute) or "").strip().lower() != name.lower():
                continue
            raw = meta.get("content") or meta.get("datetime")
            published_at = _credible(raw, now=now)
            if published_at is not None and raw:
                return raw.strip(), published_at, "meta"
    return None


# --- JSON-LD ------------------------------------------------------------------------------


def _from_jsonld(root: etree._Element, *, now: datetime) -> tuple[str, datetime, str] | None:
    preferred: list[str] = []
    others: list[str] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        data = _load_json(script.text or "")
        for node in _walk_jsonld(data):
            raw = node.get("datePublished")
            if not isinstance(raw, str):
                continue
            types = node.get("@type")
            names = types if isinstance(types, list) else [types]
            is_article = any(str(t).lower() in _ARTICLE_TYPES for t in names)
            (preferred if is_article else others).append(raw)
    for raw in [*preferred, *others]:
        published_at = _credible(raw, now=now)
        if published_at is not None:
            return raw, published_at, "jsonld"
    return None


def _load_json(text: str) -> Any:
    text = text.strip().removeprefix("<!--").removesuffix("-->").strip()
    try:
        return json.loads(text)
    except ValueError:
        # Hand-edited templates leave trailing commas; one cheap repair, then give up.
        try:
            return json.loads(re.sub(r",\s*([}\]])", r"\1", text))
        except ValueError:
            return None


def _walk_jsonld(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk_jsonld(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart"):
            if key in data:
                yield from _walk_jsonld(data[key])


# --- <time> -------------------------------------------------------------------------------


def _from_time(clean: etree._Element, *, now: datetime) -> tuple[str, datetime, str] | None:
    """A ``<time>``/``itemprop=datePublished``/``abbr.published`` element, decoys removed.

    A ``<time>`` that does not say it is the publication date is trusted only inside an
    ``<article>``; elsewhere on the page it may date anything, and the text step judges it
    by its distance to the title instead.
    """
    scope = _article_scope(clean)
    in_article = scope.tag == "article"
    ranked: list[tuple[int, int, str, datetime]] = []
    for order, (el, beside) in enumerate(_time_scope(scope)):
        if not isinstance(el.tag, str):
            continue
        itemprop = (el.get("itemprop") or "").lower()
        classes = el.get("class") or ""
        if is_modified_stamp(el):
            continue
        raw = machine_date(el)
        if not raw:
            continue  # a <time> with only text is read with the other text dates
        published_at = _credible(raw, now=now)
        if published_at is None:
            continue
        rank = 0 if itemprop == "datepublished" or PUBLISHED_CLASS.search(classes) else 1
        if rank and (beside or not in_article):
            continue
        ranked.append((rank, order, raw.strip(), published_at))
    if not ranked:
        return None
    _, _, raw, published_at = min(ranked)
    return raw, published_at, "time"


def _time_scope(scope: etree._Element) -> Iterator[tuple[etree._Element, bool]]:
    """The elements of ``scope``, then those of the post's own parts printed beside it.

    Blogger themes close ``<article class="post-outer-container">`` before the post's
    ``.post-footer`` that holds ``abbr.published``; a sibling whose class names it a part
    of the post (``post-footer``, ``entry-meta``) belongs to the post all the same. Only
    dates marked as the publication date are taken from there (``beside`` is True).
    """
    for el in scope.iter():
        yield el, False
    if scope.tag != "article" or scope.getparent() is None:
        return
    for sibling in scope.itersiblings():
        if isinstance(sibling.tag, str) and is_post_part(sibling):
            for el in sibling.iter():
                yield el, True
    for sibling in scope.itersiblings(preceding=True):
        if isinstance(sibling.tag, str) and is_post_part(sibling):
            for el in sibling.iter():
                yield el, True


def _article_scope(clean: etree._Element) -> etree._Element:
    """The element holding the article: the <article> with the title, else the page body."""
    articles = [el for el in clean.iter("article")]
    for article in articles:
        if next(article.iter("h1"), None) is not None:
            return article
    if len(articles) == 1:
        return articles[0]
    return clean


# --- text next to the title ----------------------------------------------------------------


def _from_text(
    clean: etree._Element, title_el: etree._Element | None, *, now: datetime
) -> tuple[str, datetime, str] | None:
    """The printed date nearest the title (bylines sit right above or below it)."""
    if title_el is None:
        return None
    text_map = TextMap(clean)
    title_at = text_map.segment_of(title_el)
    if title_at is None:
        return None
    best: tuple[float, DateCandidate] | None = None
    for candidate in find_dates(text_map, now=now):
        if candidate.prose:
            continue
        distance = candidate.segment - title_at
        if distance > _MAX_AFTER_TITLE or distance < -_MAX_BEFORE_TITLE:
            continue
        if distance < 0 and candidate.published_at.date() == now.date():
            continue  # today's date printed above the title: a header clock, not a byline
        score = distance if distance >= 0 else 1 + 2 * -distance
        if candidate.labelled:
            score -= 3
        if best is None or score < best[0]:
            best = (score, candidate)
    if best is None:
        return None
    return best[1].raw, best[1].published_at, "text"


def _title_element(root: etree._Element) -> etree._Element | None:
    headings = [el for el in root.iter("h1") if " ".join(el.itertext()).strip()]
    page_title = _page_title(root)
    if headings:
        if page_title and len(headings) > 1:
            return max(headings, key=lambda el: _overlap(_plain(el), page_title))
        return headings[0]
    for el in root.iter("h2", "h3", "h4", "h5", "div", "span", "p"):
        if _TITLE_CLASS.search(el.get("class") or "") and _plain(el):
            return el
    if page_title:
        # Old templates print the title in a styled <span>/<b>/<td>: find it by its words.
        for tags, threshold in ((("h2", "h3", "h4"), 0.6), (_TITLE_TAGS, 0.8)):
            scored = [
                (el, _overlap(_plain(el), page_title))
                for el in root.iter(*tags)
                if 8 <= len(_plain(el)) <= 250
            ]
            scored = [item for item in scored if item[1] >= threshold]
            if scored:
                return max(scored, key=lambda item: item[1])[0]
    return None


def _page_title(root: etree._Element) -> str:
    for meta in root.iter("meta"):
        if (meta.get("property") or "").lower() == "og:title" and meta.get("content"):
            return meta.get("content", "")
    title = next(root.iter("title"), None)
    return " ".join(title.itertext()).strip() if title is not None else ""


def _plain(el: etree._Element) -> str:
    return " ".join(" ".join(el.itertext()).split())


def _overlap(text: str, reference: str) -> float:
    words = set(re.findall(r"\w+", text.lower()))
    ref = set(re.findall(r"\w+", reference.lower()))
    shared = len(words & ref)
    if shared < 2:
        return 0.0
    # Page titles add the site name and headings add words the <title> cut: measure
    # against the shorter of the two.
    return shared / min(len(words), len(ref))


def find_title(root: etree._Element) -> str | None:
    """The article's title as a reader sees it (heading text, else og:title)."""
    title_el = _title_element(strip_decoys(root))
    if title_el is not None:
        return _plain(title_el)
    return _page_title(root) or None

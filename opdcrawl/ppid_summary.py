"""Counting a PPID check: items present, documents published, broken, newest.

One rule for every count, used by the pipeline before the check is stored; the views and
reports read the stored counts and never recount. Pure: a check in, its counts filled.
"""

from __future__ import annotations

from opdcrawl.extract.documents import IMAGE
from opdcrawl.extract.filecheck import BROKEN, IMAGE_ONLY, NOT_A_FILE
from opdcrawl.extract.ppid import ITEM_KEYS
from opdcrawl.items import PpidCheck, PpidDocument

UNCHECKED = "unchecked"


def is_published(document: PpidDocument) -> bool:
    """A document counts as published unless its link proved broken, gave a picture or
    an ordinary page. A link left unchecked (request budget, Google Drive) counts, and
    is counted again apart (``documents_unchecked``) so the report can say so."""
    return document.status not in (BROKEN, IMAGE_ONLY, NOT_A_FILE) and document.file_type != IMAGE


def unique_documents(documents: list[PpidDocument]) -> list[PpidDocument]:
    """One document per URL; a checked copy beats an unchecked one."""
    chosen: dict[str, PpidDocument] = {}
    for document in documents:
        current = chosen.get(document.url)
        if current is None or (current.status == UNCHECKED and document.status != UNCHECKED):
            chosen[document.url] = document
    return list(chosen.values())


def summarise(check: PpidCheck) -> PpidCheck:
    """Fill the check's counts from its items and documents (in place; returned)."""
    check.documents = unique_documents(check.documents)
    keys = {item.key for item in check.items}
    check.items_present = sum(1 for key in ITEM_KEYS if key in keys)
    check.items_total = len(ITEM_KEYS)
    check.found = bool(check.ppid_url or check.portal_page_url)
    published = [document for document in check.documents if is_published(document)]
    check.documents_published = len(published)
    check.documents_broken = sum(1 for d in check.documents if d.status == BROKEN)
    check.documents_image = sum(
        1
        for d in check.documents
        if d.status == IMAGE_ONLY or (d.file_type == IMAGE and d.status != BROKEN)
    )
    check.documents_unchecked = sum(1 for d in published if d.status == UNCHECKED)
    check.documents_drive = sum(1 for d in published if d.host == "drive")
    check.documents_portal = sum(1 for d in published if d.source == "portal" or d.host == "portal")
    dated = [
        d for d in published if d.published_at is not None and d.published_at <= check.checked_at
    ]
    newest = max(dated, key=lambda d: d.published_at, default=None)  # type: ignore[arg-type,return-value]
    check.newest_document_at = newest.published_at if newest is not None else None
    check.newest_document_url = newest.url if newest is not None else None
    return check

"""Channel kinds: the built-in ones and those a new spider brings.

The registry has a column per built-in kind (``vocabulary.CHANNEL_KINDS``: website and
five social platforms). A spider for a kind of channel not known yet (PPID pages, a
podcast feed) declares it in ``channel_kinds`` and nothing else: defining the spider
class registers the kind (``opdcrawl.channel_spider``), the registry then accepts a
column of that name after the standard ones, and runs, checks, scores, categories, views
and reports work for it as for any kind (``tests/test_new_channel_kind.py``).
"""

from __future__ import annotations

from opdcrawl.vocabulary import CHANNEL_KINDS

_EXTRA: dict[str, str] = {}  # kind -> label, in registration order


def register(kind: str, label: str | None = None) -> None:
    """Make ``kind`` known (idempotent). Its registry cells are web addresses."""
    if kind in CHANNEL_KINDS or kind in _EXTRA:
        return
    if not kind.isidentifier() or kind != kind.lower():
        raise ValueError(f"nama jenis kanal tidak sah: {kind!r} (huruf kecil, angka, '_')")
    _EXTRA[kind] = label or kind.replace("_", " ").title()


def extra_kinds() -> tuple[str, ...]:
    """Kinds registered beyond the built-in ones, in registration order."""
    return tuple(_EXTRA)


def known_kinds() -> tuple[str, ...]:
    return CHANNEL_KINDS + extra_kinds()


def label(kind: str) -> str:
    return _EXTRA.get(kind, kind.title())

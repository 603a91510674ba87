"""channel_check.last_post_url / last_post_title: the post a check's evidence names.

Reports used to find a check's evidence link by joining ``post`` on
``published_at = last_post_at``, which could pick another post of the channel dated the
same instant (another run's, or a twin of the same day), so the link, the title and the
evidence sentence could name different posts. The check now keeps its own post's URL and
title.

Checks stored before this revision are filled from what they recorded: the URL their
evidence sentence names (``...; posting: <url> «<title>»``, the format
``pipelines.freshness.evidence_for`` has always written) with that post's title from
``post``; when the sentence names none, the one post of the channel dated exactly
``last_post_at``, if there is exactly one. Otherwise they stay empty: no link beats a
wrong one. Written against the tables as they are at this revision (no model imports),
so it keeps doing exactly this after the models move on.

No view changes: the views' SQL is untouched.

Revision ID: 0003
Revises: 0002
Create Date: 2025-03-10
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# "; posting: <url>" followed by " «title»" or the end of the sentence.
_POSTING = re.compile(r"; posting: (\S+)(?= «|\Z)")
_BATCH = 500

_check = sa.table(
    "channel_check",
    sa.column("id"),
    sa.column("channel_id"),
    sa.column("last_post_at"),
    sa.column("evidence"),
    sa.column("last_post_url"),
    sa.column("last_post_title"),
)
_post = sa.table(
    "post",
    sa.column("channel_id"),
    sa.column("url"),
    sa.column("title"),
    sa.column("published_at"),
)


def upgrade() -> None:
    op.add_column("channel_check", sa.Column("last_post_url", sa.Text(), nullable=True))
    op.add_column("channel_check", sa.Column("last_post_title", sa.Text(), nullable=True))
    _fill_existing_checks(op.get_bind())


def downgrade() -> None:
    op.drop_column("channel_check", "last_post_title")
    op.drop_column("channel_check", "last_post_url")


def _named_url(evidence: str | None, titles: dict[str, Any]) -> str | None:
    """The post URL the evidence sentence names (a stored post's first), or None."""
    named = [match.group(1) for match in _POSTING.finditer(evidence or "")]
    return next((url for url in named if url in titles), named[0] if named else None)


def _fill_existing_checks(bind: sa.Connection) -> None:
    # Raw column values on both sides (no types): SQLite compares the stored UTC text,
    # PostgreSQL the timestamptz, exactly as they were written by the same code.
    checks = bind.execute(
        sa.select(_check.c.id, _check.c.channel_id, _check.c.last_post_at, _check.c.evidence)
        .where(_check.c.last_post_at.is_not(None))
        .order_by(_check.c.channel_id, _check.c.id)
    ).all()
    by_channel: dict[Any, list[Any]] = {}
    for row in checks:
        by_channel.setdefault(row.channel_id, []).append(row)
    updates: list[dict[str, Any]] = []
    for channel_id, channel_checks in by_channel.items():
        titles: dict[str, Any] = {}
        dated: dict[Any, list[str]] = {}
        posts = bind.execute(
            sa.select(_post.c.url, _post.c.title, _post.c.published_at)
            .where(_post.c.channel_id == channel_id)
            .order_by(_post.c.url)
        )
        for url, title, published_at in posts:
            titles[url] = title
            if published_at is not None:
                dated.setdefault(published_at, []).append(url)
        for row in channel_checks:
            url = _named_url(row.evidence, titles)
            if url is None:
                same_instant = dated.get(row.last_post_at, [])
                url = same_instant[0] if len(same_instant) == 1 else None
            if url is not None:
                updates.append({"check_id": row.id, "post_url": url, "title": titles.get(url)})
    statement = (
        _check.update()
        .where(_check.c.id == sa.bindparam("check_id"))
        .values(last_post_url=sa.bindparam("post_url"), last_post_title=sa.bindparam("title"))
    )
    for start in range(0, len(updates), _BATCH):
        bind.execute(statement, updates[start : start + _BATCH])

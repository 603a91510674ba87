"""Social accounts: the route a check read, followers, the visible window, cached ids.

* ``channel_check.route``: which route of a platform adapter gave the reading
  (``embed``, ``feed``, ``api``...), for the operator and for trend breaks.
* ``channel_check.followers``: where the platform shows it publicly.
* ``channel_check.posts_window``: when set, the route shows only that many newest items
  and they all fall inside 90 days, so ``posts_30d``/``posts_90d`` are lower bounds.
* ``channel.platform_id``: an id a handle resolved to (a YouTube ``UC…`` channel id),
  cached so later runs skip the resolving request.

No view changes. Written against the tables as they are at this revision.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("channel_check", sa.Column("route", sa.String(50), nullable=True))
    op.add_column("channel_check", sa.Column("followers", sa.BigInteger(), nullable=True))
    op.add_column("channel_check", sa.Column("posts_window", sa.Integer(), nullable=True))
    op.add_column("channel", sa.Column("platform_id", sa.String(100), nullable=True))


def downgrade() -> None:
    op.drop_column("channel", "platform_id")
    op.drop_column("channel_check", "posts_window")
    op.drop_column("channel_check", "followers")
    op.drop_column("channel_check", "route")

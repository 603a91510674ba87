"""Certificates: the HTTPS certificate each website check saw (opdcrawl.certificates).

* ``certificate``: one row per check of an HTTPS site whose certificate was read, keyed by
  ``check_id`` (``channel_check.id``): host and port, subject and issuer names, validity
  (``not_before``, ``not_after`` and ``days_left`` as of the crawl time), whether it is
  valid for the host, self-signed, expired, whether the chain the server sent is complete
  and trusted (NULL when only the leaf could be read), the chain's length, the leaf's
  SHA-256 fingerprint and ``problem``, the reachability class of what is wrong
  (``tls_self_signed``, ``tls_expired``, ``tls_wrong_host``, ``tls_incomplete_chain``,
  ``tls_untrusted``) or NULL.

No view changes. Written against the tables as they are at this revision.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "certificate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("issuer", sa.Text(), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("not_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("days_left", sa.Integer(), nullable=False),
        sa.Column("valid_for_host", sa.Boolean(), nullable=False),
        sa.Column("self_signed", sa.Boolean(), nullable=False),
        sa.Column("expired", sa.Boolean(), nullable=False),
        sa.Column("chain_complete", sa.Boolean(), nullable=True),
        sa.Column("trusted", sa.Boolean(), nullable=True),
        sa.Column("chain_length", sa.Integer(), nullable=False),
        sa.Column("fingerprint_sha256", sa.String(64), nullable=False),
        sa.Column("problem", sa.String(50), nullable=True),
        sa.ForeignKeyConstraint(
            ["check_id"],
            ["channel_check.id"],
            name="fk_certificate_check_id_channel_check",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_certificate"),
        sa.UniqueConstraint("check_id", name="uq_certificate_check_id"),
    )
    op.create_index("ix_certificate_not_after", "certificate", ["not_after"])


def downgrade() -> None:
    op.drop_index("ix_certificate_not_after", table_name="certificate")
    op.drop_table("certificate")

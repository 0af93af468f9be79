"""Alert leases carry a token; long alerts remember how many parts were sent.

Revision ID: 0002_alert_lease_token
Revises: 0001_initial
Create Date: 2026-11-24 06:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_alert_lease_token"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lease_token", sa.String(), nullable=True))
        batch_op.add_column(
            sa.Column("sent_chunks", sa.Integer(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.alter_column("sent_chunks", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_column("sent_chunks")
        batch_op.drop_column("lease_token")

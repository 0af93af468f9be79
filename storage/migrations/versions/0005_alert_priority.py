"""Alerts carry a delivery priority; the creation time is indexed for the cycle's budgets.

Revision ID: 0005_alert_priority
Revises: 0004_claim_perpetrator
Create Date: 2026-12-07 23:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_alert_priority"
down_revision: str | None = "0004_claim_perpetrator"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.add_column(sa.Column("priority", sa.Integer(), nullable=False, server_default="1"))
        batch_op.create_index("ix_alert_created_at", ["created_at"])
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.alter_column("priority", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_index("ix_alert_created_at")
        batch_op.drop_column("priority")

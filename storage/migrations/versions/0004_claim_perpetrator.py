"""The perpetrator of a claim: who the story says did the killing (ACLED's actor1).

Revision ID: 0004_claim_perpetrator
Revises: 0003_full_text_and_channels
Create Date: 2026-12-08 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_claim_perpetrator"
down_revision: str | None = "0003_full_text_and_channels"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.add_column(sa.Column("perpetrator", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_column("perpetrator")

"""A partial index of the incidents dated to a week, month or year, for candidate matching.

An incident of a longer period that began before an event's window still overlaps it, so the
candidate query also looks back up to a year; over the date-led index of every incident that
look-back read a year of rows (4x the per-story cost at 100k incidents). The partial index
holds only the longer periods, led by their precision, so that each precision's look-back
(a week, a month, a year) is one short range.

Revision ID: 0008_incident_long_period_index
Revises: 0007_corrections_subscriptions
Create Date: 2026-12-08 00:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_incident_long_period_index"
down_revision: str | None = "0007_corrections_subscriptions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LONGER = "date_precision != 'day'"


def upgrade() -> None:
    op.create_index(
        "ix_incident_long_period",
        "incident",
        ["date_precision", "event_date", "lat", "lon"],
        sqlite_where=sa.text(LONGER),
        postgresql_where=sa.text(LONGER),
    )


def downgrade() -> None:
    op.drop_index("ix_incident_long_period", table_name="incident")

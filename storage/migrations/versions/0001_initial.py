"""Initial schema: exactly the tables of storage/models.py.

Datetimes are naive UTC columns (storage.models.UtcDateTime reads them back aware).

Revision ID: 0001_initial
Revises: (none)
Create Date: 2026-11-24 05:10:50.315167
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=True),
        sa.Column("migrated_to", sa.String(), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id"),
    )
    op.create_table(
        "feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("language", sa.String(), nullable=True),
        sa.Column("etag", sa.String(), nullable=True),
        sa.Column("last_modified", sa.String(), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("next_poll_at", sa.DateTime(), nullable=True),
        sa.Column("last_polled_at", sa.DateTime(), nullable=True),
        sa.Column("last_success_at", sa.DateTime(), nullable=True),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("feed", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feed_next_poll_at"), ["next_poll_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_feed_url"), ["url"], unique=True)

    op.create_table(
        "incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("location", sa.String(), nullable=True),
        sa.Column("admin1", sa.String(), nullable=True),
        sa.Column("admin2", sa.String(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("place_precision", sa.String(), nullable=True),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("date_precision", sa.String(), nullable=False),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("last_updated", sa.DateTime(), nullable=False),
        sa.Column("acled_id", sa.String(), nullable=True),
        sa.Column("acled_fatalities", sa.Integer(), nullable=True),
        sa.Column("acled_actor1", sa.String(), nullable=True),
        sa.Column("acled_actor2", sa.String(), nullable=True),
        sa.Column("acled_notes", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("acled_id"),
    )
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.create_index("ix_incident_admin1_date", ["admin1", "event_date"], unique=False)
        batch_op.create_index("ix_incident_date_place", ["event_date", "lat", "lon"], unique=False)

    op.create_table(
        "poll_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("feeds_ok", sa.Integer(), nullable=False),
        sa.Column("feeds_failed", sa.Integer(), nullable=False),
        sa.Column("feeds_not_modified", sa.Integer(), nullable=False),
        sa.Column("stories_new", sa.Integer(), nullable=False),
        sa.Column("stories_relevant", sa.Integer(), nullable=False),
        sa.Column("incidents_new", sa.Integer(), nullable=False),
        sa.Column("alerts_queued", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("poll_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_poll_run_started_at"), ["started_at"], unique=False)

    op.create_table(
        "watch_keyword",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(), nullable=False),
        sa.Column("display", sa.String(), nullable=False),
        sa.Column("mode", sa.String(), nullable=False),
        sa.Column("added_by", sa.String(), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("word"),
    )
    op.create_table(
        "story",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feed_id", sa.Integer(), nullable=True),
        sa.Column("guid", sa.String(), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("published", sa.DateTime(), nullable=False),
        sa.Column("fetched", sa.DateTime(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.Column("simhash", sa.BigInteger(), nullable=True),
        sa.Column("relevant", sa.Boolean(), nullable=False),
        sa.Column("matched_keywords", sa.String(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("syndicated_copy_of", sa.Integer(), nullable=True),
        sa.Column("alertable", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["feed_id"],
            ["feed.id"],
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.ForeignKeyConstraint(
            ["syndicated_copy_of"],
            ["story.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("feed_id", "guid", name="uq_story_feed_guid"),
    )
    with op.batch_alter_table("story", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_content_hash"), ["content_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_story_feed_id"), ["feed_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_story_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_story_published"), ["published"], unique=False)
        batch_op.create_index(batch_op.f("ix_story_url"), ["url"], unique=True)

    op.create_table(
        "alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("dedup_key", sa.String(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("story_id", sa.Integer(), nullable=True),
        sa.Column("chat_id", sa.String(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=True),
        sa.Column("silent", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.Column("telegram_message_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedup_key"),
    )
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.create_index("ix_alert_due", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_alert_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alert_status"), ["status"], unique=False)

    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("claimant", sa.String(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("low", sa.Integer(), nullable=True),
        sa.Column("high", sa.Integer(), nullable=True),
        sa.Column("qualifier", sa.String(), nullable=False),
        sa.Column("wording", sa.String(), nullable=False),
        sa.Column("victims", sa.String(), nullable=False),
        sa.Column("victims_detail", sa.String(), nullable=False),
        sa.Column("scope", sa.String(), nullable=True),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_claimant"), ["claimant"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_story_id"), ["story_id"], unique=False)

    op.create_table(
        "story_incident",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
        ),
        sa.PrimaryKeyConstraint("story_id", "incident_id"),
    )
    with op.batch_alter_table("story_incident", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_story_incident_incident_id"), ["incident_id"], unique=False
        )

    op.create_table(
        "contradiction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("first_claim_id", sa.Integer(), nullable=False),
        sa.Column("second_claim_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_claim_id"],
            ["claim.id"],
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.ForeignKeyConstraint(
            ["second_claim_id"],
            ["claim.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id", "category", "kind", name="uq_contradiction_kind"),
    )
    with op.batch_alter_table("contradiction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contradiction_incident_id"), ["incident_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("contradiction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contradiction_incident_id"))

    op.drop_table("contradiction")
    with op.batch_alter_table("story_incident", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_incident_incident_id"))

    op.drop_table("story_incident")
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_story_id"))
        batch_op.drop_index(batch_op.f("ix_claim_incident_id"))
        batch_op.drop_index(batch_op.f("ix_claim_claimant"))

    op.drop_table("claim")
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_status"))
        batch_op.drop_index(batch_op.f("ix_alert_incident_id"))
        batch_op.drop_index("ix_alert_due")

    op.drop_table("alert")
    with op.batch_alter_table("story", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_url"))
        batch_op.drop_index(batch_op.f("ix_story_published"))
        batch_op.drop_index(batch_op.f("ix_story_incident_id"))
        batch_op.drop_index(batch_op.f("ix_story_feed_id"))
        batch_op.drop_index(batch_op.f("ix_story_content_hash"))

    op.drop_table("story")
    op.drop_table("watch_keyword")
    with op.batch_alter_table("poll_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_poll_run_started_at"))

    op.drop_table("poll_run")
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_date_place")
        batch_op.drop_index("ix_incident_admin1_date")

    op.drop_table("incident")
    with op.batch_alter_table("feed", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feed_url"))
        batch_op.drop_index(batch_op.f("ix_feed_next_poll_at"))

    op.drop_table("feed")
    op.drop_table("chat")

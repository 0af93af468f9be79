"""SQLModel tables. Each class ends in ``Row`` so that ``Incident`` keeps meaning the domain value.

The same tables run on SQLite and PostgreSQL. Times are stored as UTC. Enumerations are stored
as their string values (see ``feeds/model/``). Unique constraints mark what would be a bug if
duplicated: a feed URL, a story's canonical URL, a watch word, an alert's dedup key, one
contradiction per incident, category and kind.

Schema changes go through Alembic (``storage/migrations``); never edit a released migration.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import BigInteger, Column, DateTime, Index, Text, UniqueConstraint, text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UtcDateTime(TypeDecorator[datetime]):
    """A plain ``DateTime`` column that stores naive UTC and reads back aware UTC.

    The DDL is the same as ``DateTime``; the decorator only makes both backends agree: SQLite
    would drop the offset of an aware value and PostgreSQL would shift it by the session time
    zone. A naive value is taken as UTC already.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value
        if moment.tzinfo is None:
            return moment
        return moment.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class FeedRow(SQLModel, table=True):
    __tablename__ = "feed"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(unique=True, index=True)
    title: str = ""
    language: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    added_at: datetime = Field(sa_type=UtcDateTime)
    next_poll_at: datetime | None = Field(sa_type=UtcDateTime, default=None, index=True)
    last_polled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_success_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    consecutive_failures: int = 0
    last_error: str | None = None
    enabled: bool = True
    kind: str = "feed"  # feed (RSS/Atom/RDF) | telegram (a public channel's t.me/s/ page)
    full_text: str = "auto"  # auto | fetch | never: when to read the article page (README)

    @property
    def healthy(self) -> bool:
        return self.consecutive_failures == 0


# The predicate of the partial index ix_incident_long_period, written as SQL text so that a
# query repeating it exactly can use the index (SQLite matches partial indexes textually).
INCIDENT_LONGER_PERIOD = "date_precision != 'day'"


class IncidentRow(SQLModel, table=True):
    __tablename__ = "incident"
    __table_args__ = (
        Index("ix_incident_date_place", "event_date", "lat", "lon"),
        Index("ix_incident_admin1_date", "admin1", "event_date"),
        # Only the incidents dated to a week, month or year (candidate matching's look-back).
        Index(
            "ix_incident_long_period",
            "date_precision",
            "event_date",
            "lat",
            "lon",
            sqlite_where=text(INCIDENT_LONGER_PERIOD),
            postgresql_where=text(INCIDENT_LONGER_PERIOD),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_type: str
    summary: str = ""
    location: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    place_precision: str | None = None
    event_date: date
    date_precision: str = "day"
    first_seen: datetime = Field(sa_type=UtcDateTime)
    last_updated: datetime = Field(sa_type=UtcDateTime)
    acled_id: str | None = Field(default=None, unique=True)  # imported from ACLED CSV
    acled_fatalities: int | None = None
    acled_actor1: str | None = None
    acled_actor2: str | None = None
    acled_notes: str | None = Field(default=None, sa_column=Column(Text))
    # Set when an analyst merged this incident into another (/merge): closed, points there.
    merged_into: int | None = Field(default=None, foreign_key="incident.id")


class StoryRow(SQLModel, table=True):
    __tablename__ = "story"
    __table_args__ = (UniqueConstraint("feed_id", "guid", name="uq_story_feed_guid"),)

    id: int | None = Field(default=None, primary_key=True)
    feed_id: int | None = Field(default=None, foreign_key="feed.id", index=True)
    guid: str
    url: str = Field(unique=True, index=True)  # canonical link
    title: str = ""
    text: str = Field(default="", sa_column=Column(Text))
    published: datetime = Field(sa_type=UtcDateTime, index=True)
    fetched: datetime = Field(sa_type=UtcDateTime)
    language: str = "en"
    content_hash: str = Field(default="", index=True)
    # 64-bit lead simhash stored signed (feeds.model.fingerprint.simhash_to_signed): wire copies
    simhash: int | None = Field(default=None, sa_type=BigInteger)
    relevant: bool = False
    matched_keywords: str = ""  # comma-separated
    incident_id: int | None = Field(default=None, foreign_key="incident.id", index=True)  # main
    syndicated_copy_of: int | None = Field(default=None, foreign_key="story.id")
    alertable: bool = True  # False for backlog items stored on a feed's first poll
    summary: str = Field(default="", sa_column=Column(Text))  # feed text, when text is the page's
    text_note: str | None = None  # why the article page's text was not used
    edited_at: datetime | None = Field(default=None, sa_type=UtcDateTime)  # channel post edited
    deleted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)  # channel post gone


class PageRow(SQLModel, table=True):
    """An article page as last fetched, keyed by its URL: fetched once, re-asked conditionally.

    ``error`` is set when the page could not be fetched or read (``text`` is then empty).
    """

    __tablename__ = "page"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(unique=True, index=True)
    final_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    title: str = ""
    text: str = Field(default="", sa_column=Column(Text))
    language: str | None = None
    published: datetime | None = Field(default=None, sa_type=UtcDateTime)
    error: str | None = None
    fetched_at: datetime = Field(sa_type=UtcDateTime)


class StoryIncidentRow(SQLModel, table=True):
    """A story's link to an incident, with its role: main, other or background."""

    __tablename__ = "story_incident"

    story_id: int = Field(foreign_key="story.id", primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", primary_key=True, index=True)
    role: str = "main"


class ClaimRow(SQLModel, table=True):
    """One claim as read in one story. Claims with equal ``key`` across stories are one claim
    with several sources; background claims of an unknown incident keep ``incident_id`` null."""

    __tablename__ = "claim"

    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="story.id", index=True)
    incident_id: int | None = Field(default=None, foreign_key="incident.id", index=True)
    claimant: str = Field(index=True)
    category: str
    low: int | None = None
    high: int | None = None
    qualifier: str = "exact"
    wording: str = ""
    victims: str = "unspecified"
    victims_detail: str = ""
    scope: str | None = None
    role: str = "main"
    sentence: str = Field(default="", sa_column=Column(Text))
    perpetrator: str | None = None  # who the story says did it (ACLED's actor1)
    created_at: datetime = Field(sa_type=UtcDateTime)


class ContradictionRow(SQLModel, table=True):
    __tablename__ = "contradiction"
    __table_args__ = (
        UniqueConstraint("incident_id", "category", "kind", name="uq_contradiction_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    category: str
    kind: str
    first_claim_id: int = Field(foreign_key="claim.id")
    second_claim_id: int = Field(foreign_key="claim.id")
    summary: str = ""
    created_at: datetime = Field(sa_type=UtcDateTime)


class AlertRow(SQLModel, table=True):
    """The outbox. Written in the story's transaction; delivered by ``bot/delivery/worker.py``.

    ``dedup_key`` makes enqueueing idempotent (e.g. ``contradiction:12:killed:count``).
    A worker leases a row (status ``sending``, ``lease_until``) before calling Telegram, so
    several processes can share the table; an expired lease is pending again.

    ``lease_token`` names the lease: a worker's writes (``mark_alert_*``) only land while the
    row still carries its token, so a worker whose lease expired (and was taken over) cannot
    overwrite the new holder. ``sent_chunks`` counts the parts of a long alert already sent, so
    a retry resumes after the last one instead of repeating the first.
    """

    __tablename__ = "alert"
    __table_args__ = (
        Index("ix_alert_due", "status", "next_attempt_at"),
        Index("ix_alert_created_at", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    dedup_key: str = Field(unique=True)
    incident_id: int | None = Field(default=None, foreign_key="incident.id", index=True)
    story_id: int | None = Field(default=None, foreign_key="story.id")
    chat_id: str
    thread_id: int | None = None
    payload: str = Field(default="{}", sa_column=Column(Text))  # JSON
    silent: bool = False
    priority: int = 1  # 0 first (new incidents, disputes), then 1, then 2 (updates, summaries)
    status: str = Field(default="pending", index=True)
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_type=UtcDateTime)
    lease_until: datetime | None = Field(default=None, sa_type=UtcDateTime)
    lease_token: str | None = None
    sent_chunks: int = 0
    last_error: str | None = None
    telegram_message_id: int | None = None
    created_at: datetime = Field(sa_type=UtcDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class WatchKeywordRow(SQLModel, table=True):
    __tablename__ = "watch_keyword"

    id: int | None = Field(default=None, primary_key=True)
    word: str = Field(unique=True)  # stored folded: lower case, accents removed
    display: str = ""  # as typed
    mode: str = "include"  # include | exclude
    added_by: str | None = None
    added_at: datetime = Field(sa_type=UtcDateTime)


class ChatRow(SQLModel, table=True):
    __tablename__ = "chat"

    id: int | None = Field(default=None, primary_key=True)
    chat_id: str = Field(unique=True)
    title: str = ""
    kind: str = ""  # channel | supergroup | group | private
    thread_id: int | None = None
    migrated_to: str | None = None
    added_at: datetime = Field(sa_type=UtcDateTime)


class PollRunRow(SQLModel, table=True):
    """One polling cycle, for /status and the digest's feed-health line."""

    __tablename__ = "poll_run"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(sa_type=UtcDateTime, index=True)
    finished_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    feeds_ok: int = 0
    feeds_failed: int = 0
    feeds_not_modified: int = 0
    stories_new: int = 0
    stories_relevant: int = 0
    incidents_new: int = 0
    alerts_queued: int = 0


class CorrectionRow(SQLModel, table=True):
    """An analyst's correction (/merge, /split, /unlink, /fix): what, who and when.

    ``incident_id`` is the incident the correction shows on (merge: the one kept; split: the one
    the story left; unlink: the one it left; fix: the claim's); ``other_incident_id`` the second
    one (merge: the one closed; split: the one opened). ``detail`` is JSON (a fix keeps the
    claim's values before and after, so a re-read story does not bring the old ones back).
    """

    __tablename__ = "correction"

    id: int | None = Field(default=None, primary_key=True)
    kind: str  # merge | split | unlink | fix
    incident_id: int | None = Field(default=None, foreign_key="incident.id", index=True)
    other_incident_id: int | None = Field(default=None, foreign_key="incident.id", index=True)
    story_id: int | None = Field(default=None, foreign_key="story.id", index=True)
    claim_id: int | None = Field(default=None, foreign_key="claim.id")
    detail: str = Field(default="{}", sa_column=Column(Text))
    made_by: str
    made_at: datetime = Field(sa_type=UtcDateTime)


class SubscriptionRow(SQLModel, table=True):
    """A private chat's subscription to a region, a place or a keyword (/subscribe)."""

    __tablename__ = "subscription"
    __table_args__ = (UniqueConstraint("chat_id", "kind", "value", name="uq_subscription"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: str = Field(index=True)
    kind: str  # region | place | keyword
    value: str  # folded: lower case, accents removed (a region: its admin1 name)
    display: str = ""  # as shown back to the user
    added_at: datetime = Field(sa_type=UtcDateTime)


class ChatLanguageRow(SQLModel, table=True):
    """The language a chat reads (``/lang fr|en``); absent: the user's Telegram language in a
    private chat, ``MALIWATCH_LANGUAGE`` elsewhere."""

    __tablename__ = "chat_language"

    chat_id: str = Field(primary_key=True)
    language: str
    set_by: str | None = None  # the Telegram user id who chose it
    updated_at: datetime = Field(sa_type=UtcDateTime)

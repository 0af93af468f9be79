"""The cheap schema check (no Alembic import when at head) and the per-feed known-items query."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage.db import alembic_config, upgrade_database
from storage.models import FeedRow, StoryRow
from storage.queries import story_keys
from storage.queries.story_keys import known_story_keys
from storage.schema_version import head_revisions, is_at_head

NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


def test_the_head_read_from_the_files_is_alembics() -> None:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert head_revisions() == frozenset(heads) and len(heads) == 1


def test_is_at_head_only_after_the_upgrade(empty_engine: Engine) -> None:
    with empty_engine.connect() as connection:
        assert not is_at_head(connection)  # no alembic_version table
    upgrade_database(empty_engine)
    with empty_engine.connect() as connection:
        assert is_at_head(connection)
    with empty_engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0002_alert_lease_token")
    with empty_engine.connect() as connection:
        assert not is_at_head(connection)
    upgrade_database(empty_engine)  # an older revision still goes through Alembic
    with empty_engine.connect() as connection:
        assert is_at_head(connection)


def _story(feed_id: int, guid: str, url: str) -> StoryRow:
    return StoryRow(
        feed_id=feed_id, guid=guid, url=url, title="t", text="x", published=NOW, fetched=NOW,
        content_hash=guid,
    )  # fmt: skip


def test_known_keys_by_this_feeds_guid_or_any_url(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(story_keys, "IN_SLICE", 2)  # several slices on both backends
    with Session(engine) as session:
        one = FeedRow(url="https://a.example/rss", added_at=NOW)
        two = FeedRow(url="https://b.example/rss", added_at=NOW)
        session.add_all([one, two])
        session.flush()
        assert one.id is not None and two.id is not None
        session.add_all(
            [_story(one.id, f"g{n}", f"https://a.example/{n}") for n in range(5)]
            + [_story(two.id, "other", "https://b.example/other")]
        )
        session.commit()
        known = known_story_keys(
            session=session,
            feed_id=one.id,
            guids=["g0", "g3", "g4", "other", "new"],
            urls=["https://a.example/1", "https://b.example/other", "https://new.example/"],
        )
    assert known.guids == {"g0", "g3", "g4"}  # "other" is another feed's guid
    assert known.urls == {"https://a.example/1", "https://b.example/other"}
    assert known.has(guid="other", url="https://b.example/other")  # by URL
    assert not known.has(guid="other", url="https://new.example/")

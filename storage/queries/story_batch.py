"""Irrelevant stories stored in one statement per batch, not one transaction and ~6 statements each.

Most items of a general news feed are not about Mali: they are kept (so that they are never
read again) but raise nothing and join no incident. :func:`insert_plain_stories` writes a
batch of them with one multi-row ``INSERT … ON CONFLICT DO NOTHING … RETURNING id, url``:
an item another worker stored meanwhile (same feed and guid, or same canonical URL), or a
repeat inside the batch, is simply not inserted and comes back as ``None`` (a duplicate).

They take no incident matching lock, no wire-copy lookup and no simhash: a copy of an
irrelevant text is itself irrelevant, and leaving them out of the simhash column keeps the
near-duplicate scan (``storage.queries.stories.MAX_SIMHASH_SCAN`` newest fingerprints) for the
stories it is meant for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from feeds.model import Story
from storage.models import StoryRow

if TYPE_CHECKING:
    from sqlmodel import Session

ROWS_PER_STATEMENT = 200  # x 17 columns: far below SQLite's and PostgreSQL's parameter limits


@dataclass(frozen=True, slots=True)
class PlainStory:
    """One irrelevant story to store: what ``save_story_outcome`` would have written."""

    story: Story
    feed_id: int | None
    matched_keywords: tuple[str, ...] = ()
    alertable: bool = False


def _values(item: PlainStory, now: datetime) -> dict[str, Any]:
    story = item.story
    return {
        "feed_id": item.feed_id,
        "guid": story.guid,
        "url": story.url,
        "title": story.title,
        "text": story.text,
        "published": story.published,
        "fetched": story.fetched or now,
        "language": story.language,
        "content_hash": story.content_hash,
        "simhash": None,
        "relevant": False,
        "matched_keywords": ",".join(item.matched_keywords),
        "incident_id": None,
        "syndicated_copy_of": None,
        "alertable": item.alertable,
        "summary": story.summary,
        "text_note": story.text_note or None,
    }


def insert_plain_stories(
    *, session: Session, items: Sequence[PlainStory], now: datetime
) -> list[int | None]:
    """Insert the stories; per item, in order, its new id or ``None`` when it was a duplicate."""
    from sqlalchemy.dialects import postgresql, sqlite

    table = StoryRow.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    ids_by_url: dict[str, int] = {}
    seen_urls: set[str] = set()
    seen_guids: set[tuple[int | None, str]] = set()
    unique: list[PlainStory] = []
    for item in items:  # repeats inside the batch: the first one is stored
        key = (item.feed_id, item.story.guid)
        if item.story.url in seen_urls or key in seen_guids:
            continue
        seen_urls.add(item.story.url)
        seen_guids.add(key)
        unique.append(item)
    for start in range(0, len(unique), ROWS_PER_STATEMENT):
        part = unique[start : start + ROWS_PER_STATEMENT]
        statement = (
            insert(table)
            .values([_values(item, now) for item in part])
            .on_conflict_do_nothing()
            .returning(table.c.id, table.c.url)
        )
        for story_id, url in session.execute(statement):
            ids_by_url[url] = story_id
    chosen = {id(item) for item in unique}
    return [ids_by_url.get(item.story.url) if id(item) in chosen else None for item in items]

"""Stories: the already-seen check and wire-copy lookup."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from feeds.model.fingerprint import is_near_duplicate, simhash_from_signed
from storage.models import StoryRow

# How many recent fingerprints the near-duplicate scan reads at most (newest first).
MAX_SIMHASH_SCAN = 5000


def find_existing_story(
    *, session: Session, feed_id: int | None, guid: str, url: str
) -> StoryRow | None:
    """The stored story with this feed and guid, or with this canonical URL."""
    same_item = (col(StoryRow.feed_id) == feed_id) & (col(StoryRow.guid) == guid)
    query = (
        select(StoryRow).where(or_(same_item, col(StoryRow.url) == url)).order_by(col(StoryRow.id))
    )
    return session.exec(query).first()


def find_wire_original(
    *, session: Session, content_hash: str, simhash: int | None, since: datetime
) -> StoryRow | None:
    """The first story published since ``since`` with the same text (hash) or a near-identical
    lead (simhash). A match that is itself a copy leads to its original."""
    found = _by_content_hash(session, content_hash, since) if content_hash else None
    if found is None and simhash:  # 0 is NO_FINGERPRINT: a text too short to compare
        found = _by_simhash(session, simhash, since)
    if found is not None and found.syndicated_copy_of is not None:
        original = session.get(StoryRow, found.syndicated_copy_of)
        return original or found
    return found


def _by_content_hash(session: Session, content_hash: str, since: datetime) -> StoryRow | None:
    query = (
        select(StoryRow)
        .where(col(StoryRow.content_hash) == content_hash, col(StoryRow.published) >= since)
        .order_by(col(StoryRow.id))
    )
    return session.exec(query).first()


def _by_simhash(session: Session, fingerprint: int, since: datetime) -> StoryRow | None:
    query = (
        select(col(StoryRow.id), col(StoryRow.simhash))
        .where(col(StoryRow.published) >= since, col(StoryRow.simhash).is_not(None))
        .order_by(col(StoryRow.id).desc())
        .limit(MAX_SIMHASH_SCAN)
    )
    matches = [
        story_id
        for story_id, stored in session.exec(query)
        if story_id is not None
        and stored is not None
        and is_near_duplicate(simhash_from_signed(stored), fingerprint)
    ]
    return session.get(StoryRow, min(matches)) if matches else None

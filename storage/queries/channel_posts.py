"""Channel posts: stories of a public Telegram channel whose post was edited or deleted.

A channel's stories have the guid ``NAME/ID`` (``feeds/ingest/channel.py``). An edited post
keeps its story row (its id, incident and alerts) and takes the new text; a post gone from the
channel's page is kept and marked with ``deleted_at``."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlmodel import Session, col, select

from feeds.model import Role, Story, StoryAnalysis
from feeds.model.fingerprint import NO_FINGERPRINT, simhash, simhash_to_signed
from storage.models import ClaimRow, StoryRow
from storage.queries._convert import claim_from_row, claim_row
from storage.queries.corrections import original_claim_keys

log = logging.getLogger(__name__)


def channel_stories(*, session: Session, feed_id: int) -> list[StoryRow]:
    """Every story the channel feed has stored (deleted ones too), oldest first."""
    query = select(StoryRow).where(col(StoryRow.feed_id) == feed_id).order_by(col(StoryRow.id))
    return list(session.exec(query))


def update_edited_story(
    *, session: Session, story_id: int, story: Story, analysis: StoryAnalysis, now: datetime
) -> int:
    """Give a stored story its post's new text; returns how many new claims were stored.

    The figures the new text gives that the story did not have yet are stored as claims of the
    story's main incident (an edit corrects a post; it does not move the event). The earlier
    claims stay: they were published and may have been relayed.
    """
    row = session.get(StoryRow, story_id)
    if row is None:
        raise LookupError(f"no story {story_id}")
    row.title, row.text, row.content_hash = story.title, story.text, story.content_hash
    fingerprint = simhash(story.text)
    row.simhash = None if fingerprint == NO_FINGERPRINT else simhash_to_signed(fingerprint)
    row.relevant = row.relevant or analysis.relevant
    row.edited_at = now
    session.add(row)
    known = {
        claim_from_row(claim).key
        for claim in session.exec(select(ClaimRow).where(col(ClaimRow.story_id) == story_id))
    }
    known |= original_claim_keys(session=session, story_id=story_id)  # an analyst fixed them
    added = 0
    main = analysis.main_event
    for claim in main.claims if main is not None and analysis.relevant else ():
        if claim.key in known or claim.role is not Role.MAIN:
            continue
        session.add(claim_row(claim, story_id=story_id, incident_id=row.incident_id, now=now))
        known.add(claim.key)
        added += 1
    session.flush()
    log.info("story %s edited (%s): %d new claims", story_id, story.url, added)
    return added


def mark_deleted(*, session: Session, story_ids: list[int], now: datetime) -> int:
    """Mark stories whose post is gone; a story already marked keeps its first mark."""
    marked = 0
    for story_id in story_ids:
        row = session.get(StoryRow, story_id)
        if row is not None and row.deleted_at is None:
            row.deleted_at = now
            session.add(row)
            marked += 1
    session.flush()
    return marked

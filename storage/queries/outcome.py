"""``save_story_outcome``: everything one story changes, written in one transaction.

The pipeline decides (``feeds.pipeline.run.plan_events``); this module only persists: the story row,
per event the incident (opened or touched), the story↔incident link with its role, the claim rows,
and the contradictions new to the incident. Which alerts the story raises is the pipeline's
choice (``feeds/pipeline/alerts.py``), queued in the same transaction. It runs inside a
SAVEPOINT, so an error leaves nothing of the story behind even if the caller's
transaction goes on with other stories.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from feeds.model import Contradiction, Role
from feeds.model.fingerprint import NO_FINGERPRINT, simhash, simhash_to_signed
from feeds.model.outcome import (
    EventOutcome,
    SavedEvent,
    SavedOutcome,
    StoredContradiction,
    StoryOutcome,
)
from storage.models import (
    AlertRow,
    ClaimRow,
    ContradictionRow,
    IncidentRow,
    StoryIncidentRow,
    StoryRow,
)
from storage.queries._convert import (
    claim_from_row,
    claim_row,
    new_incident_row,
    refine_incident,
)
from storage.queries.stories import find_existing_story

log = logging.getLogger(__name__)

_ROLE_RANK = {Role.MAIN.value: 0, Role.OTHER.value: 1, Role.BACKGROUND.value: 2}


@dataclass
class _Links:
    """The story's incident links so far (one per incident, the strongest role wins)."""

    roles: dict[int, str] = field(default_factory=dict)
    rows: dict[int, StoryIncidentRow] = field(default_factory=dict)


def save_story_outcome(*, session: Session, outcome: StoryOutcome) -> SavedOutcome:
    """Store a story and what it says; a story already stored returns its existing ids."""
    story = outcome.story
    existing = find_existing_story(
        session=session, feed_id=outcome.feed_id, guid=story.guid, url=story.url
    )
    if existing is not None:
        return _already_saved(session, existing)
    now = outcome.now
    try:
        with session.begin_nested():
            saved = _write_outcome(session, outcome, now)
    except IntegrityError:
        # Another worker stored the same story since we looked (unique feed+guid or URL).
        existing = find_existing_story(
            session=session, feed_id=outcome.feed_id, guid=story.guid, url=story.url
        )
        if existing is None:
            raise
        log.info("story %s was stored meanwhile by another worker", story.url)
        return _already_saved(session, existing)
    log.info(
        "story %s saved (%s): incidents %s, new %s, alerts %d",
        saved.story_id,
        story.url,
        saved.incident_ids,
        saved.new_incident_ids,
        len(saved.alert_ids),
    )
    return saved


def _write_outcome(session: Session, outcome: StoryOutcome, now: datetime) -> SavedOutcome:
    story_row = _insert_story(session, outcome, now)
    story_id: int = story_row.id  # type: ignore[assignment]
    links = _Links()
    events = [
        _save_event(session, outcome, event, story_id=story_id, links=links, now=now)
        for event in outcome.events
    ]
    main = next((e.incident_id for e in events if e.role is Role.MAIN and e.incident_id), None)
    if main is not None:
        story_row.incident_id = main
        session.add(story_row)
    session.flush()
    incident_ids = sorted(links.roles, key=lambda i: (_ROLE_RANK[links.roles[i]], i))
    return SavedOutcome(
        story_id=story_id,
        incident_ids=tuple(incident_ids),
        new_incident_ids=tuple(e.incident_id for e in events if e.is_new and e.incident_id),
        events=tuple(events),
    )


def _insert_story(session: Session, outcome: StoryOutcome, now: datetime) -> StoryRow:
    story = outcome.story
    row = StoryRow(
        feed_id=outcome.feed_id,
        guid=story.guid,
        url=story.url,
        title=story.title,
        text=story.text,
        published=story.published,
        fetched=story.fetched or now,
        language=story.language,
        content_hash=story.content_hash,
        simhash=_fingerprint(story.text, outcome.lead_simhash),
        relevant=outcome.analysis.relevant,
        matched_keywords=",".join(outcome.analysis.matched_keywords),
        syndicated_copy_of=outcome.syndicated_copy_of,
        alertable=outcome.alertable,
        summary=story.summary,
        text_note=story.text_note or None,
    )
    session.add(row)
    session.flush()
    return row


def _fingerprint(text: str, known: int | None = None) -> int | None:
    """The lead simhash in signed form; None when the text is too short to have one."""
    value = simhash(text) if known is None else known
    return None if value == NO_FINGERPRINT else simhash_to_signed(value)


def _save_event(
    session: Session,
    outcome: StoryOutcome,
    planned: EventOutcome,
    *,
    story_id: int,
    links: _Links,
    now: datetime,
) -> SavedEvent:
    incident, is_new = _resolve_incident(session, outcome, planned, now)
    incident_id = incident.id if incident is not None else None
    if incident_id is not None:
        _link(session, links, story_id=story_id, incident_id=incident_id, role=planned.event.role)
    claim_ids: dict[tuple[object, ...], int] = {}
    for claim in planned.event.claims:
        row = claim_row(claim, story_id=story_id, incident_id=incident_id, now=now)
        session.add(row)
        session.flush()
        claim_ids.setdefault(claim.key, row.id)  # type: ignore[arg-type]
    contradictions: list[StoredContradiction] = []
    if incident_id is not None:
        contradictions = _insert_contradictions(
            session, incident_id, planned.new_contradictions, claim_ids, now
        )
    return SavedEvent(
        planned=planned,
        incident_id=incident_id,
        is_new=is_new,
        contradictions=tuple(contradictions),
    )


def _resolve_incident(
    session: Session, outcome: StoryOutcome, planned: EventOutcome, now: datetime
) -> tuple[IncidentRow | None, bool]:
    """The incident an event joins (touched), opens (new), or None (unknown background)."""
    if planned.incident_id is not None:
        row = session.get(IncidentRow, planned.incident_id)
        if row is None:
            raise LookupError(f"event planned into missing incident {planned.incident_id}")
        refine_incident(row, planned.event, now=now)
        session.add(row)
        return row, False
    if not planned.open_incident:
        return None, False
    row = new_incident_row(planned.event, fallback_day=outcome.story.published, now=now)
    session.add(row)
    session.flush()
    return row, True


def _link(session: Session, links: _Links, *, story_id: int, incident_id: int, role: Role) -> None:
    known = links.roles.get(incident_id)
    if known is not None and _ROLE_RANK[known] <= _ROLE_RANK[role.value]:
        return
    links.roles[incident_id] = role.value
    row = links.rows.get(incident_id)
    if row is None:
        row = StoryIncidentRow(story_id=story_id, incident_id=incident_id, role=role.value)
        links.rows[incident_id] = row
    row.role = role.value
    session.add(row)
    session.flush()


def _insert_contradictions(
    session: Session,
    incident_id: int,
    found: tuple[Contradiction, ...],
    claim_ids: dict[tuple[object, ...], int],
    now: datetime,
) -> list[StoredContradiction]:
    """Insert the contradictions not yet stored for the incident (one per category and kind)."""
    inserted: list[StoredContradiction] = []
    stored_claims: dict[tuple[object, ...], int] | None = None
    for contradiction in found:
        if _has_contradiction(session, incident_id, contradiction):
            continue
        if stored_claims is None:
            stored_claims = {**_incident_claim_ids(session, incident_id), **claim_ids}
        first = stored_claims.get(contradiction.first.key)
        second = stored_claims.get(contradiction.second.key)
        if first is None or second is None:
            log.warning(
                "incident %s: contradiction %s has a claim that is not stored; skipped",
                incident_id,
                contradiction.key,
            )
            continue
        row = ContradictionRow(
            incident_id=incident_id,
            category=contradiction.category.value,
            kind=contradiction.kind.value,
            first_claim_id=first,
            second_claim_id=second,
            summary=contradiction.summary,
            created_at=now,
        )
        session.add(row)
        session.flush()
        inserted.append(StoredContradiction(row.id, contradiction, first, second))  # type: ignore[arg-type]
    return inserted


def _has_contradiction(session: Session, incident_id: int, found: Contradiction) -> bool:
    query = select(col(ContradictionRow.id)).where(
        col(ContradictionRow.incident_id) == incident_id,
        col(ContradictionRow.category) == found.category.value,
        col(ContradictionRow.kind) == found.kind.value,
    )
    return session.exec(query).first() is not None


def _incident_claim_ids(session: Session, incident_id: int) -> dict[tuple[object, ...], int]:
    """Claim key → the first stored claim row with that key in the incident."""
    rows = session.exec(
        select(ClaimRow).where(col(ClaimRow.incident_id) == incident_id).order_by(col(ClaimRow.id))
    )
    found: dict[tuple[object, ...], int] = {}
    for row in rows:
        found.setdefault(claim_from_row(row).key, row.id)  # type: ignore[arg-type]
    return found


def _already_saved(session: Session, story: StoryRow) -> SavedOutcome:
    main_first = case((col(StoryIncidentRow.role) == Role.MAIN.value, 0), else_=1)
    incident_ids = session.exec(
        select(col(StoryIncidentRow.incident_id))
        .where(col(StoryIncidentRow.story_id) == story.id)
        .order_by(main_first, col(StoryIncidentRow.incident_id))
    ).all()
    alert_ids = session.exec(
        select(col(AlertRow.id))
        .where(col(AlertRow.story_id) == story.id)
        .order_by(col(AlertRow.id))
    ).all()
    return SavedOutcome(
        story_id=story.id,  # type: ignore[arg-type]
        incident_ids=tuple(incident_ids),
        alert_ids=tuple(i for i in alert_ids if i is not None),
        already_stored=True,
    )

"""The alerts one saved story queues (dedup keys and payloads), see ``save_story_outcome``.

Keys make re-queueing a no-op: ``new_incident:{incident}:{chat}``,
``card_edit:{incident}:{story}:{chat}``, ``contradiction:{incident}:{category}:{kind}:{chat}``,
``update:{incident}:{claimant}:{category}:{low}-{high}:{chat}`` (an open bound is empty) and
``story:{story}:{chat}``.

An incident first seen in the backlog (a feed's first poll, stories older than the alert window)
has no card and no alerts. The first alertable story about it then queues its NEW_INCIDENT card
(not a card edit, which would find no card) and every stored contradiction of the incident that
was never alerted; the keys make both safe to repeat. The chat is resolved through its
supergroup migration first, so new alerts go where the chat lives now.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from feeds.model import AlertKind, CasualtyCount, Claim, Contradiction, Role, TollUpdate
from feeds.model.outcome import EventOutcome, StoryOutcome
from storage.models import AlertRow, ClaimRow, ContradictionRow, StoryRow
from storage.queries.alerts import alert_key_exists, enqueue_alert, has_card_alert
from storage.queries.chats import current_chat_id, former_chat_ids

_REPORTED = (Role.MAIN, Role.OTHER)  # roles whose incident gets a card


@dataclass
class SavedEvent:
    planned: EventOutcome
    incident_id: int | None
    is_new: bool
    contradictions: list[tuple[ContradictionRow, Contradiction]] = field(default_factory=list)

    @property
    def role(self) -> Role:
        return self.planned.event.role


def count_payload(count: CasualtyCount) -> dict[str, Any]:
    return {
        "low": count.low,
        "high": count.high,
        "qualifier": count.qualifier.value,
        "wording": count.wording,
    }


def claim_payload(claim: Claim) -> dict[str, Any]:
    return {
        "claimant": claim.claimant,
        "category": claim.category.value,
        **count_payload(claim.count),
        "victims": claim.victims.value,
        "victims_detail": claim.victims_detail,
        "story_url": claim.story_url,
    }


def queue_story_alerts(
    *,
    session: Session,
    outcome: StoryOutcome,
    story_id: int,
    events: list[SavedEvent],
    now: datetime,
) -> list[AlertRow]:
    """Enqueue every alert the saved story calls for; returns the rows actually queued."""
    chat = current_chat_id(session=session, chat_id=outcome.chat_id)
    queue = _Queue(session=session, outcome=outcome, story_id=story_id, now=now, chat=chat)
    for event in events:
        if event.incident_id is None:
            continue
        if event.role in _REPORTED and (event.is_new or not queue.has_card(event.incident_id)):
            queue.new_incident(event)
        elif event.role in _REPORTED and outcome.syndicated_copy_of is None:
            queue.card_edit(event.incident_id)
        for row, contradiction in event.contradictions:
            queue.contradiction(event.incident_id, row, contradiction)
        queue.unalerted_contradictions(event.incident_id)
        for update in event.planned.updates:
            queue.update(event.incident_id, update)
    if not any(event.incident_id is not None for event in events):
        queue.relevant_story()
    return queue.rows


def _stored_claim_payload(session: Session, claim_id: int) -> dict[str, Any]:
    """:func:`claim_payload` of a stored claim (its story gives the URL)."""
    claim = session.get(ClaimRow, claim_id)
    if claim is None:
        return {}
    story = session.get(StoryRow, claim.story_id)
    return {
        "claimant": claim.claimant,
        "category": claim.category,
        "low": claim.low,
        "high": claim.high,
        "qualifier": claim.qualifier,
        "wording": claim.wording,
        "victims": claim.victims,
        "victims_detail": claim.victims_detail,
        "story_url": story.url if story is not None else "",
    }


@dataclass
class _Queue:
    session: Session
    outcome: StoryOutcome
    story_id: int
    now: datetime
    chat: str
    rows: list[AlertRow] = field(default_factory=list)

    def has_card(self, incident_id: int) -> bool:
        return has_card_alert(session=self.session, incident_id=incident_id, chat_id=self.chat)

    def _add(
        self,
        kind: AlertKind,
        key: str,
        payload: dict[str, Any],
        *,
        incident_id: int | None = None,
        silent: bool = False,
    ) -> None:
        row = enqueue_alert(
            session=self.session,
            kind=kind,
            dedup_key=key,
            chat_id=self.chat,
            payload={"story_id": self.story_id, "incident_id": incident_id, **payload},
            incident_id=incident_id,
            story_id=self.story_id,
            silent=silent,
            thread_id=self.outcome.thread_id,
            now=self.now,
        )
        if row is not None:
            self.rows.append(row)

    def new_incident(self, event: SavedEvent) -> None:
        incident_id = event.incident_id
        payload = {
            "event_type": event.planned.event.event_type.value,
            "summary": event.planned.event.summary,
            "role": event.role.value,
        }
        key = f"new_incident:{incident_id}:{self.chat}"
        self._add(AlertKind.NEW_INCIDENT, key, payload, incident_id=incident_id)

    def card_edit(self, incident_id: int) -> None:
        story = self.outcome.story
        payload = {"url": story.url, "title": story.title}
        key = f"card_edit:{incident_id}:{self.story_id}:{self.chat}"
        self._add(AlertKind.CARD_EDIT, key, payload, incident_id=incident_id)

    def contradiction(
        self, incident_id: int, row: ContradictionRow, contradiction: Contradiction
    ) -> None:
        payload = {
            "contradiction_id": row.id,
            "kind": contradiction.kind.value,
            "category": contradiction.category.value,
            "summary": contradiction.summary,
            "first": claim_payload(contradiction.first),
            "second": claim_payload(contradiction.second),
        }
        kind, category = contradiction.kind.value, contradiction.category.value
        key = f"contradiction:{incident_id}:{category}:{kind}:{self.chat}"
        self._add(AlertKind.CONTRADICTION, key, payload, incident_id=incident_id)

    def unalerted_contradictions(self, incident_id: int) -> None:
        """Contradictions stored while the incident's stories were not alertable (backlog)."""
        stored = self.session.exec(
            select(ContradictionRow)
            .where(col(ContradictionRow.incident_id) == incident_id)
            .order_by(col(ContradictionRow.id))
        )
        chats = former_chat_ids(session=self.session, chat_id=self.chat)
        for row in list(stored):
            keys = [f"contradiction:{incident_id}:{row.category}:{row.kind}:{c}" for c in chats]
            if any(alert_key_exists(session=self.session, dedup_key=key) for key in keys):
                continue  # alerted already, maybe in the group before it became a supergroup
            key = keys[0]
            payload = {
                "contradiction_id": row.id,
                "kind": row.kind,
                "category": row.category,
                "summary": row.summary,
                "first": _stored_claim_payload(self.session, row.first_claim_id),
                "second": _stored_claim_payload(self.session, row.second_claim_id),
            }
            self._add(AlertKind.CONTRADICTION, key, payload, incident_id=incident_id)

    def update(self, incident_id: int, update: TollUpdate) -> None:
        payload = {
            "claimant": update.claimant,
            "category": update.category.value,
            "victims": update.victims.value,
            "old": count_payload(update.old),
            "new": count_payload(update.new),
        }
        low = "" if update.new.low is None else update.new.low
        high = "" if update.new.high is None else update.new.high
        category = update.category.value
        key = f"update:{incident_id}:{update.claimant}:{category}:{low}-{high}:{self.chat}"
        self._add(AlertKind.UPDATE, key, payload, incident_id=incident_id, silent=True)

    def relevant_story(self) -> None:
        story = self.outcome.story
        payload = {
            "url": story.url,
            "title": story.title,
            "keywords": list(self.outcome.analysis.matched_keywords),
            "feed": story.feed_title or story.feed_url,
            "published": story.published.isoformat(),
        }
        self._add(AlertKind.RELEVANT_STORY, f"story:{self.story_id}:{self.chat}", payload)

"""The analyst's hands: /merge, /split, /unlink and /fix, and how the story's path respects them.

Each correction runs in the caller's transaction: the rows move (``storage/queries/corrections``),
the affected incidents' disputes are recomputed from their stored claims with the analysis's own
``find_contradictions``, the correction is recorded (who, when, what), and every chat that has the
incident's card gets a card edit, so the card shows the correction.

What the path does to respect them (``feeds/pipeline/run.py``):

* a merged (closed) incident found as a candidate stands for the incident it was merged into,
  with that incident's claims: a new story about either lands in the merged one;
* a story split or unlinked from an incident, and any wire copy of it, never joins that
  incident again;
* a new story's claim equal to one an analyst fixed in its incident is read as fixed, and the
  disputes and toll updates it raises are worked out with the fixed values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session

from feeds.analysis.contradictions import find_contradictions, find_updates
from feeds.analysis.relevance import WatchList
from feeds.analysis.story import analyse_story
from feeds.model import Claim, EventReport, Incident, Role, Story
from feeds.model.alerts import CardEditAlert
from feeds.model.corrections import ClaimFix, Correction, CorrectionKind, claim_values
from feeds.model.outcome import EventOutcome
from storage.models import IncidentRow, StoryRow
from storage.queries import alerts as alert_queries
from storage.queries import corrections as correction_queries
from storage.queries import incidents as incident_queries
from storage.queries._convert import new_incident_row


class Refusal(StrEnum):
    """Why a correction was not made (the bot words each one)."""

    NO_INCIDENT = "no_incident"
    CLOSED = "closed"  # merged away already
    SAME_INCIDENT = "same_incident"
    NO_STORY = "no_story"
    STORY_NOT_IN_INCIDENT = "story_not_in_incident"
    ONLY_STORY = "only_story"  # splitting an incident's only story changes nothing
    NO_LINK = "no_link"
    NO_CLAIM = "no_claim"
    NOTHING_TO_FIX = "nothing_to_fix"


class CorrectionRefused(ValueError):
    def __init__(self, reason: Refusal, subject: int | None = None) -> None:
        super().__init__(reason.value)
        self.reason, self.subject = reason, subject


@dataclass(frozen=True, slots=True)
class Corrected:
    correction: Correction
    incident_ids: tuple[int, ...]  # the incidents whose cards changed
    new_incident_id: int | None = None  # /split: the incident the story opened


# ── the four corrections ─────────────────────────────────────────────────────────────────────


def merge(*, session: Session, keep_id: int, close_id: int, by: str, now: datetime) -> Corrected:
    """Incident ``close_id`` joins ``keep_id``: its stories, claims and disputes move; it is
    closed and points to ``keep_id``."""
    if keep_id == close_id:
        raise CorrectionRefused(Refusal.SAME_INCIDENT, keep_id)
    keep = _open(session, keep_id)
    close = _open(session, close_id)
    correction_queries.merge_rows(session=session, keep=keep, close=close, now=now)
    recompute_contradictions(session=session, incident_id=keep_id, now=now)
    recompute_contradictions(session=session, incident_id=close_id, now=now)
    correction = Correction(
        kind=CorrectionKind.MERGE,
        made_by=by,
        made_at=now,
        incident_id=keep_id,
        other_incident_id=close_id,
    )
    return _done(session, correction, (keep_id, close_id), change=f"#{close_id} merged in")


def split(
    *, session: Session, incident_id: int, story_id: int, by: str, now: datetime
) -> Corrected:
    """The story leaves the incident with its claims and opens an incident of its own."""
    incident = _open(session, incident_id)
    story = session.get(StoryRow, story_id)
    if story is None:
        raise CorrectionRefused(Refusal.NO_STORY, story_id)
    links = correction_queries.story_links(session=session, story_id=story_id)
    if incident_id not in links:
        raise CorrectionRefused(Refusal.STORY_NOT_IN_INCIDENT, story_id)
    if len(incident_queries.story_urls_by_incident(session=session, incident_ids=[incident_id])
           .get(incident_id, [])) <= 1:  # fmt: skip
        raise CorrectionRefused(Refusal.ONLY_STORY, incident_id)
    opened = _incident_for_story(story, incident, now)
    session.add(opened)
    session.flush()
    assert opened.id is not None
    correction_queries.move_story(
        session=session, story_id=story_id, from_incident=incident_id, to_incident=opened.id,
        now=now,
    )  # fmt: skip
    recompute_contradictions(session=session, incident_id=incident_id, now=now)
    recompute_contradictions(session=session, incident_id=opened.id, now=now)
    correction = Correction(
        kind=CorrectionKind.SPLIT,
        made_by=by,
        made_at=now,
        incident_id=incident_id,
        other_incident_id=opened.id,
        story_id=story_id,
    )
    done = _done(session, correction, (incident_id,), change=f"story {story_id} split off")
    return replace(done, new_incident_id=opened.id)


def unlink(*, session: Session, story_id: int, by: str, now: datetime) -> Corrected:
    """The story belongs to no incident (its claims stay with it)."""
    if session.get(StoryRow, story_id) is None:
        raise CorrectionRefused(Refusal.NO_STORY, story_id)
    links = correction_queries.story_links(session=session, story_id=story_id)
    if not links:
        raise CorrectionRefused(Refusal.NO_LINK, story_id)
    left = sorted(links)
    for incident_id in left:
        correction_queries.move_story(
            session=session, story_id=story_id, from_incident=incident_id, to_incident=None,
            now=now,
        )  # fmt: skip
        recompute_contradictions(session=session, incident_id=incident_id, now=now)
    for incident_id in left[1:]:  # one record per incident left; _done records the first
        correction_queries.record_correction(
            session=session,
            correction=Correction(
                kind=CorrectionKind.UNLINK,
                made_by=by,
                made_at=now,
                incident_id=incident_id,
                story_id=story_id,
            ),
        )
    correction = Correction(
        kind=CorrectionKind.UNLINK, made_by=by, made_at=now, incident_id=left[0], story_id=story_id
    )
    return _done(session, correction, tuple(left), change=f"story {story_id} unlinked")


def fix(*, session: Session, claim_id: int, fix: ClaimFix, by: str, now: datetime) -> Corrected:
    """Set a claim's claimant, figure or victims (and its copies' from other stories)."""
    if fix.is_empty:
        raise CorrectionRefused(Refusal.NOTHING_TO_FIX, claim_id)
    done = correction_queries.fix_claim_rows(session=session, claim_id=claim_id, fix=fix)
    if done is None:
        raise CorrectionRefused(Refusal.NO_CLAIM, claim_id)
    before, after, rows = done
    incident_id = rows[0].incident_id
    if incident_id is not None:
        recompute_contradictions(session=session, incident_id=incident_id, now=now)
    correction = Correction(
        kind=CorrectionKind.FIX,
        made_by=by,
        made_at=now,
        incident_id=incident_id,
        story_id=rows[0].story_id,
        claim_id=claim_id,
        detail={
            "before": claim_values(before),
            "after": claim_values(after),
            "fix": correction_queries.fix_json(fix),
        },
    )
    incidents = (incident_id,) if incident_id is not None else ()
    return _done(session, correction, incidents, change=f"claim {claim_id} fixed")


def recompute_contradictions(*, session: Session, incident_id: int, now: datetime) -> None:
    """The incident's disputes, found again over its stored claims (codebook §6)."""
    claims, ids = correction_queries.incident_claims_with_ids(
        session=session, incident_id=incident_id
    )
    correction_queries.replace_contradictions(
        session=session,
        incident_id=incident_id,
        found=find_contradictions(claims),
        claim_ids=ids,
        now=now,
    )


def _open(session: Session, incident_id: int) -> IncidentRow:
    row = session.get(IncidentRow, incident_id)
    if row is None:
        raise CorrectionRefused(Refusal.NO_INCIDENT, incident_id)
    if row.merged_into is not None:
        raise CorrectionRefused(Refusal.CLOSED, incident_id)
    return row


def _incident_for_story(story: StoryRow, incident: IncidentRow, now: datetime) -> IncidentRow:
    """A new incident where the story's own main event is (read again from its stored text);
    the old incident's type, date and place when the text yields no event."""
    keywords = tuple(word for word in story.matched_keywords.split(",") if word)
    event = _main_event(story, keywords)
    if event is not None:
        row = new_incident_row(event, fallback_day=story.published, now=now)
        if event.summary:
            return row
        row.summary = story.title
        return row
    return IncidentRow(
        event_type=incident.event_type,
        summary=story.title or incident.summary,
        location=incident.location,
        admin1=incident.admin1,
        admin2=incident.admin2,
        lat=incident.lat,
        lon=incident.lon,
        place_precision=incident.place_precision,
        event_date=incident.event_date,
        date_precision=incident.date_precision,
        first_seen=now,
        last_updated=now,
    )


def _main_event(story: StoryRow, keywords: tuple[str, ...]) -> EventReport | None:
    if not keywords:
        return None
    domain = Story(
        feed_url="",
        guid=story.guid,
        url=story.url,
        title=story.title,
        text=story.text,
        published=story.published,
        fetched=story.fetched,
        language=story.language,
        content_hash=story.content_hash,
    )
    try:
        analysis = analyse_story(domain, watch=WatchList(include=keywords))
    except Exception:  # a story that cannot be read again keeps the old incident's fields
        return None
    return analysis.main_event


def _done(
    session: Session, correction: Correction, incident_ids: tuple[int, ...], *, change: str
) -> Corrected:
    row = correction_queries.record_correction(session=session, correction=correction)
    recorded = replace(correction, id=row.id)
    for incident_id in incident_ids:
        _edit_cards(session, incident_id, row.id, correction.made_at, change)  # type: ignore[arg-type]
    return Corrected(correction=recorded, incident_ids=incident_ids)


def _edit_cards(
    session: Session, incident_id: int, correction_id: int, now: datetime, change: str
) -> None:
    """A card edit in every chat that has the incident's card (the card shows the correction)."""
    for card in correction_queries.card_alerts(session=session, incident_id=incident_id):
        if card.story_id is None:
            continue
        alert = CardEditAlert(
            incident_id=incident_id,
            story_id=card.story_id,
            url="",
            title="",
            change=f"corrected by an analyst: {change}",
        )
        alert_queries.enqueue_alert(
            session=session,
            alert=alert,
            dedup_key=f"card_edit:{incident_id}:correction:{correction_id}:{card.chat_id}",
            chat_id=card.chat_id,
            now=now,
            thread_id=card.thread_id,
            silent=True,
        )


# ── the story's path ─────────────────────────────────────────────────────────────────────────


def respect_corrections(
    session: Session, candidates: Sequence[Incident], *, detached: Iterable[int] = ()
) -> list[Incident]:
    """Candidates as the analyst left them: a closed incident stands for the one it was merged
    into (its own date and place, that incident's id and claims); incidents in ``detached``
    (those a story or its wire original was taken out of) are dropped."""
    ids = [c.id for c in candidates if c.id is not None]
    targets = correction_queries.merged_targets(session=session, incident_ids=ids)
    excluded = set(detached)
    if targets:
        rows = [session.get(IncidentRow, target) for target in set(targets.values())]
        loaded = incident_queries.incidents_with_claims(
            session=session, rows=[row for row in rows if row is not None]
        )
        by_id = {incident.id: incident for incident in loaded}
    result = []
    for candidate in candidates:
        target = targets.get(candidate.id) if candidate.id is not None else None
        if target is not None:
            merged = by_id.get(target)
            if merged is None:
                continue
            candidate = replace(
                candidate, id=target, claims=merged.claims, story_urls=merged.story_urls
            )
        if candidate.id in excluded:
            continue
        result.append(candidate)
    return result


def detached_from(session: Session, story_ids: Iterable[int | None]) -> set[int]:
    return correction_queries.detached_incidents(
        session=session, story_ids=[story_id for story_id in story_ids if story_id is not None]
    )


def apply_fixes(session: Session, events: Sequence[EventOutcome]) -> tuple[EventOutcome, ...]:
    """Events whose claims an analyst already fixed in their incident, read as fixed, with the
    incident's new disputes and toll updates worked out again over the fixed values."""
    ids = [event.incident_id for event in events if event.incident_id is not None]
    fixes = correction_queries.claim_fixes(session=session, incident_ids=ids)
    if not fixes:
        return tuple(events)
    result = []
    for outcome in events:
        known = fixes.get(outcome.incident_id) if outcome.incident_id is not None else None
        if not known:
            result.append(outcome)
            continue
        claims = tuple(_fixed(claim, known) for claim in outcome.event.claims)
        if claims == outcome.event.claims:
            result.append(outcome)
            continue
        event = replace(outcome.event, claims=claims)
        stored = incident_queries.incident_claims(session=session, incident_id=outcome.incident_id)  # type: ignore[arg-type]
        already = {c.key for c in find_contradictions(stored)}
        combined = find_contradictions([*stored, *claims])
        result.append(
            replace(
                outcome,
                event=event,
                new_contradictions=tuple(c for c in combined if c.key not in already),
                updates=tuple(find_updates(stored, claims)),
            )
        )
    return tuple(result)


def _fixed(claim: Claim, known: Sequence[tuple[tuple[object, ...], ClaimFix]]) -> Claim:
    for key, claim_fix in known:
        if claim.key == key and claim.role is not Role.BACKGROUND:
            claim = claim_fix.apply(claim)
    return claim

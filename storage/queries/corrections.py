"""The analyst's corrections in the database: the row moves of /merge, /split, /unlink and
/fix, the ``correction`` records, and what the pipeline reads back to respect them.

Only rows move here; deciding what the incidents' disputes are now is the pipeline's
(``feeds/pipeline/corrections.py``), which hands the result to :func:`replace_contradictions`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from feeds.model import AlertKind, Claim, Contradiction, VictimKind
from feeds.model.corrections import (
    ClaimFix,
    Correction,
    CorrectionKind,
    values_key,
)
from storage.models import (
    AlertRow,
    ClaimRow,
    ContradictionRow,
    CorrectionRow,
    IncidentRow,
    StoryIncidentRow,
    StoryRow,
)
from storage.queries._convert import claim_from_row

MAX_MERGE_HOPS = 20  # merged into an incident merged in turn: a chain longer is a data error
_ROLE_RANK = {"main": 0, "other": 1, "background": 2}


# ── records ─────────────────────────────────────────────────────────────────────────────────


def record_correction(*, session: Session, correction: Correction) -> CorrectionRow:
    row = CorrectionRow(
        kind=correction.kind.value,
        incident_id=correction.incident_id,
        other_incident_id=correction.other_incident_id,
        story_id=correction.story_id,
        claim_id=correction.claim_id,
        detail=json.dumps(correction.detail, ensure_ascii=False, sort_keys=True),
        made_by=correction.made_by,
        made_at=correction.made_at,
    )
    session.add(row)
    session.flush()
    return row


def correction_from_row(row: CorrectionRow) -> Correction:
    try:
        detail = json.loads(row.detail or "{}")
    except json.JSONDecodeError:
        detail = {}
    return Correction(
        id=row.id,
        kind=CorrectionKind(row.kind),
        made_by=row.made_by,
        made_at=row.made_at,
        incident_id=row.incident_id,
        other_incident_id=row.other_incident_id,
        story_id=row.story_id,
        claim_id=row.claim_id,
        detail=detail if isinstance(detail, dict) else {},
    )


def corrections_by_incident(
    *, session: Session, incident_ids: Sequence[int]
) -> dict[int, list[Correction]]:
    """Each incident's corrections, oldest first: those made on it and those naming it second
    (the incident a merge closed, the one a split opened)."""
    if not incident_ids:
        return {}
    query = (
        select(CorrectionRow)
        .where(
            or_(
                col(CorrectionRow.incident_id).in_(incident_ids),
                col(CorrectionRow.other_incident_id).in_(incident_ids),
            )
        )
        .order_by(col(CorrectionRow.id))
    )
    wanted = set(incident_ids)
    found: dict[int, list[Correction]] = defaultdict(list)
    for row in session.exec(query):
        correction = correction_from_row(row)
        for incident_id in {row.incident_id, row.other_incident_id} & wanted:
            found[incident_id].append(correction)  # type: ignore[index]
    return found


# ── what the pipeline respects ─────────────────────────────────────────────────────────────


def merged_targets(*, session: Session, incident_ids: Iterable[int]) -> dict[int, int]:
    """Closed incident id → the open incident it was merged into (chains followed)."""
    pending = set(incident_ids)
    pointers: dict[int, int] = {}
    for _ in range(MAX_MERGE_HOPS):
        if not pending:
            break
        rows = session.exec(
            select(col(IncidentRow.id), col(IncidentRow.merged_into)).where(
                col(IncidentRow.id).in_(pending), col(IncidentRow.merged_into).is_not(None)
            )
        )
        step = {incident_id: target for incident_id, target in rows if incident_id is not None}
        pointers.update(step)  # type: ignore[arg-type]
        pending = {target for target in step.values() if target not in pointers}  # type: ignore[misc]
    resolved = {}
    for start in pointers:
        current = start
        for _ in range(MAX_MERGE_HOPS):
            if current not in pointers:
                break
            current = pointers[current]
        resolved[start] = current
    return resolved


def detached_incidents(*, session: Session, story_ids: Iterable[int]) -> set[int]:
    """Incidents an analyst took these stories out of (/split, /unlink): never theirs again."""
    ids = [story_id for story_id in story_ids if story_id is not None]
    if not ids:
        return set()
    rows = session.exec(
        select(col(CorrectionRow.incident_id)).where(
            col(CorrectionRow.story_id).in_(ids),
            col(CorrectionRow.kind).in_([CorrectionKind.SPLIT.value, CorrectionKind.UNLINK.value]),
        )
    )
    return {incident_id for incident_id in rows if incident_id is not None}


def claim_fixes(
    *, session: Session, incident_ids: Sequence[int]
) -> dict[int, list[tuple[tuple[object, ...], ClaimFix]]]:
    """Per incident, each fix as (the claim key it replaced, the fix), oldest first."""
    if not incident_ids:
        return {}
    rows = session.exec(
        select(CorrectionRow)
        .where(
            col(CorrectionRow.kind) == CorrectionKind.FIX.value,
            col(CorrectionRow.incident_id).in_(incident_ids),
        )
        .order_by(col(CorrectionRow.id))
    )
    found: dict[int, list[tuple[tuple[object, ...], ClaimFix]]] = defaultdict(list)
    for row in rows:
        correction = correction_from_row(row)
        before, fix = correction.detail.get("before"), fix_of(correction.detail.get("fix"))
        if isinstance(before, dict) and fix is not None:
            found[row.incident_id].append((values_key(before), fix))  # type: ignore[index]
    return found


def original_claim_keys(*, session: Session, story_id: int) -> set[tuple[object, ...]]:
    """The keys a fix replaced on this story's claims: a re-read of the story (an edited
    channel post) must not store them again."""
    rows = session.exec(
        select(CorrectionRow.detail).where(
            col(CorrectionRow.kind) == CorrectionKind.FIX.value,
            col(CorrectionRow.story_id) == story_id,
        )
    )
    keys = set()
    for detail in rows:
        before = json.loads(detail or "{}").get("before")
        if isinstance(before, dict):
            keys.add(values_key(before))
    return keys


def fix_json(fix: ClaimFix) -> dict[str, object]:
    body: dict[str, object] = {}
    if fix.claimant is not None:
        body["claimant"] = fix.claimant
    if fix.set_low:
        body["low"] = fix.low
    if fix.set_high:
        body["high"] = fix.high
    if fix.victims is not None:
        body["victims"] = fix.victims.value
    return body


def fix_of(body: object) -> ClaimFix | None:
    if not isinstance(body, dict):
        return None
    victims = body.get("victims")
    return ClaimFix(
        claimant=body.get("claimant"),
        low=body.get("low"),
        high=body.get("high"),
        set_low="low" in body,
        set_high="high" in body,
        victims=VictimKind(victims) if victims else None,
    )


# ── the row moves ───────────────────────────────────────────────────────────────────────────


def open_incident(*, session: Session, incident_id: int) -> IncidentRow | None:
    """The incident row, or None when it does not exist or was merged away."""
    row = session.get(IncidentRow, incident_id)
    return row if row is not None and row.merged_into is None else None


def merge_rows(*, session: Session, keep: IncidentRow, close: IncidentRow, now: datetime) -> None:
    """Everything of ``close`` goes to ``keep``: story links (a story linked to both keeps its
    stronger role), stories' main incident, claims, and the disputes ``keep`` lacks (the others
    are dropped; the caller recomputes ``keep``'s). ``close`` points to ``keep``."""
    keep_id, close_id = keep.id, close.id
    assert keep_id is not None and close_id is not None
    kept = {
        link.story_id: link
        for link in session.exec(
            select(StoryIncidentRow).where(col(StoryIncidentRow.incident_id) == keep_id)
        )
    }
    for link in session.exec(
        select(StoryIncidentRow).where(col(StoryIncidentRow.incident_id) == close_id)
    ).all():
        existing = kept.get(link.story_id)
        if existing is not None and _ROLE_RANK.get(link.role, 2) < _ROLE_RANK.get(existing.role, 2):
            existing.role = link.role
            session.add(existing)
        elif existing is None:
            session.add(
                StoryIncidentRow(story_id=link.story_id, incident_id=keep_id, role=link.role)
            )
        session.delete(link)
    session.flush()
    for story in session.exec(select(StoryRow).where(col(StoryRow.incident_id) == close_id)).all():
        story.incident_id = keep_id
        session.add(story)
    for claim in session.exec(select(ClaimRow).where(col(ClaimRow.incident_id) == close_id)).all():
        claim.incident_id = keep_id
        session.add(claim)
    have = {
        (row.category, row.kind)
        for row in session.exec(
            select(ContradictionRow).where(col(ContradictionRow.incident_id) == keep_id)
        )
    }
    for row in session.exec(
        select(ContradictionRow).where(col(ContradictionRow.incident_id) == close_id)
    ).all():
        if (row.category, row.kind) in have:
            session.delete(row)
        else:
            row.incident_id = keep_id
            have.add((row.category, row.kind))
            session.add(row)
    close.merged_into = keep_id
    close.last_updated = now
    keep.last_updated = now
    session.add_all([close, keep])
    session.flush()


def story_links(*, session: Session, story_id: int) -> dict[int, str]:
    """Incident id → role for one story."""
    rows = session.exec(select(StoryIncidentRow).where(col(StoryIncidentRow.story_id) == story_id))
    return {row.incident_id: row.role for row in rows}


def move_story(
    *,
    session: Session,
    story_id: int,
    from_incident: int,
    to_incident: int | None,
    now: datetime,
) -> None:
    """Take a story out of an incident, with the claims it gave there, into ``to_incident``
    (a split) or into none (an unlink: the claims stay with the story)."""
    link = session.get(StoryIncidentRow, (story_id, from_incident))
    role = link.role if link is not None else "main"
    if link is not None:
        session.delete(link)
        session.flush()
    if to_incident is not None:
        session.add(StoryIncidentRow(story_id=story_id, incident_id=to_incident, role=role))
    for claim in session.exec(
        select(ClaimRow).where(
            col(ClaimRow.story_id) == story_id, col(ClaimRow.incident_id) == from_incident
        )
    ).all():
        claim.incident_id = to_incident
        session.add(claim)
    story = session.get(StoryRow, story_id)
    if story is not None and story.incident_id == from_incident:
        story.incident_id = to_incident
        session.add(story)
    incident = session.get(IncidentRow, from_incident)
    if incident is not None:
        incident.last_updated = now
        session.add(incident)
    session.flush()


def claim_rows_alike(*, session: Session, claim_id: int) -> list[ClaimRow]:
    """The claim and every row that is the same claim in its incident (equal key: one claim
    with several sources), the claim itself first; [] when there is no such claim."""
    row = session.get(ClaimRow, claim_id)
    if row is None:
        return []
    if row.incident_id is None:
        return [row]
    key = claim_from_row(row).key
    others = session.exec(
        select(ClaimRow).where(
            col(ClaimRow.incident_id) == row.incident_id, col(ClaimRow.id) != claim_id
        )
    )
    return [row, *(other for other in others if claim_from_row(other).key == key)]


def write_claim(row: ClaimRow, claim: Claim) -> None:
    row.claimant = claim.claimant
    row.low = claim.count.low
    row.high = claim.count.high
    row.qualifier = claim.count.qualifier.value
    row.victims = claim.victims.value


def fix_claim_rows(
    *, session: Session, claim_id: int, fix: ClaimFix
) -> tuple[Claim, Claim, list[ClaimRow]] | None:
    """Apply ``fix`` to the claim and its copies in the incident: (before, after, rows)."""
    rows = claim_rows_alike(session=session, claim_id=claim_id)
    if not rows:
        return None
    before = claim_from_row(rows[0])
    after = fix.apply(before)
    for row in rows:
        write_claim(row, after)
        session.add(row)
    session.flush()
    return before, after, rows


def replace_contradictions(
    *,
    session: Session,
    incident_id: int,
    found: Sequence[Contradiction],
    claim_ids: dict[tuple[object, ...], int],
    now: datetime,
) -> list[ContradictionRow]:
    """Make the incident's stored disputes exactly ``found``: a (category, kind) still found
    keeps its row (its id, its alert) with the pair updated; one no longer found is deleted;
    a new one is inserted. Returns the inserted rows."""
    stored = {
        (row.category, row.kind): row
        for row in session.exec(
            select(ContradictionRow).where(col(ContradictionRow.incident_id) == incident_id)
        )
    }
    inserted = []
    seen = set()
    for contradiction in found:
        first = claim_ids.get(contradiction.first.key)
        second = claim_ids.get(contradiction.second.key)
        if first is None or second is None:
            continue
        slot = (contradiction.category.value, contradiction.kind.value)
        seen.add(slot)
        row = stored.get(slot)
        if row is None:
            row = ContradictionRow(
                incident_id=incident_id,
                category=slot[0],
                kind=slot[1],
                first_claim_id=first,
                second_claim_id=second,
                summary=contradiction.summary,
                created_at=now,
            )
            inserted.append(row)
        else:
            row.first_claim_id, row.second_claim_id = first, second
            row.summary = contradiction.summary
        session.add(row)
    for slot, row in stored.items():
        if slot not in seen:
            session.delete(row)
    session.flush()
    return inserted


def incident_claims_with_ids(
    *, session: Session, incident_id: int
) -> tuple[list[Claim], dict[tuple[object, ...], int]]:
    """The incident's claims in story order (as matching reads them) and key → first row id."""
    query = (
        select(ClaimRow, col(StoryRow.url))
        .join(StoryRow, col(StoryRow.id) == col(ClaimRow.story_id))
        .where(col(ClaimRow.incident_id) == incident_id)
        .order_by(col(StoryRow.published), col(ClaimRow.id))
    )
    claims: list[Claim] = []
    ids: dict[tuple[object, ...], int] = {}
    for row, url in session.exec(query):
        claim = claim_from_row(row, story_url=url)
        claims.append(claim)
        ids.setdefault(claim.key, row.id)  # type: ignore[arg-type]
    return claims, ids


def card_alerts(*, session: Session, incident_id: int) -> list[AlertRow]:
    """The incident's card alerts (NEW_INCIDENT), one per chat it was queued for."""
    rows = session.exec(
        select(AlertRow)
        .where(
            col(AlertRow.kind) == AlertKind.NEW_INCIDENT.value,
            col(AlertRow.incident_id) == incident_id,
        )
        .order_by(col(AlertRow.id))
    )
    seen: dict[str, AlertRow] = {}
    for row in rows:
        seen.setdefault(row.chat_id, row)
    return list(seen.values())

"""The pure decision of the story's path: which incident each event of a story joins, and
which contradictions and toll updates are new there.

Shared by ``feeds/pipeline/run.py`` (candidates from the database) and
``tools/evaluation/memory.py`` (candidates from memory). No I/O: its contract type,
:class:`EventOutcome`, is a plain dataclass of ``feeds/model/outcome.py`` (docs/contracts.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from feeds.analysis.contradictions import find_contradictions, find_updates
from feeds.analysis.incidents import match_event
from feeds.model import EventReport, EventType, Incident, Role, StoryAnalysis
from feeds.model.outcome import EventOutcome

CandidatesFor = Callable[[EventReport], Sequence[Incident]]


def plan_events(
    analysis: StoryAnalysis, *, candidates_for: CandidatesFor
) -> tuple[EventOutcome, ...]:
    """Decide, for each event of one story, which incident it joins and what is new there.

    Two events of one story never share an incident: an incident chosen for one event is
    removed from the candidates of the next (codebook §5, "the second's claims never go to the
    first").
    """
    taken: set[int] = set()
    outcomes: list[EventOutcome] = []
    for event in analysis.events:
        candidates = [c for c in candidates_for(event) if c.id is None or c.id not in taken]
        incident = match_event(event, candidates)
        if incident is None:
            outcomes.append(_outcome_for_unknown_incident(event))
            continue
        if incident.id is not None:
            taken.add(incident.id)
        outcomes.append(_outcome_for_known_incident(event, incident))
    return tuple(outcomes)


def opens_incident(event: EventReport) -> bool:
    """A recalled (background) event never opens an incident; nor does an event of no violent
    type that carries no claim (a harvest, a school term): its story stays a relevant story."""
    if event.role is Role.BACKGROUND:
        return False
    return bool(event.claims) or event.event_type is not EventType.OTHER


def _outcome_for_unknown_incident(event: EventReport) -> EventOutcome:
    if not opens_incident(event):
        return EventOutcome(event=event, incident_id=None, open_incident=False)
    contradictions = tuple(find_contradictions(event.claims))
    return EventOutcome(event=event, incident_id=None, new_contradictions=contradictions)


def _outcome_for_known_incident(event: EventReport, incident: Incident) -> EventOutcome:
    already = {c.key for c in find_contradictions(incident.claims)}
    combined = find_contradictions([*incident.claims, *event.claims])
    fresh = tuple(c for c in combined if c.key not in already)  # one per key already
    updates = tuple(find_updates(incident.claims, event.claims))
    return EventOutcome(
        event=event, incident_id=incident.id, new_contradictions=fresh, updates=updates
    )

"""Running the product over a corpus in memory: analysis, planning and an incident store.

``predict_corpus`` takes, story by story in published order, the decisions ``process_story``
takes against the database — ``analyse_story`` then ``plan_events`` — against
``MemoryIncidentStore``. The analysis and the pipeline are imported where they are used, so that
the scoring arithmetic loads whatever state the rule modules are in.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from feeds.model import (
    Claim,
    Contradiction,
    EventDate,
    EventReport,
    Incident,
    Place,
    Story,
    StoryAnalysis,
)
from feeds.model.outcome import EventOutcome
from tools.evaluation.values import (
    ClaimKey,
    ContradictionKey,
    CorpusPrediction,
    GoldStory,
    StoryPrediction,
    normalize_claimant,
)

log = logging.getLogger(__name__)

# (incident id, normalized claimant, category) → languages of the stories that gave such a claim
ClaimSources = dict[tuple[int, str, str], set[str]]


@dataclass
class MemoryIncidentStore:
    """Incidents as ``save_story_outcome`` would keep them, held in dictionaries.

    Besides the incidents and their contradictions it remembers, for the per-language
    contradiction rows, the language of every story that brought a claim to an incident.
    """

    incidents: dict[int, Incident] = field(default_factory=dict)
    contradictions: dict[int, list[Contradiction]] = field(default_factory=dict)
    claim_languages: ClaimSources = field(default_factory=lambda: defaultdict(set))
    raised_in: dict[int, list[str]] = field(default_factory=dict)  # parallel to contradictions

    def candidates_for(self, event: EventReport) -> list[Incident]:
        """Incidents whose period overlaps the event's candidate window (place is
        ``match_event``'s job): a week- or month-long incident that began before the window is
        still a candidate, as in storage's ``candidate_incidents``."""
        from feeds.analysis.incidents import candidate_window
        from feeds.model.calendar import period_end

        day_from, day_to = candidate_window(event)
        return [
            incident
            for incident in self.incidents.values()
            if incident.date.day <= day_to and period_end(incident.date) >= day_from
        ]

    def apply(self, story: Story, outcomes: Sequence[EventOutcome]) -> tuple[tuple[int, str], ...]:
        """Open or join incidents for one story's outcomes; return the (incident, role) links."""
        links = []
        for outcome in outcomes:
            incident_id = outcome.incident_id
            if incident_id is None and not outcome.open_incident:
                continue  # a background event of an unknown incident: claims stay with the story
            if incident_id is None:
                incident_id = self._open(story, outcome.event)
            else:
                self._join(incident_id, story, outcome.event)
            for claim in outcome.event.claims:
                source = (incident_id, normalize_claimant(claim.claimant), claim.category.value)
                self.claim_languages[source].add(story.language)
            self._keep_contradictions(incident_id, story, outcome.new_contradictions)
            links.append((incident_id, outcome.event.role.value))
        return tuple(links)

    def _keep_contradictions(
        self, incident_id: int, story: Story, found: Sequence[Contradiction]
    ) -> None:
        """Keep those not yet stored for the incident: one per category and kind, as storage's
        unique constraint does (a later pair for a stored unit adds nothing)."""
        kept = self.contradictions.setdefault(incident_id, [])
        raised = self.raised_in.setdefault(incident_id, [])
        for contradiction in found:
            if all(c.key != contradiction.key for c in kept):
                kept.append(contradiction)
                raised.append(story.language)

    def contradiction_keys(self) -> tuple[ContradictionKey, ...]:
        """Every kept contradiction as a key on its predicted incident id, with the languages
        of the stories whose claims form it (the raising story's if none is known)."""
        keys = []
        for incident_id, found in self.contradictions.items():
            raised_in = self.raised_in.get(incident_id, [])
            for index, contradiction in enumerate(found):
                raised = {raised_in[index]} if index < len(raised_in) else set()
                pair = frozenset(
                    normalize_claimant(claim.claimant)
                    for claim in (contradiction.first, contradiction.second)
                )
                category = contradiction.category.value
                languages = set().union(
                    *(self.claim_languages.get((incident_id, name, category), ()) for name in pair)
                )
                keys.append(
                    ContradictionKey(
                        incident_id,
                        category,
                        contradiction.kind.value,
                        pair,
                        frozenset(languages or raised),
                    )
                )
        return tuple(keys)

    def _open(self, story: Story, event: EventReport) -> int:
        incident_id = len(self.incidents) + 1
        self.incidents[incident_id] = Incident(
            id=incident_id,
            event_type=event.event_type,
            place=event.place,
            date=event.date or EventDate(story.published.date()),
            claims=tuple(event.claims),
            first_seen=story.published,
            last_updated=story.published,
            story_urls=(story.url,),
            summary=event.summary,
        )
        return incident_id

    def _join(self, incident_id: int, story: Story, event: EventReport) -> None:
        incident = self.incidents[incident_id]
        known = {claim.key for claim in incident.claims}
        fresh = tuple(claim for claim in event.claims if claim.key not in known)
        self.incidents[incident_id] = replace(
            incident,
            claims=incident.claims + fresh,
            last_updated=story.published,
            story_urls=(*incident.story_urls, story.url),
            date=_finer_date(incident.date, event.date),
            place=_finer_place(incident.place, event.place),
        )


# As storage's ``refine_incident``: a joining story's finer date or place is kept.
_DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_PLACE_RANK = {"offset": 0, "locality": 1, "cercle": 2, "region": 3, "country": 4}


def _finer_date(known: EventDate, new: EventDate | None) -> EventDate:
    if new is None or _DATE_RANK[new.precision.value] >= _DATE_RANK[known.precision.value]:
        return known
    return new


def _finer_place(known: Place | None, new: Place | None) -> Place | None:
    """A finer precision wins; at equal precision, a place with a point beats one without."""
    if new is None or known is None:
        return known or new
    new_rank, known_rank = _PLACE_RANK[new.precision.value], _PLACE_RANK[known.precision.value]
    gains_point = known.lat is None and new.lat is not None
    return new if new_rank < known_rank or (new_rank == known_rank and gains_point) else known


def claim_key(claim: Claim) -> ClaimKey:
    """A predicted claim as the scorer compares it; a denial counts as 0/0."""
    low, high = (0, 0) if claim.count.is_denial else (claim.count.low, claim.count.high)
    return ClaimKey(
        normalize_claimant(claim.claimant), claim.category.value, low, high, claim.victims.value
    )


def predict_corpus(
    stories: Sequence[GoldStory],
    analyse: Callable[[Story], StoryAnalysis] | None = None,
) -> CorpusPrediction:
    """Run analysis and planning over the stories in order, as the pipeline would."""
    from feeds.pipeline.planning import plan_events

    if analyse is None:
        analyse = default_analyser()
    store = MemoryIncidentStore()
    predictions: dict[str, StoryPrediction] = {}
    for gold in stories:
        try:
            analysis = analyse(gold.story)
            outcomes = plan_events(analysis, candidates_for=store.candidates_for)
        except Exception as exc:  # one broken story must not stop the evaluation
            log.warning(
                "analysis failed for story %s (%s): %r",
                gold.id,
                gold.story.url,
                exc,
                exc_info=log.isEnabledFor(logging.DEBUG),
            )
            predictions[gold.id] = StoryPrediction(relevant=False, error=repr(exc))
            continue
        links = store.apply(gold.story, outcomes)
        claims = tuple(claim_key(c) for e in analysis.events for c in e.claims)
        predictions[gold.id] = StoryPrediction(analysis.relevant, claims, links)
    return CorpusPrediction(predictions, store.contradiction_keys())


def default_analyser() -> Callable[[Story], StoryAnalysis]:
    """``analyse_story`` with the default watch list, loaded once."""
    from feeds.analysis.relevance import load_default_watchlist
    from feeds.analysis.story import analyse_story

    watch = load_default_watchlist()
    return lambda story: analyse_story(story, watch=watch)

"""What the pipeline hands to storage, and what storage hands back to readers.

Plain dataclasses (no rows, no I/O: part of the pure vocabulary, ``feeds/model/``), so
``feeds/pipeline/planning.py`` decides and ``storage/queries`` persists:
``save_story_outcome(session=..., outcome=StoryOutcome(...))`` writes everything in one
transaction, and ``get_incident_view`` reads an incident back for cards, commands and export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from feeds.model import (
    CategoryTally,
    Claim,
    Contradiction,
    EventReport,
    Incident,
    Role,
    Story,
    StoryAnalysis,
    TollUpdate,
)
from feeds.model.corrections import Correction


@dataclass(frozen=True, slots=True)
class EventOutcome:
    """One event of the story and the decision taken for it."""

    event: EventReport
    incident_id: int | None  # an existing incident it joins; None opens a new one
    new_contradictions: tuple[Contradiction, ...] = ()  # not yet stored for that incident
    updates: tuple[TollUpdate, ...] = ()
    # A background event of an unknown incident opens nothing: its claims stay with the story.
    open_incident: bool = True


@dataclass(frozen=True, slots=True)
class StoryOutcome:
    story: Story
    feed_id: int | None
    analysis: StoryAnalysis
    events: tuple[EventOutcome, ...] = ()
    syndicated_copy_of: int | None = None  # story id of the wire original
    alertable: bool = True  # False for backlog items and wire copies
    chat_id: str = "console"  # where alerts go
    thread_id: int | None = None
    now: datetime = field(kw_only=True)  # when the pipeline decided: the stored times
    # The body's lead simhash (feeds.model.fingerprint.simhash) when already computed: stored
    # as is instead of being computed again.
    lead_simhash: int | None = field(default=None, kw_only=True)


@dataclass(frozen=True, slots=True)
class SavedEvent:
    """One planned event as storage wrote it: the incident it joined or opened (None: an
    unknown background event, kept with the story) and the contradictions new there."""

    planned: EventOutcome
    incident_id: int | None
    is_new: bool
    contradictions: tuple[StoredContradiction, ...] = ()

    @property
    def role(self) -> Role:
        return self.planned.event.role


@dataclass(frozen=True, slots=True)
class SavedOutcome:
    story_id: int
    incident_ids: tuple[int, ...] = ()  # incidents created or touched, main first
    new_incident_ids: tuple[int, ...] = ()
    alert_ids: tuple[int, ...] = ()  # filled by the pipeline's alert choice
    events: tuple[SavedEvent, ...] = ()  # empty when the story was stored already
    already_stored: bool = False


@dataclass(frozen=True, slots=True)
class StoryRef:
    id: int
    url: str
    title: str
    published: datetime
    feed: str  # the feed's URL
    syndicated_copy_of: int | None = None
    role: str = "main"


@dataclass(frozen=True, slots=True)
class StoredClaim:
    id: int
    claim: Claim
    story_id: int


@dataclass(frozen=True, slots=True)
class StoredContradiction:
    id: int
    contradiction: Contradiction
    first_claim_id: int
    second_claim_id: int


@dataclass(frozen=True, slots=True)
class IncidentView:
    """An incident with everything a card, a command or the export shows."""

    incident: Incident
    claims: tuple[StoredClaim, ...] = ()
    contradictions: tuple[StoredContradiction, ...] = ()
    stories: tuple[StoryRef, ...] = ()
    tallies: tuple[CategoryTally, ...] = field(default_factory=tuple)
    corrections: tuple[Correction, ...] = ()  # an analyst's, oldest first
    merged_into: int | None = None  # closed by /merge into that incident

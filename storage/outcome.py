"""The pipeline ↔ storage contract types, re-exported from :mod:`feeds.outcome` (pure)."""

from feeds.outcome import (
    EventOutcome,
    IncidentView,
    SavedOutcome,
    StoredClaim,
    StoredContradiction,
    StoryOutcome,
    StoryRef,
)

__all__ = [
    "EventOutcome",
    "IncidentView",
    "SavedOutcome",
    "StoredClaim",
    "StoredContradiction",
    "StoryOutcome",
    "StoryRef",
]

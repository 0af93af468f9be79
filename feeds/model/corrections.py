"""An analyst's corrections as values: what was changed by whom and when (``/merge``,
``/split``, ``/unlink``, ``/fix``), and a claim fix's new values.

Storage keeps them in the ``correction`` table (``storage/queries/corrections.py``); the pipeline
applies them (``feeds/pipeline/corrections.py``); cards and exports show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from feeds.model import CasualtyCount, Claim, Qualifier, VictimKind


class CorrectionKind(StrEnum):
    MERGE = "merge"  # other_incident_id joined incident_id and was closed
    SPLIT = "split"  # story_id left incident_id and opened other_incident_id
    UNLINK = "unlink"  # story_id left incident_id and belongs to no incident
    FIX = "fix"  # claim_id's claimant, figure or victims were set by hand


@dataclass(frozen=True, slots=True)
class Correction:
    kind: CorrectionKind
    made_by: str
    made_at: datetime
    incident_id: int | None = None
    other_incident_id: int | None = None
    story_id: int | None = None
    claim_id: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    id: int | None = None


@dataclass(frozen=True, slots=True)
class ClaimFix:
    """What ``/fix`` sets; a field left ``None`` keeps the claim's value (``set_low`` and
    ``set_high`` tell an open bound, written ``low=none``, from an untouched one)."""

    claimant: str | None = None
    low: int | None = None
    high: int | None = None
    set_low: bool = False
    set_high: bool = False
    victims: VictimKind | None = None

    @property
    def is_empty(self) -> bool:
        return (
            self.claimant is None
            and not self.set_low
            and not self.set_high
            and (self.victims is None)
        )

    def count(self, old: CasualtyCount) -> CasualtyCount:
        """The fixed interval, its qualifier read from its bounds (a denial stays one)."""
        low = self.low if self.set_low else old.low
        high = self.high if self.set_high else old.high
        if (low, high) == (old.low, old.high):
            return old
        if low is not None and high is not None and low == high:
            qualifier = Qualifier.EXACT
        elif high is None:
            qualifier = Qualifier.AT_LEAST
        elif low is None:
            qualifier = Qualifier.UP_TO
        else:
            qualifier = Qualifier.BETWEEN
        return CasualtyCount(low=low, high=high, qualifier=qualifier)  # the words were wrong

    def apply(self, claim: Claim) -> Claim:
        return replace(
            claim,
            claimant=self.claimant if self.claimant is not None else claim.claimant,
            count=self.count(claim.count),
            victims=self.victims if self.victims is not None else claim.victims,
        )


def claim_values(claim: Claim) -> dict[str, Any]:
    """A claim's identity as a fix records it (before and after), JSON-ready."""
    return {
        "claimant": claim.claimant,
        "category": claim.category.value,
        "low": claim.count.low,
        "high": claim.count.high,
        "qualifier": claim.count.qualifier.value,
        "victims": claim.victims.value,
        "scope": claim.scope,
    }


def values_key(values: dict[str, Any]) -> tuple[object, ...]:
    """The claim key (``Claim.key``) of recorded values."""
    from feeds.model import Category

    return (
        values["claimant"],
        Category(values["category"]),
        values["low"],
        values["high"],
        values["qualifier"] == Qualifier.DENIAL.value,
        VictimKind(values["victims"]),
        values["scope"],
    )

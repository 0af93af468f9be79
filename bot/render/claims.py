"""PURE: claims as an analyst reads them — one line per claim, however many stories repeat it.

Codebook: the same claim repeated by many stories (wire copies, re-reports) is ONE claim with
many sources. :func:`group_claims` groups stored claims by ``Claim.key`` and counts the stories
behind each; a claimant's superseded figures for the same category, victims and scope become
the history of its current figure ("at least 18 → 21") instead of separate lines; outlets
wording one statement differently ("seven", "sept" [7+]) give one figure, not a history
(``feeds.model.statements``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.render.html import esc, shorten
from feeds.model import (
    CasualtyCount,
    Category,
    CategoryTally,
    Claim,
    Contradiction,
    Incident,
    Qualifier,
    Role,
    VictimKind,
)
from feeds.model.statements import statements

CATEGORY_ORDER = (Category.KILLED, Category.INJURED, Category.ABDUCTED, Category.MISSING)


class StoredClaimLike(Protocol):
    @property
    def claim(self) -> Claim: ...
    @property
    def story_id(self) -> int: ...


class StoredContradictionLike(Protocol):
    @property
    def contradiction(self) -> Contradiction: ...


class StoryRefLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def url(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def published(self) -> datetime: ...


class IncidentView(Protocol):
    """What the renderer reads of ``storage.outcome.IncidentView`` (this module may not import
    storage: see docs/contracts.md, layering)."""

    @property
    def incident(self) -> Incident: ...
    @property
    def claims(self) -> Sequence[StoredClaimLike]: ...
    @property
    def contradictions(self) -> Sequence[StoredContradictionLike]: ...
    @property
    def stories(self) -> Sequence[StoryRefLike]: ...
    @property
    def tallies(self) -> Sequence[CategoryTally]: ...


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """One claim as all its stories give it: the current figure and the ones it superseded."""

    claim: Claim  # the current figure, as first reported
    sources: int  # distinct stories behind the current figure or an earlier one
    earlier: tuple[CasualtyCount, ...] = ()  # superseded figures, oldest first


def _line_key(claim: Claim) -> tuple[object, ...]:
    """What stays the same when a claimant updates a figure (the key without the numbers)."""
    numbers = claim.key if claim.count.is_denial else None
    return (claim.claimant, claim.category, claim.victims, claim.scope, numbers)


def is_outlet(claimant: str) -> bool:
    """An unattributed figure's claimant is the outlet's domain (``sahel-wire.example``)."""
    return "." in claimant and " " not in claimant.strip()


def _sort_key(group: ClaimGroup) -> tuple[object, ...]:
    """Named claimants first, outlets after them; then claimant, category, victims."""
    claim = group.claim
    return (
        is_outlet(claim.claimant),
        claim.claimant.casefold(),
        CATEGORY_ORDER.index(claim.category),
        claim.victims.value,
    )


def group_claims(view: IncidentView, *, background: bool = False) -> list[ClaimGroup]:
    """The view's claims, one group per claim (background ones only when ``background``).

    Claims are read in the order their stories were published, so a claimant's latest figure is
    the current one. Ordered by claimant (outlets after named claimants), then category
    (killed, injured, abducted, missing).
    """
    published = {story.id: story.published for story in view.stories}
    stored = [s for s in view.claims if (s.claim.role is Role.BACKGROUND) == background]
    latest = max(published.values(), default=None)
    stored.sort(key=lambda s: published.get(s.story_id) or latest or datetime.max)
    figures: dict[tuple[object, ...], dict[tuple[object, ...], Claim]] = {}
    stories: dict[tuple[object, ...], set[int]] = {}
    for item in stored:
        line = _line_key(item.claim)
        figures.setdefault(line, {}).setdefault(item.claim.key, item.claim)
        stories.setdefault(line, set()).add(item.story_id)
    groups = []
    for line, by_key in figures.items():
        # one statement worded several ways ("seven", "sept" [7+]) is one figure: its latest
        chain = [said[-1] for said in statements(list(by_key.values()), _count)]
        groups.append(
            ClaimGroup(
                claim=chain[-1],
                sources=len(stories[line]),
                earlier=tuple(claim.count for claim in chain[:-1]),
            )
        )
    return sorted(groups, key=_sort_key)


def _count(claim: Claim) -> CasualtyCount:
    return claim.count


# ── counts and lines ────────────────────────────────────────────────────────────────────────


def format_range(low: int | None, high: int | None) -> str:
    """An interval as a reader sees it: ``18``, ``18+``, ``≤10``, ``9–11``, ``?``."""
    if low is None and high is None:
        return "?"
    if high is None:
        return f"{low}+"
    if low is None:
        return f"≤{high}"
    return str(low) if low == high else f"{low}–{high}"


def format_count(count: CasualtyCount) -> str:
    """The claimant's wording with its interval, e.g. ``at least 18 [18+]``; denials say so."""
    if count.is_denial:
        return "denies any"
    interval = format_range(count.low, count.high)
    if count.wording and count.wording.strip() != interval:
        return f"{esc(count.wording)} [{interval}]"
    return interval


def _short_count(count: CasualtyCount) -> str:
    """A superseded figure, briefly: the wording as written, else the interval."""
    return (
        esc(count.wording.strip()) if count.wording.strip() else format_range(count.low, count.high)
    )


def victims_label(claim: Claim) -> str:
    label = "" if claim.victims is VictimKind.UNSPECIFIED else claim.victims.value
    if claim.victims_detail:
        label = f"{label} “{esc(claim.victims_detail)}”".strip()
    return label


def claim_line(claim: Claim) -> str:
    """``CDRAP: killed at least 18 [18+] civilians “people”`` (scope and denial noted)."""
    return _claim_text(claim, format_count(claim.count))


def _claim_text(claim: Claim, figure: str) -> str:
    parts = [f"<b>{esc(claim.claimant)}</b>: {claim.category.value} {figure}"]
    victims = victims_label(claim)
    if victims:
        parts.append(victims)
    if claim.scope:
        parts.append(f"(only {esc(claim.scope)})")
    if claim.count.qualifier is Qualifier.DENIAL and claim.sentence:
        parts.append(f"— <i>{esc(shorten(claim.sentence, 140))}</i>")
    return " ".join(parts)


def sources_note(count: int) -> str:
    return f"{count} source" if count == 1 else f"{count} sources"


def group_line(group: ClaimGroup) -> str:
    """``CDRAP: killed at least 18 → 21 civilians “people” · 4 sources``."""
    figure = format_count(group.claim.count)
    if group.earlier:
        history = " → ".join(_short_count(count) for count in group.earlier)
        figure = f"{history} → <b>{figure}</b>"
    return f"{_claim_text(group.claim, figure)} · {sources_note(group.sources)}"


def group_cell(group: ClaimGroup) -> str:
    """A compare-table cell: ``18+→21``, ``11``, ``denial``."""
    if group.claim.count.is_denial:
        return "denial"
    figures = [*group.earlier, group.claim.count]
    return "→".join(format_range(count.low, count.high) for count in figures)


def background_line(groups: Sequence[ClaimGroup]) -> str:
    """Background claims (stories recalling the incident), on one short line."""
    figures = [
        f"{esc(g.claim.claimant)} {g.claim.category.value} "
        f"{format_range(g.claim.count.low, g.claim.count.high)}"
        if not g.claim.count.is_denial
        else f"{esc(g.claim.claimant)} denies {g.claim.category.value}"
        for g in groups
    ]
    return "<i>Background</i>: " + "; ".join(figures)


def tally_line(tally: CategoryTally) -> str:
    conservative = "?" if tally.conservative is None else str(tally.conservative)
    if tally.no_number:  # nobody gives a number: "several", "de nombreux morts" (codebook §6)
        conservative = f"unknown, at least {conservative}"
    return (
        f"{tally.category.value}: {format_range(tally.low, tally.high)}"
        f" · most conservative <b>{conservative}</b>"
    )


def contradiction_line(contradiction: Contradiction) -> str:
    first, second = contradiction.first, contradiction.second
    return (
        f"{contradiction.category.value}, {contradiction.kind.value}: "
        f"{esc(first.claimant)} vs {esc(second.claimant)}"
    )

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
from bot.render.i18n import translator
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

NO_NUMBER = frozenset({Qualifier.SEVERAL, Qualifier.SOME})


def format_range(low: int | None, high: int | None, *, lang: str = "en") -> str:
    """An interval in the reader's words: ``18``, ``at least 18``, ``up to 10``, ``9 to 11``,
    ``unknown`` (``au moins 18``, ``jusqu'à 10``, ``9 à 11``, ``inconnu`` in French)."""
    t = translator(lang)
    if low is None and high is None:
        return t("range.unknown")
    if high is None:
        return t("range.at_least", low=low)
    if low is None:
        return t("range.up_to", high=high)
    return str(low) if low == high else t("range.between", low=low, high=high)


def short_range(low: int | None, high: int | None) -> str:
    """An interval in a table cell or on a chart: ``18+``, ``≤10``, ``9–11``, ``?``."""
    if low is None and high is None:
        return "?"
    if high is None:
        return f"{low}+"
    if low is None:
        return f"≤{high}"
    return str(low) if low == high else f"{low}–{high}"


def count_words(count: CasualtyCount, *, lang: str = "en") -> str:
    """The figure in the reader's words, without the source's phrase: ``at least 18``,
    ``many, no figure`` (codebook §2 no-number rows), ``denies any``."""
    t = translator(lang)
    if count.is_denial:
        return t("count.denial")
    if count.qualifier is Qualifier.SOME:
        return t("count.some")
    if count.qualifier is Qualifier.SEVERAL:
        return t("count.several")
    return format_range(count.low, count.high, lang=lang)


def quoted(wording: str, words: str) -> str:
    """The source's own phrase as a quote, unless it says no more than our words."""
    phrase = wording.strip()
    if not phrase or phrase.isdigit() or phrase.casefold() == words.casefold():
        return ""
    return f"“{esc(phrase)}”"


def format_count(count: CasualtyCount, *, lang: str = "en") -> str:
    """The figure in the reader's words, then the claimant's phrase as written (in its own
    language): ``at least 18``, ``7 “sept”``, ``many, no figure “de nombreux morts”``."""
    words = count_words(count, lang=lang)
    quote = "" if count.is_denial else quoted(count.wording, words)
    return f"{words} {quote}" if quote else words


def _short_count(count: CasualtyCount, lang: str) -> str:
    """A superseded figure, briefly, in the reader's words."""
    return count_words(count, lang=lang)


def category_label(category: Category, *, lang: str = "en") -> str:
    return translator(lang)(f"category.{category.value}")


def victims_label(claim: Claim, *, lang: str = "en") -> str:
    t = translator(lang)
    label = "" if claim.victims is VictimKind.UNSPECIFIED else t(f"victims.{claim.victims.value}")
    if claim.victims_detail:
        label = f"{label} “{esc(claim.victims_detail)}”".strip()
    return label


def claim_line(claim: Claim, *, lang: str = "en") -> str:
    """``CDRAP: killed at least 18 civilians “people”`` (scope and denial noted)."""
    return _claim_text(claim, format_count(claim.count, lang=lang), lang)


def _claim_text(claim: Claim, figure: str, lang: str) -> str:
    t = translator(lang)
    category = category_label(claim.category, lang=lang)
    parts = [t("claim.line", claimant=esc(claim.claimant), category=category, figure=figure)]
    victims = victims_label(claim, lang=lang)
    if victims:
        parts.append(victims)
    if claim.scope:
        parts.append(t("claim.scope", scope=esc(claim.scope)))
    if claim.count.qualifier is Qualifier.DENIAL and claim.sentence:
        parts.append(f"— <i>{esc(shorten(claim.sentence, 140))}</i>")
    return " ".join(parts)


def sources_note(count: int, *, lang: str = "en") -> str:
    return translator(lang).plural("count.sources", count)


def group_line(group: ClaimGroup, *, lang: str = "en") -> str:
    """``CDRAP: killed at least 18 → 21 civilians “people” · 4 sources``."""
    figure = format_count(group.claim.count, lang=lang)
    if group.earlier:
        history = " → ".join(_short_count(count, lang) for count in group.earlier)
        figure = f"{history} → <b>{figure}</b>"
    return f"{_claim_text(group.claim, figure, lang)} · {sources_note(group.sources, lang=lang)}"


def group_cell(group: ClaimGroup, *, lang: str = "en") -> str:
    """A compare-table cell: ``18+→21``, ``11``, ``denial`` (``démenti``), ``many`` for no
    figure."""
    t = translator(lang)
    if group.claim.count.is_denial:
        return t("cell.denial")
    figures = [*group.earlier, group.claim.count]
    return "→".join(
        t("cell.no_number") if count.qualifier in NO_NUMBER else short_range(count.low, count.high)
        for count in figures
    )


def background_line(groups: Sequence[ClaimGroup], *, lang: str = "en") -> str:
    """Background claims (stories recalling the incident), on one short line."""
    t = translator(lang)
    figures = [
        f"{esc(g.claim.claimant)} {category_label(g.claim.category, lang=lang)} "
        f"{count_words(g.claim.count, lang=lang)}"
        if not g.claim.count.is_denial
        else t(
            "claim.denies",
            claimant=esc(g.claim.claimant),
            category=category_label(g.claim.category, lang=lang),
        )
        for g in groups
    ]
    return t("card.background", figures="; ".join(figures))


def tally_range(tally: CategoryTally, *, lang: str = "en") -> str:
    """The toll's range in words; "many, no figure" when nobody gives a number."""
    if tally.no_number:
        return translator(lang)("count.several")
    return format_range(tally.low, tally.high, lang=lang)


def tally_line(tally: CategoryTally, *, lang: str = "en") -> str:
    t = translator(lang)
    conservative = t("range.unknown") if tally.conservative is None else str(tally.conservative)
    if tally.no_number:  # nobody gives a number: "several", "de nombreux morts" (codebook §6)
        conservative = t("tally.no_number", low=tally.conservative or 2)
    return t(
        "tally.line",
        category=category_label(tally.category, lang=lang),
        range=tally_range(tally, lang=lang),
        conservative=conservative,
    )


def contradiction_line(contradiction: Contradiction, *, lang: str = "en") -> str:
    t = translator(lang)
    first, second = contradiction.first, contradiction.second
    return t(
        "dispute.line",
        category=category_label(contradiction.category, lang=lang),
        kind=t(f"dispute.{contradiction.kind.value}"),
        first=esc(first.claimant),
        second=esc(second.claimant),
    )

"""An incident's toll per category: the range and the most conservative count (codebook §6).

Part of the vocabulary rather than the analysis: it is arithmetic over stored :class:`Claim`
values that every reader needs (cards, digest, exports, storage views), and it reads no text.
Only whole-incident claims count (no ``scope``, not background), each claimant's latest figure
per category and victim class.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from feeds.model import Category, CategoryTally, Claim, Qualifier, Role, VictimKind
from feeds.model.statements import statements

NO_NUMBER = frozenset({Qualifier.SEVERAL, Qualifier.SOME})


def drop_superseded_vague(claims: Sequence[Claim]) -> list[Claim]:
    """Drop no-number claims ("several", "quelques") when the same claimant also gives a figure
    for that category and victim class (codebook §2: they count only as the only statement)."""
    numbered = {
        (c.claimant, c.category, c.victims) for c in claims if c.count.qualifier not in NO_NUMBER
    }
    return [
        c
        for c in claims
        if c.count.qualifier not in NO_NUMBER or (c.claimant, c.category, c.victims) not in numbered
    ]


def latest_claims(claims: Sequence[Claim]) -> list[Claim]:
    """Each claimant's current whole-incident claim per category and victim class, in order.

    The current claim is the latest wording of the claimant's latest statement
    (feeds.model.statements): outlets rounding one statement differently ("at least 18", "18",
    "dix-huit") keep it current, and a late copy of a superseded figure does not bring it back.
    """
    heard: dict[tuple[str, Category, VictimKind], list[tuple[int, Claim]]] = {}
    for position, claim in enumerate(drop_superseded_vague(claims)):
        if claim.scope is not None or claim.role is Role.BACKGROUND:
            continue
        key = (claim.claimant, claim.category, claim.victims)
        heard.setdefault(key, []).append((position, claim))
    latest: list[tuple[int, Claim]] = []
    for own in heard.values():
        position, claim = statements(own, lambda item: item[1].count)[-1][-1]
        latest.append((position, claim))
    return [claim for _, claim in sorted(latest, key=lambda pair: pair[0])]


def tally(claims: Sequence[Claim]) -> list[CategoryTally]:
    """Per category: range over claimants' latest whole-incident figures, and the most
    conservative count: the lowest low above zero (as ACLED codes fatalities) over the figures
    that give a number. The no-number rows ("several", "many", "heavy loss of life") count only
    when no claimant gives a number, so that "many" never outranks "77 to 100" (codebook §6)."""
    tallies: list[CategoryTally] = []
    for category in Category:
        figures = _claimant_figures([c for c in latest_claims(claims) if c.category is category])
        if not figures:
            continue
        lows = [figure.low for figure in figures.values()]
        highs = [figure.high for figure in figures.values()]
        numbered = [f.low for f in figures.values() if f.numbered and f.low > 0]
        vague = [f.low for f in figures.values() if not f.numbered and f.low > 0]
        tallies.append(
            CategoryTally(
                category,
                low=min(lows),
                high=None if None in highs else max(h for h in highs if h is not None),
                conservative=min(numbered or vague) if numbered or vague else None,
                claimants=tuple(sorted(figures)),
                no_number=not numbered and bool(vague),
            )
        )
    return tallies


@dataclass(frozen=True, slots=True)
class _Figure:
    """One claimant's whole figure for a category; ``numbered`` unless it is no-number only."""

    low: int
    high: int | None
    numbered: bool


def _claimant_figures(claims: Sequence[Claim]) -> dict[str, _Figure]:
    """Each claimant's whole figure: its overall (mixed or unspecified) claim when it gave one,
    else the sum of its parts by victim class. A claimant who gives a number for some classes
    and only "several" for others counts its numbered parts for the conservative count."""
    by_claimant: dict[str, list[Claim]] = {}
    for claim in claims:
        by_claimant.setdefault(claim.claimant, []).append(claim)
    figures: dict[str, _Figure] = {}
    for claimant, own in by_claimant.items():
        overall = [c for c in own if c.victims in (VictimKind.MIXED, VictimKind.UNSPECIFIED)]
        parts = overall[-1:] or own
        highs = [c.count.high for c in parts]
        high = None if None in highs else sum(h for h in highs if h is not None)
        numbered = [c for c in parts if c.count.qualifier not in NO_NUMBER]
        low = sum(c.count.low or 0 for c in numbered or parts)
        figures[claimant] = _Figure(low, high, bool(numbered))
    return figures

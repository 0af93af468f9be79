"""Disputes, updates and tallies over one incident's claims (codebook §6).

Claims come in chronological order. Only whole-incident claims count: a claim with a ``scope``
(one village, Wagner losses only) or a background claim never disputes anything. For each
claimant, its LATEST figure per category and victim class is what it says now; an earlier one is
superseded, and a changed figure from the same claimant is an update, never a contradiction.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from feeds.model import (
    CasualtyCount,
    Category,
    Claim,
    Contradiction,
    ContradictionKind,
    Role,
    TollUpdate,
    VictimKind,
)
from feeds.model.statements import same_statement, statements
from feeds.model.tally import latest_claims

GENERIC_WORDS = frozenset({"", "people", "persons", "personnes", "individuals", "dead", "bodies"})
SAME_DEAD_TWO_WAYS = frozenset({VictimKind.CIVILIANS, VictimKind.MILITANTS})
OTHER_THAN_MILITANTS = frozenset({VictimKind.CIVILIANS, VictimKind.SOLDIERS})


def are_comparable_victims(a: VictimKind, b: VictimKind) -> bool:
    """Can two figures be about the same people? (codebook §6.1)"""
    if a is b or VictimKind.UNSPECIFIED in (a, b):
        return True
    return {a, b} == SAME_DEAD_TWO_WAYS


def find_contradictions(claims: Sequence[Claim]) -> list[Contradiction]:
    """Count, victims and denial disputes between claimants; one per category and kind.

    A claimant who counts militants and civilians separately disputes nobody's civilians with
    its militants; nor does anyone's militants in a fight where soldiers died or where some
    claimant counts militants and other dead apart (:func:`_fights`). A dispute one story sets
    out itself (both figures from its own sources) names the unit's pair before one assembled
    across stories: the pair a reader was shown.
    """
    found: dict[tuple[str, str], Contradiction] = {}
    latest = latest_claims(claims)
    counts_others = {
        (c.claimant, c.category)
        for c in latest
        if c.victims in OTHER_THAN_MILITANTS and not c.count.is_denial
    }
    fights = _fights(latest)
    counts_others |= {(c.claimant, c.category) for c in latest if c.category in fights}
    pairs = sorted(combinations(latest, 2), key=lambda pair: not _one_story(*pair))
    for first, second in pairs:
        if first.claimant == second.claimant or first.category is not second.category:
            continue
        if _other_dead(first, second, counts_others):
            continue
        for kind in _dispute_kinds(first, second):
            contradiction = _contradiction(kind, first, second)
            found.setdefault(contradiction.key, contradiction)
    return sorted(found.values(), key=lambda c: (list(Category).index(c.category), c.kind.value))


def _fights(latest: Sequence[Claim]) -> set[Category]:
    """Categories in which the incident's militants are the fighters, not anyone's civilians:
    someone counts soldiers among them (the two armed sides fought: "11 soldiers and 30
    terrorists killed" at a camp, an ambush), or one claimant counts militants and civilians or
    soldiers as separate dead ("19 guests and two gunmen"). Then nobody's civilians are the same
    dead as anybody's "assailants" (codebook §6.2 needs the same dead described two ways)."""
    fought = {
        c.category
        for c in latest
        if c.victims is VictimKind.SOLDIERS and not c.count.is_denial and c.count.high != 0
    }
    classes: dict[tuple[str, Category], set[VictimKind]] = {}
    for c in latest:
        if not c.count.is_denial:
            classes.setdefault((c.claimant, c.category), set()).add(c.victims)
    apart = {
        category
        for (_, category), kinds in classes.items()
        if VictimKind.MILITANTS in kinds and kinds & OTHER_THAN_MILITANTS
    }
    return fought | apart


def _other_dead(first: Claim, second: Claim, counts_others: set[tuple[str, Category]]) -> bool:
    """True when one side counts militants but also gives civilian or soldier dead of its own:
    its militants ("terrorists neutralised", "we killed 12 of the attackers", "douze assaillants
    tués" beside "we lost three men") are the fighters it faced, other dead than the civilians
    the other side counts, so neither a count nor a victims dispute."""
    if {first.victims, second.victims} != SAME_DEAD_TWO_WAYS:
        return False
    militants = first if first.victims is VictimKind.MILITANTS else second
    return (militants.claimant, militants.category) in counts_others


def _one_story(first: Claim, second: Claim) -> bool:
    return bool(first.story_url) and first.story_url == second.story_url


def _dispute_kinds(first: Claim, second: Claim) -> list[ContradictionKind]:
    kinds: list[ContradictionKind] = []
    denials = first.count.is_denial, second.count.is_denial
    comparable = are_comparable_victims(first.victims, second.victims)
    if not any(denials):
        if comparable and not _overlap_or_same(first.count, second.count):
            kinds.append(ContradictionKind.COUNT)
        if {first.victims, second.victims} == SAME_DEAD_TWO_WAYS:
            kinds.append(ContradictionKind.VICTIMS)
    elif denials[0] != denials[1] and comparable:
        positive = second if denials[0] else first
        if positive.count.high is None or positive.count.high > 0:
            kinds.append(ContradictionKind.DENIAL)
    return kinds


def _overlap_or_same(a: CasualtyCount, b: CasualtyCount) -> bool:
    """Both can be true, or they are one figure rounded two ways ("more than 60" and "60")."""
    return a.overlaps(b) or same_statement(a, b)


def _contradiction(kind: ContradictionKind, first: Claim, second: Claim) -> Contradiction:
    summary = f"{describe_claim(first)} vs {describe_claim(second)}"
    return Contradiction(kind, first.category, first, second, summary)


def describe_claim(claim: Claim) -> str:
    """One line: "CDRAP: at least 18 killed (civilians)" or "Malian army: denies killed"."""
    victims = claim.victims_detail.strip().strip('"“”«» ')
    if victims.lower() in GENERIC_WORDS:
        victims = claim.victims.value if claim.victims is not VictimKind.UNSPECIFIED else ""
    suffix = f" ({victims})" if victims else ""
    if claim.count.is_denial:
        return f"{claim.claimant}: denies any {claim.category.value}{suffix}"
    return f"{claim.claimant}: {describe_count(claim.count)} {claim.category.value}{suffix}"


def describe_count(count: CasualtyCount) -> str:
    """The interval in words, for people: "11", "at least 18", "up to 30", "10 to 20"."""
    low, high = count.low, count.high
    if low is not None and low == high:
        return str(low)
    if high is None:
        return f"at least {low or 0}"
    if low is None:
        return f"up to {high}"
    return f"{low} to {high}"


def find_updates(old: Sequence[Claim], new: Sequence[Claim]) -> list[TollUpdate]:
    """Same claimant, category, victims and scope with a new figure: old → new.

    A figure that rewords a statement already heard ("sept" after "seven", "au moins 18" after
    "18", "une vingtaine" after "about 20") or repeats a superseded one (a late copy of an old
    report) is no update (feeds.model.statements).
    """
    known: dict[tuple[object, ...], list[CasualtyCount]] = {}
    for claim in old:
        known.setdefault(_update_key(claim), []).append(claim.count)
    latest_new: dict[tuple[object, ...], Claim] = {}
    for claim in new:
        if claim.role is not Role.BACKGROUND:
            latest_new[_update_key(claim)] = claim
    updates: list[TollUpdate] = []
    for key, claim in latest_new.items():
        history = known.get(key)
        if not history or any(same_statement(claim.count, seen) for seen in history):
            continue  # nothing known, or a statement already heard
        current = statements(history, lambda count: count)[-1][-1]
        updates.append(
            TollUpdate(claim.claimant, claim.category, current, claim.count, claim.victims)
        )
    return updates


def _update_key(claim: Claim) -> tuple[object, ...]:
    return (claim.claimant, claim.category, claim.victims, claim.scope)

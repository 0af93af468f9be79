"""Victim classes that only the rest of the story gives (codebook §3).

A figure with no victim noun of its own ("quatre morts", "two others", "a toll of 19") is read
the way an analyst reads it: hostages taken by gunmen are civilians; "others" are more of the
victims just counted; a claimant's earlier figure counts the same dead as its later one; and
the toll of the army, or of a group fighting it, in a story whose every classed figure of that
category is soldiers counts soldiers; a story that says who the dead were ("most of the victims
were herders") classes its bare tolls.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from feeds.analysis.claims.merge import SentenceClaim
from feeds.analysis.claims.victims import classify_words
from feeds.model import Category, Claim, VictimKind
from feeds.model.folding import fold

_NUMBER_OF = re.compile(r"\b(?:nombre|number) (?:de |d'|of )([a-z'-]+)")
_UNS = VictimKind.UNSPECIFIED


def settle_story_victims(
    found: list[SentenceClaim], sentences: Sequence[str] = ()
) -> list[SentenceClaim]:
    """Classes for unspecified figures from the story's other figures (see module doc)."""
    described = _described_victims(sentences)
    settled: list[SentenceClaim] = []
    for item in found:
        claim = item.claim
        if claim.victims is _UNS and not claim.count.is_denial:
            elsewhere = [f for f in found if f.sentence_index != item.sentence_index]
            kind = _class_from_story(claim, settled, elsewhere)
            if kind is None and claim.category is Category.KILLED:
                kind = described
            if kind is not None:
                item = SentenceClaim(replace(claim, victims=kind), item.sentence_index)
        settled.append(item)
    return settled


# "Most of the victims were herders", "les victimes étaient des commerçants"
_VICTIMS_WERE = re.compile(
    r"\b(?:victims|dead|those killed|victimes|morts|personnes tuees)\s+(?:were|are|was"
    r"|etaient|sont)\s+(?:all |mostly |mainly |tous |toutes |pour la plupart |en majorite )?"
    r"(?:des |d'|de |the )?([a-z'-]+(?: [a-z'-]+)?)"
)


def _described_victims(sentences: Sequence[str]) -> VictimKind | None:
    """The one class the story gives its dead in a sentence of their own, if any."""
    kinds = set()
    for sentence in sentences:
        for found in _VICTIMS_WERE.finditer(fold(sentence)):
            kind = classify_words(found.group(1))
            if kind not in (None, _UNS):
                kinds.add(kind)
    return kinds.pop() if len(kinds) == 1 else None


def _class_from_story(
    claim: Claim, before: list[SentenceClaim], elsewhere: list[SentenceClaim]
) -> VictimKind | None:
    """``before``: the story's figures read so far; ``elsewhere``: those of other sentences
    (a total's own parts do not class it)."""
    named = classify_words(claim.victims_detail)
    if _are_others(claim):
        classed = [b.claim.victims for b in before if b.claim.victims is not _UNS]
        if classed:
            return classed[-1]
    if claim.category is Category.ABDUCTED:  # the state arrests; gunmen take civilians hostage
        return named if named not in (None, _UNS) else VictimKind.CIVILIANS
    if named not in (None, _UNS):
        return None  # a total with a counted part of a class: "six, including one civilian"
    counted = _NUMBER_OF.search(fold(claim.sentence))
    kind = classify_words(counted.group(1)) if counted else None
    if kind not in (None, _UNS):
        return kind  # "le nombre d'assaillants neutralisés reste fixé à 12"
    same = [
        b.claim.victims
        for b in before
        if b.claim.claimant == claim.claimant
        and b.claim.category is claim.category
        and b.claim.victims not in (_UNS, VictimKind.MIXED)
        and not b.claim.count.is_denial
    ]
    if same:
        return same[-1]  # "it had earlier given a toll of 19": its figure just read
    own = _classes(elsewhere, lambda c: c.claimant == claim.claimant, claim.category)
    if len(own) == 1:
        return own.pop()
    if _counts_the_army_side(claim.claimant):
        others = _classes(elsewhere, lambda c: True, claim.category) or _classes(
            elsewhere, lambda c: True, None
        )
        if others == {VictimKind.SOLDIERS}:
            return VictimKind.SOLDIERS
    return None


def _are_others(claim: Claim) -> bool:
    """ "Two others were shot", "another 12", "deux autres ont été abattus": more of the same
    victims."""
    wording = re.escape(fold(claim.count.wording))
    others = r"(?:others?|autres|more|de plus|supplementaires)"
    sentence = fold(claim.sentence)
    after = re.search(rf"{wording}\s+{others}\b", sentence)
    return bool(after or re.search(rf"\b(?:another|an additional)\s+{wording}", sentence))


def _classes(
    story: list[SentenceClaim], keep: Callable[[Claim], bool], category: Category | None
) -> set[VictimKind]:
    """The victim classes of the story's figures kept by ``keep`` (any category for None)."""
    return {
        s.claim.victims
        for s in story
        if keep(s.claim)
        and category in (None, s.claim.category)
        and s.claim.victims not in (_UNS, VictimKind.MIXED)
        and not s.claim.count.is_denial
        and s.claim.scope is None
    }


def _counts_the_army_side(claimant: str) -> bool:
    """The army, and the groups that fight it: their bare tolls count the story's soldiers."""
    return claimant in ("Malian army", "JNIM", "IS Sahel", "FLA", "CSP-DPA")

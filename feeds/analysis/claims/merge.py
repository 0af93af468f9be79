"""One claim per claimant, category, interval and victims in a story (codebook §1).

A figure repeated in the headline or the next sentence is one claim; an outlet-voice echo of a
sourced figure is dropped; "several" gives way to a number from the same claimant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from feeds.analysis.claims.actors import (
    load_actors,
)
from feeds.analysis.claims.victims import (
    classify_words,
    has_civilian_context,
)
from feeds.model import Claim, Qualifier, Story, VictimKind
from feeds.model.folding import normalize


@dataclass(frozen=True)
class SentenceClaim:
    claim: Claim
    sentence_index: int


def promote_people(found: list[SentenceClaim], story_text: str) -> list[SentenceClaim]:
    """Unnamed victims in a story about an attack on civilians (a market, a bus, a wedding)
    are civilians, unless the army or an armed group gives the figure."""
    if not has_civilian_context(story_text, strong=True):
        return found
    kinds = {actor.canonical: actor.kind for actor in load_actors().actors.values()}
    promoted: list[SentenceClaim] = []
    for item in found:
        claim = item.claim
        speakers = {kinds.get(name, "media") for name in claim.claimant.split(" + ")}
        if (
            claim.victims is VictimKind.UNSPECIFIED
            and not claim.count.is_denial
            and not speakers & {"state", "armed group"}
            and classify_words(claim.victims_detail) in (None, VictimKind.UNSPECIFIED)
        ):
            item = SentenceClaim(replace(claim, victims=VictimKind.CIVILIANS), item.sentence_index)
        promoted.append(item)
    return promoted


def headline_sentences(story: Story, sentences: Sequence[str]) -> int:
    if not story.title:
        return 0
    title = normalize(story.title).strip()
    return sum(1 for s in sentences[:3] if normalize(s).strip() and normalize(s) in title)


def _same_figure(a: Claim, b: Claim) -> bool:
    compatible = VictimKind.UNSPECIFIED in (a.victims, b.victims) or a.victims == b.victims
    return a.category == b.category and a.count.low == b.count.low and compatible


def deduplicate(found: list[SentenceClaim], headline: int, outlet: str) -> list[SentenceClaim]:
    """One claim per key, keeping the body's sentence; drop the outlet's echo of a sourced one."""
    body = [f for f in found if f.sentence_index >= headline]
    ordered = body + [f for f in found if f.sentence_index < headline]
    kept: list[SentenceClaim] = []
    for item in ordered:
        repeated = [k for k in kept if k.claim.key == item.claim.key]
        # A repeat in the same or the next sentence, or in the headline, is one claim; the
        # same figure further on may belong to another event of the story, whose claims the
        # events reader sorts by sentence.
        if any(
            item.sentence_index < headline or abs(k.sentence_index - item.sentence_index) <= 1
            for k in repeated
        ):
            continue
        kept.append(item)
    kept = [
        k
        for k in kept
        if k.claim.claimant != outlet
        or k.claim.count.is_denial
        or not any(
            o.claim.claimant != outlet
            and (_same_figure(o.claim, k.claim) or _headline_echo(k, o, headline))
            for o in kept
        )
    ]
    kept = [k for k in kept if not any(_more_specific(o.claim, k.claim) for o in kept)]
    kept = [k for k in kept if not _members_say_it(k.claim, kept)]
    kept = _drop_vague(kept)
    return sorted(kept, key=lambda k: k.sentence_index)


def _headline_echo(headline_item: SentenceClaim, sourced: SentenceClaim, headline: int) -> bool:
    """A headline figure in the outlet's voice ("kill dozens") that the body gives with its
    source ("at least 32 civilians, residents said") is that sourced figure; a body total of
    mixed classes ("13 people: ten passengers and three gendarmes") is the headline's too."""
    claim, other = headline_item.claim, sourced.claim
    loose = (VictimKind.UNSPECIFIED, VictimKind.MIXED)
    compatible = bool({claim.victims, other.victims} & set(loose)) or (
        claim.victims == other.victims
    )
    return (
        headline_item.sentence_index < headline
        and claim.category == other.category
        and compatible
        and claim.count.overlaps(other.count)
    )


def _more_specific(other: Claim, claim: Claim) -> bool:
    """The same claim with its victims named elsewhere in the story ("30 morts" / "30 civils")."""
    return (
        claim.victims is VictimKind.UNSPECIFIED
        and other.victims is not VictimKind.UNSPECIFIED
        and other.key[:5] == claim.key[:5]
        and (other.claimant, other.category, other.scope)
        == (claim.claimant, claim.category, claim.scope)
    )


def _members_say_it(claim: Claim, kept: list[SentenceClaim]) -> bool:
    """A joint figure that each of its members also gives on its own in the story ("A police
    source and an official put the toll at 19. … 19 dead, the police source said. … an official
    said 19") is those members' claims, told twice."""
    members = claim.claimant.split(" + ")
    if len(members) < 2:
        return False
    return all(
        any(
            k.claim.claimant == member
            and k.claim.category == claim.category
            and (k.claim.count.low, k.claim.count.high) == (claim.count.low, claim.count.high)
            for k in kept
        )
        for member in members
    )


def _drop_vague(kept: list[SentenceClaim]) -> list[SentenceClaim]:
    """ "several", "some": only when the claimant gives no number for that category/class."""
    vague = (Qualifier.SEVERAL, Qualifier.SOME)

    def has_number(claim: Claim) -> bool:
        return any(
            k.claim.claimant == claim.claimant
            and k.claim.category == claim.category
            and k.claim.victims == claim.victims
            and k.claim.count.qualifier not in vague
            and not k.claim.count.is_denial
            for k in kept
        )

    return [k for k in kept if k.claim.count.qualifier not in vague or not has_number(k.claim)]

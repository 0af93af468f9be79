"""Casualty claims in a story: claimant + category + interval + victims (codebook §1–4).

Each sentence is read clause by clause: counts and their categories (``claim_triggers``,
``claim_counts``), their victims (``claim_victims``), and the claimant from the clause, the
sentence, or the speaker the story last quoted (``attribution``); a figure nobody is quoted for
is the outlet's. Repeats are folded by ``claim_dedup``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from feeds.analysis.claims.actors import load_actors, story_groups
from feeds.analysis.claims.attribution import (
    Speaker,
    nearest_source,
    owned_figure,
    postmodifier_source,
    source_markers,
)
from feeds.analysis.claims.clauses import (
    HOLDS_THEM,
    clause_counts,
    held_by_another,
    holding,
    speakers_side,
)
from feeds.analysis.claims.confirmations import confirming_source, joint
from feeds.analysis.claims.context import settle_story_victims
from feeds.analysis.claims.counts import AGGREGATE
from feeds.analysis.claims.denials import (
    DENIAL,
    denial_target,
    disputes_figure,
    is_casualty_denial,
)
from feeds.analysis.claims.discourse import Discourse, clause_groups
from feeds.analysis.claims.merge import (
    SentenceClaim,
    deduplicate,
    headline_sentences,
    promote_people,
)
from feeds.analysis.claims.perpetrators import story_perpetrators
from feeds.analysis.claims.triggers import Count, find_triggers
from feeds.analysis.claims.victim_context import victims_detail
from feeds.analysis.claims.victims import (
    OWN_RANKS,
    PARTNER,
    own_side,
)
from feeds.analysis.numbers.values import CountMention
from feeds.analysis.numbers.words import to_digits
from feeds.analysis.text import guess_language, original_span, split_clauses
from feeds.model import CasualtyCount, Category, Claim, Qualifier, Role, Story
from feeds.model.folding import fold, normalize

logger = logging.getLogger(__name__)

_SCOPE = re.compile(
    r"\b(?:in|at) (?:the (?:village|town|locality) of )?[a-z'-]+ (?:alone|itself)\b|\ba lui seul\b"
    r"|\b(?:a|dans) (?!(?:le|la|les|l'|un|une|ce|cette|ces|son|sa|ses|leur|leurs)\b)[a-z'-]+"
    r" (?:meme|lui-meme|elle-meme)\b"
    r"|\b(?:identified|named|identifies) (?:so far|to date|a ce jour)\b"
)


_OWN_SIDE = re.compile(r"\b(?:its|their|our|his|ses|leurs|nos)\b")


@dataclass
class _Reader:
    """Reads a story sentence by sentence, remembering who spoke last."""

    story: Story
    groups: dict[str, str]
    language: str  # "en" or "fr": how number words are read
    discourse: Discourse
    text: str = ""  # the sentence being read, numbers as digits
    unsourced: list[int] = field(default_factory=list)  # outlet-voice figures just read
    headline: int = 0  # how many of the first sentences are the headline

    def read(self, index: int, sentence: str, found: list[SentenceClaim]) -> None:
        text = normalize(to_digits(sentence, self.language))
        folded = fold(text)
        self.text = text
        spans = split_clauses(text)
        groups_of_spans = clause_groups(text, spans)
        self.discourse.start_sentence(text)
        speakers = self.discourse.clause_speakers(text, spans)
        before = len(found)
        for position, span in enumerate(spans):
            names = self.discourse.claimant(index, speakers, groups_of_spans, position)
            markers = source_markers(text[span[0] : span[1]], self.groups)
            for count in clause_counts(text, folded, span):
                at = count.mention.start - span[0]
                clause = text[span[0] : span[1]]
                nearest = (
                    owned_figure(clause, at, self.groups)
                    or postmodifier_source(clause, at, self.groups)
                    or nearest_source(markers, at)
                )
                claimant = " + ".join(nearest or names or ()) or self.story.own_voice
                if count.category is None:  # "put the number at 50": the story's category
                    if not found:
                        continue
                    count.category = found[-1].claim.category
                    if count.victims is None:
                        count.kind = found[-1].claim.victims
                found.append(
                    SentenceClaim(self._claim(count, claimant, sentence, folded, span), index)
                )
            claimant = " + ".join(names) if names else self.story.own_voice
            held = HOLDS_THEM.search(folded, span[0], span[1])
            if held and names and found and held_by_another(found[-1].claim, claimant):
                found.append(SentenceClaim(holding(found[-1].claim, claimant, sentence), index))
            denial = DENIAL.search(folded, span[0], span[1])
            if (
                denial
                and not AGGREGATE.search(folded)
                and not disputes_figure(folded, denial)
                and is_casualty_denial(folded, denial)
            ):
                found.append(
                    SentenceClaim(self._denial(claimant, folded, span, sentence, found), index)
                )
        self._source_named_after(found, before, speakers)
        self.discourse.close_sentence(text, speakers, len(found) > before)

    def _source_named_after(
        self, found: list[SentenceClaim], before: int, speakers: Sequence[Speaker]
    ) -> None:
        """ "The toll now stands at nine. The wounded died, the mayor announced.": a toll in the
        outlet's voice, explained in the very next sentence by a source with no figure of its
        own, is that source's."""
        spoken = [s for s in speakers if s]
        waiting, self.unsourced = self.unsourced, []
        if len(found) > before:
            if not self.discourse.recall:  # a dated recall stays the outlet's
                self.unsourced = [
                    i for i in range(before, len(found)) if self._is_outlets(found[i])
                ]
            return
        about_the_dead = bool(find_triggers(fold(self.text)))
        confirmer = confirming_source(self.text, spoken, self.groups)
        if confirmer:
            self._confirmed(found, confirmer)
            return
        from_headline = bool(waiting) and found[waiting[0]].sentence_index < self.headline
        if len(spoken) == 1 and waiting and (about_the_dead or from_headline):
            for i in waiting:
                claim = replace(found[i].claim, claimant=" + ".join(spoken[0]))
                found[i] = SentenceClaim(claim, found[i].sentence_index)

    def _confirmed(self, found: list[SentenceClaim], confirmer: str) -> None:
        """ "An army spokesman confirmed the toll.": the figures of the last sentence that gave
        any are joint with the confirming source."""
        if not found:
            return
        last = found[-1].sentence_index
        for i, item in enumerate(found):
            if item.sentence_index == last and not item.claim.count.is_denial:
                claim = replace(item.claim, claimant=joint(item.claim.claimant, confirmer))
                found[i] = SentenceClaim(claim, last)

    def _is_outlets(self, item: SentenceClaim) -> bool:
        return item.claim.claimant == self.story.own_voice and not item.claim.count.is_denial

    def _claim(
        self, count: Count, claimant: str, sentence: str, folded: str, span: tuple[int, int]
    ) -> Claim:
        found_scope = _SCOPE.search(folded, span[0], span[1])
        scope = found_scope.group(0) if found_scope else None
        kind = count.kind
        if _OWN_SIDE.search(folded, count.mention.end, count.np_end) or OWN_RANKS.search(
            fold(count.detail)
        ):
            before = [m for m in load_actors().find(self.text) if m.end <= count.mention.start]
            possessor = before[-1].actor.canonical if before else claimant
            kind = own_side(possessor, kind)
            if possessor == PARTNER:  # the partner's own losses are part of the army's toll
                scope = scope or f"{PARTNER} losses"
        else:
            kind = speakers_side(folded, count, claimant, kind)
        return Claim(
            claimant=claimant,
            category=count.category or Category.KILLED,
            count=self._as_written(count.mention, sentence),
            victims=kind,
            victims_detail=victims_detail(count, folded, sentence),
            scope=scope,
            role=Role.MAIN,
            sentence=sentence,
            story_url=self.story.url,
        )

    def _as_written(self, mention: CountMention, sentence: str) -> CasualtyCount:
        """The count with its wording as the sentence writes it ("about thirty", "dix-huit")."""
        written = normalize(sentence)
        if mention.count.wording != self.text[mention.start : mention.end].strip():
            return mention.count  # a merged or rebuilt wording ("A, voire B", "12 + 1")
        start, end = original_span(self.text, written, mention.start, mention.end)
        wording = written[start:end].strip()
        return replace(mention.count, wording=wording) if wording else mention.count

    def _denial(
        self,
        claimant: str,
        folded: str,
        span: tuple[int, int],
        sentence: str,
        found: list[SentenceClaim],
    ) -> Claim:
        marker = DENIAL.search(folded, span[0], span[1])
        start = marker.start() if marker else span[0]
        reach = marker.end() if marker else span[1]  # "a claim the army rejected": the army
        deniers = [
            m for m in load_actors().find(self.text[span[0] : reach]) if m.actor.kind != "media"
        ]
        if deniers:  # "..., and the army denied the accusation": the army denies
            last = deniers[-1]
            claimant = (
                self.groups.get(last.actor.kind, "") if last.generic else last.actor.canonical
            )
            claimant = claimant or self.story.own_voice
        answered = [
            f for f in found if f.claim.claimant != claimant and not f.claim.count.is_denial
        ]
        last_sentence = answered[-1].sentence_index if answered else -1
        recent = next((f.claim for f in answered if f.sentence_index == last_sentence), None)
        category, kind = denial_target(folded[span[0] : span[1]], recent)
        wording = self.text[start : marker.end() if marker else span[1]].strip()
        count = CasualtyCount(0, 0, Qualifier.DENIAL, wording)
        return Claim(
            claimant,
            category,
            count,
            kind,
            role=Role.MAIN,
            sentence=sentence,
            story_url=self.story.url,
        )


def with_perpetrators(
    claims: list[SentenceClaim], perpetrators: Sequence[str | None]
) -> list[SentenceClaim]:
    """Each claim with the perpetrator its sentence (or the story before it) names, unless
    that is the claimant itself speaking of its own losses."""
    filled = []
    for item in claims:
        named = (
            perpetrators[item.sentence_index] if item.sentence_index < len(perpetrators) else None
        )
        claim = replace(item.claim, perpetrator=named)
        filled.append(SentenceClaim(claim, item.sentence_index))
    return filled


def extract_claims(story: Story, sentences: Sequence[str]) -> list[SentenceClaim]:
    """Every claim in the story, in reading order, deduplicated (codebook §1–4).

    ``sentences`` is ``split_sentences(story.full_text)``: the headline comes first.
    """
    table = load_actors()
    mentions = [m for sentence in sentences for m in table.find(sentence)]
    language = guess_language(" ".join(sentences), story.language)
    groups = story_groups(mentions, story.published.year if story.published else None)
    discourse = Discourse(groups)
    discourse.read_quotes(sentences)
    reader = _Reader(
        story, groups, language, discourse, headline=headline_sentences(story, sentences)
    )
    found: list[SentenceClaim] = []
    for index, sentence in enumerate(sentences):
        reader.read(index, sentence, found)
    headline = headline_sentences(story, sentences)
    claims = deduplicate(found, headline, story.own_voice)
    claims = promote_people(claims, " ".join(sentences))
    claims = deduplicate(settle_story_victims(claims, sentences), headline, "")
    claims = with_perpetrators(claims, story_perpetrators(sentences, groups))
    logger.debug("story %s: %d claims", story.url, len(claims))
    return claims

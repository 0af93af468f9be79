"""The story's current speaker, from sentence to sentence (codebook §4).

``attribution`` reads one clause; ``Discourse`` remembers who spoke last, lets that speaker
keep figures that follow without a source of their own until another source or the outlet's
own voice takes over, and gives a quotation running over several sentences to the speaker
named after it closes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from feeds.analysis.claims.actors import ActorMention, load_actors
from feeds.analysis.claims.anaphors import Antecedent
from feeds.analysis.claims.attribution import Speaker, attribute, gapped_subject
from feeds.analysis.claims.reporting_words import ACCORDING
from feeds.model.folding import fold, normalize


def clause_groups(text: str, spans: Sequence[tuple[int, int]]) -> list[int]:
    """Clauses joined by ";" are separate statements: each group shares a source."""
    groups = [0]
    for (_, end), (start, _) in pairwise(spans):
        groups.append(groups[-1] + (";" in text[end:start]))
    return groups


def sentence_speaker(
    speakers: Sequence[tuple[str, ...] | None], groups: Sequence[int], position: int
) -> tuple[str, ...] | None:
    """A clause's own source, else the nearest one of its sentence (not across a ";")."""
    ordered = [position, *reversed(range(position)), *range(position + 1, len(speakers))]
    return next(
        (speakers[i] for i in ordered if speakers[i] and groups[i] == groups[position]), None
    )


_MONTH_NAMES = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre"
)
_RECALL = re.compile(
    rf"^\W*(?:last (?:year|month|week)|earlier this (?:year|month)|(?:in )?(?:early |late |mid-)?"
    rf"(?:{_MONTH_NAMES})(?: (?:19|20)\d\d)?,|in (?:19|20)\d\d|l'an dernier|l'annee derniere"
    rf"|le mois dernier|(?:en|debut|fin|mi-) ?(?:{_MONTH_NAMES}|(?:19|20)\d\d)|(?:19|20)\d\d,)"
)
# "…, où, en juillet 2024, des dizaines de…", "two days after 14 civilians were killed…":
# another, dated event inside the sentence
_DATED_PAST = re.compile(
    rf"\b(?:in|en|de) (?:(?:early|late|mid-|debut|fin) )?(?:(?:{_MONTH_NAMES}) )?(?:19|20)\d\d\b"
    rf"|\blast (?:{_MONTH_NAMES})\b|\b(?:{_MONTH_NAMES}) (?:last year|dernier)\b"
    r"|\b(?:a|one|two|\d+) (?:years?|months?) (?:ago|earlier)\b|\bil y a (?:pres d')?(?:un|une"
    r"|deux|trois|\d+) (?:ans?|mois)\b|\b(?:un|deux|\d+) ans? plus tot\b"
    r"|\b(?:days?|weeks?|months?) (?:after|before)\b|\b(?:jours?|semaines?|mois) (?:apres|avant)\b"
)
_OPENING_QUOTE = re.compile(r'^\s*["«]')
_CLOSING_QUOTE = re.compile(r'["»]\s*,?')


# the subject a sentence opens on: an anaphor, or an actor after at most an article
_SUBJECT_ANAPHOR = re.compile(
    r"(?:il|elle|ils|elles|it|they|he|she|the group|le groupe|le mouvement|the movement"
    r"|l'organisation|the organi[sz]ation|l'association|the association)\s+(?!(?:est|sont|was"
    r"|were|is|are|a ete|ont ete)\b)"
)
_SUBJECT_START = re.compile(r"\W*(?:(?:le|la|les|the|l')\s*)?")
_PRONOUN_SUBJECT = re.compile(r"\W*(?:it|il|elle)\s+(?!(?:est|was|is|a ete|etait)\b)")


def _names_of(mention: ActorMention, groups: dict[str, str]) -> tuple[str, ...]:
    name = groups.get(mention.actor.kind, "") if mention.generic else mention.actor.canonical
    return tuple(part for part in name.split(" + ") if part)


def _closes_quote(sentence: str) -> bool:
    """A sentence that opens a quotation and does not close it: the quote runs on."""
    return bool(_OPENING_QUOTE.match(sentence)) and len(re.findall(r'["«»]', sentence)) % 2 == 1


@dataclass
class Discourse:
    """The story's current speaker, as a reader keeps it in mind.

    A source named in a sentence speaks for that sentence's figures; an unattributed figure in
    the next sentences stays with that source until another source speaks or a sentence in the
    outlet's own voice (no source, no figure) takes over. A quotation running over several
    sentences belongs to the speaker named after it closes ("…," a farmer said).
    """

    groups: dict[str, str]
    last_speaker: tuple[str, ...] | None = None
    last_named: tuple[str, ...] | None = None  # the actor named last, for "selon lui"
    carried: tuple[str, ...] | None = None
    quoted: dict[int, tuple[str, ...]] = field(default_factory=dict)
    recall: bool = False
    frame: Speaker = None  # the source a sentence opens with: "Selon X, …", "According to X, …"
    antecedents: list[Antecedent] = field(default_factory=list)  # actors named so far
    subject: Speaker = None  # the actor the last sentence opened on, for "It said…"

    def read_quotes(self, sentences: Sequence[str]) -> None:
        """Speakers of quotations that close in a later sentence, by the sentences they cover."""
        for index, sentence in enumerate(sentences):
            if not _closes_quote(normalize(sentence)):
                continue
            for later in range(index + 1, min(index + 4, len(sentences))):
                written = normalize(sentences[later])
                close = _CLOSING_QUOTE.search(written)
                if close is None:
                    continue
                speaker = attribute(written[close.end() :], groups=self.groups, last_speaker=None)
                if speaker:
                    for covered in range(index, later + 1):
                        self.quoted.setdefault(covered, speaker)
                break

    def clause_speakers(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Speaker]:
        """Each clause's own source; an anaphor points at the nearest speaker before it, in the
        same sentence first ("JNIM claimed the attack, saying it had killed 20")."""
        current = self.last_speaker
        if self.subject and _PRONOUN_SUBJECT.match(fold(text)):
            current = self.subject  # "Mali's government has given no toll. It said…"
        in_sentence: Speaker = None  # "X évoque un bilan plus lourd : selon elle, …" is X
        speakers: list[Speaker] = []
        for start, end in spans:
            clause = text[start:end]
            speaker = attribute(
                clause,
                groups=self.groups,
                last_speaker=current,
                last_named=in_sentence or self.last_named,
                antecedents=[*self.antecedents, *self._named_in(text[:start])],
            )
            if speaker is None and in_sentence:
                speaker = gapped_subject(clause, self.groups)
            speakers.append(speaker)
            current = speaker or current
            in_sentence = speaker or in_sentence
        opening = fold(text[spans[0][0] :]).lstrip(' "«-') if spans else ""
        self.frame = speakers[0] if speakers and ACCORDING.match(opening) else None
        return speakers

    def claimant(
        self, index: int, speakers: Sequence[Speaker], groups: Sequence[int], position: int
    ) -> Speaker:
        """The source of a figure: its sentence's, a running quote's, or the current speaker's."""
        own = sentence_speaker(speakers, groups, position)
        # a sentence framed by its source ("Selon l'armée, …; les assaillants ont…") keeps
        # it after ";" too
        carried = None if self.recall else (self.frame or self.carried)
        return own or self.quoted.get(index) or carried

    def start_sentence(self, text: str) -> None:
        """A sentence that opens on an older time ("Last year, …", "En juillet 2024, …")
        recalls the background in the outlet's voice: the current speaker does not reach it."""
        folded = fold(text)
        self.recall = bool(_RECALL.match(folded) or _DATED_PAST.search(folded))

    def _speaker_acts(self, text: str) -> bool:
        """ "Le MPUSCB présente ses condoléances…", "It also called for…": a sentence whose
        subject is the current speaker goes on telling its statement, so its voice holds."""
        if not self.carried:
            return False
        folded = fold(text).lstrip(' "«-')
        if _SUBJECT_ANAPHOR.match(folded):
            return True
        first = next(iter(load_actors().find(text)), None)
        if first is None or _SUBJECT_START.fullmatch(folded, 0, first.start) is None:
            return False
        return _names_of(first, self.groups) == self.carried

    def _opening_actor(self, text: str) -> Speaker:
        """The actor a sentence opens on, its subject (a pronoun in the next sentence refers
        to it first, as a reader takes it)."""
        folded = fold(text)
        first = next((m for m in load_actors().find(text) if m.actor.kind != "media"), None)
        if first is None or _SUBJECT_START.fullmatch(folded, 0, first.start) is None:
            return None
        return _names_of(first, self.groups) or None

    def _named_in(self, text: str) -> list[Antecedent]:
        folded = fold(text)
        return [
            Antecedent(folded[m.start : m.end], _names_of(m, self.groups), m.actor.kind)
            for m in load_actors().find(text)
            if m.actor.kind != "media"
        ]

    def close_sentence(self, text: str, speakers: Sequence[Speaker], has_figures: bool) -> None:
        self.antecedents.extend(self._named_in(text))
        self.subject = self._opening_actor(text)
        spoken = [s for s in speakers if s]
        if spoken:
            self.last_speaker = self.carried = spoken[-1]
        elif not has_figures and not self._speaker_acts(text):
            self.carried = None  # the outlet's own voice takes over
        named = [m for m in load_actors().find(text) if m.actor.kind != "media" and not m.generic]
        self.last_named = (named[0].actor.canonical,) if named else self.last_named

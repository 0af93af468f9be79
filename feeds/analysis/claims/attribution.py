"""Attribution: whose figure a clause carries (codebook §4).

Attribution is read as a small grammar of reporting: a source marker ("according to X",
"selon X", "pour X"), a reporting verb with its subject before it ("the group said", "le
mouvement affirme") or after it ("a indiqué le préfet", "précisent-ils"), and anaphors ("it",
"the group", "la même source", "selon lui") that point back at the story's current speaker.
``discourse.Discourse`` carries that current speaker across sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from feeds.analysis.claims.actors import ActorMention, load_actors
from feeds.analysis.claims.reporting_words import (
    ACCORDING,
    AFTER_PREPOSITION,
    ANAPHOR,
    ANONYMOUS,
    CAPITAL_SPEAKS,
    COUNT_WORDS,
    MEDIUM_SUBJECT_GAP,
    OFFICER,
    ONE_OF_THEM,
    RESUMPTIVE,
    SPAN_STOP,
    SPEECH,
    SPOKESMAN,
    TIME_GAP,
    TOLD_MEDIUM,
    VERB_SUBJECT_GAP,
)
from feeds.analysis.claims.triggers import find_triggers
from feeds.analysis.text import fold

Speaker = tuple[str, ...] | None


def _start(mention: ActorMention) -> int:
    return mention.start


def _media_subjects(
    mentions: Sequence[ActorMention], folded: str, verb_start: int
) -> list[ActorMention]:
    """A medium that is the subject of the verb ("Reuters had reported that…")."""
    return [
        m
        for m in mentions
        if m.actor.kind == "media"
        and MEDIUM_SUBJECT_GAP.fullmatch(folded, m.end, verb_start)
        and not AFTER_PREPOSITION.search(folded, 0, m.start)
    ]


def _blocks_subject(folded: str, start: int, end: int) -> bool:
    """An anaphor between an actor and its verb means the verb has another subject; so does a
    casualty word: "30 soldiers and Russian mercenaries were killed, he said" (the actor was
    among those counted)."""
    if re.search(r'["»]', folded[start:end]):  # "«… the army …», said the source"
        return True
    gap = RESUMPTIVE.sub(" ", folded[start:end])
    outside_asides = re.sub(r",[^,]*,", " ", gap)  # ", where the wounded were taken,"
    return ANAPHOR.search(gap) is not None or bool(find_triggers(outside_asides))


def _names(mentions: Sequence[ActorMention], groups: dict[str, str]) -> tuple[str, ...]:
    names: list[str] = []
    for mention in mentions:
        name = groups.get(mention.actor.kind, "") if mention.generic else mention.actor.canonical
        # an alias may name two sources at once: "sources locales et sécuritaires"
        names.extend(part for part in name.split(" + ") if part and part not in names)
    return tuple(names)


def _span_end(folded: str, start: int) -> int:
    stop = SPAN_STOP.search(folded, start)
    return stop.start() if stop else len(folded)


def attribute(
    clause: str,
    *,
    groups: dict[str, str],
    last_speaker: tuple[str, ...] | None,
    last_named: tuple[str, ...] | None = None,
) -> tuple[str, ...] | None:
    """The claimant names a clause attributes its figures to, or None if it names none.

    Joint attribution ("according to a local official and the rebels") gives several names.
    An army officer speaks for the army, unless he speaks on condition of anonymity: then he
    is a security source.
    """
    names = _attribute(clause, groups=groups, last_speaker=last_speaker, last_named=last_named)
    folded = fold(clause)
    if names is None and CAPITAL_SPEAKS.search(folded):
        return ("Malian army",)  # "Bamako a qualifié ces accusations de sans fondement"
    if names == ("Malian army",) and ANONYMOUS.search(folded) and OFFICER.search(folded):
        return ("security sources",)
    return names


def _attribute(
    clause: str,
    *,
    groups: dict[str, str],
    last_speaker: tuple[str, ...] | None,
    last_named: tuple[str, ...] | None = None,
) -> tuple[str, ...] | None:
    """The claimant names a clause attributes its figures to, or None if it names none.

    Joint attribution ("according to a local official and the rebels") gives several names.
    """
    folded = fold(clause)
    mentions = load_actors().find(clause)
    for match in ACCORDING.finditer(folded):
        end = _span_end(folded, match.end())
        named = [m for m in mentions if match.end() <= m.start < end]
        sources = [m for m in named if m.actor.kind != "media"] or named
        if sources and _names(sources, groups):
            return _names(sources, groups)
        pronoun = re.match(r"\s*(?:lui|elle|eux|elles|him|her|them)\b", folded[match.end() :])
        if pronoun:  # "selon elle": the actor named just before, in the clause or earlier
            earlier = [m for m in mentions if m.end <= match.start() and m.actor.kind != "media"]
            named_here = _names(earlier[-1:], groups) if earlier else None
            if named_here or last_named or last_speaker:
                return named_here or last_named or last_speaker
        if ANAPHOR.search(folded, match.end(), end) and last_speaker:
            return last_speaker
    markers = source_markers(clause, groups)
    if markers and COUNT_WORDS.search(folded):  # "pour l'armée, 12 tués"
        return markers[-1][1]  # (with no figure in its clause, "Pour X, …" is an opinion frame)
    speakers = [m for m in mentions if m.actor.kind != "media"]
    for verb in SPEECH.finditer(folded):
        after = [
            m
            for m in speakers
            if 0 <= m.start - verb.end() <= 4
            or TIME_GAP.fullmatch(folded, verb.end(), m.start)
            or TOLD_MEDIUM.fullmatch(folded, verb.end(), m.start)
            or VERB_SUBJECT_GAP.fullmatch(folded, verb.end(), m.start)
            or (
                0 <= m.start - verb.end() <= 60
                and SPOKESMAN.search(folded, verb.end(), m.start)
                and not COUNT_WORDS.search(folded, verb.end(), m.start)
            )
        ]
        before = [
            m
            for m in speakers
            if m.end <= verb.start() and not COUNT_WORDS.search(folded, m.end, verb.start())
        ]
        before = sorted(before + _media_subjects(mentions, folded, verb.start()), key=_start)
        investigator = _told_investigator(folded, verb, speakers, groups, last_named)
        if investigator:  # "witnesses told the rights group that…": the group reports it
            return investigator
        postposed = re.search(r"[,\"]\s*$", folded[: verb.start()])
        if postposed and after and _names(after[:1], groups):  # "..., affirme Amnesty"
            return _names(after[:1], groups)
        if before and not _blocks_subject(folded, before[-1].end, verb.start()):
            names = _names(_joined(before, folded), groups)
            if names:
                return names
        if after and _names(after[:1], groups):
            return _names(after[:1], groups)
        one_of_them = ONE_OF_THEM.match(folded, verb.end() + 1) or re.search(
            rf"(?:{ONE_OF_THEM.pattern})\s+$", folded[: verb.start()]
        )
        if one_of_them and (last_named or last_speaker):
            return last_named or last_speaker
        inverted = re.match(r"-(?:t-)?(?:il|elle|ils|elles)\b", folded[verb.end() :])
        anaphor = inverted or ANAPHOR.match(folded, verb.end() + 1)
        anaphor = anaphor or ANAPHOR.search(folded[: verb.start()])
        if anaphor:  # "the group said": the last speaker, else the group named just before
            earlier = [m for m in speakers if m.end <= verb.start()]
            antecedent = _names(earlier[-1:], groups) if earlier else None
            if last_speaker or antecedent or last_named:
                return last_speaker or antecedent or last_named
    return None


# "Witnesses told Amnesty…", "des rescapés ont raconté à l'ONG…": a rights group or the UN that
# collects testimony reports the figure as its own finding (a medium told only carries it).
_TOLD = re.compile(r"(?:told|tell|tells|a dit|ont dit|ont raconte|a raconte|ont confie|a confie)$")
_TOLD_GAP = re.compile(r"\s+(?:a |aux? |to )?(?:the |l'|la |le |les )?")
_INVESTIGATOR = re.compile(
    r"\s+(?:a |aux? |to )?(?:the |l'|la |le |cette )(?:rights group|ngo|organi[sz]ation|ong"
    r"|organisation|investigators|enqueteurs)\b"
)


def _told_investigator(
    folded: str,
    verb: re.Match[str],
    speakers: Sequence[ActorMention],
    groups: dict[str, str],
    last_named: tuple[str, ...] | None,
) -> tuple[str, ...] | None:
    if not _TOLD.search(verb.group(0)):
        return None
    for mention in speakers:
        if mention.actor.kind == "UN/NGO" and _TOLD_GAP.fullmatch(
            folded, verb.end(), mention.start
        ):
            return _names([mention], groups) or None
    if _INVESTIGATOR.match(folded, verb.end()) and last_named:
        kinds = {a.canonical: a.kind for a in load_actors().actors.values()}
        if all(kinds.get(name) == "UN/NGO" for name in last_named):
            return last_named
    return None


def _joined(before: list[ActorMention], folded: str) -> list[ActorMention]:
    """The subject actors before a speech verb: the last one, with any joined by "and"/"et"."""
    subjects = [before[-1]]
    for mention in reversed(before[:-1]):
        if not re.fullmatch(r"\s*,?\s*(?:and|et)\s*", folded[mention.end : subjects[0].start]):
            break
        subjects.insert(0, mention)
    return subjects


# "huit terroristes neutralisés pour l'armée, une douzaine de civils pour le CDRAP": "pour X"
# names a source only when the actor closes the phrase.
_FOR_SOURCE = re.compile(r"\bpour (?=(?:le |la |l'|les )?\S)")
_PHRASE_END = re.compile(r"\s*(?:\([^)]{1,40}\)\s*)?(?:[,;:.]|$)")


def source_markers(clause: str, groups: dict[str, str]) -> list[tuple[int, tuple[str, ...]]]:
    """Explicit sources in a clause ("selon X", "according to X", "pour X") by position."""
    folded = fold(clause)
    mentions = [m for m in load_actors().find(clause) if m.actor.kind != "media"]
    markers: list[tuple[int, tuple[str, ...]]] = []
    for match in ACCORDING.finditer(folded):
        end = _span_end(folded, match.end())
        names = _names([m for m in mentions if match.end() <= m.start < end], groups)
        if names:
            markers.append((match.start(), names))
    for match in _FOR_SOURCE.finditer(folded):
        first = next((m for m in mentions if m.start >= match.end()), None)
        if (
            first is not None
            and re.fullmatch(r"(?:le |la |l'|les )?", folded[match.end() : first.start])
            and _PHRASE_END.match(folded, first.end)
            and _names([first], groups)
        ):
            markers.append((match.start(), _names([first], groups)))
    return sorted(markers)


def nearest_source(
    markers: Sequence[tuple[int, tuple[str, ...]]], position: int
) -> tuple[str, ...] | None:
    """With several sources in one clause, a figure belongs to the first one after it ("X pour
    A, Y pour B"), else to the last one before it."""
    if len({names for _, names in markers}) < 2:
        return None
    after = [names for start, names in markers if start >= position]
    before = [names for start, names in markers if start < position]
    return after[0] if after else before[-1]


# "calling the government's toll of 12 far below": the figure is the possessor's.
_OWNED_FIGURE = re.compile(
    r"(?:'s|s')\s+(?:[a-z]+\s+){0,2}(?:toll|figure|count|tally|estimate)\s+(?:of|at)\s+"
)


def owned_figure(clause: str, position: int, groups: dict[str, str]) -> tuple[str, ...] | None:
    """The actor whose toll a figure is, when the clause says so right before it."""
    folded = fold(clause)
    for mention in load_actors().find(clause):
        if mention.end <= position and _OWNED_FIGURE.fullmatch(folded, mention.end, position):
            return _names([mention], groups) or None
        if (
            mention.end <= position
            and _TOLL_OF.search(folded, 0, mention.start)
            and _TOLL_OF_GAP.fullmatch(folded, mention.end, position)
        ):  # "le bilan de l'armée, sept morts", "the toll of the UN: 12"
            return _names([mention], groups) or None
    return None


_TOLL_OF = re.compile(
    r"\b(?:bilan|decompte|chiffre|estimation|toll|count|tally|figure)s? (?:de |du |des |d'|of )"
    r"(?:the |l'|la |le |les )?$"
)
_TOLL_OF_GAP = re.compile(
    r"\s*(?:,|:|\(|est de|etait de|fait etat de|s'eleve a|is|was|stands at|of)\s*"
)


# "L'armée parle de six morts, le Jnim de plusieurs dizaines": the verb is left out after the
# first speaker, and each later subject is followed straight by what it speaks of.
_GAPPED = re.compile(r"\W*(?:(?:et|and)\s+)?(?:(?:le|la|les|the|des|une?|an?)\s+|l')?")
_GAPPED_OBJECT = re.compile(r"\s*(?:de |d'|du |des |of |about |at )")


def gapped_subject(clause: str, groups: dict[str, str]) -> tuple[str, ...] | None:
    """The subject of a clause whose reporting verb is gapped, in a sentence with a speaker."""
    folded = fold(clause)
    mentions = [m for m in load_actors().find(clause) if m.actor.kind != "media"]
    if not mentions:
        return None
    first = mentions[0]
    if _GAPPED.fullmatch(folded, 0, first.start) is None:
        return None
    if not _GAPPED_OBJECT.match(folded, first.end):
        return None
    return _names([first], groups) or None

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
from feeds.analysis.claims.anaphors import Antecedent, typed_antecedent
from feeds.analysis.claims.reporting_words import (
    ACCORDING,
    AFTER_PREPOSITION,
    ANAPHOR,
    ANONYMOUS,
    CAPITAL_SPEAKS,
    CLAIMED_EVENT,
    COUNT_WORDS,
    MEDIUM_SUBJECT_GAP,
    OFFICER,
    ONE_OF_THEM,
    REPORT_AFTER,
    REPORT_BY,
    RESUMPTIVE,
    SPAN_STOP,
    SPEECH,
    SPOKESMAN,
    TIME_GAP,
    TOLD_MEDIUM,
    VERB_SUBJECT_GAP,
)
from feeds.analysis.claims.triggers import find_triggers
from feeds.model.folding import fold

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


def _authors_report(medium: ActorMention, folded: str) -> bool:
    """A medium named as the author of a report speaks like any source ("un reportage de l'AFP,
    réalisé ce week-end, fait état de…", "an AFP tally showed"), asides included; "told AFP"
    or "joint par l'AFP" only carry another's words."""
    return bool(
        REPORT_BY.search(folded, max(0, medium.start - 40), medium.start)
        or REPORT_AFTER.match(folded, medium.end)
    )


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
    """Where a source marker's phrase ends; a word or two in quotes does not end it ("selon
    un bilan « définitif » du gouvernement")."""
    stop = SPAN_STOP.search(folded, start)
    while stop and stop.group(0) == '"':
        close = re.match(r'[^"]{1,25}"', folded[stop.end() :])
        if close is None:
            break
        stop = SPAN_STOP.search(folded, stop.end() + close.end())
    return stop.start() if stop else len(folded)


def attribute(
    clause: str,
    *,
    groups: dict[str, str],
    last_speaker: tuple[str, ...] | None,
    last_named: tuple[str, ...] | None = None,
    antecedents: Sequence[Antecedent] = (),
) -> tuple[str, ...] | None:
    """The claimant names a clause attributes its figures to, or None if it names none.

    Joint attribution ("according to a local official and the rebels") gives several names.
    An army officer speaks for the army, unless he speaks on condition of anonymity: then he
    is a security source.
    """
    names = _attribute(
        clause,
        groups=groups,
        last_speaker=last_speaker,
        last_named=last_named,
        antecedents=antecedents,
    )
    folded = fold(clause)
    if names and CLAIMED_EVENT.search(folded):
        return ()  # the group claims the attack; the toll in the relative is the outlet's
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
    antecedents: Sequence[Antecedent] = (),
) -> tuple[str, ...] | None:
    """The claimant names a clause attributes its figures to, or None if it names none.

    Joint attribution ("according to a local official and the rebels") gives several names.
    """
    folded = fold(clause)
    quoted = _after_quote(folded)
    if quoted:  # (0: the clause is the attribution itself)
        # '"Residents told me ten died," said X': the quote is X's, whoever it names
        names = _attribute(
            clause[quoted:],
            groups=groups,
            last_speaker=last_speaker,
            last_named=last_named,
            antecedents=antecedents,
        )
        if names:
            return names
    mentions = load_actors().find(clause)
    postmodified: tuple[str, ...] | None = None
    for match in ACCORDING.finditer(folded):
        end = _span_end(folded, match.end())
        if _is_postmodifier(folded, match):
            # "30 wounded, one more than the 29 reported by the army": the 29 alone is its
            named = [m for m in mentions if match.end() <= m.start < end]
            postmodified = postmodified or _names(named, groups) or None
            continue
        named = _own_sources([m for m in mentions if match.end() <= m.start < end], folded)
        sources = [m for m in named if m.actor.kind != "media"] or named
        if sources and _names(sources, groups) and _CONFIRMED_BY.fullmatch(match.group(0)):
            speaker = _attribute(  # "said an official, whose account was confirmed by X"
                clause[: match.start()],
                groups=groups,
                last_speaker=None,
                antecedents=antecedents,
            )
            return tuple(dict.fromkeys([*(speaker or ()), *_names(sources, groups)]))
        if sources and _names(sources, groups):
            return _names(sources, groups)
        pronoun = re.match(r"\s*(?:lui|elle|eux|elles|him|her|them)\b", folded[match.end() :])
        if pronoun:  # "selon elle": the actor named just before, in the clause or earlier
            earlier = [m for m in mentions if m.end <= match.start() and m.actor.kind != "media"]
            named_here = _names(earlier[-1:], groups) if earlier else None
            if named_here or last_named or last_speaker:
                return named_here or last_named or last_speaker
        anaphor = ANAPHOR.search(folded, match.end(), end)
        typed = _typed(anaphor, folded, mentions, groups, antecedents) if anaphor else None
        if typed:  # "selon l'ONG": the NGO named before, not just the last speaker
            return typed
        if anaphor and last_speaker:
            return last_speaker
    markers = source_markers(clause, groups)
    if markers and COUNT_WORDS.search(folded):  # "pour l'armée, 12 tués"
        return markers[-1][1]  # (with no figure in its clause, "Pour X, …" is an opinion frame)
    speakers = [m for m in mentions if m.actor.kind != "media" or _authors_report(m, folded)]
    for verb in SPEECH.finditer(folded):
        after = [
            m
            for m in speakers
            if (
                0 <= m.start - verb.end() <= 4
                and not COUNT_WORDS.search(folded, verb.end(), m.start)
            )
            or TIME_GAP.fullmatch(folded, verb.end(), m.start)
            or TOLD_MEDIUM.fullmatch(folded, verb.end(), m.start)
            or VERB_SUBJECT_GAP.fullmatch(folded, verb.end(), m.start)
            or (
                0 <= m.start - verb.end() <= 60
                and SPOKESMAN.search(folded, verb.end(), m.start)
                and not COUNT_WORDS.search(folded, verb.end(), m.start)
            )
        ]
        before = [  # a figure between actor and verb is counted, unless in an aside
            m  # ("An official from X, about 60 kilometres away, said…")
            for m in speakers
            if m.end <= verb.start()
            and not COUNT_WORDS.search(_APPOSITION.sub(",", folded[m.end : verb.start()]))
        ]
        before = sorted(before + _media_subjects(mentions, folded, verb.start()), key=_start)
        investigator = _told_investigator(folded, verb, speakers, groups, last_named)
        if investigator:  # "witnesses told the rights group that…": the group reports it
            return investigator
        postposed = re.search(r"[,\"]\s*$", folded[: verb.start()]) and not re.search(
            r"(?:ing|ant)$", verb.group(0)
        )  # "saying its fighters…", "ajoutant que…" have the subject before them
        if postposed and after and _names(after[:1], groups):  # "..., affirme Amnesty"
            joined = _postposed_subjects(folded, verb.end(), speakers)
            return _names(joined if joined[:1] == after[:1] else after[:1], groups)
        if before and not _blocks_subject(folded, before[-1].end, verb.start()):
            names = _names(_joined(before, folded), groups)
            if names:
                return names
        if postposed:  # "…, ont indiqué à l'AFP un élu de la commune et une source sécuritaire"
            subjects = _postposed_subjects(folded, verb.end(), speakers)
            if subjects and _names(subjects, groups):
                return _names(subjects, groups)
        if after and _names(after[:1], groups):
            return _names(after[:1], groups)
        one_of_them = ONE_OF_THEM.match(folded, verb.end() + 1) or re.search(
            rf"(?:{ONE_OF_THEM.pattern})\s+$", folded[: verb.start()]
        )
        if one_of_them and (last_named or last_speaker):
            return last_named or last_speaker
        inverted = re.match(r"-(?:t-)?(?:il|elle|ils|elles)\b", folded[verb.end() :])
        subject = [a for a in ANAPHOR.finditer(folded, 0, verb.start())][-1:]
        if subject and _typed(subject[0], folded, mentions, groups, antecedents):
            return _typed(subject[0], folded, mentions, groups, antecedents)  # "The group said it"
        anaphor = inverted or ANAPHOR.match(folded, verb.end() + 1)
        if postposed and not anaphor:  # "said Jane Doe, a researcher at the group"
            anaphor = ANAPHOR.search(folded, verb.end(), _subject_end(folded, verb.end()))
        anaphor = anaphor or ANAPHOR.search(folded[: verb.start()])
        typed = _typed(anaphor, folded, mentions, groups, antecedents) if anaphor else None
        if typed:  # "the NGO said", "le mouvement affirme": the one its noun describes
            return typed
        if anaphor:  # "the group said": the last speaker, else the group named just before
            earlier = [m for m in speakers if m.end <= verb.start()]
            antecedent = _names(earlier[-1:], groups) if earlier else None
            if last_speaker or antecedent or last_named:
                return last_speaker or antecedent or last_named
    return postmodified


# a participle that hangs a source on the figure just before it: "the 29 wounded reported by
# the army", "contre 21 annoncés par le gouvernement"
_PARTICIPLE_BY = re.compile(r"(?!confirm|corrobor)[a-z]+(?:ed|e|es|ee|ees|is|ise|ises)? (?:by|par)")
_POSTMODIFIER = re.compile(r"\b\d+(?: [a-z'-]+){0,2}\s*$")


def _is_postmodifier(folded: str, marker: re.Match[str]) -> bool:
    return bool(
        _PARTICIPLE_BY.fullmatch(marker.group(0))
        and _POSTMODIFIER.search(folded, 0, marker.start())
    )


def postmodifier_source(
    clause: str, position: int, groups: dict[str, str]
) -> tuple[str, ...] | None:
    """The source a participle hangs on the figure at ``position`` ("the 29 reported by X")."""
    folded = fold(clause)
    for match in ACCORDING.finditer(folded, position):
        if not _PARTICIPLE_BY.fullmatch(match.group(0)):
            continue
        before = _POSTMODIFIER.search(folded, position, match.start())
        if before is None or before.start() != position:
            return None
        end = _span_end(folded, match.end())
        named = [m for m in load_actors().find(clause) if match.end() <= m.start < end]
        return _names(named, groups) or None
    return None


_CONFIRMED_BY = re.compile(r"(?:confirmed|corroborated) by|(?:confirme|corrobore)e?s? par")
# "information gathered by Amnesty from several witnesses": the witnesses are its sources
_FROM = re.compile(r"\b(?:from|aupres d[eu']s?|de la part d[eu']s?)\s+(?:\w+\s+){0,2}$")


def _own_sources(named: list[ActorMention], folded: str) -> list[ActorMention]:
    """The sources a marker names, without those its first source heard from."""
    if len(named) < 2:
        return named
    return [named[0]] + [m for m in named[1:] if not _FROM.search(folded, named[0].end, m.start)]


def _typed(
    anaphor: re.Match[str],
    folded: str,
    mentions: Sequence[ActorMention],
    groups: dict[str, str],
    antecedents: Sequence[Antecedent],
) -> tuple[str, ...] | None:
    """The organisation a definite description names by its type (see ``anaphors``)."""
    earlier = [
        Antecedent(folded[m.start : m.end], _names([m], groups), m.actor.kind)
        for m in mentions
        if m.end <= anaphor.start() and m.actor.kind != "media"
    ]
    return typed_antecedent(anaphor.group(0), [*antecedents, *earlier])


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


# "a local official and a security source", "un élu de la commune et une source sécuritaire"
_AND = re.compile(
    r"\s*,?\s*(?:and|et)\s+(?:(?:an?|the|another|une?|l'|le|la|les|des|d'autres)\s*)?"
    r"|\s*,?\s*(?:and|et)\s*"
)
# the words after a postposed reporting verb that may still belong to its subject
_SUBJECT_STOP = re.compile(
    r"[.;:!?\"]|\b(?:that|who|whose|which|when|while|as|after|adding|saying|because|but"
    r"|qui|que|qu'|dont|lorsque|lors|alors|tandis|ajoutant|precisant|affirmant|selon|mais"
    r"|car)\b"
)
_APPOSITION = re.compile(r",[^,]{1,80},")


def _subject_end(folded: str, start: int) -> int:
    stop = _SUBJECT_STOP.search(folded, start)
    return stop.start() if stop else len(folded)


def _postposed_subjects(
    folded: str, verb_end: int, speakers: Sequence[ActorMention]
) -> list[ActorMention]:
    """The subject after a postposed reporting verb ("…, a affirmé jeudi à Ouagadougou X, porte-
    parole du MNLA", "told AFP an elected official and a security source"): the first actor
    before the subject ends, with the actors joined to it by "and"/"et"; a medium told or a
    figure in between means the verb has another subject."""
    end = _subject_end(folded, verb_end)
    inside = [m for m in speakers if verb_end <= m.start and m.end <= end]
    if not inside or COUNT_WORDS.search(folded, verb_end, inside[0].start):
        return []
    if inside[0].start - verb_end > 90:
        return []
    subjects = [inside[0]]
    for mention in inside[1:]:
        gap = _APPOSITION.sub(",", folded[subjects[-1].end : mention.start])
        if not _AND.fullmatch(gap):
            break
        subjects.append(mention)
    return subjects


def _joined(before: list[ActorMention], folded: str) -> list[ActorMention]:
    """The subject actors before a speech verb: the last one, with any joined by "and"/"et"."""
    subjects = [before[-1]]
    for mention in reversed(before[:-1]):
        if not _AND.fullmatch(folded[mention.end : subjects[0].start]):
            break
        subjects.insert(0, mention)
    return subjects


# the close of a quotation that a reporting clause follows: '…rockets," a UN official told AFP'
_QUOTE_CLOSE = re.compile(r'(?:,\s*"|"\s*,|[!?.]\s*")\s+')


def _after_quote(folded: str) -> int | None:
    """Where the attribution of a quotation closing in this clause starts, if it has one."""
    for close in reversed(list(_QUOTE_CLOSE.finditer(folded))):
        verb = SPEECH.search(folded, close.end())
        if verb and _ATTRIBUTION_GAP.fullmatch(folded, close.end(), verb.start()):
            return close.start()
    return None


# between a closing quote and its reporting verb: the subject or nothing ("a UN official
# told", "said"), no clause of its own ("en référence aux combattants qui assurent…")
_ATTRIBUTION_GAP = re.compile(
    r"(?!(?:en|in|with|a|dans|pour|for|on|at|after|apres|as|comme)\b)"
    r"(?:(?!(?:who|which|that|qui|que|dont|where|ou)\b)[\w'.()-]+,?\s+){0,8}"
)


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
        if _is_postmodifier(folded, match):
            continue  # the source of one figure, not of the clause
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

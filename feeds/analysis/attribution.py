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

from feeds.analysis.actors import ActorMention, load_actors
from feeds.analysis.claim_triggers import find_triggers
from feeds.analysis.text import fold

Speaker = tuple[str, ...] | None

_COUNT_WORDS = re.compile(
    r"\b(?!(?:19|20)\d\d\b)\d|\b(?:dizaine|douzaine|vingtaine|trentaine|centaine|dozens|hundreds)"
)


_ACCORDING = re.compile(
    r"\b(?:according to|citing|quoting|selon|d'apres|de source|cite par"
    r"|appris(?: \w+)? (?:de|d'|des|aupres d[eu']?s?)|accusations?"
    r"(?: \w+){0,3} (?:from|by)|allegations? (?:from|by|made by)|claims? (?:from|by|made by)"
    r"|(?:a |the |in a )?statement (?:from|by|issued by|released by)"
    r"|(?:reported|confirmed|counted|recorded|documented|given)(?: dead| killed)? by"
    r"|(?:un |le |dans un )?communique (?:de|du|des)|figures? (?:from|provided by|released by)"
    r"|tolls? (?:from|given by|provided by|released by)|bilan (?:fourni|communique|donne)"
    r" par|(?:communique|publie|fourni|rapporte|donne|annonce|confirme) par)\b"
)
_SPAN_STOP = re.compile(
    r"[,;:.!?\"]|\b(?:while|whereas|but|that|which|who|alors que|tandis que|mais|que|qui)\b"
    r"|\bqu'"
)
SPEECH_VERBS = (
    r"said|says|say|saying|told|tells|stated|stating|states|reported|reports|reporting|claimed"
    r"|claims|claim|claiming|announced|announces|added|adds|adding|noted|notes|described|wrote"
    r"|confirmed|confirms|indicated|explained|denied|denies|deny|denying|accused|accuses|accuse"
    r"|contradicted|contradicts|insisted|maintained|alleged|alleges|posted|put the toll|gave a"
    r" toll|counted|recorded|documented|estimated|tallied|rejected|rejects|dismissed"
    r"|a indique|a declare|a affirme|a precise|ont indique|ont affirme|ont declare|ont precise"
    r"|a annonce|annonce|indique|affirme|affirment|affirmant|precise|rapporte|a rapporte"
    r"|a confirme|confirme|explique|a explique|a ajoute|ajoute|ajoutant|denonce|a denonce"
    r"|accuse|a accuse|accusent|dement|a dementi|dementent|fait etat|a fait etat|font etat"
    r"|evoque|a evoque|revendique|a revendique|signale|a signale|recense|a recense|dresse"
    r"|a dresse|rejette|a rejete|declare|declarent|assure|a assure|soutient|a soutenu"
    r"|reacted|responded|replied|a reagi|reagi|a repondu|repondu|retorque|a retorque"
    r"|reconnu|a reconnu|acknowledged|admitted|parle|parlent|a parle|avait parle|avance"
    r"|a avance|avait avance|maintient|maintains|insiste|insists"
    r"|(?:raised|raises|raising|lowered|revised) (?:its|the) (?:death )?toll|revised"
    r"|revu|a revu|put the number|put the death toll|(?:gave|given|give) an? (?:\w+ )?toll"
    r"|spoke of|spoken of|evoquent|temoigne|raconte|confie|deplore|a deplore|claimed responsibility"
    r"|(?:gave|gives|give|given)(?: [a-z]+){0,3} (?:toll|account|figure|version|count)"
    r"|decrit|decrivent|decrivait|decrivaient|a decrit|ont decrit|stands by|stood by"
    r"|(?:porte|portent|a porte|ont porte|portait) (?:le|son|leur) bilan"
    r"|(?:raised|raises|brought|brings|put|puts) (?:its|their|the) (?:death )?toll"
)
# French reporting verbs in every form a wire story uses: present ("précisent"), imperfect
# ("parlait"), compound past ("ont ajouté"), participle; built from the infinitive's stem.
_FRENCH_FORMS = (
    r"(?:indiqu|declar|affirm|precis|annonc|confirm|expliqu|ajout|denonc|accus|evoqu|revendiqu"
    r"|signal|recens|rapport|racont|temoign|confi|deplor|parl|avanc|insist|assur|chiffr|estim"
    r"|compt|publi)(?:e|ent|ait|aient|ant|es)"
    r"|(?:a|ont|avait|avaient) (?:\w+ )?(?:indique|declare|affirme|precise|annonce|confirme"
    r"|explique|ajoute|denonce|accuse|evoque|revendique|signale|recense|rapporte|raconte"
    r"|temoigne|confie|deplore|parle|avance|insiste|assure|chiffre|estime|compte|publie|dit"
    r"|reconnu|pretendu|soutenu|maintenu|fait etat|dresse)"
    r"|dit|disent|disait|disaient|pretend|pretendent|pretendait|reconnait|reconnaissent"
    r"|soutiennent|maintiennent"
    r"|(?:font|fait|faisait|faisaient)(?: plutot| aussi| quant a eux)? etat"
)
_SPOKESMAN = re.compile(
    r"\b(?:an? |the |un |une |le |la )?(?:spokesman|spokesperson|spokeswoman|official|member"
    r"|leader|commander|representative|porte-parole|responsable|membre|chef|cadre)"
    r" (?:for|of|from|with|de|du|des|d')"
)
_TOLD_MEDIUM = re.compile(r"\s+(?:a|to|aupres de)\s+(?:l'|la |le |the )?(?:[\w'-]+\s+){1,3}")
_SPEECH = re.compile(rf"\b(?:{SPEECH_VERBS}|{_FRENCH_FORMS})\b")
# "raconte l'un d'eux", "one of them said": one of the group the story named last
_ONE_OF_THEM = re.compile(
    r"\b(?:l'un d'(?:entre )?eux|l'une d'(?:entre )?elles|one of them|one of those)\b"
)
_ANAPHOR = re.compile(
    r"\b(?:(?:the|this|that|its|their) (?:group|movement|organi[sz]ation|collective|coalition"
    r"|alliance|rebels|statement|spokesman|spokesperson|official|officials|ministry|source"
    r"|sources|ngo|rights group|body|same source|report)|the group's|it|he|she|they"
    r"|(?:le|ce) (?:groupe|mouvement|collectif|communique|porte-parole|responsable|rapport)"
    r"|(?:la|cette) (?:coalition|source|meme source|organisation)|l'organisation|il|elle|ils"
    r"|elles|the source|one of the sources|l'une d'elles|le texte|le collectif"
    r"|(?:les|the) (?:memes|same) sources|(?:ces|these|those) sources|eux"
    r"|(?:son|sa|ses|leur|leurs|its|their) (?:nouveau |new |latest |dernier |own )?"
    r"(?:decompte|bilan|communique|statement|count|tally|toll|texte|report|rapport))\b"
)


# "L'armée, elle, fait état de…", "the army, for its part, said": the subject is restated
_RESUMPTIVE = re.compile(
    r",\s*(?:elle|lui|eux|elles|it|they|for (?:its|their|his|her) part|pour (?:sa|leur) part"
    r"|quant a (?:elle|lui|eux|elles)|de son cote|de leur cote|in turn|a son tour)\s*,"
)
_WEEKDAYS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi"
    r"|vendredi|samedi|dimanche|hier|yesterday|today|aujourd'hui|later|plus tard|ensuite"
)
# "a annoncé mercredi l'armée", "a indiqué jeudi soir le maire": a time between verb and subject
_TIME_GAP = re.compile(
    rf"\s+(?:(?:on |ce |le )?(?:{_WEEKDAYS})(?: (?:matin|soir|apres-midi|morning|evening"
    r"|afternoon|night))?\s+)?(?:le |la |les |l'|the |an? |une? )?"
)
# "Reuters had reported that…": a medium is a source only as the subject of its own report
_MEDIUM_SUBJECT_GAP = re.compile(
    r"\s+(?:(?:had|has|have|a|avait|avaient|ont)\s+)?(?:(?:also|earlier|aussi|deja)\s+)?"
)

# "joint par l'AFP a fait état", "told Reuters on Monday": the medium only carries the report
_AFTER_PREPOSITION = re.compile(
    r"\b(?:par|by|to|a|de|du|des|aupres|with|avec|from|on|sur|in|dans)\s+(?:l'|la |le |the )?$"
)


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
        and _MEDIUM_SUBJECT_GAP.fullmatch(folded, m.end, verb_start)
        and not _AFTER_PREPOSITION.search(folded, 0, m.start)
    ]


def _blocks_subject(folded: str, start: int, end: int) -> bool:
    """An anaphor between an actor and its verb means the verb has another subject; so does a
    casualty word: "30 soldiers and Russian mercenaries were killed, he said" (the actor was
    among those counted)."""
    gap = _RESUMPTIVE.sub(" ", folded[start:end])
    outside_asides = re.sub(r",[^,]*,", " ", gap)  # ", where the wounded were taken,"
    return _ANAPHOR.search(gap) is not None or bool(find_triggers(outside_asides))


def _names(mentions: Sequence[ActorMention], groups: dict[str, str]) -> tuple[str, ...]:
    names: list[str] = []
    for mention in mentions:
        name = groups.get(mention.actor.kind, "") if mention.generic else mention.actor.canonical
        # an alias may name two sources at once: "sources locales et sécuritaires"
        names.extend(part for part in name.split(" + ") if part and part not in names)
    return tuple(names)


def _span_end(folded: str, start: int) -> int:
    stop = _SPAN_STOP.search(folded, start)
    return stop.start() if stop else len(folded)


_ANONYMOUS = re.compile(
    r"\b(?:on condition of anonymity|who asked not to be (?:named|identified)|requested anonymity"
    r"|sous (?:couvert|le couvert) (?:de l'|d')anonymat|qui a requis l'anonymat)\b"
)
# The capital as the government's voice, only as the subject of a reporting verb.
_CAPITAL_SPEAKS = re.compile(
    rf"\bbamako\s+(?:(?:a|has|have|had|avait)\s+)?(?:{SPEECH_VERBS}|{_FRENCH_FORMS}"
    r"|qualifie|called|calls|described)\b"
)
_OFFICER = re.compile(r"\b(?:officer|officier)\b")


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
    if names is None and _CAPITAL_SPEAKS.search(folded):
        return ("Malian army",)  # "Bamako a qualifié ces accusations de sans fondement"
    if names == ("Malian army",) and _ANONYMOUS.search(folded) and _OFFICER.search(folded):
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
    for match in _ACCORDING.finditer(folded):
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
        if _ANAPHOR.search(folded, match.end(), end) and last_speaker:
            return last_speaker
    markers = source_markers(clause, groups)
    if markers:  # "pour l'armée"
        return markers[-1][1]
    speakers = [m for m in mentions if m.actor.kind != "media"]
    for verb in _SPEECH.finditer(folded):
        after = [
            m
            for m in speakers
            if 0 <= m.start - verb.end() <= 4
            or _TIME_GAP.fullmatch(folded, verb.end(), m.start)
            or _TOLD_MEDIUM.fullmatch(folded, verb.end(), m.start)
            or (
                0 <= m.start - verb.end() <= 60
                and _SPOKESMAN.search(folded, verb.end(), m.start)
                and not _COUNT_WORDS.search(folded, verb.end(), m.start)
            )
        ]
        before = [
            m
            for m in speakers
            if m.end <= verb.start() and not _COUNT_WORDS.search(folded, m.end, verb.start())
        ]
        before = sorted(before + _media_subjects(mentions, folded, verb.start()), key=_start)
        postposed = re.search(r"[,\"]\s*$", folded[: verb.start()])
        if postposed and after and _names(after[:1], groups):  # "..., affirme Amnesty"
            return _names(after[:1], groups)
        if before and not _blocks_subject(folded, before[-1].end, verb.start()):
            names = _names(_joined(before, folded), groups)
            if names:
                return names
        if after and _names(after[:1], groups):
            return _names(after[:1], groups)
        one_of_them = _ONE_OF_THEM.match(folded, verb.end() + 1) or re.search(
            rf"(?:{_ONE_OF_THEM.pattern})\s+$", folded[: verb.start()]
        )
        if one_of_them and (last_named or last_speaker):
            return last_named or last_speaker
        inverted = re.match(r"-(?:t-)?(?:il|elle|ils|elles)\b", folded[verb.end() :])
        anaphor = inverted or _ANAPHOR.match(folded, verb.end() + 1)
        anaphor = anaphor or _ANAPHOR.search(folded[: verb.start()])
        if anaphor:  # "the group said": the last speaker, else the group named just before
            earlier = [m for m in speakers if m.end <= verb.start()]
            antecedent = _names(earlier[-1:], groups) if earlier else None
            if last_speaker or antecedent or last_named:
                return last_speaker or antecedent or last_named
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
    for match in _ACCORDING.finditer(folded):
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
    return None


# "L'armée parle de six morts, le Jnim de plusieurs dizaines": the verb is left out after the
# first speaker, and each later subject is followed straight by what it speaks of.
_GAPPED = re.compile(r"\W*(?:(?:et|and)\s+)?(?:(?:le|la|les|the|des)\s+|l')?")
_GAPPED_OBJECT = re.compile(r"\s*(?:de |d'|du |des |of |about )")


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

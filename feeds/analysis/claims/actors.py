"""Claimants: who a figure is attributed to, under one canonical name (codebook §4).

``seeds/actors.csv`` maps aliases (EN/FR, long names, acronyms, "the army", "un élu local")
to canonical names (``attribution`` decides which of them a figure belongs to).
Generic descriptions ("a Tuareg separatist group", "the rebels") resolve to the separatist
group the story names, since a reporter describes the group before or after naming it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from feeds.analysis.claims.states import state_mentions
from feeds.model.folding import fold, strip_accents
from seeds import SEEDS_DIR

_ONE = re.compile(r"^(?:un|une) ")
ACTORS_CSV = SEEDS_DIR / "actors.csv"
SEPARATIST_FALLBACK = "CSP-DPA"
_GENERIC_TARGETS = frozenset(
    {"CSP-DPA", "FLA", "CDRAP", "JNIM", "IS Sahel", "MNLA", "CMA", "Ansar Dine", "MUJAO", "AQIM"}
)
_GENERIC_SEPARATIST = (
    r"(?:an? |the )?(?:tuareg |touareg |azawad )?(?:separatist|rebel|independence)"
    r" (?:groups?|coalition|movements?|alliance|forces|fighters)|(?:the |tuareg )?rebels"
    r"|(?:the )?separatists|(?:les |des )?rebelles|(?:un |le )?groupe separatiste"
    r"|(?:la )?rebellion|(?:les |des )?mouvements? (?:separatistes?|rebelles?|de l'azawad)"
    r"|(?:les |des )?separatistes|(?:an? |the )?(?:tuareg|azawad) rights group"
)
_GENERIC_ARMED = (
    r"(?:the|le|ce) (?:jihadist|militant|islamist|terrorist|jihadiste|djihadiste|terroriste)"
    r" (?:group|groupe|organi[sz]ation)|(?:le |the )?groupe (?:jihadiste|djihadiste|terroriste)"
)


# Religious and civil bodies are named as themselves: "the Diocese of San", "le diocèse de
# Mopti", "the diocese covering the Mopti region", "the Union of Transporters of Kayes"
# (codebook §4: "others by their name").
_NAMED_BODY = re.compile(
    r"\b(?:the |le |la |l')?(?P<body>[Aa]rch)?(?:[Dd]iocese|[Dd]ioc[eè]se|[Aa]rchidioc[eè]se"
    r"|[EÉé]v[eê]ch[eé]|[Bb]ishopric)"
    r"(?: (?:of|de|du)| (?:covering|serving|for) the) (?P<name>[A-Z][\w'-]+)"
)
# Unions and associations by their name: "the National Union of Transporters", "le Syndicat
# national des transporteurs" (the name as written, without its article)
_CIVIL_BODY = re.compile(
    r"(?P<name>(?:(?!(?:The|Le|La|Les|A|An|Un|Une) )[A-Z][\w'-]+ ){0,2}"
    r"(?:Union|Syndicat|Association|Federation|Fédération"
    r"|Confédération)(?: (?:national|nationale|régional|régionale|malien|malienne))?"
    r"(?: (?:of|des|de|du|de la|d'|for|pour) ?(?:the |la |les |l')?[\w'-]+)?)"
)
# A person the story describes only by age, as witnesses are ("the 34-year-old told AFP",
# "un homme âgé de 40 ans raconte"), speaks as a resident (codebook §4: witnesses)
_WITNESS = re.compile(
    r"\b(?:[Tt]he|[Aa]n?) \d{1,2}-year-old(?: (?:man|woman|farmer|trader|herder|miner|mother"
    r"|father|driver|survivor|resident))?\b|\b(?:[Uu]ne?|1) (?:homme|femme|jeune|habitante?"
    r"|cultivateur|commerçante?|éleveur|orpailleur|berger|rescapée?) âgée? de \d{1,2} ans\b"
)
# "FLA spokesman Mohamed X", "le porte-parole du FLA, Mohamed X": the person speaks for the
# organisation named in his title, whatever group the alias table files his name under.
_TITLE_BETWEEN = re.compile(
    r"\s+(?:spokesman|spokesperson|spokeswoman|leader|chief|porte-parole)\s*,?\s*|\s*,\s*"
)
_TITLE_BEFORE = re.compile(
    r"(?:spokesman|spokesperson|porte-parole|leader|chef)\s+(?:of|for|du|de|d')\s*$"
)


@dataclass(frozen=True, slots=True)
class Actor:
    canonical: str
    kind: str  # state, armed group, separatist, UN/NGO, local, media


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int
    end: int
    actor: Actor
    generic: bool = False  # "a separatist group": resolved against the story's named groups


@dataclass(frozen=True)
class ActorTable:
    """Alias patterns compiled once: acronyms match case-sensitively, phrases folded."""

    exact: re.Pattern[str]
    folded: re.Pattern[str]
    actors: dict[str, Actor]  # key: the alias as matched (exact) or folded

    def find(self, text: str) -> list[ActorMention]:
        """Every alias in ``text``, longest first where they overlap, in reading order."""
        found = [
            ActorMention(m.start(), m.end(), self.actors[m.group(0)])
            for m in self.exact.finditer(strip_accents(text))
        ]
        found += [
            ActorMention(m.start(), m.end(), self.actors[m.group(0)])
            for m in self.folded.finditer(fold(text))
        ]
        for kind, words in (("separatist", _GENERIC_SEPARATIST), ("armed group", _GENERIC_ARMED)):
            generic = Actor(SEPARATIST_FALLBACK if kind == "separatist" else "", kind)
            found += [
                ActorMention(m.start(), m.end(), generic, generic=True)
                for m in re.finditer(rf"\b(?:{words})\b", fold(text))
            ]
        found += [
            ActorMention(m.start, m.end, Actor(m.canonical, "state"))
            for m in state_mentions(fold(text))
        ]
        known = _without_overlaps(found)
        bodies = [b for b in _named_bodies(text) if not any(_overlap(b, m) for m in known)]
        mentions = _without_overlaps(known + bodies)
        return _titled(_with_roles(mentions, fold(text)), fold(text))


# A person or source named by a role in an organisation speaks for it: "a UN official", "a
# MINUSMA spokesman", "une source au sein de la Minusma", "an official with the UN mission"
# (the bare role alone, "an official", is a local official).
_ROLE = (
    r"(?:officials?|spokes(?:man|woman|person)|sources?|representatives?|envoy|officers?"
    r"|commanders?|chief|head|member|porte-parole|responsables?|membres?|cadres?|chefs?)"
)
_ROLE_AFTER = re.compile(rf"\s+(?:[a-z-]+\s+)?{_ROLE}\b")
_ROLE_BEFORE = re.compile(
    rf"\b{_ROLE}\s+(?:[a-z-]+\s+)?(?:of|for|from|with|in|at|within|de|du|des|d'|au sein d[eu']s?"
    r"|aupres d[eu']s?)\s*(?:the |l'|la |le |les )?$"
)
_ROLE_KINDS = frozenset({"UN/NGO", "separatist", "armed group", "civil"})


def _with_roles(mentions: list[ActorMention], folded: str) -> list[ActorMention]:
    """Organisations absorb the role nouns that name their people (see ``_ROLE``)."""
    absorbed: list[tuple[int, int]] = []
    for mention in mentions:
        if mention.actor.kind not in _ROLE_KINDS:
            continue
        after = _ROLE_AFTER.match(folded, mention.end)
        if after:
            absorbed.append((mention.end, after.end()))
        before = _ROLE_BEFORE.search(folded, max(0, mention.start - 60), mention.start)
        if before:
            absorbed.append((before.start(), mention.start))
    return [
        m
        for m in mentions
        if m.actor.kind in _ROLE_KINDS
        or not any(start < m.end and m.start < end for start, end in absorbed)
    ]


def _overlap(first: ActorMention, second: ActorMention) -> bool:
    return first.start < second.end and second.start < first.end


def _named_bodies(text: str) -> list[ActorMention]:
    """Witnesses described by their age, and religious or civil bodies by their name."""
    witness = Actor("residents", "local")
    mentions = [ActorMention(m.start(), m.end(), witness) for m in _WITNESS.finditer(text)]
    for match in _CIVIL_BODY.finditer(text):
        name = match.group("name")
        mentions.append(ActorMention(match.start(), match.end(), Actor(name, "civil")))
    for match in _NAMED_BODY.finditer(text):
        prefix = "Archdiocese" if match.group("body") else "Diocese"
        actor = Actor(f"{prefix} of {match.group('name')}", "civil")
        mentions.append(ActorMention(match.start(), match.end(), actor))
    return mentions


def _titled(mentions: list[ActorMention], folded: str) -> list[ActorMention]:
    """Drop a person's name that follows the organisation his title names (see _TITLE_*)."""
    kept: list[ActorMention] = []
    for mention in mentions:
        if not (kept and _speaks_for(kept[-1], mention, folded)):
            kept.append(mention)
    return kept


def _speaks_for(organisation: ActorMention, person: ActorMention, folded: str) -> bool:
    if organisation.actor.kind not in ("separatist", "armed group", "state"):
        return False
    if person.actor.kind != organisation.actor.kind:
        return False
    if person.actor.canonical == organisation.actor.canonical:
        return False
    if not _TITLE_BETWEEN.fullmatch(folded, organisation.end, person.start):
        return False
    if folded[organisation.end : person.start].strip(" ,"):  # "FLA spokesman Name"
        return True
    return bool(_TITLE_BEFORE.search(folded, 0, organisation.start))  # "porte-parole du FLA, Name"


def _without_overlaps(mentions: list[ActorMention]) -> list[ActorMention]:
    kept: list[ActorMention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _is_case_sensitive(alias: str) -> bool:
    return " " not in alias and any(char.isupper() for char in alias)


def _alternation(aliases: Sequence[str]) -> re.Pattern[str]:
    ordered = sorted(set(aliases), key=len, reverse=True)
    body = "|".join(re.escape(alias) for alias in ordered) or "(?!)"
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w])")


@cache
def load_actors(path: Path = ACTORS_CSV) -> ActorTable:
    """Read the alias table (cached: it is read once per process)."""
    actors: dict[str, Actor] = {}
    exact: list[str] = []
    folded: list[str] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            actor = Actor(row["canonical"].strip(), row["kind"].strip())
            alias = row["alias"].strip()
            key = strip_accents(alias) if _is_case_sensitive(alias) else fold(alias)
            (exact if _is_case_sensitive(alias) else folded).append(key)
            actors[key] = actor
            digits = _ONE.sub("1 ", key) if not _is_case_sensitive(alias) else key
            if digits != key:  # "un habitant" reads "1 habitant" once numbers are digits
                folded.append(digits)
                actors[digits] = actor
    return ActorTable(_alternation(exact), _alternation(folded), actors)


# The separatist coalition of the day, for a story that names none: the MNLA led the 2012
# rebellion, the CMA gathered the movements from 2014 until the CSP (2021–2022) and the FLA.
_SEPARATISTS_BY_YEAR = ((2015, "MNLA"), (2022, "CMA"))


def separatist_of(year: int | None) -> str:
    """The separatist group a generic "the rebels" means in a story of that year."""
    return next(
        (name for until, name in _SEPARATISTS_BY_YEAR if year is not None and year < until),
        SEPARATIST_FALLBACK,
    )


def story_groups(mentions: Sequence[ActorMention], year: int | None = None) -> dict[str, str]:
    """The groups a story names first, by kind: what "a separatist group" refers to."""
    groups = {"separatist": separatist_of(year)}
    for kind in ("separatist", "armed group"):
        named = (
            m.actor.canonical
            for m in mentions
            if m.actor.kind == kind and not m.generic and m.actor.canonical in _GENERIC_TARGETS
        )
        first = next(named, None)
        if first:
            groups[kind] = first
    return groups

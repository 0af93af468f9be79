"""Definite descriptions that point back at an organisation, resolved by type (codebook §4).

"The NGO said", "selon l'ONG", "the group said", "le mouvement affirme", "le ministère fait
état", "the mission said": the reader picks the organisation the noun describes, not merely the
story's last speaker. Two earlier organisations of different kinds ("Amnesty … the army … the
NGO") are told apart by the head noun:

1. the latest actor whose own name holds that noun ("the Islamic State group" for "the group",
   "le Mouvement patriotique…" for "le mouvement");
2. else the latest actor of a kind the noun can describe (an NGO for "l'ONG", an armed or
   separatist group for "the group", a state organ for "the ministry", the UN for "the mission");
3. else nothing, and the caller falls back on the current speaker.

Pronouns ("it", "il") and words for a statement ("the statement", "le communiqué") carry no type
and are left to the caller.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from feeds.model.folding import fold


@dataclass(frozen=True, slots=True)
class Antecedent:
    """An actor the story has named: the words as written (folded), its names and its kind."""

    words: str
    names: tuple[str, ...]
    kind: str


@dataclass(frozen=True, slots=True)
class _Head:
    pattern: re.Pattern[str]
    stem: str  # what the antecedent's own name holds for rule 1
    kinds: frozenset[str]
    not_un: bool = False  # an NGO is not the UN


_HEADS = (
    _Head(re.compile(r"\b(?:ngo|ong)\b"), "ngo", frozenset({"UN/NGO", "civil"}), not_un=True),
    _Head(re.compile(r"\brights group\b"), "rights", frozenset({"UN/NGO"}), not_un=True),
    _Head(re.compile(r"\bassociation\b"), "association", frozenset({"UN/NGO", "civil"}), True),
    _Head(re.compile(r"\borgani[sz]ation\b"), "organi", frozenset({"UN/NGO", "civil"})),
    _Head(re.compile(r"\b(?:group|groupe)\b"), "group", frozenset({"armed group", "separatist"})),
    _Head(
        re.compile(r"\b(?:movement|mouvement|rebels|rebelles|coalition|alliance)\b"),
        "mouvement",
        frozenset({"separatist", "armed group"}),
    ),
    _Head(re.compile(r"\b(?:collective|collectif)\b"), "collectif", frozenset({"separatist"})),
    _Head(re.compile(r"\bmission\b"), "mission", frozenset({"UN/NGO"})),
    _Head(
        re.compile(
            r"\b(?:ministry|ministere|embassy|ambassade|representation diplomatique|presidency"
            r"|presidence)\b"
        ),
        "minist",
        frozenset({"state"}),
    ),
    _Head(re.compile(r"\b(?:diocese|eveche)\b"), "dioc", frozenset({"civil"})),
)
_STEMS = {"group": ("group",), "mouvement": ("mouvement", "movement", "front")}


def typed_antecedent(anaphor: str, antecedents: Sequence[Antecedent]) -> tuple[str, ...] | None:
    """The names of the organisation a definite description points at, if its noun tells."""
    folded = fold(anaphor)
    head = next((h for h in _HEADS if h.pattern.search(folded)), None)
    if head is None:
        return None
    usable = [
        a for a in reversed(antecedents) if not (head.not_un and a.names == ("UN",)) and a.names
    ]
    stems = _STEMS.get(head.stem, (head.stem,))
    named = next((a for a in usable if any(stem in a.words for stem in stems)), None)
    if named is not None and named.kind in head.kinds | {"civil", "UN/NGO"}:
        return named.names
    kind = next((a for a in usable if a.kind in head.kinds), None)
    if head.stem == "mission":
        kind = next((a for a in usable if a.names == ("UN",)), None)
    return kind.names if kind else None

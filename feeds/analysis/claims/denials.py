"""Denials and disputed figures (codebook §2: "a denial: 'no civilian was killed', 'these claims
are unfounded'" gives [0, 0]).

A denial is a claim of its own with the category and victims of its own words, else of the
figure it answers; a denial aimed at a figure ("dément ce bilan") disputes a count instead.
"""

from __future__ import annotations

import re

from feeds.analysis.claims.triggers import find_triggers
from feeds.analysis.claims.victims import classify_words
from feeds.model import Category, Claim, VictimKind

DENIAL = re.compile(
    r"\b(?:denied|denies|deny|denying|refuted|dementi|dement|dementent|unfounded|baseless"
    r"|sans fondement|infondees?|mensongeres?"
    r"|no (?:[a-z]+ )?(?:civilians?|soldiers?|one|person|people|hostages?|gendarmes?)"
    r" (?:was|were|had been|has been|have been)"
    r"|not a single (?:[a-z]+ ){0,2}(?:civilian|soldier|person|hostage|gendarme)"
    r"|aucun (?:civil|soldat|militaire|gendarme|otage)(?: [a-z]+)? (?:n'a|n'ont)"
    r"|(?:a|the|une?) (?:claim|allegation|accusation|affirmation)s? (?:that |which |que )?"
    r"(?:[a-z']+ ){1,3}(?:again |also |has |had |a |aussitot |immediately )*"
    r"(?:rejected|denied|dismissed|dementi|rejete)"
    r"|no (?:civilian )?(?:casualties|deaths|victims)(?! (?:have |had |has )?(?:been |were )?"
    r"(?:reported|signal))|aucun civil|aucune victime civile|denuees? de (?:tout )?"
    r"fondement|(?<!repeatedly )(?<!always )rejected (?:the|these|those) (?:accusations"
    r"|allegations|claims)"
    r"|rejette (?:ces|les) (?:accusations|allegations)"
    r"|did not kill any|n'ont tue aucun|false (?:claims|allegations)"
    r"|(?:aucun|none) (?:de nos|des|of our|of the) [a-z']+"
    r" (?:n'a|n'ont|was|were|has been|have been)"
    r"|fausses? (?:informations|allegations)|fake news|dismissed (?:the|these|those) (?:allegations"
    r"|accusations|claims|reports)|(?:allegations|claims|accusations|reports|informations)"
    r" (?:as|comme|de) (?:false|baseless|unfounded|fabricated|mensongeres|fausses)"
    r"|a dementi (?:ces|les) (?:informations|accusations|allegations))\b"
)


# "Le MSA dément ce chiffre", "the army rejected these figures": a count disputed, not denied
_FIGURE_DISPUTED = re.compile(
    r"\s+(?:ce|ces|le|les|this|these|that|those|the|its|their) (?:\w+ )?(?:chiffres?|bilans?"
    r"|figures?|tolls?|counts?|tally|numbers?)\b"
)


def disputes_figure(folded: str, denial: re.Match[str]) -> bool:
    """A denial aimed at a figure disputes the count; the claimant's own count answers it."""
    return bool(_FIGURE_DISPUTED.match(folded, denial.end()))


def denial_target(clause_folded: str, recent: Claim | None) -> tuple[Category, VictimKind]:
    """A denial's category and victims: its own words first, else the claim it answers."""
    named = next((t.category for t in find_triggers(clause_folded) if t.category), None)
    category = named or (recent.category if recent else Category.KILLED)
    marker = DENIAL.search(clause_folded)
    near = clause_folded[marker.start() : marker.end() + 30] if marker else ""
    kind = classify_words(near)
    if kind in (None, VictimKind.UNSPECIFIED) and recent is not None:
        kind = recent.victims
    if kind in (None, VictimKind.UNSPECIFIED):
        kind = classify_words(clause_folded) or VictimKind.UNSPECIFIED
    return category, kind


# "dément habituellement ce type d'accusation", "can neither confirm nor deny": a habit or a
# refusal to answer, no denial of this incident's casualties
_NO_ANSWER = re.compile(
    r"\b(?:habituellement|d'habitude|usually|routinely|generally|generalement|regularly"
    r"|regulierement|systematiquement|systematically|toujours|always|often|souvent)\b"
    r"|\b(?:neither confirm nor|ni confirmer ni|ni infirmer ni)\b"
)
# "..., ce que dément le ministre", "which the army denied": the denied content is the sentence's
_RELATIVE = re.compile(r"\b(?:ce que|ce qu'|which|what)\s*(?:\w+\s+){0,3}$")


def is_casualty_denial(folded: str, denial: re.Match[str]) -> bool:
    """A denial of casualties, not a habit, a refusal to answer, or a denial of something else:
    "no one has been tried" denies no death, and "ce que dément le ministre" after a sentence
    about towns taken denies no toll."""
    around = folded[max(0, denial.start() - 40) : denial.end() + 25]
    if _NO_ANSWER.search(around):
        return False
    has_trigger = bool(find_triggers(folded))
    if denial.group(0).startswith(("no ", "not a single", "aucun", "none")):
        after = folded[denial.end() : denial.end() + 40]
        words = denial.group(0) + " " + after
        return bool(find_triggers(words)) or not re.search(r"\b(?:one|person|people)\b", words)
    return has_trigger or not _RELATIVE.search(folded, 0, denial.start())

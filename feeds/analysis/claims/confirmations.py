"""A second source confirming a figure makes the figure joint (codebook §4, joint claimants).

"Two villagers were killed, a resident said. An army spokesman confirmed the toll." and "Ce
bilan a été confirmé par une source hospitalière" give one claim credited to both:
``residents + Malian army``. The confirming sentence gives no figure of its own; it points back
at the figures just read ("the toll", "ce bilan", "these figures", "the deaths").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from feeds.analysis.claims.actors import load_actors
from feeds.model.folding import fold

CONFIRMS = re.compile(
    r"\b(?:confirmed|confirms|corroborated|corroborates|(?:a|ont|avait) (?:\w+ )?confirme"
    r"|confirme(?:nt)?|(?:a|ont) ete confirmee?s? (?:\w+ ){0,6}?par|corrobore(?:nt)?)\b"
    r"(?:[^.;]{0,60}?)\b(?:toll|figure|figures|count|tally|deaths|death toll|report|this"
    r"|bilan|chiffre|chiffres|decompte|information|informations|deces|cela|ces morts)\b"
    r"|\b(?:(?:ce|le|son|leur) (?:bilan|chiffre|decompte)|the (?:toll|figure|count)"
    r"|these figures|ces chiffres) (?:a|ont|was|were|has been) (?:ete )?"
    r"(?:\w+ ){0,3}?(?:confirm|corrobor)"
)


def confirming_source(
    sentence: str, spoken: Sequence[tuple[str, ...]], groups: dict[str, str]
) -> str | None:
    """The source a figure-less sentence says confirmed the figures before it, if any: the
    sentence's one speaker, or the agent of a passive ("a été confirmé … par X")."""
    found = CONFIRMS.search(fold(sentence))
    if found is None:
        return None
    if len(spoken) == 1:
        return " + ".join(spoken[0])
    agents = [
        m
        for m in load_actors().find(sentence)
        if m.start >= found.start() and m.actor.kind != "media" and not m.generic
    ]
    return agents[0].actor.canonical if agents and not spoken else None


def joint(claimant: str, confirmer: str) -> str:
    """The claimant joined by the source confirming its figure, in the order written."""
    names = claimant.split(" + ")
    return claimant if confirmer in names else " + ".join([*names, confirmer])

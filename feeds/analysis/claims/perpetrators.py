"""The perpetrator: who the story says did the killing (ACLED's actor1), never the claimant.

A claimant gives a figure; a perpetrator is accused of, or claims, the violence the figure
counts. "HRW says soldiers and Wagner killed 300": HRW is the claimant, the army and Wagner
the perpetrators. Read as a small grammar over the actors a sentence names:

- an agent after a passive or a noun of the act: "killed by X", "carried out by X",
  "attributed to X", "blamed on X", "claimed by X", "tués par X", "revendiqué par X",
  "imputée à X", "attribuée aux X", "à l'actif de X";
- an accusation: "accused X of killing", "accuse X d'avoir tué";
- the subject of an attack verb: "X attacked", "X killed", "X claimed responsibility", "X a
  attaqué", "X ont tué", "X revendique l'attaque".

Only armed actors (states, armed and separatist groups) can be perpetrators; the unnamed
("gunmen", "des hommes armés") give none. A joint agent ("soldiers and Wagner") is joint.
A figure whose own sentence names nobody takes the perpetrator of the nearest sentence before
it that names one, else the story's first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from feeds.analysis.claims.actors import Actor, ActorMention, load_actors
from feeds.model.folding import fold

_ARMED = frozenset({"state", "armed group", "separatist"})
_ACTS = (
    r"killed|attacked|ambushed|abducted|kidnapped|executed|massacred|shot(?: dead)?|targeted"
    r"|carried out|perpetrated|committed|claimed|staged|launched|led|bombed|shelled|struck"
    r"|tue(?:e|s|es)?|attaque(?:e|s|es)?|execute(?:e|s|es)?|massacre(?:e|s|es)?"
    r"|enleve(?:e|s|es)?|kidnappe(?:e|s|es)?|revendique(?:e|s|es)?|perpetre(?:e|s|es)?"
    r"|commis(?:e|es)?|mene(?:e|s|es)?|abattu(?:e|s|es)?|cible(?:e|s|es)?|vise(?:e|s|es)?"
)
# the words between the marker and its agent: an article, an adjective or two
_AGENT_GAP = (
    r"\s*(?:(?:the|suspected|alleged|presumed|des|les|la|le|du|presumes?|supposes?)\s+|l')*"
)
_AGENT = re.compile(
    rf"\b(?:(?:{_ACTS})(?: \w+){{0,2}} (?:by|par)|attributed to|blamed on|at the hands of"
    rf"|imput(?:e|ee|es|ees) (?:a|aux?)|attribu(?:e|ee|es|ees) (?:a|aux?)|a l'actif d[eu']s?"
    rf"|responsibility for [^,.;]{{0,60}}? (?:to|on))\b{_AGENT_GAP}$"
)
_ACCUSED = re.compile(
    r"\b(?:accused|accusing|accuses|accuse|accusent|accusant|a accuse)\s+(?:the\s+|l'|la\s+"
    r"|le\s+|les\s+)?$"
)
# Soldiers named by their trade are the army as perpetrators ("soldiers shot ten men"), though
# as counted victims they are no speaker at all.
_TROOPS = re.compile(
    r"\b(?:(?:malian )?(?:soldiers|troops)|(?:les |des )?(?:soldats|militaires)(?: maliens)?)\b"
)
_ACCUSED_OF = re.compile(r"\s*(?:of|d'|de)\b")
# "X attacked", "X, which claimed the attack,", "X a attaqué", "les jihadistes ont tué"
_SUBJECT_VERB = re.compile(
    r"\s*(?:,[^,]{0,80},\s*)?(?:(?:have|has|had|reportedly|allegedly|also|then|a|ont|avait"
    r"|avaient|auraient|aurait|qui a|qui ont|who|which|that)\s+){0,3}"
    r"(?:killed|attacked|ambushed|abducted|kidnapped|executed|massacred|stormed|raided"
    r"|struck|bombed|shelled|opened fire|overran|seized|shot|targeted|claimed responsibility"
    r"|claimed the|carried out|launched an? (?:attack|assault|offensive|raid)"
    r"|tue|attaque|execute|massacre|enleve|kidnappe|ouvert le feu|pris d'assaut|revendique"
    r"|tendu une embuscade|mene l'attaque|bombarde|frappe)\b"
)


def _overlaps(first: ActorMention, second: ActorMention) -> bool:
    return first.start < second.end and second.start < first.end


def _is_armed(mention: ActorMention) -> bool:
    return mention.actor.kind in _ARMED


def _name(mention: ActorMention, groups: dict[str, str]) -> str:
    return groups.get(mention.actor.kind, "") if mention.generic else mention.actor.canonical


def _conjuncts(mentions: Sequence[ActorMention], folded: str) -> list[list[ActorMention]]:
    """Actors joined by "and"/"et"/"," read as one agent: "soldiers and Wagner"."""
    groups: list[list[ActorMention]] = []
    for mention in mentions:
        if groups and re.fullmatch(
            r"\s*(?:,|and|et|,\s*and|,\s*et)\s*(?:the |les |la |le |l'|des )?",
            folded[groups[-1][-1].end : mention.start],
        ):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    return groups


def sentence_perpetrator(sentence: str, groups: dict[str, str]) -> str | None:
    """The armed actor(s) a sentence says did the violence, joined by " + ", or None."""
    folded = fold(sentence)
    mentions = load_actors().find(sentence)
    army = Actor("Malian army", "state")
    troops = [ActorMention(m.start(), m.end(), army) for m in _TROOPS.finditer(folded)]
    mentions = sorted(
        mentions + [t for t in troops if not any(_overlaps(t, m) for m in mentions)],
        key=lambda m: m.start,
    )
    for joined in _conjuncts(mentions, folded):
        first, last = joined[0], joined[-1]
        before = folded[max(0, first.start - 80) : first.start]
        agent = _AGENT.search(before) or (
            _ACCUSED.search(before) and _ACCUSED_OF.match(folded, last.end)
        )
        if not (agent or _SUBJECT_VERB.match(folded, last.end)):
            continue
        names = [_name(m, groups) for m in joined if _is_armed(m)]
        armed = [n for n in dict.fromkeys(names) if n]
        if armed:
            return " + ".join(armed)
    return None


def story_perpetrators(sentences: Sequence[str], groups: dict[str, str]) -> list[str | None]:
    """Each sentence's perpetrator: its own, else the nearest one before it, else the story's
    first (a lead often names the attackers once for the whole story)."""
    own = [sentence_perpetrator(sentence, groups) for sentence in sentences]
    first = next((name for name in own if name), None)
    carried: list[str | None] = []
    last: str | None = None
    for name in own:
        last = name or last
        carried.append(last or first)
    return carried

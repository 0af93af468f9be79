"""Reading one clause of a story for claims: its counts, and what the clause says about whose
dead they are (codebook §1–3).

``claims`` reads a story sentence by sentence and clause by clause; this module holds the
clause-level pieces: the counts a clause carries (not aggregates, not denied figures), the
speaker's own side or its enemies ("we lost 12 men", "we killed 12 of them", "combattants
tombés"), and a group "holding them" after a count of missing people.
"""

from __future__ import annotations

import re
from dataclasses import replace

from feeds.analysis.claims.counts import ACCIDENT, AGGREGATE, categorise, is_claim
from feeds.analysis.claims.denials import DENIAL, disputes_figure
from feeds.analysis.claims.triggers import Count
from feeds.analysis.claims.victim_context import classify_counts
from feeds.analysis.claims.victims import enemy_side, own_side, read_victims
from feeds.analysis.numbers.values import CountMention, find_counts
from feeds.model import Category, Claim, Qualifier, VictimKind

_PLACE_WIDE = re.compile(r"across|nationwide|dans tout le pays")


_OF_ITS_OWN = re.compile(r"\s+(?:of (?:their|its|our|his) own|des (?:leurs|siens|notres))\b")
# "we lost 12 men", "it had killed 8 and lost 2", "affirme avoir tué huit jihadistes et perdu
# deux hommes": the speaker (or its own fighters) lost them
_WE_LOST = re.compile(
    r"\b(?:we|nous|it|they|il|ils|elle|elles|avoir|(?:its|their|ses|leurs) (?:fighters|men"
    r"|troops|combattants|hommes|elements))\s+(?:[^.;,]{0,60}?\s(?:and|et)\s+)?(?:have\s+|has\s+"
    r"|avons\s+|had\s+|avions\s+|a\s+|ont\s+|avait\s+|avaient\s+)?(?:lost|perdu)\s*$"
)


def clause_counts(text: str, folded: str, span: tuple[int, int]) -> list[Count]:
    """The claims' raw material in one clause: counts with category and victims."""
    start, end = span
    denial = DENIAL.search(folded, start, end)
    if denial and disputes_figure(folded, denial):
        denial = None  # "dément ce bilan et parle de quatre morts": the figures that follow count
    denied = range(denial.start(), _denial_reach(folded, denial.end())) if denial else range(0)
    mentions = [m for m in find_counts(text) if start <= m.start < end]
    if ACCIDENT.search(folded, start, end):
        return []
    if any(
        _is_aggregate(folded, found, mentions) for found in AGGREGATE.finditer(folded, start, end)
    ):
        return []
    counts = [Count(m, read_victims(text, m.end)) for m in mentions if m.start not in denied]
    categorise(text, folded, span, counts)
    counts = classify_counts(text, folded, span, counts)
    return [c for c in _per_category(counts) if is_claim(folded, c)]


def _per_category(counts: list[Count]) -> list[Count]:
    """A figure with no number over two categories joined by "and" ("a number of dead and
    wounded", "killed and captured several soldiers", "plusieurs morts et blessés") says
    both happened to some: one no-number claim per category. A number over both ("12 dead and
    wounded") lumps them and stays no claim, as does "or" ("tués ou blessés")."""
    split: list[Count] = []
    for count in counts:
        vague = count.mention.count.qualifier in (Qualifier.SEVERAL, Qualifier.SOME)
        if count.lumped and vague and count.lumped_with is not None:
            split.append(replace(count, lumped=False, lumped_with=None))
            split.append(replace(count, category=count.lumped_with, lumped=False, lumped_with=None))
        else:
            split.append(count)
    return split


def _denial_reach(folded: str, end: int) -> int:
    """A denial covers the words after it up to its clause's next comma (at most 60 chars):
    "no civilian was killed during the operation, in which 8 terrorists were neutralised"."""
    stop = re.search(r"[,;]", folded[end : end + 60])
    return end + (stop.start() if stop else 60)


_DATED_BEFORE = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre"
    r"|decembre)\s+$"
)


_LAST_YEAR = re.compile(r"last year|l'an dernier|l'annee derniere|l'an passe")
_ONE_EVENT = re.compile(
    r"\b(?:in|during|dans|lors d'|lors de) (?:a|an|the|one|une?|l'|la|le) (?:[a-z'-]+ ){0,2}"
    r"(?:attack|ambush|raid|strike|massacre|assault|bombing|attaque|embuscade|frappe|assaut"
    r"|attentat|tuerie)s?\b"
)


def _is_aggregate(folded: str, found: re.Match[str], mentions: list[CountMention]) -> bool:
    """ "Since January", "this year" make the clause an aggregate; a place-wide phrase
    ("across the country", "nationwide") only when it belongs to a count's own phrase, with
    no comma between them ("…, one of a string of attacks across the country" does not)."""
    if _LAST_YEAR.match(found.group(0)) and (
        _DATED_BEFORE.search(folded, 0, found.start()) or _ONE_EVENT.search(folded)
    ):
        return False  # "in March last year", "last year, in a similar attack": one past event
    if not _PLACE_WIDE.match(found.group(0)):
        return True
    if folded[max(0, found.start() - 5) : found.start()].endswith("from "):
        return False
    return any(
        "," not in folded[min(m.end, found.start()) : max(m.start, found.end())] for m in mentions
    )


# "Le Jnim assure les détenir", "the group said it was holding them": the people just counted
# (missing, taken) are held by the speaker, a claim of that many abducted
HOLDS_THEM = re.compile(
    r"\b(?:les|them) (?:detenir|retenir|garder)\b|\b(?:les|them) (?:detient|detiennent"
    r"|retient|retiennent)\b|\b(?:holding|holds|hold|held|has|have) them(?! (?:responsible"
    r"|accountable))\b"
)


def held_by_another(previous: Claim, claimant: str) -> bool:
    taken = previous.category in (Category.MISSING, Category.ABDUCTED)
    return taken and previous.claimant != claimant and not previous.count.is_denial


def holding(previous: Claim, claimant: str, sentence: str) -> Claim:
    return replace(
        previous, claimant=claimant, category=Category.ABDUCTED, scope=None, sentence=sentence
    )


# "trois combattants tombés", "two fallen fighters": a side speaks so of its own dead
_FALLEN = re.compile(r"\s+(?:sont |were |have |had )?(?:tombe(?:e|s|es)?|fallen|fell)\b")
# "we killed 12 of them", "nous en avons tué 12": the speaker's enemies
_WE_KILLED = re.compile(
    r"\b(?:we|nous(?: en)?)\s+(?:have\s+|had\s+|avons\s+|avions\s+)?(?:killed|neutrali[sz]ed"
    r"|tue|neutralise)\s*$"
)


# "La rébellion déplore de son côté deux morts", "the army, for its part, mourns three dead":
# a side that deplores dead of no named class beside the other side's toll mourns its own (and
# the figures listed with them: "deux morts, dont un officier, et une dizaine de blessés")
_DEPLORES_OWN = re.compile(
    r"\b(?:deplore|deplorent|deplorait|deplores|deplored|mourns|mourned)\s+(?:de son cote"
    r"|de leur cote|pour sa part|for its part)\s+(?:la mort de |la perte de )?[^.;:]{0,50}$"
)


def speakers_side(folded: str, count: Count, claimant: str, kind: VictimKind) -> VictimKind:
    """The speaker's own dead ("we lost 12 men", "lost three of their own", "trois combattants
    tombés", "déplore de son côté deux morts") or its enemies ("we killed 12 of them"); else
    ``kind`` as read."""
    if (
        _WE_LOST.search(folded, 0, count.mention.start)
        or _OF_ITS_OWN.match(folded, count.mention.end)
        or _FALLEN.match(folded, count.np_end)
        or (kind is VictimKind.UNSPECIFIED and _DEPLORES_OWN.search(folded, 0, count.mention.start))
    ):
        return own_side(claimant, kind)
    if _WE_KILLED.search(folded, 0, count.mention.start):
        return enemy_side(claimant, kind)
    return kind

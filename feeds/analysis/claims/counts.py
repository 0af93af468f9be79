"""Counts of one clause linked together (codebook §1–2).

Counts coordinated with a categorised one ("47 soldiers and 84 fighters were killed") share
its category, and its qualifier when no new verb stands between them; parts of a total ("64
dead: 49 civilians...") point at it; "A, voire B" merges into one interval. Aggregates,
denials and releases are recognised here too.
"""

from __future__ import annotations

import re
from dataclasses import replace
from fractions import Fraction
from itertools import pairwise

from feeds.analysis.claims.triggers import OF_THEM, Count, Trigger, assign_direct, find_triggers
from feeds.analysis.numbers.values import interval
from feeds.analysis.text import SPEAKS_OF
from feeds.model import CasualtyCount, Category, Qualifier, VictimKind
from feeds.model.folding import fold

_PART_LINK = re.compile(
    r"^\s*(?:(?:in|dans|among|parmi) [^,;:.\d]{1,30})?(?:[:(-]|,?\s*(?:including|dont|among them"
    r"|among whom|of whom|parmi eux|parmi lesquels|parmi elles))\s*$"
)


_OR_EVEN_MORE = re.compile(
    r"\s*,?\s*((?:or even|or possibly|voire meme|voire|ou meme|if not) (?:plus|more))\b"
    r"(?!\s+(?:de|d'|than)\b)"
)


_OR_EVEN_LINK = re.compile(r"^\s*,?\s*(?:or even|or possibly|voire meme|voire)\s*$")


LIST_LINK = re.compile(
    r"^\s*(?:,|and|et|as well as|ainsi que|plus|,\s*and|,\s*et)\s*(?:the |les |their |leurs )?$"
)


_MONTH_NAMES = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre"
)


AGGREGATE = re.compile(
    r"\b(?:since (?:january|february|march|april|may|june|july|august|september|october"
    r"|november|december|the (?:start|beginning)|(?:19|20)\d\d)|depuis (?:janvier|fevrier|mars"
    r"|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|le debut|(?:19|20)\d\d)"
    r"|this year|cette annee|per year|par an|so far this year|over the (?:past|last)"
    r"|in recent (?:years|months)|ces dernieres annees|ces derniers mois|since 20\d\d"
    r"|(?:deaths|killings|fatalities|morts|deces|victimes) (?:in|en) (?:19|20)\d\d"
    r"|(?:dead|killed|deaths|morts|tues|deces) (?:en une semaine|in (?:a|one) week|en un mois"
    r"|in (?:a|one) month)"
    r"|(?:killed|died|tues|tuees|morts) (?:in|en|during|durant) (?:19|20)\d\d"
    r"|au cours des (?:\w+ )?(?:dernieres|derniers)|across (?:the )?"
    r"(?:country|region|sahel|mali)|nationwide|dans tout le pays|since the (?:conflict|crisis"
    r"|war|insurgency)|depuis le debut"
    # periods that cover many incidents: "last year", "in the past two months", "during 2016",
    # "by the end of 2018", "between January and November", "since its 2013 intervention"
    r"|last year|l'an dernier|l'annee derniere|l'an passe|in the (?:past|last) (?:\w+ )?(?:months"
    r"|years)|(?:during|durant|by the end of|a la fin de|fin) (?:19|20)\d\d|since (?:its|their"
    r"|the|his|her|sa|son) (?:19|20)\d\d|since (?:\w+ ){1,4}(?:deployed|began|started) in"
    r"|(?:between|entre) (?:" + _MONTH_NAMES + r") (?:and|et) (?:" + _MONTH_NAMES + r")"
    r"|over the same period|sur la meme periode|au cours de la meme periode|bilan cumule"
    r"|cumulative toll"
    # "killed more than 500 civilians in central Mali in 2018": a whole year over a whole area
    r"|(?:in|en|dans) (?:(?:the )?(?:central|northern|southern|eastern|western) mali|mali|the"
    r" country|le pays|le centre du (?:pays|mali)|le nord du (?:pays|mali)|the sahel|le sahel"
    r"|the region|la region)\b[^;.]{0,20}\b(?:in|en) (?:19|20)\d\d)\b"
)


# The dead of an accident or a disaster are no conflict casualties (corpus conventions): a crash,
# a road accident, floods, a mine collapse named in the count's own clause (not a drowning nor
# a building's collapse: people drown fleeing an attack, a post collapses when it is bombed).
ACCIDENT = re.compile(
    r"\b(?:crash(?:ed|es)?|ecrasement|s'est ecrase|accident(?:s)?|collision|flood(?:s|ing)?"
    r"|inondations?|crues?|(?:mine|pit|puits|galerie) (?:collapse[ds]?|s'est effondree?)"
    r"|effondrement (?:d'une?|du|de la) (?:mine|puits|galerie|site)"
    r"|eboulement|landslides?|lightning|foudre)\b"
)


_RELEASED = re.compile(
    r"[^,;.]{0,30}\b(?:released|freed|liberes?|liberees?|relaches?|relachees?|set free)\b"
)


_NUMBER_AT = re.compile(
    r"\b(?:put|puts|putting|gave|give|placed) the (?:number|figure|total|toll|tally) at\s*$"
    r"|\b(?:le chiffre|le nombre|le total) (?:de|d'|a)\s*$|\b(?:chiffrent|evaluent) a\s*$"
)


_ELLIPTIC_AFTER = re.compile(
    r"\s*(?:[.;]|$|selon\b|according to\b|d'apres\b|,?\s*(?:and|et)\s|,)"  # "de 27 et des…"
)


# ", le Jnim de", "and residents at": a later subject whose reporting verb is left out
_GAPPED_SUBJECT = re.compile(
    r"(?:,|\b(?:and|et))\s+(?!(?:dont|including|among|parmi|notamment)\b)[^,]{1,60}"
    r"\b(?:de|d'|of|at)\s*$"
)


def _after_quotes(folded: str, position: int) -> int:
    quote = re.match(r"\s*[\"']", folded[position:])
    return position + quote.end() if quote else position


_ELLIPTIC_BEFORE = re.compile(
    r"\b(?:said|says|say|counted|put it at|evoque|parle de|avance|claimed|claims|reported"
    r"|spoke of|speaks of|spoke about"
    r"|estimated|estimates|affirme|rapporte|estime|compte|recense)\s*$"
)
# "far below the 30 counted by residents", "les 30 comptés par les habitants"
_SOURCED_AFTER = re.compile(
    r"\s*(?:counted|reported|given|recorded|cited|claimed|comptes|avances|rapportes|annonces"
    r"|donnes|recenses|cites) (?:by|par)\b"
)


_FREED = re.compile(r"\b(?:freed|released|liberer|libere|liberes|relache|relaches)\s+(?:the\s+)?$")


_LOSS_OF_LIFE = re.compile(
    r"\b(?:(?:loss|losses|pertes) (?:of|en) (?:li|vie)|fatalities|death tolls?|bilan humain)"
)


_DISTRIBUTED = (Qualifier.AT_LEAST, Qualifier.MORE_THAN, Qualifier.ABOUT, Qualifier.NEARLY)


def categorise(text: str, folded: str, span: tuple[int, int], counts: list[Count]) -> None:
    """Categories from triggers, then along lists, parts and "victims" nouns."""
    triggers = [t for t in find_triggers(folded) if span[0] <= t.start < span[1]]
    assign_direct(text, folded, counts, triggers)
    for count in counts:  # "heavy loss of life" carries its own category
        if _LOSS_OF_LIFE.search(fold(count.mention.count.wording)):
            count.category = Category.KILLED
    _link_neighbours(folded, counts)
    _resolve_victims_category(counts, triggers)


# A claimant's earlier figure set against its new one: "5 morts, contre 3 annoncés dimanche",
# "raised the toll to 26, up from the 22 it announced".
_EARLIER_FIGURE = re.compile(
    r"^[^.;\d]{0,40}?,?\s*(?:contre|up from|from|au lieu de|au lieu des|instead of|after)\s+"
    r"(?:the |les |a |an )?(?:initial |earlier |previous |premier |precedent )?$"
)


# a trigger that is a participle or a noun, not a finite verb ("killed", "tués", "morts", not
# "died", "were killed", "ont été tués"): a list of such figures has no verb of its own
_PARTICIPLE = re.compile(
    r"[\s\"']*(?:killed|dead|wounded|injured|kidnapped|abducted|missing|tue(?:e|s|es)?|morts?"
    r"|blesse(?:e|s|es)?|enleve(?:e|s|es)?|disparu(?:e|s|es)?|neutralise(?:e|s|es)?)[\s\"']*"
)


def _link_neighbours(folded: str, counts: list[Count]) -> None:
    """Parts of a total, coordinated lists, and a qualifier shared across a list."""
    pairs = list(pairwise(counts))
    for previous, count in pairs:
        # an aside read before its total's verb: "27 men, including 2 teenagers, were killed"
        tail = previous.tail_end if previous.tail_end <= count.mention.start else previous.np_end
        gap = folded[tail : count.mention.start]
        if OF_THEM.match(folded, count.mention.end):
            count.own_part = True
            if count.category is not None and count.category == previous.category:
                count.part_of, count.link = previous, "of them"  # "4 soldiers, 2 of them..."
        elif _OR_EVEN_LINK.match(gap):
            count.or_even_of = previous
        elif _EARLIER_FIGURE.match(gap) and count.category is None:
            count.category = previous.category  # "5 morts, contre 3 annoncés dimanche"
        elif _PART_LINK.match(gap):
            total = previous.part_of or previous
            count.part_of, count.link = total, gap.strip(" ,")
            count.category = count.category or total.category
            total.category = total.category or count.category
        elif LIST_LINK.match(folded[previous.np_end : count.mention.start]):
            if count.category in (None, previous.category):
                count.part_of = count.part_of or previous.part_of
            _share_qualifier(previous, count)
        elif LIST_LINK.match(gap) and _PARTICIPLE.fullmatch(folded, previous.np_end, tail):
            # "au moins 9 soldats tués, 19 blessés et 2 assaillants tués": one list with no
            # verb of its own, so the qualifier covers every number in it (codebook §2)
            _share_qualifier(previous, count)
    for previous, count in reversed(pairs):
        listed = LIST_LINK.match(folded[previous.np_end : count.mention.start])
        if listed and not count.own_part:
            previous.category = previous.category or count.category
            count.category = count.category or previous.category
    for previous, count in pairs:  # a list's later parts: "including 5 guards, 1 gendarme and
        # 1 civilian" take the category the first part took from its total
        if count.part_of is not None and count.part_of is previous.part_of:
            count.category = count.category or previous.category


def merge_or_even(folded: str, counts: list[Count]) -> list[Count]:
    """ "A [victims, verb], voire B": one interval from A's low to B's high ("voire plus":
    open)."""
    for count in counts:
        more = _OR_EVEN_MORE.match(folded, count.tail_end)
        if more and count.mention.count.qualifier is not Qualifier.OR_EVEN:
            wording = f"{count.mention.count.wording}, {more.group(1)}"
            opened = CasualtyCount(count.mention.count.low, None, Qualifier.OR_EVEN, wording)
            count.mention = replace(count.mention, count=opened)
    for count in counts:
        first = count.or_even_of
        if first is not None:
            low, high = first.mention.count.low, count.mention.count.high
            wording = f"{first.mention.count.wording}, voire {count.mention.count.wording}"
            merged = CasualtyCount(low, high, Qualifier.OR_EVEN, wording)
            first.mention = replace(first.mention, count=merged)
    return [count for count in counts if count.or_even_of is None]


def _share_qualifier(previous: Count, count: Count) -> None:
    """ "at least 47 soldiers and 84 fighters": the qualifier covers both numbers."""
    qualifier, mine = previous.mention.count.qualifier, count.mention.count
    if qualifier in _DISTRIBUTED and mine.qualifier is Qualifier.EXACT and mine.low is not None:
        low, high = interval(Fraction(mine.low), qualifier)
        shared = replace(mine, low=low, high=high, qualifier=qualifier)
        count.mention = replace(count.mention, count=shared)


def _resolve_victims_category(counts: list[Count], triggers: list[Trigger]) -> None:
    """ "Victims" counts take the clause's one category, when it has exactly one."""
    named = {t.category for t in triggers if t.category and not t.lumped}
    bound = {c.category for c in counts if c.category}
    for count in counts:
        is_victims = count.victims and fold(count.victims.detail).startswith("victim")
        if count.category is None and is_victims and len(named) == 1 and not named & bound:
            count.category = next(iter(named))


_PARTITIVE = re.compile(r"\b\d+ (?:des|of the|d'entre les)\s+$")


# "Les assaillants étaient plus d'une centaine", "the attackers numbered about 200": the
# attackers' strength, not a casualty figure
_STRENGTH_BEFORE = re.compile(
    r"\b(?:assaillants|attackers|assailants|gunmen|jihadistes|djihadistes|jihadists|militants"
    r"|fighters|combattants|terroristes|terrorists|insurgents|rebels|rebelles|hommes armes"
    r"|individus armes|ennemis|enemy)\s+(?:etaient|were|numbered|numbering|were estimated at"
    r"|etaient estimes a|seraient|would have been)\s*$"
    r"|\b(?:attack|assault|raid|offensive|attaque|assaut|incursion)s?\s+(?:\w+\s+){0,2}"
    r"(?:by|par|led by|carried out by|menee?s? par|involving|impliquant)\s*$"
)


def is_claim(folded: str, count: Count) -> bool:
    """A count with a category (or leaning on another figure), not lumped, not a release."""
    if count.category is Category.ABDUCTED and count.kind is VictimKind.MILITANTS:
        return False  # "un assaillant a été capturé": a capture by the forces is a detention
    if _STRENGTH_BEFORE.search(folded, 0, count.mention.start):
        return False
    partitive = _PARTITIVE.search(folded, 0, count.mention.start)  # "2 des 4 otages": the
    released = not partitive and (  # release is the 2's, the 4 were taken
        _RELEASED.match(folded, count.tail_end) or _FREED.search(folded, 0, count.mention.start)
    )
    has_category = count.category is not None or _is_elliptic(folded, count)
    return (
        has_category
        and not count.lumped
        and not released
        and not _is_increment(folded, count)
        and not (
            count.mention.count.low == 1
            and _UNCOUNTED_PARTNER.search(folded, 0, count.mention.start)
        )
    )


# "le chef de village et un commerçant sont toujours retenus": "un" joined to a person the
# story does not count is no count of one (the pair is part of a figure given elsewhere)
_UNCOUNTED_PARTNER = re.compile(
    r"(?:^|[,;:.]\s*|\b(?:le|la|les|the|l')\s?)"
    r"(?:(?!\b(?:a|ont|est|sont|was|were|has|have)\b)[^\d,;.]){1,40}\s(?:et|and)\s+$"
)


# "three of the wounded have since died", "trois des blessés ont succombé", "deux blessés ont
# succombé": deaths among the wounded already counted, added to the earlier toll
_WOUNDED_DIED = re.compile(
    r"\s+(?:of (?:the|those) (?:wounded|injured)|(?:d'entre )?(?:des|les|eux,? des) blesses"
    r"|(?:blesses|wounded|injured)(?: [a-z]+){0,2} (?:ont |a |have |has |had )?(?:since |depuis "
    r"|finalement |later |ensuite )?(?:succombe|died|succumbed|decede|perished))"
)
# "two others later died of their wounds", "plusieurs autres ont succombé à leurs blessures":
# the wounded who died since, added to a toll given before
_OTHERS_DIED = re.compile(
    r"\s+(?:others?|autres|more|de plus)\b[^.;]{0,30}?\b(?:died|succumbed|succombe\w*"
    r"|decede\w*|perished|sont morts|ont peri)\b"
)
# "two more bodies were found", "deux corps supplémentaires": more dead added to a toll
_MORE_DEAD = re.compile(
    r"\s+(?:more|additional|further|de plus|(?:other|autres) (?:bodies|corps)"
    r"|(?:corps|bodies|morts|deces|victimes) (?:supplementaires|de plus|additionnels))\b"
)


def _is_increment(folded: str, count: Count) -> bool:
    """Deaths added to an earlier toll are not a toll ("portant le bilan à 21": the 21 is)."""
    if _WOUNDED_DIED.match(folded, count.mention.end) or _OTHERS_DIED.match(
        folded, count.mention.end
    ):
        return True
    return count.category is Category.KILLED and bool(_MORE_DEAD.match(folded, count.mention.end))


def _is_elliptic(folded: str, count: Count) -> bool:
    """A bare figure that leans on another: "put the number at 50", "the army said 8",
    "6 selon l'armée"."""
    before = folded[: count.mention.start]
    if _NUMBER_AT.search(before):
        return True
    if count.victims is None and _SOURCED_AFTER.match(folded, count.mention.end):
        return True
    bare = count.victims is None and _ELLIPTIC_AFTER.match(folded, count.mention.end)
    gap = _GAPPED_SUBJECT.search(before)
    gapped = gap is not None and SPEAKS_OF.search(before, 0, gap.start())
    if gapped and _ELLIPTIC_AFTER.match(folded, _after_quotes(folded, count.np_end)):
        return True  # "…, et l'armée de 12 « terroristes »": the first figure's category
    return bool(
        bare
        and (
            _ELLIPTIC_BEFORE.search(before)
            or gapped  # "l'armée parle de 6 morts, des habitants de près de 20"
            or "selon" in folded[count.mention.end :]
            or "according" in folded[count.mention.end :]
        )
    )

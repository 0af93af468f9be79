"""Category vocabulary of casualty claims and the reading of a count's category.

A count ("at least 18", "une vingtaine") takes its category from a trigger word right after
its noun phrase ("18 people were killed", "18 morts") or right before it ("killing 18", "the
death toll rose to 21"). ``Count`` is a count being read, with what it counts and how it links
to its neighbours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise

from feeds.analysis.claims.victims import (
    VictimPhrase,
    read_victims,
)
from feeds.analysis.numbers.values import CountMention
from feeds.model import Category, VictimKind

CATEGORY_WORDS = {
    Category.KILLED: (
        r"killed|killing|kills?|dead|died|dies|deaths?|bodies|executed|executing|massacred"
        r"|massacring|slaughtered|murdered|slain|neutrali[sz](?:ed|ing)|lost their lives"
        r"|lost (?:his|her) life|perished|shot dead|fatalities|tues?|tuees?|tuant|tuer|morts?"
        r"|mortes?|deces|decedes?|decedees?|executes?|executees?|executant|massacres?"
        r"|massacrees?|massacrant|neutralises?|neutralisant|neutraliser|(?:ont |a )?peri|tuent"
        r"|executent|massacrent|neutralisent"
        r"|(?:ont |a )?perdu la vie|trouve la mort|abattus?|assassines?|cadavres"
        r"|(?<!africa )corps|sans vie|losing|lost|kill|killings|executions?|meurtres?"
        r"|assassinats?|(?:claimed|claiming|cost|costing|took|taking) the lives? of"
        r"|(?:coute|coutant|coutera) la vie (?:a|de)|perdu|perd|pertes? de|the loss of"
        r"|buried|burying|enterre|enterres|enterrees?|inhumes?|inhumees?|beheaded|decapitated"
        r"|hacked to death|stabbed to death|burn(?:ed|t) alive|shot and killed|lynched"
        r"|egorge(?:e|s|es)?|decapite(?:e|s|es)?|brule(?:e|s|es)? vi(?:fs?|ves?)|calcine(?:e|s|es)?"
        r"|fusille(?:e|s|es)?|lynche(?:e|s|es)?|succombe(?:e|s|es|nt)?|succumbed"
        r"|(?:(?<=militaires )|(?<=soldats )|(?<=gendarmes )|(?<=elements )|(?<=hommes )"
        r"|(?<=policiers )|(?<=douaniers )|(?<=combattants )|(?<=miliciens ))tombe(?:e|s|es)?"
        r"|tombe(?:e|s|es)? (?:au combat|sur le champ d'honneur|au front)|fell in (?:battle|combat)"
        r"|fallen soldiers"
    ),
    Category.INJURED: (
        r"injured|injuring|injuries|wounded|wounding|hurt|blesses?|blessees?|blessant"
        r"|blessures?|wound|wounds|injure|injures|treated for (?:their )?(?:wounds|injuries)"
        r"|blessent"
        r"|treated for"
        # the counted were taken to hospital: injured ("four civilians were taken to hospital")
        r"|(?:taken|rushed|evacuated|flown|transported|admitted) (?:to|into) (?:a |the )?hospitals?"
        r"|hospitali[sz]ed|hospitalises?|hospitalisees?"
        r"|(?:evacues?|evacuees?|admis(?:es)?|transportes?|transportees?) (?:a|vers|dans)"
        r" (?:l'|un |les )?(?:hopital|hopitaux|centres? de sante|csref|cscom)"
    ),
    Category.ABDUCTED: (
        r"abducted|abducting|kidnapped|kidnapping|taken hostage|held hostage|hostages"
        r"|captured|capturing|abductions?|enleves?|enlevees?|enlevant|enlevements?"
        r"|pris(?:es)? en otages?|otages|kidnappes?|kidnappees?|captures?|capturees?"
        r"|sequestres?|abduct|abducts|kidnap|kidnaps|enlever|seized(?! (?:power|control))"
        r"|enlevent|kidnappent"
        r"|(?:taken|took|taking|carried) (?:away|off)|emmene(?:e|s|es)?|held captive"
        r"|in the hands of (?:the |their )?(?:kidnappers|captors|abductors|jihadists)"
        r"|(?:aux|entre les) mains (?:des|de leurs) (?:ravisseurs|jihadistes|djihadistes)"
        r"|held by (?:the |their )?(?:kidnappers|captors|abductors)"
        r"|retenu(?:e|s|es)? en otages?"
        r"|faits? prisonniers?|taken prisoners?|pris en captivite"
        r"|(?:(?<=were )|(?<=was )|(?<=been ))taken(?!\s+(?:to|into|in|part|over|place|on|up"
        r"|out|off|away|hostage|captive|by surprise|seriously|care|ill)\b)"
    ),
    Category.MISSING: (
        r"missing|disappeared|unaccounted for|(?:porte(?:e|s|es)? )?disparu(?:e|s|es)?"
    ),
}


_TRIGGER = re.compile(
    "|".join(rf"(?P<{c.value}>\b(?:{words})\b)" for c, words in CATEGORY_WORDS.items())
    + r"|(?P<victims>\b(?:victims|victimes)\b)"
)


_TOLL = re.compile(
    r"\b(?:death toll|toll|bilan(?: provisoire| officiel| humain)?|number of (?:people )?(?:killed"
    r"|dead|deaths|victims)|nombre de (?:morts|tues|victimes|personnes tuees))\b"
)


_TOLL_NEAR = re.compile(r"[^,;.\d]{0,50}")
# "raised the death toll from last week's attack on villages near X, in the Y region, to 26"
_TOLL_RAISED_TO = re.compile(r"[^;.]{0,160}\b(?:to|a|at)\s+")
# "portant à huit le nombre de morts", "bringing to 21 the number of dead": the toll after it
_RAISED_BEFORE = re.compile(
    r"\b(?:portant|porte|portent|porter|faisant passer|fait passer|bringing|brings|brought"
    r"|raising|raises|raised) (?:a|to)\s*$"
)
_TOLL_AFTER = re.compile(
    r"\s+(?:le nombre (?:de|des) (?:morts|tues|deces|victimes|blesses)|le bilan(?: humain)?"
    r"|the (?:death )?toll|the number of (?:dead|deaths|people killed|victims))\b"
)
_LUMPED = re.compile(
    r"^\s*(?:or|ou|and/or|et/ou|and|et)\s+(?:(?:have |has |had |were |was |are |is |sont |ont "
    r"|ete |etaient |been |gone |went |porte(?:e|s|es)? ){0,3})?$|^\s*,\s*$"
)

_JOINED_BY_AND = re.compile(r"^\s*(?:and|et)\s")


_RIGHT_GAP = re.compile(
    r"(?:\s|[\"'(),]|\b(?:were|was|have|has|had|been|are|is|being|now|reportedly|also|all|later"
    r"|allegedly|who|which|of them|of us|d'entre nous|each|in total"
    r"|ont|a|ete|sont|etaient|auraient|aurait|others|est|etait|aussi|par ailleurs"
    r"|other|more|autres|d'entre eux|d'entre elles|of|de|d'|des|the|les|toujours|still|encore"
    r"|remain|remains|remained|restent|reste|seriously|gravement|grievement|critically"
    r"|slightly|legerement|among the|parmi les|reported|confirmed|feared|believed|presumed"
    r"|avaient|avait|seraient|serait|tous|toutes|egalement|au total|qui|en|ont ete"
    r"|outre|en outre|in addition|moreover|furthermore|meanwhile|since|depuis|finalement"
    r")\b|\b[dl]'|(?:including|dont|among them|parmi lesquels|notamment)\s[^,;.]{1,60},"
    r"|aged \d+(?: (?:to|and) \d+)?|agee?s? de \d+(?: (?:a|et) \d+)? ans"
    r"|\d+ (?:of them|d'entre eux|d'entre elles)[^,;.]{0,40},"
    r"|(?:who|qui)\s[^,;.]{1,40}?(?=\s+(?:ont|sont|were|was|had|have)\s))*"
)


_HEAD_WORDS = re.compile(
    r"^\s+(?:\d{1,2}-year-old\s+)?[a-z'-]+(?:\s+[a-z'-]+){0,2}"
    r"(?:\s+(?:et|and)\s+(?:de |d'|des |of )?[a-z'-]+(?:\s+[a-z'-]+){0,2})?"  # "X et de Y"
    r"(?=\s+(?:were|was|have|has|had|are|ont|sont|a|avaient|avait|etaient|etait|\w+ed|tue|tues"
    r"|remain|remains|restent|reste"
    r"|tuee|tuees)\b)"
)


_LEFT_GAP = re.compile(
    r"(?:\s|[\"':]|\b(?:a|an|the|of|to|at|now|has|have|had|rose|risen|climbed|reached"
    r"|stands|stood|is|was|increased|jumped|hit|total|another|further|additional|officially"
    r"|une?|de|des|d'|du|est|passe|atteint|s'eleve|s'elevait|provisional|provisoire|official"
    r"|officiel|rising|including|among them|among whom|of whom|dont|parmi eux|parmi lesquels"
    r"|were|are|sont|etaient|figurent|figuraient|included|include|comprennent|comptaient"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday|soir|matin|nuit|hier|yesterday|on|le|reste|restait|fixe|s'etablit|remains|remained|stays"
    r"|\w+ment|\w+ly)\b"
    r"|,\s*(?=including|dont|among|parmi)|\b[dl]')*"
)


OF_THEM = re.compile(r"\s+(?:of them|of whom|d'entre eux|d'entre elles)\b")


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    category: Category | None  # None: "victims", clear only from the clause
    lumped: bool = False
    # the other category of a pair joined by "and"/"et" ("dead and wounded", "tué et capturé"):
    # a figure with no number over both is one no-number claim per category (codebook §2)
    lumped_with: Category | None = None


@dataclass
class Count:
    """A count being read: what it counts and how it links to its neighbours."""

    mention: CountMention
    victims: VictimPhrase | None
    category: Category | None = None
    lumped: bool = False
    lumped_with: Category | None = None  # the trigger's ``lumped_with``
    part_of: Count | None = None  # "64 dead: 49 civilians..." / "including one civilian"
    kind: VictimKind = VictimKind.UNSPECIFIED
    detail: str = ""
    trigger_end: int = 0
    own_part: bool = False  # "81 of them dead": a part with its own category
    link: str = ""  # the words joining a part to its total: "including", "dont", ":"
    or_even_of: Count | None = None  # "une trentaine de civils tués, voire plus de 40"
    has_subgroup: bool = False  # a counted sub-group was folded into this count's detail

    @property
    def np_end(self) -> int:
        return self.victims.end if self.victims else self.mention.end

    @property
    def tail_end(self) -> int:
        """After the noun phrase and the trigger that follows it ("64 dead", "18 were killed")."""
        return max(self.np_end, self.trigger_end)


def find_triggers(folded: str) -> list[Trigger]:
    triggers = [
        Trigger(
            m.start(), m.end(), None if m.lastgroup == "victims" else Category(str(m.lastgroup))
        )
        for m in _TRIGGER.finditer(folded)
    ]
    lumped_pairs = [
        index
        for index, (first, second) in enumerate(pairwise(triggers))
        if first.category != second.category and _LUMPED.match(folded[first.end : second.start])
    ]
    for index in lumped_pairs:
        first, second = triggers[index], triggers[index + 1]
        both = _JOINED_BY_AND.match(folded[first.end : second.start]) is not None
        triggers[index] = replace(first, lumped=True, lumped_with=second.category if both else None)
        triggers[index + 1] = replace(
            second, lumped=True, lumped_with=first.category if both else None
        )
    lumped_victims = re.finditer(r"\b(?:victims|victimes|casualties)\s*\(", folded)
    lumped = [Trigger(m.start(), m.end(), None, lumped=True) for m in lumped_victims]
    return sorted(triggers + lumped, key=lambda t: t.start)


def assign_direct(text: str, folded: str, counts: list[Count], triggers: list[Trigger]) -> None:
    """Category from a trigger after the noun phrase, else from one just before the count."""
    for index, count in enumerate(counts):
        later = [
            c
            for c in counts[index + 1 :]
            if not OF_THEM.match(folded, c.mention.end) and not _in_aside(folded, count, c)
        ]
        limit = later[0].mention.start if later else len(folded)
        after = next((t for t in triggers if count.np_end <= t.start < limit), None)
        gap = folded[count.np_end : after.start] if after else ""
        gap = _HEAD_WORDS.sub("", gap, count=1)
        if after and later and _OBJECT_GAP.fullmatch(folded, after.end, later[0].mention.start):
            after = None  # "kills 18, injures 7": "injures" governs the 7, not the 18
        if after and _RIGHT_GAP.fullmatch(gap):
            after = _predicate(folded, after, triggers, limit)
            count.category, count.lumped = after.category, after.lumped
            count.lumped_with = after.lumped_with
            count.trigger_end = after.end
            following = read_victims(text, after.end) if count.victims is None else None
            noun_start = following.end - len(following.detail) if following else 0
            if following and re.fullmatch(
                r"\s*(?:of|de|d'|des)?\s*", folded[after.end : noun_start]
            ):
                count.victims = following  # "dozens of wounded guests": the noun follows
            continue
        floor = counts[index - 1].np_end if index else 0
        before = [t for t in triggers if floor <= t.start and t.end <= count.mention.start]
        if before and _LEFT_GAP.fullmatch(folded[before[-1].end : count.mention.start]):
            count.category, count.lumped = before[-1].category, before[-1].lumped
            count.lumped_with = before[-1].lumped_with
            continue
        toll_after = _TOLL_AFTER.match(folded, count.mention.end)
        if toll_after and _RAISED_BEFORE.search(folded, floor, count.mention.start):
            injured = toll_after.group(0).rstrip().endswith("blesses")
            count.category = Category.INJURED if injured else Category.KILLED
            continue
        toll = [m for m in _TOLL.finditer(folded, floor, count.mention.start)]
        between = folded[toll[-1].end() : count.mention.start] if toll else ""
        if toll and (_TOLL_NEAR.fullmatch(between) or _TOLL_RAISED_TO.fullmatch(between)):
            count.category = Category.KILLED


# between a verb and the count it governs: "wounded 50", "injures 7", "blessant 12"
_OBJECT_GAP = re.compile(r"\s*")


# "27 men, including an imam and 2 teenagers, were executed": counts inside an aside
_ASIDE = re.compile(r"\s*,\s*(?:including|dont|among them|parmi eux|parmi lesquels)\s[^,;.:]*,")


def _in_aside(folded: str, total: Count, count: Count) -> bool:
    """True when ``count`` sits in a comma-closed aside right after ``total``'s noun phrase."""
    aside = _ASIDE.match(folded, total.np_end)
    return aside is not None and count.mention.start < aside.end()


def _predicate(folded: str, first: Trigger, triggers: list[Trigger], limit: int) -> Trigger:
    """ "Deux blessés ont succombé", "3 of the wounded died": the verb after the noun wins."""
    later = next((t for t in triggers if first.end <= t.start < limit), None)
    if (
        later is not None
        and later.category is Category.KILLED
        and first.category is not Category.KILLED
        and _RIGHT_GAP.fullmatch(folded[first.end : later.start])
    ):
        return later
    return first

"""Casualty claims in a story: claimant + category + interval + victims (codebook §1–4).

Each sentence is read clause by clause. A count ("at least 18", "une vingtaine") takes its
category from a trigger word right after its noun phrase ("18 people were killed", "18 morts")
or right before it ("killing 18", "the death toll rose to 21"); counts coordinated with it
("47 soldiers and 84 fighters were killed") share it, and share a qualifier too when no new
verb stands between them. The claimant comes from the clause, the sentence, or the speaker the
story last quoted (``actors.attribute``); a figure nobody is quoted for is the outlet's.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from itertools import pairwise

from feeds.analysis.actors import (
    attribute,
    clause_groups,
    load_actors,
    sentence_speaker,
    story_groups,
)
from feeds.analysis.numbers import CountMention, find_counts, interval, to_digits
from feeds.analysis.text import (
    fold,
    guess_language,
    normalize,
    original_span,
    split_clauses,
)
from feeds.analysis.victims import (
    PARTNER,
    VictimPhrase,
    classify_words,
    context_victims,
    has_civilian_context,
    is_subgroup,
    own_side,
    read_victims,
    resolve_people,
)
from feeds.model import CasualtyCount, Category, Claim, Qualifier, Role, Story, VictimKind

logger = logging.getLogger(__name__)

_CATEGORY_WORDS = {
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
    ),
    Category.INJURED: (
        r"injured|injuring|injuries|wounded|wounding|hurt|blesses?|blessees?|blessant"
        r"|blessures?|wound|wounds|injure|injures|treated for (?:their )?(?:wounds|injuries)"
        r"|blessent"
        r"|treated for"
    ),
    Category.ABDUCTED: (
        r"abducted|abducting|kidnapped|kidnapping|taken hostage|held hostage|hostages"
        r"|captured|capturing|abductions?|enleves?|enlevees?|enlevant|enlevements?"
        r"|pris(?:es)? en otages?|otages|kidnappes?|kidnappees?|captures?|capturees?"
        r"|sequestres?|abduct|abducts|kidnap|kidnaps|enlever|seized(?! (?:power|control))"
        r"|enlevent|kidnappent"
        r"|(?:taken|took|taking|carried) (?:away|off)|emmene(?:e|s|es)?|held captive"
        r"|retenu(?:e|s|es)? en otages?"
    ),
    Category.MISSING: (
        r"missing|disappeared|unaccounted for|(?:porte(?:e|s|es)? )?disparu(?:e|s|es)?"
    ),
}
_TRIGGER = re.compile(
    "|".join(rf"(?P<{c.value}>\b(?:{words})\b)" for c, words in _CATEGORY_WORDS.items())
    + r"|(?P<victims>\b(?:victims|victimes)\b)"
)
_TOLL = re.compile(
    r"\b(?:death toll|toll|bilan(?: provisoire| officiel| humain)?|number of (?:people )?(?:killed"
    r"|dead|deaths|victims)|nombre de (?:morts|tues|victimes|personnes tuees))\b"
)
_LUMPED = re.compile(r"^\s*(?:or|ou|and/or|et/ou|and|et)\s+$|^\s*,\s*$")
_RIGHT_GAP = re.compile(
    r"(?:\s|[\"'(),]|\b(?:were|was|have|has|had|been|are|is|being|now|reportedly|also|all|later"
    r"|allegedly|who|which|of them|each|in total|ont|a|ete|sont|etaient|auraient|aurait|others"
    r"|other|more|autres|d'entre eux|d'entre elles|of|de|d'|des|the|les|toujours|still|encore"
    r"|remain|remains|remained|restent|reste|seriously|gravement|grievement|critically"
    r"|slightly|legerement|among the|parmi les|reported|confirmed|feared|believed|presumed"
    r"|avaient|avait|seraient|serait|tous|toutes|egalement|au total|qui|en|ont ete"
    r")\b|\b[dl]'|(?:including|dont|among them|parmi lesquels|notamment)\s[^,;.]{1,60},"
    r"|aged \d+(?: (?:to|and) \d+)?|agee?s? de \d+(?: (?:a|et) \d+)? ans"
    r"|\d+ (?:of them|d'entre eux|d'entre elles)[^,;.]{0,40},"
    r"|(?:who|qui)\s[^,;.]{1,40}?(?=\s+(?:ont|sont|were|was|had|have)\s))*"
)
_HEAD_WORDS = re.compile(
    r"^\s+[a-z'-]+(?:\s+[a-z'-]+)?(?=\s+(?:were|was|have|has|had|are|ont|sont|a|\w+ed|tue|tues|tuee|tuees)\b)"
)
_LEFT_GAP = re.compile(
    r"(?:\s|[\"':]|\b(?:a|an|the|of|to|at|now|has|have|had|rose|risen|climbed|reached"
    r"|stands|stood|is|was|increased|jumped|hit|total|another|further|additional|officially"
    r"|une?|de|des|d'|du|est|passe|atteint|s'eleve|s'elevait|provisional|provisoire|official"
    r"|officiel|rising|including|among them|among whom|of whom|dont|parmi eux|parmi lesquels"
    r"|were|are|sont|etaient|figurent|figuraient|included|include|comprennent|comptaient"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday|soir|matin|nuit|hier|yesterday|on|le"
    r"|\w+ment|\w+ly)\b"
    r"|,\s*(?=including|dont|among|parmi)|\b[dl]')*"
)
_PART_LINK = re.compile(
    r"^\s*(?:(?:in|dans|among|parmi) [^,;:.\d]{1,30})?(?:[:(-]|,?\s*(?:including|dont|among them"
    r"|among whom|of whom|parmi eux|parmi lesquels|parmi elles))\s*$"
)
_OR_EVEN_MORE = re.compile(
    r"\s*,?\s*((?:or even|or possibly|voire meme|voire|ou meme|if not) (?:plus|more))\b"
    r"(?!\s+(?:de|d'|than)\b)"
)
_OR_EVEN_LINK = re.compile(r"^\s*,?\s*(?:or even|or possibly|voire meme|voire)\s*$")
_OF_THEM = re.compile(r"\s+(?:of them|of whom|d'entre eux|d'entre elles)\b")
_LIST_LINK = re.compile(r"^\s*(?:,|and|et|as well as|ainsi que|plus|,\s*and|,\s*et)\s*$")
_AGGREGATE = re.compile(
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
    r"|war|insurgency)|depuis le debut)\b"
)
_DENIAL = re.compile(
    r"\b(?:denied|denies|deny|denying|refuted|dementi|dement|dementent|unfounded|baseless"
    r"|sans fondement|infondees?|mensongeres?|no civilians? (?:was|were|had been|has been)"
    r"|no (?:civilian )?(?:casualties|deaths|victims)(?! (?:have |had |has )?(?:been |were )?"
    r"(?:reported|signal))|aucun civil|aucune victime civile|denuees? de (?:tout )?"
    r"fondement|(?<!repeatedly )(?<!always )rejected (?:the|these|those) (?:accusations"
    r"|allegations|claims)"
    r"|rejette (?:ces|les) (?:accusations|allegations)"
    r"|not a single civilian|did not kill any|n'ont tue aucun|false (?:claims|allegations)"
    r"|fausses? (?:informations|allegations)|fake news|dismissed (?:the|these|those) (?:allegations"
    r"|accusations|claims|reports)|(?:allegations|claims|accusations|reports|informations)"
    r" (?:as|comme|de) (?:false|baseless|unfounded|fabricated|mensongeres|fausses)"
    r"|a dementi (?:ces|les) (?:informations|accusations|allegations))\b"
)
_SCOPE = re.compile(
    r"\b(?:in|at) (?:the (?:village|town|locality) of )?[a-z'-]+ alone\b|\ba lui seul\b"
    r"|\b(?:identified|named|identifies) (?:so far|to date|a ce jour)\b"
)
_RELEASED = re.compile(
    r"[^,;.]{0,30}\b(?:released|freed|liberes?|liberees?|relaches?|relachees?|set free)\b"
)
_NUMBER_AT = re.compile(
    r"\b(?:put|puts|putting|gave|give|placed) the (?:number|figure|total|toll|tally) at\s*$"
    r"|\b(?:le chiffre|le nombre|le total) (?:de|d'|a)\s*$|\b(?:chiffrent|evaluent) a\s*$"
)
_ELLIPTIC_AFTER = re.compile(r"\s*(?:[.;]|$|selon\b|according to\b|d'apres\b)")
_ELLIPTIC_BEFORE = re.compile(r"\b(?:said|says|say|counted|put it at|evoque|parle de|avance)\s*$")
_FREED = re.compile(r"\b(?:freed|released|liberer|libere|liberes|relache|relaches)\s+(?:the\s+)?$")
_OWN_SIDE = re.compile(r"\b(?:its|their|our|ses|leurs|nos)\b")
_WE_LOST = re.compile(r"\b(?:we|nous)\s+(?:have\s+|avons\s+|had\s+|avions\s+)?(?:lost|perdu)\s*$")
_SUBGROUP_LINK = re.compile(
    r"\s*,?\s*\(?(including|dont|among them|among whom|many of them|most of them|mostly"
    r"|pour la plupart|parmi lesquels|parmi eux|notamment|en majorite)\b"
)
_LOSS_OF_LIFE = re.compile(r"\b(?:loss|losses|pertes) (?:of|en) (?:li|vie)")
_DISTRIBUTED = (Qualifier.AT_LEAST, Qualifier.MORE_THAN, Qualifier.ABOUT, Qualifier.NEARLY)


@dataclass(frozen=True)
class SentenceClaim:
    claim: Claim
    sentence_index: int


@dataclass(frozen=True)
class _Trigger:
    start: int
    end: int
    category: Category | None  # None: "victims", clear only from the clause
    lumped: bool = False


@dataclass
class _Count:
    """A count being read: what it counts and how it links to its neighbours."""

    mention: CountMention
    victims: VictimPhrase | None
    category: Category | None = None
    lumped: bool = False
    part_of: _Count | None = None  # "64 dead: 49 civilians..." / "including one civilian"
    kind: VictimKind = VictimKind.UNSPECIFIED
    detail: str = ""
    trigger_end: int = 0
    own_part: bool = False  # "81 of them dead": a part with its own category
    link: str = ""  # the words joining a part to its total: "including", "dont", ":"
    or_even_of: _Count | None = None  # "une trentaine de civils tués, voire plus de 40"
    has_subgroup: bool = False  # a counted sub-group was folded into this count's detail

    @property
    def np_end(self) -> int:
        return self.victims.end if self.victims else self.mention.end

    @property
    def tail_end(self) -> int:
        """After the noun phrase and the trigger that follows it ("64 dead", "18 were killed")."""
        return max(self.np_end, self.trigger_end)


def _find_triggers(folded: str) -> list[_Trigger]:
    triggers = [
        _Trigger(
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
        triggers[index] = replace(triggers[index], lumped=True)
        triggers[index + 1] = replace(triggers[index + 1], lumped=True)
    lumped_victims = re.finditer(r"\b(?:victims|victimes|casualties)\s*\(", folded)
    lumped = [_Trigger(m.start(), m.end(), None, lumped=True) for m in lumped_victims]
    return sorted(triggers + lumped, key=lambda t: t.start)


def _assign_direct(text: str, folded: str, counts: list[_Count], triggers: list[_Trigger]) -> None:
    """Category from a trigger after the noun phrase, else from one just before the count."""
    for index, count in enumerate(counts):
        later = [c for c in counts[index + 1 :] if not _OF_THEM.match(folded, c.mention.end)]
        limit = later[0].mention.start if later else len(folded)
        after = next((t for t in triggers if count.np_end <= t.start < limit), None)
        gap = folded[count.np_end : after.start] if after else ""
        gap = _HEAD_WORDS.sub("", gap, count=1)
        if after and _RIGHT_GAP.fullmatch(gap):
            after = _predicate(folded, after, triggers, limit)
            count.category, count.lumped = after.category, after.lumped
            count.trigger_end = after.end
            following = read_victims(text, after.end) if count.victims is None else None
            noun_start = following.end - len(following.detail) if following else 0
            if following and not folded[after.end : noun_start].strip():
                count.victims = following  # "dozens of wounded guests": the noun follows
            continue
        floor = counts[index - 1].np_end if index else 0
        before = [t for t in triggers if floor <= t.start and t.end <= count.mention.start]
        if before and _LEFT_GAP.fullmatch(folded[before[-1].end : count.mention.start]):
            count.category, count.lumped = before[-1].category, before[-1].lumped
            continue
        toll = [m for m in _TOLL.finditer(folded, floor, count.mention.start)]
        if toll and re.fullmatch(r"[^,;.\d]{0,50}", folded[toll[-1].end() : count.mention.start]):
            count.category = Category.KILLED


def _predicate(folded: str, first: _Trigger, triggers: list[_Trigger], limit: int) -> _Trigger:
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


def _link_neighbours(folded: str, counts: list[_Count]) -> None:
    """Parts of a total, coordinated lists, and a qualifier shared across a list."""
    pairs = list(pairwise(counts))
    for previous, count in pairs:
        gap = folded[previous.tail_end : count.mention.start]
        if _OF_THEM.match(folded, count.mention.end):
            count.own_part = True
            if count.category is not None and count.category == previous.category:
                count.part_of, count.link = previous, "of them"  # "4 soldiers, 2 of them..."
        elif _OR_EVEN_LINK.match(gap):
            count.or_even_of = previous
        elif _PART_LINK.match(gap):
            total = previous.part_of or previous
            count.part_of, count.link = total, gap.strip(" ,")
            count.category = count.category or total.category
            total.category = total.category or count.category
        elif _LIST_LINK.match(folded[previous.np_end : count.mention.start]):
            if count.category in (None, previous.category):
                count.part_of = count.part_of or previous.part_of
            _share_qualifier(previous, count)
    for previous, count in reversed(pairs):
        listed = _LIST_LINK.match(folded[previous.np_end : count.mention.start])
        if listed and not count.own_part:
            previous.category = previous.category or count.category
            count.category = count.category or previous.category


def _merge_or_even(folded: str, counts: list[_Count]) -> list[_Count]:
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


def _share_qualifier(previous: _Count, count: _Count) -> None:
    """ "at least 47 soldiers and 84 fighters": the qualifier covers both numbers."""
    qualifier, mine = previous.mention.count.qualifier, count.mention.count
    if qualifier in _DISTRIBUTED and mine.qualifier is Qualifier.EXACT and mine.low is not None:
        low, high = interval(Fraction(mine.low), qualifier)
        shared = replace(mine, low=low, high=high, qualifier=qualifier)
        count.mention = replace(count.mention, count=shared)


def _victims_of(count: _Count) -> None:
    if count.victims is not None:
        count.detail = count.victims.detail.strip("\"' ")
        count.kind = count.victims.kind


def _promote_in_sentence(counts: list[_Count], sentence: str) -> None:
    """ "People" in a sentence about a market, a wedding, a massacre... are civilians; a total
    already split into parts keeps the class its parts give it."""
    totals = {id(c.part_of) for c in counts if c.part_of is not None}
    for count in counts:
        if id(count) not in totals:  # "people", or no noun at all ("killing 12")
            count.kind = resolve_people(count.kind, sentence)


def _victims_from_context(text: str, span: tuple[int, int], counts: list[_Count]) -> None:
    """Counts without a noun: "in its ranks", "11 of them", "7 killed and 3 wounded"."""
    previous: _Count | None = None
    for count in counts:
        if count.victims is None or count.kind is VictimKind.UNSPECIFIED:
            end = count.victims.end if count.victims else count.mention.end
            found = context_victims(text, span, count.mention.start, end)
            if count.victims is not None:  # "26 people, most of them herders"
                if found is not None and found.kind is not VictimKind.UNSPECIFIED:
                    count.kind = found.kind
                continue
            if found is None and previous is not None:
                count.kind, count.detail = previous.kind, ""
            elif found is not None:
                count.kind, count.detail = found.kind, found.detail
        named = count.kind not in (VictimKind.UNSPECIFIED, VictimKind.MIXED)
        if named and not count.part_of and count.category is not None:
            previous = count  # only a counted casualty figure lends its class
    for earlier, later in pairwise(counts):
        if earlier.victims is None and earlier.kind is VictimKind.UNSPECIFIED:
            earlier.kind = later.kind if later.victims is None else earlier.kind


def _sum_same_class(folded: str, counts: list[_Count]) -> list[_Count]:
    """ "12 aid workers and a driver were abducted": one figure of 13 for one class."""
    merged: list[_Count] = []
    for count in counts:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and _LIST_LINK.match(folded[previous.np_end : count.mention.start])
            and (previous.category, previous.kind) == (count.category, count.kind)
            and count.kind is not VictimKind.UNSPECIFIED
            and previous.victims is not None
            and count.victims is not None
            and previous.part_of is count.part_of
        ):
            first, second = previous.mention.count, count.mention.count
            low = None if first.low is None or second.low is None else first.low + second.low
            high = None if first.high is None or second.high is None else first.high + second.high
            wording = f"{first.wording} + {second.wording}"
            total = CasualtyCount(low, high, first.qualifier, wording)
            previous.mention = replace(previous.mention, count=total)
            previous.detail = f"{previous.detail} and {count.detail}".strip()
            previous.victims = count.victims or previous.victims
            continue
        merged.append(count)
    return merged


def _settle_parts(counts: list[_Count]) -> list[_Count]:
    """Sub-groups of one class become detail; parts of another class stay claims."""
    kept: list[_Count] = []
    for count in counts:
        total = count.part_of
        words = count.victims.detail if count.victims else ""
        if total is not None and (is_subgroup(words) or count.kind in (total.kind,)):
            link = count.link if count.link not in ("", ":", "(") else "and"
            link = "including" if count.link in (":", "(") else link
            addition = f"{link} {count.mention.count.wording} {words}".strip()
            if link == "of them":
                addition = f"{count.mention.count.wording} of them {words}".strip()
            glue = " " if link == "and" else ", "
            total.detail = f"{total.detail}{glue}{addition}" if total.detail else addition
            total.has_subgroup = True
            if total.kind is VictimKind.UNSPECIFIED and is_subgroup(words):
                total.kind = VictimKind.CIVILIANS
            continue
        kept.append(count)
    for total in kept:
        classes = {c.kind for c in kept if c.part_of is total}
        if len(classes) > 1 and total.kind is VictimKind.UNSPECIFIED:
            total.kind = VictimKind.MIXED
    return kept


def _resolve_victims_category(counts: list[_Count], triggers: list[_Trigger]) -> None:
    """ "Victims" counts take the clause's one category, when it has exactly one."""
    named = {t.category for t in triggers if t.category and not t.lumped}
    bound = {c.category for c in counts if c.category}
    for count in counts:
        is_victims = count.victims and fold(count.victims.detail).startswith("victim")
        if count.category is None and is_victims and len(named) == 1 and not named & bound:
            count.category = next(iter(named))


def _clause_counts(text: str, folded: str, span: tuple[int, int]) -> list[_Count]:
    """The claims' raw material in one clause: counts with category and victims."""
    start, end = span
    if _AGGREGATE.search(folded, start, end):
        return []
    denial = _DENIAL.search(folded, start, end)
    denied = range(denial.start(), denial.end() + 60) if denial else range(0)
    counts = [
        _Count(m, read_victims(text, m.end))
        for m in find_counts(text)
        if start <= m.start < end and m.start not in denied
    ]
    _categorise(text, folded, span, counts)
    counts = _classify_victims(text, folded, span, counts)
    return [c for c in counts if _is_claim(folded, c)]


def _categorise(text: str, folded: str, span: tuple[int, int], counts: list[_Count]) -> None:
    """Categories from triggers, then along lists, parts and "victims" nouns."""
    triggers = [t for t in _find_triggers(folded) if span[0] <= t.start < span[1]]
    _assign_direct(text, folded, counts, triggers)
    for count in counts:  # "heavy loss of life" carries its own category
        if _LOSS_OF_LIFE.search(fold(count.mention.count.wording)):
            count.category = Category.KILLED
    _link_neighbours(folded, counts)
    _resolve_victims_category(counts, triggers)


def _classify_victims(
    text: str, folded: str, span: tuple[int, int], counts: list[_Count]
) -> list[_Count]:
    """Victim classes: own nouns, parts of totals, the sentence's context, then sums."""
    for count in counts:
        _victims_of(count)
    parts = [c for c in counts if c.part_of is not None]
    counts = _settle_parts(_merge_or_even(folded, counts))
    _promote_in_sentence([*counts, *parts], text)
    _victims_from_context(text, span, counts)
    return _sum_same_class(folded, counts)


def _is_claim(folded: str, count: _Count) -> bool:
    """A count with a category (or leaning on another figure), not lumped, not a release."""
    released = _RELEASED.match(folded, count.tail_end) or _FREED.search(
        folded, 0, count.mention.start
    )
    has_category = count.category is not None or _is_elliptic(folded, count)
    return has_category and not count.lumped and not released


def _denial(clause_folded: str, recent: Claim | None) -> tuple[Category, VictimKind]:
    """A denial's category and victims: its own words first, else the claim it answers."""
    named = next((t.category for t in _find_triggers(clause_folded) if t.category), None)
    category = named or (recent.category if recent else Category.KILLED)
    marker = _DENIAL.search(clause_folded)
    near = clause_folded[marker.start() : marker.end() + 30] if marker else ""
    kind = classify_words(near)
    if kind in (None, VictimKind.UNSPECIFIED) and recent is not None:
        kind = recent.victims
    if kind in (None, VictimKind.UNSPECIFIED):
        kind = classify_words(clause_folded) or VictimKind.UNSPECIFIED
    return category, kind


def _detail(count: _Count, folded: str, sentence: str) -> str:
    """The claimant's words for the victims: a sub-group phrase as written ("dont trois
    femmes", "many of them women and children"), else the victim noun."""
    link = _SUBGROUP_LINK.match(folded, count.np_end) or _SUBGROUP_LINK.match(
        folded, count.tail_end
    )
    if link is None or (re.match(r"[^,;.)]*\d", folded[link.end() :]) and not count.has_subgroup):
        return count.detail
    written = normalize(sentence)
    phrase = re.search(rf"\b{re.escape(link.group(1))}\b[^,;.)]{{1,70}}", fold(written))
    return written[phrase.start() : phrase.end()].strip() if phrase else count.detail


def _is_elliptic(folded: str, count: _Count) -> bool:
    """A bare figure that leans on another: "put the number at 50", "the army said 8",
    "6 selon l'armée"."""
    before = folded[: count.mention.start]
    if _NUMBER_AT.search(before):
        return True
    bare = count.victims is None and _ELLIPTIC_AFTER.match(folded, count.mention.end)
    return bool(
        bare
        and (
            _ELLIPTIC_BEFORE.search(before)
            or "selon" in folded[count.mention.end :]
            or "according" in folded[count.mention.end :]
        )
    )


@dataclass
class _Reader:
    """Reads a story sentence by sentence, remembering who spoke last."""

    story: Story
    groups: dict[str, str]
    language: str  # "en" or "fr": how number words are read
    last_speaker: tuple[str, ...] | None = None
    last_named: tuple[str, ...] | None = None  # the actor named last, for "selon lui"
    groups_of_spans: list[int] = field(default_factory=list)
    text: str = ""  # the sentence being read, numbers as digits

    def read(self, index: int, sentence: str, found: list[SentenceClaim]) -> None:
        text = normalize(to_digits(sentence, self.language))
        folded = fold(text)
        self.text = text
        spans = split_clauses(text)
        self.groups_of_spans = clause_groups(text, spans)
        speakers = [
            attribute(
                text[a:b],
                groups=self.groups,
                last_speaker=self.last_speaker,
                last_named=self.last_named,
            )
            for a, b in spans
        ]
        for position, span in enumerate(spans):
            claimant = self._claimant(speakers, position)
            for count in _clause_counts(text, folded, span):
                if count.category is None:  # "put the number at 50": the story's category
                    if not found:
                        continue
                    count.category = found[-1].claim.category
                    if count.victims is None:
                        count.kind = found[-1].claim.victims
                found.append(
                    SentenceClaim(self._claim(count, claimant, sentence, folded, span), index)
                )
            if _DENIAL.search(folded[span[0] : span[1]]) and not _AGGREGATE.search(folded):
                found.append(
                    SentenceClaim(self._denial(claimant, folded, span, sentence, found), index)
                )
        spoken = [s for s in speakers if s]
        self.last_speaker = spoken[-1] if spoken else self.last_speaker
        named = [m for m in load_actors().find(text) if m.actor.kind != "media" and not m.generic]
        self.last_named = (named[-1].actor.canonical,) if named else self.last_named

    def _claimant(self, speakers: list[tuple[str, ...] | None], position: int) -> str:
        names = sentence_speaker(speakers, self.groups_of_spans, position)
        return " + ".join(names) if names else self.story.source_domain

    def _claim(
        self, count: _Count, claimant: str, sentence: str, folded: str, span: tuple[int, int]
    ) -> Claim:
        found_scope = _SCOPE.search(folded, span[0], span[1])
        scope = found_scope.group(0) if found_scope else None
        kind = count.kind
        if _OWN_SIDE.search(folded, count.mention.end, count.np_end):
            before = [m for m in load_actors().find(self.text) if m.end <= count.mention.start]
            possessor = before[-1].actor.canonical if before else claimant
            kind = own_side(possessor, kind)
            if possessor == PARTNER:  # the partner's own losses are part of the army's toll
                scope = scope or f"{PARTNER} losses"
        elif _WE_LOST.search(folded, 0, count.mention.start):  # "we lost 12 men": the speaker's
            kind = own_side(claimant, kind)
        return Claim(
            claimant=claimant,
            category=count.category or Category.KILLED,
            count=self._as_written(count.mention, sentence),
            victims=kind,
            victims_detail=_detail(count, folded, sentence),
            scope=scope,
            role=Role.MAIN,
            sentence=sentence,
            story_url=self.story.url,
        )

    def _as_written(self, mention: CountMention, sentence: str) -> CasualtyCount:
        """The count with its wording as the sentence writes it ("about thirty", "dix-huit")."""
        written = normalize(sentence)
        if mention.count.wording != self.text[mention.start : mention.end].strip():
            return mention.count  # a merged or rebuilt wording ("A, voire B", "12 + 1")
        start, end = original_span(self.text, written, mention.start, mention.end)
        wording = written[start:end].strip()
        return replace(mention.count, wording=wording) if wording else mention.count

    def _denial(
        self,
        claimant: str,
        folded: str,
        span: tuple[int, int],
        sentence: str,
        found: list[SentenceClaim],
    ) -> Claim:
        marker = _DENIAL.search(folded, span[0], span[1])
        start = marker.start() if marker else span[0]
        deniers = [
            m for m in load_actors().find(self.text[span[0] : start]) if m.actor.kind != "media"
        ]
        if deniers:  # "..., and the army denied the accusation": the army denies
            last = deniers[-1]
            claimant = (
                self.groups.get(last.actor.kind, "") if last.generic else last.actor.canonical
            )
            claimant = claimant or self.story.source_domain
        answered = [
            f for f in found if f.claim.claimant != claimant and not f.claim.count.is_denial
        ]
        last_sentence = answered[-1].sentence_index if answered else -1
        recent = next((f.claim for f in answered if f.sentence_index == last_sentence), None)
        category, kind = _denial(folded[span[0] : span[1]], recent)
        wording = self.text[start : marker.end() if marker else span[1]].strip()
        count = CasualtyCount(0, 0, Qualifier.DENIAL, wording)
        return Claim(
            claimant,
            category,
            count,
            kind,
            role=Role.MAIN,
            sentence=sentence,
            story_url=self.story.url,
        )


def extract_claims(story: Story, sentences: Sequence[str]) -> list[SentenceClaim]:
    """Every claim in the story, in reading order, deduplicated (codebook §1–4).

    ``sentences`` is ``split_sentences(story.full_text)``: the headline comes first.
    """
    table = load_actors()
    mentions = [m for sentence in sentences for m in table.find(sentence)]
    language = guess_language(" ".join(sentences), story.language)
    reader = _Reader(story, story_groups(mentions), language)
    found: list[SentenceClaim] = []
    for index, sentence in enumerate(sentences):
        reader.read(index, sentence, found)
    headline = _headline_sentences(story, sentences)
    claims = _deduplicate(found, headline, story.source_domain)
    claims = _deduplicate(_promote_people(claims, " ".join(sentences)), headline, "")
    logger.debug("story %s: %d claims", story.url, len(claims))
    return claims


def _promote_people(found: list[SentenceClaim], story_text: str) -> list[SentenceClaim]:
    """Unnamed victims in a story about an attack on civilians (a market, a bus, a wedding)
    are civilians, unless the army or an armed group gives the figure."""
    if not has_civilian_context(story_text, strong=True):
        return found
    kinds = {actor.canonical: actor.kind for actor in load_actors().actors.values()}
    promoted: list[SentenceClaim] = []
    for item in found:
        claim = item.claim
        speakers = {kinds.get(name, "media") for name in claim.claimant.split(" + ")}
        if (
            claim.victims is VictimKind.UNSPECIFIED
            and not claim.count.is_denial
            and not speakers & {"state", "armed group"}
            and classify_words(claim.victims_detail) in (None, VictimKind.UNSPECIFIED)
        ):
            item = SentenceClaim(replace(claim, victims=VictimKind.CIVILIANS), item.sentence_index)
        promoted.append(item)
    return promoted


def _headline_sentences(story: Story, sentences: Sequence[str]) -> int:
    if not story.title:
        return 0
    title = normalize(story.title).strip()
    return sum(1 for s in sentences[:3] if normalize(s).strip() and normalize(s) in title)


def _same_figure(a: Claim, b: Claim) -> bool:
    compatible = VictimKind.UNSPECIFIED in (a.victims, b.victims) or a.victims == b.victims
    return a.category == b.category and a.count.low == b.count.low and compatible


def _deduplicate(found: list[SentenceClaim], headline: int, outlet: str) -> list[SentenceClaim]:
    """One claim per key, keeping the body's sentence; drop the outlet's echo of a sourced one."""
    body = [f for f in found if f.sentence_index >= headline]
    ordered = body + [f for f in found if f.sentence_index < headline]
    kept: list[SentenceClaim] = []
    for item in ordered:
        repeated = [k for k in kept if k.claim.key == item.claim.key]
        # A repeat in the same or the next sentence, or in the headline, is one claim; the
        # same figure further on may belong to another event of the story, whose claims the
        # events reader sorts by sentence.
        if any(
            item.sentence_index < headline or abs(k.sentence_index - item.sentence_index) <= 1
            for k in repeated
        ):
            continue
        kept.append(item)
    kept = [
        k
        for k in kept
        if k.claim.claimant != outlet
        or k.claim.count.is_denial
        or not any(
            o.claim.claimant != outlet
            and (_same_figure(o.claim, k.claim) or _headline_echo(k, o, headline))
            for o in kept
        )
    ]
    kept = [k for k in kept if not any(_more_specific(o.claim, k.claim) for o in kept)]
    kept = _drop_vague(kept)
    return sorted(kept, key=lambda k: k.sentence_index)


def _headline_echo(headline_item: SentenceClaim, sourced: SentenceClaim, headline: int) -> bool:
    """A headline figure in the outlet's voice ("kill dozens") that the body gives with its
    source ("at least 32 civilians, residents said") is that sourced figure."""
    claim, other = headline_item.claim, sourced.claim
    compatible = VictimKind.UNSPECIFIED in (claim.victims, other.victims) or (
        claim.victims == other.victims
    )
    return (
        headline_item.sentence_index < headline
        and claim.category == other.category
        and compatible
        and claim.count.overlaps(other.count)
    )


def _more_specific(other: Claim, claim: Claim) -> bool:
    """The same claim with its victims named elsewhere in the story ("30 morts" / "30 civils")."""
    return (
        claim.victims is VictimKind.UNSPECIFIED
        and other.victims is not VictimKind.UNSPECIFIED
        and other.key[:5] == claim.key[:5]
        and (other.claimant, other.category, other.scope)
        == (claim.claimant, claim.category, claim.scope)
    )


def _drop_vague(kept: list[SentenceClaim]) -> list[SentenceClaim]:
    """ "several", "some": only when the claimant gives no number for that category/class."""
    vague = (Qualifier.SEVERAL, Qualifier.SOME)

    def has_number(claim: Claim) -> bool:
        return any(
            k.claim.claimant == claim.claimant
            and k.claim.category == claim.category
            and k.claim.victims == claim.victims
            and k.claim.count.qualifier not in vague
            and not k.claim.count.is_denial
            for k in kept
        )

    return [k for k in kept if k.claim.count.qualifier not in vague or not has_number(k.claim)]

"""Counts of people as written, turned into intervals (codebook §2).

``number_words.to_digits`` (re-exported here) first writes number words as digits;
``find_counts`` then reads every count in a sentence with its qualifier, ranges ("between 10
and 15", "six, seven or nine") and "A, or even B", and drops numbers that are not counts of
people: years, dates, times, ages, distances, money, durations, percentages, objects and
references such as "Resolution 2100".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from fractions import Fraction

from feeds.analysis.numbers.words import APPROXIMATE_NOUNS, PLURAL_UNITS
from feeds.model import CasualtyCount, Qualifier
from feeds.model.folding import fold

# Qualifier wording that may stand right before a number, folded (lower case, no accents).
_QUALIFIERS: tuple[tuple[Qualifier, str], ...] = (
    (Qualifier.AT_LEAST, r"at least|no fewer than|no less than|not less than|a minimum of"),
    (Qualifier.AT_LEAST, r"at minimum|au moins|au minimum|pas moins d[e']|au bas mot"),
    (Qualifier.MORE_THAN, r"more than|over|upwards of|higher than|in excess of|plus d[e']"),
    (Qualifier.MORE_THAN, r"au-dela d[e']|largement plus d[e']|above|au-dessus d[e']"),
    (Qualifier.ABOUT, r"about|around|some|approximately|roughly|an estimated|estimated"),
    (Qualifier.ABOUT, r"environ|quelque|approximativement|a peu pres|autour d[e']"),
    (Qualifier.NEARLY, r"nearly|almost|close to|just under|pres d[e']|presque|frole les"),
    (Qualifier.NEARLY, r"pres d'une|pres d'un|quasiment"),
    (Qualifier.UP_TO, r"up to|as many as|as high as|jusqu'a|pas plus d[e']|at most"),
)
_QUALIFIER_BEFORE = [
    (qualifier, re.compile(rf"(?:^|(?<=[\s(,:\"']))(?:{words})\s*(?:une?\s+|d'une?\s+)?$"))
    for qualifier, words in _QUALIFIERS
]


def _after_any(words: tuple[str, ...]) -> str:
    """Fixed-width look-behinds for "one of these words and a space"."""
    return "|".join(rf"(?<=\b{word} )" for word in words)


# words after which "des" is the plural article of a casualty noun ("et des disparus", "fait des
# blessés"), not "de les" ("la plupart des morts", "le nombre des tués")
_PLURAL_ARTICLE_AFTER = (
    "et", "ou", "fait", "font", "compte", "avec", "signale", "deplore", "eu", "a", "faisant",
    "causant", "egalement", "aussi",
)  # fmt: skip
_NUMBER = r"\d{1,3}(?:[,. ]\d{3})+(?![\d,.]\d)|\d+"
_CORE = re.compile(
    rf"(?P<number>(?<![\w.,:/-])(?:{_NUMBER})(?![\w]|[.,]\d))"
    rf"|(?P<approx>\b(?:{'|'.join(APPROXIMATE_NOUNS)})\b)"
    rf"|(?P<plural>\b(?:des|plusieurs|quelques|several|a few)?\s*"
    rf"(?:{'|'.join(PLURAL_UNITS)})\b|\b(?:several|a few) (?:dozen|hundred|thousand)\b)"
    r"|(?P<several>\b(?:several|(?<!as )many(?! as)|numerous|a number of|plusieurs"
    r"|de nombreux|de nombreuses|nombreux|nombreuses|un certain nombre de"
    r"|heavy loss(?:es)? of li(?:fe|ves)|heavy (?:fatalities|death tolls?)"
    r"|(?:a |an )?(?:large|great|significant|high|considerable|important) number of"
    r"|un (?:grand |bon |tres grand )?nombre (?:important |eleve |considerable )?d(?:e|es)"
    r"|bon nombre d(?:e|es)"
    r"|(?:(?:d'enormes|de lourdes|lourdes|des) )?pertes en vies humaines"
    r"|(?:un )?(?:tres )?lourd bilan humain|(?:un )?bilan humain (?:tres )?(?:lourd|important"
    r"|eleve))(?=[\s,.]|$)"
    # "des blessés", "21 morts et des disparus": the plural article before a casualty noun
    r"|(?:" + _after_any(_PLURAL_ARTICLE_AFTER) + r")des"
    r"(?= (?:blesses|blessees|morts|tues|disparus|otages|victimes)\b)"
    # "killing one soldier and wounding others": the others are no number
    r"|(?:" + _after_any(("wounding", "injuring", "killing")) + r")others\b)"
    r"|(?P<several_elided>\bun certain nombre d')"
    r"|(?P<some>\b(?:some|a few|quelques)\b)"
)

_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre"
)
_MONTHS_SHORT = r"jan|feb|febr|mar|apr|aug|sep|sept|oct|nov|dec|janv|fev|fevr|avr|juil"
_NOT_PEOPLE_AFTER = re.compile(
    r"^(?:\s*(?:(?:et|and|,|au|to|a|-)\s*\d{1,2}(?:er)?\s+(?:" + _MONTHS + r")\b"  # "17 et 21 mai"
    r"|(?:(?:security|military|local|medical|hospital|diplomatic|concordant|independent|separate"
    r"|different|other) )?sources?\b"  # "two sources said": informants, not victims
    r"|%|percent|per cent|pour ?cent|[:h]\d|h\b|am\b|pm\b|gmt\b|utc\b"
    r"|(?:st|nd|rd|th|e|er|eme|ere)\b|-?year|-?ans?\b|years? old|ans\b|annees?\b"
    r"|km|kilomet|miles?\b|m\b|met(?:er|re)s?\b|square|hectares?"
    r"|(?:days?|hours?|weeks?|months?|minutes?|decades?|nights?|jours?|heures?|semaines?"
    r"|mois|minutes?|decennies?|nuits?)\b|(?:dollars?|euros?|fcfa|cfa|francs?|\$|usd|million"
    r"|billion|milliards?|millions?)|(?:" + _MONTHS + r")\b"
    r"|(?:vehicles?|vehicules?|trucks?(?! drivers?)|camions?|motorbikes?|motorcycles?|motos?"
    r"|cars?(?! drivers?)|voitures?"
    r"|pick-?ups?|drones?|aircraft|avions?|helicopters?|helicopteres?|weapons?|armes?|rifles?"
    r"|fusils?|guns?|tons?|tonnes?|kg|houses?|maisons?|homes?|huts?|shops?|boutiques?|heads?"
    r"|tetes?|cattle|animals?|animaux|villages?|hamlets?|hameaux?|localites?"
    r"|campements?|encampments?|communes?|regions?|countries|pays"
    r"|times|fois|rounds?|bases?|camps?|positions?|tanks?|chars?|mines?|bombs?|bombes?"
    r"|missiles?|strikes?|frappes?|attacks?|attaques?|incidents?|cases?|articles?)\b))"
)
_NOT_PEOPLE_BEFORE = re.compile(
    r"(?:\b(?:in|since|depuis|year|annee|mid|early|late|resolution|no|n°|number|numero"
    r"|article|law|loi|decree|decret|route|rn|aged|age|ages|agee?s? de|l'age de|age of"
    r"|kilometre|km|page|" + _MONTHS + r")|\b(?:" + _MONTHS_SHORT + r")\.|[$€£#]"
    r"|\b(?:aged|agee?s? de|ages of) \d+ (?:to|and|a|et|-))\s*$"
)


_COUNT_NOT_OVER = re.compile(
    r"\b(?:the (?:count|counting|tally) (?:is|was) not over|counting (?:is )?(?:still )?continu"
    r"|le decompte (?:n'est pas termine|se poursuit|continue|ne s'arrete pas)"
    r"|(?:the )?search(?:es)? (?:is |are )?(?:still )?(?:continu|ongoing|under ?way)"
    r"|(?:les )?recherches (?:continuent|se poursuivent|sont en cours)"
    r"|it is not over|ce n'est pas fini|n'est pas definitif|not (?:yet )?final)"
)
# "pour l'instant, on a retrouvé 95 corps", "avance pour l'instant le chiffre de 106": a count
# given as provisional before the number reads like "N so far"
_SO_FAR_BEFORE = re.compile(
    r"\b(?:so far|for now|for the moment|as yet|pour l'instant|pour le moment|a ce stade"
    r"|jusqu'ici|jusqu'a present)\b[^.;:\d]{0,40}$"
)
# "20 or more", "30 ou plus": at least N; "40 or so": about N
_OR_MORE_AFTER = re.compile(r"^\s*(?:or more|ou plus|et plus|or over)\b")
_OR_SO_AFTER = re.compile(r"^\s*(?:or so)\b")
# "four at most", "dix au maximum", "peut-être quatre habitants tués, maximum": a ceiling said
# after the count (the clause may close on it) is "up to N"
_AT_MOST_AFTER = re.compile(
    r"^(?:\s+[a-z'-]+){0,6}?,?\s*"
    r"(?:at (?:the )?most|au (?:grand )?maximum|au plus|maximum|tout au plus)"
    r"(?=\s*(?:[.;,)\"»]|$))"
)
# "Cisse, 70, was kidnapped", "Amadou Koufa (62)": a person's age after the name
_AGE_APPOSITION = re.compile(r"[A-Z][\w'-]+(?:,\s*|\s*\()$")
# "une quarantaine de kilomètres", "des dizaines de véhicules": the noun after "de" is counted
_OF_NOUN = re.compile(r"^\s*(?:de |d'|of (?:the )?)")


@dataclass(frozen=True, slots=True)
class CountMention:
    """A count of people found in a sentence; ``start``/``end`` cover the wording."""

    start: int
    end: int
    count: CasualtyCount
    qualified: bool  # an explicit qualifier (at least, about...) stands before the number


def round_half_up(value: Fraction) -> int:
    """Round halves up, as the codebook does (22.5 → 23), with exact arithmetic."""
    return int((value * 2 + 1) // 2)


def _number_value(raw: str) -> int:
    return int(re.sub(r"[,. ]", "", raw))


def _is_not_people(folded: str, start: int, end: int, value: int) -> bool:
    raw = folded[start:end]
    if re.fullmatch(r"\d{4}", raw) and 1900 <= value <= 2100:
        return True  # a year
    return bool(_NOT_PEOPLE_AFTER.match(folded[end:]) or _NOT_PEOPLE_BEFORE.search(folded[:start]))


def _qualify(folded: str, start: int) -> tuple[Qualifier | None, int]:
    for qualifier, pattern in _QUALIFIER_BEFORE:
        match = pattern.search(folded[max(0, start - 40) : start])
        if match:
            return qualifier, start - (len(folded[max(0, start - 40) : start]) - match.start())
    return None, start


def interval(value: Fraction, qualifier: Qualifier) -> tuple[int | None, int | None]:
    """The codebook §2 interval for a value N under a qualifier."""
    if qualifier is Qualifier.AT_LEAST:
        return round_half_up(value), None
    if qualifier is Qualifier.MORE_THAN:
        return round_half_up(value) + 1, None
    if qualifier is Qualifier.ABOUT:
        return round_half_up(value * Fraction(9, 10)), round_half_up(value * Fraction(11, 10))
    if qualifier is Qualifier.NEARLY:
        return round_half_up(value * Fraction(9, 10)), round_half_up(value)
    if qualifier is Qualifier.UP_TO:
        return None, round_half_up(value)
    if qualifier is Qualifier.APPROXIMATE_NOUN:
        return round_half_up(value * Fraction(8, 10)), round_half_up(value * Fraction(12, 10))
    return round_half_up(value), round_half_up(value)


def _core_count(match: re.Match[str], folded: str) -> CasualtyCount | None:
    kind = match.lastgroup
    text = match.group(0).strip()
    if kind == "number":
        value = _number_value(text)
        if _is_not_people(folded, match.start(), match.end(), value):
            return None
        return CasualtyCount(value, value, Qualifier.EXACT)
    if kind in ("approx", "plural") and _counts_objects(folded, match.end()):
        return None
    if kind == "approx":
        noun = text.split()[-1].split("'")[-1]
        low, high = interval(Fraction(APPROXIMATE_NOUNS[noun]), Qualifier.APPROXIMATE_NOUN)
        return CasualtyCount(low, high, Qualifier.APPROXIMATE_NOUN)
    if kind == "plural":
        unit_word = text.split()[-1]
        unit = PLURAL_UNITS.get(unit_word) or PLURAL_UNITS[unit_word + "s"]
        return CasualtyCount(2 * unit, None, Qualifier.PLURAL_NOUN)
    if _is_not_people(folded, match.start(), match.end(), 0) or _NUMBER_NEXT.match(
        folded[match.end() :]
    ):
        return None
    if kind in ("several", "several_elided"):
        return CasualtyCount(2, None, Qualifier.SEVERAL)
    return CasualtyCount(2, 9, Qualifier.SOME)


def _counts_objects(folded: str, end: int) -> bool:
    """ "une trentaine de kilomètres", "dozens of vehicles": a count noun of things, not people."""
    of = _OF_NOUN.match(folded[end:])
    return of is not None and bool(_NOT_PEOPLE_AFTER.match(folded[end + of.end() :]))


_NUMBER_NEXT = re.compile(rf"^\s*(?:\d|(?:une?\s+|d'une?\s+)?(?:{'|'.join(APPROXIMATE_NOUNS)}))")
_ARTICLE_BEFORE = re.compile(r"\b(?:une?|d'une?)\s+$")
_UPDATED_FROM = re.compile(
    r"\b(?:rose|risen|rising|climbed|increased|jumped|revised|raised|passe|passant|grimpe"
    r"|augmente|porte|alourdi)\s+(?:up\s+)?(?:from|de)\s+$"
)
_RANGE_TAIL = re.compile(r"^(?:\s*(?:to|-|a|or|ou)\s*|(?:,\s*\d+)+,?\s*(?:or|ou)\s+)(\d+)\b")
_BETWEEN_HEAD = re.compile(r"\b(?:between|entre|de|from)\s+$")
_BETWEEN_TAIL = re.compile(r"^\s*(?:and|et|to|a|-)\s*(\d+)\b")
_OR_EVEN = re.compile(r"^,?\s*(?:or even|or possibly|perhaps even|voire meme|voire)\s+")
_DOUBLE = re.compile(r"^(?:le|the)\s+double\b|^double\b|^twice that\b")
_MORE = re.compile(r"^(?:plus|more)\b(?!\s+(?:de|d'|than)\b)")


def _extend_range(folded: str, mention: CountMention) -> CountMention:
    """ "between 10 and 15", "10 to 15", "6, 7 or 9", "10-15" → one BETWEEN interval."""
    if mention.count.qualifier is not Qualifier.EXACT:
        return mention
    between = _BETWEEN_HEAD.search(folded[: mention.start])
    tail = (_BETWEEN_TAIL if between else _RANGE_TAIL).match(folded[mention.end :])
    if not tail:
        return mention
    high = int(tail.group(1))
    end = mention.end + tail.end()
    if high <= (mention.count.low or 0) or _NOT_PEOPLE_AFTER.match(folded[end:]):
        return mention
    if _UPDATED_FROM.search(folded[: mention.start]):
        # "the toll rose from 18 to 21": the figure now given is the second one.
        count = CasualtyCount(high, high, Qualifier.EXACT, tail.group(1))
        return CountMention(mention.start, end, count, False)
    start = between.start() if between else mention.start
    count = CasualtyCount(mention.count.low, high, Qualifier.BETWEEN)
    return CountMention(start, end, count, True)


def _merge_or_even(folded: str, mentions: list[CountMention]) -> list[CountMention]:
    """ "A, or even B" and "A, voire B" / "voire le double": low of A, high of B."""
    merged: list[CountMention] = []
    for mention in mentions:
        previous = merged[-1] if merged else None
        link = _OR_EVEN.match(folded[previous.end :]) if previous else None
        if previous and link and previous.end + link.end() == mention.start:
            count = CasualtyCount(previous.count.low, mention.count.high, Qualifier.OR_EVEN)
            merged[-1] = CountMention(previous.start, mention.end, count, True)
            continue
        merged.append(mention)
    for index, mention in enumerate(merged):
        link = _OR_EVEN.match(folded[mention.end :])
        rest = folded[mention.end + link.end() :] if link else ""
        double = _DOUBLE.match(rest) or _MORE.match(rest)
        if link and double:
            doubled = None if mention.count.high is None else 2 * mention.count.high
            high = doubled if _DOUBLE.match(rest) else None
            end = mention.end + link.end() + double.end()
            count = CasualtyCount(mention.count.low, high, Qualifier.OR_EVEN)
            merged[index] = CountMention(mention.start, end, count, True)
    return merged


def find_counts(text: str) -> list[CountMention]:
    """Every count of people in ``text`` (already passed through ``to_digits``), in order."""
    folded = fold(text)
    mentions: list[CountMention] = []
    for match in _CORE.finditer(folded):
        core = _core_count(match, folded)
        if core is None or (match.lastgroup == "number" and _is_age(text, match)):
            continue
        start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
        qualifier, qualified_start = _qualify(folded, start)
        article = _ARTICLE_BEFORE.search(folded[:start]) if match.lastgroup == "approx" else None
        start = qualified_start if qualifier or not article else article.start()
        if qualifier is not None and core.qualifier in (
            Qualifier.EXACT,
            Qualifier.APPROXIMATE_NOUN,
        ):
            value = Fraction(APPROXIMATE_NOUNS.get(match.group(0).strip(), core.low or 0))
            low, high = interval(value, qualifier)
            core = CasualtyCount(low, high, qualifier)
        mention = _extend_range(
            folded, CountMention(start, match.end(), core, qualifier is not None)
        )
        mentions.append(mention)
    mentions = _merge_or_even(folded, _drop_overlaps(mentions))
    return [_with_wording(text, folded, mention) for mention in mentions]


def _is_age(text: str, match: re.Match[str]) -> bool:
    """ "Cisse, 70, was kidnapped": a number set off right after a name is the person's age."""
    closing = re.match(r"\s*[,)]", text[match.end() :])
    return (
        closing is not None
        and int(_number_value(match.group(0))) < 110
        and _AGE_APPOSITION.search(text[: match.start()]) is not None
    )


def _drop_overlaps(mentions: list[CountMention]) -> list[CountMention]:
    kept: list[CountMention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _with_wording(text: str, folded: str, mention: CountMention) -> CountMention:
    """Attach the wording; "N so far" / "the count is not over" make an exact count open."""
    wording = mention.count.wording or text[mention.start : mention.end].strip()
    count = replace(mention.count, wording=wording)
    rest = folded[mention.end :]
    not_over = re.match(r"^[^.;,]{0,40}?\b(?:so far|pour l'instant|a ce stade)\b", rest)
    provisional = not_over or _SO_FAR_BEFORE.search(folded[: mention.start])
    if count.qualifier is Qualifier.EXACT and (provisional or _COUNT_NOT_OVER.search(folded)):
        count = replace(count, high=None, qualifier=Qualifier.AT_LEAST)
    or_more = _OR_MORE_AFTER.match(rest) or _OR_SO_AFTER.match(rest)
    if count.qualifier is Qualifier.EXACT and count.low is not None and _AT_MOST_AFTER.match(rest):
        low, high = interval(Fraction(count.low), Qualifier.UP_TO)
        return replace(mention, count=replace(count, low=low, high=high, qualifier=Qualifier.UP_TO))
    if count.qualifier is Qualifier.EXACT and count.low is not None and or_more:
        qualifier = Qualifier.AT_LEAST if _OR_MORE_AFTER.match(rest) else Qualifier.ABOUT
        low, high = interval(Fraction(count.low), qualifier)
        wording = f"{wording} {or_more.group(0).strip()}"
        count = CasualtyCount(low, high, qualifier, wording)
        return replace(mention, end=mention.end + or_more.end(), count=count)
    return replace(mention, count=count)

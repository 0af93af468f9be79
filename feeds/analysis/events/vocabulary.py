"""The words that name events, recalls and places, in English and French, and the sentence
tests built on them (what type of event a sentence names, whether it carries a toll, whether it
recalls an older event, which sentences are a story's lead and whether it reports an event).

Patterns run on folded text (lower case, no accents; see ``dates.fold``). ``EVENT_PATTERNS`` is
ordered most specific first; the other patterns are the cues ``events.segment_events`` uses to
tell the main event from OTHER and BACKGROUND ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from feeds.analysis.dates.resolve import find_date_cues, is_well_before
from feeds.model import DatePrecision, EventDate, EventType, Story
from feeds.model.folding import fold_key

# Attacks only planned or foiled: "suspected of preparing attacks", "un attentat déjoué".
PLANNED = re.compile(
    r"\b(?:prepar\w*|plann\w*|plott\w*|plot to|foil\w*|thwart\w*|dejou\w*|projet\w*)"
    r"(?: \w+){0,3} (?:attacks?|attaques?|attentats?|bombings?)\b"
    r"|\b(?:attacks?|attaques?|attentats?) (?:\w+ ){0,2}(?:foiled|thwarted|dejouee?s?)\b"
)
# Arrests by the state ("14 suspects arrested during an army operation") are no incident.
ARREST = re.compile(
    r"\b(?:arrest\w*|detained|apprehended|interpell\w*|arrete(?:e|s|es)?|mis aux arrets)\b"
)
# A sentence that points back at the event already told ("missing since the attack", "depuis
# l'attaque"): its toll and its other places (where relatives gathered) open no new event.
REFERS_BACK = re.compile(
    r"\b(?:since|after|during|in) the (?:(?:night|day|morning|evening) of the )?"
    r"(?:attack|raid|ambush|abduction|kidnapping|strike|assault)\b"
    r"|\b(?:depuis|apres|lors de|pendant) (?:(?:la nuit|le jour|le soir|le matin) de )?"
    r"(?:l'|la |cette )(?:attaque|embuscade|frappe|enlevement|assaut)\b"
)
# Most specific first: the first type whose pattern matches a sentence is its type.
EVENT_PATTERNS: tuple[tuple[EventType, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (
            EventType.DRONE_STRIKE,
            r"\bdrones? (?:strikes?|attacks?|raids?|struck|hit|fired|bombed)\b"
            r"|\b(?:frappes?|attaques?|tirs?|bombardements?)(?: \w+)? (?:de|par|d'un) "
            r"(?:un )?drones?\b"
            r"|\b(?:by|from) (?:an? |the )?(?:armed |army |military )?drones?\b"
            r"|\bpar (?:un |des )?drones?\b",
        ),
        (
            EventType.AIRSTRIKE,
            r"\bair ?strikes?\b|\bair[- ]raids?\b|\bbombing raids?\b"
            r"|\baerial (?:bombing|bombardments?|strikes?|attacks?)\b"
            r"|\bfrappes? aeriennes?\b|\braids? aeriens?\b"
            r"|\bbombardements?\b|\bfrappes?\b|(?<!hunger )\bstrikes?\b|\bwarplanes?\b",
        ),
        (
            EventType.IED,
            r"\bieds?\b|\bimprovised explosive\b|\broadside bombs?\b|\blandmines?\b"
            r"|\bexplosive devices?\b|\bengins? explosifs?\b|\beei\b|\bbomb(?:s|ing|ings|ed)?\b"
            r"|\bbombes?\b|\bbombers?\b|\bvoitures? piegees?\b|\bvehicules? piegee?s?\b"
            r"|\bkamikazes?\b"
            r"|\battentats?[ -]suicides?\b|\bsuicide (?:blast|attack)s?\b"
            r"|\b(?:hit|struck|ran over|sur|d'une|explosion of)(?: an?| une| la)? mines?\b"
            r"|\bmines? (?:antipersonnel|artisanales?|terrestres?|improvisees?)\b"
            # an object that went off: "l'explosion d'un engin", "unexploded ordnance"
            r"|\bexplosion d'(?:un|une) (?:engin|objet|obus|mine)\b|\bengins? de guerre\b"
            r"|\bunexploded (?:ordnance|devices?|shells?|bombs?)\b"
            r"|\b(?:device|ordnance|object) (?:exploded|went off|blew up)\b",
        ),
        (
            EventType.ATTACK_ON_CAMP,
            r"\b(?:attack\w*|assault\w*|stormed|overr?an)\s+(?:\w+\s+){0,4}?"
            r"(?:camps?|bases?|barracks|garrisons?|(?:out)?posts?|checkpoints?|positions)\b"
            r"|\b(?:attaque\w*|assaut\w*)\s+(?:\w+\s+){0,4}?"
            r"(?:camps?|bases?|casernes?|postes?|garnisons?|positions?)\b"
            r"|\b(?:camps?|bases?|postes?) (?:\w+ ){0,4}(?:attaques?|was attacked)\b",
        ),
        (EventType.AMBUSH, r"\bambush\w*\b|\bembuscades?\b"),
        (
            EventType.EXECUTION,
            r"\bexecut(?:ed|ions?|ing)\b|\bmassacre[sd]?\b|\bexecutions? sommaires?\b"
            r"|\bexecutee?s?\b|\btuerie\b|\bkilling spree\b|\bmass killings?\b",
        ),
        (
            EventType.ABDUCTION,
            r"\babduct\w*\b|\bkidnap\w*\b|\bhostages?\b|\benlev(?:ement|ee?s?)\b|\botages?\b"
            r"|\brapt\b",
        ),
        (
            EventType.CLASH,
            r"\bclash\w*\b|\bfighting\b|\bcombats?\b|\baffrontements?\b|\baccrochages?\b"
            r"|\bheurts\b|\bgun ?fights?\b|\bfirefights?\b|\bexchange of fire\b|\bbattle\b"
            r"|\bskirmish\w*|\bescarmouches?\b|\bfought\b|\bcombattu\w*"
            r"|\baffront(?:e|es|ee|ees|ent|aient|erent|er)\b"
            # the army's own offensive, in which it "neutralised" assailants
            r"|\b(?:military|army|counter-?terrorism|security) (?:operation|offensive)s?\b"
            r"|\boperations? (?:militaires?|antiterroristes?|de securisation|menee?s?)\b"
            r"|\boffensive (?:de l'armee|des fama|militaire)\b",
        ),
        (
            EventType.ATTACK,
            r"\battack\w*\b|\braids?\b|\bassault\w*\b|\battaqu\w*\b|\bassaut\b|\bopened fire\b"
            r"|\battentats?\b"
            r"|\bouvert le feu\b|\bshelling\b|\bobus\b|\bgunmen\b|\bhommes armes\b",
        ),
    )
)
# A casualty word: what makes a sentence at another place the report of another event.
TOLL = re.compile(
    r"\b(?:kill\w*|dead|deaths?|died|wounded|injured|bodies|abducted|kidnapped|missing"
    r"|tue(?:e|s|es)?|tuant|morts?|deces|decede\w*|blesse\w*|enleve\w*|disparu\w*|neutralis\w*"
    r"|executed|massacred|executes?|perished|peri(?:s|rent)?|lost (?:their|his|her) li(?:fe|ves)"
    r"|perdu la vie)\b"
)
# Habitual or generic wording describes a pattern, not an event ("the road is often mined").
HABITUAL = re.compile(
    r"\b(?:regularly|often|frequently|repeatedly|routinely|increasingly|every|each"
    r"|regulierement|souvent|frequemment|chaque|a plusieurs reprises|de plus en plus"
    r"|multiplient|se multiplient)\b"
)
# Strong recall: the sentence tells an older event.
RECALL = re.compile(
    r"\blast (?:month|year)\b|\bearlier this (?:month|year)\b|\b(?:weeks|months|years) ago\b"
    r"|\b(?:a|one) (?:month|year) (?:ago|on|later)\b"
    r"|\b(?:years?|ans|annees|months|mois) (?:ont passe|have passed|have gone by|on,)"
    r"|(?<!as )\bfollows\b|\b(?:comes after|came after|reminiscent of|a similar attack)\b"
    r"|\bin the past\b(?! (?:\d+|few|two|three|several|24|48|week|days?|hours?|months?)\b)"
    r"|\b(?:in a similar|the third such|the second such)\b"
    r"|\ble mois (?:dernier|passe)\b|\bl'an (?:dernier|passe)\b|\bl'annee (?:derniere|passee)\b"
    r"|\bil y a (?:\w+ )?(?:mois|ans?|annees|semaines)\b"
    r"|\b(?:years?|ans?|annees?|mois|months?) (?:after|apres)\b|\banniversa\w+|\bcommemor\w+"
    r"|\b(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre"
    r"|decembre|l'ete|l'hiver|l'automne|le printemps) (?:dernier|passe)\b"
    r"|\brappel(?:le|lent|ons)?\b|\bfait suite\b|\bintervient (?:apres|au lendemain)\b"
    r"|\bpar le passe\b|\bune attaque similaire\b"
)
# Told after the lead, a week or so before the story's event: "last week", "two weeks earlier",
# "la semaine dernière", "une semaine plus tôt". In the lead the same words date a follow-up
# ("the toll of last week's attack").
WEEKS_BEFORE = re.compile(
    r"\blast week\b|\bla semaine (?:derniere|passee)\b"
    r"|\b(?:a|one|two|three|several|une|deux|trois|plusieurs) (?:weeks?|semaines?)"
    r" (?:earlier|before|plus tot|auparavant)\b"
)
# Shortly before the story's event, a few days at most: "la veille", "the day before", "two days
# earlier", "quelques jours plus tôt". A sentence so dated that gives a toll at another place
# tells another event, not the one the story is about.
EARLIER = re.compile(
    r"\bla veille\b|\bl'avant-veille\b|\bthe (?:day|night) before\b|\bthe previous (?:day|night)\b"
    r"|\b(?:a|one|two|three|a few|few|several|\d+|deux|trois|quelques|plusieurs) (?:days?|jours)"
    r" (?:earlier|before|plus tot|auparavant)\b"
)
# Weak recall: an older event, unless it is an earlier statement about this one
# ("the mayor had earlier put the toll at 40", "un élu avait auparavant avancé").
WEAK_RECALL = re.compile(r"\b(?:already|deja|previously|precedemment|auparavant)\b")
PAST_PERFECT = re.compile(
    r"\bhad (?:been |already |also |earlier )?\w+(?:ed|en|t)\b"
    r"|\b(?:avait|avaient) (?:ete |deja |aussi |auparavant )?\w+(?:e|es|is|it|u|us|ts)\b"
)
# Reporting words: a past perfect after one is reported speech ("saying 38 had been killed"),
# not a recall. Participles count too ("saying", "adding", "en affirmant", "assurant que").
REPORTING = re.compile(
    r"\b(?:said|says|saying|told|according|stated|statement|reported|claimed|claiming|announced"
    r"|accused|denounced|adding|insisting|put the (?:death )?(?:toll|number|figure|count)"
    r"|selon|d'apres|denonce\w*|accuse\w*|avance\w*|annonce\w*|affirm\w*|assurant|ajoutant|indiqu\w*|declar\w*|precisa\w*|precise\w*"
    r"|evoque\w*|signale\w*|communique\w*|spoken of|spoke of"
    r"|parl(?:e|er|ee|es|ent|ait|aient|ant))\b"
)
OTHER_CUE = re.compile(
    r"\b(?:in another|in a separate|separately|elsewhere|in a second|a second attack"
    r"|meanwhile|on the same day|the same day|dans une autre|par ailleurs"
    r"|le meme jour|une deuxieme attaque|une seconde attaque|une autre attaque)\b"
)

# Whether a story is about Mali (the wording around an event's site is in event_sites.py).
MALI_WORDS = re.compile(r"\bmali(?:an|en|enne|ens|ennes)?s?\b")
MALI_BORDER = re.compile(
    r"\bmali(?:an|enne?)\s+(?:border|frontier)\w*|\bfrontieres?\s+(?:malienne|avec le mali|du mali)"
    r"|\bborders?\s+(?:with|of)\s+mali\b"
)
DISASTER_WORDS = re.compile(
    r"\b(?:flood\w*|inondation\w*|pluies?|rains?|crue|drown\w*|noy\w*|road accident"
    r"|accident de (?:la route|la circulation|bus)|collision|cholera|epidemi\w*|epidemic"
    r"|eboulement\w*|collapse\w*|effondre\w*|landslide|storm|orage|fire broke out)\b"
)


# The French participle "frappé" ("la tuerie a frappé deux villages", "Ogossagou frappé par la
# terreur") folds to the noun "frappe" (a strike): read before folding, it names no airstrike.
STRUCK_PARTICIPLE = re.compile(r"\bfrapp(?:é|ée|és|ées)\b", re.IGNORECASE)


def detect_event_type(text: str) -> EventType | None:
    """The most specific event type named in ``text``, or ``None`` when none is named."""
    folded = fold_key(STRUCK_PARTICIPLE.sub("touche", text))
    return next((kind for kind, pattern in EVENT_PATTERNS if pattern.search(folded)), None)


def reported_event_type(text: str) -> EventType | None:
    """The event type of a sentence that reports an event (not a habit, a generality, an
    attack that was only planned or an arrest without casualties)."""
    folded = fold_key(text)
    if HABITUAL.search(folded) or PLANNED.search(folded):
        return None
    if ARREST.search(folded) and not TOLL.search(folded):
        return None  # an operation in which suspects were arrested: no violent event
    return detect_event_type(text)


def has_toll(text: str) -> bool:
    """True when the sentence speaks of people killed, wounded, taken or missing."""
    return bool(TOLL.search(fold_key(text)))


def is_background_sentence(text: str, *, published: datetime) -> bool:
    """True when the sentence recalls an older event rather than reporting a new one."""
    folded = fold_key(text)
    if RECALL.search(folded):
        return True
    cues = [cue for cue in find_date_cues(text, published=published) if not cue.is_statement_date]
    if any(
        is_well_before(cue.date, published) or _is_past_month(cue.date, published) for cue in cues
    ):
        return True
    if detect_event_type(text) is None or REPORTING.search(folded):
        return False
    return bool(WEAK_RECALL.search(folded) or PAST_PERFECT.search(folded))


# "since January", "depuis 2019": a count over a period, not the date of one event.
SINCE_BEFORE = re.compile(
    r"\b(?:since|depuis|from|des|as of|until|jusqu'(?:a|au|en))\s+(?:le |the )?$"
)


def dates_its_event(text: str, *, published: datetime) -> bool:
    """A lead sentence that tells a dated older event as its subject, in no words of recall: a
    follow-up ("the toll of the 18 January bombing was revised down", "UN investigators say 24
    were killed between 23 and 25 June") is about that event, not a new one on its publication
    day, nor a mere recall. Needs an event or a toll and a day-precise date of the event's own
    that is not the start of a count ("since 1 January")."""
    folded = fold_key(text)
    if RECALL.search(folded) or HABITUAL.search(folded):
        return False
    if reported_event_type(text) is None and not has_toll(text):
        return False
    return any(
        cue.date.precision is DatePrecision.DAY
        and not cue.is_statement_date
        and not SINCE_BEFORE.search(folded[max(0, cue.start - 12) : cue.start])
        for cue in find_date_cues(text, published=published)
    )


def _is_past_month(when: EventDate, published: datetime) -> bool:
    """A month named as a whole ("in late September", "fin septembre") before the month of
    publication: an older event, however few days ago that month ended."""
    start_of_month = published.date().replace(day=1)
    return when.precision is DatePrecision.MONTH and when.day < start_of_month


def lead_indexes(story: Story, sentences: Sequence[object]) -> list[int]:
    """The headline's sentences and the first body sentence (sentences of ``story.full_text``)."""
    texts = [sentence_text(s) for s in sentences]
    if not texts:
        return []
    if not story.title:
        return [0]
    title_end = len(story.title)
    in_title = 0
    position = 0
    for text in texts:
        found = story.full_text.find(text[:40], position)
        if found < 0 or found >= title_end:
            break
        in_title += 1
        position = found + len(text)
    return list(range(min(len(texts), max(in_title, 1) + 1)))


def lead_reports_event(lead: Sequence[str], published: datetime) -> bool:
    """Does the lead report an event? Its first body sentence, else the headline, must name an
    event or a toll without recalling an older one ("since January, 2,400 people...", "Il y a
    cinq ans, le massacre de X")."""
    if not lead:
        return False
    *headline, first = lead
    if is_background_sentence(first, published=published) and not dates_its_event(
        first, published=published
    ):
        return False
    told = [text for text in headline if not is_background_sentence(text, published=published)]
    return any(reported_event_type(text) is not None or has_toll(text) for text in (first, *told))


def sentence_text(sentence: object) -> str:
    """The text of a sentence given as ``str`` or as an object with a ``text`` attribute."""
    return sentence if isinstance(sentence, str) else str(getattr(sentence, "text", sentence))


def paragraph_numbers(full_text: str, texts: Sequence[str]) -> list[int]:
    """The paragraph (newline-separated block) each sentence starts in, found in order."""
    numbers: list[int] = []
    position = 0
    paragraph = 0
    for text in texts:
        found = full_text.find(text[:40], position) if text else -1
        if found >= 0:
            if "\n" in full_text[position:found]:
                paragraph += 1
            position = found + len(text)
        numbers.append(paragraph)
    return numbers

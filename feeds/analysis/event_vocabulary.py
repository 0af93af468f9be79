"""The words that name events and that place a sentence in time, in English and French.

Patterns run on folded text (lower case, no accents; see ``dates.fold``). ``EVENT_PATTERNS`` is
ordered most specific first; the other patterns are the cues ``events.segment_events`` uses to
tell the main event from OTHER and BACKGROUND ones.
"""

from __future__ import annotations

import re

from feeds.model import EventType

__all__ = [
    "EVENT_PATTERNS",
    "HABITUAL",
    "OTHER_CUE",
    "PAST_PERFECT",
    "RECALL",
    "REPORTING",
    "TOLL",
    "WEAK_RECALL",
]

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
            r"|\bouvert le feu\b|\bshelling\b|\bobus\b|\bgunmen\b|\bhommes armes\b",
        ),
    )
)
# A casualty word: what makes a sentence at another place the report of another event.
TOLL = re.compile(
    r"\b(?:kill\w*|dead|deaths?|died|wounded|injured|bodies|abducted|kidnapped|missing"
    r"|tue(?:e|s|es)?|morts?|deces|decede\w*|blesse\w*|enleve\w*|disparu\w*|neutralis\w*"
    r"|executed|massacred|executes?)\b"
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
    r"|(?<!as )\bfollows\b|\b(?:comes after|came after|reminiscent of|a similar attack)\b"
    r"|\bin the past\b(?! (?:\d+|few|two|three|several|24|48|week|days?|hours?|months?)\b)"
    r"|\b(?:in a similar|the third such|the second such)\b"
    r"|\ble mois (?:dernier|passe)\b|\bl'an (?:dernier|passe)\b|\bl'annee (?:derniere|passee)\b"
    r"|\bil y a (?:\w+ )?(?:mois|ans|annees|semaines)\b"
    r"|\b(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre"
    r"|decembre|l'ete|l'hiver|l'automne|le printemps) (?:dernier|passe)\b"
    r"|\brappel(?:le|lent|ons)?\b|\bfait suite\b|\bintervient (?:apres|au lendemain)\b"
    r"|\bpar le passe\b|\bune attaque similaire\b"
)
# Weak recall: an older event, unless it is an earlier statement about this one
# ("the mayor had earlier put the toll at 40", "un élu avait auparavant avancé").
WEAK_RECALL = re.compile(r"\b(?:already|deja|previously|precedemment|auparavant)\b")
PAST_PERFECT = re.compile(
    r"\bhad (?:been |already |also |earlier )?\w+(?:ed|en|t)\b"
    r"|\b(?:avait|avaient) (?:ete |deja |aussi |auparavant )?\w+(?:e|es|is|it|u|us|ts)\b"
)
REPORTING = re.compile(
    r"\b(?:said|says|told|according|stated|statement|reported|claimed|announced|accused"
    r"|denounced|put the toll|selon|d'apres|denonce\w*|accuse\w*|avance\w*|annonce\w*"
    r"|affirme\w*|indique\w*|declare\w*|precise\w*|evoque\w*|signale\w*|communique\w*)\b"
)
OTHER_CUE = re.compile(
    r"\b(?:in another|in a separate|separately|elsewhere|in a second|a second attack"
    r"|meanwhile|on the same day|the same day|dans une autre|par ailleurs"
    r"|le meme jour|une deuxieme attaque|une seconde attaque|une autre attaque)\b"
)

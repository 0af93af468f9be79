"""The words of reporting: who speaks, how, and what points back at a speaker (codebook §4).

``attribution`` reads the grammar; this module holds its vocabulary, in English and French:
source markers ("according to", "selon"), reporting verbs in every form a wire story uses,
anaphors ("the group", "la même source", "l'un d'eux") and the small gaps a subject may sit
across ("L'armée, elle, fait état…", "a annoncé mercredi l'armée").
"""

from __future__ import annotations

import re

COUNT_WORDS = re.compile(
    r"\b(?!(?:19|20)\d\d\b)\d|\b(?:dizaine|douzaine|vingtaine|trentaine|centaine|dozens|hundreds)"
)


ACCORDING = re.compile(
    r"\b(?:according to|citing|quoting|citant|en citant|selon(?! (?:lesquel|laquelle|lequel))"
    r"|d'apres|de source|cite par"
    r"|appris(?: [\w']+)? (?:de|d'|des|aupres d[eu']?s?)|accusations?"
    r"(?: \w+){0,3} (?:from|by)|allegations? (?:from|by|made by)|claims? (?:from|by|made by)"
    r"|(?:a |the |in a )?statement (?:from|by|issued by|released by)"
    r"|(?:reported|confirmed|counted|recorded|documented|given|cited|broadcast|published"
    r"|released|provided|issued)(?: dead| killed)? by"
    r"|(?:un |le |dans un )?communique (?:de|du|des)|figures? (?:from|provided by|released by)"
    r"|tolls? (?:from|given by|provided by|released by)|bilan (?:fourni|communique|donne)"
    r" par|(?:communique|publie|fourni|rapporte|donne|annonce|confirme|compte|recense|avance"
    r"|denombre|diffuse|transmis|cite)e?s? par)\b(?! (?:lesquel|laquelle|lequel))"
)
SPAN_STOP = re.compile(
    r"[,;:.!?\"]|\b(?:while|whereas|but|that|which|who|alors que|tandis que|mais|que|qui)\b"
    r"|\bqu'"
)
SPEECH_VERBS = (
    r"said|says|say|saying|told|tells|stated|stating|states|reported|reports|reporting|claimed"
    r"|claims|claim|claiming|announced|announces|added|adds|adding|noted|notes|described|wrote"
    r"|confirmed|confirms|indicated|explained|denied|denies|deny|denying|accused|accuses|accuse"
    r"|contradicted|contradicts|insisted|maintained|alleged|alleges|posted|put the toll|gave a"
    r" toll|counted|recorded|documented|estimated|tallied|rejected|rejects|dismissed"
    r"|a indique|a declare|a affirme|a precise|ont indique|ont affirme|ont declare|ont precise"
    r"|a annonce|annonce|indique|affirme|affirment|affirmant|precise|rapporte|a rapporte"
    r"|a confirme|confirme|explique|a explique|a ajoute|ajoute|ajoutant|denonce|a denonce"
    r"|accuse|a accuse|accusent|dement|a dementi|dementent|fait etat|a fait etat|font etat"
    r"|(?:a )?fait (?:lui|elle|quant a (?:lui|elle)|aussi|egalement|pour sa part) etat"
    r"|evoque|a evoque|revendique|a revendique|signale|a signale|recense|a recense|dresse"
    r"|a dresse|rejette|a rejete|declare|declarent|assure|a assure|soutient|a soutenu"
    r"|reacted|responded|replied|a reagi|reagi|a repondu|repondu|retorque|a retorque"
    r"|reconnu|a reconnu|acknowledged|admitted|parle|parlent|a parle|avait parle|avance"
    r"|a avance|avait avance|maintient|maintains|insiste|insists"
    r"|(?:raised|raises|raising|lowered|revised) (?:its|the) (?:death )?toll|revised"
    r"|revu|a revu|put the number|put the death toll|(?:gave|given|give) an? (?:\w+ )?toll"
    r"|spoke of|spoken of|evoquent|temoigne|raconte|confie|deplore|a deplore|claimed responsibility"
    r"|(?:gave|gives|give|given)(?: [a-z]+){0,3} (?:toll|account|figure|version|count)"
    r"|decrit|decrivent|decrivait|decrivaient|a decrit|ont decrit|stands by|stood by"
    r"|(?:porte|portent|a porte|ont porte|portait) (?:le|son|leur) bilan"
    r"|s'en tient|s'en tiennent|s'en tenait|s'en est tenu|sticks to|stuck to|stands by"
    r"|(?:raised|raises|brought|brings|put|puts|cut|cuts|lowered|lowers|revised|revises"
    r"|updated|updates) (?:its|their|the|a|an) (?:[a-z]+ )?(?:death )?toll"
    r"|denounced|denounces|wrote|writes|a ecrit|ecrit|ecrivent"
    r"|(?:donne|donnent|a donne|ont donne|donnait|donnaient) (?:un|le|leur|son|ce|les) (?:\w+ )?"
    r"(?:bilan|chiffre)"
)
# French reporting verbs in every form a wire story uses: present ("précisent"), imperfect
# ("parlait"), compound past ("ont ajouté"), participle; built from the infinitive's stem.
FRENCH_FORMS = (
    r"(?:indiqu|declar|affirm|precis|annonc|confirm|expliqu|ajout|denonc|accus|evoqu|revendiqu"
    r"|signal|recens|rapport|racont|temoign|confi|deplor|parl|avanc|insist|assur|chiffr|estim"
    r"|compt|publi)(?:e|ent|ait|aient|ant|es)"
    r"|(?:a|ont|avait|avaient) (?:\w+ )?(?:indique|declare|affirme|precise|annonce|confirme"
    r"|explique|ajoute|denonce|accuse|evoque|revendique|signale|recense|rapporte|raconte"
    r"|temoigne|confie|deplore|parle|avance|insiste|assure|chiffre|estime|compte|publie|dit"
    r"|reconnu|pretendu|soutenu|maintenu|fait etat|dresse)"
    r"|dit|disent|disait|disaient|pretend|pretendent|pretendait|reconnait|reconnaissent"
    r"|soutiennent|maintiennent"
    r"|(?:font|fait|faisait|faisaient)(?: plutot| aussi| quant a eux)? etat"
)
SPOKESMAN = re.compile(
    r"\b(?:an? |the |un |une |le |la )?(?:spokesman|spokesperson|spokeswoman|official|member"
    r"|leader|commander|representative|porte-parole|responsable|membre|chef|cadre)"
    r" (?:for|of|from|with|de|du|des|d')"
)
TOLD_MEDIUM = re.compile(r"\s+(?:a|to|aupres de)\s+(?:l'|la |le |the )?(?:[\w'-]+\s+){1,3}")

SPEECH = re.compile(rf"\b(?:{SPEECH_VERBS}|{FRENCH_FORMS})\b")
# "raconte l'un d'eux", "one of them said": one of the group the story named last
ONE_OF_THEM = re.compile(
    r"\b(?:l'un d'(?:entre )?eux|l'une d'(?:entre )?elles|one of them|one of those)\b"
)
ANAPHOR = re.compile(
    r"\b(?:(?:the|this|that|its|their) (?:group|movement|organi[sz]ation|collective|coalition"
    r"|alliance|rebels|statement|spokesman|spokesperson|official|officials|ministry|source"
    r"|sources|ngo|rights group|body|same source|report)|the group's|it|he|she|they"
    r"|(?:le|ce) (?:groupe|mouvement|collectif|communique|porte-parole|responsable|rapport)"
    r"|(?:la|cette) (?:coalition|source|meme source|organisation)|l'organisation|il|elle|ils"
    r"|elles|the source|one of the sources|l'une d'elles|le texte|le collectif"
    r"|(?:les|the) (?:memes|same) sources|(?:ces|these|those) sources|eux"
    r"|(?:the|this|that) (?:[\w.-]+-based )?(?:ngo|mission|diocese|embassy|association"
    r"|rights group|group|organi[sz]ation|presidency)|(?:l'|cette )(?:ong|association|ambassade)"
    r"|(?:le|ce) (?:ministere|diocese)|l'eveche|la (?:mission|representation diplomatique)"
    r"|(?:son|sa|ses|leur|leurs|its|their) (?:nouveau |new |latest |dernier |own )?"
    r"(?:decompte|bilan|communique|statement|count|tally|toll|texte|report|rapport))\b"
)


# "L'armée, elle, fait état de…", "the army, for its part, said": the subject is restated
RESUMPTIVE = re.compile(
    r",\s*(?:elle|lui|eux|elles|it|they|for (?:its|their|his|her) part|pour (?:sa|leur) part"
    r"|quant a (?:elle|lui|eux|elles)|de son cote|de leur cote|in turn|a son tour)\s*,"
)
WEEKDAYS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi"
    r"|vendredi|samedi|dimanche|hier|yesterday|today|aujourd'hui|later|plus tard|ensuite"
)
# "a annoncé mercredi l'armée", "a indiqué jeudi soir le maire": a time between verb and subject
TIME_GAP = re.compile(
    rf"\s+(?:(?:on |ce |le )?(?:{WEEKDAYS})(?: (?:matin|soir|apres-midi|morning|evening"
    r"|afternoon|night))?\s+)?(?:le |la |les |l'|the |an? |une? )?"
)
# "Reuters had reported that…": a medium is a source only as the subject of its own report
MEDIUM_SUBJECT_GAP = re.compile(
    r"\s+(?:(?:had|has|have|a|avait|avaient|ont)\s+)?(?:(?:also|earlier|aussi|deja)\s+)?"
)

# "X claimed the attack that killed 10 soldiers": the claim is of the attack, not of its toll,
# which the relative clause gives in the outlet's voice ("…, saying it killed 10" is X's)
CLAIMED_EVENT = re.compile(
    r"\b(?:claimed|claims|claiming|claim|revendique|revendiquent|revendiquant)"
    r"(?: (?:responsibility|la responsabilite) (?:for|of|de|du|d'))?"
    r" ?(?:the|an|a|this|that|its|l'|la|le|cette|cet|ce|une?)? ?(?:[a-z'-]+ ){0,3}?"
    r"(?:attacks?|ambush(?:es)?|assaults?|bombings?|raids?|strikes?|attentats?|attaques?"
    r"|embuscades?|assauts?|frappes?)\s*,?\s*(?:that|which|qui|ayant)\b"
)

# A medium as the author of a report is its subject: "un reportage de l'AFP, réalisé…, fait
# état", "a report by Reuters said", "an AFP tally showed", "le correspondant de RFI affirme"
_REPORT_NOUNS = (
    r"reports?|reporting|dispatch(?:es)?|articles?|stor(?:y|ies)|tall(?:y|ies)|counts?"
    r"|investigations?|surveys?|reporters?|correspondents?|journalists?|reportages?|depeches?"
    r"|enquetes?|decomptes?|comptages?|recensements?|correspondants?|journalistes?"
    r"|envoyes? speciale?s?"
)
REPORT_BY = re.compile(
    rf"\b(?:{_REPORT_NOUNS})\s+(?:by|from|of|at|de|du|des|d')\s*(?:l'|la |le |the )?$"
)
REPORT_AFTER = re.compile(rf"(?:'s)?\s+(?:{_REPORT_NOUNS})\b")

# "joint par l'AFP a fait état", "told Reuters on Monday": the medium only carries the report
AFTER_PREPOSITION = re.compile(
    r"\b(?:par|by|to|a|de|du|des|aupres|with|avec|from|on|sur|in|dans)\s+(?:l'|la |le |the )?$"
)


ANONYMOUS = re.compile(
    r"\b(?:on condition of anonymity|who asked not to be (?:named|identified)|requested anonymity"
    r"|sous (?:couvert|le couvert) (?:de l'|d')anonymat|qui a requis l'anonymat)\b"
)
# The capital as the government's voice, only as the subject of a reporting verb.
CAPITAL_SPEAKS = re.compile(
    rf"\bbamako\s+(?:(?:a|has|have|had|avait)\s+)?(?:{SPEECH_VERBS}|{FRENCH_FORMS}"
    r"|qualifie|called|calls|described)\b"
)
OFFICER = re.compile(r"\b(?:officer|officier)\b")
# "a déclaré lundi à l'AFP le ministre", "said on Monday to Reuters the …": a time and the
# medium told, in any order, between a verb and its postposed subject
VERB_SUBJECT_GAP = re.compile(
    rf"(?:\s+(?:(?:on |ce |le )?(?:{WEEKDAYS})(?: (?:matin|soir|apres-midi|morning|evening"
    r"|afternoon|night))?|(?:a|to|aupres de)\s+(?:l'|la |le |the )?[\w'-]+"
    r"|a la presse|to reporters|to the press))+\s+(?:le |la |les |l'|the |an? |une? )?"
)

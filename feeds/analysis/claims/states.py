"""States as claimants: an institution and the country it belongs to (codebook §4).

Reporters name a state's voice in many ways: "France's defence minister", "the French
military", "le ministère français de la Défense", "l'armée nigérienne", "the Indian embassy",
"le ministre malien de la Sécurité". Listing every title of every country in the alias table
would never end, so this module reads the two parts — the institution and the nationality —
and names the actor from them:

- Mali's institutions are all the ``Malian army`` (the army, the government, its ministers and
  president speak with one voice);
- France is one claimant, ``French army`` (its general staff, ministers and president);
- another state's military is ``<Nationality> army``, its embassy ``<Nationality> embassy``,
  its foreign ministry ``<Nationality> Foreign Ministry``, any other organ ``<Nationality>
  government``.

A nationality placed anywhere in the phrase wins over the bare institution, which the alias
table alone would give to the Malian army ("l'armée française" is not "l'armée").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# adjective or possessive (folded) → the country's adjective in canonical names
_NATIONALITIES = {
    "malian": "Malian",
    "mali's": "Malian",
    "malien": "Malian",
    "malienne": "Malian",
    "maliens": "Malian",
    "maliennes": "Malian",
    "french": "French",
    "france's": "French",
    "francais": "French",
    "francaise": "French",
    "francaises": "French",
    "nigerien": "Nigerien",
    "niger's": "Nigerien",
    "nigerienne": "Nigerien",
    "nigeriens": "Nigerien",
    "ivorian": "Ivorian",
    "ivoirien": "Ivorian",
    "ivoirienne": "Ivorian",
    "burkinabe": "Burkinabe",
    "burkinabes": "Burkinabe",
    "chadian": "Chadian",
    "tchadien": "Chadian",
    "tchadienne": "Chadian",
    "senegalese": "Senegalese",
    "senegalais": "Senegalese",
    "senegalaise": "Senegalese",
    "mauritanian": "Mauritanian",
    "mauritanien": "Mauritanian",
    "mauritanienne": "Mauritanian",
    "algerian": "Algerian",
    "algerien": "Algerian",
    "algerienne": "Algerian",
    "italian": "Italian",
    "italien": "Italian",
    "italienne": "Italian",
    "german": "German",
    "allemand": "German",
    "allemande": "German",
    "indian": "Indian",
    "indien": "Indian",
    "indienne": "Indian",
    "south african": "South African",
    "sud-africain": "South African",
    "sud-africaine": "South African",
    "russian": "Russian",
    "russia's": "Russian",
    "chad's": "Chadian",
    "india's": "Indian",
    "italy's": "Italian",
    "algeria's": "Algerian",
    "burkina faso's": "Burkinabe",
    "senegal's": "Senegalese",
    "russe": "Russian",
    "american": "US",
    "u.s.": "US",
    "us": "US",
    "americain": "US",
    "americaine": "US",
    "canadian": "Canadian",
    "canadien": "Canadian",
    "canadienne": "Canadian",
    "swiss": "Swiss",
    "suisse": "Swiss",
    "belgian": "Belgian",
    "belge": "Belgian",
    "dutch": "Dutch",
    "neerlandais": "Dutch",
    "togolese": "Togolese",
    "togolais": "Togolese",
    "guinean": "Guinean",
    "guineen": "Guinean",
    "guineenne": "Guinean",
}
_EN_HEADS = (
    r"(?:[a-z]+ )?(?:army|military|armed forces|forces|troops|general staff|command|embassy"
    r"|government|authorities|president|presidency|prime minister|minister|ministry|police"
    r"|gendarmerie|spokesman|junta)"
)
_FR_HEADS = (
    r"armee|forces armees|forces|troupes|militaires|soldats|etat-major(?: general)?"
    r"|ministere|ministre|gouvernement|autorites|president|presidence|premier ministre"
    r"|ambassade|police|gendarmerie|diplomatie|junte"
)
_COMPLEMENT = r"(?: (?:de la|de l'|des|du|de|d')\s?[\w-]+(?: etrangeres| interieure)?)?"
_NATIONALITY = "|".join(sorted((re.escape(n) for n in _NATIONALITIES), key=len, reverse=True))
# "the French army", "France's defence minister", "the Indian embassy"
_ENGLISH = re.compile(
    rf"(?<![\w'-])(?:the )?(?P<nat>{_NATIONALITY}) (?P<inst>{_EN_HEADS})(?![\w'])"
    r"(?! (?:sources?|officers?)\b)"  # "a Malian military source" is a security source
)
# "l'armée française", "le ministre français de la Défense", "les forces armées maliennes"
_FRENCH = re.compile(
    rf"(?<![\w'-])(?:l'|le |la |les )?(?P<inst>{_FR_HEADS}) (?P<nat>{_NATIONALITY})"
    rf"(?P<rest>{_COMPLEMENT})(?![\w'])"
)
_MILITARY = re.compile(
    r"\b(?:arm(?:y|ee|ees)|military|militaires|forces|troops|troupes|soldats|defen[cs]e"
    r"|etat-major|general staff|command)\b"
)
_FOREIGN = re.compile(r"\b(?:foreign|affaires etrangeres|diplomatie)\b")


# A minister named by portfolio alone ("Security Minister Gen X", "le ministre de la
# Sécurité", "the minister") is the Malian government's in a story about Mali.
_BARE_MINISTER = re.compile(
    r"(?<![\w'-])(?:(?:the )?(?:[a-z]+ )?minister(?: of [a-z]+(?: affairs)?)?|(?:le )?(?:premier )?"
    r"ministre(?: de la| de l'| des| du| de)? ?(?:securite|defense|administration|justice"
    r"|communication|sante|interieur|reconciliation)?(?: interieure| territoriale)?)(?![\w'])"
)


@dataclass(frozen=True, slots=True)
class StateMention:
    start: int
    end: int
    canonical: str


def state_mentions(folded: str) -> list[StateMention]:
    """Institutions of a named state in ``folded`` text, as canonical claimants."""
    found: list[StateMention] = []
    for pattern in (_ENGLISH, _FRENCH):
        for match in pattern.finditer(folded):
            words = match.group("inst") + (match.groupdict().get("rest") or "")
            found.append(
                StateMention(match.start(), match.end(), _canonical(match.group("nat"), words))
            )
    found += [
        StateMention(m.start(), m.end(), "Malian army")
        for m in _BARE_MINISTER.finditer(folded)
        if not any(f.start <= m.start() < f.end or m.start() <= f.start < m.end() for f in found)
    ]
    return found


def _organ(words: str) -> str:
    if "embass" in words or "ambassade" in words:
        return "embassy"
    if _FOREIGN.search(words):
        return "Foreign Ministry"
    if _MILITARY.search(words):
        return "army"
    return "government"


def _canonical(nationality: str, words: str) -> str:
    country = _NATIONALITIES[nationality]
    organ = _organ(words)
    if country == "Malian":
        return "Malian army"
    if country == "French":
        return "French army"
    return f"{country} {organ}"

"""The folded text the place finder scans, and the rules that keep false hits out.

A capitalised word that spells a known name is not always a place (docs/gazetteer.md):

- the place word must be capitalised in the original text ("dire" is a verb, "Diré" a town);
- short names that are also words or people's names (:data:`AMBIGUOUS`) must stand alone:
  not all capitals, not glued to another capitalised word ("Soni Ali Ber", "San Francisco");
- some names carry their own traps (:data:`TRAPS`): "Katiba Macina" is an armed group, the
  river and the Office du Niger are not the country Niger;
- a misspelt name is guessed only for a word that is no demonym, day or first name
  (:data:`FUZZY_STOP`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unidecode import unidecode

from feeds.analysis.places.phrases import PHRASE_WORDS

TOKEN = re.compile(r"[a-z0-9]+")
NON_ASCII = re.compile(r"[^\x00-\x7f]")
JOINER = re.compile(r"[\s'\-]*")  # what may separate the tokens of one name

# Short names that are also common words, first names or surnames: they must stand alone.
AMBIGUOUS = frozenset(
    {"ber", "bla", "san", "kati", "boni", "bamba", "dire", "macina", "nara", "kita", "koro"}
    | {"fana", "sio", "yoro", "fafa", "alata", "abala", "dori", "kaya", "pama", "sangha"}
    | {"adrar", "fada", "bobo", "ouaga", "dosso", "tessit", "sebba"}
)
# Names that also begin a sentence as ordinary words ("Dire", "Bla bla"): never at its start.
COMMON_WORDS = frozenset({"dire", "bla", "sio", "fada", "bobo"})
# Words allowed to precede an ambiguous name with a capital ("In San", "À Kati").
LEAD_WORDS = frozenset(
    {"in", "at", "near", "from", "to", "of", "around", "outside", "a", "de", "d", "dans", "pres"}
    | {"vers", "sur", "the", "le", "la", "les", "en", "au", "between", "and", "et", "entre"}
)
# Per-name traps: (pattern on the folded text before, pattern on the folded text after).
TRAPS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "macina": (
        re.compile(r"(?:katiba|liberation|front|flm)\W+(?:\w+\W+){0,2}$"),
        re.compile(r"^\W*(?:liberation|front)\b"),
    ),
    "niger": (
        # English "the Niger" is the river; the country takes no article ("Niger's army").
        re.compile(
            r"(?:\bthe|fleuve|office du|boucle du|delta(?: interieur| central)? du|river)\s+$"
        ),
        re.compile(r"^\W*(?:river|delta|inland|inner|basin|bend|bridge)\b"),
    ),
}
# Capitalised words that resemble a place but are not one (demonyms, days, first names).
FUZZY_STOP = frozenset(
    {"malian", "maliens", "malienne", "algerian", "nigerien", "nigerian", "mauritanian"}
    | {"burkinabe", "senegalese", "guinean", "ivorian", "tuesday", "thursday", "saturday"}
    | {"fatouma", "fatoumata", "aminata", "mariam", "amadou", "mamadou", "moussa", "ousmane"}
    | {"boubacar", "abdoulaye", "seydou", "modibo", "assimi", "ibrahim", "oumar", "hamadoun"}
)


@dataclass(frozen=True, slots=True)
class Scan:
    """One text being searched: the original, its folded form and the folded word tokens."""

    text: str
    folded: str
    origin: tuple[int, ...]  # folded index → original index (one extra at the end)
    tokens: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, text: str) -> Scan:
        pieces: list[str] = []
        origin: list[int] = []
        done = 0
        for match in NON_ASCII.finditer(text):  # only these need unidecode, and may grow
            pieces.append(text[done : match.start()])
            origin.extend(range(done, match.start()))
            folded = unidecode(match.group())
            pieces.append(folded)
            origin.extend([match.start()] * len(folded))
            done = match.end()
        pieces.append(text[done:])
        origin.extend(range(done, len(text) + 1))
        folded_text = "".join(pieces).lower()
        tokens = tuple((m.start(), m.end()) for m in TOKEN.finditer(folded_text))
        return cls(text, folded_text, tuple(origin), tokens)

    def word(self, i: int) -> str:
        return self.folded[self.tokens[i][0] : self.tokens[i][1]]

    def gap_before(self, i: int) -> str:
        """Folded text between token ``i - 1`` and token ``i``."""
        return self.folded[self.tokens[i - 1][1] : self.tokens[i][0]]

    def is_capitalised(self, i: int) -> bool:
        return self.text[self.origin[self.tokens[i][0]]].isupper()

    def original(self, start: int, end: int) -> tuple[int, int, str]:
        """The original span and text of the folded span [start, end)."""
        a, b = self.origin[start], self.origin[end - 1] + 1
        return a, b, self.text[a:b]


def is_acceptable(scan: Scan, i: int, j: int) -> bool:
    """Whether tokens i..j, which spell a known key, really name a place here."""
    words = [scan.word(n) for n in range(i, j + 1)]
    head = next((n for n, w in enumerate(words) if w not in PHRASE_WORDS), None)
    if head is None or not scan.is_capitalised(i + head):
        return False
    if head > 0 or (len(words) > 1 and words[-1] in PHRASE_WORDS):
        return True  # an area phrase ("région de Ségou", "San Cercle") stands on its own
    name = "".join(words)
    start, end = scan.tokens[i][0], scan.tokens[j][1]
    trap = TRAPS.get(name)
    if trap and (
        trap[0].search(scan.folded[max(0, start - 60) : start])
        or trap[1].search(scan.folded[end : end + 30])
    ):
        return False
    return name not in AMBIGUOUS or stands_alone(scan, i, j, name)


def stands_alone(scan: Scan, i: int, j: int, name: str) -> bool:
    """An ambiguous short name counts only where nothing suggests a person or a word."""
    surface = scan.original(scan.tokens[i][0], scan.tokens[j][1])[2]
    if surface.isupper() and len(surface) > 1:
        return False  # "KATI" in a shouted headline could be anything
    if i == 0 or re.search(r"[.!?:;\n\"«»()]", scan.gap_before(i)):
        if name in COMMON_WORDS:
            return False  # "Dire que..." at the start of a sentence
    elif scan.is_capitalised(i - 1) and scan.word(i - 1) not in LEAD_WORDS:
        return False  # "Yayi Boni", "Soni Ali Ber"
    return not (
        j + 1 < len(scan.tokens)
        and scan.gap_before(j + 1).strip(" ") == ""
        and scan.is_capitalised(j + 1)
    )  # "San Francisco", "Kati Smith"

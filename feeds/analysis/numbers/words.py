"""Number words written as digits, before counts are read (codebook §2: "N is the number's value:
digits, English or French words").

``to_digits`` rewrites number words as digits ("dix-huit" → 18, "a dozen" → 12) while keeping
the approximate and plural count nouns ("une vingtaine", "dozens", "hundreds") as words, since
they have their own interval rules. A single victim named by a noun phrase ("un jeune vendeur
de carburant a été tué", "a local teacher was shot dead") becomes "1 …" so it is read as a count.
"""

from __future__ import annotations

import re

from text_to_num import alpha2digit

APPROXIMATE_NOUNS = {
    "dizaine": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
}
PLURAL_UNITS = {
    "dozens": 12,
    "scores": 20,
    "tens": 10,
    "hundreds": 100,
    "thousands": 1000,
    "dizaines": 10,
    "douzaines": 12,
    "vingtaines": 20,
    "centaines": 100,
    "milliers": 1000,
}
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "half a": 0.5}


def _protect_units(text: str) -> list[tuple[str, bool]]:
    """Pieces of text; plural/approximate nouns are kept out of the number conversion."""
    words = "|".join(
        [*PLURAL_UNITS, *APPROXIMATE_NOUNS, "dozen", "hundred", "thousand", "million", "billion"]
    )
    pieces: list[tuple[str, bool]] = []
    last = 0
    for match in re.finditer(rf"\b(?:{words})s?\b", text, flags=re.IGNORECASE):
        pieces.append((text[last : match.start()], True))
        pieces.append((match.group(0), False))
        last = match.end()
    pieces.append((text[last:], True))
    return pieces


def _replace_dozens(text: str) -> str:
    def value(match: re.Match[str]) -> str:
        factor = match.group(1).lower()
        amount = _SMALL.get(factor) or int(factor)
        return str(int(amount * 12))

    small = "|".join(_SMALL)
    return re.sub(
        rf"\b({small}|\d+) dozen\b(?! of (?!them|whom|those)\b)", value, text, flags=re.IGNORECASE
    )


# "un jeune vendeur de carburant a été tué", "a local teacher was shot dead": one victim named
# by a noun phrase of up to four words, as the subject of a singular casualty verb
_SINGLE_VICTIM = re.compile(
    r"(?<![\w'-])(?:[Uu]ne?|[Aa]n?)(?= (?:\d{1,2}-year-old |[^\W\d][\w'-]* ){0,3}[^\W\d][\w'-]*"
    r" (?:a (?:ete|été) |est |was |has been |had been |is )(?:(?:also|aussi|egalement"
    r"|également|later|ensuite) )?(?:tuée?|blessée?|enlevée?|kidnappée?|exécutée?|abattue?"
    r"|killed|shot dead|wounded|injured|abducted|kidnapped|executed)\b)"
)


def to_digits(text: str, language: str = "en") -> str:
    """Write numbers as digits; keeps "dozens", "une vingtaine" and friends as words."""
    lang = "fr" if language == "fr" else "en"
    converted = "".join(
        alpha2digit(piece, lang) if convertible and piece.strip() else piece
        for piece, convertible in _protect_units(text)
    )
    converted = _replace_dozens(converted)
    converted = re.sub(r"\b(?:a|one) hundred\b", "100", converted, flags=re.IGNORECASE)
    converted = re.sub(r"\b(?:a|one) thousand\b", "1000", converted, flags=re.IGNORECASE)
    converted = re.sub(r"\b(?:two|deux)\b", "2", converted, flags=re.IGNORECASE)
    converted = _SINGLE_VICTIM.sub("1", converted)
    return re.sub(
        r"\b(?:one|un|une|a|an)(?= (?:civilian|soldier|person|man|woman|child|boy|girl"
        r"|gendarme|policeman|militant|jihadist|civil|soldat|personne|femme|homme"
        r"|enfant|militaire|terroriste|assaillant|villager|villageois|herder|trader|driver"
        r"|passenger|policier|gendarme|berger|commercant|commerçant|chauffeur|imam|chief"
        r"|chef de village|teacher|enseignant|shepherd)\b)",
        "1",
        converted,
        flags=re.IGNORECASE,
    )

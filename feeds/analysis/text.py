"""Sentence splitting and small text helpers for English and French news copy.

The claim rules work on one sentence at a time, so the splitter must not cut at the full stop
of an abbreviation ("M.", "Dr.", "U.N.", "km."), inside a number ("1.5", "1.200") or before a
closing quote. Line breaks always end a sentence: the headline is the first line of
``Story.full_text`` and must stay a sentence of its own.

``normalize`` and ``fold`` keep the length of the text unchanged, so that an offset found in
the folded text points at the same characters in the normalized one.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from feeds.model.folding import fold, normalize

# Lower-cased abbreviations (without their final dot) after which a dot does not end a sentence.
ABBREVIATIONS = frozenset(
    {
        "m",
        "mm",
        "mme",
        "mmes",
        "mlle",
        "mr",
        "mrs",
        "ms",
        "dr",
        "pr",
        "prof",
        "st",
        "ste",
        "gen",
        "gén",
        "col",
        "lt",
        "cpt",
        "capt",
        "maj",
        "sgt",
        "cmdt",
        "cdt",
        "sen",
        "rep",
        "gov",
        "jr",
        "sr",
        "no",
        "n°",
        "nos",
        "vol",
        "art",
        "km",
        "kms",
        "env",
        "cf",
        "etc",
        "vs",
        "ex",
        "approx",
        "jan",
        "feb",
        "fév",
        "mar",
        "apr",
        "avr",
        "jun",
        "jul",
        "juil",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "déc",
    }
)

# Same-length replacements: typographic quotes and spaces become their ASCII forms.

_BOUNDARY = re.compile(r"[.!?…]+[\"')\]]*(?=\s+)")
_OPENER = re.compile(r"\s+([\"'(\[]*\s?)(\S)")


def _word_before(text: str, dot: int) -> str:
    start = dot
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in ".°-"):
        start -= 1
    return text[start:dot]


def _is_abbreviation(text: str, dot: int) -> bool:
    word = _word_before(text, dot)
    if not word:
        return False
    if word.lower().strip(".") in ABBREVIATIONS:
        return True
    # Initialisms and initials: "U.N.", "U.S.", "J." in "J. Smith".
    return bool(re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", word)) and word[-1].isupper()


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """A boundary is real when the next word opens a sentence and the dot is not a short form."""
    following = _OPENER.match(text, match.end())
    if following is None:
        return False
    first = following.group(2)
    if not (first.isupper() or first.isdigit() or following.group(1)):
        return False
    return not (match.group(0).startswith(".") and _is_abbreviation(text, match.start()))


def _split_line(line: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    plain = normalize(line)  # same length: offsets found here cut the original line
    for match in _BOUNDARY.finditer(plain):
        if _ends_sentence(plain, match):
            sentences.append(line[start : match.end()].strip())
            start = match.end()
    sentences.append(line[start:].strip())
    return [sentence for sentence in sentences if sentence]


# No news sentence is this long; a "sentence" that is (a table, a list, a hostile item) is cut
# into pieces at clause punctuation, so that the claim readers, which look around each number
# within its sentence, stay linear in the text.
MAX_SENTENCE_CHARS = 600


def split_sentences(text: str) -> list[str]:
    """Split English or French text into sentences; every line break ends a sentence."""
    sentences: list[str] = []
    for line in text.splitlines():
        for sentence in _split_line(line.strip()):
            sentences.extend(_cut_long(sentence))
    return sentences


def _cut_long(sentence: str, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    """Pieces of at most ``limit`` characters, cut after ; , : or a space where possible."""
    pieces: list[str] = []
    while len(sentence) > limit:
        window = sentence[:limit]
        cut = max(window.rfind(mark) for mark in (";", ",", ":"))
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit - 1
        pieces.append(sentence[: cut + 1].strip())
        sentence = sentence[cut + 1 :].strip()
    if sentence:
        pieces.append(sentence)
    return pieces


# "…, le Jnim de plusieurs dizaines", "…, and residents of nearly 20": a subject whose reporting
# verb is left out (an article is needed unless "and"/"et" joins it)
_ARTICLE = r"(?:the |l'|le |la |les |des |some |une? |an? )"
_GAPPED_REST = (
    r"[\w'-]+(?: [\w'-]+){0,3} (?:de|d'|of|at) ?\"? ?(?:\d|plusieurs|quelques|une? |pres|environ"
    r"|au moins|plus|more|at least|about|some|nearly|dozens|several)"
)
_CLAUSE_BREAK = re.compile(
    r";|,?\s+(?:while|whereas|but|alors qu(?:e\b|')|tandis qu(?:e\b|')|mais"
    r"|cependant(?!\s*,)|however(?!\s*,)"
    r"|and that"
    r"|et que|et qu')\s*"
    r"|,\s+(?=(?:saying|stating|adding|claiming|insisting|affirmant|ajoutant|precisant"
    r"|indiquant|declarant|expliquant)\b)"
    r"|,\s+(?=\d+ (?:selon|according to|d'apres)\b)"
    r"|:\s*(?=(?:selon|according to|d'apres)\b)"
    rf"|(?P<gapped>,?\s+(?:and|et)\s+(?=(?:{_ARTICLE})?{_GAPPED_REST})|,\s+(?={_ARTICLE}{_GAPPED_REST}))"
    r"|(?P<joined>,?\s+(?:and|et)\s+)(?=(?:the |l'|le |la |les |des |un |une )?[\w'-]+"
    r"(?: [\w'-]+){0,2} "
    r"(?:said|says|told|stated|claimed|reported|put|a indique|a affirme|a declare|affirme"
    r"|affirment|indique|parle|parlent|evoque|a annonce|annonce)\b)",
)


# "L'armée parle de six morts, le Jnim de plusieurs dizaines": a second subject whose verb is
# the first one's, left out
SPEAKS_OF = re.compile(
    r"\b(?:(?:parle|parlent|parlait|evoque|evoquent|fait etat|font etat|faisait etat|spoke|speaks"
    r"|speak|talked|talks|reported|reports) (?:de|d'|du|des|of)|put (?:the|its|their) (?:death )?"
    r"toll at|put it at|counted|compte|comptent|ont compte|recense|recensent)\b"
)


def split_clauses(sentence: str) -> list[tuple[int, int]]:
    """Spans of the clauses of a sentence: cut at ";", "while", "but", ", saying"...

    Each clause may carry its own claimant ("X said 18 died, while Y put the toll at 11").
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(fold(sentence)):
        subject = sentence[start : match.start()].rsplit(",", 1)[-1]  # "…, a mayor and X said"
        if match.group("joined") and not re.search(r"\d", subject):
            continue  # "local officials and residents said": joint subjects, not two clauses
        if match.group("gapped") and not SPEAKS_OF.search(fold(sentence), 0, match.start()):
            continue  # "X parle de 6 morts, Y de 20": only after a verb that the comma gaps
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(sentence)))
    return [(a, b) for a, b in spans if sentence[a:b].strip()]


_FRENCH_WORDS = re.compile(r"\b(?:le|la|les|des|du|et|selon|ont|été|dans|une|est|sont|qui)\b")
_ENGLISH_WORDS = re.compile(r"\b(?:the|and|of|said|were|was|in|by|which|have|has|after)\b")


def guess_language(text: str, declared: str = "en") -> str:
    """ "fr" or "en" from the words used; a feed's declared language can be wrong."""
    french = len(_FRENCH_WORDS.findall(text.lower()))
    english = len(_ENGLISH_WORDS.findall(text.lower()))
    if french == english:
        return declared if declared in ("en", "fr") else "en"
    return "fr" if french > english else "en"


def original_span(converted: str, original: str, start: int, end: int) -> tuple[int, int]:
    """The span of ``original`` that became ``converted[start:end]`` (number words → digits).

    The two texts differ only where words were rewritten, so their longest common blocks
    line them up; a rewritten piece maps to the whole piece it came from.
    """
    if converted == original:
        return start, end
    opcodes = SequenceMatcher(None, converted, original, autojunk=False).get_opcodes()

    def locate(position: int, *, is_end: bool) -> int:
        for tag, a_start, a_end, b_start, b_end in opcodes:
            inside = a_start < position <= a_end if is_end else a_start <= position < a_end
            if inside:
                return (
                    b_start + (position - a_start)
                    if tag == "equal"
                    else (b_end if is_end else b_start)
                )
        return len(original) if is_end else 0

    return locate(start, is_end=False), locate(end, is_end=True)

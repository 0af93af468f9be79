"""PURE: the reader's language — message catalogues (gettext ``.po``, read with Babel), numbers
in words, dates, and names of places in the reader's spelling.

Every sentence the bot shows lives in ``bot/render/locale/<lang>/LC_MESSAGES/maliwatch.po``
under a symbolic message id (``card.claims``); code never carries the sentence itself. The
``.po`` files are read at run time with Babel's ``read_po`` (no compile step at install), once
per process. A message missing from a catalogue falls back to English, then to its id (a test
checks that both catalogues hold every id the code uses).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.pofile import read_po

from feeds.model.folding import fold_words

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"  # most readers in Mali read French
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "maliwatch"


def normalize_language(code: str | None) -> str | None:
    """``fr``, ``fr-FR``, ``FR`` → ``fr``; ``en-GB`` → ``en``; anything else → None."""
    if not code:
        return None
    base = code.strip().lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGES else None


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True, slots=True)
class _Entries:
    single: dict[str, str]
    plural: dict[str, tuple[str, ...]]


@cache
def _entries(lang: str) -> _Entries:
    with catalogue_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    single: dict[str, str] = {}
    plural: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple | list):
            strings = message.string if isinstance(message.string, tuple | list) else ()
            forms = tuple(str(form) for form in strings if form)  # one, other (CLDR's "many"
            if len(forms) >= 2:  # in French counts millions: it reads as "other" here)
                plural[message.id[0]] = forms[:2]
        elif message.string:
            single[str(message.id)] = str(message.string)
    return _Entries(single, plural)


def catalogue_ids(lang: str) -> set[str]:
    """Every message id a catalogue translates (singular ids and plural ids)."""
    entries = _entries(lang)
    return set(entries.single) | set(entries.plural)


class Translator:
    """``t("card.claims", count=3)`` and ``t.plural("card.sources", 3, count=3)``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else "en"
        self._locale = Locale.parse(self.lang)

    def __call__(self, key: str, **values: Any) -> str:
        text = _entries(self.lang).single.get(key) or _entries("en").single.get(key) or key
        return text.format(**values) if values else text

    def plural(self, key: str, n: int, **values: Any) -> str:
        forms = _entries(self.lang).plural.get(key) or _entries("en").plural.get(key)
        if not forms:
            return self(key, n=n, **values)
        index = 0 if self._locale.plural_form(n) == "one" else 1
        return forms[min(index, len(forms) - 1)].format(n=n, **values)

    # ── numbers, dates ──

    def date(self, day: date, pattern: str = "dd MMM y") -> str:
        return format_date(day, pattern, locale=self._locale)

    def moment(self, when: datetime) -> str:
        """A UTC moment as the reader reads it: ``24 Nov 07:00 UTC`` / ``24 nov. 07:00 UTC``."""
        return format_datetime(when, "dd MMM HH:mm", tzinfo=None, locale=self._locale) + " UTC"


@cache
def translator(lang: str | None) -> Translator:
    return Translator(normalize_language(lang) or "en")


# ── names in the reader's spelling, and accent-free matching ────────────────────────────────


_OFFSET = re.compile(r"^(?P<distance>\d+(?:\.\d+)?) km (?P<bearing>[NSEW]{1,3}) of (?P<base>.+)$")
_NEAR = re.compile(r"^(?P<distance>\d+(?:\.\d+)?) km from (?P<base>.+)$")


def place_name(name: str, lang: str) -> str:
    """A place name in the reader's spelling: ``Timbuktu`` → ``Tombouctou`` in French;
    ``50 km N of Lerneb`` → ``50 km au N de Lerneb``. Unknown names are kept as written."""
    t = translator(lang)
    offset = _OFFSET.match(name)
    if offset:
        bearing = t(f"bearing.{offset['bearing']}")
        return t(
            "place.offset",
            distance=offset["distance"],
            bearing=bearing,
            place=place_name(offset["base"], lang),
        )
    near = _NEAR.match(name)
    if near:
        return t("place.near", distance=near["distance"], place=place_name(near["base"], lang))
    key = f"name.{fold_words(name)}"
    spelled = t(key)
    return name if spelled == key else spelled

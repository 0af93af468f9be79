"""One statement, many wordings: when two figures are the same figure rounded differently.

Outlets reword a claimant's statement: "at least 18" in English is "au moins 18", "18" or
"dix-huit" elsewhere; "plusieurs dizaines" is "dozens"; "une vingtaine" is "about 20". Those
are one statement, not an update of the claimant's toll and not a dispute between two
claimants. Two figures are one statement when their underlying number agrees: the same N
("at least 18" and "18", "plus de 60" and "60"), or one N inside the rounding of the other's
approximate word ("about 20" covers 21, "une vingtaine" covers "about 20"). Denials, no-number
rows ("several", "quelques") and plural count nouns ("dozens", "des dizaines") are each one
statement with their own kind.

Part of the vocabulary (like :mod:`feeds.model.tally`): arithmetic over stored counts that the
tally, the contradiction finder, the update finder and the card all need, reading no text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from feeds.model import CasualtyCount, Qualifier

T = TypeVar("T")

NO_NUMBER = frozenset({Qualifier.SEVERAL, Qualifier.SOME})
# the wording names one number N; the interval only says on which side of N the truth lies
POINT_AT_LOW = frozenset({Qualifier.EXACT, Qualifier.AT_LEAST})
POINT_AT_HIGH = frozenset({Qualifier.UP_TO, Qualifier.NEARLY})
# the wording's interval is the rounding of its N: any N inside it is the same figure
ROUNDED = frozenset(
    {Qualifier.ABOUT, Qualifier.APPROXIMATE_NOUN, Qualifier.BETWEEN, Qualifier.OR_EVEN}
)


def nominal(count: CasualtyCount) -> tuple[int, int] | None:
    """The numbers the wording could have been read from, as [first, last]; ``None`` for a
    figure with no number of its own (denial, no-number row, plural count noun)."""
    qualifier, low, high = count.qualifier, count.low, count.high
    if qualifier is Qualifier.DENIAL or qualifier in NO_NUMBER:
        return None
    if qualifier is Qualifier.PLURAL_NOUN:
        return None
    if (
        qualifier in POINT_AT_LOW
        and low is not None
        and (qualifier is Qualifier.AT_LEAST or low == high)
    ):
        return (low, low)
    if qualifier is Qualifier.MORE_THAN and low is not None:
        return (low - 1, low - 1)
    if qualifier in POINT_AT_HIGH and high is not None:
        return (high, high)
    first = low if low is not None else 0
    last = high if high is not None else first
    return (first, last)


def _kind(count: CasualtyCount) -> str:
    if count.is_denial:
        return "denial"
    if count.qualifier in NO_NUMBER:
        return "no number"
    if count.qualifier is Qualifier.PLURAL_NOUN:
        return "plural"
    return "number"


def same_statement(a: CasualtyCount, b: CasualtyCount) -> bool:
    """True when ``a`` and ``b`` can be one statement worded or rounded two ways."""
    kind = _kind(a)
    if kind != _kind(b):
        return False
    if kind != "number":
        return True
    first, second = nominal(a), nominal(b)
    if first is None or second is None:
        return False
    return first[0] <= second[1] and second[0] <= first[1]


def statements(items: Sequence[T], count: Callable[[T], CasualtyCount]) -> list[list[T]]:
    """One claimant's figures (for one category, victims and scope) in the order heard, as
    statements in the order they were first made.

    A figure that rewords the current statement joins it; one that rewords an earlier,
    superseded statement is a late copy of that report and joins it too (the current figure
    does not go back); any other figure opens a new, current statement.
    """
    grouped: list[list[T]] = []
    for item in items:
        here = count(item)
        home = next(
            (
                group
                for group in reversed(grouped)
                if any(same_statement(here, count(seen)) for seen in group)
            ),
            None,
        )
        if home is None:
            grouped.append([item])
        else:
            home.append(item)
    return grouped

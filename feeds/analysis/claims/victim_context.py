"""Victim classes of the counts of one clause (codebook §2–3): own nouns, parts of totals,
the sentence's context, sums of one class, and the claimant's own words for the victims.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from feeds.analysis.claims.counts import LIST_LINK, merge_or_even
from feeds.analysis.claims.triggers import Count
from feeds.analysis.claims.victims import (
    context_victims,
    is_subgroup,
    resolve_people,
)
from feeds.model import CasualtyCount, VictimKind
from feeds.model.folding import fold, normalize

_SUBGROUP_LINK = re.compile(
    r"\s*,?\s*\(?(including|dont|among them|among whom|many of them|most of them|mostly"
    r"|pour la plupart|parmi lesquels|parmi eux|notamment|en majorite)\b"
)


def classify_counts(
    text: str, folded: str, span: tuple[int, int], counts: list[Count]
) -> list[Count]:
    """Victim classes: own nouns, parts of totals, the sentence's context, then sums."""
    for count in counts:
        _victims_of(count)
    parts = [c for c in counts if c.part_of is not None]
    counts = _settle_parts(merge_or_even(folded, counts))
    _promote_in_sentence([*counts, *parts], text)
    _victims_from_context(text, span, counts)
    return _sum_parts_by_class(_sum_same_class(folded, counts))


def _victims_of(count: Count) -> None:
    if count.victims is not None:
        count.detail = count.victims.detail.strip("\"' ")
        count.kind = count.victims.kind


def _promote_in_sentence(counts: list[Count], sentence: str) -> None:
    """ "People" in a sentence about a market, a wedding, a massacre... are civilians; a total
    already split into parts keeps the class its parts give it."""
    totals = {id(c.part_of) for c in counts if c.part_of is not None}
    for count in counts:
        if id(count) not in totals:  # "people", or no noun at all ("killing 12")
            count.kind = resolve_people(count.kind, sentence)


def _victims_from_context(text: str, span: tuple[int, int], counts: list[Count]) -> None:
    """Counts without a noun: "in its ranks", "11 of them", "7 killed and 3 wounded"."""
    previous: Count | None = None
    for count in counts:
        if count.victims is None or count.kind is VictimKind.UNSPECIFIED:
            end = count.victims.end if count.victims else count.mention.end
            found = context_victims(text, span, count.mention.start, end)
            if count.victims is not None:  # "26 people, most of them herders"
                if found is not None and found.kind is not VictimKind.UNSPECIFIED:
                    count.kind = found.kind
                continue
            if found is None and previous is not None:
                count.kind, count.detail = previous.kind, ""
            elif found is not None:
                count.kind, count.detail = found.kind, found.detail
        named = count.kind not in (VictimKind.UNSPECIFIED, VictimKind.MIXED)
        if named and not count.part_of and count.category is not None:
            previous = count  # only a counted casualty figure lends its class
    for earlier, later in pairwise(counts):
        if earlier.victims is None and earlier.kind is VictimKind.UNSPECIFIED:
            earlier.kind = later.kind if later.victims is None else earlier.kind


def _sum_same_class(folded: str, counts: list[Count]) -> list[Count]:
    """ "12 aid workers and a driver were abducted": one figure of 13 for one class."""
    merged: list[Count] = []
    for count in counts:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and LIST_LINK.match(folded[previous.np_end : count.mention.start])
            and (previous.category, previous.kind) == (count.category, count.kind)
            and count.kind is not VictimKind.UNSPECIFIED
            and previous.victims is not None
            and count.victims is not None
            and previous.part_of is count.part_of
        ):
            first, second = previous.mention.count, count.mention.count
            low = None if first.low is None or second.low is None else first.low + second.low
            high = None if first.high is None or second.high is None else first.high + second.high
            wording = f"{first.wording} + {second.wording}"
            total = CasualtyCount(low, high, first.qualifier, wording)
            previous.mention = replace(previous.mention, count=total)
            previous.detail = f"{previous.detail} and {count.detail}".strip()
            previous.victims = count.victims or previous.victims
            continue
        merged.append(count)
    return merged


def _sum_parts_by_class(counts: list[Count]) -> list[Count]:
    """The parts of one total by victim class (codebook §2): "seven people, including five
    guards, a gendarme and a civilian" gives civilians 6 (the guards and the civilian) and
    soldiers 1 beside the mixed 7, however the list orders them."""
    merged: list[Count] = []
    for count in counts:
        same = next(
            (
                kept
                for kept in merged
                if count.part_of is not None
                and kept.part_of is count.part_of
                and (kept.category, kept.kind) == (count.category, count.kind)
                and count.kind is not VictimKind.UNSPECIFIED
            ),
            None,
        )
        if same is None:
            merged.append(count)
            continue
        first, second = same.mention.count, count.mention.count
        low = None if first.low is None or second.low is None else first.low + second.low
        high = None if first.high is None or second.high is None else first.high + second.high
        total = CasualtyCount(low, high, first.qualifier, f"{first.wording} + {second.wording}")
        same.mention = replace(same.mention, count=total)
        same.detail = f"{same.detail} and {count.detail}".strip()
    return merged


def _settle_parts(counts: list[Count]) -> list[Count]:
    """Sub-groups of one class become detail; parts of another class stay claims."""
    kept: list[Count] = []
    for count in counts:
        total = count.part_of
        words = count.victims.detail if count.victims else ""
        if total is not None and (is_subgroup(words) or count.kind in (total.kind,)):
            link = count.link if count.link not in ("", ":", "(") else "and"
            link = "including" if count.link in (":", "(") else link
            addition = f"{link} {count.mention.count.wording} {words}".strip()
            if link == "of them":
                addition = f"{count.mention.count.wording} of them {words}".strip()
            glue = " " if link == "and" else ", "
            total.detail = f"{total.detail}{glue}{addition}" if total.detail else addition
            total.has_subgroup = True
            if total.kind is VictimKind.UNSPECIFIED and is_subgroup(words):
                total.kind = VictimKind.CIVILIANS
            continue
        kept.append(count)
    for total in kept:
        classes = {c.kind for c in kept if c.part_of is total}
        if len(classes) > 1 and total.kind is VictimKind.UNSPECIFIED:
            total.kind = VictimKind.MIXED
    return kept


def victims_detail(count: Count, folded: str, sentence: str) -> str:
    """The claimant's words for the victims: a sub-group phrase as written ("dont trois
    femmes", "many of them women and children"), else the victim noun."""
    link = _SUBGROUP_LINK.match(folded, count.np_end) or _SUBGROUP_LINK.match(
        folded, count.tail_end
    )
    if link is None or (re.match(r"[^,;.)]*\d", folded[link.end() :]) and not count.has_subgroup):
        return count.detail
    written = normalize(sentence)
    phrase = re.search(rf"\b{re.escape(link.group(1))}\b[^,;.)]{{1,70}}", fold(written))
    return written[phrase.start() : phrase.end()].strip() if phrase else count.detail

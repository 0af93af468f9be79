"""PURE: an analyst's corrections as a card shows them, and ``/claims ID`` (claims with ids).

The words are the catalogues' ``correction.*`` and ``claims.*`` messages, in the card's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from bot.render.claims import IncidentView, format_range, group_claims, group_line
from bot.render.html import esc
from bot.render.i18n import translator
from feeds.model.corrections import Correction, CorrectionKind

MAX_CARD_CORRECTIONS = 3


class CorrectedView(IncidentView, Protocol):
    @property
    def corrections(self) -> Sequence[Correction]: ...


def describe_correction(correction: Correction, incident_id: int | None, lang: str = "en") -> str:
    """One correction in a few words, seen from the incident ``incident_id``."""
    t = translator(lang)
    values = {
        "incident": correction.incident_id,
        "other": correction.other_incident_id,
        "story": correction.story_id,
        "claim": correction.claim_id,
    }
    kind = correction.kind
    if kind is CorrectionKind.MERGE:
        key = "merged_in" if correction.incident_id == incident_id else "merged_into"
    elif kind is CorrectionKind.SPLIT:
        key = "split_off" if correction.incident_id == incident_id else "split_from"
    elif kind is CorrectionKind.UNLINK:
        key = "unlinked"
    else:
        return t("correction.fixed", changes=fix_changes(correction.detail, lang), **values)
    return t(f"correction.{key}", **values)


def fix_changes(detail: dict[str, Any], lang: str = "en") -> str:
    t = translator(lang)
    before, after = detail.get("before") or {}, detail.get("after") or {}
    changes = []
    if before.get("claimant") != after.get("claimant"):
        changes.append(
            t(
                "correction.claimant",
                before=esc(before.get("claimant")),
                after=esc(after.get("claimant")),
            )
        )
    if (before.get("low"), before.get("high")) != (after.get("low"), after.get("high")):
        changes.append(
            t(
                "correction.figure",
                before=format_range(before.get("low"), before.get("high"), lang=lang),
                after=format_range(after.get("low"), after.get("high"), lang=lang),
            )
        )
    if before.get("victims") != after.get("victims"):
        changes.append(
            t(
                "correction.victims",
                before=_victims(before.get("victims"), lang),
                after=_victims(after.get("victims"), lang),
            )
        )
    return ", ".join(changes) or "—"


def _victims(kind: object, lang: str) -> str:
    """A victims kind in the reader's words (``civilians`` → ``civils``); as stored otherwise."""
    key = f"victims.{kind}"
    words = translator(lang)(key)
    return esc(kind) if words == key else esc(words)


def correction_lines(view: CorrectedView, lang: str = "en") -> list[str]:
    """``["", "✎ Corrected by an analyst", "• …"]`` for a card, or ``[]`` without corrections:
    the latest few, newest first."""
    corrections = list(view.corrections)
    if not corrections:
        return []
    t = translator(lang)
    incident_id = view.incident.id
    lines = ["", t("correction.heading")]
    for correction in reversed(corrections[-MAX_CARD_CORRECTIONS:]):
        when = t("correction.when", when=t.moment(correction.made_at))
        lines.append(f"• {describe_correction(correction, incident_id, lang)} {when}")
    if len(corrections) > MAX_CARD_CORRECTIONS:
        lines.append("• " + t("correction.more", count=len(corrections) - MAX_CARD_CORRECTIONS))
    return lines


def render_claim_list(view: IncidentView, lang: str = "en") -> str:
    """Each claim once (as on the card), led by the id ``/fix`` takes (its first stored row)."""
    t = translator(lang)
    heading = t("claims.heading", incident=view.incident.id)
    ids: dict[tuple[object, ...], int] = {}
    for stored in view.claims:
        ids.setdefault(stored.claim.key, getattr(stored, "id", 0))
    groups = group_claims(view) + group_claims(view, background=True)
    if not groups:
        return f"{heading}\n{t('claims.none')}"
    lines = [heading]
    for group in groups:
        claim_id = ids.get(group.claim.key, 0)
        lines.append(f"<code>{claim_id}</code> {group_line(group, lang=lang)}")
    return "\n".join(lines)

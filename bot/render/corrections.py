"""PURE: an analyst's corrections as a card shows them, and ``/claims ID`` (claims with ids).

The words are English and kept in :data:`TEXT` so that they can move into the catalogues.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from bot.render.claims import IncidentView, format_range, group_claims, group_line
from bot.render.html import esc
from feeds.model.corrections import Correction, CorrectionKind

MAX_CARD_CORRECTIONS = 3
TEXT = {
    "heading": "✎ <b>Corrected by an analyst</b>",
    "merged_in": "incident #{other} merged into this one",
    "merged_into": "merged into incident #{incident}",
    "split_off": "story {story} split off as incident #{other}",
    "split_from": "split off from incident #{incident}",
    "unlinked": "story {story} taken out",
    "fixed": "claim {claim} fixed: {changes}",
    "claimant": "claimant {before} → {after}",
    "figure": "figure {before} → {after}",
    "victims": "victims {before} → {after}",
    "more": "+{count} more",
    "when": " ({when:%d %b %H:%M} UTC)",
    "claims_heading": "<b>Claims</b> · incident #{incident} (ids for /fix)",
    "no_claims": "No claims recorded.",
    "claim_line": "<code>{claim}</code> {line}",
}


class CorrectedView(IncidentView, Protocol):
    @property
    def corrections(self) -> Sequence[Correction]: ...


def describe_correction(correction: Correction, incident_id: int | None) -> str:
    """One correction in a few words, seen from the incident ``incident_id``."""
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
        return TEXT["fixed"].format(changes=fix_changes(correction.detail), **values)
    return TEXT[key].format(**values)


def fix_changes(detail: dict[str, Any]) -> str:
    before, after = detail.get("before") or {}, detail.get("after") or {}
    changes = []
    if before.get("claimant") != after.get("claimant"):
        changes.append(
            TEXT["claimant"].format(
                before=esc(before.get("claimant")), after=esc(after.get("claimant"))
            )
        )
    if (before.get("low"), before.get("high")) != (after.get("low"), after.get("high")):
        changes.append(
            TEXT["figure"].format(
                before=format_range(before.get("low"), before.get("high")),
                after=format_range(after.get("low"), after.get("high")),
            )
        )
    if before.get("victims") != after.get("victims"):
        changes.append(
            TEXT["victims"].format(
                before=esc(before.get("victims")), after=esc(after.get("victims"))
            )
        )
    return ", ".join(changes) or "—"


def correction_lines(view: CorrectedView) -> list[str]:
    """``["", "✎ Corrected by an analyst", "• …"]`` for a card, or ``[]`` without corrections:
    the latest few, newest first."""
    corrections = list(view.corrections)
    if not corrections:
        return []
    incident_id = view.incident.id
    lines = ["", TEXT["heading"]]
    for correction in reversed(corrections[-MAX_CARD_CORRECTIONS:]):
        when = TEXT["when"].format(when=correction.made_at)
        lines.append(f"• {describe_correction(correction, incident_id)}{when}")
    if len(corrections) > MAX_CARD_CORRECTIONS:
        lines.append(f"• {TEXT['more'].format(count=len(corrections) - MAX_CARD_CORRECTIONS)}")
    return lines


def render_claim_list(view: IncidentView) -> str:
    """Each claim once (as on the card), led by the id ``/fix`` takes (its first stored row)."""
    heading = TEXT["claims_heading"].format(incident=view.incident.id)
    ids: dict[tuple[object, ...], int] = {}
    for stored in view.claims:
        ids.setdefault(stored.claim.key, getattr(stored, "id", 0))
    groups = group_claims(view) + group_claims(view, background=True)
    if not groups:
        return f"{heading}\n{TEXT['no_claims']}"
    lines = [heading]
    for group in groups:
        claim_id = ids.get(group.claim.key, 0)
        lines.append(TEXT["claim_line"].format(claim=claim_id, line=group_line(group)))
    return "\n".join(lines)

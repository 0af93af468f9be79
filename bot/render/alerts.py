"""PURE: incidents and alerts → Telegram HTML, split under Telegram's 4096-unit limit.

The public API of the renderer. Every string that comes from a feed (titles, places, claimants,
victims' wording, URLs) goes through :func:`esc`. The work is shared with pure siblings:
``bot/render/html.py`` (escaping, length, splitting, plain text), ``bot/render/claims.py`` (one
line per claim, however many stories repeat it), ``bot/render/cards.py`` (card, lists,
/compare) and ``bot/render/digest.py`` (digest, /summary, /status). Nothing here imports
telegram, httpx, sqlmodel or storage (``tests/test_layering.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.render.cards import (
    incident_heading,
    render_incident_card,
    sources_heading,
)
from bot.render.claims import (
    IncidentView,
    claim_line,
    format_count,
)
from bot.render.html import (
    esc,
    link,
    split_message,
)
from feeds.model import (
    AlertKind,
    CasualtyCount,
    Category,
    Claim,
    Contradiction,
    Qualifier,
    VictimKind,
)

# ── alerts ──────────────────────────────────────────────────────────────────────────────────


def render_contradiction(view: IncidentView | None, payload: Mapping[str, Any]) -> str:
    """Two claims side by side, the kind of dispute, and the sources."""
    category = str(payload.get("category", ""))
    kind = str(payload.get("kind", ""))
    found = _find_contradiction(view, category, kind)
    lines = [f"⚔️ <b>Contradiction</b>: {esc(category)} · {esc(kind)}"]
    if view is not None:
        lines.append(incident_heading(view.incident))
    if found is not None:
        lines += ["", f"🅰️ {claim_line(found.first)}", f"🅱️ {claim_line(found.second)}"]
        if found.summary:
            lines.append(f"<i>{esc(found.summary)}</i>")
    else:  # not (yet) in the view: fall back on the claims the alert was queued with
        lines += ["", *(f"• {claim_line(c)}" for c in _claims_from(payload))]
        if payload.get("summary"):
            lines.append(f"<i>{esc(payload['summary'])}</i>")
    if view is not None:
        lines += ["", sources_heading(view)]
    return "\n".join(lines)


def _find_contradiction(
    view: IncidentView | None, category: str, kind: str
) -> Contradiction | None:
    if view is None:
        return None
    for stored in view.contradictions:
        found = stored.contradiction
        if found.category.value == category and found.kind.value == kind:
            return found
    return None


def _claims_from(payload: Mapping[str, Any]) -> list[Claim]:
    claims = []
    for side in ("first", "second"):
        data = payload.get(side)
        if isinstance(data, Mapping) and data.get("category") in Category._value2member_map_:
            victims = data.get("victims", VictimKind.UNSPECIFIED.value)
            claims.append(
                Claim(
                    claimant=str(data.get("claimant", "?")),
                    category=Category(data["category"]),
                    count=_count_from(data),
                    victims=VictimKind(victims)
                    if victims in VictimKind._value2member_map_
                    else VictimKind.UNSPECIFIED,
                    victims_detail=str(data.get("victims_detail", "")),
                )
            )
    return claims


def render_toll_update(view: IncidentView | None, payload: Mapping[str, Any]) -> str:
    """Same claimant, new figure: old → new."""
    old = _count_from(payload.get("old"))
    new = _count_from(payload.get("new"))
    lines = [
        f"🔁 <b>Toll update</b>: {esc(payload.get('claimant', '?'))} · "
        f"{esc(payload.get('category', '?'))} {format_count(old)} → <b>{format_count(new)}</b>"
    ]
    if view is not None:
        lines.append(incident_heading(view.incident))
        lines.append(sources_heading(view))
    return "\n".join(lines)


def _count_from(value: object) -> CasualtyCount:
    if isinstance(value, Mapping):
        qualifier = value.get("qualifier", Qualifier.EXACT.value)
        return CasualtyCount(
            low=value.get("low"),
            high=value.get("high"),
            qualifier=Qualifier(qualifier)
            if qualifier in Qualifier._value2member_map_
            else Qualifier.EXACT,
            wording=str(value.get("wording", "")),
        )
    return CasualtyCount(low=None, high=None)


def render_relevant_story(payload: Mapping[str, Any]) -> str:
    """A relevant story that joined no incident."""
    title = str(payload.get("title") or payload.get("url") or "untitled story")
    url = str(payload.get("url", ""))
    head = link(url, title) if url else esc(title)
    lines = [f"📰 <b>Relevant story</b>: {head}"]
    keywords = payload.get("keywords") or payload.get("matched_keywords")
    if isinstance(keywords, str):
        keywords = [k for k in keywords.split(",") if k]
    if keywords:
        lines.append("Matched: " + ", ".join(esc(k) for k in keywords))
    if payload.get("feed"):
        lines.append(f"Feed: {esc(payload['feed'])}")
    return "\n".join(lines)


def render_alert(
    kind: AlertKind, view: IncidentView | None, payload: Mapping[str, Any]
) -> list[str]:
    """Any outbox alert but the digest (which needs the day's views: :func:`render_digest`)."""
    if kind in (AlertKind.NEW_INCIDENT, AlertKind.CARD_EDIT):
        if view is None:
            raise ValueError(f"{kind.value} needs an incident view")
        return [render_incident_card(view)]
    if kind is AlertKind.CONTRADICTION:
        return split_message(render_contradiction(view, payload))
    if kind is AlertKind.UPDATE:
        return split_message(render_toll_update(view, payload))
    if kind is AlertKind.RELEVANT_STORY:
        return split_message(render_relevant_story(payload))
    raise ValueError(f"render_alert cannot render {kind.value}; use render_digest")

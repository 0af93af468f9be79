"""The alerts maliwatch queues, one frozen dataclass per kind, and their stored JSON form.

The pipeline's alert choice (``feeds/pipeline/alerts.py``) builds these values; storage writes
them to the outbox with :func:`dump_alert`; delivery reads a row back with :func:`load_alert`
into the same type and hands it to the renderer. Nothing between the two ends looks inside a
payload, so a field is named once, here.

The JSON carries ``"v"`` (:data:`ALERT_FORMAT`). Rows written before the format had a version
(the untyped payloads of the first landing) are read by :func:`_upgrade_unversioned`, the one
place that knows their shape; a payload this code cannot read raises :class:`AlertFormatError`
and delivery records the row as failed with that reason instead of guessing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from feeds.model import (
    AlertKind,
    CasualtyCount,
    Category,
    Claim,
    ContradictionKind,
    EventType,
    Qualifier,
    Role,
    VictimKind,
)

ALERT_FORMAT = 1
# What a channel gets unless MALIWATCH_CHANNEL_ALERTS says otherwise: a story that joined no
# incident waits for the digest instead of pinging the channel.
DEFAULT_CHANNEL_ALERTS = frozenset(
    {AlertKind.NEW_INCIDENT, AlertKind.CARD_EDIT, AlertKind.CONTRADICTION, AlertKind.UPDATE}
)


class AlertFormatError(ValueError):
    """A stored payload that is not a readable alert of its kind."""


@dataclass(frozen=True, slots=True)
class ClaimFigure:
    """A claim as an alert quotes it: who, what, how many, of whom, and from which story."""

    claimant: str
    category: Category
    count: CasualtyCount
    victims: VictimKind = VictimKind.UNSPECIFIED
    victims_detail: str = ""
    story_url: str = ""

    @classmethod
    def of(cls, claim: Claim) -> ClaimFigure:
        return cls(
            claimant=claim.claimant,
            category=claim.category,
            count=claim.count,
            victims=claim.victims,
            victims_detail=claim.victims_detail,
            story_url=claim.story_url,
        )

    def as_claim(self) -> Claim:
        return Claim(
            claimant=self.claimant,
            category=self.category,
            count=self.count,
            victims=self.victims,
            victims_detail=self.victims_detail,
            story_url=self.story_url,
        )


@dataclass(frozen=True, slots=True)
class NewIncidentAlert:
    """The first message of an incident's live card in a chat."""

    incident_id: int
    story_id: int
    event_type: EventType
    summary: str
    role: Role = Role.MAIN


@dataclass(frozen=True, slots=True)
class CardEditAlert:
    """A story joined the incident or changed its claims: edit the card in place."""

    incident_id: int
    story_id: int
    url: str
    title: str
    change: str = ""  # what changed, in a few words ("a new source", "new claim: …")


@dataclass(frozen=True, slots=True)
class ContradictionAlert:
    """A dispute between two claimants, sent once per incident, category and kind."""

    incident_id: int
    story_id: int
    contradiction_id: int
    kind: ContradictionKind
    category: Category
    summary: str
    first: ClaimFigure
    second: ClaimFigure


@dataclass(frozen=True, slots=True)
class TollUpdateAlert:
    """The same claimant gives a new figure (sent silently)."""

    incident_id: int
    story_id: int
    claimant: str
    category: Category
    victims: VictimKind
    old: CasualtyCount
    new: CasualtyCount


@dataclass(frozen=True, slots=True)
class RelevantStoryAlert:
    """A relevant story about violence that no incident could take."""

    story_id: int
    url: str
    title: str
    feed: str
    published: datetime
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FloodSummaryAlert:
    """One message instead of the alerts a feed queued beyond its budget in one cycle."""

    feed: str
    held_back: int
    cycle_started: datetime


@dataclass(frozen=True, slots=True)
class DigestAlert:
    """The daily digest: incidents since ``since``, under the name of ``day``."""

    day: date
    since: datetime


Alert = (
    NewIncidentAlert
    | CardEditAlert
    | ContradictionAlert
    | TollUpdateAlert
    | RelevantStoryAlert
    | FloodSummaryAlert
    | DigestAlert
)

KIND_OF: dict[type[Any], AlertKind] = {
    NewIncidentAlert: AlertKind.NEW_INCIDENT,
    CardEditAlert: AlertKind.CARD_EDIT,
    ContradictionAlert: AlertKind.CONTRADICTION,
    TollUpdateAlert: AlertKind.UPDATE,
    RelevantStoryAlert: AlertKind.RELEVANT_STORY,
    FloodSummaryAlert: AlertKind.FLOOD_SUMMARY,
    DigestAlert: AlertKind.DIGEST,
}
TYPE_OF: dict[AlertKind, type[Any]] = {kind: cls for cls, kind in KIND_OF.items()}


def alert_kind(alert: Alert) -> AlertKind:
    return KIND_OF[type(alert)]


def incident_of(alert: Alert) -> int | None:
    return getattr(alert, "incident_id", None)


def story_of(alert: Alert) -> int | None:
    return getattr(alert, "story_id", None)


# ── JSON ─────────────────────────────────────────────────────────────────────────────────────


def _count_json(count: CasualtyCount) -> dict[str, Any]:
    return {
        "low": count.low,
        "high": count.high,
        "qualifier": count.qualifier.value,
        "wording": count.wording,
    }


def _figure_json(figure: ClaimFigure) -> dict[str, Any]:
    return {
        "claimant": figure.claimant,
        "category": figure.category.value,
        "count": _count_json(figure.count),
        "victims": figure.victims.value,
        "victims_detail": figure.victims_detail,
        "story_url": figure.story_url,
    }


def dump_alert(alert: Alert) -> str:
    """The alert as versioned JSON (the outbox row's payload)."""
    body: dict[str, Any] = {"v": ALERT_FORMAT, "kind": alert_kind(alert).value}
    for name in alert.__dataclass_fields__:
        value = getattr(alert, name)
        if isinstance(value, CasualtyCount):
            value = _count_json(value)
        elif isinstance(value, ClaimFigure):
            value = _figure_json(value)
        elif isinstance(value, datetime | date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        elif hasattr(value, "value"):  # an enumeration
            value = value.value
        body[name] = value
    return json.dumps(body, ensure_ascii=False, sort_keys=True)


def load_alert(kind: AlertKind | str, text: str | None) -> Alert:
    """The alert a row's payload holds, as the type of its kind."""
    kind = AlertKind(kind)
    try:
        data = json.loads(text or "")
    except json.JSONDecodeError as exc:
        raise AlertFormatError(f"{kind.value} payload is not JSON") from exc
    if not isinstance(data, dict):
        raise AlertFormatError(f"{kind.value} payload is not an object")
    if "v" not in data:
        data = _upgrade_unversioned(kind, data)
    if data.get("v") != ALERT_FORMAT:
        raise AlertFormatError(f"{kind.value} payload has format {data.get('v')!r}")
    try:
        return _build(kind, data)
    except (KeyError, TypeError, ValueError) as exc:
        raise AlertFormatError(f"{kind.value} payload is incomplete: {exc}") from exc


def _count(data: dict[str, Any]) -> CasualtyCount:
    return CasualtyCount(
        low=data["low"],
        high=data["high"],
        qualifier=Qualifier(data["qualifier"]),
        wording=str(data["wording"]),
    )


def _figure(data: dict[str, Any]) -> ClaimFigure:
    return ClaimFigure(
        claimant=str(data["claimant"]),
        category=Category(data["category"]),
        count=_count(data["count"]),
        victims=VictimKind(data["victims"]),
        victims_detail=str(data["victims_detail"]),
        story_url=str(data["story_url"]),
    )


def _build(kind: AlertKind, data: dict[str, Any]) -> Alert:
    if kind is AlertKind.NEW_INCIDENT:
        return NewIncidentAlert(
            incident_id=int(data["incident_id"]),
            story_id=int(data["story_id"]),
            event_type=EventType(data["event_type"]),
            summary=str(data["summary"]),
            role=Role(data["role"]),
        )
    if kind is AlertKind.CARD_EDIT:
        return CardEditAlert(
            incident_id=int(data["incident_id"]),
            story_id=int(data["story_id"]),
            url=str(data["url"]),
            title=str(data["title"]),
            change=str(data["change"]),
        )
    if kind is AlertKind.CONTRADICTION:
        return ContradictionAlert(
            incident_id=int(data["incident_id"]),
            story_id=int(data["story_id"]),
            contradiction_id=int(data["contradiction_id"]),
            kind=ContradictionKind(data["kind"]),
            category=Category(data["category"]),
            summary=str(data["summary"]),
            first=_figure(data["first"]),
            second=_figure(data["second"]),
        )
    if kind is AlertKind.UPDATE:
        return TollUpdateAlert(
            incident_id=int(data["incident_id"]),
            story_id=int(data["story_id"]),
            claimant=str(data["claimant"]),
            category=Category(data["category"]),
            victims=VictimKind(data["victims"]),
            old=_count(data["old"]),
            new=_count(data["new"]),
        )
    if kind is AlertKind.RELEVANT_STORY:
        return RelevantStoryAlert(
            story_id=int(data["story_id"]),
            url=str(data["url"]),
            title=str(data["title"]),
            feed=str(data["feed"]),
            published=datetime.fromisoformat(data["published"]),
            keywords=tuple(str(k) for k in data["keywords"]),
        )
    if kind is AlertKind.FLOOD_SUMMARY:
        return FloodSummaryAlert(
            feed=str(data["feed"]),
            held_back=int(data["held_back"]),
            cycle_started=datetime.fromisoformat(data["cycle_started"]),
        )
    return DigestAlert(
        day=date.fromisoformat(data["day"]), since=datetime.fromisoformat(data["since"])
    )


def _upgrade_unversioned(kind: AlertKind, data: dict[str, Any]) -> dict[str, Any]:
    """Rows queued by the first landing: flat claims and counts, some fields absent."""

    def count(value: Any) -> dict[str, Any]:
        value = value if isinstance(value, dict) else {}
        return {
            "low": value.get("low"),
            "high": value.get("high"),
            "qualifier": value.get("qualifier", Qualifier.EXACT.value),
            "wording": value.get("wording", ""),
        }

    def figure(value: Any) -> dict[str, Any]:
        value = value if isinstance(value, dict) else {}
        return {
            "claimant": value.get("claimant", "?"),
            "category": value.get("category", Category.KILLED.value),
            "count": count(value),
            "victims": value.get("victims", VictimKind.UNSPECIFIED.value),
            "victims_detail": value.get("victims_detail", ""),
            "story_url": value.get("story_url", ""),
        }

    upgraded = {**data, "v": ALERT_FORMAT}
    if kind is AlertKind.CONTRADICTION:
        upgraded["first"], upgraded["second"] = (
            figure(data.get("first")),
            figure(data.get("second")),
        )
    elif kind is AlertKind.UPDATE:
        upgraded["old"], upgraded["new"] = count(data.get("old")), count(data.get("new"))
    elif kind is AlertKind.CARD_EDIT:
        upgraded.setdefault("change", "")
    elif kind is AlertKind.RELEVANT_STORY:
        upgraded["keywords"] = data.get("keywords") or data.get("matched_keywords") or []
    return upgraded

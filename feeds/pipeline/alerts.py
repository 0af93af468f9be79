"""Which alerts one saved story raises, how urgent each is, and the cycle's budgets.

``store_outcome`` is the last step of a story's path: storage writes what the analysis decided
(``save_story_outcome``), then this module chooses the alerts and queues them as typed values
(``feeds/model/alerts.py``) in the same transaction. The rules:

* an incident the story reports (role main or other) gets its live card the first time it is
  seen in a chat, and a card edit afterwards (a wire copy edits nothing: its original did);
* each contradiction new to the incident is one alert, and so is any stored contradiction that
  was never alerted (it was found while the incident's stories were backlog);
* a claimant's new figure is a silent toll update;
* a relevant story about violence that joined no incident is a "relevant story" alert, which the
  channel only gets when ``MALIWATCH_CHANNEL_ALERTS`` names it (by default it waits for the
  digest);
* the dedup keys make every alert safe to queue twice;
* a private chat subscribed to the incident's region, place or a word of its summary
  (``/subscribe``) gets the incident's card, its edits and its disputes too, with dedup keys of
  its own chat id and within the same budgets, counted per chat (a busy subscriber never eats
  the channel's budget);
* a feed may queue at most ``per_feed`` alerts in one cycle, and the cycle at most ``per_cycle``
  (``MALIWATCH_ALERT_BUDGET_PER_FEED`` / ``_PER_CYCLE``): beyond that the feed gets one silent
  summary message ("N more alerts held back, see the digest"), so a feed that dumps 300 items
  cannot fill the channel for a quarter of an hour while real alerts wait behind it. Urgent
  alerts are chosen first within a story, and delivery sends by priority.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Protocol

from sqlmodel import Session

from feeds.model import AlertKind, Role
from feeds.model.alerts import (
    DEFAULT_CHANNEL_ALERTS,
    Alert,
    CardEditAlert,
    ClaimFigure,
    ContradictionAlert,
    FloodSummaryAlert,
    NewIncidentAlert,
    RelevantStoryAlert,
    TollUpdateAlert,
    alert_kind,
)
from feeds.model.outcome import SavedEvent, SavedOutcome, StoredContradiction, StoryOutcome
from feeds.model.subscriptions import IncidentWhere, Subscription, matches
from storage.models import IncidentRow
from storage.queries import alerts as alert_queries
from storage.queries import chats as chat_queries
from storage.queries import outcome as outcome_queries
from storage.queries import subscriptions as subscription_queries
from storage.queries import views as view_queries

REPORTED = (Role.MAIN, Role.OTHER)  # roles whose incident gets a card
PRIORITY = {
    AlertKind.NEW_INCIDENT: alert_queries.URGENT_PRIORITY,
    AlertKind.CONTRADICTION: alert_queries.URGENT_PRIORITY,
    AlertKind.CARD_EDIT: alert_queries.DEFAULT_PRIORITY,
    AlertKind.UPDATE: alert_queries.SUMMARY_PRIORITY,
    AlertKind.RELEVANT_STORY: alert_queries.SUMMARY_PRIORITY,
}
# What a subscribed private chat gets about a matching incident.
SUBSCRIBER_ALERTS = frozenset(
    {AlertKind.NEW_INCIDENT, AlertKind.CARD_EDIT, AlertKind.CONTRADICTION}
)


class AlertSettings(Protocol):
    channel_alerts: frozenset[AlertKind]
    alert_budget_per_feed: int
    alert_budget_per_cycle: int


@dataclass(frozen=True, slots=True)
class AlertPolicy:
    """What a chat gets: the alert kinds it wants, and how many alerts a cycle may queue."""

    kinds: frozenset[AlertKind] = DEFAULT_CHANNEL_ALERTS
    per_feed: int = 20
    per_cycle: int = 60

    @classmethod
    def of(cls, settings: AlertSettings) -> AlertPolicy:
        return cls(
            kinds=settings.channel_alerts,
            per_feed=settings.alert_budget_per_feed,
            per_cycle=settings.alert_budget_per_cycle,
        )


@dataclass(frozen=True, slots=True)
class PlannedAlert:
    alert: Alert
    key: str
    silent: bool = False

    @property
    def priority(self) -> int:
        return PRIORITY[alert_kind(self.alert)]


def store_outcome(
    *, session: Session, outcome: StoryOutcome, policy: AlertPolicy = AlertPolicy()
) -> SavedOutcome:
    """Save the story and queue the alerts it raises, in the caller's transaction."""
    saved = outcome_queries.save_story_outcome(session=session, outcome=outcome)
    if saved.already_stored:
        return saved
    chat = chat_queries.current_chat_id(session=session, chat_id=outcome.chat_id)
    if not calls_for_alerts(outcome):
        # an old or backlog story that joins an incident whose card is out still edits it
        # (edits never notify): the card must not fall behind /incident
        planned = keep_cards_true(session=session, outcome=outcome, saved=saved, chat=chat)
    else:
        planned = choose_alerts(session=session, outcome=outcome, saved=saved, chat=chat)
    wanted = [p for p in planned if alert_kind(p.alert) in policy.kinds]
    queued = queue_within_budget(
        session=session, planned=wanted, outcome=outcome, policy=policy, chat=chat
    )
    queued += queue_for_subscribers(
        session=session, outcome=outcome, saved=saved, policy=policy, channel=chat
    )
    return replace(saved, alert_ids=tuple(queued))


def queue_for_subscribers(
    *,
    session: Session,
    outcome: StoryOutcome,
    saved: SavedOutcome,
    policy: AlertPolicy,
    channel: str,
) -> list[int]:
    """The alerts of the story's incidents for each private chat whose subscriptions match
    them (new incident cards, card edits, disputes), within that chat's budget."""
    incident_ids = [e.incident_id for e in saved.events if e.incident_id is not None]
    if not incident_ids:
        return []
    subscriptions = subscription_queries.all_subscriptions(session=session)
    if not subscriptions:
        return []
    where = {incident_id: _where(session, incident_id) for incident_id in set(incident_ids)}
    by_chat: dict[str, list[Subscription]] = {}
    for subscription in subscriptions:
        by_chat.setdefault(subscription.chat_id, []).append(subscription)
    private = replace(outcome, thread_id=None)
    queued: list[int] = []
    for chat, chat_subscriptions in by_chat.items():
        if chat == channel:
            continue
        wanted = {
            incident_id
            for incident_id, place in where.items()
            if place is not None and any(matches(s, place) for s in chat_subscriptions)
        }
        if not wanted:
            continue
        planned = [
            p
            for p in choose_alerts(session=session, outcome=outcome, saved=saved, chat=chat)
            if alert_kind(p.alert) in SUBSCRIBER_ALERTS
            and getattr(p.alert, "incident_id", None) in wanted
        ]
        queued += queue_within_budget(
            session=session, planned=planned, outcome=private, policy=policy, chat=chat
        )
    return queued


def _where(session: Session, incident_id: int) -> IncidentWhere | None:
    row = session.get(IncidentRow, incident_id)
    if row is None:
        return None
    return IncidentWhere(admin1=row.admin1, location=row.location, summary=row.summary)


def calls_for_alerts(outcome: StoryOutcome) -> bool:
    """Only a relevant, alertable story that reports an event raises alerts.

    Plain Mali news (a school term, a harvest) reports no event: it is stored and counted in the
    digest and /summary, but a conflict channel gets no alert for each such story.
    """
    return outcome.alertable and outcome.analysis.relevant and bool(outcome.events)


def keep_cards_true(
    *, session: Session, outcome: StoryOutcome, saved: SavedOutcome, chat: str
) -> list[PlannedAlert]:
    """Card edits for a story that raises no alert of its own but joined incidents whose card
    is already in the chat (a wire copy edits nothing: its original did)."""
    if not outcome.analysis.relevant or outcome.syndicated_copy_of is not None:
        return []
    planned = []
    for event in saved.events:
        if event.incident_id is None or event.role not in REPORTED:
            continue
        if alert_queries.has_card_alert(
            session=session, incident_id=event.incident_id, chat_id=chat
        ):
            planned.append(_card_edit(outcome, event, event.incident_id, saved.story_id, chat))
    return planned


def choose_alerts(
    *, session: Session, outcome: StoryOutcome, saved: SavedOutcome, chat: str
) -> list[PlannedAlert]:
    """Every alert the saved story calls for, most urgent first (dedup keys per chat)."""
    story_id = saved.story_id
    planned: list[PlannedAlert] = []
    for event in saved.events:
        incident_id = event.incident_id
        if incident_id is None:
            continue
        has_card = alert_queries.has_card_alert(
            session=session, incident_id=incident_id, chat_id=chat
        )
        if event.role in REPORTED and (event.is_new or not has_card):
            planned.append(_new_incident(event, incident_id, story_id, chat))
        elif event.role in REPORTED and outcome.syndicated_copy_of is None:
            planned.append(_card_edit(outcome, event, incident_id, story_id, chat))
        for stored in event.contradictions:
            planned.append(_contradiction(stored, incident_id, story_id, chat))
        planned += _unalerted_contradictions(session, incident_id, story_id, chat)
        planned += _updates(event, incident_id, story_id, chat)
    if not any(event.incident_id is not None for event in saved.events):
        planned.append(_relevant_story(outcome, story_id, chat))
    return sorted(planned, key=lambda p: p.priority)


def queue_within_budget(
    *,
    session: Session,
    planned: Iterable[PlannedAlert],
    outcome: StoryOutcome,
    policy: AlertPolicy,
    chat: str,
) -> list[int]:
    """Queue what the budgets allow; count the rest on the feed's one summary message."""
    queued: list[int] = []
    cycle = outcome.now
    for item in planned:
        if alert_queries.alert_key_exists(session=session, dedup_key=item.key):
            continue
        if _over_budget(session, outcome, policy, chat):
            _hold_back(session, outcome, chat)
            continue
        row = alert_queries.enqueue_alert(
            session=session,
            alert=item.alert,
            dedup_key=item.key,
            chat_id=chat,
            now=cycle,
            silent=item.silent,
            thread_id=outcome.thread_id,
            priority=item.priority,
        )
        if row is not None and row.id is not None:
            queued.append(row.id)
    return queued


def _over_budget(session: Session, outcome: StoryOutcome, policy: AlertPolicy, chat: str) -> bool:
    """The budgets of one chat in this cycle (each chat, the channel or a subscriber, has its
    own: a subscriber's alerts never hold the channel's back)."""
    cycle = outcome.now
    if outcome.feed_id is not None:
        spent = alert_queries.alerts_queued_at(
            session=session, created_at=cycle, feed_id=outcome.feed_id, chat_id=chat
        )
        if spent >= policy.per_feed:
            return True
    spent = alert_queries.alerts_queued_at(session=session, created_at=cycle, chat_id=chat)
    return spent >= policy.per_cycle


def _hold_back(session: Session, outcome: StoryOutcome, chat: str) -> None:
    feed = outcome.story.feed_title or outcome.story.feed_url
    summary = FloodSummaryAlert(feed=feed, held_back=1, cycle_started=outcome.now)
    key = f"flood:{outcome.feed_id}:{outcome.now.isoformat()}:{chat}"
    alert_queries.record_flood(
        session=session, summary=summary, dedup_key=key, chat_id=chat, now=outcome.now
    )


# ── one alert each ───────────────────────────────────────────────────────────────────────────


def _new_incident(event: SavedEvent, incident_id: int, story_id: int, chat: str) -> PlannedAlert:
    report = event.planned.event
    alert = NewIncidentAlert(
        incident_id=incident_id,
        story_id=story_id,
        event_type=report.event_type,
        summary=report.summary,
        role=report.role,
    )
    return PlannedAlert(alert, f"new_incident:{incident_id}:{chat}")


def _card_edit(
    outcome: StoryOutcome, event: SavedEvent, incident_id: int, story_id: int, chat: str
) -> PlannedAlert:
    story = outcome.story
    source = story.source_domain
    change = f"new claims from {source}" if event.planned.event.claims else f"new source: {source}"
    alert = CardEditAlert(
        incident_id=incident_id, story_id=story_id, url=story.url, title=story.title, change=change
    )
    return PlannedAlert(alert, f"card_edit:{incident_id}:{story_id}:{chat}")


def _contradiction(
    stored: StoredContradiction, incident_id: int, story_id: int, chat: str
) -> PlannedAlert:
    found = stored.contradiction
    alert = ContradictionAlert(
        incident_id=incident_id,
        story_id=story_id,
        contradiction_id=stored.id,
        kind=found.kind,
        category=found.category,
        summary=found.summary,
        first=ClaimFigure.of(found.first),
        second=ClaimFigure.of(found.second),
    )
    key = f"contradiction:{incident_id}:{found.category.value}:{found.kind.value}:{chat}"
    return PlannedAlert(alert, key)


def _unalerted_contradictions(
    session: Session, incident_id: int, story_id: int, chat: str
) -> list[PlannedAlert]:
    """Contradictions stored while the incident's stories were not alertable (backlog), not
    alerted in this chat nor in the group it was before becoming a supergroup."""
    view = view_queries.get_incident_view(session=session, incident_id=incident_id)
    if view is None:
        return []
    chats = chat_queries.former_chat_ids(session=session, chat_id=chat)
    planned = []
    for stored in view.contradictions:
        found = stored.contradiction
        keys = [
            f"contradiction:{incident_id}:{found.category.value}:{found.kind.value}:{c}"
            for c in chats
        ]
        if any(alert_queries.alert_key_exists(session=session, dedup_key=key) for key in keys):
            continue
        planned.append(_contradiction(stored, incident_id, story_id, chat))
    return planned


def _updates(event: SavedEvent, incident_id: int, story_id: int, chat: str) -> list[PlannedAlert]:
    planned = []
    for update in event.planned.updates:
        alert = TollUpdateAlert(
            incident_id=incident_id,
            story_id=story_id,
            claimant=update.claimant,
            category=update.category,
            victims=update.victims,
            old=update.old,
            new=update.new,
        )
        low = "" if update.new.low is None else update.new.low
        high = "" if update.new.high is None else update.new.high
        category = update.category.value
        key = f"update:{incident_id}:{update.claimant}:{category}:{low}-{high}:{chat}"
        planned.append(PlannedAlert(alert, key, silent=True))
    return planned


def _relevant_story(outcome: StoryOutcome, story_id: int, chat: str) -> PlannedAlert:
    story = outcome.story
    alert = RelevantStoryAlert(
        story_id=story_id,
        url=story.url,
        title=story.title,
        feed=story.feed_title or story.feed_url,
        published=story.published,
        keywords=tuple(outcome.analysis.matched_keywords),
    )
    return PlannedAlert(alert, f"story:{story_id}:{chat}", silent=True)

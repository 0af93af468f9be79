"""What an outbox row looks like now: rendered from the CURRENT incident view, or why there is
nothing to send (a card edit before the card exists)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.delivery.card_buttons import CardButton, card_buttons
from bot.render.alerts import render_alert
from bot.render.digest import FeedHealth, render_digest
from bot.render.html import split_message
from feeds.model.alerts import CardEditAlert, DigestAlert, NewIncidentAlert, load_alert
from feeds.model.outcome import IncidentView
from feeds.model.redact import mask_url
from storage.db import session_scope
from storage.models import AlertRow
from storage.queries import alerts as alert_queries
from storage.queries import chat_language as language_queries
from storage.queries import feeds as feed_queries
from storage.queries import status as status_queries
from storage.queries import views as view_queries

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Rendered:
    """What one alert turns into right now."""

    chunks: tuple[str, ...] = ()
    edit_message_id: int | None = None  # set: edit this message instead of sending
    skip_reason: str | None = None
    buttons: tuple[CardButton, ...] = ()  # under an incident card: deep links to the bot


def chat_language(session: Session, chat_id: str, default: str) -> str:
    """The language a chat reads: its ``/lang`` choice, else ``default`` (the channel's
    MALIWATCH_LANGUAGE)."""
    return language_queries.get_language(session=session, chat_id=chat_id) or default


def render_row(engine: Engine, row: AlertRow, now: datetime, *, language: str = "en") -> Rendered:
    """What the alert looks like now (from the current incident view), or why nothing is due,
    in the chat's language (``language`` when the chat chose none).

    The row's payload is read back into its typed alert (:func:`load_alert`); a payload that is
    not one raises :class:`AlertFormatError`, which delivery records as a permanent failure.
    A card carries Compare / Sources buttons (deep links into a private chat with the bot);
    an edited card says what changed and when (the time the edit was queued)."""
    alert = load_alert(row.kind, row.payload)
    with session_scope(engine) as session:
        lang = chat_language(session, row.chat_id, language)
        if isinstance(alert, DigestAlert):
            return Rendered(chunks=tuple(render_digest_chunks(session, alert, lang=lang)))
        view: IncidentView | None = None
        if row.incident_id is not None:
            view = view_queries.get_incident_view(session=session, incident_id=row.incident_id)
        if not isinstance(alert, NewIncidentAlert | CardEditAlert):
            return Rendered(chunks=tuple(render_alert(alert, view, lang=lang)))
        if view is None or row.incident_id is None:
            raise LookupError(f"incident {row.incident_id} not found")
        card = tuple(render_alert(alert, view, lang=lang, changed_at=row.created_at))
        buttons = card_buttons(row.incident_id, lang=lang)
        if isinstance(alert, NewIncidentAlert):
            return Rendered(chunks=card, buttons=buttons)
        card_id = alert_queries.card_message_id(
            session=session, incident_id=row.incident_id, chat_id=row.chat_id
        )
        if card_id is None:
            return Rendered(skip_reason="the card is not sent yet; it will show this state")
        return Rendered(chunks=card, edit_message_id=card_id, buttons=buttons)


def render_digest_chunks(session: Session, alert: DigestAlert, *, lang: str = "en") -> list[str]:
    """Incidents since the digest's ``since`` and feed health, under the name of its ``day``
    (so a digest delivered late still names its day)."""
    views = view_queries.list_incident_views(session=session, since=alert.since)
    others = status_queries.other_story_count(session=session, since=alert.since)
    return split_message(
        render_digest(
            views, day=alert.day, feeds=feed_health(session), other_stories=others, lang=lang
        )
    )


def feed_health(session: Session) -> FeedHealth:
    """Feed count and the failing feeds with their last error (for the digest and /status)."""
    total = len(feed_queries.list_feeds(session=session))
    failing = tuple(
        (mask_url(feed.url), feed.last_error or "")
        for feed in status_queries.failing_feeds(session=session)
    )
    return FeedHealth(total=total, failing=failing)

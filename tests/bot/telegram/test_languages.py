"""Two readers, one bot: a French-speaking and an English-speaking user, through the real PTB
Application against the emulator, get every reply in their own language (issue 11)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator
from datetime import date

import pytest
from sqlalchemy.engine import Engine

from bot.render.i18n import LANGUAGES, catalogue_ids, translator
from storage.db import session_scope
from storage.queries import chat_language as language_queries
from tests.helpers.botapp import CONFIGURED_ADMIN, READER, Conversation, running_application
from tests.helpers.outbox import count_dispute, save_story
from tests.helpers.telegram import TelegramEmulator

pytestmark = pytest.mark.anyio

FRENCH_READER = 4242


@pytest.fixture
async def chat(
    telegram_api: TelegramEmulator, sqlite_engine: Engine
) -> AsyncIterator[Conversation]:
    async with running_application(telegram_api, sqlite_engine) as application:
        yield Conversation(application, telegram_api)


def store_lerneb(engine: Engine) -> int:
    saved = save_story(engine, number=1, chat_id="console", contradictions=(count_dispute(),))
    return saved.incident_ids[0]


# (command, what the English reply says, what the French reply says)
REPLIES = [
    ("/start", "casualty claims", "bilans annoncés"),
    ("/help", "<b>Commands</b>" and "Commands", "Commandes"),
    ("/incidents", "Latest incidents", "Derniers incidents"),
    ("/incident {id}", "Claims · 2", "Bilans annoncés · 2"),
    ("/incident 99", "Incident #99 not found.", "Incident #99 introuvable."),
    ("/compare", "Usage: /compare ID · e.g. /compare 12", "Utilisation : /compare NUMÉRO"),
    ("/summary week", "Summary of the last 7 days", "Résumé des 7 derniers jours"),
    ("/status", "Last poll: never", "Dernière collecte : jamais"),
    ("/watch list", "Watch list", "Mots suivis"),
    ("/watch add Kidal", "Sorry, only maliwatch administrators", "Désolé, seuls"),
    ("/lang", "This chat reads English", "Cette conversation est en français"),
    ("/nonsense", "I do not know that command", "Je ne connais pas cette commande"),
    ("hello there", "I answer commands only", "Je réponds seulement aux commandes"),
    ("/incidents 1000", "Showing at most 50 incidents", "Au plus 50 incidents affichés"),
    ("/incidents " + "x" * 200, "That is too long: /incidents", "C'est trop long : /incidents"),
]


@pytest.mark.parametrize(
    ("command", "english", "french"), REPLIES, ids=[r[0][:20] for r in REPLIES]
)
async def test_each_reader_gets_every_reply_in_their_language(
    chat: Conversation, sqlite_engine: Engine, command: str, english: str, french: str
) -> None:
    incident_id = store_lerneb(sqlite_engine)
    text = command.format(id=incident_id)
    en = await chat.reply_text(text, user_id=READER, language_code="en")
    fr = await chat.reply_text(text, user_id=FRENCH_READER, language_code="fr-FR")
    assert english in en, en
    assert french in fr, fr
    assert en != fr
    assert "x" * 100 not in en + fr  # an argument is never echoed back


async def test_the_card_speaks_french_to_a_french_reader(
    chat: Conversation, sqlite_engine: Engine
) -> None:
    incident_id = store_lerneb(sqlite_engine)
    card = await chat.reply_text(
        f"/incident {incident_id}", user_id=FRENCH_READER, language_code="fr"
    )
    first = card.splitlines()[0]
    assert (
        first
        == "🚨 Frappe aérienne — 50 km au N de Lerneb (Tombouctou) · au moins 11 tués · contesté"
    )
    # the claimant's own phrase stays a quote in its language; the rest is French
    assert "CDRAP : au moins 18 “at least 18” tués civils “people”" in card
    unquoted = re.sub(r"“[^”]*”", "", card)
    for english in (
        "killed",
        "Claims",
        "most conservative",
        "[18+]",
        "at least",
        "Sources · 1 story",
    ):
        assert english not in unquoted


async def test_lang_overrides_the_telegram_language_and_is_remembered(
    chat: Conversation, sqlite_engine: Engine
) -> None:
    assert "désormais en English" not in await chat.reply_text(
        "/lang en", user_id=FRENCH_READER, language_code="fr"
    )
    assert "Latest incidents" in await chat.reply_text(
        "/incidents", user_id=FRENCH_READER, language_code="fr"
    )
    with session_scope(sqlite_engine) as session:
        assert language_queries.get_language(session=session, chat_id=str(FRENCH_READER)) == "en"
    assert (await chat.reply_text("/lang de", user_id=READER)).startswith("Usage: /lang fr|en")


async def test_aide_is_french_help_for_anyone(chat: Conversation) -> None:
    text = await chat.reply_text("/aide", user_id=READER, language_code="en")
    assert text.startswith("Commandes") and "/incidents [N | région | depuis AAAA-MM-JJ]" in text


async def test_only_admins_set_the_channel_language(
    chat: Conversation, sqlite_engine: Engine
) -> None:
    refused = await chat.reply_text("/lang channel en", user_id=READER)
    assert refused.startswith("Sorry, only maliwatch administrators")
    done = await chat.reply_text("/lang channel en", user_id=CONFIGURED_ADMIN)
    assert "alert channel now reads English" in done
    with session_scope(sqlite_engine) as session:
        assert language_queries.get_language(session=session, chat_id="-1001234567890") == "en"


@pytest.mark.parametrize("asked", ["Tombouctou", "timbuktu", "TIMBUKTU", "Tombouctou région"])
async def test_regions_are_found_in_either_spelling_without_accents(
    chat: Conversation, sqlite_engine: Engine, asked: str
) -> None:
    incident_id = store_lerneb(sqlite_engine)
    assert f"/incident_{incident_id}" in await chat.reply_text(f"/incidents {asked}")
    assert "No incidents." in await chat.reply_text("/incidents Ségou")


async def test_tappable_incident_commands_and_deep_links_answer(
    chat: Conversation, sqlite_engine: Engine
) -> None:
    incident_id = store_lerneb(sqlite_engine)
    card = await chat.reply_text(f"/incident_{incident_id}")
    assert card.startswith("🚨 Airstrike")
    sources = await chat.reply_text(
        f"/start sources_{incident_id}", user_id=FRENCH_READER, language_code="fr"
    )
    assert sources.startswith(f"Sources · incident #{incident_id}")
    calls = await chat.send(f"/start compare_{incident_id}")
    [photo] = [c for c in calls if c.method == "sendPhoto"]
    assert "one panel per category" in photo.params["caption"]
    assert "arrow" in photo.params["caption"]  # CDRAP's "at least 18"
    assert await chat.reply_text("/start incident_999") == "Incident #999 not found."


async def test_exports_have_a_caption_and_the_csv_names_outlets(
    chat: Conversation, sqlite_engine: Engine
) -> None:
    store_lerneb(sqlite_engine)
    [document] = [c for c in await chat.send("/export csv") if c.method == "sendDocument"]
    assert document.params["caption"].startswith("1 incident as an ACLED-style CSV")
    [row] = list(csv.DictReader(io.StringIO(document.files["document"].decode())))
    assert row["source"] == "example-news.com"
    [french] = [
        c
        for c in await chat.send("/export", user_id=FRENCH_READER, language_code="fr")
        if c.method == "sendDocument"
    ]
    assert french.params["caption"].startswith("1 incident en JSON lines")


async def test_incidents_since_is_by_event_date(chat: Conversation, sqlite_engine: Engine) -> None:
    incident_id = store_lerneb(sqlite_engine)  # event on 24 Nov 2026, stored on the same day
    assert f"/incident_{incident_id}" in await chat.reply_text("/incidents since 2026-11-24")
    assert "No incidents." in await chat.reply_text("/incidents since 2026-11-25")
    assert "(event date)" in await chat.reply_text("/incidents since 2026-11-01")


def test_both_catalogues_hold_every_message() -> None:
    assert catalogue_ids("fr") == catalogue_ids("en")
    t = translator("fr")
    assert t.date(date(2026, 11, 22)) == "22 nov. 2026"
    assert (
        t.plural("count.sources", 1) == "1 source" and t.plural("count.sources", 3) == "3 sources"
    )
    for lang in LANGUAGES:
        assert "{" not in translator(lang)("count.several")

"""The nine commands of the analyst's hands and the subscriptions (/map, /subscribe,
/unsubscribe, /subscriptions, /claims, /merge, /split, /unlink, /fix): a French-speaking and an
English-speaking user, through the real PTB Application on the emulator, each get every reply in
their own language; the correction lines of a card and the map's caption follow the reader."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.telegram.commands import COMMANDS
from bot.telegram.menu import ADMIN_COMMANDS, menu
from storage.db import session_scope
from storage.models import ClaimRow, StoryRow
from tests.helpers.botapp import (
    CHANNEL_ADMIN,
    CONFIGURED_ADMIN,
    READER,
    Conversation,
    running_application,
)
from tests.helpers.outbox import count_dispute, save_story
from tests.helpers.telegram import TelegramEmulator

pytestmark = pytest.mark.anyio

FRENCH_READER = 4242
FRENCH_ADMIN = CHANNEL_ADMIN  # an administrator of the alert channel, reading French


@pytest.fixture
async def chat(
    telegram_api: TelegramEmulator, sqlite_engine: Engine
) -> AsyncIterator[Conversation]:
    async with running_application(telegram_api, sqlite_engine) as application:
        yield Conversation(application, telegram_api)


def store_lerneb(engine: Engine) -> int:
    saved = save_story(engine, number=1, chat_id="console", contradictions=(count_dispute(),))
    return saved.incident_ids[0]


def first_claim(engine: Engine) -> int:
    with session_scope(engine) as session:
        claim = session.exec(select(ClaimRow).order_by(ClaimRow.id)).first()  # type: ignore[arg-type]
        assert claim is not None and claim.id is not None
        return claim.id


# (command, by an administrator, what the English reply says, what the French reply says)
REPLIES = [
    ("/subscribe", False, "Usage: /subscribe region|place|keyword VALUE · e.g. /subscribe region",
     "Utilisation : /subscribe region|place|keyword VALEUR · exemple :"),
    ("/subscribe region Atlantis", False, "“Atlantis” is not a region of Mali",
     "« Atlantis » n'est pas une région du Mali"),
    ("/subscribe region Timbuktu", False, "Subscribed to region “Timbuktu”: its new incidents",
     "Vous suivez désormais la région « Tombouctou » : ses nouveaux incidents"),
    ("/subscribe place " + "y" * 70, False, "That is too long: at most 60 characters.",
     "C'est trop long : 60 caractères au plus."),
    ("/unsubscribe place Gao", False, "You are not subscribed to place “Gao”",
     "Vous ne suivez pas le lieu « Gao »"),
    ("/unsubscribe", False, "Usage: /unsubscribe", "Utilisation : /unsubscribe"),
    ("/subscriptions", False, "No subscriptions. Example:", "Aucun abonnement. Exemple :"),
    ("/claims {id}", False, "Claims · incident #{id} (ids for /fix)",
     "Bilans annoncés · incident #{id} (numéros pour /fix)"),
    ("/claims {id}", False, "Stories (ids for /split and /unlink)",
     "Articles (numéros pour /split et /unlink)"),
    ("/claims", False, "Usage: /claims ID", "Utilisation : /claims NUMÉRO"),
    ("/merge {id} 99", False, "Sorry, only maliwatch administrators can correct incidents.",
     "Désolé, seuls les administrateurs de maliwatch peuvent corriger les incidents."),
    ("/merge {id} 99", True, "There is no incident #99.", "Il n'y a pas d'incident #99."),
    ("/merge {id} {id}", True, "An incident cannot be merged into itself.",
     "Un incident ne peut pas être fusionné avec lui-même."),
    ("/merge 1", True, "Usage: /merge A B · e.g. /merge 12 15", "Utilisation : /merge A B"),
    ("/split {id} 999", True, "There is no story 999.", "Il n'y a pas d'article 999."),
    ("/split", True, "Usage: /split INCIDENT STORY", "Utilisation : /split INCIDENT ARTICLE"),
    ("/unlink 999", True, "There is no story 999.", "Il n'y a pas d'article 999."),
    ("/unlink", True, "Usage: /unlink STORY", "Utilisation : /unlink ARTICLE"),
    ("/fix {claim} low=20 high=3", True, "Could not read that: low must not be above high",
     "Je n'ai pas compris : low ne doit pas dépasser high"),
    ("/fix {claim} victims=aliens", True, "victims is one of civilians",
     "victims vaut l'une de ces valeurs : civilians"),
    ("/fix {claim} low=lots", True, "low must be a whole number",
     "low doit être un nombre entier"),
    ("/fix {claim} low=1 low=2", True, "low is given twice", "low est donné deux fois"),
    ("/fix {claim} colour=red", True, "unknown field. Example: /fix 12 claimant=Malian army",
     "champ inconnu. Exemple : /fix 12 claimant=Armée malienne"),
    ("/fix 999 low=3", True, "There is no claim 999 (see /claims ID",
     "Il n'y a pas de bilan 999 (voir /claims NUMÉRO"),
    ("/fix {claim}", True, "Usage: /fix CLAIM", "Utilisation : /fix BILAN"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("command", "admin", "english", "french"),
    REPLIES,
    ids=[f"{r[0][:24]}-{'admin' if r[1] else 'reader'}" for r in REPLIES],
)
async def test_each_reader_gets_every_reply_in_their_language(
    chat: Conversation,
    sqlite_engine: Engine,
    command: str,
    admin: bool,
    english: str,
    french: str,
) -> None:
    incident_id = store_lerneb(sqlite_engine)
    values = {"id": incident_id, "claim": first_claim(sqlite_engine)}
    text = command.format(**values)
    en_user, fr_user = (CONFIGURED_ADMIN, FRENCH_ADMIN) if admin else (READER, FRENCH_READER)
    en = await chat.reply_text(text, user_id=en_user, language_code="en")
    fr = await chat.reply_text(text, user_id=fr_user, language_code="fr-FR")
    assert english.format(**values) in en, en
    assert french.format(**values) in fr, fr
    assert en != fr
    assert "x" * 100 not in en + fr  # an argument is never echoed back


async def test_corrections_are_answered_and_shown_on_the_card_in_each_language(
    chat: Conversation, sqlite_engine: Engine
) -> None:
    keep = store_lerneb(sqlite_engine)
    close = save_story(sqlite_engine, number=2, chat_id="console").incident_ids[0]
    third = save_story(sqlite_engine, number=3, chat_id="console").incident_ids[0]
    claim = first_claim(sqlite_engine)

    merged = await chat.reply_text(
        f"/merge {keep} {close}", user_id=FRENCH_ADMIN, language_code="fr"
    )
    assert merged == f"Incident #{close} fusionné dans #{keep}. Sa fiche l'indique désormais."
    again = await chat.reply_text(f"/merge {keep} {close}", user_id=CONFIGURED_ADMIN)
    assert f"Incident #{close} was merged into another" in again

    fixed = await chat.reply_text(f"/fix {claim} low=11 high=11", user_id=CONFIGURED_ADMIN)
    assert fixed.startswith(f"Claim {claim} fixed (figure at least 18 → 11)")
    with session_scope(sqlite_engine) as session:
        stories = session.exec(select(StoryRow).order_by(StoryRow.id)).all()  # type: ignore[arg-type]
    story = stories[1].id
    split = await chat.reply_text(
        f"/split {keep} {story}", user_id=FRENCH_ADMIN, language_code="fr"
    )
    assert split.startswith(f"L'article {story} a quitté #{keep} : c'est désormais l'incident #")
    unlinked = await chat.reply_text(
        f"/unlink {stories[2].id}", user_id=FRENCH_ADMIN, language_code="fr"
    )
    assert unlinked == f"L'article {stories[2].id} n'est plus une source de #{third}."

    fr = await chat.reply_text(f"/incident {keep}", user_id=FRENCH_READER, language_code="fr")
    en = await chat.reply_text(f"/incident {keep}", user_id=READER, language_code="en")
    assert "✎ Corrigé par un analyste" in fr and "Corrected by an analyst" not in fr
    assert f"• bilan {claim} corrigé : chiffre au moins 18 → 11 (24 nov. " in fr
    assert f"• incident #{close} fusionné dans celui-ci (" in fr
    assert "✎ Corrected by an analyst" in en
    assert f"• claim {claim} fixed: figure at least 18 → 11 (24 Nov " in en
    assert f"• incident #{close} merged into this one (" in en


async def test_the_map_caption_is_in_the_readers_language(
    chat: Conversation, sqlite_engine: Engine
) -> None:
    store_lerneb(sqlite_engine)
    captions = {}
    for user, lang in ((READER, "en"), (FRENCH_READER, "fr")):
        [photo] = [
            c
            for c in await chat.send("/map", user_id=user, language_code=lang)
            if c.method == "sendPhoto"
        ]
        captions[lang] = photo.params["caption"]
    assert captions["en"].startswith("1 incidents in the last 30 days, 1 located; dot size")
    assert captions["fr"].startswith("1 incidents ces 30 derniers jours, dont 1 localisés ;")
    assert "Utilisation : /map [JOURS]" in await chat.reply_text(
        "/map lots", user_id=FRENCH_READER, language_code="fr"
    )


def test_the_correction_commands_are_in_the_administrators_menus_only() -> None:
    assert {"merge", "split", "unlink", "fix", "claims"} <= ADMIN_COMMANDS
    for lang in ("en", "fr"):
        everyone = {c.command for c in menu(COMMANDS, lang, admin=False)}
        admins = {c.command for c in menu(COMMANDS, lang, admin=True)}
        assert not everyone & {"merge", "split", "unlink", "fix", "claims"}
        assert {"merge", "split", "unlink", "fix", "claims", "map", "subscribe"} <= admins
        assert {"map", "subscribe", "unsubscribe", "subscriptions"} <= everyone
    french = {c.command: c.description for c in menu(COMMANDS, "fr", admin=True)}
    assert french["fix"].startswith("Corriger") and french["map"].startswith("Carte")

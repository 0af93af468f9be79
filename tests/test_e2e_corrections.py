"""The analyst's hands end to end: loopback feeds → ``poll_once`` → the channel's cards on the
Telegram emulator; an administrator's /merge, /fix, /split and /unlink through the real bot;
the next polls respect them; the cards and the JSON Lines export show them."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from bot.delivery.senders import TelegramSender
from bot.delivery.worker import deliver_due_alerts
from feeds.clock import FixedClock
from storage.db import session_scope
from storage.io.export import write_jsonl
from storage.models import ClaimRow, ContradictionRow, CorrectionRow, IncidentRow
from tests.helpers.botapp import CONFIGURED_ADMIN, READER, Conversation, running_application
from tests.helpers.http import FeedServer
from tests.helpers.newsroom import (
    GAO,
    GAO_AGAIN,
    LERNEB,
    LERNEB_ARMY,
    NOW,
    Newsroom,
    card_text,
    newsroom_settings,
    open_newsroom,
)
from tests.helpers.telegram import TelegramEmulator

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def newsroom(
    engine: Engine,
    telegram_api: TelegramEmulator,
    sender: TelegramSender,
    feed_server: FeedServer,
    tmp_path: Path,
) -> Newsroom:
    settings = newsroom_settings(telegram_api, tmp_path)
    return await open_newsroom(engine, settings, sender, feed_server)


async def test_a_merge_survives_the_next_poll_and_shows_on_the_card_and_in_the_export(
    engine: Engine, newsroom: Newsroom, telegram_api: TelegramEmulator
) -> None:
    first = NOW + timedelta(hours=1)
    newsroom.publish("a", "lerneb", LERNEB, first)
    newsroom.publish("b", "gao", GAO, first)
    await newsroom.poll(first)
    lerneb, gao = newsroom.incident_of("lerneb"), newsroom.incident_of("gao")
    assert lerneb is not None and gao is not None and lerneb != gao

    corrected_at = first + timedelta(minutes=20)
    async with running_application(telegram_api, engine, clock=FixedClock(corrected_at)) as app:
        chat = Conversation(app, telegram_api)
        refused = await chat.reply_text(f"/merge {lerneb} {gao}", user_id=READER)
        assert "only maliwatch administrators" in refused
        answer = await chat.reply_text(f"/merge {lerneb} {gao}", user_id=CONFIGURED_ADMIN)
        assert f"#{gao} merged into #{lerneb}" in answer
        again = await chat.reply_text(f"/merge {lerneb} {gao}", user_id=CONFIGURED_ADMIN)
        assert "was merged into another" in again
    with session_scope(engine) as session:
        closed = session.get(IncidentRow, gao)
        assert closed is not None and closed.merged_into == lerneb
        [record] = session.exec(select(CorrectionRow)).all()
        assert (record.kind, record.made_by, record.made_at) == (
            "merge",
            str(CONFIGURED_ADMIN),
            corrected_at,
        )
    assert newsroom.incident_of("gao") == lerneb  # the story moved with its incident

    await deliver_due_alerts(engine=engine, sender=newsroom.sender, clock=FixedClock(corrected_at))
    card = card_text(telegram_api, lerneb)
    assert "Corrected by an analyst" in card and f"incident #{gao} merged into this one" in card
    assert "local officials" in card  # the Gao claims are on the merged card

    later = first + timedelta(hours=2)  # new stories about either incident land in the merged one
    newsroom.publish("a", "gao-again", GAO_AGAIN, later)
    newsroom.publish("b", "lerneb-army", LERNEB_ARMY, later)
    await newsroom.poll(later)
    assert newsroom.incident_of("gao-again") == lerneb
    assert newsroom.incident_of("lerneb-army") == lerneb
    with session_scope(engine) as session:
        assert session.exec(select(IncidentRow)).all().__len__() == 2  # no incident opened

    out = io.StringIO()
    with session_scope(engine) as session:
        write_jsonl(session=session, out=out)
    records = {r["id"]: r for r in map(json.loads, out.getvalue().splitlines()) if "id" in r}
    kept, merged = records[lerneb], records[gao]
    assert [c["kind"] for c in kept["corrections"]] == ["merge"]
    assert kept["corrections"][0]["made_by"] == str(CONFIGURED_ADMIN)
    assert kept["corrections"][0]["made_at"] == corrected_at.isoformat().replace("+00:00", "Z")
    assert merged["merged_into"] == lerneb and merged["stories"] == []
    assert kept["merged_into"] is None
    for field in ("stories", "claims", "contradictions", "tallies", "acled_id", "summary"):
        assert field in kept  # the existing fields stay


async def test_a_fixed_claim_keeps_its_values_when_the_disputes_are_recomputed(
    engine: Engine, newsroom: Newsroom, telegram_api: TelegramEmulator
) -> None:
    first = NOW + timedelta(hours=1)
    newsroom.publish("a", "lerneb", LERNEB, first)
    await newsroom.poll(first)
    incident = newsroom.incident_of("lerneb")
    assert incident is not None
    fixed_at = first + timedelta(minutes=5)
    async with running_application(telegram_api, engine, clock=FixedClock(fixed_at)) as app:
        chat = Conversation(app, telegram_api)
        listing = await chat.reply_text(f"/claims {incident}")
        with session_scope(engine) as session:
            [claim] = session.exec(select(ClaimRow)).all()
        assert f"{claim.id} " in listing and "CDRAP" in listing
        bad = await chat.reply_text(f"/fix {claim.id} low=20 high=3", user_id=CONFIGURED_ADMIN)
        assert "low must not be above high" in bad
        answer = await chat.reply_text(
            f"/fix {claim.id} low=11 high=11 | victims=militants", user_id=CONFIGURED_ADMIN
        )
        assert f"Claim {claim.id} fixed" in answer
    with session_scope(engine) as session:
        row = session.get(ClaimRow, claim.id)
        assert row is not None and (row.low, row.high, row.victims) == (11, 11, "militants")

    # The army's 11 militants now agree with the fixed claim: no count dispute is raised, and
    # a second copy of the original (wrong) reading is read as fixed.
    later = first + timedelta(hours=1)
    newsroom.publish("b", "lerneb-army", LERNEB_ARMY, later)
    newsroom.publish("b", "lerneb-copy", (LERNEB[0] + " (update)", LERNEB[1]), later)
    await newsroom.poll(later)
    assert newsroom.incident_of("lerneb-army") == incident
    with session_scope(engine) as session:
        kinds = {(r.category, r.kind) for r in session.exec(select(ContradictionRow))}
        assert ("killed", "count") not in kinds
        copy_id = newsroom.story_id("lerneb-copy")
        copies = session.exec(select(ClaimRow).where(col(ClaimRow.story_id) == copy_id)).all()
        assert copies and all((c.low, c.high) == (11, 11) for c in copies)
    card = card_text(telegram_api, incident)
    assert "Corrected by an analyst" in card and f"claim {claim.id} fixed" in card
    assert "figure at least 18 → 11" in card


async def test_a_split_story_opens_its_own_incident_and_is_not_rejoined(
    engine: Engine, newsroom: Newsroom, telegram_api: TelegramEmulator
) -> None:
    first = NOW + timedelta(hours=1)
    newsroom.publish("a", "lerneb", LERNEB, first)
    newsroom.publish("b", "lerneb-army", LERNEB_ARMY, first)
    await newsroom.poll(first)
    incident = newsroom.incident_of("lerneb")
    assert incident is not None and newsroom.incident_of("lerneb-army") == incident
    with session_scope(engine) as session:
        assert session.exec(select(ContradictionRow)).all()  # 18+ civilians vs 11 militants
    army = newsroom.story_id("lerneb-army")
    async with running_application(telegram_api, engine, clock=FixedClock(first)) as app:
        chat = Conversation(app, telegram_api)
        answer = await chat.reply_text(f"/split {incident} {army}", user_id=CONFIGURED_ADMIN)
        assert f"Story {army} left #{incident}" in answer
    opened = newsroom.incident_of("lerneb-army")
    assert opened not in (None, incident)
    with session_scope(engine) as session:
        # each incident has one claimant left: the disputes between them are gone
        assert session.exec(select(ContradictionRow)).all() == []
        army_claims = session.exec(select(ClaimRow).where(col(ClaimRow.story_id) == army)).all()
        assert {c.incident_id for c in army_claims} == {opened}

    # A wire copy of the split story goes with it, not back to the incident it left.
    later = first + timedelta(hours=1)
    newsroom.publish("a", "army-copy", LERNEB_ARMY, later)
    await newsroom.poll(later)
    assert newsroom.incident_of("army-copy") == opened


async def test_an_unlinked_story_belongs_to_no_incident(
    engine: Engine, newsroom: Newsroom, telegram_api: TelegramEmulator
) -> None:
    first = NOW + timedelta(hours=1)
    newsroom.publish("a", "lerneb", LERNEB, first)
    newsroom.publish("b", "lerneb-army", LERNEB_ARMY, first)
    await newsroom.poll(first)
    incident = newsroom.incident_of("lerneb")
    army = newsroom.story_id("lerneb-army")
    async with running_application(telegram_api, engine, clock=FixedClock(first)) as app:
        chat = Conversation(app, telegram_api)
        answer = await chat.reply_text(f"/unlink {army}", user_id=CONFIGURED_ADMIN)
        assert f"Story {army} is no longer a source of #{incident}" in answer
        again = await chat.reply_text(f"/unlink {army}", user_id=CONFIGURED_ADMIN)
        assert "belongs to no incident" in again
    assert newsroom.incident_of("lerneb-army") is None
    with session_scope(engine) as session:
        army_claims = session.exec(select(ClaimRow).where(col(ClaimRow.story_id) == army)).all()
        assert army_claims and {c.incident_id for c in army_claims} == {None}
        assert session.exec(select(ContradictionRow)).all() == []
    later = first + timedelta(hours=1)
    newsroom.publish("a", "army-copy", LERNEB_ARMY, later)
    await newsroom.poll(later)
    assert newsroom.incident_of("army-copy") != incident

"""The analyst's hands end to end: loopback feeds → ``poll_once`` → the channel's cards on the
Telegram emulator; an administrator's /merge, /fix, /split and /unlink through the real bot;
the next polls respect them; the cards and the JSON Lines export show them."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from bot.delivery.senders import TelegramSender
from bot.delivery.worker import deliver_due_alerts
from bot.settings import Settings, load_settings
from feeds.clock import FixedClock
from feeds.pipeline.run import poll_once
from storage.db import session_scope
from storage.io.export import write_jsonl
from storage.models import ClaimRow, ContradictionRow, CorrectionRow, IncidentRow, StoryRow
from storage.queries import feeds as feed_queries
from tests.helpers.botapp import CONFIGURED_ADMIN, READER, Conversation, running_application
from tests.helpers.http import FeedServer
from tests.helpers.telegram import CHANNEL, TEST_TOKEN, TelegramEmulator

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
LERNEB = (
    "Mali army airstrike on market kills at least 18, Tuareg group says",
    "Mali's army conducted an airstrike on a market about 50 kilometers north of Lerneb in the"
    " Timbuktu region on Sunday that killed at least 18 civilians, the Collective for the"
    " Defense of the Rights of the Azawad People (CDRAP) said in a statement.",
)
LERNEB_ARMY = (
    "Mali army says strike near Lerneb killed 11 terrorists",
    "Mali's army said on X that its airstrike on Sunday on a refuge about 50 kilometers north of"
    " Lerneb in the Timbuktu region killed 11 terrorists.",
)
GAO = (
    "Gunmen kill 5 civilians near Gao",
    "Unidentified gunmen attacked the village of Kadji near Gao in the Gao region on Sunday,"
    " killing five civilians, local officials said.",
)
GAO_AGAIN = (
    "Gao attack: officials confirm the toll",
    "Local officials said on Monday that the attack on Sunday on the village of Kadji near Gao"
    " killed five civilians.",
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def rss(items: list[tuple[str, str, str, datetime]], *, outlet: str) -> str:
    body = "".join(
        f"<item><title>{escape(title)}</title><link>https://{outlet}/{guid}</link>"
        f"<guid isPermaLink='false'>{guid}</guid><pubDate>{format_datetime(when)}</pubDate>"
        f"<description>{escape(text)}</description></item>"
        for guid, title, text, when in items
    )
    channel = f"<channel><title>{outlet}</title>{body}</channel>"
    return f"<?xml version='1.0'?><rss version='2.0'>{channel}</rss>"


@pytest.fixture
def settings(telegram_api: TelegramEmulator, tmp_path: Path) -> Settings:
    return load_settings(
        MALIWATCH_DATABASE_URL=f"sqlite:///{tmp_path / 'unused.db'}",
        MALIWATCH_FETCH_TIMEOUT=5,
        MALIWATCH_ALERT_MAX_AGE_HOURS=6,
        TELEGRAM_BOT_TOKEN=TEST_TOKEN,
        TELEGRAM_API_BASE_URL=telegram_api.base_url,
        TELEGRAM_CHAT_ID=str(CHANNEL),
    )


class Newsroom:
    """Two outlets on loopback, polled and delivered at given times."""

    def __init__(
        self, engine: Engine, settings: Settings, sender: TelegramSender, server: FeedServer
    ) -> None:
        self.engine, self.settings, self.sender, self.server = engine, settings, sender, server
        self.items: dict[str, list[tuple[str, str, str, datetime]]] = {"a": [], "b": []}

    async def start(self) -> None:
        for outlet in self.items:
            self.publish_nothing(outlet)
            with session_scope(self.engine) as session:
                feed_queries.upsert_feed(
                    session=session, url=self.server.url(f"/{outlet}"), title="", now=NOW
                )
        await self.poll(NOW)  # first polls: backlog only

    def publish_nothing(self, outlet: str) -> None:
        self.server.add(f"/{outlet}", rss([], outlet=f"outlet-{outlet}.example"))

    def publish(self, outlet: str, guid: str, story: tuple[str, str], when: datetime) -> None:
        self.items[outlet].append((guid, *story, when))
        self.server.add(f"/{outlet}", rss(self.items[outlet], outlet=f"outlet-{outlet}.example"))

    async def poll(self, now: datetime) -> None:
        async with httpx.AsyncClient(timeout=5) as client:
            await poll_once(
                engine=self.engine, settings=self.settings, client=client, clock=FixedClock(now)
            )
        await deliver_due_alerts(engine=self.engine, sender=self.sender, clock=FixedClock(now))

    def incident_of(self, guid: str) -> int | None:
        with session_scope(self.engine) as session:
            story = session.exec(select(StoryRow).where(col(StoryRow.guid) == guid)).one()
            return story.incident_id

    def story_id(self, guid: str) -> int:
        with session_scope(self.engine) as session:
            story = session.exec(select(StoryRow).where(col(StoryRow.guid) == guid)).one()
            assert story.id is not None
            return story.id


def card_text(telegram_api: TelegramEmulator, incident_id: int) -> str:
    """The channel card of an incident as it reads now (after its edits)."""
    cards = [
        message.text
        for (chat, _), message in sorted(telegram_api.messages.items())
        if chat == CHANNEL and f"incident #{incident_id}\n" in message.text
    ]
    assert len(cards) == 1, cards
    return cards[0]


@pytest.fixture
async def newsroom(
    engine: Engine, settings: Settings, sender: TelegramSender, feed_server: FeedServer
) -> Newsroom:
    room = Newsroom(engine, settings, sender, feed_server)
    await room.start()
    return room


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
    assert "figure 18+ → 11" in card


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

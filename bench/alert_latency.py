"""Alert latency: a new Mali item on a feed → its alert received by the Bot API emulator.

One feed (already polled once, 20 other items on it) on the loopback ``FeedServer``, a
temporary SQLite file, and the Bot API emulator of ``tests/helpers/telegram.py`` with the real
python-telegram-bot sender. R rounds (default 15): the feed gets a new item about a new event
(the seed story published 10 days after the previous round's, so each opens an incident), and
a cycle starts at once: ``poll_once`` then ``deliver_due_alerts``; the latency is the time
from the item's publication on the feed server to the emulator recording the channel's
``sendMessage``. A real ``run`` adds the wait for its next cycle (up to
MALIWATCH_POLL_INTERVAL, half of it on average). Baseline in the same run: a bare httpx GET of
the same feed plus one bare ``sendMessage`` POST to the emulator (the network work alone).
Prints p50 / p95. Run: ``.venv/bin/python bench/alert_latency.py [R]``.
"""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import timedelta

from _common import (
    NOW,
    add_feeds,
    header,
    mali_item,
    other_item,
    percentile,
    row,
    rss,
    settings,
    sqlite_url,
)


async def bare_round(feed_url: str, api_url: str, chat: int) -> float:
    import httpx

    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=20) as client:
        (await client.get(feed_url)).raise_for_status()
        answer = await client.post(f"{api_url}/sendMessage", json={"chat_id": chat, "text": "x"})
        answer.raise_for_status()
    return time.perf_counter() - started


def main() -> None:
    from telegram import Bot

    from bot.delivery.senders import TelegramSender
    from bot.delivery.worker import deliver_due_alerts
    from feeds.clock import FixedClock
    from feeds.ingest.fetch import make_http_client
    from feeds.pipeline.run import poll_once
    from storage.db import init_db
    from tests.helpers.http import FeedServer
    from tests.helpers.telegram import CHANNEL, TEST_TOKEN, TelegramEmulator

    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    emulator = TelegramEmulator().start()
    emulator.add_chat(CHANNEL, type="channel", admins=(7,))
    latencies: list[float] = []
    bare: list[float] = []
    try:
        with FeedServer() as server, sqlite_url() as url:
            others = [other_item(n, "lat") for n in range(20)]
            server.add("/feed", rss(others))
            engine = init_db(url)
            add_feeds(engine, [server.url("/feed")])
            config = settings(
                url,
                TELEGRAM_BOT_TOKEN=TEST_TOKEN,
                TELEGRAM_API_BASE_URL=emulator.base_url,
                TELEGRAM_CHAT_ID=str(CHANNEL),
            )

            async def run() -> None:
                async with Bot(TEST_TOKEN, base_url=emulator.base_url) as bot:
                    sender = TelegramSender(bot)
                    client = make_http_client(timeout=20, allow_private=True)
                    async with client:
                        for n in range(rounds):
                            now = NOW + timedelta(days=10 * n)
                            item = mali_item(n, "new", when=now - timedelta(minutes=5))
                            sent_before = len(emulator.calls_to("sendMessage"))
                            server.add("/feed", rss([item, *others]))
                            published = time.perf_counter()
                            summary = await poll_once(
                                engine=engine, settings=config, client=client,
                                clock=FixedClock(now), every_feed=True, add_feeds=False,
                            )  # fmt: skip
                            await deliver_due_alerts(
                                engine=engine, sender=sender, clock=FixedClock(now)
                            )
                            received = time.perf_counter()
                            assert len(emulator.calls_to("sendMessage")) > sent_before, (
                                n,
                                summary.feeds,
                                emulator.calls_to("sendMessage")[-1:],
                            )
                            latencies.append(received - published)
                            bare.append(
                                await bare_round(
                                    server.url("/feed"), f"{emulator.base_url}{TEST_TOKEN}", CHANNEL
                                )
                            )

            asyncio.run(run())
            engine.dispose()
    finally:
        emulator.stop()
    header(f"alert_latency: new item -> emulator, {rounds} rounds, cycle started at once")
    row("poll + delivery", f"p50 {percentile(latencies, 0.5) * 1000:6.0f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1000:6.0f} ms")  # fmt: skip
    row("baseline: bare GET + bare sendMessage", f"p50 {percentile(bare, 0.5) * 1000:6.0f} ms, "
        f"p95 {percentile(bare, 0.95) * 1000:6.0f} ms")  # fmt: skip
    row("ratio p50", f"{percentile(latencies, 0.5) / percentile(bare, 0.5):6.1f}x")
    row("plus, in `run`", "the wait for the next cycle (<= MALIWATCH_POLL_INTERVAL)")


if __name__ == "__main__":
    main()

"""`poll` of one general-Africa feed vs bare ``feedparser.parse`` of the same bytes.

A feed of N items (default 1,000) with 5% Mali stories, and one whose items are all Mali
stories (default 100: each is analysed, matched and stored, so it is slow), polled into a fresh
SQLite file from a loopback server. Baseline in the same run: ``feedparser.parse`` of the body
(best of 3). Prints items/s of both and the ratio (poll / feedparser; the goal for the mix is
>= 0.5x). Run: ``.venv/bin/python bench/poll_mix.py [N_MIX] [N_ALL_MALI]``.
"""

from __future__ import annotations

import sys

from _common import add_feeds, best_of, header, mixed_feed, poll, row, settings, sqlite_url, timed


def measure(label: str, body: bytes, items: int) -> None:
    import feedparser

    from storage.db import init_db
    from tests.helpers.http import FeedServer

    bare = best_of(3, lambda: feedparser.parse(body))
    with FeedServer() as server, sqlite_url() as url:
        server.add("/feed", body)
        engine = init_db(url)
        add_feeds(engine, [server.url("/feed")])
        elapsed, summary = timed(lambda: poll(engine, settings(url)))
        engine.dispose()
    stored = summary.total("stories_new")
    assert stored == items, f"stored {stored} of {items}"
    header(label)
    row(
        "poll (fetch, parse, dedup, analyse, save)",
        f"{items / elapsed:8.0f} items/s ({elapsed:.2f} s)",
    )
    row("baseline: feedparser.parse, same bytes", f"{items / bare:8.0f} items/s ({bare:.3f} s)")
    row("ratio poll / feedparser", f"{bare / elapsed:8.3f}x")


def main() -> None:
    mix = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    all_mali = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    measure(f"poll_mix: {mix} items, 5% Mali", mixed_feed(mix, 0.05, "mix"), mix)
    measure(f"poll_mix: {all_mali} items, all Mali", mixed_feed(all_mali, 1.0, "all"), all_mali)


if __name__ == "__main__":
    main()

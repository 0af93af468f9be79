"""A cycle over N feeds that all answer 304 vs bare httpx doing the same conditional GETs.

N feeds (default 1,000 and 10,000) on one loopback server, each with a stored ETag the server
matches, polled at ``MALIWATCH_FETCH_CONCURRENCY`` 8 into a fresh SQLite file. Baseline in the
same run: one ``httpx.AsyncClient`` sending the same ``If-None-Match`` GETs, 8 at a time, doing
nothing with the answers. Prints seconds, the ratio, and the process's peak RSS.
Run: ``.venv/bin/python bench/not_modified.py [N ...]``.
"""

from __future__ import annotations

import asyncio
import resource
import sys

from _common import add_feeds, header, poll, row, rss, settings, sqlite_url, timed

CONCURRENCY = 8


async def bare_gets(urls: list[str]) -> int:
    import httpx

    limit = asyncio.Semaphore(CONCURRENCY)
    answered = 0
    async with httpx.AsyncClient(timeout=20) as client:

        async def one(url: str) -> None:
            nonlocal answered
            async with limit:
                response = await client.get(url, headers={"If-None-Match": '"v1"'})
                answered += response.status_code == 304

        await asyncio.gather(*(one(url) for url in urls))
    return answered


def measure(count: int) -> None:
    from storage.db import init_db
    from tests.helpers.http import FeedServer

    with FeedServer() as server, sqlite_url() as url:
        paths = [f"/f{n}" for n in range(count)]
        for path in paths:
            server.add(path, rss([]), etag='"v1"')
        urls = [server.url(path) for path in paths]
        engine = init_db(url)
        add_feeds(engine, urls, etag='"v1"')
        config = settings(url, MALIWATCH_FETCH_CONCURRENCY=CONCURRENCY)
        elapsed, summary = timed(lambda: poll(engine, config))
        bare, answered = timed(lambda: asyncio.run(bare_gets(urls)))
        engine.dispose()
    assert answered == count and len(summary.feeds) == count, (answered, len(summary.feeds))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    header(f"not_modified: {count} feeds answering 304, concurrency {CONCURRENCY}")
    row("poll cycle (claim, GET, health)", f"{elapsed:7.2f} s ({count / elapsed:.0f} feeds/s)")
    row("baseline: bare httpx, same GETs", f"{bare:7.2f} s ({count / bare:.0f} feeds/s)")
    row("ratio poll / bare httpx", f"{elapsed / bare:7.2f}x the time")
    row("peak RSS of this process so far", f"{peak_mb:7.0f} MB")


def main() -> None:
    counts = [int(arg) for arg in sys.argv[1:]] or [1000, 10000]
    for count in counts:
        measure(count)


if __name__ == "__main__":
    main()

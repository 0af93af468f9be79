"""Parse feeds of growing size: time per MB and tracemalloc peak as a multiple of the body.

Baseline measured in the same run: ``xml.etree.ElementTree.fromstring`` over the same bytes
(a bare XML parse, no feed semantics). Prints, for each body size, parse_feed's time and peak
memory and their ratios to the baseline. Run: ``.venv/bin/python bench/parse_large_feed.py``.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from feeds.ingest.parse import parse_feed

PARAGRAPH = (
    "Une frappe aérienne a touché un marché au nord de Lerneb, dans la région de Tombouctou ; "
    "selon la CDRAP, au moins 18 personnes ont été tuées et sept blessées. L'armée affirme "
    "avoir neutralisé 11 terroristes. "
)
FETCHED = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


def make_feed(items: int) -> bytes:
    entries = "".join(
        f"<item><title>Story {n}</title><link>https://news.example.org/{n}</link>"
        f"<guid>n-{n}</guid><pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate>"
        f"<description>&lt;p&gt;{PARAGRAPH * 4}&lt;/p&gt;</description></item>"
        for n in range(items)
    )
    channel = f"<channel><title>Big</title>{entries}</channel>"
    return f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'>{channel}</rss>".encode()


def measure(work: Callable[[], object]) -> tuple[float, int]:
    """(seconds, peak bytes) of one call; time without tracemalloc, peak with it."""
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak


def main() -> None:
    print(
        f"{'body':>9} {'items':>6} {'parse s':>8} {'MB/s':>6} {'peak/body':>9} "
        f"{'time vs etree':>13} {'peak vs etree':>13}"
    )
    for items in (100, 500, 2000, 5000):
        body = make_feed(items)
        seconds, peak = measure(
            lambda b=body: parse_feed(b, feed_url="https://x.example/rss", fetched=FETCHED)
        )
        base_seconds, base_peak = measure(lambda b=body: ElementTree.fromstring(b))
        size_mb = len(body) / 1e6
        print(
            f"{size_mb:7.2f}MB {items:6d} {seconds:8.3f} {size_mb / seconds:6.2f} "
            f"{peak / len(body):9.1f} {seconds / base_seconds:12.1f}x {peak / base_peak:12.1f}x"
        )


if __name__ == "__main__":
    main()

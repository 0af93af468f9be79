"""analyse_story throughput against a plain regex scan of the same texts.

Baseline measured in the same run: one compiled regular expression that finds "number + casualty
word" pairs in English and French (what a naive keyword alert would do). Prints stories per
second for both and the ratio: the price of reading claims, claimants, places and dates.
Texts: the stories of ``seeds/sample/`` (rendered) and ``tests/data/seed_story_lerneb.txt``.
Run: ``.venv/bin/python bench/analysis_throughput.py [ROUNDS]``.
"""

from __future__ import annotations

import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.cli.demo import SAMPLE_DIR, render_sample  # noqa: E402
from feeds.analysis.relevance import load_default_watchlist  # noqa: E402
from feeds.analysis.story import analyse_story  # noqa: E402
from feeds.ingest.parse import parse_feed  # noqa: E402

NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
NAIVE = re.compile(
    r"\b(\d+)\s+(?:\w+\s+){0,3}?(killed|dead|wounded|injured|tués|morts|blessés|terroristes)",
    re.IGNORECASE,
)


def sample_stories() -> list:  # type: ignore[type-arg]
    stories = []
    for path in sorted(SAMPLE_DIR.glob("*.xml")):
        body = render_sample(path.read_text(encoding="utf-8"), now=NOW, base="http://127.0.0.1")
        stories += parse_feed(
            body.encode(), feed_url=f"http://127.0.0.1/{path.name}", fetched=NOW
        ).stories
    return stories


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    stories = sample_stories()
    watch = load_default_watchlist()
    texts = [story.full_text for story in stories]
    analyse_story(stories[0], watch=watch)  # warm caches (gazetteer, compiled patterns)

    start = time.perf_counter()
    claims = 0
    for _ in range(rounds):
        for story in stories:
            claims += sum(len(e.claims) for e in analyse_story(story, watch=watch).events)
    analysed = time.perf_counter() - start

    start = time.perf_counter()
    hits = 0
    for _ in range(rounds):
        for text in texts:
            hits += len(NAIVE.findall(text))
    scanned = time.perf_counter() - start

    n = rounds * len(stories)
    print(f"{len(stories)} stories x {rounds} rounds = {n} analyses")
    print(f"analyse_story: {n / analysed:10.0f} stories/s  ({claims // rounds} claims per round)")
    print(f"regex scan:    {n / scanned:10.0f} stories/s  ({hits // rounds} hits per round)")
    print(f"ratio: analyse_story takes {analysed / scanned:.0f}x the regex scan's time")


if __name__ == "__main__":
    main()

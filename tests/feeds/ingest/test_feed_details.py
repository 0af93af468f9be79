"""Feed details seen on real feeds: tracking parameters, and distinct names for one outlet's
several feeds."""

from __future__ import annotations

import pytest

from bot.telegram.commands.feeds import render_feed_list
from feeds.ingest.feed_names import display_names, path_label
from feeds.ingest.urls import canonical_url
from storage.models import FeedRow
from tests.helpers.builders import NOW


@pytest.mark.parametrize(
    "link",
    [
        "https://www.bbc.co.uk/news/articles/c0abc?at_medium=RSS&at_campaign=rss",
        "https://www.bbc.co.uk/news/articles/c0abc?traffic_source=rss",
        "https://www.bbc.co.uk/news/articles/c0abc?xtor=RSS-518&xtref=x",
        "https://www.bbc.co.uk/news/articles/c0abc?utm_source=feed&ICID=home&WT.mc_id=1#top",
    ],
)
def test_tracking_parameters_leave_one_canonical_link(link: str) -> None:
    assert canonical_url(link) == "https://www.bbc.co.uk/news/articles/c0abc"


def test_other_parameters_stay() -> None:
    assert canonical_url("https://a.example/read?id=12&traffic_source=rss") == (
        "https://a.example/read?id=12"
    )


def test_one_outlets_feeds_get_distinct_names() -> None:
    feeds = [
        ("https://feeds.bbci.co.uk/news/world/africa/rss.xml", "BBC News"),
        ("https://feeds.bbci.co.uk/news/world/rss.xml", "BBC News"),
        ("https://www.rfi.fr/fr/afrique/rss", "RFI"),
        ("https://t.me/s/fama_mali", ""),
    ]
    assert display_names(feeds) == [
        "BBC News (news/world/africa)",
        "BBC News (news/world)",
        "RFI",
        "t.me/s/fama_mali",
    ]
    assert path_label("https://www.studiotamani.org/feed/") == ""
    same = [("https://a.example/rss", "News"), ("https://b.example/rss", "News")]
    assert len(set(display_names(same))) == 2


def test_feeds_list_in_telegram_shows_the_distinct_names() -> None:
    rows = [
        FeedRow(id=1, url="https://feeds.bbci.co.uk/news/world/africa/rss.xml", title="BBC News",
                added_at=NOW),
        FeedRow(id=2, url="https://feeds.bbci.co.uk/news/world/rss.xml", title="BBC News",
                added_at=NOW),
    ]  # fmt: skip
    text = render_feed_list(rows)
    assert "BBC News (news/world/africa)" in text and "BBC News (news/world) —" in text

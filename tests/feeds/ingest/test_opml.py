"""Feed lists: text files with one URL a line, and OPML."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.ingest.opml import (
    FeedSpec,
    LineProblem,
    parse_feed_list,
    parse_opml,
    parse_text_list,
    read_feed_list,
)
from feeds.model.web import web_url_problem

TEXT_LIST = """\
# maliwatch feeds

# RFI Afrique
https://www.rfi.fr/fr/afrique/rss
https://news.example.com/feed.xml   Example News
https://org.example.org/rss   # Example Org

https://bare.example.net/atom
ftp://files.example.net/feed
www.example.com/rss
https://news.example.com/feed.xml
"""

OPML = """\
<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Sahel feeds</title></head>
  <body>
    <outline text="French outlets">
      <outline type="rss" text="Journal du Sahel" xmlUrl="https://journal.example.fr/atom"
               htmlUrl="https://journal.example.fr/"/>
      <outline type="rss" title="Radio Exemple" text="ignored" xmlUrl="https://radio.example.org/rdf"/>
    </outline>
    <outline text="no feed here" htmlUrl="https://example.com/"/>
    <outline type="rss" text="Untitled" xmlurl="https://lower.example.com/rss"/>
    <outline type="rss" xmlUrl="javascript:alert(1)" text="bad"/>
    <outline type="rss" xmlUrl="https://journal.example.fr/atom" text="again"/>
  </body>
</opml>
"""


def test_text_list_urls_and_titles() -> None:
    result = parse_text_list(TEXT_LIST)
    assert result.feeds == [
        FeedSpec("https://www.rfi.fr/fr/afrique/rss", "RFI Afrique"),
        FeedSpec("https://news.example.com/feed.xml", "Example News"),
        FeedSpec("https://org.example.org/rss", "Example Org"),
        FeedSpec("https://bare.example.net/atom", None),
    ]


def test_text_list_problems_have_line_numbers() -> None:
    problems = parse_text_list(TEXT_LIST).problems
    assert [p.line for p in problems] == [9, 10, 11]
    assert problems[0].message.startswith("not an http(s) URL")
    assert problems[1].message.startswith("not an http(s) URL")
    assert problems[2].message == "duplicate of line 5: https://news.example.com/feed.xml"
    assert str(problems[2]).startswith("line 11: duplicate")


def test_feed_spec_unpacks_as_url_and_title() -> None:
    url, title = parse_text_list("https://a.example/rss  A\n").feeds[0]
    assert (url, title) == ("https://a.example/rss", "A")


def test_blank_line_forgets_the_comment_title() -> None:
    result = parse_text_list("# Section header\n\nhttps://a.example/rss\n")
    assert result.feeds == [FeedSpec("https://a.example/rss", None)]


def test_opml_outlines() -> None:
    result = parse_opml(OPML)
    assert result.feeds == [
        FeedSpec("https://journal.example.fr/atom", "Journal du Sahel"),
        FeedSpec("https://radio.example.org/rdf", "Radio Exemple"),
        FeedSpec("https://lower.example.com/rss", "Untitled"),
    ]
    assert [(p.line, p.message.split(":")[0]) for p in result.problems] == [
        (12, "not an http(s) URL"),
        (13, "duplicate of line 6"),
    ]


def test_malformed_opml_keeps_what_was_read_and_reports_the_line() -> None:
    broken = '<opml version="2.0"><body>\n<outline xmlUrl="https://a.example/rss"/>\n<outline\n'
    result = parse_opml(broken)
    assert result.feeds == [FeedSpec("https://a.example/rss", None)]
    assert len(result.problems) == 1
    assert result.problems[0].message.startswith("malformed OPML")
    assert result.problems[0].line >= 3


def test_xml_that_is_not_opml() -> None:
    result = parse_opml("<rss version='2.0'><channel/></rss>")
    assert result.feeds == []
    assert result.problems == [LineProblem(0, "not an OPML document (no <opml> element)")]


def test_entity_expansion_is_not_a_way_in() -> None:
    evil = (
        '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
        '<opml><body><outline text="&ext;" xmlUrl="https://a.example/rss"/></body></opml>'
    )
    result = parse_opml(evil)
    assert all("root:" not in (feed.title or "") for feed in result.feeds)


def test_parse_feed_list_tells_the_formats_apart() -> None:
    assert parse_feed_list(OPML).feeds[0].url == "https://journal.example.fr/atom"
    assert parse_feed_list(TEXT_LIST).feeds[0].url == "https://www.rfi.fr/fr/afrique/rss"


@pytest.mark.parametrize(
    ("name", "content"), [("feeds.ingest.opml", OPML.encode()), ("feeds.txt", TEXT_LIST.encode())]
)
def test_read_feed_list_file(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + content if name.endswith(".txt") else content)
    assert len(read_feed_list(path).feeds) in (3, 4)
    assert read_feed_list(path).feeds[0].url.startswith("https://")


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.com/rss", True),
        ("http://127.0.0.1:8080/feed", True),
        ("HTTPS://EXAMPLE.COM/rss", True),
        ("https:///rss", False),
        ("mailto:a@example.com", False),
        ("https://exa mple.com/rss", False),
        ("example.com/rss", False),
    ],
)
def test_check_feed_url(url: str, ok: bool) -> None:
    assert (web_url_problem(url) is None) is ok


def test_full_text_switch_on_a_url_line_and_in_opml() -> None:
    text = parse_feed_list(
        "# BBC Africa\n"
        "https://feeds.bbci.co.uk/news/world/africa/rss.xml  full_text: fetch\n"
        "https://a.example/rss  Example News  full_text=never\n"
        "https://b.example/rss  # Other  full_text: sometimes\n"
    )
    assert text.feeds == [
        FeedSpec("https://feeds.bbci.co.uk/news/world/africa/rss.xml", "BBC Africa"),
        FeedSpec("https://a.example/rss", "Example News"),
    ]
    assert text.full_text == {
        "https://feeds.bbci.co.uk/news/world/africa/rss.xml": "fetch",
        "https://a.example/rss": "never",
    }
    assert [p.line for p in text.problems] == [4]
    assert "auto, fetch or never" in text.problems[0].message
    opml = parse_feed_list(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        '<outline text="RFI" xmlUrl="https://www.rfi.fr/fr/afrique/rss" fullText="fetch"/>'
        '<outline text="Other" xmlUrl="https://c.example/rss"/></body></opml>'
    )
    assert opml.full_text == {"https://www.rfi.fr/fr/afrique/rss": "fetch"}

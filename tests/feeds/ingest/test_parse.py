"""Feed bytes → Story values: RSS 2.0, Atom 1.0, RSS 1.0/RDF; EN and FR; broken input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from feeds.ingest.html_text import html_to_text
from feeds.ingest.parse import (
    ParsedFeed,
    detect_language,
    language_code,
    parse_feed,
    story_content_hash,
)
from feeds.ingest.urls import canonical_url
from feeds.model.fingerprint import content_hash

SAMPLES = Path(__file__).parent / "samples"
FETCHED = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


def parse_sample(name: str, **kwargs: object) -> ParsedFeed:
    body = (SAMPLES / name).read_bytes()
    url = kwargs.pop("feed_url", f"https://feeds.example.net/{name}")
    fetched = kwargs.pop("fetched", FETCHED)
    return parse_feed(body, feed_url=str(url), fetched=fetched, **kwargs)  # type: ignore[arg-type]


# --- RSS 2.0 ---------------------------------------------------------------------------------


def test_rss2_feed_metadata() -> None:
    parsed = parse_sample("rss2_en.xml")
    assert parsed.title == "Sahel Wire & Co"
    assert parsed.language == "en"
    assert parsed.bozo_error is None
    assert not parsed.is_broken


def test_rss2_story_fields() -> None:
    story = parse_sample("rss2_en.xml").stories[0]
    assert story.url == "https://news.example.com/africa/lerneb-strike?b=2&id=42"
    assert story.guid == "sahelwire-2026-1123-001"
    assert story.published == datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
    assert story.published.utcoffset() == timedelta(0)
    assert story.fetched == FETCHED
    assert story.title == "Strike on market near Lerneb kills at least 18, group says"
    assert story.language == "en"
    assert story.feed_title == "Sahel Wire & Co"
    assert story.feed_url == "https://feeds.example.net/rss2_en.xml"


def test_rss2_prefers_content_and_strips_html() -> None:
    text = parse_sample("rss2_en.xml").stories[0].text
    assert text == (
        "A drone strike hit a market north of Lerneb on Sunday, killing at least 18 people – a "
        "rights group said.\n\n"
        "The army said it killed 11 “terrorists”.\nResidents disputed that.\n\n"
        "First point\n\nSecond point"
    )
    assert "trackReader" not in text and "color" not in text
    assert "Short summary" not in text


def test_rss2_content_hash_is_that_of_the_text() -> None:
    story = parse_sample("rss2_en.xml").stories[0]
    assert story.content_hash == content_hash(story.text)


def test_relative_link_resolved_guid_falls_back_to_link_date_to_fetched() -> None:
    story = parse_sample("rss2_en.xml", feed_url="https://News.Example.com/rss").stories[1]
    assert story.url == "https://news.example.com/economy/bamako-prices?page=2"
    assert story.guid == story.url
    assert story.published == FETCHED
    assert story.text == "Prices of millet and rice were steady this week."


def test_entry_without_link_or_id_is_skipped_and_counted() -> None:
    parsed = parse_sample("rss2_en.xml")
    assert len(parsed.stories) == 2
    assert parsed.skipped_entries == 1


# --- Atom 1.0 (French) -----------------------------------------------------------------------


def test_atom_french_story() -> None:
    parsed = parse_sample("atom_fr.xml")
    assert parsed.title == "Journal du Sahel – Afrique"
    assert parsed.language == "fr"
    story = parsed.stories[0]
    assert story.url == "https://journal.example.fr/afrique/frappe-lerneb"
    assert story.guid == "tag:journal.example.fr,2026:article-981"
    assert story.published == datetime(2026, 11, 23, 7, 15, tzinfo=UTC)
    assert story.language == "fr"
    assert story.text == (
        "Une frappe de drone a touché un marché au nord de Lerneb, dans la région de Tombouctou, "
        "faisant au moins dix-huit morts et sept blessés.\n\n"
        "L’armée malienne affirme avoir « neutralisé » onze terroristes."
    )


def test_atom_entry_without_link_uses_its_id_and_without_date_uses_fetched() -> None:
    story = parse_sample("atom_fr.xml").stories[1]
    assert story.guid == "tag:journal.example.fr,2026:article-982"
    assert story.url.startswith("urn:maliwatch:")  # a stable id, never shown as a link
    again = parse_sample("atom_fr.xml").stories[1]
    assert again.url == story.url
    assert story.published == FETCHED
    assert story.text == "Une dépêche sans date de publication ni lien vers l'article."


# --- RSS 1.0 / RDF (Latin-1, no language tag) -------------------------------------------------


def test_rdf_latin1_feed_with_detected_language() -> None:
    parsed = parse_sample("rdf_fr.xml")
    assert parsed.title == "Radio Exemple"
    assert parsed.language is None
    story = parsed.stories[0]
    assert story.title == "Ménaka : attaque contre un poste de sécurité"
    assert story.url == "https://radio.example.org/info/menaka-attaque"
    assert story.published == datetime(2026, 11, 22, 21, 40, tzinfo=UTC)
    assert story.language == "fr"  # detected from the text


def test_charset_from_response_headers() -> None:
    body = (
        "<rss version='2.0'><channel><title>Café</title><item><title>Ségou</title>"
        "<link>https://x.example/a</link></item></channel></rss>"
    ).encode("iso-8859-1")
    parsed = parse_feed(
        body,
        feed_url="https://x.example/rss",
        headers={"Content-Type": "application/rss+xml; charset=ISO-8859-1"},
        fetched=FETCHED,
    )
    assert parsed.title == "Café"
    assert parsed.stories[0].title == "Ségou"


def test_feed_with_no_items_is_not_broken() -> None:
    body = b"<rss version='2.0'><channel><title>Quiet</title></channel></rss>"
    parsed = parse_feed(body, feed_url="https://x.example/rss", fetched=FETCHED)
    assert parsed == ParsedFeed(title="Quiet", language=None, stories=[], bozo_error=None)


def test_malformed_feed_with_entries_keeps_them_and_warns() -> None:
    body = (
        b"<rss version='2.0'><channel><title>Sloppy</title><item><title>Gao &amp; Kidal</title>"
        b"<link>https://x.example/a</link></item><item><title>unclosed</channel></rss>"
    )
    parsed = parse_feed(body, feed_url="https://x.example/rss", fetched=FETCHED)
    assert parsed.stories and parsed.stories[0].title == "Gao & Kidal"
    assert parsed.bozo_error
    assert not parsed.is_broken


# --- broken input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(b"", "empty body", id="empty"),
        pytest.param(
            b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>Hi</p></body></html>",
            "not a feed: an HTML page",
            id="html-page",
        ),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR garbage", "not a feed", id="binary"),
        pytest.param(b'{"items": []}', "not a feed", id="json"),
        pytest.param(b"<rss version='2.0'><channel><title>x", "", id="truncated"),
    ],
)
def test_broken_feed_is_an_error_value(body: bytes, message: str) -> None:
    parsed = parse_feed(body, feed_url="https://x.example/rss", fetched=FETCHED)
    assert parsed.is_broken
    assert parsed.stories == []
    assert parsed.bozo_error is not None and parsed.bozo_error.startswith(message)


def test_naive_fetched_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_feed(b"", feed_url="https://x.example/rss", fetched=datetime(2026, 11, 24))


def test_fetched_in_another_zone_is_converted_to_utc() -> None:
    fetched = datetime(2026, 11, 24, 8, 0, tzinfo=timezone(timedelta(hours=2)))
    story = parse_sample("atom_fr.xml", fetched=fetched).stories[1]
    assert story.published == datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    assert story.published.tzinfo == UTC


# --- pieces ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param(
            "HTTPS://WWW.Example.COM/Path/A?utm_source=x&utm_campaign=y",
            "https://www.example.com/Path/A",
            id="utm-and-case",
        ),
        pytest.param(
            "https://example.com/a?z=1&a=2&gclid=g&mc_cid=1&mc_eid=2#top",
            "https://example.com/a?a=2&z=1",
            id="sorted-kept-fragment-dropped",
        ),
        pytest.param(
            "https://example.fr/a?xtor=RSS-3&at_medium=rss&at_campaign=c&cmpid=9&ref=home",
            "https://example.fr/a",
            id="french-trackers",
        ),
        pytest.param("http://example.com:80", "http://example.com/", id="default-port"),
        pytest.param("https://example.com:8443/a", "https://example.com:8443/a", id="port"),
        pytest.param("https://example.com/a?page=", "https://example.com/a?page=", id="blank"),
        pytest.param(
            "https://example.com/search?q=Mali+attaque",
            "https://example.com/search?q=Mali+attaque",
            id="query-kept",
        ),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_canonical_url_resolves_relative_links() -> None:
    assert canonical_url("../b?fbclid=1", base="https://x.example/news/a/") == (
        "https://x.example/news/b"
    )


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        pytest.param("<p>One</p><p>Two</p>", "One\n\nTwo", id="paragraphs"),
        pytest.param("a<br>b<br/>c", "a\nb\nc", id="line-breaks"),
        pytest.param(
            "Gao &amp; Kidal &eacute; &#233; &#x00E9;", "Gao & Kidal é é é", id="entities"
        ),
        pytest.param("<div>  lots \n of\t space  </div>", "lots of space", id="whitespace"),
        pytest.param("<script>var x = '<p>';</script>kept", "kept", id="script"),
        pytest.param("<STYLE>p {}</STYLE><b>bold</b> text", "bold text", id="style-upper"),
        pytest.param("<h2>Title</h2>body", "Title\n\nbody", id="heading"),
        pytest.param("plain text, no tags", "plain text, no tags", id="plain"),
        pytest.param("<p></p><p></p><p>x</p>", "x", id="empty-blocks"),
    ],
)
def test_html_to_text(markup: str, text: str) -> None:
    assert html_to_text(markup) == text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        pytest.param("The army said that at least 18 people were killed.", "en", id="en"),
        pytest.param("Selon l'armée, 18 personnes ont été tuées dans le marché.", "fr", id="fr"),
        pytest.param("Bamako, Gao, Kidal", "en", id="names-only-default"),
        pytest.param("", "en", id="empty"),
    ],
)  # fmt: skip
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_detect_language_default_is_configurable() -> None:
    assert detect_language("Ménaka", default="fr") == "fr"


@pytest.mark.parametrize(
    ("tag", "code"),
    [("fr-FR", "fr"), ("EN_us", "en"), ("fr", "fr"), ("", None), (None, None), ("12", None)],
)
def test_language_code(tag: str | None, code: str | None) -> None:
    assert language_code(tag) == code


def test_feed_served_as_text_html_still_parses() -> None:
    body = (SAMPLES / "rss2_en.xml").read_bytes()
    parsed = parse_feed(
        body,
        feed_url="https://x.example/rss",
        headers={"Content-Type": "text/html; charset=utf-8"},
        fetched=FETCHED,
    )
    assert len(parsed.stories) == 2
    assert not parsed.is_broken


def test_teaser_bodies_do_not_make_stories_copies_of_each_other() -> None:
    items = "".join(
        f"<item><title>{title}</title><link>https://x.example/{n}</link>"
        "<description>Lire la suite</description></item>"
        for n, title in enumerate(["Attaque à Gao", "Élections à Bamako"])
    )
    body = f"<rss version='2.0'><channel><title>T</title>{items}</channel></rss>".encode()
    first, second = parse_feed(body, feed_url="https://x.example/rss", fetched=FETCHED).stories
    assert first.content_hash and second.content_hash
    assert first.content_hash != second.content_hash


def test_substantial_bodies_are_hashed_without_the_title() -> None:
    """A wire copy republished under another headline keeps the same content hash."""
    text = "Une frappe de drone a touché un marché au nord de Lerneb, faisant au moins 18 morts."
    assert story_content_hash("Titre A", text) == story_content_hash("Titre B", text)
    assert story_content_hash("Titre A", text) == content_hash(text)


# --- bad links, future dates (review issue 2: B3, B17, B18) ------------------------------------


def rss_items(*items: str) -> bytes:
    channel = f"<channel><title>T</title>{''.join(items)}</channel>"
    return f"<?xml version='1.0'?><rss version='2.0'>{channel}</rss>".encode()


def item(link: str, guid: str = "", title: str = "Attaque à Gao", date: str = "") -> str:
    guid_tag = f"<guid isPermaLink='false'>{guid}</guid>" if guid else ""
    date_tag = f"<pubDate>{date}</pubDate>" if date else ""
    return f"<item><title>{title}</title><link>{link}</link>{guid_tag}{date_tag}</item>"


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("http://x.example:99999/a", id="port-out-of-range"),
        pytest.param("http://[::1/a", id="broken-ipv6"),
        pytest.param("javascript:alert(1)", id="javascript"),
        pytest.param("tag:x.example,2026:1", id="tag-uri"),
        pytest.param("mailto:desk@x.example", id="mailto"),
        pytest.param("https:///no-host", id="no-host"),
    ],
)
def test_canonical_url_is_none_for_what_is_not_a_web_link(url: str) -> None:
    assert canonical_url(url) is None


def test_canonical_url_keeps_ipv6_hosts_and_ports() -> None:
    assert canonical_url("http://[2001:DB8::1]:8080/a#x") == "http://[2001:db8::1]:8080/a"


def test_one_bad_link_skips_that_entry_only() -> None:
    body = rss_items(
        item("http://x.example:99999/a", title="Bad port"),
        item("http://[::1/b", title="Bad host"),
        item("https://x.example/good", title="Good"),
    )
    parsed = parse_feed(body, feed_url="https://x.example/rss", fetched=FETCHED)
    assert [story.title for story in parsed.stories] == ["Good"]
    assert parsed.skipped_entries == 2
    assert not parsed.is_broken


def test_an_entry_that_cannot_be_read_is_skipped_and_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whatever goes wrong inside one entry, the feed's other entries are kept."""
    import feeds.ingest.parse as parse_module

    real_markup = parse_module._entry_markup

    def fragile_markup(entry: object) -> str:
        if "boom" in str(entry.get("title")):  # type: ignore[attr-defined]
            raise RuntimeError("parser edge case")
        return real_markup(entry)  # type: ignore[arg-type]

    monkeypatch.setattr(parse_module, "_entry_markup", fragile_markup)
    body = rss_items(item("https://x.example/1", title="boom"), item("https://x.example/2"))
    parsed = parse_feed(body, feed_url="https://x.example/rss", fetched=FETCHED)
    assert [story.url for story in parsed.stories] == ["https://x.example/2"]
    assert parsed.skipped_entries == 1


def test_a_javascript_link_is_never_the_story_url() -> None:
    body = rss_items(
        item("javascript:alert(1)", guid="https://x.example/real"),
        item("javascript:void(0)", guid="item-7"),
    )
    first, second = parse_feed(body, feed_url="https://x.example/rss", fetched=FETCHED).stories
    assert first.url == "https://x.example/real"
    assert second.url.startswith("urn:maliwatch:")
    assert second.guid == "item-7"


def test_guid_only_entries_of_two_feeds_get_different_ids() -> None:
    body = rss_items(item("", guid="42"))
    one = parse_feed(body, feed_url="https://a.example/rss", fetched=FETCHED).stories[0]
    two = parse_feed(body, feed_url="https://b.example/rss", fetched=FETCHED).stories[0]
    assert one.url != two.url
    assert not one.url.startswith(("http", "tag:"))


def test_a_future_publication_date_is_clamped_to_the_fetch() -> None:
    body = rss_items(
        item("https://x.example/future", date="Thu, 24 Dec 2026 06:00:00 GMT"),
        item("https://x.example/soon", date="Tue, 24 Nov 2026 06:05:00 GMT"),
    )
    future, soon = parse_feed(body, feed_url="https://x.example/rss", fetched=FETCHED).stories
    assert future.published == FETCHED + timedelta(minutes=10)
    assert soon.published == datetime(2026, 11, 24, 6, 5, tzinfo=UTC)

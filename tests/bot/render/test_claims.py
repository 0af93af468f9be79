"""One line per claim however many stories repeat it, outlets once, and the console's edit note."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.render.cards import card_edit_note, render_compare, render_incident_card, source_links
from bot.render.claims import group_claims, tally_line
from bot.render.html import html_to_plain
from feeds.model import CasualtyCount, Category, CategoryTally, Qualifier
from tests.helpers.samples import RADIO, WIRE, lerneb_view, reported_view
from tests.helpers.telegram_html import parse_html


def claim_lines(card: str) -> list[str]:
    plain = html_to_plain(card)
    section = plain.split("Claims · ", 1)[1].split("\n\n", 1)[0]
    return [line for line in section.splitlines() if line.startswith("• ")]


def test_a_claim_repeated_by_many_stories_is_one_line_with_its_source_count() -> None:
    lines = claim_lines(render_incident_card(reported_view()))
    assert lines == [
        "• CDRAP: killed at least 18 → 21 civilians “people” · 4 sources",
        "• Malian army: killed 11 militants “terrorists” · 2 sources",
        "• residents: injured 7 “sept” civilians · 1 source",
    ]


def test_the_latest_story_gives_the_current_figure_whatever_the_storage_order() -> None:
    view = reported_view()
    groups = group_claims(replace(view, claims=tuple(reversed(view.claims))))
    cdrap = next(g for g in groups if g.claim.claimant == "CDRAP")
    assert (cdrap.claim.count.low, [c.low for c in cdrap.earlier]) == (21, [18])


def test_one_statement_worded_two_ways_is_one_figure_not_a_history() -> None:
    """The wire's "seven" and the radio's "au moins sept" are one statement (the latest wording
    shows); a later copy of CDRAP's superseded 18 does not make it current again."""
    view = reported_view()
    injured = next(s for s in view.claims if s.claim.category is Category.INJURED)
    reworded = replace(
        injured.claim, count=CasualtyCount(7, None, Qualifier.AT_LEAST, "au moins sept")
    )
    cdrap_18 = next(s for s in view.claims if s.claim.count.low == 18)
    copy = replace(cdrap_18.claim, count=CasualtyCount(18, 18, Qualifier.EXACT, "dix-huit"))
    extra = (
        replace(injured, id=30, story_id=4, claim=reworded),
        replace(cdrap_18, id=31, story_id=4, claim=copy),
    )
    groups = group_claims(replace(view, claims=(*view.claims, *extra)))
    residents = next(g for g in groups if g.claim.claimant == "residents")
    assert (residents.claim.count.high, residents.earlier) == (None, ())
    cdrap = next(g for g in groups if g.claim.claimant == "CDRAP")
    assert (cdrap.claim.count.low, [c.low for c in cdrap.earlier]) == (21, [18])


def test_claims_are_ordered_by_claimant_then_category_outlets_last() -> None:
    view = reported_view()
    outlet = replace(view.claims[3].claim, claimant="sahel-wire.example")
    killed = replace(view.claims[3].claim, category=view.claims[2].claim.category)
    extra = (
        replace(view.claims[3], id=20, claim=outlet),
        replace(view.claims[3], id=21, claim=killed),
    )
    groups = group_claims(replace(view, claims=(*extra, *view.claims)))
    order = [(g.claim.claimant, g.claim.category.value) for g in groups]
    assert order == [
        ("CDRAP", "killed"),
        ("Malian army", "killed"),
        ("residents", "killed"),
        ("residents", "injured"),
        ("sahel-wire.example", "injured"),
    ]


def test_background_claims_stay_out_of_the_claims_on_a_short_line() -> None:
    plain = html_to_plain(render_incident_card(reported_view()))
    assert "24" not in "\n".join(claim_lines(render_incident_card(reported_view())))
    assert "Background: CDRAP killed 24" in plain
    assert [g.claim.count.low for g in group_claims(reported_view(), background=True)] == [24]


def test_each_outlet_shows_once_as_a_domain_link_with_its_story_count() -> None:
    card = render_incident_card(reported_view())
    _, entities = parse_html(card)
    links = [(e["url"]) for e in entities if e["type"] == "text_link"]
    assert len(links) == 3 and links[0] == WIRE and RADIO in links
    plain = html_to_plain(source_links(reported_view()))
    assert plain.count("sahel-wire.example") == 2  # the label and its URL, once
    assert "sahel-wire.example <https://www.sahel-wire.example/2026/strike> ×2" in plain
    assert "Sources · 4 stories:" in html_to_plain(card)
    assert "127.0.0.1" not in card


def test_compare_shows_one_row_per_claimant_with_the_update() -> None:
    plain = html_to_plain(render_compare(reported_view()))
    rows = [line for line in plain.splitlines() if "|" in line][1:]
    assert [row.split("|")[0].strip() for row in rows] == ["CDRAP", "Malian army", "residents"]
    assert "18+→21" in rows[0] and rows[0].rstrip().endswith("4")


def test_card_edit_note_counts_sources_and_claims() -> None:
    assert card_edit_note(render_incident_card(reported_view())) == (
        "✎ card #7 updated: 4 sources, 3 claims"
    )
    assert card_edit_note(render_incident_card(lerneb_view(3))) == (
        "✎ card #3 updated: 1 source, 2 claims"
    )


@pytest.mark.parametrize(
    ("tally", "shown"),
    [
        (
            CategoryTally(Category.KILLED, 11, None, 11),
            "killed: at least 11 · most conservative <b>11</b>",
        ),
        (
            CategoryTally(Category.INJURED, 2, None, 2, no_number=True),
            "injured: many, no figure · most conservative <b>unknown, at least 2</b>",
        ),
    ],
    ids=["a-number", "no-claimant-gives-a-number"],
)
def test_tally_line_says_when_the_conservative_count_is_no_number(
    tally: CategoryTally, shown: str
) -> None:
    assert tally_line(tally) == shown

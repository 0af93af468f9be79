"""analyse_story end to end on the seed story, and its own rules on small inputs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from feeds.analysis.contradictions import find_contradictions
from feeds.analysis.events.sites import event_places
from feeds.analysis.relevance import WatchList, load_default_watchlist
from feeds.analysis.story import (
    analyse_story,
    build_event_report,
    is_about_mali,
    is_incident_report,
    summarize_event,
)
from feeds.model import (
    CasualtyCount,
    Category,
    Claim,
    ContradictionKind,
    DatePrecision,
    EventDate,
    EventType,
    Place,
    PlacePrecision,
    Qualifier,
    Role,
    Story,
    StoryAnalysis,
    VictimKind,
)
from tests.helpers.builders import story as build_story
from tests.helpers.paths import SEED_STORY

SEED = SEED_STORY
PUBLISHED = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def make_story(text: str, title: str = "") -> Story:
    return build_story(
        "seed-1",
        feed_url="https://www.example-news.com/rss",
        guid="seed-1",
        url="https://www.example-news.com/africa/mali-airstrike-market",
        title=title,
        text=text,
        published=PUBLISHED,
        fetched=PUBLISHED,
        content_hash="",
    )


def default_watch() -> WatchList:
    return load_default_watchlist()


@pytest.fixture(scope="module")
def seed_analysis() -> StoryAnalysis:
    return analyse_story(make_story(SEED.read_text(encoding="utf-8")), watch=default_watch())


def test_seed_main_event_is_the_airstrike_north_of_lerneb_on_sunday(
    seed_analysis: StoryAnalysis,
) -> None:
    assert seed_analysis.relevant
    main = seed_analysis.main_event
    assert main is not None
    assert main.event_type is EventType.AIRSTRIKE
    assert main.place is not None
    assert main.place.precision is PlacePrecision.OFFSET
    assert "Lerneb" in main.place.name and main.place.admin1 == "Timbuktu"
    assert main.place.lat is not None and main.place.lat > 16.15 + 0.3  # north of Lerneb
    assert main.date == EventDate(date(2026, 11, 22), DatePrecision.DAY)
    assert "Lerneb" in main.summary and main.summary.startswith("Airstrike")


def test_seed_main_claims(seed_analysis: StoryAnalysis) -> None:
    claims = seed_analysis.main_event.claims
    assert {c.claimant for c in claims} == {"CDRAP", "Malian army"}
    assert all(c.role is Role.MAIN for c in claims)
    by_key = {(c.claimant, c.category): c for c in claims}
    cdrap_killed = by_key["CDRAP", Category.KILLED]
    assert (cdrap_killed.count.low, cdrap_killed.count.high) == (18, None)
    assert cdrap_killed.victims is VictimKind.CIVILIANS
    cdrap_injured = by_key["CDRAP", Category.INJURED]
    assert (cdrap_injured.count.low, cdrap_injured.count.high) == (7, 7)
    army_killed = by_key["Malian army", Category.KILLED]
    assert (army_killed.count.low, army_killed.count.high) == (11, 11)
    assert army_killed.victims is VictimKind.MILITANTS


def test_seed_background_event_keeps_the_fla_claim(seed_analysis: StoryAnalysis) -> None:
    background = [e for e in seed_analysis.events if e.role is Role.BACKGROUND]
    fla = [c for e in background for c in e.claims if c.claimant == "FLA"]
    assert len(fla) == 1
    assert fla[0].category is Category.KILLED
    assert (fla[0].count.low, fla[0].count.high) == (24, None)
    assert fla[0].role is Role.BACKGROUND
    assert all(c.claimant != "FLA" for c in seed_analysis.main_event.claims)


def test_seed_main_claims_give_a_count_and_a_victims_dispute(seed_analysis: StoryAnalysis) -> None:
    found = find_contradictions(seed_analysis.main_event.claims)
    assert sorted((c.category, c.kind) for c in found) == [
        (Category.KILLED, ContradictionKind.COUNT),
        (Category.KILLED, ContradictionKind.VICTIMS),
    ]


def test_story_without_watch_words_is_irrelevant_and_has_no_events() -> None:
    story = make_story("Heavy rains flooded the market in Dakar on Sunday, killing 3 people.")
    analysis = analyse_story(story, watch=default_watch())
    assert (analysis.relevant, analysis.events, analysis.matched_keywords) == (False, (), ())


def test_attack_abroad_mentioning_mali_in_passing_is_not_relevant() -> None:
    story = make_story(
        "Jihadists killed 30 soldiers in an ambush near Djibo in northern Burkina Faso on "
        "Sunday.\nThe group is also active in neighbouring Mali.",
        title="Burkina Faso: 30 soldiers killed in ambush",
    )
    analysis = analyse_story(story, watch=default_watch())
    assert analysis.matched_keywords != ()
    assert (analysis.relevant, analysis.events) == (False, ())


MALI_TOWN = Place("Boni", "Mopti", 15.03, -1.95, PlacePrecision.LOCALITY)
MALI = Place("Mali", None, 17.57, -3.99, PlacePrecision.COUNTRY)
BURKINA = Place("Burkina Faso", None, 12.2, -1.5, PlacePrecision.COUNTRY, country="Burkina Faso")
NIGER = Place("Niger", None, 17.6, 8.1, PlacePrecision.COUNTRY, country="Niger")


@pytest.mark.parametrize(
    ("text", "main_place", "lead_places", "expected"),
    [
        ("Gunmen killed 12 near Boni.", MALI_TOWN, [MALI_TOWN, BURKINA], True),
        ("Burkina Faso: 30 killed. Mali is near.", BURKINA, [BURKINA, MALI], False),
        ("Malian army kills 11 in Burkina Faso raid", MALI, [MALI, BURKINA], False),
        ("Malian troops were ambushed near the border with Niger.", MALI, [MALI, NIGER], True),
        ("Des soldats maliens tués près du fleuve Niger.", None, [NIGER], True),
        ("Soldiers were killed in an ambush.", None, [], False),
    ],
    ids=["locality-in-mali", "main-abroad", "lead-abroad", "border-only", "river-only", "no-mali"],
)
def test_is_about_mali(
    text: str, main_place: Place | None, lead_places: list[Place], expected: bool
) -> None:
    assert is_about_mali(make_story(text), main_place, lead_places) is expected


MAURITANIA = Place("Mauritania", None, 21.0, -10.9, PlacePrecision.COUNTRY, country="Mauritania")


@pytest.mark.parametrize(
    ("title", "reports_event", "expected"),
    [
        ("Malian refugees crowd camp in Mauritania", False, True),
        ("Malian refugees crowd camp in Mauritania", True, False),
        ("Mauritania opens new refugee camp", False, False),
        ("Mauritania reinforces its Malian border", False, False),
    ],
    ids=["no-event-title-names-mali", "event-abroad", "no-event-no-mali", "border-only"],
)
def test_a_story_reporting_no_event_is_about_mali_when_its_headline_says_so(
    title: str, reports_event: bool, expected: bool
) -> None:
    story = make_story("The camp near Bassikounou now shelters Malians fleeing.", title=title)
    places = [MAURITANIA]
    assert is_about_mali(story, MAURITANIA, places, reports_event=reports_event) is expected


@pytest.mark.parametrize(
    ("event_type", "place", "expected"),
    [
        (
            EventType.AIRSTRIKE,
            Place("50 km N of Lerneb", "Timbuktu", precision=PlacePrecision.OFFSET),
            "Airstrike 50 km N of Lerneb (Timbuktu)",
        ),
        (EventType.AMBUSH, MALI_TOWN, "Ambush near Boni (Mopti)"),
        (
            EventType.CLASH,
            Place("Mopti Region", "Mopti", precision=PlacePrecision.REGION),
            "Clashes in Mopti Region",
        ),
        (EventType.EXECUTION, None, "Executions"),
    ],
    ids=["offset", "locality", "region", "no-place"],
)
def test_summarize_event(event_type: EventType, place: Place | None, expected: str) -> None:
    assert summarize_event(event_type, place) == expected


def test_event_report_drops_repeats_and_superseded_vague_claims() -> None:
    def claim(low: int, high: int | None, qualifier: Qualifier, sentence: str) -> Claim:
        count = CasualtyCount(low, high, qualifier)
        return Claim("Residents", Category.KILLED, count, VictimKind.CIVILIANS, sentence=sentence)

    headline = claim(12, 12, Qualifier.EXACT, "Gunmen kill 12")
    body = claim(12, 12, Qualifier.EXACT, "Gunmen killed 12 villagers.")
    vague = claim(2, None, Qualifier.SEVERAL, "Several villagers were killed.")
    report = build_event_report(
        Role.MAIN, EventType.ATTACK, MALI_TOWN, None, [vague, headline, body]
    )
    assert report.claims == (headline,)
    assert report.summary == "Attack near Boni (Mopti)"


@dataclass(frozen=True)
class Mention:
    """A place mention as the gazetteer gives it: a span and a place."""

    start: int
    end: int
    place: Place

    def to_place(self) -> Place:
        return self.place


def mentions_in(text: str, places: list[Place]) -> list[Mention]:
    found = []
    for place in places:
        start = text.find(place.name)
        if start >= 0:
            found.append(Mention(start, start + len(place.name), place))
    return sorted(found, key=lambda m: m.start)


def town(name: str) -> Place:
    return Place(name, "Mopti", 15.0, -2.0, PlacePrecision.LOCALITY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BAMAKO, Mali (AP) — A strike on a wedding near Koro killed 30.", ["Koro"]),
        ("The wounded were taken to health centres in Bankass after the strike on Koro.", ["Koro"]),
        ("Les blessés ont été évacués vers l'hôpital de Sévaré.", []),
        ("The bus was travelling from Mopti to Gao when it hit a mine near Boni.", ["Boni"]),
        ("Axe Kayes-Bamako : des camions incendiés à Kita", ["Kita"]),
        ("Des hommes armés ont attaqué Boni et Hombori.", ["Boni", "Hombori"]),
        ("Bamako (AFP) - Au moins 30 civils ont été tués à Koro.", ["Koro"]),
        ("PARIS/BAMAKO (Reuters) - Gunmen killed 30 in Koro.", ["Koro"]),
        ("Gao, 3 juin (AFP) – Une mine a tué trois civils à Boni.", ["Boni"]),
        ("(Bamako, June 3) – Gunmen killed 30 in Koro.", ["Koro"]),
        ("Gao - Boni : des hommes armés ont tué trois civils.", ["Gao", "Boni"]),
        ("Thirty died in Koro, the minister told reporters in Bamako.", ["Koro"]),
        ("Il y a eu 30 morts à Koro, a déclaré le maire joint par téléphone depuis Mopti.",
         ["Koro"]),
        ("A survivor told AFP by phone from Gao that the bus hit a mine near Boni.", ["Boni"]),
        ("The army said gunmen attacked in Boni.", ["Boni"]),
    ],
    ids=["dateline", "care-en", "care-fr", "route-from-to", "route-axe", "two-sites",
         "dateline-mixed-case-agency", "dateline-two-cities", "dateline-with-date",
         "dateline-bracketed", "no-dateline-without-agency", "venue-told-reporters",
         "venue-joint-depuis", "venue-by-phone-from", "said-then-site"],
)  # fmt: skip
def test_event_places(text: str, expected: list[str]) -> None:
    names = ["Koro", "Bankass", "Sévaré", "Mopti", "Gao", "Boni", "Hombori", "Kayes", "Bamako"]
    places = [town(name) for name in [*names, "Kita", "BAMAKO"]]
    places.append(Place("Mali", None, 17.5, -4.0, PlacePrecision.COUNTRY))
    kept = event_places(text, mentions_in(text, places))
    assert [place.name for place in kept] == expected


def offset_from(text: str, phrase: str, town_name: str) -> Mention:
    """An offset mention spanning ``phrase`` ("some 80 km east of Gao") in ``text``."""
    start = text.index(phrase)
    point = Place(f"80 km E of {town_name}", "Gao", 16.3, 0.7, PlacePrecision.OFFSET)
    return Mention(start, start + len(phrase), point)


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("Gunmen raided Boni, some 80 km east of Gao, on Friday.", "some 80 km east of Gao",
         ["Boni"]),
        ("Des hommes armés ont attaqué Boni, à environ 80 km à l'est de Gao.",
         "à environ 80 km à l'est de Gao", ["Boni"]),
        ("Gunmen raided the Boni area (80 km east of Gao) on Friday.", "80 km east of Gao",
         ["Boni"]),
        ("Gunmen raided Boni and then a camp 80 km east of Gao.", "80 km east of Gao",
         ["Boni", "80 km E of Gao"]),
        ("Un drone a frappé un convoi à 80 km à l'est de Gao.", "80 km à l'est de Gao",
         ["80 km E of Gao"]),
    ],
    ids=["en-comma", "fr-comma", "en-bracket", "en-second-site", "fr-offset-alone"],
)  # fmt: skip
def test_a_distance_from_another_town_after_a_named_place_only_locates_it(
    text: str, phrase: str, expected: list[str]
) -> None:
    mentions = [*mentions_in(text, [town("Boni")]), offset_from(text, phrase, "Gao")]
    kept = event_places(text, sorted(mentions, key=lambda m: m.start))
    assert [place.name for place in kept] == expected


def test_an_offset_from_the_named_place_itself_is_kept() -> None:
    text = "Gunmen raided Gao, 80 km east of Gao town."  # the point is more precise than the town
    mentions = [
        *mentions_in(text, [town("Gao")])[:1],
        offset_from(text, "80 km east of Gao", "Gao"),
    ]
    kept = event_places(text, mentions)
    assert [place.name for place in kept] == ["Gao", "80 km E of Gao"]


def claim_of(claimant: str, low: int) -> Claim:
    return Claim(claimant, Category.KILLED, CasualtyCount(low, low), VictimKind.CIVILIANS)


@pytest.mark.parametrize(
    ("title", "role", "event_type", "claims", "expected"),
    [
        ("Gunmen kill 12", Role.MAIN, EventType.ATTACK, (), True),
        ("Junta extends transition", Role.MAIN, EventType.OTHER, (), False),
        ("Twelve killed near Boni", Role.MAIN, EventType.OTHER, (claim_of("UN", 12),), True),
        ("Floods kill 12 in Mopti", Role.MAIN, EventType.OTHER, (claim_of("UN", 12),), False),
        ("Les inondations font 12 morts", Role.MAIN, EventType.OTHER, (claim_of("UN", 12),), False),
        ("Gunmen kill 12", Role.OTHER, EventType.ATTACK, (), False),
        ("Gunmen kill 12", Role.BACKGROUND, EventType.ATTACK, (claim_of("UN", 5),), True),
    ],
    ids=["typed", "no-event", "toll-only", "flood-en", "flood-fr", "other-no-toll", "background"],
)
def test_is_incident_report(
    title: str, role: Role, event_type: EventType, claims: tuple[Claim, ...], expected: bool
) -> None:
    story = make_story("", title=title)
    assert is_incident_report(story, role, event_type, claims) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen raided hamlets near Boni in the Mopti region.", [
            ("Boni", PlacePrecision.LOCALITY), ("Mopti Region", PlacePrecision.REGION)]),
        ("Des hameaux ont été attaqués près de Boni, dans la région de Mopti.", [
            ("Boni", PlacePrecision.LOCALITY), ("Mopti Region", PlacePrecision.REGION)]),
        ("Six personnes ont été enlevées à Boni, dans le cercle de Koro.", [
            ("Boni", PlacePrecision.LOCALITY), ("Koro", PlacePrecision.CERCLE)]),
        ("Gunmen raided Boni in the district of Koro.", [
            ("Boni", PlacePrecision.LOCALITY), ("Koro", PlacePrecision.CERCLE)]),
        ("Villagers fled Boni, in Koro cercle, after the raid.", [
            ("Boni", PlacePrecision.LOCALITY), ("Koro", PlacePrecision.CERCLE)]),
        ("Koro : des hommes armés enlèvent six personnes à Boni", [
            ("Koro", PlacePrecision.CERCLE), ("Boni", PlacePrecision.LOCALITY)]),
        ("A bomb hit a truck on the road between Mopti and Gao on Tuesday.", [
            ("between Mopti and Gao", PlacePrecision.OFFSET),
            ("Mopti", PlacePrecision.LOCALITY), ("Gao", PlacePrecision.LOCALITY)]),
        ("A roadside bomb hit a bus on the Mopti-Gao road.", [
            ("between Mopti and Gao", PlacePrecision.OFFSET),
            ("Mopti", PlacePrecision.LOCALITY), ("Gao", PlacePrecision.LOCALITY)]),
        ("Un engin explosif a visé un camion sur l'axe Mopti-Gao.", [
            ("between Mopti and Gao", PlacePrecision.OFFSET)]),
        ("Des soldats ont été tués entre Mopti et Gao, près de Boni.", [
            ("Mopti", PlacePrecision.LOCALITY), ("Gao", PlacePrecision.LOCALITY),
            ("Boni", PlacePrecision.LOCALITY)]),
    ],
    ids=["en-region", "fr-region", "fr-cercle", "en-district", "en-cercle", "fr-rubric",
         "en-road-between", "en-road-after", "fr-axe", "fr-between-without-road"],
)  # fmt: skip
def test_event_places_name_areas_and_roads(
    text: str, expected: list[tuple[str, PlacePrecision]]
) -> None:
    places = [town(name) for name in ["Koro", "Mopti", "Gao", "Boni"]]
    kept = event_places(text, mentions_in(text, places))
    assert [(place.name, place.precision) for place in kept] == expected


def test_a_road_between_two_towns_is_placed_halfway() -> None:
    ends = [
        Place("Mopti", "Mopti", 14.0, -4.0, PlacePrecision.LOCALITY),
        Place("Gao", "Gao", 16.0, 0.0, PlacePrecision.LOCALITY),
    ]
    text = "The convoy struck a mine on the road between Mopti and Gao."
    road = event_places(text, mentions_in(text, ends))[0]
    assert (road.lat, road.lon, road.admin1) == (15.0, -2.0, "Gao")


@pytest.mark.parametrize(
    ("title", "text", "relevant"),
    [
        ("Koutiala : le marché attaqué par des hommes armés",
         "Des hommes armés ont tué trois commerçants lundi au marché de Koutiala.", True),
        ("Gunmen kill three traders at Yorosso market",
         "Gunmen killed three traders at the market in Yorosso on Monday, residents said.", True),
        ("Gunmen kill three traders near Djibo",
         "Gunmen killed three traders near Djibo, close to Yorosso, on Monday.", False),
        ("Heavy rains in Dakar", "Floods killed three people in Dakar on Monday.", False),
    ],
    ids=["fr-malian-town", "en-malian-town", "neighbour-naming-a-malian-town", "no-malian-place"],
)  # fmt: skip
def test_a_story_naming_malian_places_is_relevant_without_the_word_mali(
    title: str, text: str, relevant: bool
) -> None:
    analysis = analyse_story(make_story(text, title=title), watch=default_watch())
    assert analysis.relevant is relevant
    if relevant:
        assert analysis.matched_keywords and analysis.events


def test_exclude_words_still_rule_out_a_story_naming_malian_places() -> None:
    watch = WatchList(include=("Mali",), exclude=("football",))
    story = make_story("The football final in Koutiala drew a crowd.", title="Koutiala final")
    assert analyse_story(story, watch=watch).relevant is False


def test_a_located_recall_without_a_toll_is_kept_to_link_its_incident() -> None:
    story = make_story(
        "Gunmen killed 6 herders near Boni on Sunday, residents said.\n"
        "On 2 October, jihadists attacked the army camp in Hombori.",
        title="Gunmen kill 6 herders near Boni",
    )
    events = analyse_story(story, watch=default_watch()).events
    assert [(e.role, e.place.name if e.place else None) for e in events] == [
        (Role.MAIN, "Boni"),
        (Role.BACKGROUND, "Hombori"),
    ]
    assert events[1].claims == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The governor of Mopti said eleven herders were shot near Koro.", ["Koro"]),
        ("The Mopti governor told the radio that Koro was calm again.", ["Koro"]),
        ("Gao's mayor said the market near Boni burned.", ["Boni"]),
        ("The prefect of Bankass confirmed the toll.", []),
        ("Selon le gouverneur de Mopti, neuf bergers sont morts à Koro.", ["Koro"]),
        ("Le maire de Kayes a dénoncé l'attaque.", []),
        ("Le préfet du cercle de Bankass s'est rendu sur place.", []),
        ("L'élu de Hombori parle de six tués près de Boni.", ["Boni"]),
        ("Gunmen stormed the Kita lodge outside Bamako.", ["Bamako"]),
        ("Des assaillants ont visé le campement Kita, près de Bamako.", ["Bamako"]),
        ("Une attaque a visé l'hôtel Bamako de Sévaré.", ["Sévaré"]),
        ("The bus on the road to Gao was stopped near Boni.", ["Boni"]),
        ("Le car a été attaqué à Kita, sur la route de Kayes.", ["Kita"]),
        ("Gunmen attacked Koro and its mayor fled to Mopti.", ["Koro", "Mopti"]),
    ],
    ids=["en-governor-of", "en-town-governor", "en-possessive-mayor", "en-prefect-of",
         "fr-gouverneur-de", "fr-maire-de", "fr-prefet-du-cercle", "fr-elu-de",
         "en-venue-after", "fr-venue-before", "fr-venue-de-town", "en-road-to", "fr-route-de",
         "en-town-then-office-holder"],
)  # fmt: skip
def test_an_office_or_a_venue_named_after_a_town_is_not_the_site(
    text: str, expected: list[str]
) -> None:
    names = ["Koro", "Bankass", "Sévaré", "Mopti", "Gao", "Boni", "Hombori", "Kayes", "Bamako"]
    places = [town(name) for name in [*names, "Kita"]]
    kept = event_places(text, mentions_in(text, places))
    assert [place.name for place in kept] == expected

"""Event types from EN/FR vocabulary, background cues, and segmenting a story into events."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from feeds.analysis.events.segment import segment_events
from feeds.analysis.events.vocabulary import (
    dates_its_event,
    detect_event_type,
    has_toll,
    is_background_sentence,
    lead_indexes,
    lead_reports_event,
    paragraph_numbers,
    reported_event_type,
)
from feeds.model import DatePrecision, EventDate, EventType, Place, PlacePrecision, Role, Story
from tests.helpers.builders import story as build_story

PUBLISHED = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

TYPES = [
    ("en-airstrike", "The army carried out an airstrike on a market.", EventType.AIRSTRIKE),
    ("en-air-strikes", "Air strikes hit the village overnight.", EventType.AIRSTRIKE),
    ("fr-frappe-aerienne", "Une frappe aérienne a visé un marché.", EventType.AIRSTRIKE),
    ("fr-bombardement", "Le bombardement a fait des victimes.", EventType.AIRSTRIKE),
    ("en-drone", "A drone strike killed several people.", EventType.DRONE_STRIKE),
    ("fr-drone", "Une frappe de drone a touché une fête de mariage.", EventType.DRONE_STRIKE),
    ("en-ambush", "Soldiers were ambushed on the road to Boni.", EventType.AMBUSH),
    ("fr-embuscade", "Le convoi est tombé dans une embuscade.", EventType.AMBUSH),
    ("en-ied", "The truck struck an IED.", EventType.IED),
    ("en-roadside-bomb", "A roadside bomb exploded under the bus.", EventType.IED),
    ("fr-engin-explosif", "Un engin explosif improvisé a explosé.", EventType.IED),
    ("fr-mine", "Un véhicule a sauté sur une mine.", EventType.IED),
    ("en-camp", "Militants attacked the military camp at dawn.", EventType.ATTACK_ON_CAMP),
    ("en-base", "Jihadists launched an assault on the army base.", EventType.ATTACK_ON_CAMP),
    ("fr-camp", "Une attaque contre le camp militaire a eu lieu.", EventType.ATTACK_ON_CAMP),
    ("fr-poste", "Le poste de gendarmerie a été attaqué.", EventType.ATTACK_ON_CAMP),
    ("fr-position", "Une attaque contre leur position a fait 17 morts.", EventType.ATTACK_ON_CAMP),
    ("en-positions", "Jihadists attacked army positions near Boni.", EventType.ATTACK_ON_CAMP),
    ("en-executed", "Soldiers executed at least 24 people.", EventType.EXECUTION),
    ("en-massacre", "The massacre left dozens dead.", EventType.EXECUTION),
    ("fr-executions", "Des exécutions sommaires ont été signalées.", EventType.EXECUTION),
    ("en-clashes", "Clashes broke out between the army and rebels.", EventType.CLASH),
    ("fr-affrontements", "Des affrontements ont opposé l'armée aux rebelles.", EventType.CLASH),
    ("fr-combats", "Les combats ont duré toute la journée.", EventType.CLASH),
    ("en-abducted", "Gunmen abducted twelve passengers.", EventType.ABDUCTION),
    ("fr-enlevement", "L'enlèvement de cinq commerçants a été confirmé.", EventType.ABDUCTION),
    ("en-attack", "An attack on the village killed 12.", EventType.ATTACK),
    ("fr-attaque", "L'attaque du village a fait 12 morts.", EventType.ATTACK),
    ("fr-explosion-engin", "L'explosion d'un engin a tué deux enfants.", EventType.IED),
    ("en-unexploded", "Children picked up unexploded ordnance near the well.", EventType.IED),
    ("en-device-exploded", "The device exploded as the cart passed.", EventType.IED),
    ("en-skirmishes", "Skirmishes went on near the wells until dusk.", EventType.CLASH),
    ("en-fought", "Rebels fought an army column for two days.", EventType.CLASH),
    ("fr-affronte", "Les rebelles ont affronté une colonne de l'armée.", EventType.CLASH),
    ("fr-escarmouches", "Des escarmouches ont eu lieu près du puits.", EventType.CLASH),
    ("en-operation", "The army said a military operation killed 9 fighters.", EventType.CLASH),
    ("fr-operation", "Lors d'une opération menée jeudi, 9 assaillants ont été neutralisés.",
     EventType.CLASH),
    ("fr-attentat", "L'attentat contre la mairie a fait six morts.", EventType.ATTACK),
    ("fr-attentat-suicide", "Un attentat suicide a visé la caserne.", EventType.IED),
    ("fr-voiture-piegee", "Une voiture piégée a explosé devant le marché.", EventType.IED),
    ("en-suicide-bomber", "A suicide bomber drove into the barracks gate.", EventType.IED),
    ("fr-frappe-participle", "Une nouvelle tuerie a frappé trois hameaux peuls.",
     EventType.EXECUTION),
    ("fr-frappes-participle", "Des hommes armés ont attaqué les villages frappés par la crue.",
     EventType.ATTACK),
    ("fr-frappe-noun-still-air", "La frappe a touché une école.", EventType.AIRSTRIKE),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in TYPES], ids=[c[0] for c in TYPES])
def test_detect_event_type(text: str, expected: EventType) -> None:
    assert detect_event_type(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "Gold miners worked at the mine d'or near Kéniéba.",
        "The government announced new elections.",
        "Le gouvernement a annoncé un remaniement.",
    ],
    ids=["gold-mine", "en-politics", "fr-politics"],
)
def test_no_event_word_gives_none(text: str) -> None:
    assert detect_event_type(text) is None


BACKGROUND = [
    ("en-last-month", "Last month, the FLA accused the army of executing 24 people.", True),
    ("en-follows", "This incident follows accusations from the FLA.", True),
    ("en-months-ago", "Two months ago, a similar raid killed 30.", True),
    ("en-in-march", "In March, soldiers killed 40 people in the same village.", True),
    ("en-old-year", "The rebels seized Kidal in 2012.", True),
    ("en-past-perfect", "Jihadists had attacked the same village.", True),
    ("fr-juillet-dernier", "En juillet dernier, 50 civils ont été tués à Moura.", True),
    ("fr-rappelle", "Cette attaque rappelle le massacre de Moura.", True),
    ("fr-deja", "Le village avait déjà été attaqué.", True),
    ("fr-il-y-a", "Il y a deux mois, une embuscade avait tué 20 soldats.", True),
    ("fr-explicit-old", "Le 3 août, une attaque a fait 15 morts.", True),
    ("en-in-the-past-24-hours", "In the past 24 hours, gunmen killed 12 people.", False),
    ("en-as-follows", "The toll of the attack is as follows: 12 dead.", False),
    ("en-in-the-past", "The village has been attacked in the past.", True),
    ("en-reported-speech-backshift", "The army said it had killed 11 terrorists.", False),
    ("en-saying-backshift",
     "The rebels raised their toll, saying 20 soldiers had been killed in the fighting.", False),
    ("en-adding-backshift", "The mayor gave a toll of six, adding that gunmen had raided the "
     "market.", False),
    ("fr-affirmant-backshift",
     "Le groupe a revendiqué l'attaque en affirmant que douze soldats avaient été tués.", False),
    ("en-had-spoken-of", "Officials had spoken of about 20 people abducted.", False),
    ("en-had-put-the-number", "An official had earlier put the number of hostages abducted at "
     "ten.", False),
    ("fr-avaient-parle", "Les élus avaient parlé d'une vingtaine de personnes enlevées.", False),
    ("fr-parlement-is-no-speech", "Le parlement régional avait été attaqué.", True),
    ("fr-indiquant-backshift",
     "L'armée a publié un bilan indiquant que deux soldats avaient été tués.", False),
    ("en-sunday", "Gunmen attacked the village on Sunday, killing 12.", False),
    ("en-last-week", "The convoy was ambushed last week.", False),
    ("fr-dimanche", "Dimanche, des hommes armés ont attaqué le village.", False),
    ("fr-selon", "Selon un élu local, douze civils ont été tués.", False),
    ("en-years-after", "Two years after the raid on the camp, survivors are still waiting.", True),
    ("fr-un-an-apres", "Un an après l'attaque de l'hôtel, la ville se souvient.", True),
    ("fr-il-y-a-un-an", "Il y a un an, des hommes armés attaquaient le poste.", True),
    ("en-anniversary", "On the anniversary of the ambush, families gathered.", True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The toll of the 18 October bombing of the camp was revised down to 40.", True),
        ("Le bilan de l'attentat du 18 octobre contre le camp a été revu à la baisse.", True),
        ("UN investigators say 24 villagers were killed between 3 and 5 October.", True),
        ("Des enquêteurs de l'ONU affirment que 24 villageois ont été tués le 3 octobre.", True),
        ("Since 1 October, 200 civilians have been killed in the region.", False),
        ("Depuis le 1er octobre, 200 civils ont été tués dans la région.", False),
        ("Last month, on 3 October, gunmen killed 24 villagers.", False),
        ("Il y a un mois, le 3 octobre, des hommes armés ont tué 24 villageois.", False),
        ("The report was published on 3 October.", False),
    ],
    ids=["en-revised", "fr-revu", "en-between", "fr-le", "en-since", "fr-depuis",
         "en-recall-words", "fr-recall-words", "en-no-event"],
)  # fmt: skip
def test_a_lead_sentence_dates_its_older_event(text: str, expected: bool) -> None:
    assert dates_its_event(text, published=PUBLISHED) is expected


@pytest.mark.parametrize(
    ("title", "lead"),
    [
        ("Toll of Boni bombing revised down",
         "The toll of the 18 October bombing in Boni has been revised down to 40, the UN said."),
        ("Boni : le bilan de l'attentat revu à la baisse",
         "Le bilan de l'attentat du 18 octobre à Boni a été revu à la baisse, selon l'ONU."),
    ],
    ids=["en", "fr"],
)  # fmt: skip
def test_a_follow_up_weeks_later_is_dated_by_the_event_it_reports(title: str, lead: str) -> None:
    story, sentences = make_story(title, [[lead, "The first count had been made in haste."]])
    spans = segment_events(story, sentences, places_for(sentences, [BONI]))
    assert spans[0].role is Role.MAIN
    assert spans[0].date == EventDate(date(2026, 10, 18))
    assert spans[0].place == BONI


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in BACKGROUND], ids=[c[0] for c in BACKGROUND]
)
def test_is_background_sentence(text: str, expected: bool) -> None:
    assert is_background_sentence(text, published=PUBLISHED) is expected


BONI = Place("Boni", "Mopti", 15.03, -1.95, PlacePrecision.LOCALITY, "Douentza")
NOKARA = Place("Nokara", "Mopti", 15.10, -1.95, PlacePrecision.LOCALITY, "Douentza")
GAO = Place("Gao", "Gao", 16.27, -0.04, PlacePrecision.LOCALITY, "Gao")
MOPTI_REGION = Place("Mopti Region", "Mopti", 14.49, -4.19, PlacePrecision.REGION)
DJIBO = Place("Djibo", "Sahel", 14.10, -1.63, PlacePrecision.LOCALITY, country="Burkina Faso")


def make_story(title: str, paragraphs: list[list[str]]) -> tuple[Story, list[str]]:
    sentences = [title] if title else []
    for paragraph in paragraphs:
        sentences.extend(paragraph)
    text = "\n".join(" ".join(paragraph) for paragraph in paragraphs)
    story = build_story(
        "a",
        feed_url="https://x.test/rss",
        guid="g1",
        url="https://x.test/a",
        title=title,
        text=text,
        published=PUBLISHED,
        fetched=PUBLISHED,
        content_hash="",
    )
    return story, sentences


def places_for(sentences: list[str], known: list[Place]) -> list[list[Place]]:
    return [[p for p in known if p.name.split()[0] in s] for s in sentences]


def test_background_paragraph_never_joins_the_main_event() -> None:
    story, sentences = make_story(
        "Gunmen kill 12 villagers near Boni",
        [
            ["Gunmen attacked a village near Boni on Sunday, killing 12 civilians.",
             "A local official said the assailants came on motorbikes."],
            ["Last month, jihadists ambushed a convoy near Gao, killing 20 soldiers.",
             "The army said at the time that 15 assailants were killed."],
            ["Residents said they had buried the victims on Monday."],
        ],
    )  # fmt: skip
    spans = segment_events(story, sentences, places_for(sentences, [BONI, GAO]))
    assert [span.role for span in spans] == [Role.MAIN, Role.BACKGROUND]
    main, background = spans
    assert main.sentence_indexes == (0, 1, 2, 5)
    assert main.event_type is EventType.ATTACK
    assert main.place == BONI
    assert main.date == EventDate(date(2026, 11, 22))
    assert background.sentence_indexes == (3, 4)
    assert background.event_type is EventType.AMBUSH
    assert background.place == GAO
    assert background.date == EventDate(date(2026, 10, 1), DatePrecision.MONTH)


def test_two_attacks_at_separate_places_are_two_events() -> None:
    story, sentences = make_story(
        "",
        [
            ["Jihadists ambushed an army convoy near Boni on Saturday, killing nine soldiers.",
             "The army said 14 assailants were neutralised."],
            ["Gunmen also attacked a market in Gao, killing five traders.",
             "A hospital source said eight people were wounded."],
            ["The convoy near Boni was escorting fuel trucks, the army said."],
        ],
    )  # fmt: skip
    spans = segment_events(story, sentences, places_for(sentences, [BONI, GAO]))
    assert [span.role for span in spans] == [Role.MAIN, Role.OTHER]
    main, other = spans
    assert main.sentence_indexes == (0, 1, 4)
    assert (main.event_type, main.place) == (EventType.AMBUSH, BONI)
    assert other.sentence_indexes == (2, 3)
    assert (other.event_type, other.place) == (EventType.ATTACK, GAO)
    assert main.date == other.date == EventDate(date(2026, 11, 21))


def test_nearby_place_and_region_stay_with_the_main_event() -> None:
    story, sentences = make_story(
        "Soldiers killed in ambush near Boni",
        [["The ambush took place near Boni in the Mopti region.",
          "The attackers were repelled at Nokara after clashes."]],
    )  # fmt: skip
    spans = segment_events(story, sentences, places_for(sentences, [BONI, NOKARA, MOPTI_REGION]))
    assert len(spans) == 1
    assert spans[0].place == BONI  # a locality beats a region, the first locality wins


def test_cue_for_another_attack_without_a_place_opens_an_other_event() -> None:
    story, sentences = make_story(
        "",
        [["Jihadists ambushed a convoy near Boni on Sunday, killing nine soldiers.",
          "In another attack, gunmen killed three traders on Monday."]],
    )  # fmt: skip
    spans = segment_events(story, sentences, places_for(sentences, [BONI]))
    assert [span.role for span in spans] == [Role.MAIN, Role.OTHER]
    assert spans[1].date == EventDate(date(2026, 11, 23))
    assert spans[1].place is None


def test_places_abroad_are_ignored_unless_the_event_is_there() -> None:
    story, sentences = make_story(
        "",
        [["Jihadists attacked the army camp near Boni, killing 20 soldiers.",
          "The group is also active in Burkina Faso, around Djibo."],
         ["In Djibo, across the border, an ambush killed 30 Burkinabe soldiers."]],
    )  # fmt: skip
    spans = segment_events(story, sentences, places_for(sentences, [BONI, DJIBO]))
    assert [span.role for span in spans] == [Role.MAIN, Role.OTHER]
    assert spans[0].sentence_indexes == (0, 1)
    assert spans[0].place == BONI
    assert spans[1].place == DJIBO


def test_a_story_without_any_cue_is_one_main_event_on_the_publication_day() -> None:
    story, sentences = make_story("", [["The army said 11 terrorists were neutralised."]])
    [span] = segment_events(story, sentences, [[]])
    assert (span.role, span.event_type, span.place) == (Role.MAIN, EventType.OTHER, None)
    assert span.date == EventDate(date(2026, 11, 24))


def test_paragraph_numbers_follow_line_breaks() -> None:
    text = "Title\n\nFirst one. Second one.\nThird one."
    assert paragraph_numbers(text, ["Title", "First one.", "Second one.", "Third one."]) == [
        0,
        1,
        1,
        2,
    ]


def test_a_lead_without_an_event_makes_the_events_told_later_background() -> None:
    story, sentences = make_story(
        "The war of numbers in central Mali",
        [["Each new strike now comes with two stories.",
          "On Sunday, an air strike near Boni killed at least 12 people, residents said."],
         ["The army said it had hit a terrorist hideout."]],
    )  # fmt: skip
    main, strike = segment_events(story, sentences, places_for(sentences, [BONI]))
    assert (main.role, main.event_type, main.sentence_indexes) == (
        Role.MAIN,
        EventType.OTHER,  # no event: analyse_story keeps it only if it carries a toll
        (0, 1, 3),
    )
    assert (strike.role, strike.event_type, strike.place, strike.sentence_indexes) == (
        Role.BACKGROUND,
        EventType.AIRSTRIKE,
        BONI,
        (2,),
    )


def test_a_headline_of_two_sentences_is_all_lead() -> None:
    story, sentences = make_story(
        "Deadliest month? Toll rises in the centre",
        [["Since January, more than 900 people have been killed in central Mali, a monitor said."],
         ["Fighting near Boni killed 12 soldiers last week, the army said."]],
    )  # fmt: skip
    sentences = ["Deadliest month?", "Toll rises in the centre", *sentences[1:]]
    assert lead_indexes(story, sentences) == [0, 1, 2]
    spans = segment_events(story, sentences, places_for(sentences, [BONI]))
    assert [span.role for span in spans if span.event_type is EventType.CLASH] == [Role.BACKGROUND]


def test_habitual_sentence_at_another_place_opens_no_event() -> None:
    story, sentences = make_story(
        "",
        [["A bus hit a landmine near Boni on Tuesday, killing nine passengers.",
          "The road to Gao is regularly targeted by explosive devices."]],
    )  # fmt: skip
    [span] = segment_events(story, sentences, places_for(sentences, [BONI, GAO]))
    assert (span.role, span.place, span.sentence_indexes) == (Role.MAIN, BONI, (0, 1))


def test_event_word_at_another_place_without_a_toll_stays_with_the_current_event() -> None:
    story, sentences = make_story(
        "",
        [["Jihadists ambushed a convoy near Boni on Sunday, killing nine soldiers.",
          "The convoy had come under attack before reaching Gao, a source said."]],
    )  # fmt: skip
    [span] = segment_events(story, sentences, places_for(sentences, [BONI, GAO]))
    assert span.place == BONI


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen killed twelve villagers.", True),
        ("Deux soldats ont été blessés.", True),
        ("Le convoi a été attaqué sans faire de victimes.", False),
        ("The road is dangerous.", False),
    ],
    ids=["en-killed", "fr-blesses", "fr-no-toll", "en-no-toll"],
)
def test_has_toll(text: str, expected: bool) -> None:
    assert has_toll(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Drones often strike markets in the region.", None),
        ("Chaque frappe s'accompagne de deux récits.", None),
        ("A drone strike hit the market.", EventType.DRONE_STRIKE),
    ],
    ids=["en-often", "fr-chaque", "en-report"],
)
def test_reported_event_type_ignores_habits(text: str, expected: EventType | None) -> None:
    assert reported_event_type(text) is expected


def test_the_body_decides_the_type_when_the_headline_sums_up_two_events() -> None:
    story, sentences = make_story(
        "Gunmen kill 12 near Boni; separate ambush leaves 5 soldiers dead near Gao",
        [["Gunmen on motorbikes killed 12 villagers near Boni on Saturday, a local official said."],
         ["In a separate incident, five soldiers were killed in an ambush near Gao."]],
    )  # fmt: skip
    main, other = segment_events(story, sentences, places_for(sentences, [BONI, GAO]))
    assert (main.role, main.event_type, main.place) == (Role.MAIN, EventType.ATTACK, BONI)
    assert (other.role, other.event_type, other.place) == (Role.OTHER, EventType.AMBUSH, GAO)


def test_a_report_on_an_older_event_makes_that_event_the_main_one() -> None:
    story, sentences = make_story(
        "Rights group documents killings of 15 villagers near Boni",
        [["The men were lined up behind the school, witnesses said.",
          "Soldiers executed at least 15 men near Boni on 5 November, the group said on Monday."],
         ["The army denied the accusations."]],
    )  # fmt: skip
    spans = segment_events(story, sentences, places_for(sentences, [BONI]))
    assert [span.role for span in spans] == [Role.MAIN]
    assert (spans[0].place, spans[0].date) == (BONI, EventDate(date(2026, 11, 5)))
    assert spans[0].event_type is EventType.EXECUTION


def test_later_statements_on_the_older_event_of_a_report_still_tell_it() -> None:
    story, sentences = make_story(
        "Rights group documents killings of 15 villagers near Boni",
        [["The men were lined up behind the school, witnesses said.",
          "Soldiers executed at least 15 men near Boni on 5 November, the group said on Monday."],
         ["The governor said on 7 November that nine people had died."],
         ["In an audio message shared on 10 November, the militia denied killing anyone and "
          "said its men had attacked an army post."],
         ["Last year, gunmen killed 30 people near Boni."],
         ["On 1 October, 20 traders were killed in an ambush near Gao."]],
    )  # fmt: skip
    spans = segment_events(story, sentences, places_for(sentences, [BONI, GAO]))
    assert [span.role for span in spans] == [Role.MAIN, Role.BACKGROUND, Role.BACKGROUND]
    assert spans[0].sentence_indexes == (0, 1, 2, 3, 4)
    assert spans[0].date == EventDate(date(2026, 11, 5))
    assert [span.sentence_indexes for span in spans[1:]] == [(5,), (6,)]


def test_french_statements_on_the_older_event_of_a_report_still_tell_it() -> None:
    story, sentences = make_story(
        "Une ONG documente l'exécution de douze villageois près de Boni",
        [["Des soldats ont exécuté au moins douze hommes près de Boni le 3 novembre, selon "
          "le rapport publié lundi."],
         ["L'armée avait annoncé le 6 novembre la mort de cinq personnes."],
         ["Dans un message diffusé le 9 novembre, le groupe armé a nié toute attaque contre "
          "des civils."],
         ["L'an dernier, une attaque avait fait 30 morts près de Boni."]],
    )  # fmt: skip
    spans = segment_events(story, sentences, places_for(sentences, [BONI]))
    assert [span.role for span in spans] == [Role.MAIN, Role.BACKGROUND]
    assert spans[0].sentence_indexes == (0, 1, 2, 3)
    assert spans[1].sentence_indexes == (4,)


@pytest.mark.parametrize(
    "follow_up",
    [
        "Meanwhile, a herder has been missing since the night of the raid, the mayor said.",
        "Par ailleurs, un berger est porté disparu depuis la nuit de l'enlèvement, selon le maire.",
    ],
    ids=["en-meanwhile-since-the-night-of", "fr-par-ailleurs-depuis-la-nuit-de"],
)
def test_a_sentence_pointing_back_at_the_event_opens_no_other_event(follow_up: str) -> None:
    story, sentences = make_story(
        "Gunmen abduct four villagers near Boni",
        [["Gunmen abducted four villagers near Boni on Sunday, the mayor said."], [follow_up]],
    )
    spans = segment_events(story, sentences, places_for(sentences, [BONI]))
    assert [(span.role, span.sentence_indexes) for span in spans] == [(Role.MAIN, (0, 1, 2))]


def test_a_report_on_an_older_event_elsewhere_keeps_it_in_the_background() -> None:
    story, sentences = make_story(
        "Des hommes armés tuent 12 villageois près de Gao",
        [["Les assaillants sont arrivés à moto, selon des habitants.",
          "Le 2 novembre, des soldats avaient été tués près de Boni."]],
    )  # fmt: skip
    spans = segment_events(story, sentences, places_for(sentences, [BONI, GAO]))
    assert [span.role for span in spans] == [Role.MAIN, Role.BACKGROUND]
    assert spans[0].place == GAO and spans[1].place == BONI


def test_a_recalled_abduction_keeps_the_sentence_that_follows_it() -> None:
    story, sentences = make_story(
        "Boni : l'armée annonce neuf assaillants neutralisés",
        [["L'armée affirme avoir neutralisé neuf assaillants lors d'une opération menée lundi "
          "près de Boni.",
          "Deux otages ont été libérés, selon le communiqué."],
         ["Jeudi dernier, des hommes armés avaient enlevé onze chauffeurs près de Boni.",
          "Le sort des autres otages reste inconnu."]],
    )  # fmt: skip
    spans = segment_events(story, sentences, places_for(sentences, [BONI]))
    assert [span.role for span in spans] == [Role.MAIN, Role.BACKGROUND]
    main, recalled = spans
    assert main.event_type is EventType.CLASH  # freed hostages are a detail of the operation
    assert recalled.event_type is EventType.ABDUCTION
    assert recalled.sentence_indexes == (3, 4)


def test_a_village_of_the_same_cercle_with_another_kind_of_event_is_another_event() -> None:
    koro = Place("Koro", "Mopti", 14.07, -3.08, PlacePrecision.CERCLE, "Koro")
    village = Place("Dinangourou", "Mopti", 14.43, -2.23, PlacePrecision.LOCALITY, "Koro")
    story, sentences = make_story(
        "Koro : deux enfants tués par l'explosion d'un engin",
        [["Deux enfants ont été tués lundi par l'explosion d'un engin dans le cercle de Koro."],
         ["Toujours dans le cercle, à Dinangourou, trois commerçants ont été enlevés dimanche."]],
    )  # fmt: skip
    places = [[koro], [koro], [village]]
    spans = segment_events(story, sentences, places)
    assert [(s.role, s.event_type) for s in spans] == [
        (Role.MAIN, EventType.IED),
        (Role.OTHER, EventType.ABDUCTION),
    ]
    assert spans[1].place == village


def test_a_village_of_the_same_cercle_with_a_like_event_stays_with_it() -> None:
    koro = Place("Koro", "Mopti", 14.07, -3.08, PlacePrecision.CERCLE, "Koro")
    village = Place("Dinangourou", "Mopti", 14.43, -2.23, PlacePrecision.LOCALITY, "Koro")
    story, sentences = make_story(
        "Gunmen attack villages in Koro cercle",
        [["Gunmen attacked villages in the Koro cercle on Monday.",
          "In Dinangourou, the attackers killed four herders, residents said."]],
    )  # fmt: skip
    spans = segment_events(story, sentences, [[koro], [koro], [village]])
    assert [span.role for span in spans] == [Role.MAIN]


@pytest.mark.parametrize(
    "text",
    [
        "Police arrested nine men suspected of plotting attacks in the capital.",
        "Onze personnes soupçonnées de préparer des attaques ont été interpellées.",
        "Les services de renseignement affirment avoir déjoué un attentat à Kati.",
        "Security forces said the attack was foiled at a checkpoint.",
    ],
    ids=["en-plotting", "fr-preparer", "fr-dejoue", "en-foiled"],
)
def test_planned_or_foiled_attacks_are_no_event(text: str) -> None:
    assert reported_event_type(text) is None


def test_a_toll_since_the_attack_told_elsewhere_opens_no_other_event() -> None:
    story, sentences = make_story(
        "Gunmen abduct 12 traders near Boni",
        [["Gunmen abducted 12 traders near Boni on Sunday, a local official said."],
         ["Relatives gathered in Gao said 15 people had been missing since the attack."]],
    )  # fmt: skip
    spans = segment_events(story, sentences, places_for(sentences, [BONI, GAO]))
    assert [span.role for span in spans] == [Role.MAIN]
    assert spans[0].place == BONI


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Soldiers arrested 14 suspects during a military operation near the river.", None),
        ("L'armée a interpellé douze suspects lors d'une opération menée mardi.", None),
        ("Soldiers killed 14 assailants during a military operation.", EventType.CLASH),
    ],
    ids=["en-arrests", "fr-interpelles", "en-operation-with-toll"],
)
def test_an_operation_that_only_arrests_is_no_event(text: str, expected: EventType | None) -> None:
    assert reported_event_type(text) is expected


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("In late October, gunmen had attacked a checkpoint near Boni.", True),
        ("Fin octobre, des hommes armés ont attaqué un poste près de Boni.", True),
        ("Début novembre, des hommes armés ont attaqué un poste près de Boni.", False),
    ],
    ids=["en-late-last-month", "fr-fin-octobre", "fr-debut-novembre"],
)
def test_a_month_before_the_month_of_publication_is_a_recall(text: str, background: bool) -> None:
    published = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
    assert is_background_sentence(text, published=published) is background


def test_a_toll_in_the_lead_keeps_an_older_attack_there_in_the_background() -> None:
    story, sentences = make_story(
        "Gunmen kill 12 villagers near Boni",
        [["Gunmen killed 12 villagers near Boni, residents said.",
          "On 2 November, jihadists had attacked the same village, killing five."]],
    )  # fmt: skip
    spans = segment_events(story, sentences, places_for(sentences, [BONI]))
    assert [span.role for span in spans] == [Role.MAIN, Role.BACKGROUND]
    assert spans[0].date == EventDate(PUBLISHED.date())
    assert spans[1].date == EventDate(date(2026, 11, 2))


@pytest.mark.parametrize(
    ("title", "lead", "after"),
    [
        ("A family wiped out in northern Mali",
         "A drone dropped its bomb on a tent near Boni, killing a whole family.",
         "The strike on the camp near Boni on 30 October killed seven people, a witness said."),
        ("Une famille décimée dans le nord du Mali",
         "Un drone a largué sa bombe sur une tente près de Boni, tuant toute une famille.",
         "La frappe du 30 octobre près de Boni a tué sept personnes, selon un témoin."),
    ],
    ids=["en", "fr"],
)  # fmt: skip
def test_a_report_naming_its_event_again_right_after_the_lead_is_dated_by_it(
    title: str, lead: str, after: str
) -> None:
    story, sentences = make_story(title, [[lead, after], ["The army did not respond."]])
    spans = segment_events(story, sentences, places_for(sentences, [BONI]))
    assert [span.role for span in spans] == [Role.MAIN]
    assert spans[0].date == EventDate(date(2026, 10, 30))


@pytest.mark.parametrize(
    ("title", "lead"),
    [
        ("Rights group urges inquiry into drone strikes",
         "The authorities must investigate drone strikes on a market near Boni last month, "
         "the group said."),
        ("Une ONG réclame une enquête sur des frappes de drone",
         "Les autorités doivent enquêter sur les frappes de drone du mois dernier sur un marché "
         "près de Boni, a déclaré l'ONG."),
    ],
    ids=["en", "fr"],
)  # fmt: skip
def test_a_report_whose_lead_recalls_last_month_takes_the_day_told_next(
    title: str, lead: str
) -> None:
    after = "Witnesses described the strikes of 12 October near Boni, which killed eight."
    story, sentences = make_story(title, [[lead, after]])
    spans = segment_events(story, sentences, places_for(sentences, [BONI]))
    assert [span.role for span in spans] == [Role.MAIN]
    assert spans[0].date == EventDate(date(2026, 10, 12))
    assert spans[0].place == BONI


@pytest.mark.parametrize(
    ("headline", "body"),
    [
        ("Three years ago, the massacre of Wendoubiri", "Families still wait for justice."),
        ("A year on, survivors of the Sadiawel attack speak", "Life has not resumed."),
        ("Il y a cinq ans, le massacre de Wendoubiri", "Les familles attendent toujours."),
        ("Dix ans ont passé depuis l'attaque de Sadiawel", "Le village s'est vidé."),
    ],
    ids=["en-years-ago", "en-a-year-on", "fr-il-y-a", "fr-ont-passe"],
)
def test_a_headline_that_recalls_does_not_report_an_event(headline: str, body: str) -> None:
    assert not lead_reports_event([headline, body], PUBLISHED)


@pytest.mark.parametrize(
    ("headline", "body"),
    [
        ("Gunmen kill nine in central Mali", "Residents fled to nearby towns."),
        ("Neuf civils tués dans le centre du Mali", "Les habitants ont fui."),
    ],
    ids=["en", "fr"],
)
def test_a_headline_reporting_an_event_stands_in_for_a_quiet_body(headline: str, body: str) -> None:
    assert lead_reports_event([headline, body], PUBLISHED)


@pytest.mark.parametrize(
    ("title", "paragraphs"),
    [
        ("Gunmen kill 12 villagers near Boni",
         [["Gunmen killed 12 villagers near Boni on Sunday, residents said."],
          ["Last week, gunmen killed at least 20 people in Gao."]]),
        ("Douze villageois tués près de Boni",
         [["Des hommes armés ont tué douze villageois près de Boni dimanche."],
          ["La semaine dernière, une vingtaine de personnes avaient été tuées à Gao."]]),
        ("Douze villageois tués près de Boni",
         [["Des hommes armés ont tué douze villageois près de Boni dimanche."],
          ["Deux semaines plus tôt, vingt personnes ont été tuées à Gao."]]),
    ],
    ids=["en-last-week", "fr-semaine-derniere", "fr-semaines-plus-tot"],
)  # fmt: skip
def test_a_toll_told_a_week_before_the_event_is_background(
    title: str, paragraphs: list[list[str]]
) -> None:
    story, sentences = make_story(title, paragraphs)
    spans = segment_events(story, sentences, places_for(sentences, [BONI, GAO]))
    assert [span.role for span in spans] == [Role.MAIN, Role.BACKGROUND]
    assert spans[0].sentence_indexes == (0, 1)
    assert spans[0].place == BONI
    assert spans[1].sentence_indexes == (2,)


@pytest.mark.parametrize(
    ("title", "paragraphs"),
    [
        ("Gunmen kill 12 villagers near Boni",
         [["Gunmen killed 12 villagers near Boni on Sunday, residents said."],
          ["The day before, five women were shot dead in Gao."]]),
        ("Douze villageois tués près de Boni",
         [["Des hommes armés ont tué douze villageois près de Boni dimanche."],
          ["La veille, cinq femmes ont été tuées à Gao."]]),
        ("Douze villageois tués près de Boni",
         [["Des hommes armés ont tué douze villageois près de Boni dimanche."],
          ["Trois jours plus tôt, deux bergers avaient péri à Gao."]]),
    ],
    ids=["en-day-before", "fr-la-veille", "fr-jours-plus-tot"],
)  # fmt: skip
def test_a_toll_a_few_days_earlier_at_another_place_is_another_event(
    title: str, paragraphs: list[list[str]]
) -> None:
    story, sentences = make_story(title, paragraphs)
    spans = segment_events(story, sentences, places_for(sentences, [BONI, GAO]))
    assert [span.role for span in spans] == [Role.MAIN, Role.OTHER]
    assert spans[0].sentence_indexes == (0, 1)
    assert (spans[1].sentence_indexes, spans[1].place) == ((2,), GAO)


def test_last_week_in_the_lead_dates_a_follow_up_not_a_recall() -> None:
    story, sentences = make_story(
        "Toll of Boni attack rises to 15",
        [["The toll of last week's attack near Boni has risen to 15, officials said."]],
    )
    spans = segment_events(story, sentences, places_for(sentences, [BONI]))
    assert [span.role for span in spans] == [Role.MAIN]

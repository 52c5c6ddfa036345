"""The CPTS panels of the dashboard (home page): figures on hand-made data, who sees them, their query count."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cpts import map as region_map
from cpts import selectors
from cpts.dashboard import ars_sentence
from cpts.enums import AccompanyingBody, SizeClass, Stage
from cpts.models import CPTS, ACIContract, StageChange
from cpts.services import complete_step, move_to_stage, sign_aci
from interurps.models import Commune, Meeting
from tests.cpts.factories import CPTSFactory, cpts_with_population, grid_commune, signed_cpts, square_boundary, step
from tests.factories import CommuneFactory, DepartmentFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2024, 6, 15)


@pytest.fixture(autouse=True)
def fresh_geometry():
    region_map.clear_cache()
    yield
    region_map.clear_cache()


def cpts_at(stage, on=date(2020, 6, 1), **kwargs):
    cpts = CPTSFactory(**kwargs)
    move_to_stage(cpts, stage, on)
    return cpts


def home(client):
    """The home page's HTML, its non-breaking spaces (thousands, units) written as spaces."""
    content = client.get(reverse("home")).content.decode()
    return content.replace("\u202f", " ").replace("\xa0", " ")


# The ARS sentence


def test_the_ars_sentence_counts_validated_projects_with_those_that_signed_their_aci():
    for _ in range(2):
        cpts_at(Stage.HEALTH_PROJECT)
    for day in (1, 2, 3):
        signed_cpts(signed_on=date(2021, 3, day))
    for _ in range(4):
        cpts_at(Stage.LETTER_OF_INTENT)
    cpts_at(Stage.PRE_PROJECT)
    cpts_at(Stage.ABANDONED)
    sentence = ars_sentence(selectors.counts_by_stage())
    assert sentence == "5 projets validés dont 3 ACI signés, 4 lettres d'intention, 1 en réflexion"


def test_the_ars_sentence_in_the_singular():
    cpts_at(Stage.LETTER_OF_INTENT)
    signed_cpts()
    sentence = ars_sentence(selectors.counts_by_stage())
    assert sentence == "1 projet validé dont 1 ACI signé, 1 lettre d'intention, 0 en réflexion"


def test_the_panel_shows_the_ars_sentence_and_the_counts_by_stage(board_client):
    signed_cpts()
    cpts_at(Stage.LETTER_OF_INTENT)
    content = home(board_client)
    assert "1 projet validé dont 1 ACI signé, 1 lettre d&#x27;intention, 0 en réflexion" in content
    assert '<section class="card panel" id="panneau-cpts">' in content
    assert "<h2>Les CPTS en région</h2>" in content


# Population and coverage


def test_the_panel_shows_the_smallest_and_the_largest_cpts_with_their_names(board_client):
    small = cpts_with_population(30_000, name="CPTS Petite")
    large = cpts_with_population(220_000, name="CPTS Grande")
    cpts_with_population(100_000)
    assert selectors.population_extremes() == (
        selectors.NamedPopulation(small.pk, "CPTS Petite", 30_000),
        selectors.NamedPopulation(large.pk, "CPTS Grande", 220_000),
    )
    content = home(board_client)
    assert "116 667 habitants (3 CPTS actives au territoire connu)" in content
    assert f'<a href="{reverse("cpts:cpts", args=[small.pk])}">CPTS Petite</a> : 30 000 habitants' in content
    assert "CPTS Grande</a> : 220 000 habitants" in content


def test_population_extremes_without_any_territory():
    CPTSFactory()
    assert selectors.population_extremes() == (None, None)


def test_the_panel_labels_the_share_covered_by_a_cpts_at_any_stage(board_client, settings):
    settings.REGION_DEPARTMENTS = ["44"]
    covered, *others = [CommuneFactory(population=1000) for _ in range(4)]
    CommuneFactory(population=9000, department=DepartmentFactory(code="35"))  # outside the region
    cpts_at(Stage.PRE_PROJECT, communes=[covered])
    content = home(board_client)
    assert "25,0 % de la population de la région vit sur le territoire d'une CPTS, quelle que soit son étape" in content


def test_the_panel_shows_the_share_covered_by_operational_cpts(board_client, settings):
    settings.REGION_DEPARTMENTS = ["44"]
    signed, validated, letter, empty = [CommuneFactory(population=1000) for _ in range(4)]
    sign_aci(CPTSFactory(communes=[signed]), date(2020, 6, 1), ())
    cpts_at(Stage.HEALTH_PROJECT, communes=[validated])
    cpts_at(Stage.LETTER_OF_INTENT, communes=[letter])
    content = home(board_client)
    assert "<strong>50,0 %</strong> de la population de la région vit sur le territoire d'une CPTS opérationnelle" in (
        content
    )
    assert "(25,0 % ACI signé + 25,0 % projet de santé validé)" in content
    assert "soit 2 000 habitants sur 4 000" in content


# ACI per year and durations


def test_the_panel_draws_the_aci_signed_per_year(board_client):
    signed_cpts(signed_on=date(2020, 6, 1))
    signed_cpts(signed_on=date(2021, 3, 12))
    signed_cpts(signed_on=date(2021, 6, 14))
    content = home(board_client)
    assert 'aria-label="ACI signés par année"' in content
    assert ">2021</text>" in content
    assert "3 ACI signés au total." in content


def test_first_contact_is_the_earliest_of_the_accompaniment_start_the_pre_project_and_the_first_step():
    started = cpts_at(Stage.PRE_PROJECT, on=date(2020, 3, 1), accompaniment_start=date(2020, 1, 10))
    stepped = cpts_at(Stage.PRE_PROJECT, on=date(2020, 3, 1))
    complete_step(stepped, step(1), date(2019, 12, 1))
    pre_project_only = cpts_at(Stage.PRE_PROJECT, on=date(2020, 3, 1))
    cpts_at(Stage.LETTER_OF_INTENT)  # known from its letter of intent only: first contact unknown
    assert selectors.first_contact_dates() == {
        started.pk: date(2020, 1, 10),
        stepped.pk: date(2019, 12, 1),
        pre_project_only.pk: date(2020, 3, 1),
    }


def test_median_durations_from_the_first_contact_to_the_aci():
    for days_to_letter, days_to_project in [(100, 200), (200, 300), (400, 100)]:
        cpts = cpts_at(Stage.PRE_PROJECT, on=date(2019, 1, 1))
        move_to_stage(cpts, Stage.LETTER_OF_INTENT, date(2019, 1, 1) + timedelta(days=days_to_letter))
        move_to_stage(cpts, Stage.HEALTH_PROJECT, date(2019, 1, 1) + timedelta(days=days_to_letter + days_to_project))
    signed = cpts_at(Stage.PRE_PROJECT, on=date(2019, 1, 1), communes=[CommuneFactory(population=50_000)])
    sign_aci(signed, date(2020, 1, 1))
    durations = {(d.from_label, d.to_label): d for d in selectors.path_durations()}
    first_to_letter = durations[("premier contact", "lettre d'intention validée")]
    assert (first_to_letter.count, first_to_letter.median_days, first_to_letter.median_months) == (3, 200, 6.6)
    letter_to_project = durations[("lettre d'intention validée", "projet de santé validé")]
    assert (letter_to_project.count, letter_to_project.median_days) == (3, 200)
    assert durations[("projet de santé validé", "ACI signé")].count == 0
    whole = durations[("premier contact", "ACI signé")]
    assert (whole.count, whole.median_days) == (1, 365)


def test_the_panel_shows_the_median_durations_in_months(board_client):
    cpts = cpts_at(Stage.PRE_PROJECT, on=date(2019, 1, 1))
    move_to_stage(cpts, Stage.LETTER_OF_INTENT, date(2019, 7, 2))
    content = home(board_client)
    assert "De « premier contact » à « lettre d&#x27;intention validée »" in content
    assert "6,0 mois" in content  # 182 days


# CPTS to follow up


def meeting_about(cpts, days_ago, today=TODAY):
    meeting = MeetingFactory(date=today - timedelta(days=days_ago))
    cpts.meetings.add(meeting)
    return meeting


def test_a_cpts_whose_last_meeting_is_61_days_old_is_flagged():
    cpts = cpts_at(Stage.LETTER_OF_INTENT, name="CPTS Silencieuse")
    meeting_about(cpts, 61)
    meeting_about(cpts, 100)
    (stale,) = selectors.without_recent_meeting(today=TODAY)
    assert (stale, stale.last_meeting_date) == (cpts, TODAY - timedelta(days=61))


def test_a_cpts_whose_last_meeting_is_59_days_old_is_not_flagged():
    cpts = cpts_at(Stage.LETTER_OF_INTENT)
    meeting_about(cpts, 59)
    meeting_about(cpts, 100)
    assert selectors.without_recent_meeting(today=TODAY) == []


def test_a_cpts_without_any_meeting_is_flagged_first():
    old = cpts_at(Stage.LETTER_OF_INTENT, name="A")
    meeting_about(old, 90)
    never = cpts_at(Stage.PRE_PROJECT, name="B")
    assert selectors.without_recent_meeting(today=TODAY) == [never, old]


def test_a_meeting_planned_later_does_not_count_and_an_inactive_cpts_is_not_flagged():
    planned = cpts_at(Stage.LETTER_OF_INTENT)
    meeting_about(planned, -10)  # in ten days
    dormant = cpts_at(Stage.DORMANT)
    assert selectors.without_recent_meeting(today=TODAY) == [planned]
    assert dormant not in selectors.without_recent_meeting(today=TODAY)


def test_the_panel_links_each_silent_cpts_to_its_page(board_client):
    cpts = cpts_at(Stage.LETTER_OF_INTENT, name="CPTS Silencieuse")
    meeting_about(cpts, 61, today=timezone.localdate())
    content = home(board_client)
    assert f'<a href="{reverse("cpts:cpts", args=[cpts.pk])}">CPTS Silencieuse</a>' in content
    assert f"dernière réunion le {timezone.localdate() - timedelta(days=61):%d/%m/%Y}" in content


def test_aci_anniversaries_within_60_days_are_announced():
    soon = signed_cpts(signed_on=date(2022, 8, 14), name="CPTS Bientôt")  # 2nd anniversary in 60 days
    signed_cpts(signed_on=date(2022, 8, 15))  # in 61 days
    signed_cpts(signed_on=date(2023, 6, 14))  # yesterday
    today = signed_cpts(signed_on=date(2023, 6, 15), name="CPTS Aujourd'hui")
    (first, second) = selectors.upcoming_aci_anniversaries(today=TODAY)
    assert (first.cpts, first.date, first.label) == (today, TODAY, "1er anniversaire")
    assert (second.cpts, second.date, second.number) == (soon, date(2024, 8, 14), 2)


def test_no_anniversary_after_the_fifth_nor_for_an_abandoned_cpts():
    signed_cpts(signed_on=date(2019, 7, 1))  # its 5th anniversary, the last, is on 01/07/2024
    signed_cpts(signed_on=date(2018, 7, 1))  # a 6th would be on 01/07/2024: there is none
    abandoned = signed_cpts(signed_on=date(2020, 7, 1))
    move_to_stage(abandoned, Stage.ABANDONED, date(2023, 1, 1))
    (anniversary,) = selectors.upcoming_aci_anniversaries(today=TODAY)
    assert (anniversary.contract.signed_on, anniversary.number) == (date(2019, 7, 1), 5)


def test_the_panel_lists_the_coming_anniversaries(board_client):
    signed_on = timezone.localdate() - timedelta(days=365 - 10)
    signed_cpts(signed_on=signed_on, name="CPTS Bientôt")
    content = home(board_client)
    assert "CPTS Bientôt</a>" in content
    assert f"1er anniversaire de l'ACI signé le {signed_on:%d/%m/%Y}" in content


def test_the_panel_lists_the_overlaps_with_the_commune_and_the_cpts(board_client):
    shared = CommuneFactory(name="Clisson", insee_code="44043")
    cpts_at(Stage.LETTER_OF_INTENT, name="CPTS Sèvre et Loire", communes=[shared])
    cpts_at(Stage.HEALTH_PROJECT, name="CPTS Sud Loire Vignoble", communes=[shared])
    content = home(board_client)
    assert "1 commune revendiquée par plusieurs CPTS actives." in content
    assert "<strong>Clisson</strong> (44043) :" in content
    assert "CPTS Sèvre et Loire</a>" in content
    assert "CPTS Sud Loire Vignoble</a>" in content


def test_the_panel_shows_the_map_as_an_image_of_the_map_page(board_client):
    cpts_at(Stage.PRE_PROJECT, name="CPTS du Bocage", communes=[grid_commune(0, 0)])
    content = home(board_client)
    assert f'<img class="region-map" src="{reverse("cpts:map_svg")}"' in " ".join(content.split())
    image = board_client.get(reverse("cpts:map_svg")).content.decode()
    assert "<title>CPTS du Bocage (44) – pré-projet (réflexion)</title>" in image
    assert f'href="{reverse("cpts:map")}"' in content
    assert 'href="/static/cpts/cpts-dashboard.css"' in content


# Who sees the panels


@pytest.mark.parametrize("fixture", ["board_client", "staff_client", "admin_client_"])
def test_every_role_sees_the_cpts_panels(request, fixture):
    content = home(request.getfixturevalue(fixture))
    assert "<h2>Les CPTS en région</h2>" in content
    assert "<h2>CPTS à suivre</h2>" in content


def test_a_user_who_may_not_see_the_cpts_does_not_see_their_panels(client):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_meeting", content_type__app_label="interurps"))
    client.force_login(user)
    content = home(client)
    assert "<h2>Activité" in content
    assert "Les CPTS en région" not in content
    assert "cpts-dashboard.css" not in content


# Query count


def make_region(count, start=0):
    """`count` CPTS with a commune each (with a boundary, one shared with the next CPTS), a stage, a meeting,
    and an ACI for one CPTS in five."""
    department = DepartmentFactory()
    communes = Commune.objects.bulk_create(
        Commune(
            insee_code=f"44{i:03d}",
            name=f"Commune {i}",
            department=department,
            population=5_000 + i,
            boundary=square_boundary(i % 20, i // 20),
        )
        for i in range(start, start + count + 1)
    )
    all_cpts = CPTS.objects.bulk_create(
        CPTS(name=f"CPTS {i}", department=department, accompanied_by=AccompanyingBody.INTERURPS)
        for i in range(start, start + count)
    )
    links = CPTS.communes.through
    links.objects.bulk_create(
        links(cpts=cpts, commune=commune) for i, cpts in enumerate(all_cpts) for commune in communes[i : i + 2]
    )
    signed = all_cpts[::5]
    StageChange.objects.bulk_create(
        StageChange(cpts=cpts, stage=stage, date=day)
        for cpts in all_cpts
        for stage, day in [(Stage.PRE_PROJECT, date(2019, 1, 1)), (Stage.LETTER_OF_INTENT, date(2019, 9, 1))]
    )
    StageChange.objects.bulk_create(
        StageChange(cpts=cpts, stage=Stage.ACI_SIGNED, date=date(2021, 3, 12)) for cpts in signed
    )
    ACIContract.objects.bulk_create(
        ACIContract(cpts=cpts, signed_on=date(2021, 3, 12), size_class_at_signature=SizeClass.ONE) for cpts in signed
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(date=timezone.localdate() - timedelta(days=i % 90), title=f"Réunion {i}") for i in range(count)
    )
    CPTS.meetings.through.objects.bulk_create(
        CPTS.meetings.through(cpts=cpts, meeting=meeting) for cpts, meeting in zip(all_cpts, meetings, strict=True)
    )


def test_the_dashboard_takes_the_same_number_of_queries_for_10_and_200_cpts(board_client, django_assert_num_queries):
    make_region(10)
    with CaptureQueriesContext(connection) as few:
        assert "CPTS 3" in home(board_client)
    make_region(190, start=11)
    region_map.clear_cache()
    with django_assert_num_queries(len(few.captured_queries)):
        content = home(board_client)
    assert "40 projets validés dont 40 ACI signés" in content
    shared = int(re.search(r"(\d+) communes revendiquées par plusieurs CPTS actives", content).group(1))
    assert shared > 100
    assert f"… et {shared - 12} autres : voir la" in content


def test_the_watch_lists_show_their_first_twelve_and_say_how_many_more(board_client):
    for number in range(15):
        cpts_at(Stage.PRE_PROJECT, name=f"CPTS Sans Réunion {number:02d}", communes=[grid_commune(number, 0)])
    content = home(board_client)
    watch = content.split("Sans réunion depuis plus de")[1].split("Anniversaires d'ACI")[0]
    assert "15 CPTS actives, la plus ancienne d'abord." in watch
    assert watch.count("CPTS Sans Réunion") == 12
    assert "… et 3 autres : voir la" in watch

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from interurps.models import Union
from reper.models import ExperimentationTerritory, Milestone, ReperProject, TerritoryFigures
from tests.cpts.factories import CPTSFactory
from tests.factories import DepartmentFactory, MeetingFactory, OrganisationFactory, category, rename_category
from tests.reper.factories import FiguresFactory, MilestoneFactory, ReperProjectFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(" ".join(response.content.decode().split()))


def figures_data(period="T3 2022", **overrides):
    data = {
        "period": period,
        "professionals_trained": "4",
        "screenings": "52",
        "assessments": "12",
        "care_plans": "7",
        "rescreenings": "0",
        "notes": "",
    }
    return {**data, **overrides}


# --- the project at a glance --------------------------------------------------------------------


def test_home_invites_to_record_the_project_when_there_is_none(staff_client):
    page = text(staff_client.get(reverse("reper:home")))
    assert "Aucun projet REPER n'est encore enregistré." in page
    assert reverse("reper:project_create") in page


def test_home_shows_the_consortium_the_unions_and_the_milestones(board_client):
    project = ReperProjectFactory(
        name="Projet REPER",
        unions=Union.objects.filter(code__in=["urml", "pharmaciens"]),
        consortium_members=[OrganisationFactory(name="Gérontopôle des Pays de la Loire")],
    )
    MilestoneFactory(project=project, kind=Milestone.Kind.SPECIFICATIONS_PUBLISHED, date=datetime.date(2021, 12, 28))
    MilestoneFactory(
        project=project,
        kind=Milestone.Kind.CALL_FOR_INTEREST,
        date=datetime.date(2020, 7, 1),
        precision=Milestone.Precision.MONTH,
    )
    page = text(board_client.get(reverse("reper:home")))
    assert "Gérontopôle des Pays de la Loire" in page
    assert "<strong>2</strong> : URML, URPS Pharmaciens" in page
    assert page.index("juillet 2020") < page.index("28 décembre 2021")


def test_home_shows_each_territory_with_its_latest_period_and_totals(staff_client):
    territory = TerritoryFactory(cpts=CPTSFactory(name="CPTS Pays de Retz"))
    FiguresFactory(territory=territory, screenings=40)
    FiguresFactory(
        territory=territory,
        period_start=datetime.date(2022, 10, 1),
        period_end=datetime.date(2022, 12, 31),
        screenings=25,
    )
    response = staff_client.get(reverse("reper:home"))
    row = next(t for t in response.context["territories"] if t.pk == territory.pk)
    assert row.latest_figures.period == "T4 2022"
    assert row.total_screenings == 65
    assert "CPTS Pays de Retz" in text(response)


def test_home_counts_this_years_meetings_of_elected_members(staff_client):
    ReperProjectFactory()
    today = timezone.localdate()
    elected = category("reper", "Réunion des élus")
    for _ in range(3):
        MeetingFactory(date=today, programmes=["reper"], category=elected)
    MeetingFactory(date=datetime.date(today.year - 1, 12, 31), programmes=["reper"], category=elected)
    MeetingFactory(date=today, programmes=["reper"], category=category("reper", "Consortium"))
    response = staff_client.get(reverse("reper:home"))
    assert response.context["meeting_counts"] == {"total": 4, "elected_members": 3}
    assert "<strong>3</strong> réunions des élus" in text(response)


def test_home_counts_elected_members_meetings_under_the_renamed_category_and_shows_its_new_name(staff_client):
    ReperProjectFactory()
    elected = category("reper", "Réunion des élus")
    MeetingFactory(date=timezone.localdate(), programmes=["reper"], category=elected)
    rename_category("reper", "elected_members", "Réunion des élus des URPS")
    response = staff_client.get(reverse("reper:home"))
    assert response.context["meeting_counts"]["elected_members"] == 1
    assert "de la catégorie « Réunion des élus des URPS »" in text(response)
    assert response.context["meeting_links"]["elected_members"].endswith(f"categorie={elected.pk}")


def test_home_links_to_a_meeting_form_prefilled_for_elected_members_of_reper(staff_client):
    ReperProjectFactory()
    response = staff_client.get(reverse("reper:home"))
    link = response.context["meeting_links"]["elected_members"]
    assert link == (
        f"{reverse('interurps:meeting_create')}?programme=reper&categorie={category('reper', 'Réunion des élus').pk}"
    )
    form = staff_client.get(link).context["form"]
    assert form.initial["category"] == category("reper", "Réunion des élus").pk


def test_the_board_sees_no_editing_buttons(board_client):
    project = ReperProjectFactory()
    TerritoryFactory(project=project)
    page = text(board_client.get(reverse("reper:home")))
    assert reverse("reper:project_edit", args=[project.pk]) not in page
    assert "Saisir un trimestre" not in page


def make_project(territories, quarters):
    project = ReperProjectFactory(
        unions=Union.objects.all()[:3], consortium_members=[OrganisationFactory() for _ in range(territories)]
    )
    for index in range(territories):
        MilestoneFactory(project=project, date=datetime.date(2021, 1, 1) + datetime.timedelta(days=index))
        territory = TerritoryFactory(project=project)
        for quarter in range(1, quarters + 1):
            FiguresFactory(
                territory=territory,
                period_start=datetime.date(2021, 3 * quarter - 2, 1),
                period_end=datetime.date(2021, 3 * quarter, 28),
            )
    return project


@pytest.mark.parametrize(("territories", "quarters"), [(1, 1), (6, 4)])
def test_home_runs_the_same_queries_whatever_the_number_of_rows(
    staff_client, django_assert_num_queries, territories, quarters
):
    make_project(territories, quarters)
    # session and user (2), savepoint (2), permissions (2), project + unions + consortium (3),
    # territories + their figures (2), region totals, milestones, meetings, other projects, categories.
    with django_assert_num_queries(14):
        staff_client.get(reverse("reper:home"))


# --- territories --------------------------------------------------------------------------------


def test_the_territory_list_is_filtered_by_department_and_searched_by_name(board_client):
    TerritoryFactory(cpts=CPTSFactory(name="CPTS Pays de Retz", department=DepartmentFactory(code="44")))
    TerritoryFactory(cpts=CPTSFactory(name="CPTS Centre Vendée", department=DepartmentFactory(code="85")))
    url = reverse("reper:territory_list")
    assert [
        t.cpts.name
        for t in board_client.get(url, {"department": DepartmentFactory(code="85").pk}).context["object_list"]
    ] == ["CPTS Centre Vendée"]
    assert [t.cpts.name for t in board_client.get(url, {"q": "retz"}).context["object_list"]] == ["CPTS Pays de Retz"]


def test_the_territory_list_sorts_by_total_screenings(board_client):
    FiguresFactory(territory=TerritoryFactory(cpts=CPTSFactory(name="A")), screenings=5)
    FiguresFactory(territory=TerritoryFactory(cpts=CPTSFactory(name="B")), screenings=50)
    names = [
        t.cpts.name
        for t in board_client.get(reverse("reper:territory_list"), {"tri": "-reperages"}).context["object_list"]
    ]
    assert names == ["B", "A"]


@pytest.mark.parametrize(("territories", "quarters"), [(1, 1), (6, 4)])
def test_the_territory_list_runs_the_same_queries_whatever_the_number_of_rows(
    board_client, django_assert_num_queries, territories, quarters
):
    make_project(territories, quarters)
    # session and user (2), savepoint (2), permissions (2), filter choices (2), count, page.
    with django_assert_num_queries(8):
        board_client.get(reverse("reper:territory_list"))


def test_the_territory_page_shows_figures_per_period_totals_per_year_and_overall(board_client):
    territory = TerritoryFactory(cpts=CPTSFactory(name="CPTS Sud Loire Vignoble"))
    FiguresFactory(
        territory=territory,
        period_start=datetime.date(2021, 10, 1),
        period_end=datetime.date(2021, 12, 31),
        screenings=10,
    )
    FiguresFactory(territory=territory, screenings=40)
    FiguresFactory(
        territory=territory,
        period_start=datetime.date(2022, 4, 1),
        period_end=datetime.date(2022, 6, 30),
        screenings=30,
    )
    response = board_client.get(reverse("reper:territory", args=[territory.pk]))
    assert [f.period for f in response.context["figures"]] == ["T3 2022", "T2 2022", "T4 2021"]
    assert response.context["totals"]["screenings"] == 80
    screenings = next(row for row in response.context["year_rows"] if row["label"] == "repérages (étape 1)")
    assert response.context["years"] == [2021, 2022]
    assert screenings["values"] == [10, 70, 80]
    assert "CPTS Sud Loire Vignoble" in text(response)


def test_the_territory_page_warns_when_the_steps_are_out_of_order_overall(board_client):
    figures = FiguresFactory(screenings=3, assessments=9)
    page = text(board_client.get(reverse("reper:territory", args=[figures.territory_id])))
    assert "À vérifier" in page
    assert "Plus d'évaluations approfondies (9) que de repérages (3)" in page


@pytest.mark.parametrize("quarters", [1, 8])
def test_the_territory_page_runs_the_same_queries_whatever_the_number_of_periods(
    board_client, django_assert_num_queries, quarters
):
    territory = TerritoryFactory()
    for index in range(quarters):
        year, quarter = 2020 + index // 4, index % 4 + 1
        FiguresFactory(
            territory=territory,
            period_start=datetime.date(year, 3 * quarter - 2, 1),
            period_end=datetime.date(year, 3 * quarter, 28),
        )
    # session and user (2), savepoint (2), permissions (2), territory, figures, totals per year, categories,
    # and the history (3): its records and the names of its project and CPTS.
    with django_assert_num_queries(11):
        board_client.get(reverse("reper:territory", args=[territory.pk]))


def test_a_chargee_de_mission_adds_a_territory_to_the_project(staff_client):
    project = ReperProjectFactory()
    cpts = CPTSFactory(name="CPTS Grand Saumurois")
    response = staff_client.post(
        reverse("reper:territory_create", args=[project.pk]),
        {"cpts": cpts.pk, "status": "recruited", "recruitment_date": "2021-12-07", "notes": ""},
    )
    territory = ExperimentationTerritory.objects.get()
    assert response.status_code == 302
    assert (territory.project, territory.cpts, territory.recruitment_date) == (
        project,
        cpts,
        datetime.date(2021, 12, 7),
    )


def test_a_cpts_already_in_the_project_is_refused_in_french(staff_client):
    territory = TerritoryFactory(cpts=CPTSFactory(name="CPTS Grand Saumurois"))
    response = staff_client.post(
        reverse("reper:territory_create", args=[territory.project_id]),
        {"cpts": territory.cpts_id, "status": "candidate", "recruitment_date": "", "notes": ""},
    )
    assert response.status_code == 200
    assert "La CPTS CPTS Grand Saumurois est déjà un territoire d'expérimentation de ce projet." in text(response)
    assert ExperimentationTerritory.objects.count() == 1


def test_a_recruited_territory_without_date_is_refused_in_french(staff_client):
    project = ReperProjectFactory()
    response = staff_client.post(
        reverse("reper:territory_create", args=[project.pk]),
        {"cpts": CPTSFactory().pk, "status": "recruited", "recruitment_date": "", "notes": ""},
    )
    assert "Indiquez la date de recrutement d'un territoire recruté ou actif." in text(response)
    assert not ExperimentationTerritory.objects.exists()


# --- recording a quarter ------------------------------------------------------------------------


def test_a_chargee_de_mission_records_a_territorys_quarterly_figures(staff_client):
    territory = TerritoryFactory()
    response = staff_client.post(reverse("reper:figures_record", args=[territory.pk]), figures_data(), follow=True)
    figures = TerritoryFigures.objects.get()
    assert (figures.territory, figures.period_start, figures.period_end) == (
        territory,
        datetime.date(2022, 7, 1),
        datetime.date(2022, 9, 30),
    )
    assert (figures.professionals_trained, figures.screenings, figures.assessments, figures.care_plans) == (
        4,
        52,
        12,
        7,
    )
    assert f"Chiffres T3 2022 de {territory} enregistrés." in text(response)


def test_recording_a_quarter_already_recorded_updates_it(staff_client):
    figures = FiguresFactory(screenings=40)
    response = staff_client.post(
        reverse("reper:figures_record", args=[figures.territory_id]),
        figures_data("2022-T3", screenings="44"),
        follow=True,
    )
    assert TerritoryFigures.objects.count() == 1
    assert TerritoryFigures.objects.get().screenings == 44
    assert "mis à jour" in text(response)


def test_the_form_opens_on_a_recorded_quarter_with_its_figures(staff_client):
    figures = FiguresFactory(screenings=40)
    response = staff_client.get(reverse("reper:figures_record", args=[figures.territory_id]), {"trimestre": "T3 2022"})
    assert response.context["form"].initial["screenings"] == 40
    assert response.context["form"].initial["period"] == "T3 2022"


def test_the_form_offers_the_previous_quarter(staff_client):
    territory = TerritoryFactory()
    response = staff_client.get(reverse("reper:figures_record", args=[territory.pk]))
    assert response.context["form"].initial["period"] == response.context["quarter_suggestions"][1]


def test_an_unreadable_quarter_is_refused_in_french_and_nothing_is_written(staff_client):
    territory = TerritoryFactory()
    response = staff_client.post(
        reverse("reper:figures_record", args=[territory.pk]), figures_data("troisième trimestre")
    )
    assert "Période « troisième trimestre » non reconnue" in text(response)
    assert not TerritoryFigures.objects.exists()


def test_a_negative_count_is_refused_in_french(staff_client):
    territory = TerritoryFactory()
    response = staff_client.post(reverse("reper:figures_record", args=[territory.pk]), figures_data(screenings="-3"))
    assert "Un nombre ne peut pas être négatif." in text(response)
    assert not TerritoryFigures.objects.exists()


def test_an_overlapping_period_is_refused_and_the_recorded_one_is_kept(staff_client):
    figures = FiguresFactory(screenings=40)
    response = staff_client.post(
        reverse("reper:figures_record", args=[figures.territory_id]),
        figures_data("du 01/09/2022 au 31/10/2022", screenings="1"),
    )
    assert "chevauche la période T3 2022" in text(response)
    assert TerritoryFigures.objects.get().screenings == 40


def test_the_board_cannot_record_figures(board_client):
    territory = TerritoryFactory()
    response = board_client.post(reverse("reper:figures_record", args=[territory.pk]), figures_data())
    assert response.status_code == 403
    assert not TerritoryFigures.objects.exists()


def test_deleting_a_period_returns_to_the_territory(staff_client):
    figures = FiguresFactory()
    response = staff_client.post(reverse("reper:figures_delete", args=[figures.pk]))
    assert response["Location"] == reverse("reper:territory", args=[figures.territory_id])
    assert not TerritoryFigures.objects.exists()


# --- all figures --------------------------------------------------------------------------------


def test_the_figures_list_is_filtered_by_year_and_totals_what_it_shows(board_client):
    territory = TerritoryFactory()
    FiguresFactory(
        territory=territory,
        period_start=datetime.date(2021, 10, 1),
        period_end=datetime.date(2021, 12, 31),
        screenings=10,
    )
    FiguresFactory(territory=territory, screenings=40)
    response = board_client.get(reverse("reper:figures_list"), {"year": "2022"})
    assert [f.period for f in response.context["object_list"]] == ["T3 2022"]
    screenings = next(row for row in response.context["totals"] if row["label"] == "repérages (étape 1)")
    assert screenings["values"] == [40]


def test_the_figures_list_exports_csv_with_french_headers(board_client):
    FiguresFactory(territory=TerritoryFactory(cpts=CPTSFactory(name="CPTS Pays de Retz")))
    response = board_client.get(reverse("reper:figures_list"), {"export": "csv"})
    content = response.content.decode("utf-8-sig")
    assert content.splitlines()[0].startswith(
        "territoire;département;période;professionnels formés;repérages (étape 1)"
    )
    assert "CPTS Pays de Retz;44;T3 2022;5;40;10;4;2" in content


@pytest.mark.parametrize(("territories", "quarters"), [(1, 1), (6, 4)])
def test_the_figures_list_runs_the_same_queries_whatever_the_number_of_rows(
    board_client, django_assert_num_queries, territories, quarters
):
    make_project(territories, quarters)
    # session and user (2), savepoint (2), permissions (2), filter choices (3), count, totals, page.
    with django_assert_num_queries(10):
        board_client.get(reverse("reper:figures_list"))


# --- project and milestones ---------------------------------------------------------------------


def test_a_chargee_de_mission_records_the_project_with_its_unions(staff_client):
    unions = Union.objects.filter(code__in=["urml", "kines"])
    response = staff_client.post(
        reverse("reper:project_create"),
        {"name": "REPER", "start_date": "2020-07-01", "description": "", "unions": [u.pk for u in unions]},
    )
    project = ReperProject.objects.get()
    assert response["Location"] == reverse("reper:project", args=[project.pk])
    assert set(project.unions.all()) == set(unions)


def test_a_chargee_de_mission_adds_a_milestone_known_to_the_month(staff_client):
    project = ReperProjectFactory()
    staff_client.post(
        reverse("reper:milestone_create", args=[project.pk]),
        {"kind": "call_for_interest", "label": "", "date": "2020-07-01", "precision": "month", "note": ""},
    )
    page = strip_tags(text(staff_client.get(reverse("reper:project", args=[project.pk]))))
    assert "juillet 2020 – appel à manifestation d'intérêt publié" in page

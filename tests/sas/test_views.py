import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from sas.models import SASDeployment, SASDeploymentStatus, SASIndicator
from tests.factories import DepartmentFactory, StaffMemberFactory, category, programme
from tests.sas.factories import (
    CPTSFactory,
    SASDeploymentFactory,
    SASDeploymentStatusFactory,
    SASIndicatorFactory,
    sas_meeting,
)

Status = SASDeploymentStatus.Status
pytestmark = pytest.mark.django_db


def text(response):
    """What the page says: its text without tags, spaces collapsed."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def region():
    return {code: DepartmentFactory(code=code) for code in ["44", "49", "53", "72", "85"]}


def assert_constant_queries(client, url, add_rows, django_assert_num_queries):
    """The page costs as many queries with many rows as with few."""
    add_rows(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_rows(30)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# --- dashboard ---------------------------------------------------------------------------


def test_home_counts_the_years_meetings_per_category(staff_client):
    region()
    for _ in range(3):
        sas_meeting("ARS (point de synchronisation)")
    sas_meeting("ARS (point de synchronisation)", date=datetime.date(2020, 5, 1))
    sas_meeting("Quintet", programmes=("cpts",))
    response = staff_client.get(reverse("sas:home"), {"annee": 2021})
    counts = response.context["counts"]
    assert counts.count("ars_sync") == 3
    assert counts.total == 3
    assert "Réunions SAS en 2021 : 3" in text(response)


def test_home_counts_the_years_meetings_per_department(staff_client):
    region()
    for _ in range(2):
        sas_meeting("Instance SAS départementale", "44")
    sas_meeting("Instance SAS départementale", "72")
    response = staff_client.get(reverse("sas:home"), {"annee": 2021})
    by_department = {department.code: count for department, count in response.context["counts"].by_department}
    assert by_department == {"44": 2, "49": 0, "53": 0, "72": 1, "85": 0}


def test_home_shows_the_year_asked_for(staff_client):
    sas_meeting("Interne", date=datetime.date(2020, 5, 1))
    response = staff_client.get(reverse("sas:home"), {"annee": 2020})
    assert response.context["year"] == 2020
    assert response.context["counts"].total == 1
    assert 2020 in response.context["years"]
    assert '<option value="2020" selected>2020</option>' in response.content.decode()


def test_home_falls_back_to_the_current_year_on_a_bad_year(staff_client):
    response = staff_client.get(reverse("sas:home"), {"annee": "abc"})
    assert response.context["year"] == timezone.localdate().year


def test_home_offers_to_log_a_sas_meeting(staff_client):
    response = staff_client.get(reverse("sas:home"))
    assert f'href="{reverse("interurps:meeting_create")}?programme=sas"' in response.content.decode()
    assert "Enregistrer une réunion SAS" in text(response)


def test_home_hides_the_meeting_button_from_the_board(board_client):
    response = board_client.get(reverse("sas:home"))
    assert "Enregistrer une réunion SAS" not in text(response)


def test_home_shows_deployment_statuses_and_highlights(staff_client):
    departments = region()
    SASDeploymentStatusFactory(
        deployment=SASDeploymentFactory(department=departments["44"]),
        status=Status.PILOT_SELECTED,
        date=datetime.date(2021, 1, 15),
    )
    sas_meeting("CPTS", date=datetime.date(2021, 10, 15), is_highlight=True, highlight_summary="Immersion au Centre 15")
    page = text(staff_client.get(reverse("sas:home"), {"annee": 2021}))
    assert "projet pilote retenu depuis le 15/01/2021" in page
    assert "15/10/2021" in page and "Immersion au Centre 15" in page


def test_home_shows_the_years_indicators_and_fill_rate(staff_client):
    SASIndicatorFactory(department=DepartmentFactory(code="85"), slots_offered=100, slots_taken=59)
    page = text(staff_client.get(reverse("sas:home"), {"annee": 2021}))
    assert "59 %" in page


def test_home_query_count_does_not_grow_with_the_records(staff_client, django_assert_num_queries):
    departments = region()
    for code in ["44", "72"]:
        SASDeploymentFactory(department=departments[code])

    def add_rows(number):
        for _ in range(number):
            day = datetime.date(2021, 1, 1) + datetime.timedelta(days=SASIndicator.objects.count())
            sas_meeting("Interne", "44", date=day, is_highlight=True, highlight_summary="Temps fort")
            for code in ["44", "72"]:
                deployment = departments[code].sas_deployment
                deployment.participating_cpts.add(CPTSFactory(department=departments[code]))
                SASDeploymentStatusFactory(deployment=deployment, date=day + datetime.timedelta(days=1000))
                SASIndicatorFactory(department=departments[code], period_start=day, period_end=day)
            StaffMemberFactory(start_date=day).programmes.add(programme("sas"))

    assert_constant_queries(staff_client, reverse("sas:home") + "?annee=2021", add_rows, django_assert_num_queries)


# --- deployments ---------------------------------------------------------------------------


def test_deployment_page_shows_the_status_history_and_the_cpts(staff_client):
    deployment = SASDeploymentFactory(
        department=DepartmentFactory(code="44"), participating_cpts=[CPTSFactory(name="CPTS Erdre et Cens")]
    )
    SASDeploymentStatusFactory(deployment=deployment, status=Status.PROPOSED, date=datetime.date(2020, 11, 2))
    SASDeploymentStatusFactory(deployment=deployment, status=Status.PILOT_SELECTED, date=datetime.date(2021, 1, 15))
    page = text(staff_client.get(reverse("sas:deployment", args=[deployment.pk])))
    assert "02/11/2020 candidature au projet pilote" in page
    assert "15/01/2021 projet pilote retenu" in page
    assert "CPTS Erdre et Cens" in page


def test_deployment_page_query_count_does_not_grow(staff_client, django_assert_num_queries):
    department = DepartmentFactory(code="44")
    deployment = SASDeploymentFactory(department=department)

    def add_rows(number):
        for _ in range(number):
            last = deployment.statuses.order_by("-date").first()
            day = (last.date if last else datetime.date(2020, 1, 1)) + datetime.timedelta(days=1)
            SASDeploymentStatusFactory(deployment=deployment, date=day)
            deployment.participating_cpts.add(CPTSFactory(department=department))
            SASIndicatorFactory(department=None, cpts=CPTSFactory(department=department))
            sas_meeting("Interne", "44", date=day)

    url = reverse("sas:deployment", args=[deployment.pk])
    assert_constant_queries(staff_client, url, add_rows, django_assert_num_queries)


def test_staff_add_a_status_to_a_deployment(staff_client):
    deployment = SASDeploymentFactory()
    response = staff_client.post(
        reverse("sas:status_create", args=[deployment.pk]),
        {"status": Status.OPERATIONAL, "date": "2022-06-01", "note": "ouverture"},
    )
    assert response.status_code == 302
    assert deployment.current_status.status == Status.OPERATIONAL


def test_a_status_dated_before_the_current_one_is_refused_and_nothing_is_lost(staff_client):
    deployment = SASDeploymentFactory()
    SASDeploymentStatusFactory(deployment=deployment, status=Status.PILOT_SELECTED, date=datetime.date(2021, 3, 1))
    response = staff_client.post(
        reverse("sas:status_create", args=[deployment.pk]),
        {"status": Status.OPERATIONAL, "date": "2021-02-01", "note": "à garder"},
    )
    assert response.status_code == 200
    assert "un statut suivant ne peut pas être daté d'avant" in text(response)
    assert 'value="à garder"' in response.content.decode()
    assert deployment.statuses.count() == 1


def test_the_same_status_twice_on_a_day_is_refused_in_french(staff_client):
    deployment = SASDeploymentFactory()
    SASDeploymentStatusFactory(deployment=deployment, status=Status.PREPARATION, date=datetime.date(2021, 3, 1))
    response = staff_client.post(
        reverse("sas:status_create", args=[deployment.pk]), {"status": Status.PREPARATION, "date": "2021-03-01"}
    )
    assert "Ce statut est déjà enregistré à cette date." in text(response)


def test_staff_delete_a_mistaken_status(staff_client):
    status = SASDeploymentStatusFactory()
    response = staff_client.post(reverse("sas:status_delete", args=[status.deployment.pk, status.pk]))
    assert response.status_code == 302
    assert not SASDeploymentStatus.objects.exists()


def test_a_status_is_deleted_only_through_its_own_deployment(staff_client):
    status = SASDeploymentStatusFactory()
    other = SASDeploymentFactory(department=DepartmentFactory(code="72"))
    response = staff_client.post(reverse("sas:status_delete", args=[other.pk, status.pk]))
    assert response.status_code == 404
    assert SASDeploymentStatus.objects.exists()


def test_staff_create_a_deployment_for_a_department(staff_client):
    department = DepartmentFactory(code="53")
    cpts = CPTSFactory(department=department)
    response = staff_client.post(
        reverse("sas:deployment_create"), {"department": department.pk, "participating_cpts": [cpts.pk]}
    )
    deployment = SASDeployment.objects.get()
    assert response["Location"] == reverse("sas:deployment", args=[deployment.pk])
    assert list(deployment.participating_cpts.all()) == [cpts]


def test_the_create_form_is_prefilled_with_the_department_of_the_link(staff_client):
    department = DepartmentFactory(code="85")
    response = staff_client.get(reverse("sas:deployment_create"), {"departement": "85"})
    assert response.context["form"].initial["department"] == department.pk


def test_a_cpts_of_another_department_is_refused(staff_client):
    department = DepartmentFactory(code="53")
    elsewhere = CPTSFactory(name="CPTS du Mans", department=DepartmentFactory(code="72"))
    response = staff_client.post(
        reverse("sas:deployment_create"), {"department": department.pk, "participating_cpts": [elsewhere.pk]}
    )
    assert "Ces CPTS ne sont pas dans le département 53 : CPTS du Mans." in text(response)
    assert not SASDeployment.objects.exists()


def test_staff_edit_the_participating_cpts(staff_client):
    deployment = SASDeploymentFactory()
    cpts = CPTSFactory(department=deployment.department)
    staff_client.post(
        reverse("sas:deployment_edit", args=[deployment.pk]), {"participating_cpts": [cpts.pk], "notes": "ok"}
    )
    deployment.refresh_from_db()
    assert list(deployment.participating_cpts.all()) == [cpts]
    assert deployment.notes == "ok"


# --- indicators ------------------------------------------------------------------------------


def test_indicator_list_shows_the_fill_rate(staff_client):
    SASIndicatorFactory(slots_offered=200, slots_taken=118)
    page = text(staff_client.get(reverse("sas:indicator_list")))
    assert "01/07/2021 – 31/07/2021" in page
    assert "59 %" in page


def test_indicator_list_filters_by_department_including_its_cpts(staff_client):
    loire_atlantique = DepartmentFactory(code="44")
    own = SASIndicatorFactory(department=loire_atlantique)
    of_cpts = SASIndicatorFactory(department=None, cpts=CPTSFactory(department=loire_atlantique))
    SASIndicatorFactory(department=DepartmentFactory(code="72"))
    response = staff_client.get(reverse("sas:indicator_list"), {"department": loire_atlantique.pk})
    assert set(response.context["object_list"]) == {own, of_cpts}


def test_indicator_list_filters_by_cpts(staff_client):
    cpts = CPTSFactory()
    mine = SASIndicatorFactory(department=None, cpts=cpts)
    SASIndicatorFactory(department=None, cpts=CPTSFactory(department=cpts.department))
    response = staff_client.get(reverse("sas:indicator_list"), {"cpts": cpts.pk})
    assert list(response.context["object_list"]) == [mine]


def test_indicator_list_filters_by_period(staff_client):
    july = SASIndicatorFactory()
    SASIndicatorFactory(
        department=july.department, period_start=datetime.date(2020, 7, 1), period_end=datetime.date(2020, 7, 31)
    )
    response = staff_client.get(
        reverse("sas:indicator_list"), {"date_after": "2021-01-01", "date_before": "2021-12-31"}
    )
    assert list(response.context["object_list"]) == [july]


def test_indicator_list_searches_cpts_names(staff_client):
    wanted = SASIndicatorFactory(department=None, cpts=CPTSFactory(name="CPTS Sud Loire Vignoble"))
    SASIndicatorFactory()
    response = staff_client.get(reverse("sas:indicator_list"), {"q": "vignoble"})
    assert list(response.context["object_list"]) == [wanted]


def test_indicator_list_sorts_by_fill_rate(staff_client):
    low = SASIndicatorFactory(slots_offered=100, slots_taken=10)
    high = SASIndicatorFactory(department=DepartmentFactory(code="72"), slots_offered=100, slots_taken=90)
    response = staff_client.get(reverse("sas:indicator_list"), {"tri": "-remplissage"})
    assert list(response.context["object_list"]) == [high, low]


def test_indicator_list_query_count_does_not_grow(staff_client, django_assert_num_queries):
    def add_rows(number):
        for _ in range(number):
            SASIndicatorFactory(department=None, cpts=CPTSFactory())
            SASIndicatorFactory(department=DepartmentFactory(code=str(10 + SASIndicator.objects.count())))

    assert_constant_queries(staff_client, reverse("sas:indicator_list"), add_rows, django_assert_num_queries)


def test_indicators_export_as_french_csv(staff_client):
    SASIndicatorFactory(department=DepartmentFactory(code="85"), slots_offered=100, slots_taken=59)
    response = staff_client.get(reverse("sas:indicator_list"), {"export": "csv"})
    content = response.content.decode("utf-8-sig")
    assert content.splitlines()[0] == (
        "début de période;fin de période;département;CPTS;effecteurs inscrits;régulateurs;"
        "créneaux proposés;créneaux pris;taux de remplissage;notes"
    )
    assert content.splitlines()[1] == "01/07/2021;31/07/2021;85;;40;6;100;59;59\u00a0%;"


def indicator_data(**overrides):
    data = {
        "period_start": "2021-07-01",
        "period_end": "2021-07-31",
        "department": DepartmentFactory(code="85").pk,
        "cpts": "",
        "registered_providers": "40",
        "regulators": "6",
        "slots_offered": "620",
        "slots_taken": "366",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_staff_record_indicators(staff_client):
    response = staff_client.post(reverse("sas:indicator_create"), indicator_data())
    assert response["Location"] == reverse("sas:indicator_list")
    indicator = SASIndicator.objects.get()
    assert indicator.fill_rate == pytest.approx(366 / 620)


def test_more_slots_taken_than_offered_is_refused_and_the_form_kept(staff_client):
    response = staff_client.post(reverse("sas:indicator_create"), indicator_data(slots_taken="700"))
    assert "Il ne peut pas y avoir plus de créneaux pris (700) que de créneaux proposés (620)." in text(response)
    assert 'value="700"' in response.content.decode()
    assert not SASIndicator.objects.exists()


def test_an_indicator_for_a_department_and_a_cpts_is_refused(staff_client):
    cpts = CPTSFactory()
    response = staff_client.post(reverse("sas:indicator_create"), indicator_data(cpts=cpts.pk))
    assert "Choisissez un département ou une CPTS, pas les deux." in text(response)


def test_staff_edit_indicators(staff_client):
    indicator = SASIndicatorFactory()
    data = indicator_data(department=indicator.department.pk, slots_taken="400")
    staff_client.post(reverse("sas:indicator_edit", args=[indicator.pk]), data)
    indicator.refresh_from_db()
    assert indicator.slots_taken == 400


def test_staff_delete_indicators(staff_client):
    indicator = SASIndicatorFactory()
    response = staff_client.post(reverse("sas:indicator_delete", args=[indicator.pk]))
    assert response["Location"] == reverse("sas:indicator_list")
    assert not SASIndicator.objects.exists()


def test_the_board_cannot_record_indicators(board_client):
    response = board_client.post(reverse("sas:indicator_create"), indicator_data())
    assert response.status_code == 403
    assert not SASIndicator.objects.exists()


def test_the_navigation_shows_the_sas_section(board_client):
    response = board_client.get(reverse("home"))
    assert f'href="{reverse("sas:home")}"' in response.content.decode()


def test_a_meeting_logged_from_the_dashboard_is_counted_in_its_category_and_department(staff_client):
    """The chargée de mission's path: the dashboard's button, the meeting form, back to the year's counts."""
    departments = region()
    create = reverse("interurps:meeting_create") + "?programme=sas"
    assert f'href="{create}"' in staff_client.get(reverse("sas:home")).content.decode()
    assert staff_client.get(create).context["form"].initial["programmes"] == [programme("sas").pk]
    response = staff_client.post(
        create,
        {
            "date": "2021-03-12",
            "title": "Comité stratégique SAS 44",
            "programmes": [programme("sas").pk],
            "category": category("sas", "Instance SAS départementale").pk,
            "mode": "remote",
            "kind": "governance",
            "department": departments["44"].pk,
        },
    )
    assert response.status_code == 302
    counts = staff_client.get(reverse("sas:home"), {"annee": 2021}).context["counts"]
    assert counts.count("departmental_instance") == 1
    assert {department.code: count for department, count in counts.by_department}["44"] == 1


def test_the_report_preview_shows_the_sas_section(staff_client):
    departments = region()
    SASDeploymentStatusFactory(
        deployment=SASDeploymentFactory(department=departments["44"]),
        status=Status.PILOT_SELECTED,
        date=datetime.date(2021, 1, 15),
    )
    sas_meeting("GRADeS")
    page = text(staff_client.get(reverse("interurps:report", kwargs={"year": 2021})))
    assert "projet pilote retenu le 15 janvier 2021" in page
    assert "1 échange avec le GRADeS." in page

"""The meeting pages of the staff: list (filters, sort, pagination, export), detail, create and edit."""

import csv
import datetime
import io
from urllib.parse import urlencode

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interurps.models import Meeting
from tests.factories import (
    DepartmentFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
    StaffMemberFactory,
    StaffUserFactory,
    UserFactory,
    category,
    programme,
)

LIST_URL = reverse("interurps:meeting_list")
CREATE_URL = reverse("interurps:meeting_create")


def list_url(**params):
    return f"{LIST_URL}?{urlencode(params, doseq=True)}"


def titles(response):
    return [meeting.title for meeting in response.context["object_list"]]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def colleague(db):
    return StaffUserFactory(first_name="Camille", last_name="Collègue")


def form_data(**overrides):
    data = {
        "date": "2021-03-12",
        "title": "Point de synchronisation ARS",
        "programmes": [programme("sas").pk],
        "category": category("sas", "ARS (point de synchronisation)").pk,
        "mode": Meeting.Mode.REMOTE,
        "department": DepartmentFactory(code="49").pk,
        "start_time": "14:00",
        "end_time": "15:30",
        "end_date": "",
        "place": "",
        "kind": Meeting.Kind.MEETING,
        "notes": "Tour de table des départements.",
        "highlight_summary": "",
    }
    data.update(overrides)
    return data


# Create and edit


def test_posting_the_form_creates_the_meeting_and_shows_it(staff_client, staff_user):
    response = staff_client.post(CREATE_URL, form_data(staff=[staff_user.pk]), follow=True)
    meeting = Meeting.objects.get()
    assert response.redirect_chain[-1][0] == reverse("interurps:meeting", args=[meeting.pk])
    assert meeting.created_by == staff_user
    assert list(meeting.programmes.values_list("code", flat=True)) == ["sas"]
    assert meeting.category.name == "ARS (point de synchronisation)"
    assert list(meeting.staff.all()) == [staff_user]
    assert "Réunion « Point de synchronisation ARS » enregistrée." in response.content.decode()


def test_a_meeting_logged_by_the_chargee_is_found_in_the_list_by_a_filter(staff_client, staff_user):
    MeetingFactory(title="Réunion d'une autre programme", programmes=["pacte"], staff=[staff_user])
    staff_client.post(CREATE_URL, form_data(staff=[staff_user.pk]))
    response = staff_client.get(list_url(programme="sas"))
    assert titles(response) == ["Point de synchronisation ARS"]


def test_create_form_defaults_the_date_to_today_and_the_team_to_the_user(staff_client, staff_user):
    form = staff_client.get(CREATE_URL).context["form"]
    assert form["date"].value() == timezone.localdate()
    assert form["staff"].value() == [staff_user.pk]


def test_create_form_is_prefilled_from_the_querystring(staff_client):
    organisation = OrganisationFactory()
    department = DepartmentFactory(code="49")
    response = staff_client.get(
        f"{CREATE_URL}?programme=sas&date=2021-03-12&departement=49&organisation={organisation.pk}"
    )
    form = response.context["form"]
    assert form["date"].value() == datetime.date(2021, 3, 12)
    assert form["programmes"].value() == [programme("sas").pk]
    assert form["department"].value() == department.pk
    assert form["organisations"].value() == [organisation.pk]


def test_create_form_ignores_a_prefill_that_matches_nothing(staff_client):
    response = staff_client.get(f"{CREATE_URL}?programme=inconnu&date=12-03-2021&departement=99&categorie=abc")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["date"].value() == timezone.localdate()
    assert form["programmes"].value() == []


def test_category_select_is_grouped_by_programme(staff_client):
    content = staff_client.get(CREATE_URL).content.decode()
    assert '<optgroup label="SAS">' in content
    assert '<optgroup label="PACTE">' in content


def test_category_of_a_programme_not_checked_is_refused_in_french(staff_client):
    data = form_data(programmes=[programme("cpts").pk])
    response = staff_client.post(CREATE_URL, data)
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    assert response.context["form"].errors["category"] == [
        "La catégorie « ARS (point de synchronisation) » appartient au programme SAS, qui n'est pas coché."
    ]


def test_a_meeting_without_programme_is_refused_in_french(staff_client):
    response = staff_client.post(CREATE_URL, form_data(programmes=[], category=""))
    assert response.context["form"].errors["programmes"] == ["Cochez au moins un programme."]


def test_a_highlight_without_summary_shows_the_error_on_the_summary_field(staff_client):
    response = staff_client.post(CREATE_URL, form_data(is_highlight="on"))
    assert not Meeting.objects.exists()
    assert response.context["form"].errors["highlight_summary"] == [
        "Un temps fort a besoin d'un résumé d'une ligne pour le rapport."
    ]
    content = response.content.decode()
    assert "corrigez les champs signalés" in content
    assert 'value="Point de synchronisation ARS"' in content  # what was typed is kept


def test_an_invalid_date_is_refused_in_french(staff_client):
    response = staff_client.post(CREATE_URL, form_data(date="31/02/2021"))
    assert response.context["form"].errors["date"] == ["Saisissez une date valide."]


def test_save_and_add_another_opens_a_form_for_the_same_day_and_programmes(staff_client):
    response = staff_client.post(CREATE_URL, {**form_data(), "_another": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{CREATE_URL}?date=2021-03-12&programme=sas"
    form = staff_client.get(response["Location"]).context["form"]
    assert form["date"].value() == datetime.date(2021, 3, 12)
    assert form["programmes"].value() == [programme("sas").pk]


def test_editing_a_meeting_saves_the_changes(staff_client, staff_user):
    meeting = MeetingFactory(programmes=["sas"], staff=[staff_user])
    url = reverse("interurps:meeting_edit", args=[meeting.pk])
    response = staff_client.post(url, form_data(title="Titre corrigé", staff=[staff_user.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Titre corrigé"


def test_edit_form_keeps_a_former_team_member_selectable(staff_client):
    former = UserFactory(first_name="Ancienne", last_name="Salariée")
    meeting = MeetingFactory(staff=[former])
    form = staff_client.get(reverse("interurps:meeting_edit", args=[meeting.pk])).context["form"]
    assert former in form.fields["staff"].queryset


def test_board_member_is_refused_the_create_and_edit_forms(board_client):
    meeting = MeetingFactory()
    assert board_client.get(CREATE_URL).status_code == 403
    assert board_client.post(CREATE_URL, form_data()).status_code == 403
    assert board_client.get(reverse("interurps:meeting_edit", args=[meeting.pk])).status_code == 403
    assert Meeting.objects.count() == 1


# Detail


def test_detail_shows_every_field_in_french(staff_client, staff_user):
    meeting = MeetingFactory(
        date=datetime.date(2021, 3, 12),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(15, 30),
        title="Comité régional PACTE",
        programmes=["pacte"],
        category=category("pacte", "Comité régional PACTE"),
        mode=Meeting.Mode.HYBRID,
        place="Nantes",
        department=DepartmentFactory(code="44"),
        staff=[staff_user],
        notes="Première ligne.\nDeuxième ligne.",
        is_highlight=True,
        highlight_summary="Lancement de la cohorte 2021.",
        created_by=staff_user,
    )
    meeting.organisations.add(OrganisationFactory(name="Observatoire régional de la santé (test)"))
    meeting.people.add(PersonFactory(first_name="Jeanne", last_name="Martin", profession="coordinatrice"))
    content = staff_client.get(reverse("interurps:meeting", args=[meeting.pk])).content.decode()
    for expected in [
        "vendredi 12 mars 2021",
        "de 14h00 à 15h30",
        "PACTE",
        "Comité régional PACTE",
        "Mixte",
        "Nantes",
        "Loire-Atlantique (44)",
        "Observatoire régional de la santé (test)",
        "Jeanne MARTIN",
        "coordinatrice",
        staff_user.get_full_name(),
        "<p>Première ligne.<br>Deuxième ligne.</p>",
        "Lancement de la cohorte 2021.",
        f"par {staff_user.get_full_name()}",
        "Modifier",
    ]:
        assert expected in content


def test_board_member_sees_the_detail_without_edit_button(board_client):
    meeting = MeetingFactory(title="Conseil d'administration")
    response = board_client.get(reverse("interurps:meeting", args=[meeting.pk]))
    content = response.content.decode()
    assert "Conseil d&#x27;administration" in content
    assert reverse("interurps:meeting_edit", args=[meeting.pk]) not in content


def test_detail_query_count_does_not_grow_with_participants(staff_client, django_assert_num_queries):
    meeting = MeetingFactory(category=category("cpts", "Quintet"), department=DepartmentFactory())
    meeting.staff.add(StaffUserFactory())
    meeting.people.add(PersonFactory())
    meeting.organisations.add(OrganisationFactory())
    url = reverse("interurps:meeting", args=[meeting.pk])
    few = count_queries(staff_client, url)
    meeting.staff.add(*StaffUserFactory.create_batch(10))
    meeting.people.add(*PersonFactory.create_batch(10))
    meeting.organisations.add(*OrganisationFactory.create_batch(10))
    with django_assert_num_queries(few):
        staff_client.get(url)


# List: scope, filters, sort, pagination


def test_list_shows_my_meetings_by_default(staff_client, staff_user, colleague):
    MeetingFactory(title="La mienne", staff=[staff_user])
    MeetingFactory(title="Celle de Camille", staff=[colleague])
    response = staff_client.get(LIST_URL)
    assert titles(response) == ["La mienne"]
    assert '<a href="?qui=miennes" aria-current="page">Mes réunions</a>' in response.content.decode()


def test_list_shows_everyones_meetings_when_asked(staff_client, staff_user, colleague):
    MeetingFactory(title="La mienne", date=datetime.date(2021, 3, 12), staff=[staff_user])
    MeetingFactory(title="Celle de Camille", date=datetime.date(2021, 3, 11), staff=[colleague])
    response = staff_client.get(list_url(qui="toutes"))
    assert titles(response) == ["La mienne", "Celle de Camille"]
    assert '<a href="?qui=toutes" aria-current="page">Toutes les réunions</a>' in response.content.decode()


def test_board_member_sees_all_meetings_by_default_without_create_button(board_client, colleague):
    MeetingFactory(title="Celle de Camille", staff=[colleague])
    response = board_client.get(LIST_URL)
    assert titles(response) == ["Celle de Camille"]
    assert "Enregistrer une réunion" not in response.content.decode()


def test_list_shows_the_meetings_columns_and_count(staff_client, staff_user):
    MeetingFactory(
        title="Quintet de mars",
        programmes=["cpts"],
        category=category("cpts", "Quintet"),
        mode=Meeting.Mode.REMOTE,
        department=DepartmentFactory(code="53"),
        staff=[staff_user],
    )
    content = staff_client.get(LIST_URL).content.decode()
    for expected in ["12/03/2021", "Quintet de mars", "CPTS", "Quintet", "visio", "53", staff_user.get_full_name()]:
        assert expected in content
    assert "<strong>1</strong> réunion\n" in content


@pytest.fixture
def filter_cases(staff_user, colleague):
    """Two meetings of the user that differ on every filter: the first one matches, the second does not."""
    StaffMemberFactory(user=colleague)
    matching = MeetingFactory(
        title="Quintet de Sarthe",
        date=datetime.date(2021, 3, 12),
        programmes=["cpts"],
        category=category("cpts", "Quintet"),
        department=DepartmentFactory(code="72"),
        staff=[staff_user, colleague],
    )
    MeetingFactory(
        title="Comité PACTE",
        date=datetime.date(2021, 6, 1),
        programmes=["pacte"],
        category=category("pacte", "Comité régional PACTE"),
        department=DepartmentFactory(code="85"),
        staff=[staff_user],
    )
    return matching


@pytest.mark.parametrize(
    "params",
    [
        {"programme": "cpts"},
        {"date_after": "2021-03-01", "date_before": "2021-03-31"},
        {"q": "sarthe"},
    ],
    ids=["programme", "date range", "search"],
)
def test_list_filter_keeps_only_the_matching_meetings(staff_client, filter_cases, params):
    assert titles(staff_client.get(list_url(**params))) == ["Quintet de Sarthe"]


def test_list_filters_by_category(staff_client, filter_cases):
    assert titles(staff_client.get(list_url(category=filter_cases.category.pk))) == ["Quintet de Sarthe"]


def test_list_filters_by_department(staff_client, filter_cases):
    assert titles(staff_client.get(list_url(department=filter_cases.department.pk))) == ["Quintet de Sarthe"]


def test_list_filters_by_team_member(staff_client, filter_cases, colleague):
    assert titles(staff_client.get(list_url(qui="toutes", staff=colleague.pk))) == ["Quintet de Sarthe"]


def test_team_member_filter_lists_the_team_by_name(staff_client, staff_user):
    zoe = StaffMemberFactory(user=UserFactory(first_name="Zoé", last_name="Aubert")).user
    UserFactory(first_name="Hors", last_name="Équipe")
    form = staff_client.get(LIST_URL).context["filterset"].form
    labels = [label for value, label in form.fields["staff"].choices if value]
    team = sorted([zoe, staff_user], key=lambda user: (user.last_name, user.first_name))
    assert labels == [user.get_full_name() for user in team]


def test_an_invalid_filter_date_is_reported_in_french_and_ignored(staff_client, staff_user):
    MeetingFactory(title="La mienne", staff=[staff_user])
    response = staff_client.get(list_url(date_after="pas une date"))
    assert titles(response) == ["La mienne"]
    assert "Saisissez une date valide." in response.content.decode()


def test_list_sorts_by_title_both_ways(staff_client, staff_user):
    for title in ["Bravo", "Alpha", "Charlie"]:
        MeetingFactory(title=title, staff=[staff_user])
    ascending = staff_client.get(list_url(tri="titre"))
    descending = staff_client.get(list_url(tri="-titre"))
    assert titles(ascending) == ["Alpha", "Bravo", "Charlie"]
    assert titles(descending) == ["Charlie", "Bravo", "Alpha"]
    assert 'aria-sort="ascending"' in ascending.content.decode()
    assert 'aria-sort="descending"' in descending.content.decode()


def test_list_ignores_an_unknown_sort(staff_client, staff_user):
    MeetingFactory(title="Ancienne", date=datetime.date(2020, 1, 1), staff=[staff_user])
    MeetingFactory(title="Récente", date=datetime.date(2021, 1, 1), staff=[staff_user])
    assert titles(staff_client.get(list_url(tri="notes"))) == ["Récente", "Ancienne"]


def test_pagination_keeps_the_filters(staff_client, staff_user):
    MeetingFactory.create_batch(55, programmes=["sas"], staff=[staff_user])
    MeetingFactory(programmes=["cpts"], staff=[staff_user])
    first = staff_client.get(list_url(programme="sas"))
    assert len(titles(first)) == 50
    assert '<a href="?programme=sas&amp;page=2" rel="next">' in first.content.decode()
    second = staff_client.get(list_url(programme="sas", page=2))
    assert len(titles(second)) == 5
    assert second.context["paginator"].count == 55


def test_list_query_count_does_not_grow_with_meetings(staff_client, staff_user, django_assert_num_queries):
    department = DepartmentFactory()
    organisation = OrganisationFactory()

    def add_meetings(count):
        for meeting in MeetingFactory.create_batch(
            count, category=category("cpts", "Quintet"), department=department, staff=[staff_user]
        ):
            meeting.organisations.add(organisation)

    add_meetings(10)
    few = count_queries(staff_client, LIST_URL)
    add_meetings(190)
    with django_assert_num_queries(few):
        response = staff_client.get(LIST_URL)
    assert response.context["paginator"].count == 200


# Export


def test_csv_export_returns_the_filtered_meetings_with_french_headers(staff_client, filter_cases):
    response = staff_client.get(list_url(programme="cpts", export="csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="reunions-' in response["Content-Disposition"]
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert [row["intitulé"] for row in rows] == ["Quintet de Sarthe"]
    assert rows[0]["date"] == "12/03/2021"


def test_xlsx_export_returns_the_filtered_meetings(staff_client, filter_cases):
    response = staff_client.get(list_url(q="pacte", export="xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    title_column = rows[0].index("intitulé")
    assert [row[title_column] for row in rows[1:]] == ["Comité PACTE"]


def test_export_follows_the_default_scope(staff_client, staff_user, colleague):
    MeetingFactory(title="La mienne", staff=[staff_user])
    MeetingFactory(title="Celle de Camille", staff=[colleague])
    content = staff_client.get(list_url(export="csv")).content.decode("utf-8-sig")
    assert "La mienne" in content
    assert "Celle de Camille" not in content


def test_export_links_keep_the_current_filters(staff_client):
    content = staff_client.get(list_url(programme="sas", page=1)).content.decode()
    assert 'href="?programme=sas&amp;export=csv">Exporter CSV' in content
    assert 'href="?programme=sas&amp;export=xlsx">Exporter XLSX' in content


# Dashboard


def test_dashboard_query_count_does_not_grow_with_meetings(staff_client, staff_user, django_assert_num_queries):
    today = timezone.localdate()

    def add_meetings(count):
        MeetingFactory.create_batch(
            count, date=today, category=category("sas", "Interne"), is_highlight=True, staff=[staff_user]
        )

    add_meetings(2)
    few = count_queries(staff_client, reverse("home"))
    add_meetings(20)
    with django_assert_num_queries(few):
        staff_client.get(reverse("home"))


def test_dashboard_links_each_programme_to_its_meetings_of_the_year(staff_client):
    year = timezone.localdate().year
    content = staff_client.get(reverse("home")).content.decode()
    assert f"?qui=toutes&amp;programme=sas&amp;date_after={year}-01-01&amp;date_before={year}-12-31" in content

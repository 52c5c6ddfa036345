"""The CPTS pages of the staff: the list, the page of a CPTS with its timeline, and the forms that move it on."""

import csv
import datetime
import io
from decimal import Decimal
from urllib.parse import urlencode

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cpts.enums import AccompanyingBody, ContactRole, Mission, PaymentKind, Stage
from cpts.models import CPTS, Adhesion, Contact, Payment, StageChange, StepCompletion
from cpts.services import complete_step, move_to_stage, record_payment
from interurps.models import Commune, Meeting, Person
from tests.cpts.factories import (
    AdhesionFactory,
    ContactFactory,
    CPTSFactory,
    StageChangeFactory,
    cpts_with_population,
    signed_cpts,
    step,
)
from tests.factories import CommuneFactory, DepartmentFactory, MeetingFactory, PersonFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("cpts:cpts_list")


def url(name, *args):
    return reverse(f"cpts:{name}", args=args)


def list_url(**params):
    return f"{LIST_URL}?{urlencode(params, doseq=True)}"


def names(response):
    return [cpts.name for cpts in response.context["cpts_list"]]


def page_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def count_queries(client, address):
    with CaptureQueriesContext(connection) as context:
        response = client.get(address)
    assert response.status_code == 200
    return len(context.captured_queries)


def submitted(form):
    """What a browser sends for `form` as it is shown, without the user changing anything."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, False):
            continue
        if isinstance(value, (list, tuple)):
            data[name] = [str(item) for item in value]
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()
        else:
            data[name] = "on" if value is True else str(value)
    return data


@pytest.fixture
def loire():
    department = DepartmentFactory(code="44")
    return {
        code: Commune.objects.create(insee_code=code, name=name, department=department, population=population)
        for code, name, population in [
            ("44001", "Abbaretz", 2_000),
            ("44002", "Aigrefeuille-sur-Maine", 3_900),
            ("44003", "Ancenis-Saint-Géréon", 11_000),
            ("44109", "Nantes", 320_000),
        ]
    }


# --- The « done when » scenario -----------------------------------------------------------------------------


def test_a_staff_member_creates_a_cpts_moves_it_on_logs_a_meeting_and_sees_it_all_on_the_timeline(
    staff_client, staff_user, loire
):
    response = staff_client.post(
        url("cpts_create"), {"name": "CPTS du Pays d'Ancenis", "department": loire["44001"].department.pk}
    )
    cpts = CPTS.objects.get(name="CPTS du Pays d'Ancenis")
    assert response["Location"] == url("cpts_territory", cpts.pk)

    response = staff_client.post(url("cpts_territory", cpts.pk), {"insee_codes": "44001; 44002\n44003"}, follow=True)
    assert set(cpts.communes.values_list("insee_code", flat=True)) == {"44001", "44002", "44003"}
    assert (
        "Territoire enregistré : 3 communes, 16\u202f900 habitants, taille 1 (moins de 40 000 habitants)."
        in response.content.decode()
    )

    staff_client.post(url("cpts_stage_add", cpts.pk), {"stage": Stage.PRE_PROJECT, "date": "2020-01-10"})
    staff_client.post(url("cpts_stage_add", cpts.pk), {"stage": Stage.LETTER_OF_INTENT, "date": "2020-09-01"})
    for order, day in [(1, "2020-01-20"), (2, "2020-03-02"), (3, "2020-10-05")]:
        staff_client.post(url("cpts_step_complete", cpts.pk), {"step": step(order).pk, "completed_on": day})

    page = staff_client.get(url("cpts", cpts.pk))
    meeting_form = staff_client.get(page.context["meeting_url"]).context["form"]
    data = {**submitted(meeting_form), "date": "2020-06-15", "title": "Réunion de lancement"}
    response = staff_client.post(reverse("interurps:meeting_create"), data, follow=True)
    assert response.context["meeting"].title == "Réunion de lancement"

    page = staff_client.get(url("cpts", cpts.pk))
    timeline = [(event.date.isoformat(), event.title) for event in page.context["timeline"]]
    assert timeline == [
        ("2020-01-10", "Passage à l'étape « pré-projet (réflexion) »"),
        ("2020-01-20", f"Étape 1 de l'accompagnement franchie : {step(1).name}"),
        ("2020-03-02", f"Étape 2 de l'accompagnement franchie : {step(2).name}"),
        ("2020-06-15", "Réunion de lancement"),
        ("2020-09-01", "Passage à l'étape « lettre d'intention validée »"),
        ("2020-10-05", f"Étape 3 de l'accompagnement franchie : {step(3).name}"),
    ]
    content = page.content.decode()
    assert "<strong>lettre d&#x27;intention validée</strong> depuis le 01/09/2020" in content
    assert f"4. {escape(step(4).name)}" in content  # the next step of the method
    meeting = Meeting.objects.get(title="Réunion de lancement")
    assert reverse("interurps:meeting", args=[meeting.pk]) in content


def test_the_meeting_link_of_a_cpts_page_prefills_the_cpts_its_programme_and_department(staff_client, loire):
    cpts = CPTSFactory(department=loire["44001"].department)
    page = staff_client.get(url("cpts", cpts.pk))
    assert "Enregistrer une réunion pour cette CPTS" in page.content.decode()
    form = staff_client.get(page.context["meeting_url"]).context["form"]
    assert form["cpts"].value() == [cpts.pk]
    assert [p.code for p in form.fields["programmes"].queryset.filter(pk__in=form["programmes"].value())] == ["cpts"]
    assert form["department"].value() == cpts.department.pk


# --- The list -----------------------------------------------------------------------------------------------


def test_list_shows_the_key_columns_of_each_cpts(staff_client, staff_user):
    cpts = cpts_with_population(45_300, name="CPTS Sud Sarthe", accompanied_by=AccompanyingBody.APMSL)
    cpts.referents.add(staff_user)
    move_to_stage(cpts, Stage.PRE_PROJECT, datetime.date(2020, 3, 2))
    content = staff_client.get(LIST_URL).content.decode()
    for expected in [
        "CPTS Sud Sarthe",
        "45\u202f300",
        'title="taille 2 (de 40 000 à 79 999 habitants)">2</abbr>',
        "pré-projet (réflexion)",
        "02/03/2020",
        staff_user.get_full_name(),
        "APMSL",
    ]:
        assert expected in content


def test_list_shows_the_aci_date_and_flags_overlaps(staff_client):
    shared = CommuneFactory()
    signed = signed_cpts(signed_on=datetime.date(2021, 3, 12), name="Signée")
    signed.communes.add(shared)
    CPTSFactory(name="Voisine", communes=[shared])
    content = staff_client.get(LIST_URL).content.decode()
    assert "12/03/2021" in content
    assert content.count("1 commune partagée") == 2


@pytest.fixture
def filter_cases(staff_user):
    sarthe = DepartmentFactory(code="72")
    shared = CommuneFactory(department=sarthe, name="Mamers")
    first = cpts_with_population(30_000, name="Alpha", department=sarthe, accompanied_by=AccompanyingBody.INTERURPS)
    first.communes.add(shared)
    first.referents.add(staff_user)
    move_to_stage(first, Stage.LETTER_OF_INTENT, datetime.date(2020, 1, 1))
    second = cpts_with_population(100_000, name="Bêta", accompanied_by=AccompanyingBody.MSA)
    second.communes.add(shared)
    move_to_stage(second, Stage.PRE_PROJECT, datetime.date(2021, 1, 1))
    cpts_with_population(200_000, name="Gamma", acronym="CPTS-G")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"department": "72"}, ["Alpha"]),
        ({"stage": Stage.PRE_PROJECT}, ["Bêta"]),
        ({"stage": "aucune"}, ["Gamma"]),
        ({"size": "4"}, ["Gamma"]),
        ({"accompanied_by": AccompanyingBody.MSA}, ["Bêta"]),
        ({"overlap": "on"}, ["Alpha", "Bêta"]),
        ({"q": "mamers"}, ["Alpha", "Bêta"]),
        ({"q": "cpts-g"}, ["Gamma"]),
    ],
    ids=["department", "stage", "no stage", "size", "accompanying body", "overlap", "commune", "acronym"],
)
def test_list_filters(staff_client, filter_cases, params, expected):
    if params.get("department"):
        params["department"] = DepartmentFactory(code=params["department"]).pk
    assert names(staff_client.get(list_url(**params))) == expected


def test_list_filters_by_referent(staff_client, staff_user, filter_cases):
    assert names(staff_client.get(list_url(referent=staff_user.pk))) == ["Alpha"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("nom", ["Alpha", "Bêta", "Gamma"]),
        ("-population", ["Gamma", "Bêta", "Alpha"]),
        ("etape", ["Bêta", "Alpha", "Gamma"]),
        ("-depuis", ["Bêta", "Alpha"]),
    ],
)
def test_list_sorts(staff_client, filter_cases, sort, expected):
    # Where NULLs go depends on the database: only the CPTS with a value are compared.
    assert names(staff_client.get(list_url(tri=sort)))[: len(expected)] == expected


def test_csv_export_writes_the_filtered_cpts_with_french_headers(staff_client, filter_cases):
    response = staff_client.get(list_url(overlap="on", export="csv"))
    assert 'filename="cpts-' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff")), delimiter=";"))
    assert [(row["nom"], row["étape actuelle"]) for row in rows] == [
        ("Alpha", "lettre d'intention validée"),
        ("Bêta", "pré-projet (réflexion)"),
    ]


def test_xlsx_export_is_a_workbook_of_the_cpts(staff_client, filter_cases):
    response = staff_client.get(list_url(export="xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]][:3] == ["nom", "sigle", "département"]
    assert sheet.max_row == 4


def test_list_links_to_the_import_and_the_creation(staff_client):
    content = staff_client.get(LIST_URL).content.decode()
    assert f'<a class="button" href="{reverse("interurps:import", args=["cpts"])}">Importer des CPTS</a>' in content
    assert f'<a class="button primary" href="{url("cpts_create")}">Nouvelle CPTS</a>' in content


def test_the_board_is_not_offered_the_import_or_the_creation(board_client):
    content = board_client.get(LIST_URL).content.decode()
    assert "Importer des CPTS" not in content
    assert url("cpts_create") not in content


def test_cpts_import_page_lists_the_columns(staff_client):
    content = staff_client.get(reverse("interurps:import", args=["cpts"])).content.decode()
    assert "Importer des CPTS" in content
    assert "<code>codes INSEE</code>" in content


def make_list(start, count):
    """`count` more CPTS, each with two communes, two stages, two steps, a referent and an adhesion count."""
    department = DepartmentFactory(code="53")
    referent = StaffUserFactory()
    for index in range(start, start + count):
        cpts = CPTS.objects.create(name=f"CPTS {index:03d}", department=department)
        communes = Commune.objects.bulk_create(
            Commune(insee_code=f"{53000 + 2 * index + i}", name=f"C{index}-{i}", department=department, population=9000)
            for i in range(2)
        )
        cpts.communes.set(communes)
        StageChange.objects.bulk_create(
            [
                StageChange(cpts=cpts, stage=Stage.PRE_PROJECT, date=datetime.date(2020, 1, 1)),
                StageChange(cpts=cpts, stage=Stage.LETTER_OF_INTENT, date=datetime.date(2021, 1, 1)),
            ]
        )
        StepCompletion.objects.bulk_create(
            StepCompletion(cpts=cpts, step=step(order), completed_on=datetime.date(2020, 2, 1)) for order in (1, 2)
        )
        Adhesion.objects.create(cpts=cpts, date=datetime.date(2021, 1, 1), professional_count=100, member_count=20)
        cpts.referents.add(referent)


def test_list_query_count_is_the_same_for_10_and_200_cpts(staff_client, django_assert_num_queries):
    signed_cpts()
    make_list(0, 9)
    few = count_queries(staff_client, LIST_URL)
    make_list(9, 190)
    with django_assert_num_queries(few):
        response = staff_client.get(LIST_URL)
    assert response.context["paginator"].count == 200


def test_export_query_count_is_the_same_for_10_and_200_cpts(staff_client, django_assert_num_queries):
    make_list(0, 10)
    with CaptureQueriesContext(connection) as context:
        staff_client.get(list_url(export="csv"))
    make_list(10, 190)
    with django_assert_num_queries(len(context.captured_queries)):
        response = staff_client.get(list_url(export="csv"))
    assert response.content.decode("utf-8").count("\r\n") == 201


# --- The page of a CPTS -------------------------------------------------------------------------------------


def test_page_shows_the_key_facts(staff_client, staff_user, loire):
    cpts = CPTSFactory(
        name="CPTS Erdre et Loire",
        department=loire["44001"].department,
        accompanied_by=AccompanyingBody.INTERURPS,
        communes=[loire["44001"], loire["44002"]],
    )
    cpts.referents.add(staff_user)
    move_to_stage(cpts, Stage.HEALTH_PROJECT, datetime.date(2021, 5, 3))
    coordinator = ContactFactory(
        cpts=cpts, role=ContactRole.COORDINATOR, person=PersonFactory(first_name="Léa", last_name="Morin")
    )
    ContactFactory(cpts=cpts, role=ContactRole.PRESIDENT, person=PersonFactory(first_name="Paul", last_name="Henry"))
    ContactFactory(
        cpts=cpts,
        role=ContactRole.TREASURER,
        person=PersonFactory(first_name="Anne", last_name="Ancienne"),
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2020, 1, 1),
    )
    content = staff_client.get(url("cpts", cpts.pk)).content.decode()
    for expected in [
        "Loire-Atlantique (44)",
        "5\u202f900 habitants – taille 1 (moins de 40 000 habitants)",
        "2 communes",
        "<strong>projet de santé validé</strong> depuis le 03/05/2021",
        "InterURPS",
        staff_user.get_full_name(),
        coordinator.person.full_name,
        "Paul HENRY",
        "Anciens contacts (1)",
        f"1. {escape(step(1).name)}",
        "Abbaretz",
        "pas encore signé",
    ]:
        assert expected in content


def test_page_notes_a_declared_population(staff_client, loire):
    cpts = CPTSFactory(
        communes=[loire["44001"]], declared_population=50_000, declared_population_note="projet de santé 2021"
    )
    content = staff_client.get(url("cpts", cpts.pk)).content.decode()
    assert "50\u202f000 habitants – taille 2" in content
    assert "Population déclarée (projet de santé 2021) ; somme des communes : 2\u202f000 habitants." in content


def test_page_warns_of_communes_shared_with_another_cpts(staff_client, loire):
    cpts = CPTSFactory(communes=[loire["44001"], loire["44002"]])
    other = CPTSFactory(name="CPTS Voisine", communes=[loire["44002"]])
    content = staff_client.get(url("cpts", cpts.pk)).content.decode()
    assert "Territoire partagé" in content
    assert "Aigrefeuille-sur-Maine (44002) :" in content
    assert f'<a href="{url("cpts", other.pk)}">CPTS Voisine</a>' in content


def test_page_shows_the_aci_its_missions_and_payments_by_year(staff_client):
    cpts = signed_cpts(signed_on=datetime.date(2020, 6, 1), optional_missions=[Mission.QUALITY])
    record_payment(
        cpts.aci,
        2020,
        PaymentKind.FUNCTIONING,
        planned=Decimal("50000"),
        paid=Decimal("37500"),
        paid_on=datetime.date(2020, 7, 1),
    )
    record_payment(cpts.aci, 2021, PaymentKind.FIXED, Mission.ACCESS, planned=Decimal("10000"))
    response = staff_client.get(url("cpts", cpts.pk))
    content = response.content.decode()
    for expected in [
        "signé le 01/06/2020, taille 3 (de 80 000 à 174 999 habitants) à la signature",
        "Qualité et pertinence des soins",
        "optionnelle",
        "Versements : 60\u202f000\xa0€ prévus, 37\u202f500\xa0€ versés",
        "Total 2020",
        "Total 2021",
        "Total du contrat",
    ]:
        assert expected in content
    kinds = [event.kind for event in response.context["timeline"]]
    assert kinds[:2] == ["aci", "payment"]
    assert "anniversary" in kinds


def test_page_shows_the_adhesion_history_with_its_trend(staff_client):
    cpts = CPTSFactory()
    AdhesionFactory(cpts=cpts, date=datetime.date(2021, 1, 1), professional_count=400, member_count=80)
    AdhesionFactory(cpts=cpts, date=datetime.date(2022, 1, 1), professional_count=400, member_count=100)
    content = staff_client.get(url("cpts", cpts.pk)).content.decode()
    assert "20,0 %" in content
    assert "25,0 %" in content
    assert "+5,0 points" in content


def test_board_sees_the_page_without_the_edit_buttons(board_client):
    cpts = CPTSFactory()
    content = board_client.get(url("cpts", cpts.pk)).content.decode()
    assert cpts.name in content
    assert url("cpts_edit", cpts.pk) not in content
    assert url("cpts_stage_add", cpts.pk) not in content
    assert "Marquer un jalon franchi" not in content


def populate(cpts, count):
    """`count` communes, stages, steps, meetings, contacts, adhesion counts and payments for `cpts`."""
    department = cpts.department
    start = Commune.objects.count()
    cpts.communes.add(
        *Commune.objects.bulk_create(
            Commune(
                insee_code=f"{49000 + start + i}", name=f"Commune {start + i}", department=department, population=5000
            )
            for i in range(count)
        )
    )
    for index in range(start, start + count):
        meeting = MeetingFactory(date=datetime.date(2021, 1, 1) + datetime.timedelta(days=index))
        meeting.cpts.add(cpts)
        ContactFactory(cpts=cpts, start_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=index))
        AdhesionFactory(cpts=cpts, date=datetime.date(2021, 1, 1) + datetime.timedelta(days=index))
    # A signed CPTS falls dormant and resumes, again and again.
    for index in range(cpts.stage_changes.count(), cpts.stage_changes.count() + count):
        stage = Stage.DORMANT if index % 2 else Stage.ACI_SIGNED
        move_to_stage(cpts, stage, datetime.date(2021, 1, 1) + datetime.timedelta(days=30 * index))
    steps_done = StepCompletion.objects.filter(cpts=cpts).count()
    for order in range(steps_done + 1, min(steps_done + count, 10) + 1):
        complete_step(cpts, step(order), datetime.date(2021, 2, 1))
    first_year = 2021 + cpts.aci.payments.count()
    for year in range(first_year, first_year + count):
        paid_on = datetime.date(year, 6, 1)
        record_payment(
            cpts.aci, year, PaymentKind.FUNCTIONING, planned=Decimal(1000), paid=Decimal(500), paid_on=paid_on
        )


def test_page_query_count_does_not_grow_with_what_the_cpts_has(staff_client, django_assert_num_queries):
    cpts = signed_cpts(signed_on=datetime.date(2020, 6, 1))
    other = CPTSFactory()
    populate(cpts, 1)
    other.communes.add(cpts.communes.first())
    address = url("cpts", cpts.pk)
    few = count_queries(staff_client, address)
    populate(cpts, 8)
    for commune in cpts.communes.all()[:5]:
        CPTSFactory().communes.add(commune)
    with django_assert_num_queries(few):
        response = staff_client.get(address)
    assert len(response.context["timeline"]) > 30


# --- Forms: create, edit, territory -------------------------------------------------------------------------


def test_a_second_cpts_of_the_same_name_is_refused(staff_client):
    CPTSFactory(name="CPTS du Saumurois")
    response = staff_client.post(
        url("cpts_create"), {"name": "cpts du saumurois", "department": DepartmentFactory().pk}
    )
    assert "Une CPTS porte déjà ce nom : CPTS du Saumurois." in response.content.decode()
    assert CPTS.objects.count() == 1


def test_a_declared_population_needs_its_source(staff_client):
    cpts = CPTSFactory()
    response = staff_client.post(
        url("cpts_edit", cpts.pk), {"name": cpts.name, "department": cpts.department.pk, "declared_population": "50000"}
    )
    assert "Indiquez d&#x27;où vient la population déclarée" in response.content.decode()


def test_editing_a_cpts_saves_its_referents(staff_client, staff_user):
    cpts = CPTSFactory()
    staff_client.post(
        url("cpts_edit", cpts.pk),
        {
            "name": "Nouveau nom",
            "department": cpts.department.pk,
            "referents": [staff_user.pk],
            "accompanied_by": "msa",
        },
    )
    cpts.refresh_from_db()
    assert (cpts.name, cpts.accompanied_by, list(cpts.referents.all())) == ("Nouveau nom", "msa", [staff_user])


def test_unknown_insee_codes_are_named_and_the_territory_is_kept(staff_client, loire):
    cpts = CPTSFactory(communes=[loire["44001"]])
    response = staff_client.post(url("cpts_territory", cpts.pk), {"insee_codes": "44002 99999 44X"})
    content = response.content.decode()
    assert "« 44X » n&#x27;est pas un code INSEE" in content
    assert "Code INSEE inconnu : 99999." in content
    assert "44002 99999 44X" in content  # what was typed is still there
    assert list(cpts.communes.all()) == [loire["44001"]]


def test_an_empty_territory_is_refused(staff_client, loire):
    cpts = CPTSFactory(communes=[loire["44001"]])
    response = staff_client.post(url("cpts_territory", cpts.pk), {"insee_codes": ""})
    assert "Choisissez au moins une commune" in response.content.decode()
    assert cpts.communes.count() == 1


def test_the_territory_is_the_list_the_search_and_the_pasted_codes_together(staff_client, loire):
    cpts = CPTSFactory(department=loire["44001"].department, communes=[loire["44001"], loire["44002"]])
    response = staff_client.post(
        url("cpts_territory", cpts.pk),
        {"communes": [loire["44001"].pk], "added": [loire["44109"].pk], "insee_codes": "44003"},
    )
    assert response.status_code == 302
    assert set(cpts.communes.values_list("insee_code", flat=True)) == {"44001", "44003", "44109"}


def test_saving_a_territory_warns_of_communes_another_cpts_claims(staff_client, loire):
    CPTSFactory(name="Voisine", communes=[loire["44002"]])
    cpts = CPTSFactory()
    response = staff_client.post(url("cpts_territory", cpts.pk), {"insee_codes": "44001 44002"}, follow=True)
    assert "Communes aussi revendiquées par une autre CPTS active : Aigrefeuille-sur-Maine." in page_messages(response)


def test_without_javascript_the_commune_search_finds_a_code(staff_client, loire):
    cpts = CPTSFactory()
    response = staff_client.post(url("cpts_territory", cpts.pk), {"_search": "1", "q": "4410"})
    assert [commune.name for commune, *_ in response.context["results"]] == ["Nantes"]
    assert f'name="added" value="{loire["44109"].pk}"' in response.content.decode()


def test_without_javascript_the_search_keeps_what_was_chosen_and_saves_nothing(staff_client, loire):
    cpts = CPTSFactory(department=loire["44001"].department, communes=[loire["44001"]])
    response = staff_client.post(
        url("cpts_territory", cpts.pk),
        {"_search": "1", "q": "nantes", "communes": [loire["44002"].pk], "insee_codes": "44003"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert [commune.name for commune, *_ in response.context["results"]] == ["Nantes"]
    assert response.context["form"]["communes"].value() == [str(loire["44002"].pk)]
    assert "44003" in content
    assert list(cpts.communes.all()) == [loire["44001"]]


# --- Forms: stages, steps -----------------------------------------------------------------------------------


def test_a_stage_date_cannot_go_backwards(staff_client):
    cpts = CPTSFactory()
    move_to_stage(cpts, Stage.LETTER_OF_INTENT, datetime.date(2021, 3, 1))
    response = staff_client.post(url("cpts_stage_add", cpts.pk), {"stage": Stage.HEALTH_PROJECT, "date": "2021-02-01"})
    content = response.content.decode()
    assert "Les dates ne reviennent pas en arrière : la dernière étape" in content
    assert "date du 01/03/2021" in content
    assert cpts.stage_changes.count() == 1


def test_a_cpts_does_not_go_back_to_an_earlier_stage(staff_client):
    cpts = CPTSFactory()
    move_to_stage(cpts, Stage.HEALTH_PROJECT, datetime.date(2021, 3, 1))
    response = staff_client.post(url("cpts_stage_add", cpts.pk), {"stage": Stage.PRE_PROJECT, "date": "2021-04-01"})
    assert "Une CPTS ne revient pas en arrière" in response.content.decode()


def test_aci_signed_from_the_stage_change_records_the_contract_too(staff_client):
    cpts = cpts_with_population(50_000)
    response = staff_client.post(url("cpts_stage_add", cpts.pk), {"stage": Stage.ACI_SIGNED, "date": "2021-06-01"})
    assert response.status_code == 302
    cpts.refresh_from_db()
    assert cpts.aci.signed_on == datetime.date(2021, 6, 1)
    assert cpts.stage_changes.get().stage == Stage.ACI_SIGNED


def in_a_year():
    return (timezone.localdate() + datetime.timedelta(days=365)).isoformat()


def test_a_stage_dated_in_the_future_asks_for_a_confirmation_first(staff_client):
    cpts = CPTSFactory()
    response = staff_client.post(url("cpts_stage_add", cpts.pk), {"stage": Stage.PRE_PROJECT, "date": in_a_year()})
    assert "Cette date est à venir" in response.content.decode()
    assert not cpts.stage_changes.exists()


def test_a_confirmed_future_stage_is_recorded(staff_client):
    cpts = CPTSFactory()
    staff_client.post(
        url("cpts_stage_add", cpts.pk), {"stage": Stage.PRE_PROJECT, "date": in_a_year(), "confirm_future": "on"}
    )
    assert cpts.stage_changes.get().date.isoformat() == in_a_year()


def test_a_stage_recorded_by_mistake_is_deleted_after_confirmation(staff_client):
    change = StageChangeFactory()
    confirm = staff_client.get(url("cpts_stage_delete", change.pk))
    assert "Supprimer l&#x27;étape « pré-projet (réflexion) » du 15/01/2020" in confirm.content.decode()
    response = staff_client.post(url("cpts_stage_delete", change.pk))
    assert response["Location"] == url("cpts", change.cpts_id)
    assert not StageChange.objects.exists()


def test_the_aci_signed_stage_is_not_deleted_alone(staff_client):
    cpts = signed_cpts()
    change = cpts.stage_changes.get()
    response = staff_client.post(url("cpts_stage_delete", change.pk), follow=True)
    assert any("elle se supprime avec le contrat" in message for message in page_messages(response))
    assert StageChange.objects.filter(pk=change.pk).exists()


def test_the_next_step_is_offered_first_and_completed_steps_are_not_offered(staff_client):
    cpts = CPTSFactory()
    complete_step(cpts, step(1), datetime.date(2021, 1, 1))
    form = staff_client.get(url("cpts", cpts.pk)).context["step_form"]
    assert form["step"].value() == step(2).pk
    assert step(1) not in form.fields["step"].queryset


def test_a_step_completed_by_mistake_is_deleted(staff_client):
    completion = complete_step(CPTSFactory(), step(3), datetime.date(2021, 1, 1))
    staff_client.post(url("cpts_step_delete", completion.pk))
    assert not StepCompletion.objects.exists()


# --- Forms: contacts, adhesion ------------------------------------------------------------------------------


def test_a_contact_can_be_a_new_person_created_with_the_role(staff_client):
    cpts = CPTSFactory()
    response = staff_client.post(
        url("cpts_contact_add", cpts.pk),
        {"first_name": "Inès", "last_name": "Garnier", "email": "ines@example.org", "role": ContactRole.COORDINATOR},
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.person.full_name, contact.person.email, contact.role) == (
        "Inès GARNIER",
        "ines@example.org",
        "coordinator",
    )


def test_a_new_contact_with_the_email_of_a_known_person_is_refused(staff_client):
    known = PersonFactory(email="ines@example.org")
    cpts = CPTSFactory()
    response = staff_client.post(
        url("cpts_contact_add", cpts.pk),
        {"first_name": "Inès", "last_name": "Garnier", "email": "INES@example.org", "role": ContactRole.PRESIDENT},
    )
    assert f"Ce courriel est déjà celui de {known.full_name}" in response.content.decode()
    assert (Person.objects.count(), Contact.objects.count()) == (1, 0)


def test_a_contact_without_a_person_is_refused(staff_client):
    response = staff_client.post(url("cpts_contact_add", CPTSFactory().pk), {"role": ContactRole.PRESIDENT})
    assert "Choisissez la personne dans la liste" in response.content.decode()


def test_an_elected_role_has_no_employer(staff_client):
    person = PersonFactory()
    response = staff_client.post(
        url("cpts_contact_add", CPTSFactory().pk),
        {"person": person.pk, "role": ContactRole.PRESIDENT, "employer": "cpts"},
    )
    assert "Seuls les coordinateur·rices et chargé·es de mission ont un employeur." in response.content.decode()
    assert not Contact.objects.exists()


def test_the_same_role_twice_is_refused_and_no_person_is_left_behind(staff_client):
    cpts = CPTSFactory()
    person = PersonFactory()
    ContactFactory(cpts=cpts, person=person, role=ContactRole.PRESIDENT, start_date=datetime.date(2021, 1, 1))
    response = staff_client.post(
        url("cpts_contact_add", cpts.pk),
        {"person": person.pk, "role": ContactRole.PRESIDENT, "start_date": "2021-01-01"},
    )
    assert "Ce rôle est déjà enregistré pour cette personne à cette date." in response.content.decode()
    assert Contact.objects.count() == 1


def test_a_contact_is_ended_by_editing_it(staff_client):
    contact = ContactFactory(start_date=datetime.date(2020, 1, 1))
    staff_client.post(
        url("cpts_contact_edit", contact.pk),
        {"person": contact.person.pk, "role": contact.role, "start_date": "2020-01-01", "end_date": "2022-06-30"},
    )
    contact.refresh_from_db()
    assert contact.end_date == datetime.date(2022, 6, 30)


def test_an_adhesion_count_with_more_members_than_professionals_is_refused(staff_client):
    cpts = CPTSFactory()
    response = staff_client.post(
        url("cpts_adhesion_add", cpts.pk), {"date": "2021-01-01", "professional_count": "100", "member_count": "120"}
    )
    assert "Il y a plus d&#x27;adhérents que de professionnels de santé sur le territoire." in response.content.decode()
    assert not Adhesion.objects.exists()


def test_a_second_adhesion_count_on_the_same_date_is_refused(staff_client):
    adhesion = AdhesionFactory()
    response = staff_client.post(
        url("cpts_adhesion_add", adhesion.cpts_id),
        {"date": adhesion.date.isoformat(), "professional_count": "100", "member_count": "20"},
    )
    assert "Un décompte est déjà enregistré à cette date pour cette CPTS." in response.content.decode()


# --- Forms: ACI and payments --------------------------------------------------------------------------------


def test_signing_the_aci_records_the_contract_its_missions_and_the_stage(staff_client):
    cpts = cpts_with_population(90_000)
    response = staff_client.post(
        url("cpts_aci", cpts.pk), {"signed_on": "2021-03-12", "optional_missions": [Mission.SUPPORT]}, follow=True
    )
    cpts.refresh_from_db()
    assert (cpts.aci.signed_on, cpts.aci.size_class_at_signature) == (datetime.date(2021, 3, 12), 3)
    assert Mission.SUPPORT in cpts.aci.missions.values_list("mission", flat=True)
    assert cpts.stage_changes.get().stage == Stage.ACI_SIGNED
    assert "ACI de" in page_messages(response)[0]


def test_the_aci_is_refused_without_a_territory(staff_client):
    cpts = CPTSFactory()
    response = staff_client.post(url("cpts_aci", cpts.pk), {"signed_on": "2021-03-12"})
    assert "Renseignez le territoire de la CPTS" in response.content.decode()
    assert not StageChange.objects.exists()


def test_the_aci_is_refused_before_the_current_stage(staff_client):
    cpts = cpts_with_population(50_000)
    move_to_stage(cpts, Stage.HEALTH_PROJECT, datetime.date(2021, 6, 1))
    response = staff_client.post(url("cpts_aci", cpts.pk), {"signed_on": "2021-03-12"})
    assert "Les dates ne reviennent pas en arrière" in response.content.decode()
    assert not hasattr(CPTS.objects.get(pk=cpts.pk), "aci")


def test_a_mission_does_not_start_before_the_signature(staff_client):
    cpts = signed_cpts(signed_on=datetime.date(2021, 3, 12))
    response = staff_client.post(url("cpts_aci", cpts.pk), {"started_access": "2021-01-01"})
    assert "ne peut démarrer avant la signature de l&#x27;ACI (12/03/2021)" in response.content.decode()


def test_editing_the_aci_sets_the_start_of_a_mission_and_it_shows_on_the_timeline(staff_client):
    cpts = signed_cpts(signed_on=datetime.date(2021, 3, 12))
    staff_client.post(url("cpts_aci", cpts.pk), {"started_access": "2021-09-01", "notes": "Avenant 2 signé."})
    assert cpts.aci.missions.get(mission=Mission.ACCESS).started_on == datetime.date(2021, 9, 1)
    timeline = staff_client.get(url("cpts", cpts.pk)).context["timeline"]
    assert "Démarrage de la mission « accès aux soins »" in [event.title for event in timeline]


def test_a_payment_is_recorded_and_a_duplicate_is_refused(staff_client):
    cpts = signed_cpts(signed_on=datetime.date(2020, 6, 1))
    data = {
        "year": "2021",
        "kind": PaymentKind.FIXED,
        "mission": Mission.ACCESS,
        "planned_amount": "12000",
        "paid_amount": "9000",
    }
    assert staff_client.post(url("cpts_payment_add", cpts.pk), data).status_code == 302
    response = staff_client.post(url("cpts_payment_add", cpts.pk), data)
    assert "Ce versement est déjà enregistré pour cette année." in response.content.decode()
    assert Payment.objects.get().paid_amount == Decimal(9000)


def test_a_fixed_part_needs_a_mission(staff_client):
    cpts = signed_cpts()
    response = staff_client.post(
        url("cpts_payment_add", cpts.pk),
        {"year": "2021", "kind": PaymentKind.FIXED, "planned_amount": "1", "paid_amount": "0"},
    )
    assert "Indiquez la mission de cette part fixe ou variable." in response.content.decode()


def test_a_payment_cannot_be_added_before_the_aci(staff_client):
    cpts = CPTSFactory()
    response = staff_client.get(url("cpts_payment_add", cpts.pk))
    assert response["Location"] == url("cpts_aci", cpts.pk)


def test_a_payment_is_edited(staff_client):
    cpts = signed_cpts(signed_on=datetime.date(2020, 6, 1))
    payment = record_payment(cpts.aci, 2021, PaymentKind.FUNCTIONING, planned=Decimal(50000))
    staff_client.post(
        url("cpts_payment_edit", payment.pk),
        {
            "year": "2021",
            "kind": PaymentKind.FUNCTIONING,
            "planned_amount": "50000",
            "paid_amount": "37500",
            "paid_on": "2021-07-01",
        },
    )
    payment.refresh_from_db()
    assert (payment.paid_amount, payment.paid_on) == (Decimal(37500), datetime.date(2021, 7, 1))


# --- Roles --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cpts_stage_add", {"stage": Stage.PRE_PROJECT, "date": "2021-01-01"}),
        ("cpts_territory", {"insee_codes": "44001"}),
        ("cpts_edit", {"name": "Piratée"}),
        ("cpts_aci", {"signed_on": "2021-01-01"}),
    ],
)
def test_the_board_cannot_write(board_client, loire, name, data):
    cpts = CPTSFactory(name="Intacte", department=loire["44001"].department)
    assert board_client.post(url(name, cpts.pk), data).status_code == 403
    cpts.refresh_from_db()
    assert (cpts.name, cpts.communes.count(), cpts.stage_changes.count()) == ("Intacte", 0, 0)


def test_the_board_cannot_delete_a_stage(board_client):
    change = StageChangeFactory()
    assert board_client.post(url("cpts_stage_delete", change.pk)).status_code == 403
    assert StageChange.objects.filter(pk=change.pk).exists()


# --- Meetings and CPTS --------------------------------------------------------------------------------------


def test_the_meeting_list_filters_by_cpts(staff_client):
    cpts = CPTSFactory()
    MeetingFactory(title="Sans CPTS")
    MeetingFactory(title="Avec la CPTS").cpts.add(cpts)
    response = staff_client.get(f"{reverse('interurps:meeting_list')}?qui=toutes&cpts={cpts.pk}")
    assert [meeting.title for meeting in response.context["object_list"]] == ["Avec la CPTS"]


def test_the_meeting_list_s_cpts_filter_is_a_picker_that_writes_only_the_chosen_cpts(staff_client):
    chosen, other = CPTSFactory(name="CPTS Choisie"), CPTSFactory(name="CPTS Autre")
    content = staff_client.get(f"{reverse('interurps:meeting_list')}?qui=toutes&cpts={chosen.pk}").content.decode()
    assert f'data-autocomplete-light-url="{reverse("cpts:cpts_autocomplete")}"' in content
    assert f'<option value="{chosen.pk}" selected>CPTS Choisie</option>' in content
    assert other.name not in content
    assert "js/pickers.js" in content


def test_the_meeting_page_links_to_its_cpts(staff_client):
    cpts = CPTSFactory(name="CPTS Loire et Divatte")
    meeting = MeetingFactory()
    meeting.cpts.add(cpts)
    content = staff_client.get(reverse("interurps:meeting", args=[meeting.pk])).content.decode()
    assert f'<a href="{url("cpts", cpts.pk)}">CPTS Loire et Divatte</a>' in content


def test_the_meeting_page_query_count_does_not_grow_with_its_cpts(staff_client, django_assert_num_queries):
    meeting = MeetingFactory()
    meeting.cpts.add(CPTSFactory())
    address = reverse("interurps:meeting", args=[meeting.pk])
    few = count_queries(staff_client, address)
    meeting.cpts.add(*CPTSFactory.create_batch(10))
    with django_assert_num_queries(few):
        staff_client.get(address)


def test_editing_a_meeting_keeps_and_changes_its_cpts(staff_client):
    first, second = CPTSFactory(), CPTSFactory()
    meeting = MeetingFactory()
    meeting.cpts.add(first)
    form = staff_client.get(reverse("interurps:meeting_edit", args=[meeting.pk])).context["form"]
    assert form["cpts"].value() == [first.pk]
    staff_client.post(reverse("interurps:meeting_edit", args=[meeting.pk]), {**submitted(form), "cpts": [second.pk]})
    assert list(meeting.cpts.all()) == [second]

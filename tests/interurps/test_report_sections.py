"""The core app's sections of the annual report, on hand-made data: vie de l'association, financement,
réunions diverses. Only the year's records count, and the queries do not grow with the records."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interurps.models import Funding, Union
from interurps.report.sections import build_association, build_funding, build_various_meetings
from tests.factories import FundingFactory, MeetingFactory, StaffMemberFactory, category, programme, rename_category

pytestmark = pytest.mark.django_db


def board_meeting(date, **kwargs):
    return MeetingFactory(
        date=date, category=category("association", "Conseil d'administration"), programmes=["association"], **kwargs
    )


def general_assembly(date, **kwargs):
    return MeetingFactory(
        date=date, category=category("association", "Assemblée générale"), programmes=["association"], **kwargs
    )


def video_break(date, title):
    return MeetingFactory(date=date, title=title, category=category("cpts", "Pause visio entre coordinateurs"))


def regional_day(date, **kwargs):
    return MeetingFactory(date=date, category=category("cpts", "Journée régionale"), **kwargs)


def union(code):
    return Union.objects.get(code=code)


# Vie de l'association


def test_association_counts_the_years_board_meetings():
    for month in range(1, 12):
        board_meeting(datetime.date(2021, month, 10))
    board_meeting(datetime.date(2020, 12, 15))
    board_meeting(datetime.date(2022, 1, 5))
    assert build_association(2021)["board_meeting_count"] == 11


def test_renaming_the_board_meeting_category_keeps_the_board_meeting_count():
    board_meeting(datetime.date(2021, 2, 10))
    board_meeting(datetime.date(2021, 4, 10))
    rename_category("association", "board_meeting", "Conseil d'administration de l'InterURPS")
    assert build_association(2021)["board_meeting_count"] == 2


def test_association_does_not_count_other_categories_as_board_meetings():
    MeetingFactory(date=datetime.date(2021, 5, 1), category=category("cpts", "Conseil d'administration de CPTS"))
    general_assembly(datetime.date(2021, 3, 9))
    assert build_association(2021)["board_meeting_count"] == 0


def test_association_lists_the_years_general_assemblies_by_date():
    later = general_assembly(datetime.date(2021, 6, 24))
    first = general_assembly(datetime.date(2021, 3, 9))
    general_assembly(datetime.date(2020, 3, 10))
    assert build_association(2021)["general_assemblies"] == [first, later]


def test_association_lists_staff_seconded_by_a_union_during_the_year():
    nurse = StaffMemberFactory(job_title="Suivi administratif", seconded_by=union("infirmiers"))
    dentist = StaffMemberFactory(
        job_title="Suivi financier", seconded_by=union("dentistes"), start_date=datetime.date(2021, 9, 1)
    )
    data = build_association(2021)
    assert data["seconded_staff"] == [nurse, dentist]  # in the unions' order
    assert data["seconding_unions"] == [union("infirmiers"), union("dentistes")]


def test_association_leaves_out_staff_not_seconded_or_not_there_that_year():
    StaffMemberFactory(seconded_by=None)
    StaffMemberFactory(seconded_by=union("urml"), end_date=datetime.date(2020, 12, 31))
    StaffMemberFactory(seconded_by=union("urml"), start_date=datetime.date(2022, 1, 1))
    assert build_association(2021)["seconded_staff"] == []


def test_association_names_each_union_once_however_many_people_it_seconds():
    StaffMemberFactory.create_batch(2, seconded_by=union("pharmaciens"))
    assert build_association(2021)["seconding_unions"] == [union("pharmaciens")]


def test_association_counts_the_years_meetings_in_a_chart_by_programme():
    MeetingFactory.create_batch(3, date=datetime.date(2021, 4, 1), programmes=["sas"])
    MeetingFactory(date=datetime.date(2020, 4, 1), programmes=["sas"])
    data = build_association(2021)
    assert data["meeting_total"] == 3
    assert "<svg" in data["activity_chart"]
    assert "SAS" in data["activity_chart"]


# Financement


def test_funding_totals_the_years_amounts_by_source():
    FundingFactory(source=Funding.Source.OWN_FUNDS, amount=Decimal("150000"))
    FundingFactory(source=Funding.Source.ARS_FIR, amount=Decimal("386000"), programme=programme("cpts"))
    FundingFactory(source=Funding.Source.ARS_FIR, amount=Decimal("150000"), programme=programme("sas"))
    FundingFactory(source=Funding.Source.ARS_FIR, amount=Decimal("999999"), year=2020)
    data = build_funding(2021)
    assert data["total"] == Decimal("686000")
    assert {item["label"]: item["amount"] for item in data["by_source"]} == {
        "ARS – FIR": Decimal("536000"),
        "Fonds propres (appel de fonds des URPS)": Decimal("150000"),
    }
    assert len(data["fundings"]) == 3


def test_funding_of_a_year_without_any_is_empty():
    FundingFactory(year=2020)
    data = build_funding(2021)
    assert data["fundings"] == []
    assert data["total"] == 0
    assert data["funding_chart"] == ""


def test_funding_chart_shows_amounts_in_french():
    FundingFactory(source=Funding.Source.OWN_FUNDS, amount=Decimal("150000"))
    FundingFactory(source=Funding.Source.ARS_FIR, amount=Decimal("386000"))
    assert "386\u202f000\u00a0€" in build_funding(2021)["funding_chart"]


# Réunions diverses


def test_various_meetings_list_the_years_video_breaks_with_their_subject_by_date():
    second = video_break(datetime.date(2021, 2, 12), "Avec le Conseil régional")
    first = video_break(datetime.date(2021, 1, 8), "Sur l'article 51")
    video_break(datetime.date(2020, 12, 1), "L'an passé")
    MeetingFactory(date=datetime.date(2021, 3, 1), category=category("pacte", "Pause visio formateurs relais"))
    assert build_various_meetings(2021)["video_breaks"] == [first, second]


def test_various_meetings_list_the_years_regional_days():
    days = [regional_day(datetime.date(2021, month, day)) for month, day in [(3, 31), (6, 15), (10, 7)]]
    regional_day(datetime.date(2022, 3, 30))
    assert build_various_meetings(2021)["regional_days"] == days


# Query counts


def make_data(size, year=2021):
    for index in range(size):
        date = datetime.date(year, 1 + index % 12, 1 + index % 28)
        board_meeting(date)
        general_assembly(date)
        video_break(date, f"Sujet {index}")
        regional_day(date)
        StaffMemberFactory(seconded_by=Union.objects.all()[index % 10])
        FundingFactory(source=list(Funding.Source)[index % 5], programme=programme("cpts"))


@pytest.mark.parametrize("build", [build_association, build_funding, build_various_meetings])
def test_section_queries_do_not_grow_with_the_records(build, django_assert_num_queries):
    make_data(2)
    with CaptureQueriesContext(connection) as few:
        build(2021)
    make_data(15)
    with django_assert_num_queries(len(few.captured_queries)):
        build(2021)

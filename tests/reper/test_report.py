"""The REPER section of the annual report, on the facts of the 2021 report made by hand."""

import datetime

import pytest
from django.template.loader import render_to_string

from interurps.models import Organisation, Union
from interurps.report.registry import sections
from reper.models import ExperimentationTerritory, Milestone
from reper.report import build_section
from tests.cpts.factories import CPTSFactory
from tests.factories import DepartmentFactory, MeetingFactory, OrganisationFactory, category, rename_category
from tests.reper.factories import FiguresFactory, MilestoneFactory, ReperProjectFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

UNION_CODES = [
    "kines",
    "infirmiers",
    "urml",
    "orthophonistes",
    "orthoptistes",
    "podologues",
    "pharmaciens",
    "sages-femmes",
]
TERRITORIES = [
    ("CPTS Pays de Retz", "44", datetime.date(2021, 9, 14)),
    ("CPTS Sud Loire Vignoble", "44", datetime.date(2021, 10, 5)),
    ("CPTS Centre Vendée", "85", datetime.date(2021, 11, 2)),
    ("CPTS du Grand Saumurois", "49", datetime.date(2021, 12, 7)),
]


def elected_members_meetings(count, year=2021, programme="reper"):
    elected = category("reper", "Réunion des élus")
    for day in range(count):
        MeetingFactory(
            date=datetime.date(year, 1, 4) + datetime.timedelta(days=7 * day), programmes=[programme], category=elected
        )


def make_2021_project():
    """The REPER facts of the 2021 report, as staff would record them."""
    project = ReperProjectFactory(
        name="REPER – Repérage des PERsonnes âgées à domicile",
        start_date=datetime.date(2020, 7, 1),
        unions=Union.objects.filter(code__in=UNION_CODES),
        consortium_members=[
            OrganisationFactory(name="InterURPS Pays de la Loire"),
            OrganisationFactory(name="Gérontopôle des Pays de la Loire", kind=Organisation.Kind.ASSOCIATION),
            OrganisationFactory(name="GHT de Maine-et-Loire", acronym="GHT 49", kind=Organisation.Kind.GHT),
            OrganisationFactory(name="GHT de Loire-Atlantique", acronym="GHT 44", kind=Organisation.Kind.GHT),
        ],
    )
    Kind, Precision = Milestone.Kind, Milestone.Precision
    MilestoneFactory(
        project=project, kind=Kind.CALL_FOR_INTEREST, date=datetime.date(2020, 7, 1), precision=Precision.MONTH
    )
    MilestoneFactory(
        project=project,
        kind=Kind.CONSORTIUM_SELECTED,
        date=datetime.date(2020, 11, 1),
        precision=Precision.MONTH,
        note="avec 9 autres porteurs",
    )
    MilestoneFactory(
        project=project,
        kind=Kind.LAUNCH,
        label="Table ronde de lancement du programme dans la région",
        date=datetime.date(2021, 4, 1),
        precision=Precision.MONTH,
    )
    MilestoneFactory(
        project=project, kind=Kind.CANDIDACY_CONFIRMED, date=datetime.date(2021, 1, 1), precision=Precision.YEAR
    )
    MilestoneFactory(project=project, kind=Kind.SPECIFICATIONS_PUBLISHED, date=datetime.date(2021, 12, 28))
    MilestoneFactory(project=project, kind=Kind.EXPERIMENTATION_START, date=datetime.date(2022, 3, 1))
    for name, department, recruited_on in TERRITORIES:
        TerritoryFactory(
            project=project,
            cpts=CPTSFactory(name=name, department=DepartmentFactory(code=department)),
            recruitment_date=recruited_on,
        )
    elected_members_meetings(30)
    return project


def test_the_section_names_the_eight_participating_unions():
    make_2021_project()
    section = build_section(2021)
    assert section["union_count"] == 8
    assert {union.code for union in section["unions"]} == set(UNION_CODES)


def test_the_section_lists_the_consortium():
    make_2021_project()
    names = {organisation.name for organisation in build_section(2021)["consortium"]}
    assert names == {
        "Gérontopôle des Pays de la Loire",
        "GHT de Loire-Atlantique",
        "GHT de Maine-et-Loire",
        "InterURPS Pays de la Loire",
    }


def test_the_section_gives_the_milestones_up_to_the_end_of_the_year_in_order():
    make_2021_project()
    milestones = build_section(2021)["milestones"]
    assert [m.kind for m in milestones] == [
        "call_for_interest",
        "consortium_selected",
        "candidacy_confirmed",
        "launch",
        "specifications_published",
    ]
    assert [m.in_year for m in milestones] == [False, False, True, True, True]


def test_the_section_lists_the_territories_recruited_in_the_second_half_of_2021():
    make_2021_project()
    section = build_section(2021)
    assert [(t.cpts.name, t.cpts.department.code) for t in section["recruited_in_year"]] == [
        (name, department) for name, department, _ in TERRITORIES
    ]
    assert section["recruitment_period"] == "durant le deuxième semestre 2021"


def test_the_section_counts_the_meetings_of_elected_members_of_the_year():
    make_2021_project()
    elected_members_meetings(3, year=2020)  # another year
    elected_members_meetings(2, programme="cpts")  # another programme (no such category there)
    MeetingFactory(date=datetime.date(2021, 6, 1), programmes=["reper"], category=category("reper", "Consortium"))
    section = build_section(2021)
    assert section["elected_members_meeting_count"] == 30
    assert section["meeting_count"] == 31


def test_a_meeting_of_two_programmes_is_counted_once():
    elected = category("reper", "Réunion des élus")
    MeetingFactory(date=datetime.date(2021, 6, 1), programmes=["reper", "association"], category=elected)
    assert build_section(2021)["elected_members_meeting_count"] == 1


def test_renaming_the_elected_members_category_keeps_their_count():
    elected_members_meetings(4)
    rename_category("reper", "elected_members", "Réunion des élus des URPS")
    assert build_section(2021)["elected_members_meeting_count"] == 4


def test_a_territory_withdrawn_before_the_year_is_left_out():
    project = make_2021_project()
    territory = project.territories.get(cpts__name="CPTS Centre Vendée")
    territory.status = ExperimentationTerritory.Status.WITHDRAWN
    territory.withdrawal_date = datetime.date(2022, 2, 1)
    territory.save()
    assert len(build_section(2022)["territories"]) == 4
    assert len(build_section(2023)["territories"]) == 3


def test_the_section_sums_the_figures_of_the_year_and_since_the_start():
    project = make_2021_project()
    retz, vignoble = project.territories.order_by("recruitment_date")[:2]
    FiguresFactory(territory=retz, period_start=datetime.date(2021, 10, 1), period_end=datetime.date(2021, 12, 31))
    FiguresFactory(territory=retz, screenings=60)
    FiguresFactory(territory=vignoble, screenings=15)
    section = build_section(2022)
    screenings = next(row for row in section["figures"] if row["label"] == "repérages (étape 1)")
    assert screenings["values"] == [75, 115]
    by_name = {t.cpts.name: t.year_totals["screenings"] for t in section["territories"]}
    assert by_name["CPTS Pays de Retz"] == 60
    assert by_name["CPTS Sud Loire Vignoble"] == 15


def test_without_a_project_the_section_still_counts_meetings():
    elected_members_meetings(2)
    section = build_section(2021)
    assert section["project"] is None
    assert section["elected_members_meeting_count"] == 2
    assert "2 réunions" in render_to_string("reper/report_section.html", section)


def test_the_rendered_section_reads_like_the_2021_report():
    make_2021_project()
    MeetingFactory(
        date=datetime.date(2021, 4, 8),
        programmes=["reper"],
        is_highlight=True,
        title="Table ronde REPER",
        highlight_summary="Lancement du programme avec les partenaires",
    )
    html = " ".join(render_to_string("reper/report_section.html", build_section(2021)).split())
    assert "Huit unions de l'InterURPS" in html
    assert "juillet 2020" in html
    assert "28 décembre 2021" in html
    assert "avril 2021" in html
    assert "avec 9 autres porteurs" in html
    assert "Quatre territoires ont été recrutés" in html
    assert "durant le deuxième semestre 2021." in html
    assert "CPTS Centre Vendée (85)" in html
    assert "Des élus des huit URPS" in html
    assert "30 réunions" in html
    assert "8 avril 2021" in html
    assert 'style="' not in html


def grow(project, territories, quarters, meetings):
    for _ in range(territories):
        territory = TerritoryFactory(project=project)
        for quarter in range(quarters):
            start = datetime.date(2021, 3 * quarter + 1, 1)
            end = datetime.date(2021 + (quarter == 3), (3 * quarter + 3) % 12 + 1, 1) - datetime.timedelta(days=1)
            FiguresFactory(territory=territory, period_start=start, period_end=end)
    elected_members_meetings(meetings)
    for index in range(meetings):
        MeetingFactory(date=datetime.date(2021, 5, 1), programmes=["reper"], is_highlight=True, highlight_summary="x")
        MilestoneFactory(project=project, date=datetime.date(2021, 5, 1) + datetime.timedelta(days=index))


@pytest.mark.parametrize("size", [1, 6])
def test_the_section_is_built_and_rendered_in_eight_queries_whatever_its_size(django_assert_num_queries, size):
    project = make_2021_project()
    grow(project, territories=size, quarters=4 if size > 1 else 1, meetings=size)
    with django_assert_num_queries(8):
        render_to_string("reper/report_section.html", build_section(2021))


def test_the_section_is_registered_for_the_report_after_sas():
    section = next(s for s in sections() if s.key == "reper")
    assert (section.order, section.template) == (40, "reper/report_section.html")

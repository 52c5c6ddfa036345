"""The CPTS section of the annual report, on hand-made data: every CPTS fact of the 2021 report from records."""

import shutil
import subprocess
from datetime import date

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from cpts import map as region_map
from cpts.enums import AccompanyingBody, Stage
from cpts.report import build_section
from cpts.selectors import accompanied_during
from cpts.services import complete_step, move_to_stage, sign_aci
from interurps.report.rendering import render_year_pdf
from tests.cpts.factories import CPTSFactory, grid_commune, step
from tests.factories import (
    DepartmentFactory,
    MeetingFactory,
    StaffMemberFactory,
    UserFactory,
    category,
    programme,
    rename_category,
)

pytestmark = pytest.mark.django_db

INTERURPS = AccompanyingBody.INTERURPS


@pytest.fixture(autouse=True)
def fresh_geometry():
    region_map.clear_cache()
    yield
    region_map.clear_cache()


def render(year=2021):
    data = build_section(year)
    html = render_to_string("cpts/report_section.html", {**data, "section": data, "data": data, "preview": False})
    return " ".join(html.replace("\u202f", " ").replace("\u00a0", " ").split())


def cpts_at(stage, on=date(2020, 6, 1), **kwargs):
    cpts = CPTSFactory(**kwargs)
    move_to_stage(cpts, stage, on)
    return cpts


def signed(name, on, department="44", accompanied_by="", **kwargs):
    cpts = CPTSFactory(
        name=name,
        department=DepartmentFactory(code=department),
        communes=[grid_commune(kwargs.pop("column", 0), 0, population=50_000)],
        accompanied_by=accompanied_by,
        **kwargs,
    )
    sign_aci(cpts, on)
    return cpts


def team_member(first_name, last_name, job_title, start_date=None, end_date=None, programmes=("cpts",)):
    member = StaffMemberFactory(
        user=UserFactory(first_name=first_name, last_name=last_name),
        job_title=job_title,
        start_date=start_date,
        end_date=end_date,
    )
    member.programmes.set([programme(code) for code in programmes])
    return member


# The team and the quintet


def test_the_team_is_the_staff_of_the_cpts_programme_during_the_year_with_the_arrivals():
    team_member("Jeanne", "Boutier", "Chargée de mission", start_date=date(2020, 1, 6))
    team_member("Anne-Laure", "Le Ny", "Chargée de mission")
    team_member("Barbara", "Clément", "Coordinatrice territoriale Maine-et-Loire", start_date=date(2021, 10, 4))
    team_member("Jean", "Cassard", "Chargé de mission SAS", programmes=("sas",))
    team_member("Ancien", "Collègue", "Chargé de mission", start_date=date(2019, 1, 1), end_date=date(2020, 12, 31))
    team_member("Future", "Recrue", "Chargée de mission", start_date=date(2022, 1, 3))
    data = build_section(2021)
    assert [person["name"] for person in data["team"]] == ["Jeanne BOUTIER", "Anne-Laure LE NY", "Barbara CLÉMENT"]
    assert [person["name"] for person in data["arrivals"]] == ["Barbara CLÉMENT"]
    text = render()
    assert (
        "En 2021, l'équipe CPTS compte 3 personnes, avec l'arrivée de Barbara CLÉMENT "
        "(Coordinatrice territoriale Maine-et-Loire) en octobre 2021." in text
    )
    assert "<strong>Barbara CLÉMENT</strong> <span>Coordinatrice territoriale Maine-et-Loire</span>" in text
    assert "prise de poste en octobre 2021" in text


def test_the_quintet_meetings_of_the_year_are_counted():
    quintet = category("cpts", "Quintet")
    for month in (1, 2, 12):
        MeetingFactory(date=date(2021, month, 8), category=quintet)
    MeetingFactory(date=date(2020, 12, 30), category=quintet)
    MeetingFactory(date=date(2021, 5, 4), category=category("cpts", "Accompagnement d'une CPTS"))
    assert build_section(2021)["quintet_count"] == 3
    assert "Il y a eu 3 réunions de quintet en 2021." in render()


def test_renaming_the_quintet_category_keeps_the_quintet_count():
    quintet = category("cpts", "Quintet")
    for month in (1, 2):
        MeetingFactory(date=date(2021, month, 8), category=quintet)
    rename_category("cpts", "quintet", "Comité quintet")
    assert build_section(2021)["quintet_count"] == 2


# The CPTS accompanied during the year


def test_accompanied_cpts_are_those_of_the_interurps_whose_accompaniment_ran_during_the_year():
    ongoing = cpts_at(
        Stage.LETTER_OF_INTENT, name="En cours", accompanied_by=INTERURPS, accompaniment_start=date(2020, 2, 1)
    )
    new = cpts_at(
        Stage.PRE_PROJECT,
        date(2021, 3, 1),
        name="Nouvelle",
        accompanied_by=INTERURPS,
        accompaniment_start=date(2021, 3, 1),
    )
    cpts_at(
        Stage.LETTER_OF_INTENT,
        name="Par l'APMSL",
        accompanied_by=AccompanyingBody.APMSL,
        accompaniment_start=date(2020, 1, 1),
    )
    cpts_at(Stage.PRE_PROJECT, name="L'an prochain", accompanied_by=INTERURPS, accompaniment_start=date(2022, 1, 10))
    names = [cpts.name for cpts in accompanied_during(2021)]
    assert names == ["En cours", "Nouvelle"]
    assert [cpts.started_in_year for cpts in accompanied_during(2021)] == [False, True]
    assert ongoing.pk and new.pk


def test_a_cpts_that_signed_its_aci_before_the_year_is_no_longer_accompanied_one_that_signs_in_it_is():
    signed("Signée en 2020", date(2020, 6, 1), accompanied_by=INTERURPS, accompaniment_start=date(2019, 1, 1))
    signed(
        "Signée en 2021", date(2021, 6, 14), accompanied_by=INTERURPS, accompaniment_start=date(2019, 1, 1), column=1
    )
    (accompanied,) = accompanied_during(2021)
    assert (accompanied.name, accompanied.aci_signed_on) == ("Signée en 2021", date(2021, 6, 14))
    data = build_section(2021)
    assert data["in_progress"] == []  # it is listed with the ACI of the year


def test_a_cpts_abandoned_before_the_year_is_not_accompanied_one_abandoned_during_it_is():
    before = cpts_at(
        Stage.PRE_PROJECT, name="Abandonnée en 2020", accompanied_by=INTERURPS, accompaniment_start=date(2019, 1, 1)
    )
    move_to_stage(before, Stage.ABANDONED, date(2020, 10, 1))
    during = cpts_at(
        Stage.PRE_PROJECT, name="Abandonnée en 2021", accompanied_by=INTERURPS, accompaniment_start=date(2019, 1, 1)
    )
    move_to_stage(during, Stage.ABANDONED, date(2021, 5, 1))
    assert [cpts.name for cpts in accompanied_during(2021)] == ["Abandonnée en 2021"]


def test_without_a_recorded_start_a_step_or_a_meeting_in_the_year_shows_the_accompaniment():
    stepped = cpts_at(Stage.PRE_PROJECT, name="Étape franchie", accompanied_by=INTERURPS)
    complete_step(stepped, step(2), date(2021, 4, 2))
    met = cpts_at(Stage.PRE_PROJECT, name="Réunion", accompanied_by=INTERURPS)
    met.meetings.add(MeetingFactory(date=date(2021, 9, 9)))
    quiet = cpts_at(Stage.PRE_PROJECT, name="Rien en 2021", accompanied_by=INTERURPS)
    quiet.meetings.add(MeetingFactory(date=date(2020, 9, 9)))
    assert [cpts.name for cpts in accompanied_during(2021)] == ["Réunion", "Étape franchie"]


def test_the_section_lists_the_accompanied_cpts_with_their_department():
    cpts_at(
        Stage.PRE_PROJECT,
        date(2021, 1, 20),
        name="CPTS Sèvre et Loire",
        accompanied_by=INTERURPS,
        accompaniment_start=date(2021, 1, 15),
    )
    cpts_at(
        Stage.LETTER_OF_INTENT,
        name="CPTS du Choletais",
        department=DepartmentFactory(code="49"),
        accompanied_by=INTERURPS,
        accompaniment_start=date(2020, 11, 1),
    )
    text = render()
    assert "En 2021, 2 CPTS étaient en cours d'accompagnement par l'InterURPS" in text
    assert "<li> CPTS Sèvre et Loire (44) – accompagnement commencé le 15/01/2021 </li>" in text
    assert "<li> CPTS du Choletais (49) </li>" in text
    assert "<strong>2</strong> <span>CPTS accompagnées par l'InterURPS en 2021</span>" in text


# The ACI of the year and the state of play on 31 December


def test_the_aci_signed_in_the_year_are_listed_by_date_with_their_department():
    signed("CPTS Ancenis", date(2021, 6, 14), accompanied_by=INTERURPS, accompaniment_start=date(2019, 5, 1))
    signed("CPTS du Grand Saumurois", date(2021, 3, 12), department="49", column=1)
    signed("CPTS de 2020", date(2020, 3, 12), column=2)
    data = build_section(2021)
    assert [(item["date"], item["cpts"].name) for item in data["aci_signed"]] == [
        (date(2021, 3, 12), "CPTS du Grand Saumurois"),
        (date(2021, 6, 14), "CPTS Ancenis"),
    ]
    text = render()
    assert "2 CPTS ont signé leur ACI en 2021, dont 1 accompagnée par l'InterURPS jusqu'à la signature :" in text
    assert '<span class="date">12/03/2021</span> <span>CPTS du Grand Saumurois (49) </span>' in text
    assert "CPTS Ancenis (44) – accompagnée par l'InterURPS" in text


def test_the_state_of_play_is_the_one_of_31_december():
    cpts_at(Stage.PRE_PROJECT, date(2021, 2, 1))
    later = cpts_at(Stage.LETTER_OF_INTENT, date(2021, 2, 1))
    move_to_stage(later, Stage.HEALTH_PROJECT, date(2022, 1, 5))
    signed("CPTS Signée", date(2021, 3, 12), department="85")
    cpts_at(Stage.PRE_PROJECT, date(2022, 2, 1))  # not yet there on 31/12/2021
    text = render()
    assert "Avancée des CPTS en région Pays de la Loire" in text
    assert "Au 31/12/2021 : 1 projet validé dont 1 ACI signé, 1 lettre d&#x27;intention, 1 en réflexion." in text


def test_the_table_counts_the_cpts_by_stage_and_department_on_31_december():
    DepartmentFactory(code="72")
    cpts_at(Stage.PRE_PROJECT, date(2021, 2, 1))
    cpts_at(Stage.LETTER_OF_INTENT, date(2021, 2, 1))
    cpts_at(Stage.LETTER_OF_INTENT, date(2021, 2, 1), department=DepartmentFactory(code="49"))
    signed("CPTS Signée", date(2021, 3, 12), department="85")
    dormant = cpts_at(Stage.PRE_PROJECT, date(2021, 2, 1), department=DepartmentFactory(code="53"))
    move_to_stage(dormant, Stage.DORMANT, date(2021, 9, 1))
    table = build_section(2021)["stage_table"]
    assert table["stages"] == [
        "pré-projet",
        "lettre d'intention validée",
        "projet de santé validé",
        "ACI signé",
        "en sommeil",
    ]
    rows = {row["department"].code: (row["counts"], row["total"]) for row in table["rows"]}
    assert rows["44"] == ([1, 1, 0, 0, 0], 2)
    assert rows["49"] == ([0, 1, 0, 0, 0], 1)
    assert rows["53"] == ([0, 0, 0, 0, 1], 1)
    assert rows["85"] == ([0, 0, 0, 1, 0], 1)
    assert rows["72"] == ([0, 0, 0, 0, 0], 0)  # every department of the region has its row
    assert (table["totals"], table["total"]) == ([1, 2, 0, 1, 1], 5)
    assert '<th scope="col" class="number">En sommeil</th>' in render()


def test_the_section_draws_the_map_of_31_december():
    cpts = cpts_at(Stage.PRE_PROJECT, date(2021, 2, 1), name="CPTS du Bocage", communes=[grid_commune(0, 0)])
    move_to_stage(cpts, Stage.LETTER_OF_INTENT, date(2022, 3, 1))
    text = render()
    assert '<figure class="chart map"> <svg xmlns="http://www.w3.org/2000/svg" class="region-map"' in text
    assert "Les CPTS en région Pays de la Loire par étape, au 31/12/2021" in text
    assert "<title>CPTS du Bocage (44) – pré-projet (réflexion)</title>" in text
    assert 'id="carte-2021-titre"' in text


def test_a_year_without_records_says_so_without_zero_figures():
    text = render(2019)
    assert "quintet" not in text
    assert 'class="key-figures"' not in text
    assert "Aucun ACI signé en 2019." in text
    assert "Aucun membre de l'équipe n'est enregistré sur le programme CPTS en 2019." in text


# Query count and PDF


def make_year(size, start=0):
    quintet = category("cpts", "Quintet")
    for index in range(start, start + size):
        member = team_member(
            f"Prénom{index}", f"Nom{index}", "Chargée de mission", start_date=date(2021, 1 + index % 12, 1)
        )
        assert member.pk
        MeetingFactory(date=date(2021, 1 + index % 12, 5), category=quintet)
        cpts = cpts_at(
            Stage.LETTER_OF_INTENT,
            name=f"CPTS {index}",
            accompanied_by=INTERURPS,
            accompaniment_start=date(2021, 1, 4),
            communes=[grid_commune(index, 0)],
        )
        cpts.meetings.add(MeetingFactory(date=date(2021, 6, 1)))
        signed(f"CPTS signée {index}", date(2021, 1 + index % 12, 10), column=index, accompanied_by=INTERURPS)


def test_the_section_takes_the_same_number_of_queries_for_few_and_many_records(django_assert_num_queries):
    make_year(2)
    with CaptureQueriesContext(connection) as few:
        build_section(2021)
    make_year(12, start=2)
    region_map.clear_cache()
    with django_assert_num_queries(len(few.captured_queries)):
        data = build_section(2021)
    assert (len(data["team"]), data["quintet_count"], len(data["aci_signed"])) == (14, 14, 14)


def test_the_pdf_report_holds_the_section_and_its_map(tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    signed("CPTS du Grand Saumurois", date(2021, 3, 12), department="49")
    cpts_at(Stage.PRE_PROJECT, date(2021, 2, 1), name="CPTS du Bocage", communes=[grid_commune(1, 0)])
    path = tmp_path / "rapport.pdf"
    path.write_bytes(render_year_pdf(2021).content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    text = " ".join(text.split())
    assert "12/03/2021 CPTS du Grand Saumurois (49)" in text
    assert "Étape de la CPTS" in text  # the legend of the map, drawn by WeasyPrint
    assert "ACI signé (1 CPTS)" in text
    assert "pré-projet (1 CPTS)" in text
    assert "CPTS du Bocage (44) – pré-projet" not in text  # the titles show on hover, they are not printed

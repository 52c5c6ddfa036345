import datetime
import io

import openpyxl
import pytest

from cpts.enums import Mission, SizeClass, Stage
from cpts.models import CPTS
from cpts.resources import CPTSResource
from cpts.services import move_to_stage
from interurps.formats import XLSX, FrenchCSV
from tests.cpts.factories import CPTSFactory, signed_cpts
from tests.factories import CommuneFactory, DepartmentFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "nom;département;codes INSEE;population déclarée;source de la population déclarée;accompagnement;"
    "pré-projet;lettre d'intention;projet de santé;ACI signé;missions optionnelles"
)
LITTORAL = (
    "CPTS Littoral Vendéen;85;85194, 85166;88 000;projet de santé 2020;InterURPS;"
    "01/06/2018;15/03/2019;01/09/2020;19/11/2020;accompagnement des professionnels de santé"
)
ANJOU = "CPTS Nord Est Anjou;49;49007;;;APMSL;;10/02/2021;;;"


@pytest.fixture
def communes():
    for department in ("85", "49"):
        DepartmentFactory(code=department)
    return {
        code: CommuneFactory(insee_code=code, department__code=code[:2], population=population)
        for code, population in [("85194", 45_000), ("85166", 20_000), ("49007", 35_000)]
    }


def import_csv(*lines, dry_run=False, user=None):
    dataset = FrenchCSV().create_dataset("\n".join(lines).encode("utf-8"))
    return CPTSResource().import_data(dataset, dry_run=dry_run, user=user)


def errors_of(result):
    return [(row.number, row.error_dict) for row in result.invalid_rows]


def test_import_creates_the_cpts_with_territory_stages_and_aci(communes):
    user = StaffUserFactory()
    result = import_csv(HEADER, LITTORAL, ANJOU, user=user)
    assert not result.has_errors() and not result.has_validation_errors()
    littoral = CPTS.objects.with_size_class().with_current_stage().get(name="CPTS Littoral Vendéen")
    assert set(littoral.communes.values_list("insee_code", flat=True)) == {"85194", "85166"}
    assert (littoral.population, littoral.size_class) == (88_000, SizeClass.THREE)
    assert (littoral.current_stage, littoral.current_stage_date) == (Stage.ACI_SIGNED, datetime.date(2020, 11, 19))
    assert list(littoral.stage_changes.values_list("stage", flat=True)) == [
        Stage.PRE_PROJECT,
        Stage.LETTER_OF_INTENT,
        Stage.HEALTH_PROJECT,
        Stage.ACI_SIGNED,
    ]
    assert littoral.aci.size_class_at_signature == SizeClass.THREE
    assert littoral.aci.missions.filter(mission=Mission.SUPPORT).exists()
    assert littoral.stage_changes.filter(recorded_by=user).count() == 4
    anjou = CPTS.objects.with_current_stage().get(name="CPTS Nord Est Anjou")
    assert (anjou.department.code, anjou.accompanied_by, anjou.current_stage) == ("49", "apmsl", Stage.LETTER_OF_INTENT)


def test_import_reads_headers_whatever_their_case_and_accents(communes):
    result = import_csv("NOM;Departement;Codes insee", "CPTS Nord Est Anjou;49;49007")
    assert not result.has_validation_errors()
    assert CPTS.objects.get().communes.get() == communes["49007"]


def test_a_dry_run_writes_nothing(communes):
    result = import_csv(HEADER, LITTORAL, dry_run=True)
    assert not result.has_validation_errors()
    assert not CPTS.objects.exists()


def test_an_unknown_insee_code_rejects_the_whole_file(communes):
    result = import_csv(HEADER, LITTORAL, "CPTS Inconnue;49;49007 49999;;;;;;;;")
    assert errors_of(result) == [(2, {"communes": ["Code INSEE inconnu : 49999."]})]
    assert not CPTS.objects.exists()


def test_a_bad_date_is_reported_on_its_column(communes):
    result = import_csv(HEADER, "CPTS Nord Est Anjou;49;49007;;;;31/02/2021;;;;")
    [(number, errors)] = errors_of(result)
    assert number == 1
    assert errors == {"pre_project": ["Date invalide : « 31/02/2021 » (attendu jj/mm/aaaa, par exemple 12/03/2021)."]}
    assert CPTSResource().column_label("pre_project") == "pré-projet"
    assert not CPTS.objects.exists()


def test_stage_dates_out_of_order_are_refused(communes):
    result = import_csv(HEADER, "CPTS Nord Est Anjou;49;49007;;;;01/06/2021;10/02/2021;;;")
    [(_, errors)] = errors_of(result)
    assert errors["letter_of_intent"] == [
        "Le 10/02/2021 précède la date de « pré-projet » (01/06/2021) : les étapes se suivent dans le temps."
    ]


def test_a_missing_column_rejects_the_file_before_any_row(communes):
    result = import_csv("nom;département", "CPTS Nord Est Anjou;49")
    assert [str(error.error) for error in result.base_errors] == ["Colonne manquante : codes INSEE."]
    assert not CPTS.objects.exists()


def test_an_aci_without_territory_is_refused_with_the_reason(communes):
    result = import_csv(HEADER, "CPTS Sans Territoire;49;;;;;;;;12/03/2021;")
    [(_, errors)] = errors_of(result)
    assert "Renseignez le territoire de la CPTS" in errors["aci_signed"][0]
    assert not CPTS.objects.exists()


def test_importing_again_updates_without_duplicating_the_history(communes):
    import_csv(HEADER, LITTORAL, ANJOU)
    result = import_csv(HEADER, LITTORAL, ANJOU.replace(";;;APMSL;;10/02/2021;;;", ";;;APMSL;;10/02/2021;01/12/2021;;"))
    assert not result.has_validation_errors()
    assert CPTS.objects.count() == 2
    assert CPTS.objects.get(name="CPTS Littoral Vendéen").stage_changes.count() == 4
    anjou = CPTS.objects.with_current_stage().get(name="CPTS Nord Est Anjou")
    assert anjou.current_stage == Stage.HEALTH_PROJECT


def test_importing_another_date_for_a_recorded_stage_is_refused(communes):
    import_csv(HEADER, ANJOU)
    result = import_csv(HEADER, ANJOU.replace("10/02/2021", "11/02/2021"))
    [(_, errors)] = errors_of(result)
    assert errors["letter_of_intent"] == [
        "La CPTS a déjà l'étape « lettre d'intention validée » au 10/02/2021 ; le fichier indique le 11/02/2021. "
        "Corrigez l'historique dans la fiche de la CPTS."
    ]


def test_import_reads_an_excel_workbook(communes):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["nom", "département", "codes INSEE", "population déclarée", "lettre d'intention"])
    sheet.append(["CPTS Nord Est Anjou", 49, 49007, None, datetime.datetime(2021, 2, 10)])  # noqa: DTZ001 (a spreadsheet date has no time zone)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = CPTSResource().import_data(XLSX().create_dataset(buffer.getvalue()))
    assert not result.has_validation_errors(), errors_of(result)
    anjou = CPTS.objects.with_current_stage().get()
    assert (anjou.current_stage_date, anjou.communes.get()) == (datetime.date(2021, 2, 10), communes["49007"])


def test_export_lists_population_size_current_stage_referent_and_aci_date():
    referent = StaffUserFactory(first_name="Anne-Laure", last_name="Le Ny")
    cpts = signed_cpts(name="CPTS du Grand Saumurois", signed_on=datetime.date(2021, 3, 12), population=92_000)
    cpts.referents.add(referent)
    move_to_stage(CPTSFactory(name="CPTS du Choletais"), Stage.LETTER_OF_INTENT, datetime.date(2021, 5, 1))
    dataset = CPTSResource().export(CPTS.objects.all())
    rows = {row["nom"]: row for row in dataset.dict}
    saumur = rows["CPTS du Grand Saumurois"]
    assert (saumur["population"], saumur["taille"]) == (92_000, 3)
    assert (saumur["étape actuelle"], saumur["depuis le"]) == ("ACI signé", "12/03/2021")
    assert (saumur["référent·es"], saumur["ACI signé"]) == ("Anne-Laure Le Ny", "12/03/2021")
    assert saumur["codes INSEE"] == cpts.communes.get().insee_code
    cholet = rows["CPTS du Choletais"]
    assert (cholet["taille"], cholet["ACI signé"], cholet["lettre d'intention"]) == ("", "", "01/05/2021")


def test_an_exported_file_imports_back_unchanged():
    signed_cpts(name="CPTS du Grand Saumurois", signed_on=datetime.date(2021, 3, 12))
    content = FrenchCSV().export_data(CPTSResource().export(CPTS.objects.all()))
    result = CPTSResource().import_data(FrenchCSV().create_dataset(content))
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["skip"]

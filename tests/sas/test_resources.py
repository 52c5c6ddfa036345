"""Import and export of the SAS indicators: French columns, row errors in French, all or nothing."""

import datetime
import html
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import strip_tags

from interurps.formats import XLSX, FrenchCSV
from sas.models import SASIndicator
from sas.resources import SASIndicatorResource
from tests.factories import DepartmentFactory, StaffUserFactory
from tests.sas.factories import CPTSFactory, SASIndicatorFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "début de période;fin de période;département;CPTS;effecteurs inscrits;régulateurs;créneaux proposés;créneaux pris"
)


def dataset(*rows, header=HEADER, encoding="utf-8"):
    return FrenchCSV().create_dataset("\n".join([header, *rows]).encode(encoding))


def row_errors(result):
    return {row.number: row.error.message_dict for row in result.invalid_rows}


def text(response):
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


@pytest.fixture
def vendee(db):
    return DepartmentFactory(code="85")


def test_a_csv_file_creates_indicators(vendee):
    result = SASIndicatorResource().import_data(dataset("01/07/2021;31/07/2021;85;;40;6;620;366"))
    assert not result.has_validation_errors()
    indicator = SASIndicator.objects.get()
    assert (indicator.department, indicator.period_start, indicator.slots_taken) == (
        vendee,
        datetime.date(2021, 7, 1),
        366,
    )


def test_a_windows_excel_csv_is_read(vendee):
    header = (
        "Début de période;Fin de période;Département;CPTS;Effecteurs inscrits;Régulateurs;"
        "Créneaux proposés;Créneaux pris"
    )
    result = SASIndicatorResource().import_data(
        dataset("01/07/2021;31/07/2021;Vendée;;40;6;1 620;366", header=header, encoding="cp1252")
    )
    assert not result.has_validation_errors()
    assert SASIndicator.objects.get().slots_offered == 1620


def test_importing_the_same_period_again_updates_it(vendee):
    SASIndicatorFactory(department=vendee, slots_offered=100, slots_taken=10)
    SASIndicatorResource().import_data(dataset("01/07/2021;31/07/2021;85;;40;6;620;366"))
    assert SASIndicator.objects.get().slots_taken == 366


def test_a_row_naming_a_cpts_and_its_department_is_the_cpts_row(vendee):
    cpts = CPTSFactory(name="CPTS Loire Vendée Océan", department=vendee)
    result = SASIndicatorResource().import_data(dataset("01/07/2021;31/07/2021;85;cpts loire vendée océan;;;620;366"))
    assert not result.has_validation_errors()
    indicator = SASIndicator.objects.get()
    assert (indicator.cpts, indicator.department) == (cpts, None)


def test_one_bad_row_writes_nothing_and_says_why_in_french(vendee):
    result = SASIndicatorResource().import_data(
        dataset(
            "01/07/2021;31/07/2021;85;;40;6;620;366",
            "01/08/2021;31/08/2021;85;;40;6;620;700",
            "01/09/2021;31/09/2021;99;;quarante;6;620;300",
        )
    )
    errors = row_errors(result)
    assert "plus de créneaux pris (700) que de créneaux proposés (620)" in errors[2]["slots_taken"][0]
    assert errors[3]["department"] == ["Département inconnu : « 99 »"]
    assert errors[3]["period_end"] == ["Date invalide : « 31/09/2021 » (attendu jj/mm/aaaa, par exemple 12/03/2021)."]
    assert errors[3]["registered_providers"] == ["Nombre entier attendu : « quarante »."]
    assert not SASIndicator.objects.exists()


def test_a_file_without_the_slot_columns_is_refused(vendee):
    result = SASIndicatorResource().import_data(
        dataset("01/07/2021;31/07/2021;85", header="début de période;fin de période;département")
    )
    assert "Colonnes manquantes : créneaux proposés, créneaux pris." in str(result.base_errors[0].error)
    assert not SASIndicator.objects.exists()


def test_an_xlsx_sheet_is_read(vendee):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    sheet.append([datetime.datetime(2021, 7, 1), datetime.datetime(2021, 7, 31), 85, None, 40, 6, 620, 366])  # noqa: DTZ001 (a spreadsheet date has no time zone)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = SASIndicatorResource().import_data(XLSX().create_dataset(buffer.getvalue()))
    assert not result.has_validation_errors()
    assert SASIndicator.objects.get().period_end == datetime.date(2021, 7, 31)


def test_an_export_reads_back_as_the_same_indicators(vendee):
    SASIndicatorFactory(department=vendee)
    SASIndicatorFactory(department=None, cpts=CPTSFactory(department=vendee), slots_offered=10, slots_taken=5)
    exported = FrenchCSV().export_data(SASIndicatorResource().export(queryset=SASIndicator.objects.for_list()))
    result = SASIndicatorResource().import_data(FrenchCSV().create_dataset(exported))
    assert not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["skip", "skip"]
    assert SASIndicator.objects.count() == 2


def test_the_staff_import_page_previews_then_imports(client, vendee):
    client.force_login(StaffUserFactory())
    url = reverse("interurps:import", args=["indicateurs-sas"])
    content = (HEADER + "\n01/07/2021;31/07/2021;85;;40;6;620;366\n").encode("utf-8")
    response = client.post(url, {"file": SimpleUploadedFile("indicateurs.csv", content)})
    assert "création" in text(response)
    assert not SASIndicator.objects.exists()
    confirm = client.post(
        reverse("interurps:import_confirm", args=["indicateurs-sas"]), {"token": response.context["token"]}
    )
    assert confirm["Location"] == reverse("sas:indicator_list")
    assert SASIndicator.objects.get().slots_offered == 620

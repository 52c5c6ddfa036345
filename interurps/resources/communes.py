"""Communes: update their populations from INSEE's *populations légales* file; export the reference list.

The import only updates the population (and its millésime) of communes already in the
reference data (fixtures/communes.json): it never creates nor deletes a commune. Rows of
communes outside the region's departments (settings.REGION_DEPARTMENTS) are skipped, so the
national file can be imported as INSEE publishes it.

Accepted layouts (headers are matched without regard to case or accents):
- the commune code in one column: CODGEO, COM, Code commune, code INSEE (5 characters, 44109);
- or split in two: DEP / Code département (44) and CODCOM / Code commune (109);
- the population in PMUN, Population municipale, or PMUN2021 (its year is then the millésime).
Title lines above the header row (as in INSEE's spreadsheets) are skipped.
"""

import re
import unicodedata

import tablib
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.instance_loaders import ModelInstanceLoader
from import_export.results import RowResult

from interurps.formats import ImportFileError
from interurps.models import Commune
from interurps.region import example_commune_code
from interurps.resources.base import FrenchModelResource, cell_text

# The columns the resource reads, built by `prepare_dataset` from whatever layout the file has.
CODE_COLUMN = "code INSEE"
POPULATION_COLUMN = "population municipale"

CODE_HEADERS = {"codgeo", "com", "code commune", "code insee", "code commune insee", "depcom", "code geographique"}
DEPARTMENT_HEADERS = {"dep", "code departement", "departement"}
COMMUNE_NUMBER_HEADERS = {"codcom", "code commune"}
POPULATION_HEADERS = {"pmun", "population municipale"}
DATED_POPULATION_HEADER = re.compile(r"(?:pmun|population municipale) ?(\d{4})")

INSEE_CODE = re.compile(r"\d[\dAB]\d{3}")
# How many lines of title INSEE's spreadsheets may put above the header row.
MAX_TITLE_LINES = 15


def normalise_header(value):
    """'Code département' → 'code departement', 'CODGEO' → 'codgeo', 'code_insee' → 'code insee'."""
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[\s_]+", " ", text).strip().lower()


def department_of(insee_code):
    """The department of a commune code: 44109 → 44, 2A004 → 2A, 97411 → 974."""
    return insee_code[:3] if insee_code.startswith("97") else insee_code[:2]


def region_departments():
    return {code.strip() for code in settings.REGION_DEPARTMENTS}


class PopulationWidget(widgets.IntegerWidget):
    """A population: a whole number, thousands possibly separated by (thin, non-breaking) spaces."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        else:
            text = re.sub(r"\s", "", cell_text(value))
            text = re.sub(r"[.,]0+$", "", text)  # "1234.0" written by a spreadsheet
            if not text:
                raise ValueError("Population municipale manquante.")
            if not re.fullmatch(r"[0-9]+", text):
                raise ValueError(
                    f"Population municipale « {cell_text(value)} » invalide : un nombre entier est attendu."
                )
            number = int(text)
        if number < 0:
            raise ValueError(f"Population municipale « {number} » invalide : elle ne peut pas être négative.")
        return number


class CommuneLoader(ModelInstanceLoader):
    """Fetch all the communes once (a few thousand at most), then find each row's by its code."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.communes = {commune.insee_code: commune for commune in resource.get_queryset()}

    def get_instance(self, row):
        return self.communes.get(row.get(CODE_COLUMN) or "")


class CommunePopulationResource(FrenchModelResource):
    """Update the population municipale of existing communes from an INSEE populations légales file.

    `population_year` (constructor kwarg) is the millésime of the file's populations; when it is
    not given, a dated column (PMUN2021) gives it, otherwise the millésime of the communes whose
    population changes is cleared (unknown) rather than left wrong.
    """

    insee_code = fields.Field(attribute="insee_code", column_name=CODE_COLUMN, widget=widgets.CharWidget())
    name = fields.Field(attribute="name", column_name="nom", readonly=True)
    population = fields.Field(attribute="population", column_name=POPULATION_COLUMN, widget=PopulationWidget())
    population_year = fields.Field(attribute="population_year", column_name="millésime", readonly=True)

    required_columns = (CODE_COLUMN, POPULATION_COLUMN)
    # An INSEE file has many columns (region, arrondissement, canton…) of which two are read.
    allow_unknown_columns = True

    class Meta:
        model = Commune
        name = "Populations légales (INSEE)"
        fields = ["insee_code", "name", "population", "population_year"]
        import_id_fields = ["insee_code"]
        instance_loader_class = CommuneLoader
        skip_unchanged = True

    def __init__(self, population_year=None, **kwargs):
        super().__init__(**kwargs)
        self.population_year = int(population_year) if population_year not in (None, "") else None
        self.file_year = None

    def get_queryset(self):
        return Commune.objects.all()

    def import_data(self, dataset, *args, raise_errors=False, **kwargs):
        """All or nothing (see FrenchModelResource); a file whose layout is not recognised is one error."""
        try:
            dataset = self.prepare_dataset(dataset)
        except ImportFileError as error:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            self.handle_import_error(result, error, raise_errors)
            return result
        result = super().import_data(dataset, *args, raise_errors=raise_errors, **kwargs)
        result.totals[RowResult.IMPORT_TYPE_SKIP] += dataset.outside_region
        result.total_rows += dataset.outside_region
        return result

    # Reading the file's layout

    def prepare_dataset(self, dataset):
        """The file's rows with two columns added, the ones the resource reads: code INSEE and population.

        They are computed from whatever layout the file has (see the module docstring); title lines
        above the headers and blank rows are dropped. Rows of communes outside the region are
        dropped too, and counted in `outside_region` (reported as skipped): a national file then
        imports in seconds. Raises ImportFileError (in French) when the file has no commune code
        or no population column. Preparing a prepared dataset changes nothing.
        """
        headers, rows = self._locate_headers(dataset)
        simple = [normalise_header(header) for header in headers]
        code_columns = [i for i, header in enumerate(simple) if header in CODE_HEADERS]
        department_column = next((i for i, header in enumerate(simple) if header in DEPARTMENT_HEADERS), None)
        number_columns = [i for i, header in enumerate(simple) if header in COMMUNE_NUMBER_HEADERS]
        if not code_columns and (department_column is None or not number_columns):
            raise ImportFileError(
                "Colonne du code commune introuvable : le fichier doit avoir une colonne CODGEO "
                "(ou « Code commune », code à 5 caractères), ou les colonnes DEP et CODCOM."
            )
        population_column = self._population_column(simple)
        kept = [i for i, header in enumerate(headers) if header not in (CODE_COLUMN, POPULATION_COLUMN)]
        prepared = tablib.Dataset(headers=[*(headers[i] for i in kept), CODE_COLUMN, POPULATION_COLUMN])
        prepared.outside_region = getattr(dataset, "outside_region", 0)
        region = region_departments()
        for row in rows:
            if not any(cell_text(value) for value in row):
                continue
            code = self._row_code(row, code_columns, department_column, number_columns)
            if INSEE_CODE.fullmatch(code) and department_of(code) not in region:
                prepared.outside_region += 1
                continue
            prepared.append([*(row[i] for i in kept), code, row[population_column]])
        return prepared

    @staticmethod
    def _locate_headers(dataset):
        """The header row and the rows under it: INSEE's spreadsheets put title lines above the headers."""
        known = CODE_HEADERS | DEPARTMENT_HEADERS
        headers = [cell_text(header) for header in dataset.headers or []]
        rows = [list(row) for row in dataset]
        if not any(normalise_header(header) in known for header in headers):
            for index, row in enumerate(rows[:MAX_TITLE_LINES]):
                if any(normalise_header(cell) in known for cell in row):
                    return [cell_text(cell) for cell in row], rows[index + 1 :]
        return headers, rows

    def _population_column(self, headers):
        for index, header in enumerate(headers):
            if header in POPULATION_HEADERS:
                return index
        dated = [
            (int(match.group(1)), index)
            for index, header in enumerate(headers)
            if (match := DATED_POPULATION_HEADER.fullmatch(header))
        ]
        if dated:
            year, index = max(dated)
            self.file_year = year
            return index
        raise ImportFileError(
            "Colonne de population introuvable : le fichier doit avoir une colonne PMUN ou « Population municipale »."
        )

    @staticmethod
    def _row_code(row, code_columns, department_column, number_columns):
        """The row's 5-character commune code, or its raw value when it is not one (reported later)."""
        for index in code_columns:
            code = cell_text(row[index]).upper()
            if code.isdigit() and len(code) == 4:
                code = code.zfill(5)  # 01001 read as the number 1001
            if INSEE_CODE.fullmatch(code):
                return code
        department = cell_text(row[department_column]).upper() if department_column is not None else ""
        for index in number_columns:
            number = cell_text(row[index])
            if department and number.isdigit() and len(number) <= 3:
                department = department.zfill(2)
                return department + number.zfill(5 - len(department))
        return next((cell_text(row[i]) for i in code_columns + number_columns if cell_text(row[i])), "")

    # Rows

    @staticmethod
    def _is_blank(row):
        return not row.get(CODE_COLUMN) and cell_text(row.get(POPULATION_COLUMN)) == ""

    def init_instance(self, row=None):
        """No commune is ever created: an unknown code of the region is an error, others are skipped."""
        code = row.get(CODE_COLUMN) or ""
        if self._is_blank(row):
            return Commune()
        if not code:
            raise ValidationError({CODE_COLUMN: "Code commune manquant."})
        if not INSEE_CODE.fullmatch(code):
            raise ValidationError(
                {
                    CODE_COLUMN: f"Code commune « {code} » invalide : 5 caractères sont attendus "
                    f"(par exemple {example_commune_code()})."
                }
            )
        department = department_of(code)
        if department not in region_departments():
            return Commune(insee_code=code)  # another region's commune (when not dropped beforehand): skipped
        raise ValidationError(
            {
                CODE_COLUMN: f"Commune inconnue : le code INSEE {code} (département {department}) n'est pas "
                "dans le référentiel des communes. L'import ne crée pas de commune."
            }
        )

    def import_instance(self, instance, row, **kwargs):
        previous = instance.population
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            # Errors named after the file's columns, as the admin's preview shows them.
            raise ValidationError(
                {self.column_label(name): messages for name, messages in error.message_dict.items()}
            ) from error
        year = self.population_year or self.file_year
        if year:
            instance.population_year = year
        elif instance.population != previous:
            instance.population_year = None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if self._is_blank(row) or instance.pk is None:
            return True  # an empty line, or a commune outside the region
        return super().skip_row(instance, original, row, import_validation_errors)

    def do_instance_save(self, instance, is_create):
        instance.save(update_fields=["population", "population_year"])


class CommuneResource(resources.ModelResource):
    """The communes reference list as a plain export."""

    insee_code = fields.Field(attribute="insee_code", column_name="code INSEE")
    name = fields.Field(attribute="name", column_name="nom")
    department = fields.Field(attribute="department__code", column_name="département")
    # Numbers stay numbers, so that a spreadsheet can add them up.
    population = fields.Field(
        attribute="population",
        column_name="population municipale",
        widget=widgets.IntegerWidget(coerce_to_string=False),
    )
    population_year = fields.Field(
        attribute="population_year", column_name="millésime", widget=widgets.IntegerWidget(coerce_to_string=False)
    )

    class Meta:
        model = Commune
        name = "Communes"
        fields = ["insee_code", "name", "department", "population", "population_year"]

    def get_queryset(self):
        return Commune.objects.select_related("department").order_by("insee_code")


POPULATION_YEAR_HELP = (
    "Millésime des populations légales du fichier : 2021 pour les « populations légales 2021 », "
    "en vigueur au 1er janvier 2024. Laissé vide, il est lu dans l'en-tête (PMUN2021) ; sinon le "
    "millésime des communes dont la population change est effacé."
)


class CommunePopulationImportForm(ImportForm):
    """The admin import form, with the millésime of the file's populations."""

    population_year = forms.IntegerField(
        label="millésime", required=False, min_value=1990, max_value=2100, help_text=POPULATION_YEAR_HELP
    )

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["import_file"].help_text = (
            "Fichier INSEE des populations légales des communes (CSV ou XLSX, feuille des communes) : "
            "colonnes CODGEO (ou DEP et CODCOM) et PMUN (ou « Population municipale »). "
            "Seules les populations des communes existantes de la région sont mises à jour."
        )


class CommunePopulationConfirmImportForm(ConfirmImportForm):
    """Carries the millésime from the preview to the confirmed import."""

    population_year = forms.IntegerField(required=False, widget=forms.HiddenInput())

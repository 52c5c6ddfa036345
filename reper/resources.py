"""Import and export of the territories' figures, one row per territory and period.

The export writes the layout the import reads, so a file can be exported, completed and imported
back: a row whose territory and period are already recorded updates them, a row naming a
period twice in the same file is refused, and one refused row refuses the whole file.
"""

import re

from django.core.exceptions import ValidationError
from import_export import widgets
from import_export.fields import Field

from interurps.resources.base import FrenchModelResource, LookupWidget, TextWidget, cell_text, quoted
from reper.models import FIGURE_FIELDS, ExperimentationTerritory, TerritoryFigures
from reper.periods import PeriodError, parse_period


def bare_cpts_name(territory):
    """« CPTS Pays de Retz » and « Pays de Retz » name the same territory, whichever way the CPTS is named:
    the CPTS's name without its « CPTS » (a lookup of `LookupWidget`)..."""
    return re.sub(r"^cpts\s+", "", territory.cpts.name, flags=re.IGNORECASE).strip()


def prefixed_cpts_name(territory):
    """... and with it."""
    return f"CPTS {bare_cpts_name(territory)}"


class CountWidget(widgets.IntegerWidget):
    """A whole number of people or acts: required, not negative."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = cell_text(value).replace("\u00a0", "").replace(" ", "")
        if not text:
            raise ValueError("Nombre manquant (écrivez 0 s'il n'y en a pas).")
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(f"Nombre entier attendu : {quoted(cell_text(value))}.")
        number = int(text)
        if number < 0:
            raise ValueError(f"Un nombre ne peut pas être négatif : {quoted(cell_text(value))}.")
        return number


def figure_field(name):
    label = str(TerritoryFigures._meta.get_field(name).verbose_name)
    return Field(attribute=name, column_name=label, widget=CountWidget())


class TerritoryFiguresResource(FrenchModelResource):
    territory = Field(
        attribute="territory",
        column_name="territoire",
        widget=LookupWidget(
            ExperimentationTerritory,
            ("cpts__name", bare_cpts_name, prefixed_cpts_name),
            "Territoire d'expérimentation inconnu : « {value} » (nom de la CPTS attendu).",
            field="cpts__name",
            queryset=ExperimentationTerritory.objects.select_related("cpts"),
        ),
    )
    department = Field(attribute="territory__cpts__department__code", column_name="département", readonly=True)
    period = Field(column_name="période")
    professionals_trained = figure_field("professionals_trained")
    screenings = figure_field("screenings")
    assessments = figure_field("assessments")
    care_plans = figure_field("care_plans")
    rescreenings = figure_field("rescreenings")
    notes = Field(attribute="notes", column_name="notes", widget=TextWidget())

    duplicate_label = "le même trimestre du même territoire"
    required_columns = ("territoire", "période", *(figure_field(name).column_name for name in FIGURE_FIELDS))

    class Meta:
        model = TerritoryFigures
        fields = ["territory", "department", "period", *FIGURE_FIELDS, "notes"]
        import_id_fields = []
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        store_row_values = True

    def get_queryset(self):
        return TerritoryFigures.objects.for_list()

    def filter_export(self, queryset, **kwargs):
        return queryset.for_list()

    def dehydrate_period(self, figures):
        return figures.period

    def column_label(self, name):
        if name in ("period_start", "period_end"):
            return "période"
        return super().column_label(name)

    # --- reading a row ---------------------------------------------------------------------

    @staticmethod
    def period_of(row):
        return parse_period(cell_text(row.get("période")))

    def get_instance(self, instance_loader, row):
        """The figures already recorded for the row's territory and period, if any."""
        territory = self.cleaned(row, "territory")
        try:
            start, end = self.period_of(row)
        except PeriodError:
            return None
        if territory is None:
            return None
        return TerritoryFigures.objects.filter(territory=territory, period_start=start, period_end=end).first()

    def check_row(self, instance, row, errors):
        try:
            instance.period_start, instance.period_end = self.period_of(row)
        except PeriodError as error:
            return {"period_start": ValidationError(str(error), code="invalid")}
        return {}

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """As the library's, but a period is one cell: an unreadable period is one message, not two."""
        errors = dict(import_validation_errors or {})
        exclude = set(errors) | ({"period_end"} if "period_start" in errors else set())
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

"""Import and export of the SAS indicators (French column headers, all or nothing)."""

from django.core.exceptions import ValidationError
from import_export import widgets
from import_export.fields import Field

from cpts.models import CPTS
from interurps.models import Department
from interurps.resources.base import (
    FrenchDateWidget,
    FrenchModelResource,
    LookupWidget,
    TextWidget,
    cell_text,
    department_code,
    quoted,
)
from sas.models import SASIndicator
from sas.templatetags.sas_format import percent


class CountWidget(widgets.IntegerWidget):
    """A whole number: `1 234`, `1234` or a spreadsheet number; an empty cell is None."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            raise ValueError(f"Nombre entier attendu : {quoted(value)}.")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = cell_text(value).replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        if text.isascii() and text.lstrip("-").isdigit():
            return int(text)
        raise ValueError(f"Nombre entier attendu : {quoted(cell_text(value))}.")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


def department_key(text):
    """A department as written in a cell: its code (`44`, `044`, `4`) or its name (`Vendée`)."""
    text = text.strip()
    return department_code(text) if text.isdigit() else text


class FillRateWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return "" if value is None else percent(value)


class SASIndicatorResource(FrenchModelResource):
    """SAS indicators, one row per period and department or CPTS; importing a period twice updates it.

    A row may name both a CPTS and its own department (as a reader would write it): it is the CPTS's row.
    """

    period_start = Field(attribute="period_start", column_name="début de période", widget=FrenchDateWidget())
    period_end = Field(attribute="period_end", column_name="fin de période", widget=FrenchDateWidget())
    department = Field(
        attribute="department",
        column_name="département",
        widget=LookupWidget(
            Department, ("code", "name"), "Département inconnu : « {value} »", field="code", normalise=department_key
        ),
    )
    cpts = Field(
        attribute="cpts",
        column_name="CPTS",
        widget=LookupWidget(CPTS, ("name", "acronym"), "CPTS inconnue : « {value} »", field="name"),
    )
    registered_providers = Field(
        attribute="registered_providers", column_name="effecteurs inscrits", widget=CountWidget()
    )
    regulators = Field(attribute="regulators", column_name="régulateurs", widget=CountWidget())
    slots_offered = Field(attribute="slots_offered", column_name="créneaux proposés", widget=CountWidget(), default=0)
    slots_taken = Field(attribute="slots_taken", column_name="créneaux pris", widget=CountWidget(), default=0)
    fill_rate = Field(attribute="fill_rate", column_name="taux de remplissage", widget=FillRateWidget(), readonly=True)
    notes = Field(attribute="notes", column_name="notes", widget=TextWidget())

    required_columns = ("début de période", "fin de période", "créneaux proposés", "créneaux pris")

    class Meta:
        model = SASIndicator
        fields = [
            "period_start",
            "period_end",
            "department",
            "cpts",
            "registered_providers",
            "regulators",
            "slots_offered",
            "slots_taken",
            "fill_rate",
            "notes",
        ]
        import_id_fields = []
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        store_row_values = True

    def get_queryset(self):
        return SASIndicator.objects.for_list()

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("department", "cpts__department")

    def get_instance(self, instance_loader, row):
        start, end = self.cleaned(row, "period_start"), self.cleaned(row, "period_end")
        cpts, department = self.cleaned(row, "cpts"), self.cleaned(row, "department")
        if not (start and end) or not (cpts or department):
            return None
        scope = {"cpts": cpts, "department": None} if cpts else {"department": department, "cpts": None}
        return SASIndicator.objects.filter(period_start=start, period_end=end, **scope).first()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """As usual, but an unreadable department or CPTS cell is not also reported as missing."""
        unreadable = {name: list(messages) for name, messages in (import_validation_errors or {}).items()}
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            errors = error.error_dict
            for name in ("department", "cpts"):
                if name in unreadable:
                    errors[name] = unreadable[name]
            raise ValidationError(errors) from None

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.cpts_id and instance.department_id == instance.cpts.department_id:
            instance.department = None

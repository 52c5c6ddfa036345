"""Import and export of the CPTS list, with French column headers.

The import reads the spreadsheet associations keep today: one row per CPTS with its
territory (INSEE codes), the dates it reached each stage and the date its ACI was signed.
It creates or updates the CPTS (recognised by name), sets its territory and adds the stages
it does not have yet, through the services, so the rules of the history apply. The whole
file is refused if one row is wrong (errors per row, in French).

The export writes the same columns, then what is computed: population, size class, current
stage and since when.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from import_export import widgets
from import_export.fields import Field

from cpts.enums import OPTIONAL_MISSIONS, AccompanyingBody, Mission, Stage
from cpts.models import CPTS
from cpts.services import move_to_stage, parse_insee_codes, sign_aci
from interurps.models import Commune
from interurps.resources.base import (
    ChoiceWidget,
    FrenchDateWidget,
    FrenchModelResource,
    MultiLookupWidget,
    TextWidget,
    cell_text,
    quoted,
)
from interurps.resources.contacts import department_widget
from interurps.resources.meetings import user_by_full_name, user_display_name

DATE_FORMAT = "%d/%m/%Y"

# Resource field name -> the stage its date column records, in the order of the progression.
STAGE_FIELDS = {
    "pre_project": Stage.PRE_PROJECT,
    "letter_of_intent": Stage.LETTER_OF_INTENT,
    "health_project": Stage.HEALTH_PROJECT,
    "aci_signed": Stage.ACI_SIGNED,
}

# Columns the export writes and the import ignores: they are computed.
COMPUTED_FIELDS = ("population", "size_class", "current_stage", "current_stage_date")


class InseeCodesWidget(widgets.ManyToManyWidget):
    """The communes of a territory, as INSEE codes separated by commas, semicolons, spaces or line breaks."""

    def __init__(self):
        super().__init__(Commune, separator=", ", field="insee_code")

    def clean(self, value, row=None, **kwargs):
        try:
            return parse_insee_codes(cell_text(value))
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.separator.join(commune.insee_code for commune in value.all())


class PopulationWidget(widgets.IntegerWidget):
    """A number of inhabitants, written `88000`, `88 000` or `88.000`."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(".", "")
        if not text:
            return None
        if not (text.isascii() and text.isdigit()):
            raise ValueError(f"Population invalide : {quoted(cell_text(value))} (un nombre entier d'habitants).")
        return int(text)


class OptionalMissionsWidget(widgets.Widget):
    """The optional missions chosen in the ACI, by their labels, separated by commas."""

    def __init__(self):
        super().__init__()
        self.choice = ChoiceWidget(
            [(m.value, m.label) for m in OPTIONAL_MISSIONS],
            "Mission optionnelle inconnue",
            aliases={"qualite": Mission.QUALITY, "pertinence": Mission.QUALITY, "accompagnement": Mission.SUPPORT},
        )

    def clean(self, value, row=None, **kwargs):
        missions = []
        for part in cell_text(value).replace(";", ",").split(","):
            mission = self.choice.clean(part)
            if mission and mission not in missions:
                missions.append(mission)
        return missions

    def render(self, value, obj=None, **kwargs):
        return ", ".join(Mission(mission).label for mission in value or [])


def format_date(date):
    return date.strftime(DATE_FORMAT) if date else ""


class CPTSResource(FrenchModelResource):
    name = Field(attribute="name", column_name="nom", widget=TextWidget())
    acronym = Field(attribute="acronym", column_name="sigle", widget=TextWidget())
    department = Field(attribute="department", column_name="département", widget=department_widget())
    communes = Field(attribute="communes", column_name="codes INSEE", widget=InseeCodesWidget())
    declared_population = Field(
        attribute="declared_population", column_name="population déclarée", widget=PopulationWidget()
    )
    declared_population_note = Field(
        attribute="declared_population_note", column_name="source de la population déclarée", widget=TextWidget()
    )
    accompanied_by = Field(
        attribute="accompanied_by",
        column_name="accompagnement",
        widget=ChoiceWidget(AccompanyingBody.choices, "Accompagnement inconnu", aliases={"urps": "interurps"}),
        default="",
    )
    accompaniment_start = Field(
        attribute="accompaniment_start", column_name="début de l'accompagnement", widget=FrenchDateWidget()
    )
    referents = Field(
        attribute="referents",
        column_name="référent·es",
        widget=MultiLookupWidget(
            get_user_model(),
            ("username", user_by_full_name),
            "Chargé·e de mission inconnu·e : « {value} » (nom complet ou identifiant attendu)",
            render_value=user_display_name,
        ),
    )
    pre_project = Field(column_name="pré-projet", widget=FrenchDateWidget())
    letter_of_intent = Field(column_name="lettre d'intention", widget=FrenchDateWidget())
    health_project = Field(column_name="projet de santé", widget=FrenchDateWidget())
    aci_signed = Field(column_name="ACI signé", widget=FrenchDateWidget())
    optional_missions = Field(column_name="missions optionnelles", widget=OptionalMissionsWidget())
    population = Field(column_name="population")
    size_class = Field(column_name="taille")
    current_stage = Field(column_name="étape actuelle")
    current_stage_date = Field(column_name="depuis le")

    required_columns = ("nom", "département", "codes INSEE")

    class Meta:
        model = CPTS
        fields = [
            "name",
            "acronym",
            "department",
            "communes",
            "declared_population",
            "declared_population_note",
            "accompanied_by",
            "accompaniment_start",
            "referents",
            *STAGE_FIELDS,
            "optional_missions",
            *COMPUTED_FIELDS,
        ]
        import_id_fields = []
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        store_row_values = True

    # --- reading ------------------------------------------------------------------------

    def get_import_fields(self):
        return [field for field in super().get_import_fields() if self.get_field_name(field) not in COMPUTED_FIELDS]

    def get_instance(self, instance_loader, row):
        name = self.cleaned(row, "name")
        return CPTS.objects.filter(name__iexact=name).first() if name else None

    def column_label(self, name):
        if name in self.fields:
            return self.fields[name].column_name
        return super().column_label(name)

    def check_row(self, instance, row, errors):
        """The stage dates are readable and follow one another; the optional missions are known."""
        problems, previous = {}, None
        for name in STAGE_FIELDS:
            if self.fields[name].column_name not in row:
                continue
            try:
                date = self.fields[name].clean(row)
            except ValueError as error:
                problems[name] = ValidationError(str(error), code="invalid")
                continue
            if date and previous and date < previous[1]:
                problems[name] = ValidationError(
                    f"Le {format_date(date)} précède la date de « {self.fields[previous[0]].column_name} » "
                    f"({format_date(previous[1])}) : les étapes se suivent dans le temps.",
                    code="invalid",
                )
            if date:
                previous = (name, date)
        if self.fields["optional_missions"].column_name in row:
            try:
                self.fields["optional_missions"].clean(row)
            except ValueError as error:
                problems["optional_missions"] = ValidationError(str(error), code="invalid")
        try:
            self.stages_to_add(instance, row)
        except ValidationError as error:
            problems.update(error.error_dict)
        return problems

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not import_validation_errors and instance.pk and self.stages_to_add(instance, row):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def stages_to_add(self, cpts, row):
        """[(field name, stage, date)] of the row's stages the CPTS does not have yet.

        A stage it already has at another date is a row error: the import does not rewrite history.
        """
        first_dates = {}
        if cpts.pk:
            for stage, date in cpts.stage_changes.order_by("date", "pk").values_list("stage", "date"):
                first_dates.setdefault(stage, date)
        to_add, conflicts = [], {}
        for name, stage in STAGE_FIELDS.items():
            date = self.cleaned(row, name)
            if not date:
                continue
            if stage not in first_dates:
                to_add.append((name, stage, date))
            elif first_dates[stage] != date:
                conflicts[name] = ValidationError(
                    f"La CPTS a déjà l'étape « {stage.label} » au {format_date(first_dates[stage])} ; "
                    f"le fichier indique le {format_date(date)}. Corrigez l'historique dans la fiche de la CPTS.",
                    code="invalid",
                )
        if conflicts:
            raise ValidationError(conflicts)
        return to_add

    def save_m2m(self, instance, row, **kwargs):
        """The territory first (the size at the ACI signature depends on it), then the new stages."""
        super().save_m2m(instance, row, **kwargs)
        if self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs):
            return
        user = kwargs.get("user")
        user = user if user is not None and user.is_authenticated else None
        for name, stage, date in self.stages_to_add(instance, row):
            try:
                if stage == Stage.ACI_SIGNED:
                    sign_aci(instance, date, self.cleaned(row, "optional_missions") or (), by=user)
                else:
                    move_to_stage(instance, stage, date, by=user)
            except ValidationError as error:
                raise ValidationError({name: ValidationError(error.messages, code="invalid")}) from None

    # --- writing ------------------------------------------------------------------------

    def get_queryset(self):
        return self.filter_export(CPTS.objects.all())

    def filter_export(self, queryset, **kwargs):
        return (
            queryset.with_size_class()
            .with_current_stage()
            .select_related("department", "aci")
            .prefetch_related("communes", "referents", "stage_changes", "aci__missions")
        )

    def first_dates(self, cpts):
        dates = {}
        for change in cpts.stage_changes.all():  # prefetched, by date
            dates.setdefault(change.stage, change.date)
        return dates

    def dehydrate_pre_project(self, cpts):
        return format_date(self.first_dates(cpts).get(Stage.PRE_PROJECT))

    def dehydrate_letter_of_intent(self, cpts):
        return format_date(self.first_dates(cpts).get(Stage.LETTER_OF_INTENT))

    def dehydrate_health_project(self, cpts):
        return format_date(self.first_dates(cpts).get(Stage.HEALTH_PROJECT))

    def dehydrate_aci_signed(self, cpts):
        contract = getattr(cpts, "aci", None)
        return format_date(contract.signed_on if contract else None)

    def dehydrate_optional_missions(self, cpts):
        contract = getattr(cpts, "aci", None)
        if contract is None:
            return ""
        return ", ".join(m.get_mission_display() for m in contract.missions.all() if m.mission in OPTIONAL_MISSIONS)

    def dehydrate_population(self, cpts):
        return cpts.population

    def dehydrate_size_class(self, cpts):
        return cpts.size_class or ""

    def dehydrate_current_stage(self, cpts):
        return Stage(cpts.current_stage).label if cpts.current_stage else ""

    def dehydrate_current_stage_date(self, cpts):
        return format_date(cpts.current_stage_date)

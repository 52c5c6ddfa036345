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

from cpts.enums import OPTIONAL_MISSIONS, AccompanyingBody, Mission, Stage, transition_error
from cpts.models import CPTS
from cpts.services import CODE_SEPARATORS, move_to_stage, parse_insee_codes, sign_aci
from interurps.formats import ImportFileError
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
    """The communes of a territory, as INSEE codes separated by commas, semicolons, spaces or line breaks.

    The communes are read once per import; a cell with a code that is not one of them is read again by
    `parse_insee_codes`, for its French message.
    """

    def __init__(self):
        super().__init__(Commune, separator=", ", field="insee_code")
        self._communes = None

    def communes(self):
        if self._communes is None:
            self._communes = {commune.insee_code: commune for commune in Commune.objects.all()}
        return self._communes

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        found = []
        for token in CODE_SEPARATORS.split(text):
            if not token:
                continue
            code = token.upper()
            if code.isdigit() and len(code) == 4:
                code = f"0{code}"
            commune = self.communes().get(code)
            if commune is None:
                found = None
                break
            if commune not in found:
                found.append(commune)
        if found is not None:
            return found
        try:
            return parse_insee_codes(text)
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
    checks_then_writes_in_bulk = True
    duplicate_label = "la même CPTS (même nom)"

    class Meta:
        model = CPTS
        use_bulk = True
        skip_diff = True
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

    def before_import(self, dataset, **kwargs):
        """Every CPTS by its name without case, with its territory, referents and stages, read once."""
        super().before_import(dataset, **kwargs)
        self._by_name = {}
        queryset = CPTS.objects.prefetch_related("communes", "referents", "stage_changes").order_by("pk")
        for cpts in queryset:
            self._by_name.setdefault(cpts.name.lower(), cpts)

    def get_instance(self, instance_loader, row):
        name = self.cleaned(row, "name")
        if not name:
            return None
        if not hasattr(self, "_by_name"):
            return CPTS.objects.filter(name__iexact=name).first()
        return self._by_name.get(name.lower())

    def record_key(self, instance, row):
        name = self.cleaned(row, "name")
        return ("cpts", name.lower()) if name else None

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
            to_add = self.stages_to_add(instance, row)
        except ValidationError as error:
            problems.update(error.error_dict)
        else:
            problems.update(self.stage_rule_errors(instance, row, to_add, problems))
        return problems

    def stage_rule_errors(self, cpts, row, to_add, problems):
        """What the services would refuse when the stages are written (after the preview, which writes nothing):
        a date before the last stage, a stage out of the progression, an ACI without territory."""
        errors = {}
        history = sorted(cpts.stage_changes.all(), key=lambda change: (change.date, change.pk)) if cpts.pk else []
        stages = [change.stage for change in history]
        last_date = history[-1].date if history else None
        for name, stage, date in to_add:
            if name in problems:
                return errors
            if last_date and date < last_date:
                errors[name] = ValidationError(
                    f"Les dates ne reviennent pas en arrière : la dernière étape, « {Stage(stages[-1]).label} », "
                    f"date du {format_date(last_date)}.",
                    code="invalid",
                )
                return errors
            error = transition_error(stages, stage)
            if error:
                errors[name] = ValidationError(error, code="invalid")
                return errors
            if stage == Stage.ACI_SIGNED and not self.cleaned(row, "communes") and not cpts.declared_population:
                errors[name] = ValidationError(
                    "Renseignez le territoire de la CPTS (communes ou population déclarée) avant d'enregistrer "
                    "l'ACI : sa taille à la signature en dépend.",
                    code="invalid",
                )
                return errors
            stages.append(stage)
            last_date = date
        return errors

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not import_validation_errors and instance.pk and self.stages_to_add(instance, row):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def stages_to_add(self, cpts, row):
        """[(field name, stage, date)] of the row's stages the CPTS does not have yet.

        A stage it already has at another date is a row error: the import does not rewrite history.
        """
        first_dates = {}
        if cpts.pk:  # its stages were read with it (before_import)
            for change in sorted(cpts.stage_changes.all(), key=lambda change: (change.date, change.pk)):
                first_dates.setdefault(change.stage, change.date)
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

    def after_write_in_bulk(self, rows, user):
        """The new stages of each written CPTS, once its territory is written (the size at the ACI signature
        depends on it), through the services so that the rules of the history apply."""
        for cpts, row, _new in rows:
            for name, stage, date in self.stages_to_add(cpts, row):
                try:
                    if stage == Stage.ACI_SIGNED:
                        sign_aci(cpts, date, self.cleaned(row, "optional_missions") or (), by=user)
                    else:
                        move_to_stage(cpts, stage, date, by=user)
                except ValidationError as error:
                    raise ImportFileError(
                        f"{quoted(cpts.name)}, {self.fields[name].column_name} : {' '.join(error.messages)} "
                        "Rien n'a été importé."
                    ) from None

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

from django import forms
from django.apps import apps
from django.utils import timezone

from interurps.concurrency import ConcurrentEditFormMixin
from interurps.forms import DateInput, MultiplePicker, Picker
from interurps.models import Organisation, Union
from reper.models import FIGURE_FIELDS, ExperimentationTerritory, Milestone, ReperProject, TerritoryFigures
from reper.periods import EXAMPLE, PeriodError, parse_period, period_label, recent_quarters


class ProjectForm(ConcurrentEditFormMixin, forms.ModelForm):
    class Meta:
        model = ReperProject
        fields = ["name", "start_date", "description", "unions", "consortium_members"]
        widgets = {
            "start_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "unions": forms.CheckboxSelectMultiple,
            "consortium_members": MultiplePicker(url="interurps:organisation_autocomplete"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unions"].queryset = Union.objects.order_by("order", "name")
        self.fields["consortium_members"].queryset = Organisation.objects.order_by("name")


class MilestoneForm(ConcurrentEditFormMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["kind", "label", "date", "precision", "note"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}


class TerritoryForm(ConcurrentEditFormMixin, forms.ModelForm):
    """A CPTS joining a project; the project comes from the page, not from the form."""

    class Meta:
        model = ExperimentationTerritory
        fields = ["cpts", "status", "recruitment_date", "withdrawal_date", "notes"]
        widgets = {
            "recruitment_date": DateInput(),
            "withdrawal_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "cpts": Picker(url="cpts:cpts_autocomplete", placeholder="Tapez le nom d'une CPTS…"),
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        keep = [self.instance.cpts_id] if self.instance.cpts_id else []
        cpts = apps.get_model("cpts", "CPTS").objects.not_archived(keep=keep)
        self.fields["cpts"].queryset = cpts.select_related("department")

    def clean_cpts(self):
        cpts = self.cleaned_data["cpts"]
        taken = ExperimentationTerritory.objects.filter(project=self.instance.project, cpts=cpts).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError(f"La CPTS {cpts} est déjà un territoire d'expérimentation de ce projet.")
        return cpts


def figure_field(name):
    model_field = TerritoryFigures._meta.get_field(name)
    return forms.IntegerField(
        label=model_field.verbose_name.capitalize(),
        min_value=0,
        initial=0,
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        error_messages={
            "min_value": "Un nombre ne peut pas être négatif.",
            "required": "Indiquez un nombre (0 si aucun).",
        },
    )


class FiguresForm(forms.Form):
    """A territory's five figures for one quarter (or another period), on one screen."""

    period = forms.CharField(
        label="Trimestre",
        max_length=60,
        help_text=f"Par exemple {EXAMPLE}. Un trimestre déjà saisi est mis à jour.",
        widget=forms.TextInput(attrs={"list": "recent-quarters", "autocomplete": "off"}),
    )
    professionals_trained = figure_field("professionals_trained")
    screenings = figure_field("screenings")
    assessments = figure_field("assessments")
    care_plans = figure_field("care_plans")
    rescreenings = figure_field("rescreenings")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_period(self):
        try:
            start, end = parse_period(self.cleaned_data["period"])
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from error
        self.period_bounds = (start, end)
        return period_label(start, end)

    def values(self):
        return {name: self.cleaned_data[name] for name in FIGURE_FIELDS}

    @staticmethod
    def initial_from(figures):
        """Initial values to edit a recorded period."""
        initial = {name: getattr(figures, name) for name in FIGURE_FIELDS}
        initial.update(period=figures.period, notes=figures.notes)
        return initial

    @staticmethod
    def quarter_suggestions():
        return recent_quarters(timezone.localdate())

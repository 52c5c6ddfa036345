"""Forms of the CPTS pages. Writes go through `cpts.services`; the models' rules give the French errors."""

from django import forms
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format

from cpts.enums import OPTIONAL_MISSIONS, Mission, Stage
from cpts.models import CPTS, AccompanimentStep, Adhesion, Contact, Payment, StageChange, StepCompletion
from cpts.selectors.territory import claimed_label, claims_elsewhere
from cpts.services import parse_insee_codes
from interurps.concurrency import ConcurrentEditFormMixin
from interurps.forms import DateInput, Fieldset, MultiplePicker, Picker, UserMultipleChoiceField, team_users
from interurps.models import Commune, Person
from interurps.region import territory_placeholder


class CPTSForm(ConcurrentEditFormMixin, forms.ModelForm):
    referents = UserMultipleChoiceField(
        label="Chargé·es de mission référent·es",
        queryset=team_users(),
        required=False,
        widget=MultiplePicker(url="interurps:staff_autocomplete"),
    )
    website = forms.URLField(label="Site internet", required=False, assume_scheme="https")

    class Meta:
        model = CPTS
        fields = [
            "name",
            "acronym",
            "department",
            "accompanied_by",
            "accompanied_by_detail",
            "accompaniment_start",
            "referents",
            "declared_population",
            "declared_population_note",
            "email",
            "website",
            "notes",
        ]
        widgets = {"accompaniment_start": DateInput(), "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        present = list(self.instance.referents.values_list("pk", flat=True)) if self.instance.pk else []
        self.fields["referents"].queryset = team_users(include=present)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        other = CPTS.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).first()
        if other is not None:
            raise forms.ValidationError(f"Une CPTS porte déjà ce nom : {other}.")
        return name


def commune_label(commune):
    return f"{commune.name} ({commune.insee_code}) – {number_format(commune.population, force_grouping=True)} hab."


def flagged_label(commune, others=None):
    """The label of a commune, with « déjà dans la CPTS X » when other CPTS hold it."""
    return f"{commune_label(commune)} · {claimed_label(others)}" if others else commune_label(commune)


class CommuneMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return commune_label(obj)


class TerritoryForm(forms.Form):
    """The communes of a territory: those kept (ticked), those added with the picker (or, without JavaScript,
    ticked among the results of « Chercher »), and those whose INSEE codes are pasted. The territory is the
    union of the three; any commune of the database is accepted.
    """

    SOURCES = ["communes", "added"]

    communes = CommuneMultipleChoiceField(
        label="Communes retenues",
        queryset=Commune.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Décochez une commune pour la retirer du territoire.",
    )
    added = CommuneMultipleChoiceField(
        label="Ajouter des communes",
        queryset=Commune.objects.all(),
        required=False,
        widget=MultiplePicker(url="cpts:territory_communes", placeholder="Tapez le nom ou le code INSEE…"),
        help_text="Tapez quelques lettres du nom ou le début du code INSEE ; choisissez-en autant que nécessaire.",
    )
    insee_codes = forms.CharField(
        label="Coller une liste de codes INSEE",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),  # the placeholder: communes of the region (__init__)
        help_text="Séparés par des espaces, virgules, points-virgules ou retours à la ligne ; "
        "ces communes s'ajoutent au territoire.",
    )

    def __init__(self, *args, cpts, **kwargs):
        super().__init__(*args, **kwargs)
        self.cpts = cpts
        self.fields["insee_codes"].widget.attrs["placeholder"] = territory_placeholder()
        self.fields["added"].widget.url = f"{reverse('cpts:territory_communes')}?cpts={cpts.pk}"
        kept = self.chosen("communes")
        claims = claims_elsewhere(kept, cpts) if kept else {}
        self.fields["communes"].widget.choices = [
            (commune.pk, flagged_label(commune, claims.get(commune.pk)))
            for commune in Commune.objects.filter(pk__in=kept).defer("boundary").order_by("name", "insee_code")
        ]

    def chosen(self, name):
        """The primary keys of the communes given for the field `name` (bound data, else initial)."""
        values = self.data.getlist(name) if self.is_bound else self.initial.get(name, [])
        return [int(pk) for pk in (getattr(value, "pk", value) for value in values) if str(pk).isdigit()]

    @property
    def main_fields(self):
        """The fields of the territory (the search without JavaScript comes before them)."""
        return Fieldset(self, "", ["communes", "added", "insee_codes"], first=True)

    def clean_insee_codes(self):
        return parse_insee_codes(self.cleaned_data["insee_codes"])

    def clean(self):
        cleaned = super().clean()
        if all(name in cleaned for name in [*self.SOURCES, "insee_codes"]):
            territory = []
            for commune in [*(c for name in self.SOURCES for c in cleaned[name]), *cleaned["insee_codes"]]:
                if commune not in territory:
                    territory.append(commune)
            if not territory:
                raise forms.ValidationError("Choisissez au moins une commune ou collez leurs codes INSEE.")
            cleaned["territory"] = territory
        return cleaned


class CPTSChildForm(ConcurrentEditFormMixin, forms.ModelForm):
    """A record of one CPTS (the CPTS comes from the page, not from the form)."""

    def __init__(self, *args, cpts, **kwargs):
        super().__init__(*args, **kwargs)
        self.cpts = cpts
        self.instance.cpts = cpts


class StageChangeForm(CPTSChildForm):
    class Meta:
        model = StageChange
        fields = ["stage", "date", "note"]
        widgets = {"date": DateInput()}

    CONFIRM_FUTURE = "confirm_future"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not hasattr(self.cpts, "aci"):
            # « ACI signé » from here records the contract too (socle missions; the others on the ACI page).
            self.fields["stage"].help_text = (
                "« ACI signé » enregistre aussi le contrat, avec les missions socle ; "
                "les missions optionnelles se complètent ensuite sur la page de l'ACI."
            )
        self.initial.setdefault("date", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("date")
        if day and day > timezone.localdate() and not cleaned.get(self.CONFIRM_FUTURE):
            # A date to come is usually a typo (2031 for 2021): ask before recording it.
            self.fields[self.CONFIRM_FUTURE] = forms.BooleanField(
                label=f"Oui, l'étape est datée du {day:%d/%m/%Y}, une date à venir", required=False
            )
            self.add_error("date", "Cette date est à venir : cochez la confirmation ci-dessous si elle est voulue.")
        return cleaned

    def full_clean(self):
        if self.is_bound and self.data.get(self.add_prefix(self.CONFIRM_FUTURE)):
            self.fields[self.CONFIRM_FUTURE] = forms.BooleanField(required=False, label="Date à venir confirmée")
        super().full_clean()

    def _post_clean(self):
        # A first « ACI signé » is validated by services.sign_aci with its contract, not as a bare stage.
        if self.cleaned_data.get("stage") == Stage.ACI_SIGNED and not hasattr(self.cpts, "aci"):
            return
        super()._post_clean()

    @property
    def signs_the_aci(self):
        return self.cleaned_data.get("stage") == Stage.ACI_SIGNED and not hasattr(self.cpts, "aci")


class StepCompletionForm(CPTSChildForm):
    class Meta:
        model = StepCompletion
        fields = ["step", "completed_on", "note"]
        widgets = {"completed_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pending = AccompanimentStep.objects.exclude(completions__cpts=self.cpts)
        self.fields["step"].queryset = pending
        self.initial.setdefault("step", pending.values_list("pk", flat=True).first())
        self.initial.setdefault("completed_on", timezone.localdate())


class ContactForm(CPTSChildForm):
    """A role in the CPTS; the person is chosen among the contacts or created with a name and an e-mail."""

    first_name = forms.CharField(label="Prénom", max_length=100, required=False)
    last_name = forms.CharField(label="Nom", max_length=100, required=False)
    email = forms.EmailField(label="Courriel", required=False)

    NEW_PERSON_FIELDS = ["first_name", "last_name", "email"]

    class Meta:
        model = Contact
        fields = ["person", "role", "role_detail", "employer", "start_date", "end_date"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "person": Picker(url="interurps:person_autocomplete"),
        }
        help_texts = {
            "person": "Ou, si elle n'est pas encore dans les contacts, indiquez ses nom et prénom ci-dessous."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].required = bool(self.instance.pk)
        keep = [self.instance.person_id] if self.instance.person_id else []
        self.fields["person"].queryset = Person.objects.not_archived(keep=keep).select_related("organisation")
        if self.instance.pk:
            for name in self.NEW_PERSON_FIELDS:
                del self.fields[name]

    @property
    def fieldsets(self):
        sets = [("La personne", ["person", *[n for n in self.NEW_PERSON_FIELDS if n in self.fields]])]
        sets.append(("Son rôle", ["role", "role_detail", "employer", "start_date", "end_date"]))
        return [Fieldset(self, legend, names, first=index == 0) for index, (legend, names) in enumerate(sets)]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk or cleaned.get("person"):
            return cleaned
        first, last = cleaned.get("first_name", "").strip(), cleaned.get("last_name", "").strip()
        if not (first and last):
            raise forms.ValidationError(
                "Choisissez la personne dans la liste, ou indiquez le prénom et le nom de la nouvelle personne."
            )
        email = cleaned.get("email", "")
        other = Person.objects.filter(email__iexact=email).first() if email else None
        if other is not None:
            self.add_error("email", f"Ce courriel est déjà celui de {other.full_name} : choisissez-la dans la liste.")
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        """Create the new person if any, then the role, checked against every rule of the model."""
        contact = super().save(commit=False)
        if not self.cleaned_data.get("person") and not self.instance.pk:
            person = Person(
                first_name=self.cleaned_data["first_name"].strip(),
                last_name=self.cleaned_data["last_name"].strip(),
                email=self.cleaned_data["email"],
            )
            person.full_clean()
            person.save()
            contact.person = person
        contact.full_clean()
        contact.save()
        return contact


class AdhesionForm(CPTSChildForm):
    class Meta:
        model = Adhesion
        fields = ["date", "professional_count", "member_count"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())


class SignACIForm(forms.Form):
    signed_on = forms.DateField(label="Date de signature", widget=DateInput())
    optional_missions = forms.MultipleChoiceField(
        label="Missions optionnelles",
        choices=[(mission.value, mission.label) for mission in OPTIONAL_MISSIONS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Les quatre missions socle figurent toujours au contrat.",
    )
    note = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ACIForm(forms.Form):
    """The contract after its signature: optional missions, the date each mission started, notes."""

    optional_missions = SignACIForm.base_fields["optional_missions"]
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, contract, **kwargs):
        self.contract = contract
        missions = list(contract.missions.all())
        initial = {
            **kwargs.pop("initial", {}),
            "optional_missions": [m.mission for m in missions if m.mission in OPTIONAL_MISSIONS],
            "notes": contract.notes,
            **{f"started_{m.mission}": m.started_on for m in missions},
        }
        super().__init__(*args, initial=initial, **kwargs)
        in_contract = {m.mission for m in missions}
        for mission in Mission:
            if mission in in_contract:
                self.fields[f"started_{mission.value}"] = forms.DateField(
                    label=mission.label[0].upper() + mission.label[1:], required=False, widget=DateInput()
                )

    @property
    def fieldsets(self):
        started = [name for name in self.fields if name.startswith("started_")]
        sets = [("Missions", ["optional_missions"]), ("Démarrage des missions", started), ("Notes", ["notes"])]
        return [Fieldset(self, legend, names, first=index == 0) for index, (legend, names) in enumerate(sets)]

    def start_dates(self):
        """{mission: the date it started, or None} for the missions kept in the contract."""
        kept = {m.mission for m in self.contract.missions.all() if m.mission not in OPTIONAL_MISSIONS}
        kept |= set(self.cleaned_data["optional_missions"])
        return {mission: self.cleaned_data.get(f"started_{mission}") for mission in kept}


class PaymentForm(ConcurrentEditFormMixin, forms.ModelForm):
    class Meta:
        model = Payment
        fields = ["year", "kind", "mission", "planned_amount", "paid_amount", "paid_on", "note"]
        widgets = {"paid_on": DateInput()}

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.contract = contract
        missions = {m.mission for m in contract.missions.all()}
        self.fields["mission"].choices = [("", "—")] + [c for c in Mission.choices if c[0] in missions]
        if not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)

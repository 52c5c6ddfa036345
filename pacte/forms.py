from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model

from interurps.concurrency import ConcurrentEditFormMixin
from interurps.forms import DateInput, MultiplePicker, Picker, UserMultipleChoiceField, user_label
from interurps.models import Person
from pacte.models import Attendance, Cohort, Learner, Module, RelayTrainer, Session, TrainingProgramme


class CohortForm(ConcurrentEditFormMixin, forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["programme", "name", "region", "launch_date", "start_date", "end_date", "planned_learners", "notes"]
        widgets = {
            "launch_date": DateInput(),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region = settings.REGION_NAME
        self.fields["name"].help_text = f"Par exemple « {region} 2021-2022 ». Sert aussi dans les imports."
        programmes = TrainingProgramme.objects.all()
        self.fields["programme"].queryset = programmes
        if not self.instance.pk and len(programmes) == 1:
            self.initial.setdefault("programme", programmes[0].pk)


class ModuleForm(ConcurrentEditFormMixin, forms.ModelForm):
    """A module of a cohort (the view sets the cohort on the instance)."""

    class Meta:
        model = Module
        fields = ["order", "title"]

    def clean_order(self):
        order = self.cleaned_data["order"]
        taken = Module.objects.filter(cohort_id=self.instance.cohort_id, order=order).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("Cette promotion a déjà un module à cette position.")
        return order


class SessionForm(ConcurrentEditFormMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = ["start_date", "end_date", "mode", "place", "staff_trainers", "trainers"]
        field_classes = {"staff_trainers": UserMultipleChoiceField}
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "staff_trainers": MultiplePicker(url="interurps:staff_autocomplete"),
            "trainers": MultiplePicker(url="interurps:person_autocomplete"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_trainers"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name")
        )
        present = list(self.instance.trainers.values_list("pk", flat=True)) if self.instance.pk else []
        self.fields["trainers"].queryset = Person.objects.not_archived(keep=present)


class LearnerEnrolForm(forms.Form):
    """Enrol an existing person, or create one on the spot (first name and last name at least)."""

    person = forms.ModelChoiceField(
        label="Personne existante",
        queryset=Person.objects.none(),
        required=False,
        widget=Picker(url="interurps:person_autocomplete", placeholder="Tapez le nom d'une personne existante…"),
        help_text="Ou, pour une nouvelle personne, laissez vide et saisissez-la ci-dessous.",
        error_messages={"invalid_choice": "Cette personne est déjà inscrite dans cette promotion, ou archivée."},
    )
    civility = forms.ChoiceField(label="Civilité", choices=[("", "—"), *Person.Civility.choices], required=False)
    first_name = forms.CharField(label="Prénom", max_length=100, required=False)
    last_name = forms.CharField(label="Nom", max_length=100, required=False)
    email = forms.EmailField(label="Courriel", required=False)
    phone = forms.CharField(label="Téléphone", max_length=30, required=False)
    cpts = forms.ModelChoiceField(
        label="CPTS",
        queryset=None,
        required=False,
        widget=Picker(url="cpts:cpts_autocomplete", placeholder="Tapez le nom d'une CPTS…"),
    )
    status = forms.ChoiceField(label="Statut", choices=Learner.Status.choices, initial=Learner.Status.ENROLLED)
    enrolled_on = forms.DateField(label="Inscrit·e le", required=False, widget=DateInput())

    NEW_PERSON_FIELDS = ("civility", "first_name", "last_name", "email", "phone")

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.fields["person"].queryset = (
            Person.objects.not_archived().exclude(pacte_enrolments__cohort=cohort).select_related("organisation")
        )
        self.fields["cpts"].queryset = Learner._meta.get_field("cpts").related_model.objects.not_archived()

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("person")
        typed = any(cleaned.get(name) for name in ("first_name", "last_name", "email", "phone"))
        if person and typed:
            raise forms.ValidationError(
                "Choisissez une personne existante ou saisissez une nouvelle personne, pas les deux."
            )
        if not person:
            if not cleaned.get("first_name"):
                self.add_error("first_name", "Indiquez le prénom de la nouvelle personne (ou choisissez-en une).")
            if not cleaned.get("last_name"):
                self.add_error("last_name", "Indiquez le nom de la nouvelle personne (ou choisissez-en une).")
            email = cleaned.get("email")
            if email and Person.objects.filter(email__iexact=email).exists():
                self.add_error("email", "Une personne a déjà ce courriel : choisissez-la dans la liste.")
        return cleaned

    def new_person(self):
        if self.cleaned_data.get("person"):
            return None
        return {name: self.cleaned_data.get(name) or "" for name in self.NEW_PERSON_FIELDS}

    def learner_fields(self):
        return {name: self.cleaned_data.get(name) for name in ("cpts", "status", "enrolled_on")}


class LearnerForm(ConcurrentEditFormMixin, forms.ModelForm):
    class Meta:
        model = Learner
        fields = ["cpts", "status", "enrolled_on", "completed_on"]
        widgets = {
            "enrolled_on": DateInput(),
            "completed_on": DateInput(),
            "cpts": Picker(url="cpts:cpts_autocomplete", placeholder="Tapez le nom d'une CPTS…"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep = [self.instance.cpts_id] if self.instance.cpts_id else []
        self.fields["cpts"].queryset = self.fields["cpts"].queryset.model.objects.not_archived(keep=keep)


class AttendanceForm(forms.Form):
    """One required choice (présent·e / absent·e / excusé·e) per learner of the session's roster."""

    def __init__(self, *args, roster, default=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for learner, status in roster:
            name = f"learner_{learner.pk}"
            self.fields[name] = forms.ChoiceField(
                label=str(learner),
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                initial=status or default,
                error_messages={"required": f"Indiquez la présence de {learner}."},
            )
            self.rows.append((learner, name))

    def learner_rows(self):
        return [(learner, self[name]) for learner, name in self.rows]

    def statuses(self):
        return {learner: self.cleaned_data[name] for learner, name in self.rows}


class RelayTrainerForm(ConcurrentEditFormMixin, forms.ModelForm):
    class Meta:
        model = RelayTrainer
        fields = ["programme", "user", "person", "union", "training_started_on", "certified_on", "notes"]
        widgets = {
            "training_started_on": DateInput(),
            "certified_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "user": Picker(url="interurps:staff_autocomplete"),
            "person": Picker(url="interurps:person_autocomplete"),
        }
        help_texts = {
            "user": "Un membre de l'équipe…",
            "person": "… ou une personne extérieure (l'un ou l'autre).",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programmes = TrainingProgramme.objects.all()
        self.fields["programme"].queryset = programmes
        if not self.instance.pk and len(programmes) == 1:
            self.initial.setdefault("programme", programmes[0].pk)
        self.fields["user"].queryset = get_user_model().objects.filter(is_active=True).order_by("last_name")
        self.fields["user"].label_from_instance = user_label
        keep = [self.instance.person_id] if self.instance.person_id else []
        self.fields["person"].queryset = Person.objects.not_archived(keep=keep)

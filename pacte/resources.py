"""Import and export of PACTE learners and attendance (French column headers, all or nothing).

A learner is a person in a cohort: the person is found by e-mail, else by first and last name
(whatever their case); an unknown person is created from the row (an existing one is not
modified). The cohort is named by its title (intitulé), a session by its cohort and first day.
"""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from import_export.fields import Field

from cpts.models import CPTS
from interurps.models import Person
from interurps.resources.base import (
    ChoiceWidget,
    FrenchDateWidget,
    FrenchModelResource,
    LookupWidget,
    PhoneWidget,
    TextWidget,
    cell_text,
    quoted,
)
from pacte.models import Attendance, Cohort, Learner, Session

CIVILITY_ALIASES = {"madame": "mme", "monsieur": "m", "mr": "m", "docteur": "dr", "professeur": "pr"}


def cohort_widget():
    return LookupWidget(Cohort, ("name",), "Promotion inconnue : « {value} »", field="name")


def cpts_widget():
    return LookupWidget(CPTS, ("name", "acronym"), "CPTS inconnue : « {value} »", field="name")


def find_person(email, first_name, last_name):
    """The person with this e-mail, else with these names; None if unknown. ValueError (French) if ambiguous."""
    if email:
        person = Person.objects.filter(email__iexact=email).first()
        if person is not None:
            return person
    if not (first_name and last_name):
        return None
    people = list(Person.objects.filter(first_name__iexact=first_name, last_name__iexact=last_name)[:2])
    if len(people) > 1:
        raise ValueError(
            f"Plusieurs personnes s'appellent {first_name} {last_name} : ajoutez leur courriel pour les distinguer."
        )
    return people[0] if people else None


def person_error_messages(error):
    """A person's validation errors, each prefixed by the field it is about (`prénom : …`)."""
    messages = []
    for name, field_messages in error.message_dict.items():
        try:
            label = Person._meta.get_field(name).verbose_name
        except FieldDoesNotExist:
            label = None
        messages += [f"{label} : {message}" if label else message for message in field_messages]
    return messages


class PersonColumnsMixin:
    """Columns naming a person (civilité, prénom, nom, courriel, téléphone) and how a row finds them."""

    def row_person(self, row):
        return find_person(self.cleaned(row, "email"), self.cleaned(row, "first_name"), self.cleaned(row, "last_name"))


class LearnerResource(PersonColumnsMixin, FrenchModelResource):
    cohort = Field(attribute="cohort", column_name="promotion", widget=cohort_widget())
    civility = Field(
        attribute="person__civility",
        column_name="civilité",
        readonly=True,
        widget=ChoiceWidget(Person.Civility.choices, "Civilité inconnue", aliases=CIVILITY_ALIASES),
    )
    first_name = Field(attribute="person__first_name", column_name="prénom", readonly=True, widget=TextWidget())
    last_name = Field(attribute="person__last_name", column_name="nom", readonly=True, widget=TextWidget())
    email = Field(attribute="person__email", column_name="courriel", readonly=True, widget=TextWidget())
    phone = Field(attribute="person__phone", column_name="téléphone", readonly=True, widget=PhoneWidget())
    cpts = Field(attribute="cpts", column_name="CPTS", widget=cpts_widget())
    status = Field(
        attribute="status",
        column_name="statut",
        widget=ChoiceWidget(Learner.Status.choices, "Statut inconnu", aliases={"inscrit": "enrolled"}),
        default=Learner.Status.ENROLLED,
    )
    enrolled_on = Field(attribute="enrolled_on", column_name="inscrit·e le", widget=FrenchDateWidget())
    completed_on = Field(attribute="completed_on", column_name="formation terminée le", widget=FrenchDateWidget())

    class Meta:
        model = Learner
        fields = [
            "cohort",
            "civility",
            "first_name",
            "last_name",
            "email",
            "phone",
            "cpts",
            "status",
            "enrolled_on",
            "completed_on",
        ]
        import_id_fields = []
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        store_row_values = True

    required_columns = ("promotion", "prénom", "nom")

    def get_queryset(self):
        return Learner.objects.select_related("cohort", "person", "cpts")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("cohort", "person", "cpts")

    def get_instance(self, instance_loader, row):
        cohort = self.cleaned(row, "cohort")
        try:
            person = self.row_person(row)
        except ValueError:
            return None  # the row is rejected by import_instance
        if cohort is None or person is None:
            return None
        return Learner.objects.filter(cohort=cohort, person=person).select_related("person").first()

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not instance.person_id:
            try:
                instance.person = self.person_from_row(row)
            except ValidationError as error:
                errors["person"] = person_error_messages(error)
            except ValueError as error:
                errors["person"] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def person_from_row(self, row):
        """The row's person, created (and saved, inside the import's transaction) when unknown."""
        person = self.row_person(row)
        if person is not None:
            return person
        person = Person(
            civility=self.cleaned(row, "civility") or "",
            first_name=self.cleaned(row, "first_name") or "",
            last_name=self.cleaned(row, "last_name") or "",
            email=self.cleaned(row, "email") or "",
            phone=self.cleaned(row, "phone") or "",
        )
        person.full_clean()
        person.save()
        return person


class AttendanceResource(PersonColumnsMixin, FrenchModelResource):
    """Attendance per session and learner; the session is named by its cohort, module and first day."""

    cohort = Field(
        attribute="session__module__cohort__name", column_name="promotion", readonly=True, widget=TextWidget()
    )
    module = Field(attribute="session__module__title", column_name="module", readonly=True, widget=TextWidget())
    session_date = Field(
        attribute="session__start_date", column_name="premier jour", readonly=True, widget=FrenchDateWidget()
    )
    first_name = Field(
        attribute="learner__person__first_name", column_name="prénom", readonly=True, widget=TextWidget()
    )
    last_name = Field(attribute="learner__person__last_name", column_name="nom", readonly=True, widget=TextWidget())
    email = Field(attribute="learner__person__email", column_name="courriel", readonly=True, widget=TextWidget())
    cpts = Field(attribute="learner__cpts__name", column_name="CPTS", readonly=True, widget=TextWidget())
    status = Field(
        attribute="status",
        column_name="présence",
        widget=ChoiceWidget(
            Attendance.Status.choices,
            "Présence inconnue",
            aliases={"present": "present", "absent": "absent", "excuse": "excused", "p": "present", "a": "absent"},
        ),
    )

    class Meta:
        model = Attendance
        fields = ["cohort", "module", "session_date", "first_name", "last_name", "email", "cpts", "status"]
        import_id_fields = []
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        store_row_values = True

    required_columns = ("promotion", "premier jour", "prénom", "nom", "présence")

    def get_queryset(self):
        return Attendance.objects.select_related("session__module__cohort", "learner__person", "learner__cpts")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("session__module__cohort", "learner__person", "learner__cpts")

    def row_session(self, row):
        """The session of the row. ValueError (French) when it cannot be told."""
        cohort_name = cell_text(row.get("promotion"))
        day = self.cleaned(row, "session_date")
        if not cohort_name or day is None:
            raise ValueError("Indiquez la promotion et le premier jour de la session (jj/mm/aaaa).")
        sessions = Session.objects.filter(module__cohort__name__iexact=cohort_name, start_date=day)
        module = cell_text(row.get("module"))
        if module:
            sessions = sessions.filter(module__title__iexact=module)
        found = list(sessions.select_related("module__cohort")[:2])
        if len(found) == 1:
            return found[0]
        if found:
            raise ValueError(f"Plusieurs sessions commencent le {day:%d/%m/%Y} : indiquez le module.")
        raise ValueError(f"Aucune session de la promotion {quoted(cohort_name)} ne commence le {day:%d/%m/%Y}.")

    def row_learner(self, row, session):
        person = self.row_person(row)
        learner = None
        if person is not None:
            learner = Learner.objects.filter(cohort_id=session.module.cohort_id, person=person).first()
        if learner is None:
            name = " ".join(filter(None, [cell_text(row.get("prénom")), cell_text(row.get("nom"))]))
            raise ValueError(f"{name or 'Cette personne'} n'est pas inscrit·e dans la promotion de cette session.")
        return learner

    def get_instance(self, instance_loader, row):
        try:
            session = self.row_session(row)
            learner = self.row_learner(row, session)
        except ValueError:
            return None  # the row is rejected by import_instance
        return Attendance.objects.filter(session=session, learner=learner).first()

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not instance.pk:
            try:
                instance.session = self.row_session(row)
            except ValueError as error:
                errors["session"] = [str(error)]
            else:
                try:
                    instance.learner = self.row_learner(row, instance.session)
                except ValueError as error:
                    errors["learner"] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """A row whose session or learner is unknown says only that (not that the field is empty)."""
        if import_validation_errors and {"session", "learner"} & set(import_validation_errors):
            raise ValidationError(import_validation_errors)
        super().validate_instance(instance, import_validation_errors, validate_unique)

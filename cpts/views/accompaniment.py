"""Recording how a CPTS moves on: stages, accompaniment steps, contacts, adhesion counts."""

from django.utils.formats import number_format
from django.views.generic import CreateView, UpdateView

from cpts import services
from cpts.forms import AdhesionForm, ContactForm, StageChangeForm, StepCompletionForm
from cpts.models import Adhesion, Contact, StageChange, StepCompletion
from cpts.views.base import CPTSRecordDeleteView, CPTSRecordMixin, RecordOfCPTSMixin
from interurps.mixins import RolePermissionMixin


class StageAddView(RolePermissionMixin, CPTSRecordMixin, CreateView):
    form_class = StageChangeForm
    permission_required = "cpts.add_stagechange"
    title = "Changer d'étape"

    def save(self, form):
        data = form.cleaned_data
        if form.signs_the_aci:
            services.sign_aci(self.cpts, data["date"], by=self.request.user, note=data["note"])
            return self.cpts.stage_changes.order_by("-date", "-pk").first()
        return services.move_to_stage(self.cpts, data["stage"], data["date"], by=self.request.user, note=data["note"])

    def get_success_message(self):
        return f"{self.cpts} : passage à l'étape « {self.object.get_stage_display()} » le {self.object.date:%d/%m/%Y}."


class StageDeleteView(CPTSRecordDeleteView):
    model = StageChange
    permission_required = "cpts.delete_stagechange"

    def get_queryset(self):
        return StageChange.objects.select_related("cpts")

    def describe(self):
        return f"l'étape « {self.object.get_stage_display()} » du {self.object.date:%d/%m/%Y} de {self.object.cpts}"

    def delete_record(self):
        services.delete_stage_change(self.object)


class StepCompleteView(RolePermissionMixin, CPTSRecordMixin, CreateView):
    form_class = StepCompletionForm
    permission_required = "cpts.add_stepcompletion"
    title = "Jalon de la méthode franchi"

    def save(self, form):
        data = form.cleaned_data
        return services.complete_step(
            self.cpts, data["step"], data["completed_on"], by=self.request.user, note=data["note"]
        )

    def get_success_message(self):
        return f"{self.cpts} : jalon « {self.object.step} » franchi le {self.object.completed_on:%d/%m/%Y}."


class StepDeleteView(CPTSRecordDeleteView):
    model = StepCompletion
    permission_required = "cpts.delete_stepcompletion"

    def get_queryset(self):
        return StepCompletion.objects.select_related("cpts", "step")

    def describe(self):
        return f"le jalon « {self.object.step} » franchi le {self.object.completed_on:%d/%m/%Y} par {self.object.cpts}"


class ContactAddView(RolePermissionMixin, CPTSRecordMixin, CreateView):
    form_class = ContactForm
    permission_required = "cpts.add_contact"
    title = "Ajouter un contact"

    def save(self, form):
        return form.save()

    def get_success_message(self):
        return f"{self.object.person} ajouté·e aux contacts de {self.cpts} ({self.object.get_role_display()})."


class ContactEditView(RolePermissionMixin, RecordOfCPTSMixin, UpdateView):
    form_class = ContactForm
    permission_required = "cpts.change_contact"
    title = "Modifier un contact"

    def get_queryset(self):
        return Contact.objects.select_related("cpts__department", "person")

    def save(self, form):
        return form.save()

    def get_success_message(self):
        return "Contact modifié."


class ContactDeleteView(CPTSRecordDeleteView):
    model = Contact
    permission_required = "cpts.delete_contact"

    def get_queryset(self):
        return Contact.objects.select_related("cpts", "person")

    def describe(self):
        return f"le rôle « {self.object.get_role_display()} » de {self.object.person} dans {self.object.cpts}"


class AdhesionAddView(RolePermissionMixin, CPTSRecordMixin, CreateView):
    form_class = AdhesionForm
    permission_required = "cpts.add_adhesion"
    title = "Enregistrer un décompte des adhésions"

    def get_success_message(self):
        rate = number_format(self.object.rate, 1)
        return f"Décompte du {self.object.date:%d/%m/%Y} enregistré : {rate} % d'adhérents."


class AdhesionDeleteView(CPTSRecordDeleteView):
    model = Adhesion
    permission_required = "cpts.delete_adhesion"

    def get_queryset(self):
        return Adhesion.objects.select_related("cpts")

    def describe(self):
        return f"le décompte des adhésions du {self.object.date:%d/%m/%Y} de {self.object.cpts}"

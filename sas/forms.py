from django import forms
from django.conf import settings
from django.db.models import Q

from cpts.models import CPTS
from interurps.concurrency import ConcurrentEditFormMixin
from interurps.forms import DateInput, MultiplePicker, Picker
from interurps.models import Department
from sas.models import SASDeployment, SASDeploymentStatus, SASIndicator


def region_departments(*keep):
    """The departments of the region, and those given (the current value of a form)."""
    return Department.objects.filter(Q(code__in=settings.REGION_DEPARTMENTS) | Q(pk__in=[pk for pk in keep if pk]))


class DepartmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} – {obj.name}"


def cpts_label(cpts):
    return f"{cpts.name} ({cpts.department.code})"


class CPTSChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return cpts_label(obj)


class CPTSMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return cpts_label(obj)


class SASDeploymentForm(ConcurrentEditFormMixin, forms.ModelForm):
    class Meta:
        model = SASDeployment
        fields = ["department", "participating_cpts", "notes"]
        field_classes = {"department": DepartmentChoiceField, "participating_cpts": CPTSMultipleChoiceField}
        widgets = {
            "participating_cpts": MultiplePicker(url="cpts:cpts_autocomplete", placeholder="Tapez le nom d'une CPTS…"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        present = list(self.instance.participating_cpts.values_list("pk", flat=True)) if self.instance.pk else []
        cpts = CPTS.objects.not_archived(keep=present).select_related("department").order_by("department__code", "name")
        if self.instance.pk:
            # The department of an existing deployment does not change: its history belongs to it.
            del self.fields["department"]
            cpts = cpts.filter(Q(department=self.instance.department_id) | Q(sas_deployments=self.instance)).distinct()
        else:
            self.fields["department"].queryset = region_departments().filter(sas_deployment__isnull=True)
        self.fields["participating_cpts"].queryset = cpts

    def clean(self):
        cleaned = super().clean()
        department = cleaned.get("department") or (self.instance.department if self.instance.pk else None)
        elsewhere = [cpts.name for cpts in cleaned.get("participating_cpts") or [] if cpts.department != department]
        if department and elsewhere:
            self.add_error(
                "participating_cpts",
                f"Ces CPTS ne sont pas dans le département {department.code} : {', '.join(elsewhere)}.",
            )
        return cleaned


class SASDeploymentStatusForm(forms.ModelForm):
    class Meta:
        model = SASDeploymentStatus
        fields = ["status", "date", "note"]
        widgets = {"date": DateInput()}


class SASIndicatorForm(ConcurrentEditFormMixin, forms.ModelForm):
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
            "notes",
        ]
        field_classes = {"department": DepartmentChoiceField, "cpts": CPTSChoiceField}
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "cpts": Picker(url="cpts:cpts_autocomplete", placeholder="Tapez le nom d'une CPTS…"),
        }
        help_texts = {
            "department": "Le département, ou bien une CPTS (l'un des deux).",
            "cpts": "Pour des chiffres propres à une CPTS ; laissez vide pour tout le département.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep = [self.instance.cpts_id] if self.instance.cpts_id else []
        self.fields["cpts"].queryset = CPTS.objects.not_archived(keep=keep).select_related("department")
        self.fields["department"].queryset = region_departments(self.instance.department_id)

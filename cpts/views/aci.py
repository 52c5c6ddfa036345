"""The ACI of a CPTS: its signature, its missions, and the payments per year and kind."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import CreateView, FormView, UpdateView

from cpts import services
from cpts.forms import ACIForm, PaymentForm, SignACIForm
from cpts.models import ACIContract, Payment
from cpts.views.base import CPTSRecordDeleteView, CPTSRecordMixin, RecordOfCPTSMixin
from interurps.mixins import RolePermissionMixin


class ACIView(RolePermissionMixin, CPTSRecordMixin, FormView):
    """Sign the ACI (the contract, its missions and the « ACI signé » stage together), or, once signed,
    edit its optional missions, the dates its missions started and its notes."""

    permission_required = ("cpts.add_acicontract", "cpts.change_acicontract")
    field_map = {"date": "signed_on", "notes": "note"}

    def dispatch(self, request, *args, **kwargs):
        self.contract = ACIContract.objects.filter(cpts_id=kwargs["pk"]).prefetch_related("missions").first()
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return SignACIForm if self.contract is None else ACIForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        del kwargs["cpts"]
        if self.contract is not None:
            kwargs["contract"] = self.contract
        return kwargs

    def get_title(self):
        if self.contract is None:
            return "Enregistrer la signature de l'ACI"
        return f"ACI signé le {self.contract.signed_on:%d/%m/%Y}"

    def save(self, form):
        data = form.cleaned_data
        if self.contract is None:
            return services.sign_aci(
                self.cpts, data["signed_on"], data["optional_missions"], by=self.request.user, note=data["note"]
            )
        return services.update_aci(self.contract, data["optional_missions"], form.start_dates(), data["notes"])

    def get_success_message(self):
        if self.contract is None:
            return f"ACI de {self.cpts} enregistré, signé le {self.object.signed_on:%d/%m/%Y}."
        return "ACI modifié."


class PaymentAddView(RolePermissionMixin, CPTSRecordMixin, CreateView):
    form_class = PaymentForm
    permission_required = "cpts.add_payment"
    title = "Enregistrer un versement ACI"

    def dispatch(self, request, *args, **kwargs):
        self.contract = ACIContract.objects.filter(cpts_id=kwargs["pk"]).prefetch_related("missions").first()
        return super().dispatch(request, *args, **kwargs)

    def without_contract(self):
        """Where to go when the CPTS has no ACI yet (None when it has one)."""
        if self.contract is not None:
            return None
        messages.error(self.request, "Cette CPTS n'a pas encore d'ACI : enregistrez d'abord sa signature.")
        return redirect("cpts:cpts_aci", pk=self.cpts.pk)

    def get(self, request, *args, **kwargs):
        return self.without_contract() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.without_contract() or super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        del kwargs["cpts"]
        return {**kwargs, "contract": self.contract}

    def get_success_message(self):
        return f"Versement « {self.object} » enregistré."


class PaymentEditView(RolePermissionMixin, RecordOfCPTSMixin, UpdateView):
    form_class = PaymentForm
    permission_required = "cpts.change_payment"
    title = "Modifier un versement ACI"
    cpts_path = "contract.cpts"

    def get_queryset(self):
        return Payment.objects.select_related("contract__cpts__department").prefetch_related("contract__missions")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        del kwargs["cpts"]
        return {**kwargs, "contract": self.object.contract}

    def get_success_message(self):
        return f"Versement « {self.object} » modifié."


class PaymentDeleteView(CPTSRecordDeleteView):
    model = Payment
    permission_required = "cpts.delete_payment"
    cpts_path = "contract.cpts"

    def get_queryset(self):
        return Payment.objects.select_related("contract__cpts")

    def describe(self):
        return f"le versement « {self.object} » de {self.object.contract.cpts}"

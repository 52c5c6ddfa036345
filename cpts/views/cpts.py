"""The CPTS list, the page of one CPTS, its create/edit forms and its territory."""

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Case, F, IntegerField, Value, When
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.views.generic import CreateView, DetailView, FormView, UpdateView

from cpts import selectors
from cpts.enums import STAGE_RANK, SizeClass
from cpts.filters import CPTSFilter
from cpts.forms import CPTSForm, StepCompletionForm, TerritoryForm, commune_label
from cpts.models import CPTS, AccompanimentStep
from cpts.resources import CPTSResource
from cpts.services import set_territory
from interurps.mixins import RolePermissionMixin
from interurps.models import Commune
from interurps.views.generic import Column, FormPageMixin, ListPageView


def list_queryset():
    """What the list shows, exports and sorts on: population, size class and current stage, plus `stage_rank`,
    the place of the current stage in the progression (inactive stages after, none last), and `aci_signed_on`.

    The shared communes are counted for the rows of the page only (`CPTSListView.count_shared_communes`): a
    count in the query itself would be computed for every CPTS of the region before the page is cut.
    """
    whens = [When(current_stage=stage, then=Value(rank)) for stage, rank in STAGE_RANK.items()]
    listed = CPTS.objects.with_size_class().with_current_stage().select_related("department", "aci")
    return listed.prefetch_related("referents").annotate(
        stage_rank=Case(
            *whens, When(current_stage__isnull=True, then=Value(99)), default=Value(90), output_field=IntegerField()
        ),
        aci_signed_on=F("aci__signed_on"),
    )


def meeting_link(cpts):
    """The meeting form pre-filled for this CPTS (see MeetingForm.initial_from_query)."""
    query = {"programme": "cpts", "cpts": cpts.pk, "departement": cpts.department.code}
    return f"{reverse('interurps:meeting_create')}?{urlencode(query)}"


class CPTSListView(ListPageView):
    model = CPTS
    permission_required = "cpts.view_cpts"
    filterset_class = CPTSFilter
    resource_class = CPTSResource
    export_basename = "cpts"
    template_name = "cpts/cpts_list.html"
    context_object_name = "cpts_list"
    title = "CPTS"
    count_label = ("CPTS", "CPTS")
    empty_text = "Aucune CPTS ne correspond à ces critères."
    columns = (
        Column("Nom", "nom"),
        Column("Dép.", "departement"),
        Column("Population", "population", "number"),
        Column("Taille"),
        Column("Étape actuelle", "etape"),
        Column("Depuis le", "depuis"),
        Column("Référent·es"),
        Column("Accompagnement"),
        Column("ACI signé le", "aci"),
    )
    create_url_name, create_permission, create_label = "cpts:cpts_create", "cpts.add_cpts", "Nouvelle CPTS"
    import_kind, import_label = "cpts", "Importer des CPTS"
    import_permissions = ("cpts.add_cpts", "cpts.change_cpts")

    def get_queryset(self):
        # Annotated before FilteredListMixin filters and sorts on the annotations.
        self.queryset = list_queryset()
        return super().get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.count_shared_communes(context["object_list"])
        return context

    @staticmethod
    def count_shared_communes(rows):
        """Set `overlap_count` on the CPTS of the page (one query), as `with_overlap_count` counts it."""
        rows = list(rows)
        counts = dict(
            CPTS.objects.filter(pk__in=[cpts.pk for cpts in rows])
            .with_overlap_count()
            .values_list("pk", "overlap_count")
        )
        for cpts in rows:
            cpts.overlap_count = counts.get(cpts.pk, 0)


class CPTSDetailView(RolePermissionMixin, DetailView):
    """The page of one CPTS: key facts, territory, accompaniment, contacts, adhesion, ACI and the timeline."""

    model = CPTS
    permission_required = "cpts.view_cpts"
    template_name = "cpts/cpts_detail.html"
    context_object_name = "cpts"

    def get_queryset(self):
        return CPTS.objects.for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cpts = self.object
        today = timezone.localdate()
        completions = {completion.step_id: completion for completion in cpts.step_completions.all()}
        steps = [(step, completions.get(step.pk)) for step in AccompanimentStep.objects.all()]
        contract = getattr(cpts, "aci", None)
        context.update(
            today=today,
            size_label=SizeClass(cpts.size_class).label if cpts.size_class else "",
            communes=list(cpts.communes.order_by("name")),
            shared_communes=selectors.shared_communes(cpts),
            steps=steps,
            contacts=selectors.contacts_by_period(cpts, today),
            adhesions=selectors.adhesion_history(cpts),
            contract=contract,
            timeline=selectors.timeline(cpts, today),
            meeting_url=meeting_link(cpts),
            meeting_list_url=f"{reverse('interurps:meeting_list')}?{urlencode({'qui': 'toutes', 'cpts': cpts.pk})}",
            step_form=StepCompletionForm(cpts=cpts) if len(completions) < len(steps) else None,
        )
        if contract is not None:
            payment_years, payment_totals = selectors.payments_table(contract)
            context.update(
                missions=list(contract.missions.all()),
                next_anniversary=contract.next_anniversary(today),
                payment_years=payment_years,
                payment_totals=payment_totals,
            )
        return context


class CPTSFormMixin(FormPageMixin):
    model = CPTS
    form_class = CPTSForm
    template_name = "cpts/cpts_form.html"

    def get_title(self):
        return f"Modifier {self.object.name}" if self.object else "Nouvelle CPTS"

    def get_cancel_url(self):
        return reverse("cpts:cpts", args=[self.object.pk]) if self.object else reverse("cpts:cpts_list")


class CPTSCreateView(RolePermissionMixin, CPTSFormMixin, CreateView):
    permission_required = "cpts.add_cpts"
    success_message = "CPTS « {object} » créée. Indiquez maintenant son territoire."

    def get_success_url(self):
        return reverse("cpts:cpts_territory", args=[self.object.pk])


class CPTSUpdateView(RolePermissionMixin, CPTSFormMixin, UpdateView):
    permission_required = "cpts.change_cpts"

    def get_success_url(self):
        return reverse("cpts:cpts", args=[self.object.pk])


SEARCH_LIMIT = 20


def search_communes(text):
    """Up to SEARCH_LIMIT communes whose name contains `text` or whose INSEE code starts with it."""
    text = text.strip()
    if len(text) < 2:
        return []
    found = Commune.objects.filter(name__icontains=text) | Commune.objects.filter(insee_code__startswith=text)
    return list(found.order_by("name", "insee_code")[:SEARCH_LIMIT])


class CPTSTerritoryView(RolePermissionMixin, FormPageMixin, FormView):
    """Edit the territory: a list of the department's communes, a search (htmx, or the form's « Chercher »
    button without JavaScript) and a box to paste INSEE codes. Saved with `set_territory`."""

    form_class = TerritoryForm
    permission_required = "cpts.change_cpts"
    template_name = "cpts/cpts_territory.html"
    results_template_name = "cpts/partials/commune_results.html"

    def dispatch(self, request, *args, **kwargs):
        self.cpts = get_object_or_404(CPTS.objects.with_size_class().select_related("department"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if request.htmx:
            context = {"cpts": self.cpts, **self.results_context(request.GET)}
            return TemplateResponse(request, self.results_template_name, context)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if "_search" in request.POST:
            # Without JavaScript, « Chercher » sends the whole form: show the results, keep what was chosen.
            initial = {name: request.POST.getlist(name) for name in TerritoryForm.SOURCES}
            initial["insee_codes"] = request.POST.get("insee_codes", "")
            form = self.form_class(cpts=self.cpts, initial=initial)
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def results_context(self, data):
        """The search results for `data["q"]`, and the communes added from earlier searches (`data["added"]`),
        each marked when the territory (`data["communes"]`, `data["department_communes"]`) already has it."""

        def pks(name):
            return {int(value) for value in data.getlist(name) if str(value).isdigit()}

        query, chosen = data.get("q", ""), pks("communes") | pks("department_communes")
        added = list(Commune.objects.filter(pk__in=pks("added") - chosen).order_by("name"))
        results = [
            (commune, commune_label(commune), commune.pk in chosen)
            for commune in search_communes(query)
            if commune not in added
        ]
        return {
            "query": query,
            "results": results,
            "searched": len(query.strip()) >= 2,
            "added": [(commune, commune_label(commune)) for commune in added],
        }

    def get_initial(self):
        return {"communes": list(self.cpts.communes.values_list("pk", flat=True))}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cpts": self.cpts}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if form.is_bound:
            data = form.data
        else:
            data = QueryDict(mutable=True)
            for name in TerritoryForm.SOURCES:
                data.setlist(name, [getattr(value, "pk", value) for value in form.initial.get(name, [])])
        data = data.copy()
        data["q"] = self.request.POST.get("q", "") if self.request.method == "POST" else self.request.GET.get("q", "")
        context.update(
            cpts=self.cpts,
            size_label=SizeClass(self.cpts.size_class).label if self.cpts.size_class else "",
            shared_communes=selectors.shared_communes(self.cpts),
            **self.results_context(data),
        )
        return context

    def save(self, form):
        self.shared = set_territory(self.cpts, form.cleaned_data["territory"])
        return CPTS.objects.with_size_class().get(pk=self.cpts.pk)

    def get_success_message(self):
        cpts, count = self.object, self.object.commune_count
        population = number_format(cpts.communes_population, force_grouping=True)
        size = SizeClass(cpts.size_class).label if cpts.size_class else "taille inconnue"
        if cpts.declared_population:
            size += ", d'après la population déclarée"
        return f"Territoire enregistré : {count} commune{'s' if count > 1 else ''}, {population} habitants, {size}."

    def get_success_url(self):
        return reverse("cpts:cpts", args=[self.cpts.pk])

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.shared:
            names = ", ".join(commune.name for commune in self.shared)
            messages.warning(self.request, f"Communes aussi revendiquées par une autre CPTS active : {names}.")
        return response

"""The CPTS list, the page of one CPTS, its create/edit forms and its territory."""

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Case, F, IntegerField, Value, When
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, UpdateView

from cpts import selectors
from cpts.enums import STAGE_RANK, SizeClass
from cpts.filters import CPTSFilter
from cpts.forms import CPTSForm, StepCompletionForm, TerritoryForm, commune_label
from cpts.models import CPTS
from cpts.resources import CPTSResource
from cpts.services import CODE_SEPARATORS, INSEE_CODE, set_territory
from interurps.mixins import RolePermissionMixin
from interurps.views.generic import ArchiveView, Column, FormPageMixin, ListPageView


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
    archives_label = "Afficher les CPTS archivées"

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
        """Set `overlap_count` on the CPTS of the page (one query)."""
        rows = list(rows)
        pks = [cpts.pk for cpts in rows]
        counts = dict(CPTS.objects.filter(pk__in=pks).with_overlap_count().values_list("pk", "overlap_count"))
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
        steps = selectors.steps_with_completions(cpts)
        contract = getattr(cpts, "aci", None)
        context.update(
            today=today,
            size_label=SizeClass(cpts.size_class).label if cpts.size_class else "",
            communes=selectors.territory_communes(cpts),
            shared_communes=selectors.shared_communes(cpts),
            steps=steps,
            contacts=selectors.contacts_by_period(cpts, today),
            adhesions=selectors.adhesion_history(cpts),
            contract=contract,
            timeline=selectors.timeline(cpts, today),
            meeting_url=meeting_link(cpts),
            meeting_list_url=f"{reverse('interurps:meeting_list')}?{urlencode({'qui': 'toutes', 'cpts': cpts.pk})}",
            step_form=StepCompletionForm(cpts=cpts) if any(done is None for _, done in steps) else None,
        )
        if contract is not None:
            payment_years, payment_totals = selectors.payments_table(contract)
            context.update(
                missions=selectors.contract_missions(contract),
                next_anniversary=contract.next_anniversary(today),
                payment_years=payment_years,
                payment_totals=payment_totals,
            )
        return context


class CPTSArchiveView(ArchiveView):
    model = CPTS
    permission_required = "cpts.change_cpts"
    success_url_name = "cpts:cpts"
    archived_message = (
        "La CPTS « {object} » est archivée : elle reste dans l'historique et les rapports, "
        "mais n'est plus proposée dans la liste des CPTS ni dans les choix."
    )
    unarchived_message = "La CPTS « {object} » est désarchivée : elle est de nouveau proposée."


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


class CPTSTerritoryView(RolePermissionMixin, FormPageMixin, FormView):
    """Edit the territory: the communes kept, a picker to add more (`territory.js` keeps a running total and
    flags the communes another CPTS holds, from `CPTSTerritorySummaryView`), a box to paste INSEE codes.
    Without JavaScript the form's « Chercher » button lists the matching communes to tick instead of the
    picker. Saved with `set_territory`."""

    form_class = TerritoryForm
    permission_required = "cpts.change_cpts"
    template_name = "cpts/cpts_territory.html"

    def dispatch(self, request, *args, **kwargs):
        self.cpts = get_object_or_404(CPTS.objects.with_size_class().select_related("department"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if "_search" in request.POST:
            # Without JavaScript, « Chercher » sends the whole form: show the results, keep what was chosen.
            initial = {name: request.POST.getlist(name) for name in TerritoryForm.SOURCES}
            initial["insee_codes"] = request.POST.get("insee_codes", "")
            form = self.form_class(cpts=self.cpts, initial=initial)
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def results_context(self, query, chosen):
        """The communes matching `query`, each with its label, whether the territory (`chosen`, primary keys)
        already has it, and « déjà dans la CPTS X » when another CPTS holds it."""
        found = selectors.search_communes(query)
        claims = selectors.claims_elsewhere([commune.pk for commune in found], self.cpts) if found else {}
        results = [
            (commune, commune_label(commune), commune.pk in chosen, selectors.claimed_label(claims.get(commune.pk, [])))
            for commune in found
        ]
        return {"query": query, "results": results, "searched": len(query.strip()) >= 2}

    def get_initial(self):
        return {"communes": [commune.pk for commune in selectors.territory_communes(self.cpts)]}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cpts": self.cpts}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        chosen = {pk for name in TerritoryForm.SOURCES for pk in form.chosen(name)}
        query = (self.request.POST if self.request.method == "POST" else self.request.GET).get("q", "")
        context.update(
            cpts=self.cpts,
            size_label=SizeClass(self.cpts.size_class).label if self.cpts.size_class else "",
            shared_communes=selectors.shared_communes(self.cpts),
            **self.results_context(query, chosen),
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


def insee_codes_in(text):
    """The INSEE codes written in `text`, leniently (what is not a code is left to the form's check)."""
    codes = []
    for token in CODE_SEPARATORS.split(text or ""):
        code = f"0{token}" if token.isdigit() and len(token) == 4 else token.upper()
        if INSEE_CODE.match(code):
            codes.append(code)
    return codes[:MAX_PASTED_CODES]


MAX_PASTED_CODES = 2000


class CPTSTerritorySummaryView(RolePermissionMixin, View):
    """JSON for the territory editor's running total: the territory the form holds now (`communes` and `added`,
    primary keys, and `insee_codes`, pasted text), its population and size class, and the communes of it
    that another active CPTS already holds. Reads only (GET); the editor's own permission."""

    model = CPTS
    permission_required = "cpts.change_cpts"
    http_method_names = ["get", "head", "options"]

    def get(self, request, pk):
        cpts = get_object_or_404(CPTS.objects.only("pk", "declared_population"), pk=pk)
        pks = [*request.GET.getlist("communes"), *request.GET.getlist("added")]
        summary = selectors.territory_summary(cpts, pks, insee_codes_in(request.GET.get("insee_codes", "")))
        return JsonResponse(summary.as_json())

"""Pages of the CPTS app (namespace `cpts`); included by the root URLconf when the app is installed."""

from django.urls import path

from cpts.autocomplete import CPTSAutocomplete, TerritoryCommuneAutocomplete
from cpts.views import accompaniment, aci, cpts, dashboard

app_name = "cpts"

urlpatterns = [
    path("", cpts.CPTSListView.as_view(), name="cpts_list"),
    path("choisir/", CPTSAutocomplete.as_view(), name="cpts_autocomplete"),
    path("carte/", dashboard.MapView.as_view(), name="map"),
    path("carte.svg", dashboard.MapSVGView.as_view(), name="map_svg"),
    path("nouvelle/", cpts.CPTSCreateView.as_view(), name="cpts_create"),
    path("<int:pk>/", cpts.CPTSDetailView.as_view(), name="cpts"),
    path("<int:pk>/modifier/", cpts.CPTSUpdateView.as_view(), name="cpts_edit"),
    path("<int:pk>/archiver/", cpts.CPTSArchiveView.as_view(), name="cpts_archive"),
    path("<int:pk>/territoire/", cpts.CPTSTerritoryView.as_view(), name="cpts_territory"),
    path("<int:pk>/territoire/total/", cpts.CPTSTerritorySummaryView.as_view(), name="cpts_territory_summary"),
    path("territoire/communes/", TerritoryCommuneAutocomplete.as_view(), name="territory_communes"),
    path("<int:pk>/etapes/ajouter/", accompaniment.StageAddView.as_view(), name="cpts_stage_add"),
    path("etapes/<int:pk>/supprimer/", accompaniment.StageDeleteView.as_view(), name="cpts_stage_delete"),
    path("<int:pk>/accompagnement/", accompaniment.StepCompleteView.as_view(), name="cpts_step_complete"),
    path("accompagnement/<int:pk>/supprimer/", accompaniment.StepDeleteView.as_view(), name="cpts_step_delete"),
    path("<int:pk>/contacts/ajouter/", accompaniment.ContactAddView.as_view(), name="cpts_contact_add"),
    path("contacts/<int:pk>/modifier/", accompaniment.ContactEditView.as_view(), name="cpts_contact_edit"),
    path("contacts/<int:pk>/supprimer/", accompaniment.ContactDeleteView.as_view(), name="cpts_contact_delete"),
    path("<int:pk>/adhesions/ajouter/", accompaniment.AdhesionAddView.as_view(), name="cpts_adhesion_add"),
    path("adhesions/<int:pk>/supprimer/", accompaniment.AdhesionDeleteView.as_view(), name="cpts_adhesion_delete"),
    path("<int:pk>/aci/", aci.ACIView.as_view(), name="cpts_aci"),
    path("<int:pk>/aci/versements/ajouter/", aci.PaymentAddView.as_view(), name="cpts_payment_add"),
    path("versements/<int:pk>/modifier/", aci.PaymentEditView.as_view(), name="cpts_payment_edit"),
    path("versements/<int:pk>/supprimer/", aci.PaymentDeleteView.as_view(), name="cpts_payment_delete"),
]

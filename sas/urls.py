from django.urls import path

from sas import views

app_name = "sas"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("deploiements/nouveau/", views.DeploymentCreateView.as_view(), name="deployment_create"),
    path("deploiements/<int:pk>/", views.DeploymentDetailView.as_view(), name="deployment"),
    path("deploiements/<int:pk>/modifier/", views.DeploymentUpdateView.as_view(), name="deployment_edit"),
    path("deploiements/<int:pk>/statuts/nouveau/", views.DeploymentStatusCreateView.as_view(), name="status_create"),
    path(
        "deploiements/<int:pk>/statuts/<int:status_pk>/supprimer/",
        views.DeploymentStatusDeleteView.as_view(),
        name="status_delete",
    ),
    path("indicateurs/", views.IndicatorListView.as_view(), name="indicator_list"),
    path("indicateurs/nouveaux/", views.IndicatorCreateView.as_view(), name="indicator_create"),
    path("indicateurs/<int:pk>/modifier/", views.IndicatorUpdateView.as_view(), name="indicator_edit"),
    path("indicateurs/<int:pk>/supprimer/", views.IndicatorDeleteView.as_view(), name="indicator_delete"),
]

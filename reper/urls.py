"""Staff pages of REPER / ICOPE (namespace `reper`)."""

from django.urls import path

from reper import views

app_name = "reper"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("projets/nouveau/", views.ProjectCreateView.as_view(), name="project_create"),
    path("projets/<int:pk>/", views.ProjectDetailView.as_view(), name="project"),
    path("projets/<int:pk>/modifier/", views.ProjectUpdateView.as_view(), name="project_edit"),
    path("projets/<int:pk>/etapes/nouvelle/", views.MilestoneCreateView.as_view(), name="milestone_create"),
    path("etapes/<int:pk>/modifier/", views.MilestoneUpdateView.as_view(), name="milestone_edit"),
    path("etapes/<int:pk>/supprimer/", views.MilestoneDeleteView.as_view(), name="milestone_delete"),
    path("projets/<int:pk>/territoires/nouveau/", views.TerritoryCreateView.as_view(), name="territory_create"),
    path("territoires/", views.TerritoryListView.as_view(), name="territory_list"),
    path("territoires/<int:pk>/", views.TerritoryDetailView.as_view(), name="territory"),
    path("territoires/<int:pk>/modifier/", views.TerritoryUpdateView.as_view(), name="territory_edit"),
    path("territoires/<int:pk>/chiffres/", views.FiguresRecordView.as_view(), name="figures_record"),
    path("chiffres/", views.FiguresListView.as_view(), name="figures_list"),
    path("chiffres/<int:pk>/supprimer/", views.FiguresDeleteView.as_view(), name="figures_delete"),
]

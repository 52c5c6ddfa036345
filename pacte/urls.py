"""Staff pages of the PACTE programme (namespace `pacte`), included under `pacte/`."""

from django.urls import path

from pacte.views import cohorts, learners, sessions, trainers

app_name = "pacte"

urlpatterns = [
    path("", cohorts.CohortListView.as_view(), name="home"),
    path("promotions/nouvelle/", cohorts.CohortCreateView.as_view(), name="cohort_create"),
    path("promotions/<int:pk>/", cohorts.CohortDetailView.as_view(), name="cohort"),
    path("promotions/<int:pk>/modifier/", cohorts.CohortUpdateView.as_view(), name="cohort_edit"),
    path("promotions/<int:pk>/modules/nouveau/", cohorts.ModuleCreateView.as_view(), name="module_create"),
    path("promotions/<int:pk>/inscrire/", learners.LearnerEnrolView.as_view(), name="learner_create"),
    path("modules/<int:pk>/modifier/", cohorts.ModuleUpdateView.as_view(), name="module_edit"),
    path("modules/<int:pk>/sessions/nouvelle/", sessions.SessionCreateView.as_view(), name="session_create"),
    path("sessions/<int:pk>/", sessions.SessionDetailView.as_view(), name="session"),
    path("sessions/<int:pk>/modifier/", sessions.SessionUpdateView.as_view(), name="session_edit"),
    path("sessions/<int:pk>/presences/", sessions.SessionAttendanceView.as_view(), name="session_attendance"),
    path("sessions/<int:pk>/emargement.pdf", sessions.SessionSheetView.as_view(), name="session_sheet"),
    path("apprenants/", learners.LearnerListView.as_view(), name="learner_list"),
    path("apprenants/<int:pk>/modifier/", learners.LearnerUpdateView.as_view(), name="learner_edit"),
    path("presences/", learners.AttendanceListView.as_view(), name="attendance_list"),
    path("formateurs-relais/", trainers.RelayTrainerListView.as_view(), name="relaytrainer_list"),
    path("formateurs-relais/nouveau/", trainers.RelayTrainerCreateView.as_view(), name="relaytrainer_create"),
    path("formateurs-relais/<int:pk>/", trainers.RelayTrainerDetailView.as_view(), name="relaytrainer"),
    path("formateurs-relais/<int:pk>/modifier/", trainers.RelayTrainerUpdateView.as_view(), name="relaytrainer_edit"),
]

"""Staff pages of the core app (namespace `interurps`)."""

from django.urls import path

from interurps import autocomplete
from interurps.views import calendar, contacts, imports, meetings, pickers, pictures, report

urlpatterns = [
    path("reunions/", meetings.MeetingListView.as_view(), name="meeting_list"),
    path("reunions/nouvelle/", meetings.MeetingCreateView.as_view(), name="meeting_create"),
    path("reunions/<int:pk>/", meetings.MeetingDetailView.as_view(), name="meeting"),
    path("reunions/<int:pk>/modifier/", meetings.MeetingUpdateView.as_view(), name="meeting_edit"),
    path("reunions/<int:pk>/supprimer/", meetings.MeetingDeleteView.as_view(), name="meeting_delete"),
    path("personnes/", contacts.PersonListView.as_view(), name="person_list"),
    path("personnes/nouvelle/", contacts.PersonCreateView.as_view(), name="person_create"),
    path("personnes/<int:pk>/", contacts.PersonDetailView.as_view(), name="person"),
    path("personnes/<int:pk>/modifier/", contacts.PersonUpdateView.as_view(), name="person_edit"),
    path("personnes/<int:pk>/archiver/", contacts.PersonArchiveView.as_view(), name="person_archive"),
    path("organisations/", contacts.OrganisationListView.as_view(), name="organisation_list"),
    path("organisations/nouvelle/", contacts.OrganisationCreateView.as_view(), name="organisation_create"),
    path("organisations/<int:pk>/", contacts.OrganisationDetailView.as_view(), name="organisation"),
    path("organisations/<int:pk>/modifier/", contacts.OrganisationUpdateView.as_view(), name="organisation_edit"),
    path("choisir/personnes/", autocomplete.PersonAutocomplete.as_view(), name="person_autocomplete"),
    path("choisir/organisations/", autocomplete.OrganisationAutocomplete.as_view(), name="organisation_autocomplete"),
    path("choisir/communes/", autocomplete.CommuneAutocomplete.as_view(), name="commune_autocomplete"),
    path("choisir/equipe/", autocomplete.StaffAutocomplete.as_view(), name="staff_autocomplete"),
    path("choisir/personnes/nouvelle/", pickers.PersonQuickCreateView.as_view(), name="person_quick"),
    path("choisir/organisations/nouvelle/", pickers.OrganisationQuickCreateView.as_view(), name="organisation_quick"),
    path("mon-agenda/", calendar.MyCalendarView.as_view(), name="my_calendar"),
    path("agenda/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("imports/<slug:kind>/", imports.ImportView.as_view(), name="import"),
    path("imports/<slug:kind>/confirmer/", imports.ImportConfirmView.as_view(), name="import_confirm"),
    path("rapport/", report.ReportListView.as_view(), name="report_list"),
    path("rapport/<int:year>/", report.ReportPreviewView.as_view(), name="report"),
    path("rapport/<int:year>/modifier/", report.ReportEditView.as_view(), name="report_edit"),
    path("rapport/<int:year>/pdf/", report.ReportPDFView.as_view(), name="report_pdf"),
    path("rapport/<int:year>/publier/", report.ReportPublishView.as_view(), name="report_publish"),
    path("rapport/<int:year>/comparer/", report.ReportCompareView.as_view(), name="report_compare"),
    path("rapport/<int:year>/photos/", pictures.SectionPhotosEditView.as_view(), name="report_photos"),
    path("images/unions/<int:pk>/", pictures.UnionLogoView.as_view(), name="union_logo"),
    path("images/personnes/<int:pk>/", pictures.PersonPortraitView.as_view(), name="person_portrait"),
    path("images/rapport/<int:pk>/", pictures.SectionPhotoView.as_view(), name="report_photo"),
    path(
        "rapport/<int:year>/versions/<int:version>/",
        report.PublishedReportDownloadView.as_view(),
        name="report_version",
    ),
]

"""Staff pages of the core app (namespace `interurps`)."""

from django.urls import path

from interurps.views import meetings

urlpatterns = [
    path("reunions/", meetings.MeetingListView.as_view(), name="meeting_list"),
    path("reunions/nouvelle/", meetings.MeetingCreateView.as_view(), name="meeting_create"),
    path("reunions/<int:pk>/", meetings.MeetingDetailView.as_view(), name="meeting"),
    path("reunions/<int:pk>/modifier/", meetings.MeetingUpdateView.as_view(), name="meeting_edit"),
]

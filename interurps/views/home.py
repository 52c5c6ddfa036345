import datetime

from django.utils import timezone
from django.views.generic import TemplateView

from interurps import selectors
from interurps.dashboard import build_panels, stylesheets_of
from interurps.mixins import RolePermissionMixin, requested_year
from interurps.versioning import cached_on_records


class HomeView(RolePermissionMixin, TemplateView):
    """The dashboard: the year's activity by programme, the user's next and latest meetings, then the panels
    the apps contribute (`interurps.dashboard`) that the user's role may see."""

    template_name = "interurps/home.html"
    permission_required = "interurps.view_meeting"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        year = requested_year(self.request)
        user = self.request.user
        panels = build_panels(self.request)
        return {
            **context,
            "year": year,
            # The years with meetings scan them all: once per change of the records.
            "years": sorted(
                {*cached_on_records(self.request, "meeting-years", selectors.meeting_years), year, today.year},
                reverse=True,
            ),
            "year_start": datetime.date(year, 1, 1),
            "year_end": datetime.date(year, 12, 31),
            "programmes": selectors.programmes_with_meeting_count(year),
            "year_total": selectors.meeting_count(year),
            "highlights": selectors.highlights(year),
            "upcoming": selectors.upcoming_meetings_of(user, today),
            "recent": selectors.recent_meetings_of(user, today),
            "panels": panels,
            "panel_stylesheets": stylesheets_of(panels),
        }

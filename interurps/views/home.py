import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.views.generic import TemplateView

from interurps.dashboard import build_panels, stylesheets_of
from interurps.mixins import RolePermissionMixin, requested_year
from interurps.models import Meeting, Programme


class HomeView(RolePermissionMixin, TemplateView):
    """The dashboard: the year's activity by programme, the user's next and latest meetings, then the panels
    the apps contribute (`interurps.dashboard`) that the user's role may see."""

    template_name = "interurps/home.html"
    permission_required = "interurps.view_meeting"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        year = requested_year(self.request)
        context["year"] = year
        years_with_meetings = {day.year for day in Meeting.objects.dates("date", "year")}
        context["years"] = sorted(years_with_meetings | {year, today.year}, reverse=True)
        context["year_start"] = datetime.date(year, 1, 1)
        context["year_end"] = datetime.date(year, 12, 31)
        context["programmes"] = Programme.objects.annotate(
            meeting_count=Count("meetings", filter=Q(meetings__date__year=year))
        )
        year_meetings = Meeting.objects.in_year(year)
        context["year_total"] = year_meetings.count()
        context["highlights"] = year_meetings.filter(is_highlight=True).select_related("category").order_by("-date")[:5]
        mine = Meeting.objects.filter(staff=self.request.user).select_related("category__programme")
        context["upcoming"] = mine.filter(date__gte=today).order_by("date", "start_time")[:5]
        context["recent"] = mine.filter(date__lt=today).order_by("-date", "-start_time")[:5]
        context["panels"] = build_panels(self.request)
        context["panel_stylesheets"] = stylesheets_of(context["panels"])
        return context

from django.db.models import Count, Q
from django.utils import timezone
from django.views.generic import TemplateView

from interurps.dashboard import build_panels, stylesheets_of
from interurps.mixins import RolePermissionMixin
from interurps.models import Meeting, Programme


class HomeView(RolePermissionMixin, TemplateView):
    """The dashboard: the year's activity by programme, the user's next and latest meetings, then the panels
    the apps contribute (`interurps.dashboard`) that the user's role may see."""

    template_name = "interurps/home.html"
    permission_required = "interurps.view_meeting"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        year = today.year
        context["year"] = year
        context["year_start"] = today.replace(month=1, day=1)
        context["year_end"] = today.replace(month=12, day=31)
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

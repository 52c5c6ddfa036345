from django.db.models import Count, Q
from django.utils import timezone
from django.views.generic import TemplateView

from interurps.mixins import RolePermissionMixin
from interurps.models import Meeting, Programme


class HomeView(RolePermissionMixin, TemplateView):
    """The dashboard: the year's activity by programme and the user's next and latest meetings."""

    template_name = "interurps/home.html"
    permission_required = "interurps.view_meeting"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["year"] = today.year
        context["programmes"] = Programme.objects.annotate(
            meeting_count=Count("meetings", filter=Q(meetings__date__year=today.year))
        )
        context["year_total"] = Meeting.objects.in_year(today.year).count()
        mine = Meeting.objects.filter(staff=self.request.user).select_related("category__programme")
        context["upcoming"] = mine.filter(date__gte=today).order_by("date", "start_time")[:5]
        context["recent"] = mine.filter(date__lt=today).order_by("-date", "-start_time")[:5]
        return context

""" "Mon agenda": the private iCalendar feed of the meetings a team member attends."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from interurps.calendar import CalendarFeed, build_ics, new_token
from interurps.mixins import RolePermissionMixin
from interurps.models import Meeting


class MyCalendarView(RolePermissionMixin, TemplateView):
    """Show the feed's secret address; POST `action=create|renew|revoke` manages it."""

    template_name = "interurps/my_calendar.html"
    permission_required = "interurps.view_meeting"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        feed = CalendarFeed.objects.filter(user=self.request.user).first()
        context["feed"] = feed
        if feed is not None:
            context["feed_url"] = self.request.build_absolute_uri(reverse("interurps:calendar_feed", args=[feed.token]))
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "revoke":
            CalendarFeed.objects.filter(user=request.user).delete()
            messages.success(request, "Agenda désactivé : l'ancienne adresse ne donne plus rien.")
        elif action in ("create", "renew"):
            CalendarFeed.objects.update_or_create(user=request.user, defaults={"token": new_token()})
            messages.success(
                request,
                "Nouvelle adresse créée : l'ancienne ne fonctionne plus."
                if action == "renew"
                else "Adresse de votre agenda créée.",
            )
        return redirect("interurps:my_calendar")


@login_not_required  # calendar applications cannot log in: the secret token in the URL is the key.
@require_GET
def calendar_feed(request, token):
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404("Agenda inconnu.")
    meetings = Meeting.objects.filter(staff=feed.user).select_related("category").order_by("date", "start_time")
    name = f"Réunions InterURPS – {feed.user.get_full_name() or feed.user.get_username()}"
    response = HttpResponse(build_ics(meetings, name, request.get_host()), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="reunions.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response

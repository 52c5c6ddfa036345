"""The reads of the dashboard (`views.home`): one function per thing it shows.

Each returns a lazy queryset where the page iterates it, so the template's loop is the one query.
"""

from django.db.models import Count, Q

from interurps.models import Meeting, Programme

SHORT_LIST = 5  # meetings in each short list of the dashboard


def meeting_years(*also):
    """The years that have meetings, with the years `also` (the one shown, this one), most recent first."""
    years = {day.year for day in Meeting.objects.dates("date", "year")}
    return sorted(years | set(also), reverse=True)


def programmes_with_meeting_count(year):
    """Every programme, each with `meeting_count`: its meetings of the year."""
    return Programme.objects.annotate(meeting_count=Count("meetings", filter=Q(meetings__date__year=year)))


def meeting_count(year):
    """How many meetings the year has, every programme together."""
    return Meeting.objects.in_year(year).count()


def highlights(year, limit=SHORT_LIST):
    """The year's highlights (meetings marked as such), the latest first."""
    return Meeting.objects.in_year(year).filter(is_highlight=True).select_related("category").order_by("-date")[:limit]


def _meetings_of(user):
    return Meeting.objects.filter(staff=user).select_related("category__programme")


def upcoming_meetings_of(user, today, limit=SHORT_LIST):
    """The user's next meetings, from `today` on, the soonest first."""
    return _meetings_of(user).filter(date__gte=today).order_by("date", "start_time")[:limit]


def recent_meetings_of(user, today, limit=SHORT_LIST):
    """The user's meetings before `today`, the latest first."""
    return _meetings_of(user).filter(date__lt=today).order_by("-date", "-start_time")[:limit]

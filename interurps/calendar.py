"""A private iCalendar feed per team member: the meetings she attends, for her usual agenda.

The feed is read by calendar applications that cannot log in, so its URL carries a secret token;
the member can replace it (the old URL stops working) or switch the feed off from "Mon agenda".
The .ics is written by hand after RFC 5545: a handful of properties, CRLF line ends, folded lines.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="utilisateur", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField("jeton secret", max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "agenda privé"
        verbose_name_plural = "agendas privés"
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self):
        return f"Agenda de {self.user.get_full_name() or self.user.get_username()}"


def _escape(text):
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line):
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _local(day, time):
    return datetime.datetime.combine(day, time).strftime("%Y%m%dT%H%M%S")


def meeting_event_lines(meeting, host, stamp):
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{host}",
        f"DTSTAMP:{stamp}",
    ]
    tz = settings.TIME_ZONE
    if meeting.start_time:
        end_time = (
            meeting.end_time
            or (datetime.datetime.combine(meeting.date, meeting.start_time) + datetime.timedelta(hours=1)).time()
        )
        lines.append(f"DTSTART;TZID={tz}:{_local(meeting.date, meeting.start_time)}")
        lines.append(f"DTEND;TZID={tz}:{_local(meeting.end_date or meeting.date, end_time)}")
    else:
        last_day = meeting.end_date or meeting.date
        lines.append(f"DTSTART;VALUE=DATE:{meeting.date:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{last_day + datetime.timedelta(days=1):%Y%m%d}")
    lines.append(f"SUMMARY:{_escape(meeting.title)}")
    if meeting.place:
        lines.append(f"LOCATION:{_escape(meeting.place)}")
    description = [meeting.category.name if meeting.category_id else "", meeting.get_mode_display()]
    lines.append(f"DESCRIPTION:{_escape(' – '.join(part for part in description if part))}")
    lines.append("END:VEVENT")
    return lines


def build_ics(meetings, name, host):
    """The iCalendar text of `meetings` (select the category)."""
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//InterURPS//Réunions//FR",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}",
        f"X-WR-TIMEZONE:{settings.TIME_ZONE}",
    ]
    for meeting in meetings:
        lines.extend(meeting_event_lines(meeting, host, stamp))
    lines.append("END:VCALENDAR")
    return "".join(f"{_fold(line)}\r\n" for line in lines)

"""The private calendar feed of the meetings a team member attends."""

import datetime

import pytest
from django.urls import reverse

from interurps.calendar import CalendarFeed
from tests.factories import MeetingFactory, StaffUserFactory


@pytest.fixture
def feed(staff_user):
    return CalendarFeed.objects.create(user=staff_user)


def test_the_feed_lists_the_meetings_she_attends_as_icalendar_events(client, feed, staff_user):
    MeetingFactory(
        title="Quintet, Nantes", date=datetime.date(2021, 3, 12), start_time=datetime.time(9, 30), staff=[staff_user]
    )
    response = client.get(reverse("interurps:calendar_feed", args=[feed.token]))
    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert "SUMMARY:Quintet\\, Nantes\r\n" in body
    assert "DTSTART;TZID=Europe/Paris:20210312T093000\r\n" in body
    assert "DTEND;TZID=Europe/Paris:20210312T103000\r\n" in body


def test_the_feed_leaves_out_the_meetings_of_others(client, feed):
    MeetingFactory(title="Réunion d'une collègue", staff=[StaffUserFactory(username="collegue")])
    body = client.get(reverse("interurps:calendar_feed", args=[feed.token])).content.decode()
    assert "Réunion d'une collègue" not in body


def test_a_meeting_without_a_time_is_a_whole_day_event(client, feed, staff_user):
    MeetingFactory(title="Journée régionale", date=datetime.date(2021, 6, 3), staff=[staff_user])
    body = client.get(reverse("interurps:calendar_feed", args=[feed.token])).content.decode()
    assert "DTSTART;VALUE=DATE:20210603\r\nDTEND;VALUE=DATE:20210604\r\n" in body


def test_an_unknown_token_gives_nothing(client, db):
    assert client.get(reverse("interurps:calendar_feed", args=["pas-un-jeton"])).status_code == 404


def test_changing_the_address_stops_the_old_one(staff_client, feed):
    old = reverse("interurps:calendar_feed", args=[feed.token])
    staff_client.post(reverse("interurps:my_calendar"), {"action": "renew"})
    assert staff_client.get(old).status_code == 404
    new = CalendarFeed.objects.get(user=feed.user)
    assert staff_client.get(reverse("interurps:calendar_feed", args=[new.token])).status_code == 200


def test_switching_the_feed_off_removes_its_address(staff_client, feed):
    staff_client.post(reverse("interurps:my_calendar"), {"action": "revoke"})
    assert not CalendarFeed.objects.exists()
    assert "Créer mon agenda" in staff_client.get(reverse("interurps:my_calendar")).content.decode()


def test_my_calendar_page_shows_the_secret_address(staff_client, feed):
    content = staff_client.get(reverse("interurps:my_calendar")).content.decode()
    assert f"/agenda/{feed.token}.ics" in content

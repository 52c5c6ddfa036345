"""The reads of the dashboard (`interurps.selectors`)."""

import datetime

import pytest

from interurps import selectors
from tests.factories import MeetingFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 5, 15)


def test_meeting_years_are_those_with_meetings_and_the_ones_asked_most_recent_first():
    MeetingFactory(date=datetime.date(2019, 4, 2))
    MeetingFactory(date=datetime.date(2021, 3, 12))
    MeetingFactory(date=datetime.date(2021, 9, 1))
    assert selectors.meeting_years(2021, 2024) == [2024, 2021, 2019]


def test_programmes_count_only_their_meetings_of_the_year():
    MeetingFactory(date=datetime.date(2021, 3, 12), programmes=["cpts", "sas"])
    MeetingFactory(date=datetime.date(2021, 6, 1), programmes=["cpts"])
    MeetingFactory(date=datetime.date(2020, 6, 1), programmes=["sas"])
    counts = {programme.code: programme.meeting_count for programme in selectors.programmes_with_meeting_count(2021)}
    assert (counts["cpts"], counts["sas"]) == (2, 1)


def test_meeting_count_counts_the_meetings_of_the_year_once_each():
    MeetingFactory(date=datetime.date(2021, 1, 1), programmes=["cpts", "sas"])
    MeetingFactory(date=datetime.date(2021, 12, 31))
    MeetingFactory(date=datetime.date(2022, 1, 1))
    assert selectors.meeting_count(2021) == 2


def test_highlights_are_the_years_highlighted_meetings_latest_first():
    MeetingFactory(title="Assemblée", date=datetime.date(2021, 6, 1), is_highlight=True)
    MeetingFactory(title="Colloque", date=datetime.date(2021, 11, 5), is_highlight=True)
    MeetingFactory(title="Réunion ordinaire", date=datetime.date(2021, 7, 1))
    MeetingFactory(title="Journée 2020", date=datetime.date(2020, 6, 1), is_highlight=True)
    assert [meeting.title for meeting in selectors.highlights(2021)] == ["Colloque", "Assemblée"]


def test_upcoming_meetings_are_the_users_from_today_soonest_first():
    user = StaffUserFactory()
    MeetingFactory(title="Plus tard", date=datetime.date(2024, 6, 20), staff=[user])
    MeetingFactory(title="Aujourd'hui", date=TODAY, staff=[user])
    MeetingFactory(title="Hier", date=datetime.date(2024, 5, 14), staff=[user])
    MeetingFactory(title="D'une collègue", date=datetime.date(2024, 6, 1), staff=[StaffUserFactory()])
    assert [meeting.title for meeting in selectors.upcoming_meetings_of(user, TODAY)] == ["Aujourd'hui", "Plus tard"]


def test_recent_meetings_are_the_users_before_today_latest_first():
    user = StaffUserFactory()
    MeetingFactory(title="Il y a un mois", date=datetime.date(2024, 4, 15), staff=[user])
    MeetingFactory(title="Hier", date=datetime.date(2024, 5, 14), staff=[user])
    MeetingFactory(title="Aujourd'hui", date=TODAY, staff=[user])
    MeetingFactory(title="D'une collègue", date=datetime.date(2024, 5, 1), staff=[StaffUserFactory()])
    assert [meeting.title for meeting in selectors.recent_meetings_of(user, TODAY)] == ["Hier", "Il y a un mois"]


def test_the_short_lists_stop_at_five():
    user = StaffUserFactory()
    for day in range(1, 8):
        MeetingFactory(date=datetime.date(2024, 6, day), staff=[user])
    assert len(selectors.upcoming_meetings_of(user, TODAY)) == 5

from django.urls import reverse

from tests.factories import MeetingFactory


def test_anonymous_user_is_sent_to_the_login_page(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_in_french(client, db):
    response = client.get(reverse("login"))
    assert "Connexion" in response.content.decode()
    assert 'lang="fr"' in response.content.decode()


def test_home_counts_the_years_meetings_by_programme(staff_client, staff_user, settings):
    from django.utils import timezone

    MeetingFactory(date=timezone.localdate(), programmes=["sas"], staff=[staff_user])
    response = staff_client.get(reverse("home"))
    assert response.context["year_total"] == 1
    counts = {p.code: p.meeting_count for p in response.context["programmes"]}
    assert counts["sas"] == 1
    assert counts["cpts"] == 0


def test_pages_are_compressed_for_browsers_that_accept_it(staff_client):
    response = staff_client.get(reverse("home"), headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"


def test_the_layout_names_the_configured_region(staff_client, settings):
    settings.REGION_NAME = "Bretagne"
    content = staff_client.get(reverse("home")).content.decode()
    assert "InterURPS <span>Bretagne</span>" in content
    assert "Pays de la Loire" not in content.split("<main", 1)[0]


def test_home_shows_the_activity_of_the_year_asked_for(staff_client):
    import datetime

    MeetingFactory(date=datetime.date(2021, 3, 12), programmes=["sas"])
    MeetingFactory(date=datetime.date(2021, 6, 1), programmes=["cpts"])

    response = staff_client.get(reverse("home"), {"annee": "2021"})

    assert response.context["year_total"] == 2
    assert 2021 in response.context["years"]
    assert "Activité 2021" in response.content.decode()


def test_home_ignores_a_nonsense_year(staff_client):
    from django.utils import timezone

    response = staff_client.get(reverse("home"), {"annee": "deux-mille"})
    assert response.context["year"] == timezone.localdate().year

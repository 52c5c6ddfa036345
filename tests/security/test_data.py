"""Rich text within bounds, PDF failures in French, backup and restore, personal data (RGPD)."""

import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from interurps.models import Meeting, Person, ReportEdition
from interurps.report.forms import RichTextField
from interurps.rgpd import anonymise, inactive_people, person_data
from tests.factories import MeetingFactory, PersonFactory, UserFactory

NESTED_LISTS = "<ul><li>" * 120 + "profond" + "</li></ul>" * 120


def test_a_text_nested_too_deep_is_refused_on_save_in_french():
    with pytest.raises(ValidationError, match="Texte trop imbriqué : 240 niveaux"):
        RichTextField().clean(NESTED_LISTS)


def test_a_text_too_long_is_refused_on_save_in_french():
    with pytest.raises(ValidationError, match="Texte trop long"):
        RichTextField().clean("<p>" + "a" * 100_001 + "</p>")


def test_an_ordinary_text_with_lists_is_accepted():
    assert RichTextField().clean("<ul><li>un<ul><li>deux</li></ul></li></ul>").startswith("<ul>")


def test_a_pdf_that_cannot_be_rendered_gives_a_french_message_not_a_500(board_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ReportEdition.objects.create(year=2021, presidents_message=NESTED_LISTS)  # saved before the bounds existed
    response = board_client.get(reverse("interurps:report_pdf", args=[2021]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("interurps:report", args=[2021])
    assert "n'a pas pu être produit" in response.content.decode().replace("&#x27;", "'")


def test_publishing_a_report_that_cannot_be_rendered_publishes_nothing(staff_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    edition = ReportEdition.objects.create(year=2021, presidents_message=NESTED_LISTS)
    response = staff_client.post(reverse("interurps:report_publish", args=[2021]), follow=True)
    assert "n'a pas pu être produit" in response.content.decode().replace("&#x27;", "'")
    assert edition.versions.count() == 0


# --- backup and restore ---------------------------------------------------------------------------------------


@pytest.fixture
def clear_content_type_cache():
    yield
    ContentType.objects.clear_cache()


def test_a_backup_restores_into_an_empty_database(db, settings, tmp_path, clear_content_type_cache):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "rapports").mkdir(parents=True)
    (tmp_path / "media" / "rapports" / "rapport-2021-v1.pdf").write_bytes(b"%PDF-1.4 rapport")
    UserFactory(username="claire")
    person = PersonFactory(first_name="Jeanne", last_name="Martin", email="jeanne.martin@example.org")
    meeting = MeetingFactory(title="Réunion ARS", date=datetime.date(2021, 3, 12))
    meeting.people.add(person)
    archive = tmp_path / "sauvegarde.tar.gz"
    call_command("backup", "-o", str(archive), stdout=io.StringIO())

    if connection.vendor == "postgresql":  # TRUNCATE refuses pending deferred constraint checks
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    (tmp_path / "media" / "rapports" / "rapport-2021-v1.pdf").unlink()
    assert not Person.objects.exists()

    out = io.StringIO()
    call_command("restore", str(archive), "--no-migrate", stdout=out)
    assert "restaurée" in out.getvalue()
    restored = Meeting.objects.get(title="Réunion ARS")
    assert restored.date == datetime.date(2021, 3, 12)
    assert [p.email for p in restored.people.all()] == ["jeanne.martin@example.org"]
    assert get_user_model().objects.filter(username="claire").exists()
    assert (tmp_path / "media" / "rapports" / "rapport-2021-v1.pdf").read_bytes() == b"%PDF-1.4 rapport"


def test_a_restore_into_a_database_in_use_is_refused(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    PersonFactory(first_name="Jeanne", last_name="Martin")
    archive = tmp_path / "sauvegarde.tar.gz"
    call_command("backup", "-o", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="restaurez dans une base vide"):
        call_command("restore", str(archive), "--no-migrate", stdout=io.StringIO())


# --- personal data --------------------------------------------------------------------------------------------


def test_the_export_of_a_person_holds_their_fields_and_every_meeting(db):
    person = PersonFactory(first_name="Jeanne", last_name="Martin", email="jeanne.martin@example.org")
    MeetingFactory(title="Réunion ARS").people.add(person)
    data = json.loads(json.dumps(person_data(person), default=str))
    assert data["personne"]["email"] == "jeanne.martin@example.org"
    assert [row["title"] for row in data["liens"]["réunions"]] == ["Réunion ARS"]


def test_an_anonymised_person_keeps_their_meetings(db):
    person = PersonFactory(first_name="Jeanne", last_name="Martin", email="jeanne.martin@example.org", phone="0601")
    MeetingFactory(title="Réunion ARS").people.add(person)
    anonymise(person)
    person.refresh_from_db()
    assert (person.first_name, person.email, person.phone) == ("Personne", "", "")
    assert "Martin" not in str(person)
    assert person.meetings.count() == 1


def test_people_without_a_meeting_for_three_years_are_listed_for_review(db):
    recent = PersonFactory(last_name="Récent")
    old = PersonFactory(last_name="Ancien")
    never = PersonFactory(last_name="Jamais")
    MeetingFactory(date=datetime.date(2025, 6, 1)).people.add(recent)
    MeetingFactory(date=datetime.date(2022, 6, 1)).people.add(old)
    listed = inactive_people(Person.objects.all(), 3, today=datetime.date(2026, 1, 15))
    assert sorted(p.last_name for p in listed) == ["Ancien", "Jamais"]
    assert never in listed


def test_an_administrator_exports_a_person_from_the_admin(admin_client_):
    person = PersonFactory(first_name="Jeanne", last_name="Martin")
    response = admin_client_.post(
        reverse("admin:interurps_person_changelist"),
        {"action": "export_person_data", "_selected_action": [person.pk]},
    )
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)[0]["personne"]["first_name"] == "Jeanne"


def test_an_administrator_anonymises_a_person_after_confirming(admin_client_):
    person = PersonFactory(first_name="Jeanne", last_name="Martin")
    url = reverse("admin:interurps_person_changelist")
    selection = {"action": "anonymise_people", "_selected_action": [person.pk]}
    confirmation = admin_client_.post(url, selection)
    assert "Oui, anonymiser" in confirmation.content.decode()
    person.refresh_from_db()
    assert person.first_name == "Jeanne"
    admin_client_.post(url, {**selection, "confirmation": "oui"})
    person.refresh_from_db()
    assert person.first_name == "Personne"


def test_the_admin_lists_people_without_activity(admin_client_):
    PersonFactory(last_name="Oublié")
    response = admin_client_.get(reverse("admin:interurps_person_changelist"), {"activite": "inactive"})
    assert "OUBLIÉ" in response.content.decode().upper()

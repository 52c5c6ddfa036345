"""Migrations take a database made by the previous release forward with no row lost.

The database is set back to the migration state of the previous release (the leaf nodes below), filled
with the models as they were then, and migrated forward: every row is still there, new fields have
sensible values. When a release adds migrations, move PREVIOUS_RELEASE to the leaves it shipped.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

PREVIOUS_RELEASE = [
    ("interurps", "0006_meetingcategory_code"),
    ("cpts", "0003_roles"),
    ("sas", "0004_meeting_category_codes"),
    ("reper", "0002_roles"),
    ("pacte", "0005_cohort_region_default"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest_leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def fill(apps):
    """Rows of the main business models, written with the previous release's models."""
    Department = apps.get_model("interurps", "Department")
    Commune = apps.get_model("interurps", "Commune")
    Organisation = apps.get_model("interurps", "Organisation")
    Person = apps.get_model("interurps", "Person")
    Meeting = apps.get_model("interurps", "Meeting")
    Programme = apps.get_model("interurps", "Programme")
    CPTS = apps.get_model("cpts", "CPTS")
    StageChange = apps.get_model("cpts", "StageChange")
    Contact = apps.get_model("cpts", "Contact")

    department = Department.objects.create(code="849", name="Département de test")
    commune = Commune.objects.create(insee_code="84901", name="Testville", department=department, population=12000)
    ars = Organisation.objects.create(name="ARS de test", kind="ars")
    person = Person.objects.create(first_name="Hélène", last_name="Bérard", organisation=ars, email="hb@example.org")
    meeting = Meeting.objects.create(date=datetime.date(2021, 3, 12), title="Comité de test")
    # The programmes come from a data migration; a flush by an earlier transactional test may have removed them.
    programme, _ = Programme.objects.get_or_create(code="cpts", defaults={"name": "CPTS"})
    meeting.programmes.add(programme)
    meeting.organisations.add(ars)
    meeting.people.add(person)
    cpts = CPTS.objects.create(name="CPTS de test", department=department)
    cpts.communes.add(commune)
    cpts.meetings.add(meeting)
    StageChange.objects.create(cpts=cpts, stage="pre_project", date=datetime.date(2020, 1, 6))
    Contact.objects.create(cpts=cpts, person=person, role="president")


def counts(apps):
    names = ["interurps.Organisation", "interurps.Person", "interurps.Meeting", "cpts.CPTS", "cpts.StageChange"]
    result = {name: apps.get_model(name).objects.count() for name in names}
    Meeting, CPTS = apps.get_model("interurps", "Meeting"), apps.get_model("cpts", "CPTS")
    result["meeting people"] = Meeting.people.through.objects.count()
    result["meeting organisations"] = Meeting.organisations.through.objects.count()
    result["cpts communes"] = CPTS.communes.through.objects.count()
    result["cpts meetings"] = CPTS.meetings.through.objects.count()
    result["cpts contacts"] = apps.get_model("cpts", "Contact").objects.count()
    return result


@pytest.mark.django_db(transaction=True)
def test_migrating_the_previous_release_forward_loses_no_row():
    latest = latest_leaves()
    old_apps = migrate(PREVIOUS_RELEASE)
    fill(old_apps)
    before = counts(old_apps)

    new_apps = migrate(latest)

    assert counts(new_apps) == before
    assert before["interurps.Meeting"] == 1 and before["cpts meetings"] == 1
    # New fields: nothing archived; the history starts empty (its first entry is the next change).
    assert not new_apps.get_model("interurps", "Person").objects.filter(archived_at__isnull=False).exists()
    assert not new_apps.get_model("cpts", "CPTS").objects.filter(archived_at__isnull=False).exists()
    assert new_apps.get_model("interurps", "HistoricalPerson").objects.count() == 0

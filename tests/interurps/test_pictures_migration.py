"""Migration 0012 (pictures) takes a base of 0011 forward: unions, people and editions are kept, without pictures."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("interurps", "0011_historical_report_edition_outline")]
AFTER = [("interurps", "0012_pictures")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_migrating_0011_to_the_pictures_keeps_every_union_person_and_edition():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = migrate(BEFORE)
        Union = old.get_model("interurps", "Union")
        union, _ = Union.objects.get_or_create(
            code="urml", defaults={"name": "Union régionale des médecins libéraux", "short_name": "URML"}
        )
        old.get_model("interurps", "Person").objects.create(first_name="Elsa", last_name="Benard", union=union)
        old.get_model("interurps", "ReportEdition").objects.create(year=2021, presidents_message="<p>Mot.</p>")
        unions_before = Union.objects.count()

        new = migrate(AFTER)

        person = new.get_model("interurps", "Person").objects.get(last_name="Benard")
        assert (person.union.code, person.portrait.name, person.portrait_credit) == ("urml", "", "")
        assert new.get_model("interurps", "Union").objects.count() == unions_before
        assert not new.get_model("interurps", "Union").objects.exclude(logo="").exists()
        edition = new.get_model("interurps", "ReportEdition").objects.get(year=2021)
        assert edition.presidents_message == "<p>Mot.</p>"
        assert not new.get_model("interurps", "SectionPhoto").objects.exists()
    finally:
        migrate(latest)

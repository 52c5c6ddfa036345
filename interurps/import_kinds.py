"""The core's own kinds of import (programme apps register theirs in their `AppConfig.ready()`)."""

from interurps.import_registry import register_import_kind


def register():
    register_import_kind(
        key="personnes",
        label="Importer des personnes",
        resource="interurps.resources.contacts.PersonResource",
        permissions=("interurps.add_person", "interurps.change_person"),
        list_url="interurps:person_list",
    )
    register_import_kind(
        key="organisations",
        label="Importer des organisations",
        resource="interurps.resources.contacts.OrganisationResource",
        permissions=("interurps.add_organisation", "interurps.change_organisation"),
        list_url="interurps:organisation_list",
    )
    register_import_kind(
        key="reunions",
        label="Importer des réunions",
        resource="interurps.resources.meetings.MeetingResource",
        permissions=("interurps.add_meeting", "interurps.change_meeting"),
        list_url="interurps:meeting_list",
    )
    register_import_kind(
        key="communes",
        label="Mettre à jour les populations des communes",
        resource="interurps.resources.communes.CommunePopulationResource",
        permissions=("interurps.change_commune",),
        with_population_year=True,
    )

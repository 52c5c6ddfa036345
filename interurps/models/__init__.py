"""The association itself: unions, organisations, people, territory, staff, meetings, funding, report.

One module a theme; every model is importable from `interurps.models` as before.
"""

# The private calendar feed lives beside its .ics writer.
from interurps.calendar import CalendarFeed  # noqa: E402, I001
from interurps.models.audit import ExportLog
from interurps.models.directory import Organisation, Person, PersonQuerySet, StaffMember
from interurps.models.meetings import Funding, Meeting, MeetingCategory, MeetingQuerySet
from interurps.models.reference import Commune, Department, Programme, Union
from interurps.models.report import (
    FreeSection,
    PublishedReport,
    ReportEdition,
    ReportSignatory,
    ReportText,
    SectionPhoto,
    published_report_path,
)

__all__ = [
    "CalendarFeed",
    "Commune",
    "Department",
    "ExportLog",
    "FreeSection",
    "Funding",
    "Meeting",
    "MeetingCategory",
    "MeetingQuerySet",
    "Organisation",
    "Person",
    "PersonQuerySet",
    "Programme",
    "PublishedReport",
    "ReportEdition",
    "ReportSignatory",
    "ReportText",
    "SectionPhoto",
    "StaffMember",
    "Union",
    "published_report_path",
]

"""Demo data of REPER/ICOPE: the project, its unions and consortium, milestones, territories and 2021 meetings.

Loaded by `python manage.py load_demo` after `interurps.demo` and `cpts.demo`, from the files of
`reper/demo_data/`. From the 2021 report: eight unions carry the project (seven are named; the eighth is a
demo choice), the consortium (InterURPS, Gérontopôle, GHT 44 and 49), the call for interest of July 2020,
the launch round table in April 2021, the specifications published on 28 December 2021, the four CPTS
recruited in the second half of 2021, and « une trentaine de réunions » of the elected members — thirty,
on days drawn at random. No figures yet: the experimentation starts after the specifications.
"""

import datetime

from cpts.models import CPTS
from interurps import demo_loader
from interurps.models import Union
from reper.models import ExperimentationTerritory, Milestone, ReperProject

PROJECT = demo_loader.read("reper", "project")


def load_project():
    project, _ = ReperProject.objects.update_or_create(
        name=PROJECT["name"],
        defaults={"description": PROJECT["description"], "start_date": PROJECT["start_date"]},
    )
    project.unions.set(Union.objects.filter(code__in=PROJECT["unions"]))
    project.consortium_members.set([demo_loader.organisation(ref) for ref in PROJECT["consortium"]])
    for row in PROJECT["milestones"]:
        Milestone.objects.update_or_create(
            project=project,
            kind=row["kind"],
            defaults={"date": row["date"], "precision": row["precision"], "label": row["label"], "note": row["note"]},
        )
    territories = PROJECT["territories"]
    cpts = {c.name: c for c in CPTS.objects.filter(name__in=[row["cpts"] for row in territories])}
    for row in territories:
        territory = ExperimentationTerritory(
            project=project,
            cpts=cpts[row["cpts"]],
            status=ExperimentationTerritory.Status.RECRUITED,
            recruitment_date=row["recruitment_date"],
        )
        territory.full_clean(validate_unique=False, validate_constraints=False)
        ExperimentationTerritory.objects.update_or_create(
            project=project,
            cpts=cpts[row["cpts"]],
            defaults={"status": territory.status, "recruitment_date": row["recruitment_date"], "notes": row["notes"]},
        )
    return project, cpts


def territory_meetings(cpts):
    """One meeting to recruit each territory, `days_before` its recruitment, in its CPTS's department."""

    def generate(entry):
        return [
            demo_loader.spec(
                entry,
                row["recruitment_date"] - datetime.timedelta(days=entry["days_before"]),
                title=entry["title"] + row["cpts"],
                department=cpts[row["cpts"]].department.code,
                links={"cpts": [row["cpts"]]},
            )
            for row in PROJECT["territories"]
        ]

    return generate


def load(stdout):
    project, cpts = load_project()
    specs = demo_loader.meeting_specs(
        demo_loader.read("reper", "meetings"), generate={"territories": territory_meetings(cpts)}
    )
    meetings = demo_loader.save_meetings(specs)
    demo_loader.link_meetings(CPTS.meetings, demo_loader.linked(specs, meetings, "cpts", cpts))
    stdout.write(
        f"  reper : projet, {len(PROJECT['unions'])} unions, {len(PROJECT['milestones'])} étapes clés, "
        f"{len(PROJECT['territories'])} territoires, {len(meetings)} réunions."
    )

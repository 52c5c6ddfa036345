"""Demo data of the SAS: the deployment in each department and the meetings of the chargé de mission SAS in 2021.

Loaded by `python manage.py load_demo` after `interurps.demo` and `cpts.demo`, from the files of
`sas/demo_data/`. Every figure of the SAS pages of the 2021 report is a count over these meetings, one
category each: 16 internal meetings, 25 with the ARS, 11 with the SAS follow-up team, 19 with the URPS,
4 on a paediatric SAS, the departmental instances (9 in the 44, 6 in the 72, 1 in the 53), 17 with the
CPTS, 8 with the ADOPS 49, 3 to frame the lawyer's intervention, 6 training webinars and 5 exchanges with
the GRADeS — from 14 June 2021, when Jean CASSARD took up his post. The report dates the highlights; the
other dates are drawn at random (the same on every run).
"""

from cpts.models import CPTS
from interurps import demo_loader
from interurps.models import Department, Meeting, MeetingCategory, Programme
from sas.models import SASDeployment
from sas.services import record_status

LEGAL_CATEGORY = "Appui juridique à la gouvernance"  # the category of the lawyer's intervention (see meetings.json)
DEPLOYMENTS = demo_loader.read("sas", "deployments")["departments"]


def load_deployments():
    cpts = {c.name: c for c in CPTS.objects.all()}
    notes = demo_loader.read("sas", "deployments")["notes"]
    for code, deployment_data in DEPLOYMENTS.items():
        deployment, _ = SASDeployment.objects.update_or_create(
            department=Department.objects.get(code=code), defaults={"notes": notes}
        )
        recorded = set(deployment.statuses.values_list("status", "date"))
        for row in deployment_data["statuses"]:
            if (row["status"], row["date"]) not in recorded:
                record_status(deployment, status=row["status"], date=row["date"], note=row["note"])
        deployment.participating_cpts.set([cpts[name] for name in deployment_data["cpts"]])


def legal_category():
    """A SAS category for the framing of the lawyer's intervention (reference data the demo adds)."""
    programme = Programme.objects.get(code="sas")
    last = programme.categories.order_by("-order").values_list("order", flat=True).first() or 0
    MeetingCategory.objects.get_or_create(programme=programme, name=LEGAL_CATEGORY, defaults={"order": last + 1})


def cpts_meetings(entry):
    """The meetings with CPTS (`cpts_meetings.json`): a few on days of given ranks among those drawn, then
    the others in turn with the CPTS of a list; each names its CPTS in `links["cpts"]`."""
    data = demo_loader.read("sas", "cpts_meetings")
    random_ = demo_loader.rng(data["seed"])
    days = demo_loader.spread_dates(random_, data["start"], data["end"], data["count"], exclude=set(data["exclude"]))
    base = {"programmes": ["sas"], "category": ["sas", "cpts"], "staff": ["jean.cassard"]}
    inter, new_staff, others = data["inter_cpts"], data["new_staff"], data["others"]
    specs = [
        demo_loader.spec(
            {**base, **inter},
            days[rank],
            links={"cpts": inter["cpts"]},
            **(inter["first"] if index == 0 else {}),
        )
        for index, rank in enumerate(inter["days"])
    ]
    specs.append(demo_loader.spec({**base, **new_staff}, days[new_staff["day"]], links={"cpts": new_staff["cpts"]}))
    taken = {days[rank] for rank in [*inter["days"], new_staff["day"]]}
    for index, day in enumerate(day for day in days if day not in taken):
        name = others["cpts"][index % len(others["cpts"])]
        specs.append(
            demo_loader.spec(
                base,
                day,
                title=others["title"] + name,
                mode=random_.choice(others["modes"]),
                links={"cpts": [name]},
            )
        )
    return specs


def join_shared_meetings():
    """The SAS takes part in meetings of other programmes (`shared_meetings.json`), as a highlight of its year."""
    data = demo_loader.read("sas", "shared_meetings")
    programme, staff = Programme.objects.get(code=data["programme"]), demo_loader.demo_user(data["staff"])
    for row in data["meetings"]:
        meeting = Meeting.objects.get(date=row["date"], title=row["title"])
        meeting.programmes.add(programme)
        meeting.staff.add(staff)
        meeting.is_highlight, meeting.highlight_summary = True, row["highlight_summary"]
        meeting.save(update_fields=["is_highlight", "highlight_summary"])


def load(stdout):
    load_deployments()
    legal_category()
    specs = demo_loader.meeting_specs(demo_loader.read("sas", "meetings"), generate={"cpts": cpts_meetings})
    meetings = demo_loader.save_meetings(specs)
    cpts = {c.name: c for c in CPTS.objects.all()}
    demo_loader.link_meetings(CPTS.meetings, demo_loader.linked(specs, meetings, "cpts", cpts))
    join_shared_meetings()
    stdout.write(f"  sas : {len(DEPLOYMENTS)} déploiements départementaux, {len(meetings) + 2} rencontres.")

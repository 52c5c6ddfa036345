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
from interurps.demo import report_edition, set_report_text
from interurps.models import ReportText, Union
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


# The section's editorial texts in the 2021 edition (2021 report; its figures are computed, not written here).
INTRODUCTION = """<p>Des unions de l'InterURPS ont souhaité s'investir pour porter un
projet dénommé « REPER - Repérage des PERsonnes âgées à domicile ». Ce projet, s'appuyant sur la démarche ICOPE,
déployée par l'OMS, cherche à favoriser le repérage et l'évaluation de la fragilité par les professionnels de santé
libéraux ainsi que le parcours coordonné pluriprofessionnel mis en place à la suite de ces deux étapes.</p>
<p>L'appel à manifestation d'intérêt « Expérimentation nationale d'un dépistage multidimensionnel du déclin fonctionnel
lié à l'âge » publié en juillet 2020 par le Ministère des Solidarités et de la Santé et la Caisse Nationale d'Assurance
Maladie, a été une véritable opportunité pour développer ce projet sur le territoire en y intégrant d'autres
parties-prenantes qui interviennent en amont et en aval du dispositif de repérage et dépistage. La réponse à cet appel à
manifestation d'intérêt a ainsi pu être portée par un consortium composé de l'InterURPS, du Gérontopôle des Pays de la
Loire et des Groupements Hospitaliers de Territoire de Maine-et-Loire et Loire-Atlantique.</p>
<p>Le consortium a été retenu avec 9 autres porteurs pour définir le futur cahier des charges de l'expérimentation
nationale. Les travaux ont consisté à réaliser les ajustements de la démarche ICOPE au contexte français, concevoir les
conditions de mise en œuvre opérationnelle dans les territoires et le champ des organisations possibles, prévoir les
articulations possibles avec les systèmes d'information et les outils de santé numériques notamment le DMP, construire
le modèle de financement des activités nouvelles concourant à la réalisation de la démarche et lister les indicateurs et
les données nécessaires à l'évaluation.</p>
<p>Le consortium a confirmé sa candidature pour faire partie des premiers acteurs de cette expérimentation nationale.
Une table-ronde a été organisée en avril à l'occasion du lancement du programme dans la région : cette soirée en
conférence audiovisuelle, à destination des partenaires, a permis de présenter le programme et la démarche
régionale.</p>"""


def load_texts():
    """The editorial texts of the section in the 2021 report edition (what no query can produce)."""
    edition = report_edition()
    set_report_text(edition, "reper", ReportText.Kind.INTRODUCTION, INTRODUCTION)


def load(stdout):
    load_texts()
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

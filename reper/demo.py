"""Demo data of REPER/ICOPE: the project, its unions and consortium, milestones, territories and 2021 meetings.

Loaded by `python manage.py load_demo` after `interurps.demo` and `cpts.demo`. From the 2021 report: eight
unions carry the project (seven are named; the eighth is a demo choice), the consortium (InterURPS, Gérontopôle,
GHT 44 and 49), the call for interest of July 2020, the launch round table in April 2021, the specifications
published on 28 December 2021, the four CPTS recruited in the second half of 2021, and « une trentaine de
réunions » of the elected members — thirty, on days drawn at random. No figures yet: the experimentation
starts after the specifications.
"""

import datetime

from cpts.models import CPTS
from interurps.demo import (
    DEMO_NOTE,
    SOURCE_2021,
    MeetingSpec,
    organisation,
    rng,
    save_meetings,
    spread_dates,
)
from interurps.models import Meeting, Union
from reper.models import ExperimentationTerritory, Milestone, ReperProject

YEAR = 2021
PROJECT_NAME = "REPER – Repérage des PERsonnes âgées à domicile"
# Seven unions are named by the 2021 report; « huit unions » take part: the chirurgiens-dentistes are a demo guess.
UNIONS = ["kines", "infirmiers", "urml", "orthophonistes", "orthoptistes", "podologues", "pharmaciens", "dentistes"]
CONSORTIUM = ["InterURPS", "Gérontopôle", "GHT 44", "GHT 49"]
M, D = Milestone.Precision.MONTH, Milestone.Precision.DAY
MILESTONES = [
    (
        Milestone.Kind.CALL_FOR_INTEREST,
        datetime.date(2020, 7, 1),
        M,
        "Appel à manifestation d'intérêt « Expérimentation nationale d'un dépistage multidimensionnel du déclin "
        "fonctionnel lié à l'âge »",
        "Publié par le Ministère des Solidarités et de la Santé et la Caisse Nationale d'Assurance Maladie.",
    ),
    (
        Milestone.Kind.CONSORTIUM_SELECTED,
        datetime.date(2020, 12, 1),
        M,
        "Consortium retenu avec 9 autres porteurs pour définir le cahier des charges",
        "",
    ),
    (
        Milestone.Kind.LAUNCH,
        datetime.date(2021, 4, 1),
        M,
        "Table-ronde de lancement du programme dans la région",
        "Soirée en conférence audiovisuelle à destination des partenaires.",
    ),
    (
        Milestone.Kind.SPECIFICATIONS_PUBLISHED,
        datetime.date(2021, 12, 28),
        D,
        "Cahier des charges de l'expérimentation nationale publié",
        "",
    ),
    (
        Milestone.Kind.CANDIDACY_CONFIRMED,
        datetime.date(2021, 12, 31),
        M,
        "Candidature confirmée pour faire partie des premiers acteurs de l'expérimentation nationale",
        "",
    ),
]
# The territories « recrutés durant le deuxième semestre 2021 » (days are demo data).
TERRITORIES = [
    ("CPTS Pays de Retz", datetime.date(2021, 9, 20)),
    ("CPTS Sud Loire Vignoble", datetime.date(2021, 9, 27)),
    ("CPTS Centre Vendée", datetime.date(2021, 10, 11)),
    ("CPTS du Grand Saumurois", datetime.date(2021, 10, 25)),
]
ELECTED_MEETINGS = 30  # « une trentaine de réunions »
CONSORTIUM_MEETINGS = 10


def load_project():
    project, _ = ReperProject.objects.update_or_create(
        name=PROJECT_NAME,
        defaults={
            "description": "Projet porté par des URPS de l'InterURPS, s'appuyant sur la démarche ICOPE de l'OMS : "
            "repérage et évaluation de la fragilité des personnes âgées à domicile par les professionnels de santé "
            "libéraux, puis parcours coordonné pluriprofessionnel. "
            f"{DEMO_NOTE} Le rapport 2021 ne date pas la sélection du consortium ni la confirmation de sa "
            "candidature : leurs mois sont plausibles.",
            "start_date": datetime.date(2020, 7, 1),
        },
    )
    project.unions.set(Union.objects.filter(code__in=UNIONS))
    project.consortium_members.set([organisation(ref) for ref in CONSORTIUM])
    for kind, day, precision, label, note in MILESTONES:
        Milestone.objects.update_or_create(
            project=project, kind=kind, defaults={"date": day, "precision": precision, "label": label, "note": note}
        )
    cpts = {c.name: c for c in CPTS.objects.filter(name__in=[name for name, _ in TERRITORIES])}
    for name, day in TERRITORIES:
        territory = ExperimentationTerritory(
            project=project, cpts=cpts[name], status=ExperimentationTerritory.Status.RECRUITED, recruitment_date=day
        )
        territory.full_clean(validate_unique=False, validate_constraints=False)
        ExperimentationTerritory.objects.update_or_create(
            project=project,
            cpts=cpts[name],
            defaults={"status": territory.status, "recruitment_date": day, "notes": SOURCE_2021},
        )
    return project, cpts


def reper_meetings(cpts):
    """The elected members' meetings, the consortium's, and one meeting to recruit each territory."""
    random_ = rng("reper")
    specs = [
        MeetingSpec(
            date=day,
            title="Réunion des élus URPS du projet REPER",
            programmes=("reper",),
            category=("reper", "elected_members"),
            mode=random_.choice([Meeting.Mode.REMOTE, Meeting.Mode.HYBRID]),
        )
        for day in spread_dates(random_, datetime.date(2021, 1, 11), datetime.date(2021, 12, 17), ELECTED_MEETINGS)
    ]
    partners = [organisation(ref) for ref in CONSORTIUM]
    specs += [
        MeetingSpec(
            date=day,
            title="Réunion du consortium REPER/ICOPE",
            programmes=("reper",),
            category=("reper", "consortium"),
            mode=Meeting.Mode.REMOTE,
            organisations=partners,
        )
        for day in spread_dates(random_, datetime.date(2021, 1, 11), datetime.date(2021, 12, 17), CONSORTIUM_MEETINGS)
    ]
    specs.append(
        MeetingSpec(
            date=datetime.date(2021, 4, 15),
            title="Table-ronde de lancement du programme REPER/ICOPE",
            programmes=("reper",),
            category=("reper", "consortium"),
            kind=Meeting.Kind.EVENT,
            mode=Meeting.Mode.REMOTE,
            organisations=partners,
            notes="Soirée en conférence audiovisuelle à destination des partenaires (avril 2021 d'après le rapport "
            "d'activité 2021 ; jour de démonstration).",
        )
    )
    specs += [
        MeetingSpec(
            date=day - datetime.timedelta(days=14),
            title=f"Recrutement du territoire d'expérimentation – {name}",
            programmes=("reper",),
            category=("reper", "experimentation_territory"),
            department=cpts[name].department.code,
        )
        for name, day in TERRITORIES
    ]
    return specs


def load(stdout):
    project, cpts = load_project()
    specs = reper_meetings(cpts)
    meetings = save_meetings(specs)
    CPTS.meetings.through.objects.bulk_create(
        [
            CPTS.meetings.through(
                cpts_id=cpts[name].pk, meeting_id=meetings[(day - datetime.timedelta(days=14), title)].pk
            )
            for name, day in TERRITORIES
            for title in [f"Recrutement du territoire d'expérimentation – {name}"]
        ],
        ignore_conflicts=True,
    )
    stdout.write(
        f"  reper : projet, {len(UNIONS)} unions, {len(MILESTONES)} étapes clés, {len(TERRITORIES)} territoires, "
        f"{len(meetings)} réunions."
    )

"""Demo data of the SAS: the deployment in each department and the meetings of the chargé de mission SAS in 2021.

Loaded by `python manage.py load_demo` after `interurps.demo` and `cpts.demo`. Every figure of the SAS pages
of the 2021 report is a count over these meetings, one category each: 16 internal meetings, 25 with the ARS,
11 with the SAS follow-up team, 19 with the URPS, 4 on a paediatric SAS, the departmental instances (9 in the 44,
6 in the 72, 1 in the 53), 17 with the CPTS, 8 with the ADOPS 49, 3 to frame the lawyer's intervention,
6 training webinars and 5 exchanges with the GRADeS — from 14 June 2021, when Jean CASSARD took up his post.
The report dates the highlights; the other dates are drawn at random (the same on every run).
"""

import datetime

from cpts.demo import REGIONAL_DAY_TITLE
from cpts.models import CPTS
from interurps.demo import (
    CASSARD,
    SEMINAR_2021,
    SEMINAR_TITLE,
    SOURCE_2021,
    MeetingSpec,
    demo_user,
    organisation,
    person,
    rng,
    save_meetings,
    spread_dates,
)
from interurps.models import Department, Meeting, MeetingCategory, Programme
from sas.models import SASDeployment, SASDeploymentStatus
from sas.services import record_status

YEAR = 2021
START = datetime.date(2021, 6, 14)  # « prise de poste effective au 14 juin 2021 »
END = datetime.date(2021, 12, 17)
LEGAL_CATEGORY = "Appui juridique à la gouvernance"
DEPLOYMENT_NOTE = (
    "Donnée de démonstration : statuts d'après le rapport d'activité 2021 (projet pilote retenu en "
    "Loire-Atlantique, accompagné en Sarthe, préparation du déploiement dans les trois autres départements) ; "
    "les jours sont plausibles."
)

# department: [(status, date, note)], and the CPTS taking part.
DEPLOYMENTS = {
    "44": (
        [
            (SASDeploymentStatus.Status.PROPOSED, datetime.date(2020, 11, 30), "appel à candidatures du ministère"),
            (SASDeploymentStatus.Status.PILOT_SELECTED, datetime.date(2021, 1, 12), ""),
        ],
        ["CPTS Atlantique Nord Loire", "CPTS Ancenis", "CPTS Pays de Retz", "CPTS Sud Loire Vignoble"],
    ),
    "72": (
        [
            (SASDeploymentStatus.Status.PROPOSED, datetime.date(2020, 11, 30), "appel à candidatures du ministère"),
            (
                SASDeploymentStatus.Status.PILOT_SUPPORTED,
                datetime.date(2021, 2, 15),
                "soutien et accompagnement de l'ARS",
            ),
        ],
        ["CPTS du Maine"],
    ),
    "49": ([(SASDeploymentStatus.Status.PREPARATION, datetime.date(2021, 6, 1), "accompagnement de l'ARS")], []),
    "53": ([(SASDeploymentStatus.Status.PREPARATION, datetime.date(2021, 6, 1), "accompagnement de l'ARS")], []),
    "85": ([(SASDeploymentStatus.Status.PREPARATION, datetime.date(2021, 6, 1), "accompagnement de l'ARS")], []),
}


def load_deployments():
    cpts = {c.name: c for c in CPTS.objects.all()}
    for code, (statuses, participants) in DEPLOYMENTS.items():
        deployment, _ = SASDeployment.objects.update_or_create(
            department=Department.objects.get(code=code), defaults={"notes": DEPLOYMENT_NOTE}
        )
        recorded = set(deployment.statuses.values_list("status", "date"))
        for status, day, note in statuses:
            if (status, day) not in recorded:
                record_status(deployment, status=status, date=day, note=note)
        deployment.participating_cpts.set([cpts[name] for name in participants])


def legal_category():
    """A SAS category for the framing of the lawyer's intervention (reference data the demo adds)."""
    programme = Programme.objects.get(code="sas")
    last = programme.categories.order_by("-order").values_list("order", flat=True).first() or 0
    MeetingCategory.objects.get_or_create(programme=programme, name=LEGAL_CATEGORY, defaults={"order": last + 1})


def series(salt, count, title, category, start=START, end=END, titles=None, **fields):
    """`count` SAS meetings of one category on days drawn between `start` and `end`."""
    random_ = rng(f"sas-{salt}")
    mode = fields.pop("mode", None)
    specs = []
    for index, day in enumerate(spread_dates(random_, start, end, count)):
        specs.append(
            MeetingSpec(
                date=day,
                title=titles[index % len(titles)] if titles else title,
                programmes=("sas",),
                category=("sas", category),
                mode=mode or random_.choice([Meeting.Mode.REMOTE, Meeting.Mode.IN_PERSON]),
                **fields,
            )
        )
    return specs


def highlight(spec, summary):
    spec.is_highlight, spec.highlight_summary, spec.notes = True, summary, SOURCE_2021
    return spec


def sas_meetings():
    """(specs, {CPTS name: [index of spec]}) of the chargé de mission SAS's meetings of 2021."""
    cassard = [demo_user(CASSARD)]
    ars, chu, grades = organisation("ARS"), organisation("CHU"), organisation("GRADeS")
    specs = []
    specs += series(
        "interne",
        16,
        "",
        "internal",
        end=datetime.date(2021, 10, 29),
        staff=cassard,
        titles=[
            "Réunion interne : prise de fonction du chargé de mission SAS",
            "Réunion interne : connaissance du territoire et du jeu d'acteurs",
            "Réunion interne : enjeux du SAS pour la pratique des professionnels",
        ],
    )
    specs += series(
        "ars",
        25,
        "Point de synchronisation SAS avec l'ARS",
        "ars_sync",
        mode=Meeting.Mode.REMOTE,
        staff=cassard,
        organisations=[ars],
    )
    specs += series(
        "suivi",
        11,
        "Équipe de suivi du SAS 44 (CHU, ARL, représentants des CPTS du 44)",
        "sas_followup_team",
        department="44",
        staff=cassard,
        organisations=[chu],
    )
    specs += series("urps", 19, "Rencontre avec les URPS : le SAS et le pluriprofessionnel", "urps_link", staff=cassard)
    specs += series(
        "pediatrie",
        4,
        "Premières réflexions sur un SAS pédiatrie avec les URPS",
        "sas_paediatrics",
        start=datetime.date(2021, 10, 1),
        staff=cassard,
    )

    instances = []
    for department, count, titles in [
        (
            "44",
            9,
            [
                "Groupe de travail du SAS 44 : gouvernance",
                "Groupe de travail du SAS 44 : modèle économique",
                "Groupe de travail du SAS 44 : communication",
                "Comité stratégique du SAS 44",
            ],
        ),
        (
            "72",
            6,
            [
                "Groupe de travail du SAS 72 : gouvernance",
                "Groupe de travail du SAS 72 : modèle économique",
                "Comité stratégique du SAS 72",
            ],
        ),
        ("53", 1, ["Comité de pilotage élargi du SAS 53"]),
    ]:
        instances += series(
            f"instances-{department}",
            count,
            "",
            "departmental_instance",
            titles=titles,
            start=datetime.date(2021, 9, 1),
            department=department,
            staff=cassard,
            organisations=[ars],
            kind=Meeting.Kind.GOVERNANCE,
        )
    specs += instances

    cpts_specs, links = cpts_meetings(cassard)
    specs_offset = len(specs)
    specs += cpts_specs
    links = {name: [specs_offset + index for index in indexes] for name, indexes in links.items()}

    adops = series(
        "adops",
        8,
        "Questionnaire sur la prise en charge des SNP avec l'ADOPS 49",
        "provider_associations",
        start=datetime.date(2021, 7, 1),
        department="49",
        staff=cassard,
        organisations=[organisation("ADOPS 49")],
    )
    highlight(
        adops[0],
        "Travail sur la réalisation d'un questionnaire sur la prise en charge des SNP en collaboration avec "
        "l'ADOPS 49 : rédaction, création Google Form, envoi, analyse",
    )
    specs += adops
    framing = series(
        "cadrage",
        3,
        "Cadrage de l'intervention de Mme Richard Michelet (Sia Conseils)",
        LEGAL_CATEGORY,
        start=datetime.date(2021, 10, 1),
        staff=cassard,
        organisations=[organisation("Sia Conseils")],
        people=[person("", "Richard Michelet")],
    )
    highlight(
        framing[0],
        "Cadrage de l'intervention de Mme Richard Michelet, avocate du cabinet Sia Conseils, afin qu'elle puisse "
        "accompagner les professionnels de santé libéraux dans la mise en place de la gouvernance des différents "
        "SAS départementaux",
    )
    specs += framing
    centre_15 = organisation("Centre 15")
    specs.append(
        highlight(
            MeetingSpec(
                date=datetime.date(2021, 10, 15),
                title="Demi-journée d'immersion au Centre 15",
                programmes=("sas",),
                category=("sas", "regulation"),
                department="44",
                staff=cassard,
                organisations=[centre_15],
            ),
            "Une demi-journée d'immersion au Centre 15 afin de mieux comprendre le fonctionnement et l'articulation "
            "des acteurs (OSNP, ARM, MRG...)",
        )
    )
    # « Tenue des premiers contacts » is not dated in the seed: two calls of one title, which the report counts.
    contacts = [
        MeetingSpec(
            date=day,
            title="Premiers contacts avec le staff de régulation du Centre 15",
            programmes=("sas",),
            category=("sas", "regulation"),
            kind=Meeting.Kind.CALL,
            mode=Meeting.Mode.REMOTE,
            department="44",
            staff=cassard,
            organisations=[centre_15],
        )
        for day in (datetime.date(2021, 12, 2), datetime.date(2021, 12, 9))
    ]
    highlight(
        contacts[0],
        "Tenue des premiers contacts afin d'organiser la rencontre entre les URPS et le staff de régulation du "
        "Centre 15, qui se tiendra le 2 juin 2022",
    )
    specs += contacts
    specs += series(
        "webinaires",
        6,
        "Webinaire de formation à la plateforme numérique SAS",
        "training_webinar",
        mode=Meeting.Mode.REMOTE,
        kind=Meeting.Kind.WEBINAR,
        staff=cassard,
    )
    specs += series(
        "grades",
        5,
        "Échange avec le GRADeS sur la plateforme numérique SAS",
        "grades",
        mode=Meeting.Mode.REMOTE,
        staff=cassard,
        organisations=[grades],
    )
    return specs, links


def cpts_meetings(cassard):
    """The 17 meetings with CPTS: the first two Inter CPTS 44, the presentation to the CPTS's new staff,
    and first reflections with CPTS of the region."""
    names = [
        "CPTS Sud Loire Vignoble",
        "CPTS Pays de Retz",
        "CPTS Ancenis",
        "CPTS Atlantique Nord Loire",
        "CPTS du Maine",
        "CPTS Centre Vendée",
        "CPTS Loire Vendée Océan",
        "CPTS Littoral Vendéen",
        "CPTS du Grand Saumurois",
        "CPTS Erdre et Cens",
        "CPTS Terre de Montaigne",
        "CPTS Plaine et Marais",
        "CPTS Sud-Vendée",
    ]
    cpts_44 = ["CPTS Atlantique Nord Loire", "CPTS Ancenis", "CPTS Pays de Retz", "CPTS Sud Loire Vignoble"]
    random_ = rng("sas-cpts")
    days = spread_dates(random_, datetime.date(2021, 6, 21), END, 17, exclude={datetime.date(2021, 10, 7)})
    specs, links = [], {}
    first, second = days[6], days[12]
    for day in (first, second):
        links.update({name: links.get(name, []) + [len(specs)] for name in cpts_44})
        specs.append(
            MeetingSpec(
                date=day,
                title="Rencontre Inter CPTS 44",
                programmes=("sas",),
                category=("sas", "cpts"),
                department="44",
                staff=cassard,
            )
        )
    # Not dated in the seed: the report counts the meetings of the same title instead of printing a date.
    highlight(specs[0], "Tenue des premières rencontres Inter CPTS 44 : premières réflexions avec les CPTS sur le SAS")
    new_staff = days[9]
    links.update(
        {name: links.get(name, []) + [len(specs)] for name in ("CPTS Sud Loire Vignoble", "CPTS Erdre et Cens")}
    )
    specs.append(
        MeetingSpec(
            date=new_staff,
            title="Présentation du dispositif SAS aux nouvelles RH des CPTS",
            programmes=("sas",),
            category=("sas", "cpts"),
            department="44",
            staff=cassard,
            people=[person("Lucie", "BERNIER"), person("Claire", "MOREAU")],
        )
    )
    others = [day for day in days if day not in (first, second, new_staff)]
    for index, day in enumerate(others):
        name = names[index % len(names)]
        links.setdefault(name, []).append(len(specs))
        specs.append(
            MeetingSpec(
                date=day,
                title=f"Le SAS et les soins non programmés – {name}",
                programmes=("sas",),
                category=("sas", "cpts"),
                mode=random_.choice([Meeting.Mode.REMOTE, Meeting.Mode.IN_PERSON]),
                staff=cassard,
            )
        )
    return specs, links


def join_shared_meetings():
    """The SAS took part in two meetings of other programmes: the CPTS coordinators' day of 7 October 2021
    (to present the SAS) and the InterURPS seminar of 23 November 2021 (and its organisation)."""
    sas, cassard = Programme.objects.get(code="sas"), demo_user(CASSARD)
    shared = [
        (
            datetime.date(2021, 10, 7),
            REGIONAL_DAY_TITLE,
            "Participation à 1 journée des coordonnateurs et coordonnatrices des CPTS des Pays de la Loire pour leur "
            "présenter le dispositif SAS, au Mans",
        ),
        (
            SEMINAR_2021,
            SEMINAR_TITLE,
            "Participation au séminaire InterURPS « Mieux se connaître pour agir en santé sur nos territoires » et, "
            "en amont, à son organisation (participation aux réunions et prise de contacts avec des intervenants)",
        ),
    ]
    for day, title, summary in shared:
        meeting = Meeting.objects.get(date=day, title=title)
        meeting.programmes.add(sas)
        meeting.staff.add(cassard)
        meeting.is_highlight, meeting.highlight_summary = True, summary
        meeting.save(update_fields=["is_highlight", "highlight_summary"])


def load(stdout):
    load_deployments()
    legal_category()
    specs, links = sas_meetings()
    meetings = save_meetings(specs)
    cpts = {c.name: c for c in CPTS.objects.filter(name__in=links)}
    CPTS.meetings.through.objects.bulk_create(
        [
            CPTS.meetings.through(cpts_id=cpts[name].pk, meeting_id=meetings[(specs[i].date, specs[i].title)].pk)
            for name, indexes in links.items()
            for i in indexes
        ],
        ignore_conflicts=True,
    )
    join_shared_meetings()
    stdout.write(f"  sas : {len(DEPLOYMENTS)} déploiements départementaux, {len(meetings) + 2} rencontres.")

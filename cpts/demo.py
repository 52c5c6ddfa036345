"""Demo data of the CPTS domain: the CPTS of the sources with their territory, history, ACI and the team's meetings.

Loaded by `python manage.py load_demo` after `interurps.demo` (whose organisations, people and staff it uses).

What comes from the sources (`seeds/`):
- the CPTS named in them: accompanied in 2021 and ACI signed in 2021 with their dates (2021 report),
  those of the 2020 regional webinar (COLHAJ, Littoral Vendéen…), the 2018 accompaniment history of the
  URML report (Montaigu in January 2018, Fontenay-le-Comte in May, Les Sables-d'Olonne in June,
  Châteaubriant in September, Saumur in October, Le Mans in November, Ancenis and Luçon in April 2019…);
- the regional state of play of December 2020 (CPR of 4 February 2021): 7 ACI signed, 12 health projects
  validated, 11 letters of intent, 5 projects in reflection — 28 projects, which the stage histories below
  reproduce on 31/12/2020; five CPTS the sources do not name complete the count (`fictitious`);
- « 686 000 € versés en 2020 pour les 7 premiers ACI »: the 2020 payments of the seven contracts add up to it;
- the people named with their role in a CPTS (presidents and coordinators of the 2020 webinar).

What is plausible demo data: the exact dates the sources give only as a month or not at all, the territories
(real communes grown around the CPTS's town up to a population consistent with its size, without overlaps),
the completed steps of the method, the amounts other than the 2020 total, the adhesion counts and the
meetings that the report only counts (« environ 283 réunions »).
"""

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from cpts.enums import AccompanyingBody, ContactRole, Employer, Mission, PaymentKind, Stage
from cpts.models import CPTS, AccompanimentStep, ACIContract, Adhesion, Contact
from cpts.services import complete_step, move_to_stage, record_payment, set_territory, sign_aci
from interurps.demo import (
    BOUTIER,
    CLEMENT,
    DEMO_NOTE,
    LE_NY,
    SOURCE_2021,
    MeetingSpec,
    demo_user,
    organisation,
    person,
    rng,
    save_meetings,
    save_person,
    spread_dates,
    working_days,
)
from interurps.models import Commune, Department, Meeting, Person

YEAR = 2021
INTERURPS = AccompanyingBody.INTERURPS
SEED_2021 = "rapport d'activité InterURPS 2021"
SEED_WEBINAR = "webinaire InterURPS du 10/12/2020"
SEED_CPR = "CPR des CPTS du 04/02/2021"
SEED_URML = "rapport d'activité 2018 de l'URML"


@dataclass(frozen=True)
class DemoCPTS:
    name: str
    department: str
    centre: str  # INSEE code of the town the territory is grown around
    population: int  # the population the territory is grown to (about)
    stages: tuple  # ((stage, (year, month, day)), …) in order; ACI_SIGNED goes through `sign_aci`
    accompanied_by: str = ""
    accompanied_by_detail: str = ""
    referents: tuple = ()  # usernames
    optional_missions: tuple = ()
    declared_population: int | None = None
    declared_population_note: str = ""
    sources: tuple = ()  # where the CPTS and its dates come from
    fictitious: bool = False  # a CPTS the sources count without naming it

    def date_of(self, stage):
        return next((datetime.date(*day) for s, day in self.stages if s == stage), None)

    @property
    def first_date(self):
        return datetime.date(*self.stages[0][1])


PRE, LOI, HP, ACI = Stage.PRE_PROJECT, Stage.LETTER_OF_INTENT, Stage.HEALTH_PROJECT, Stage.ACI_SIGNED
SUPPORT, QUALITY = Mission.SUPPORT, Mission.QUALITY
GESCALIB = "Gescalib, consultant missionné par les URPS"

CPTS_LIST = [
    # The first seven ACI of the region, signed in 2020.
    DemoCPTS(
        "CPTS COLHAJ", "49", "49345", 60_000,
        ((PRE, (2018, 1, 15)), (LOI, (2019, 5, 20)), (HP, (2020, 2, 10)), (ACI, (2020, 9, 3))),
        optional_missions=(SUPPORT, QUALITY), sources=(SEED_WEBINAR, SEED_CPR),
    ),
    DemoCPTS(
        "CPTS Littoral Vendéen", "85", "85194", 88_000,
        ((PRE, (2018, 6, 4)), (LOI, (2019, 4, 15)), (HP, (2020, 1, 20)), (ACI, (2020, 11, 19))),
        accompanied_by=AccompanyingBody.CONSULTANT, accompanied_by_detail=GESCALIB,
        optional_missions=(SUPPORT, QUALITY), declared_population=88_000,
        declared_population_note="Population présentée au webinaire InterURPS du 10/12/2020 (taille 3).",
        sources=(SEED_URML, SEED_WEBINAR, SEED_CPR),
    ),
    DemoCPTS(
        "CPTS Terre de Montaigne", "85", "85146", 75_000,
        ((PRE, (2018, 1, 15)), (LOI, (2018, 12, 10)), (HP, (2019, 11, 25)), (ACI, (2020, 6, 29))),
        accompanied_by=AccompanyingBody.OTHER, accompanied_by_detail="élus de l'URML",
        optional_missions=(SUPPORT, QUALITY), sources=(SEED_URML, SEED_WEBINAR, SEED_CPR),
    ),
    DemoCPTS(
        "CPTS Sud-Vendée", "85", "85092", 80_000,
        ((PRE, (2018, 5, 14)), (LOI, (2019, 2, 18)), (HP, (2019, 12, 16)), (ACI, (2020, 7, 9))),
        accompanied_by=AccompanyingBody.CONSULTANT, accompanied_by_detail=GESCALIB,
        optional_missions=(SUPPORT,), sources=(SEED_URML, SEED_WEBINAR, SEED_CPR),
    ),
    DemoCPTS(
        "CPTS Atlantique Nord Loire", "44", "44036", 55_000,
        ((PRE, (2018, 9, 17)), (LOI, (2019, 3, 25)), (HP, (2020, 1, 27)), (ACI, (2020, 10, 15))),
        accompanied_by=INTERURPS, referents=(LE_NY,),
        optional_missions=(SUPPORT, QUALITY), sources=(SEED_URML, SEED_WEBINAR, SEED_CPR),
    ),
    DemoCPTS(
        "CPTS du Maine", "72", "72181", 220_000,
        ((PRE, (2018, 11, 19)), (LOI, (2019, 6, 24)), (HP, (2020, 5, 25)), (ACI, (2020, 12, 8))),
        accompanied_by=INTERURPS, referents=(LE_NY,),
        optional_missions=(SUPPORT,), sources=(SEED_URML, SEED_WEBINAR, SEED_CPR),
    ),
    DemoCPTS(
        "CPTS Sud-Ouest Mayenne", "53", "53084", 30_000,
        ((PRE, (2018, 3, 5)), (LOI, (2018, 10, 1)), (HP, (2019, 9, 16)), (ACI, (2020, 3, 12))),
        sources=(SEED_URML, SEED_CPR),
    ),
    # The seven ACI signed in 2021 (2021 report), their projects validated by December 2020 but two.
    DemoCPTS(
        "CPTS du Grand Saumurois", "49", "49328", 110_000,
        ((PRE, (2018, 10, 15)), (LOI, (2019, 7, 8)), (HP, (2020, 9, 21)), (ACI, (2021, 3, 12))),
        accompanied_by=INTERURPS, referents=(BOUTIER,), optional_missions=(SUPPORT, QUALITY),
        sources=(SEED_URML, SEED_CPR, SEED_2021),
    ),
    DemoCPTS(
        "CPTS Loire Vendée Océan", "85", "85047", 105_000,
        ((PRE, (2018, 10, 22)), (LOI, (2019, 9, 23)), (HP, (2020, 10, 19)), (ACI, (2021, 3, 24))),
        accompanied_by=INTERURPS, referents=(BOUTIER,), optional_missions=(SUPPORT,),
        sources=(SEED_URML, SEED_WEBINAR, SEED_2021),
    ),
    DemoCPTS(
        "CPTS Plaine et Marais", "85", "85128", 60_000,
        ((PRE, (2019, 4, 8)), (LOI, (2019, 12, 9)), (HP, (2020, 11, 16)), (ACI, (2021, 3, 24))),
        accompanied_by=INTERURPS, referents=(BOUTIER,), optional_missions=(SUPPORT, QUALITY),
        sources=(SEED_URML, SEED_2021),
    ),
    DemoCPTS(
        "CPTS Ancenis", "44", "44003", 85_000,
        ((PRE, (2019, 4, 15)), (LOI, (2020, 1, 13)), (HP, (2020, 12, 14)), (ACI, (2021, 6, 14))),
        accompanied_by=INTERURPS, referents=(LE_NY,), optional_missions=(SUPPORT,),
        sources=(SEED_URML, SEED_2021),
    ),
    DemoCPTS(
        "CPTS Pays de Retz", "44", "44186", 125_000,
        ((PRE, (2019, 6, 3)), (LOI, (2020, 2, 24)), (HP, (2020, 12, 7)), (ACI, (2021, 6, 23))),
        accompanied_by=INTERURPS, referents=(LE_NY,), optional_missions=(SUPPORT, QUALITY), sources=(SEED_2021,),
    ),
    DemoCPTS(
        "CPTS Sud Loire Vignoble", "44", "44043", 75_000,
        ((PRE, (2019, 9, 9)), (LOI, (2020, 6, 15)), (HP, (2021, 3, 29)), (ACI, (2021, 7, 5))),
        accompanied_by=INTERURPS, referents=(LE_NY,), optional_missions=(SUPPORT,),
        sources=(SEED_WEBINAR, SEED_2021),
    ),
    DemoCPTS(
        "CPTS Centre Vendée", "85", "85191", 120_000,
        ((PRE, (2018, 11, 26)), (LOI, (2020, 3, 2)), (HP, (2021, 5, 17)), (ACI, (2021, 9, 3))),
        accompanied_by=INTERURPS, referents=(BOUTIER,), optional_missions=(SUPPORT, QUALITY),
        sources=(SEED_URML, SEED_WEBINAR, SEED_2021),
    ),
    # Health projects validated in 2021.
    DemoCPTS(
        "CPTS Nord Mayenne", "53", "53147", 45_000,
        ((PRE, (2018, 6, 4)), (LOI, (2019, 11, 18)), (HP, (2021, 6, 21))),
        sources=(SEED_URML,),
    ),
    DemoCPTS(
        "CPTS Ouest Anjou", "49", "49026", 40_000,
        ((PRE, (2018, 4, 3)), (LOI, (2019, 10, 14)), (HP, (2021, 11, 22))),
        accompanied_by=AccompanyingBody.APMSL, sources=(SEED_URML,),
    ),
    # Exploratory meetings in 2018 (URML report), but the 2021 report does not count it among the accompanied
    # CPTS: the project is taken to have been put to sleep (demo choice).
    DemoCPTS(
        "CPTS Nord-Ouest Sarthe", "72", "72334", 45_000,
        ((PRE, (2018, 11, 5)), (Stage.DORMANT, (2019, 9, 16))),
        accompanied_by=INTERURPS, referents=(LE_NY,), sources=(SEED_URML,),
    ),
    # Letters of intent validated by December 2020: the CPTS accompanied in 2021, and one the sources only count.
    DemoCPTS(
        "CPTS Sèvre et Loire", "44", "44084", 50_000,
        ((PRE, (2020, 1, 20)), (LOI, (2020, 10, 12))),
        accompanied_by=INTERURPS, referents=(LE_NY,), sources=(SEED_2021,),
    ),
    DemoCPTS(
        "CPTS Erdre et Cens", "44", "44114", 60_000,
        ((PRE, (2020, 2, 10)), (LOI, (2020, 11, 23))),
        accompanied_by=INTERURPS, referents=(LE_NY,), sources=(SEED_2021,),
    ),
    DemoCPTS(
        "CPTS Erdre et Canal", "44", "44110", 45_000,
        ((PRE, (2020, 3, 9)), (LOI, (2020, 12, 14))),
        accompanied_by=INTERURPS, referents=(LE_NY,), sources=(SEED_2021,),
    ),
    DemoCPTS(
        "CPTS du Haut Bocage", "85", "85182", 45_000,
        ((PRE, (2020, 2, 3)), (LOI, (2020, 10, 26))),
        accompanied_by=INTERURPS, referents=(BOUTIER,), sources=(SEED_2021,),
    ),
    DemoCPTS(
        "CPTS du Choletais", "49", "49099", 100_000,
        ((PRE, (2020, 1, 27)), (LOI, (2020, 11, 9))),
        accompanied_by=INTERURPS, referents=(BOUTIER, CLEMENT), sources=(SEED_2021,),
    ),
    DemoCPTS(
        "CPTS Perche Sarthois", "72", "72132", 55_000,
        ((PRE, (2019, 5, 6)), (LOI, (2020, 7, 6))),
        sources=(SEED_CPR,), fictitious=True,
    ),
    DemoCPTS(
        "CPTS Vallée du Loir", "72", "72071", 35_000,
        ((PRE, (2019, 10, 7)), (LOI, (2020, 9, 14))),
        accompanied_by=AccompanyingBody.MSA, sources=(SEED_CPR,), fictitious=True,
    ),
    # Projects in reflection in December 2020 (two named in the 2021 report, three only counted).
    DemoCPTS(
        "CPTS de Guérande", "44", "44069", 75_000,
        ((PRE, (2020, 9, 21)), (LOI, (2021, 10, 4))),
        accompanied_by=INTERURPS, referents=(LE_NY,), sources=(SEED_2021,),
    ),
    DemoCPTS(
        "CPTS Nord Est Anjou", "49", "49018", 35_000,
        ((PRE, (2020, 11, 16)),),
        accompanied_by=INTERURPS, referents=(BOUTIER, CLEMENT), sources=(SEED_2021,),
    ),
    DemoCPTS(
        "CPTS Sud Sarthe", "72", "72154", 60_000,
        ((PRE, (2020, 6, 2)),),
        accompanied_by=AccompanyingBody.APMSL, sources=(SEED_CPR,), fictitious=True,
    ),
    DemoCPTS(
        "CPTS Pays de Laval", "53", "53130", 110_000,
        ((PRE, (2020, 9, 7)),),
        sources=(SEED_CPR,), fictitious=True,
    ),
    DemoCPTS(
        "CPTS Estuaire et Sillon", "44", "44195", 40_000,
        ((PRE, (2020, 10, 5)),),
        accompanied_by=AccompanyingBody.APMSL, sources=(SEED_CPR,), fictitious=True,
    ),
    # Accompaniments begun in 2021.
    DemoCPTS(
        "CPTS Nord Est Mayenne", "53", "53271", 25_000,
        ((PRE, (2021, 2, 15)),),
        accompanied_by=INTERURPS, referents=(BOUTIER,), sources=(SEED_2021,),
    ),
    DemoCPTS(
        "CPTS Chalonnes sur Loire", "49", "49063", 25_000,
        ((PRE, (2021, 4, 12)),),
        accompanied_by=INTERURPS, referents=(BOUTIER, CLEMENT), sources=(SEED_2021,),
    ),
]  # fmt: skip


# --- Territories -------------------------------------------------------------------------------------------------


def _rings(geometry):
    if not geometry:
        return []
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


def draw_territories(specs):
    """{CPTS name: [Commune]}: each territory grown from its town, one neighbouring commune at a time.

    In turn, each CPTS below its population takes the unclaimed commune of its department that touches
    its territory and lies nearest its town (boundaries share their vertices), while that brings it
    nearer its population. Territories are contiguous and never overlap; the result depends only on
    the communes, so every run draws the same ones.
    """
    departments = {spec.department for spec in specs}
    communes = {c.insee_code: c for c in Commune.objects.filter(department__code__in=departments)}
    centres, owners = {}, {}
    for code, commune in communes.items():
        points = [point for ring in _rings(commune.boundary) for point in ring]
        if points:
            centres[code] = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
        for x, y in points:
            owners.setdefault((round(x, 4), round(y, 4)), set()).add(code)
    neighbours = {code: set() for code in communes}
    for codes in owners.values():
        for code in codes:
            neighbours[code] |= codes - {code}

    scale = math.cos(math.radians(47.5))  # degrees of longitude are shorter than degrees of latitude here

    def distance(code, origin):
        (x1, y1), (x2, y2) = centres.get(code, (0, 0)), centres.get(origin, (0, 0))
        return math.hypot((x1 - x2) * scale, y1 - y2)

    missing = [spec.centre for spec in specs if spec.centre not in communes]
    if missing:
        raise ValueError(f"Communes absentes du référentiel : {', '.join(missing)} (lancez load_communes).")
    claimed = {spec.centre for spec in specs}
    territories = {spec.name: [spec.centre] for spec in specs}
    populations = {spec.name: communes[spec.centre].population for spec in specs}
    growing = list(specs)
    while growing:
        for spec in list(growing):
            territory, population = territories[spec.name], populations[spec.name]
            frontier = {
                code
                for member in territory
                for code in neighbours[member]
                if code not in claimed and communes[code].department_id == communes[spec.centre].department_id
            }
            if not frontier or population >= spec.population:
                growing.remove(spec)
                continue
            code = min(frontier, key=lambda c: (distance(c, spec.centre), c))
            after = population + communes[code].population
            if after > spec.population and after - spec.population > spec.population - population:
                growing.remove(spec)
                continue
            claimed.add(code)
            territory.append(code)
            populations[spec.name] = after
    return {name: [communes[code] for code in codes] for name, codes in territories.items()}


# --- CPTS, history, steps -----------------------------------------------------------------------------------------


def notes_of(spec):
    sources = ", ".join(spec.sources)
    if spec.fictitious:
        return (
            f"{DEMO_NOTE} CPTS fictive : les sources comptent ce projet sans le nommer ({sources}). "
            "Territoire, dates et chiffres inventés."
        )
    return (
        f"{DEMO_NOTE} Nom et étapes d'après : {sources}. Territoire tiré des communes autour de la ville principale ; "
        "dates précises, étapes de la méthode, montants et adhésions plausibles, sauf ceux que donnent les sources."
    )


def save_cpts(spec):
    cpts = CPTS.objects.filter(name__iexact=spec.name).first() or CPTS(name=spec.name)
    cpts.department = Department.objects.get(code=spec.department)
    cpts.accompanied_by = spec.accompanied_by
    cpts.accompanied_by_detail = spec.accompanied_by_detail
    cpts.accompaniment_start = spec.first_date if spec.accompanied_by else None
    cpts.declared_population = spec.declared_population
    cpts.declared_population_note = spec.declared_population_note
    cpts.notes = notes_of(spec)
    cpts.full_clean(validate_unique=False)
    cpts.save()
    cpts.referents.set([demo_user(username) for username in spec.referents])
    return cpts


# The dates the 2021 report gives (ACI signatures); the other stage dates are plausible.
def stage_note(spec, stage):
    if stage == ACI and spec.date_of(ACI).year == YEAR:
        return f"Date d'après le {SEED_2021}."
    return DEMO_NOTE


def save_stages(cpts, spec):
    """The stage history of `spec`, through the services (the ACI with its contract), skipping what is recorded."""
    wanted = [(stage, datetime.date(*day)) for stage, day in spec.stages]
    recorded = set(cpts.stage_changes.values_list("stage", "date"))
    if recorded - set(wanted):
        return  # someone changed this history since the demo wrote it: leave it as it is
    by = demo_user(spec.referents[0]) if spec.referents else None
    for stage, day in wanted:
        if (stage, day) in recorded:
            continue
        if stage == ACI:
            sign_aci(cpts, day, spec.optional_missions, by=by, note=stage_note(spec, stage))
        else:
            move_to_stage(cpts, stage, day, by=by, note=stage_note(spec, stage))


def weekday_on_or_after(day):
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def between(start, end, index, count):
    """The `index`-th of `count` days spread evenly strictly between `start` and `end`."""
    return weekday_on_or_after(start + (end - start) * index / (count + 1))


END_OF_DATA = datetime.date(YEAR, 12, 15)


def step_dates(spec):
    """[(step order, date)] of the steps of the method the CPTS completed (only when someone accompanies it).

    Steps 1–4 lead to the letter of intent, 5–10 to the validated health project; a project not yet
    validated has done the steps of its stage, in proportion to the time spent since.
    """
    if not spec.accompanied_by:
        return []
    start, letter, project = spec.first_date, spec.date_of(LOI), spec.date_of(HP)
    stop = spec.date_of(Stage.DORMANT) or spec.date_of(Stage.ABANDONED) or END_OF_DATA
    if project:
        return [(k, between(start, letter, k, 4)) for k in range(1, 5)] + [
            (k, between(letter, project, k - 4, 6)) for k in range(5, 11)
        ]
    if letter:
        done = [(k, between(start, letter, k, 4)) for k in range(1, 5)]
        months = (stop - letter).days // 30
        later = min(3, max(1, months // 4))
        return done + [(4 + k, between(letter, stop, k, later)) for k in range(1, later + 1)]
    months = (stop - start).days // 30
    done = min(3, 1 + months // 4)
    return [(k, between(start, stop, k - 1, done)) for k in range(1, done + 1)]


def save_steps(cpts, spec):
    steps = {step.order: step for step in AccompanimentStep.objects.all()}
    done = set(cpts.step_completions.values_list("step__order", flat=True))
    by = demo_user(spec.referents[0]) if spec.referents else None
    for order, day in step_dates(spec):
        if order not in done and order in steps:
            complete_step(cpts, steps[order], day, by=by, note=DEMO_NOTE)


# --- Contacts, adhesion, payments ---------------------------------------------------------------------------------

# People named with their role in a CPTS by the 2020 webinar: (CPTS, civility, first name, last name, profession,
# role, role detail). Their start dates are unknown: they were in office in December 2020.
NAMED_CONTACTS = [
    ("CPTS COLHAJ", "dr", "Jean-François", "MOREUL", "", ContactRole.PRESIDENT, ""),
    ("CPTS COLHAJ", "mme", "E.", "COTTINEAU", "infirmière", ContactRole.VICE_PRESIDENT, ""),
    ("CPTS Littoral Vendéen", "dr", "Hélène", "BELLANGER", "médecin", ContactRole.PRESIDENT, ""),
    ("CPTS Littoral Vendéen", "mme", "Nina", "GUILLAUME", "", ContactRole.COORDINATOR, ""),
    ("CPTS Terre de Montaigne", "dr", "Philippe", "COLLEN", "médecin", ContactRole.TREASURER, ""),
    ("CPTS Terre de Montaigne", "m", "Benjamin", "GUILBAUD", "", ContactRole.COORDINATOR, ""),
    ("CPTS Atlantique Nord Loire", "mme", "Erell", "WENANDY", "", ContactRole.COORDINATOR, ""),
    ("CPTS du Maine", "dr", "Emmanuel", "CHARRIÉ", "médecin", ContactRole.PRESIDENT, ""),
    ("CPTS du Maine", "mme", "Violaine", "DURAND", "", ContactRole.COORDINATOR, ""),
    ("CPTS du Maine", "mme", "Blandine", "EMERY", "sage-femme", ContactRole.OTHER, "sage-femme, membre de la CPTS"),
    ("CPTS Centre Vendée", "dr", "Dominique", "BRACHET", "", ContactRole.PRESIDENT, ""),
    ("CPTS Sud-Vendée", "dr", "Jacques", "LEGROUX", "médecin", ContactRole.PRESIDENT, ""),
    ("CPTS Sud-Vendée", "mme", "Solène", "GIRAUDEAU", "", ContactRole.COORDINATOR, ""),
    # « Dr Barnabé », co-président de l'APMSL; Gilles Barnabé of Clisson in the URML 2018 report.
    ("CPTS Sud Loire Vignoble", "dr", "Gilles", "BARNABÉ", "médecin", ContactRole.BOARD_MEMBER, ""),
]

# Coordinators the sources mention without a name (« coordinatrice CPTS Erdre et Cens », « chargée de mission
# accès aux soins CPTS Sud Loire Vignoble ») or only count (« 12 coordinateurs CPTS » in the PACTE training):
# invented people, marked as demo data. (CPTS, first name, last name, role, employer, start.)
DEMO_COORDINATORS = [
    ("CPTS Erdre et Cens", "Claire", "MOREAU", ContactRole.COORDINATOR, Employer.EMPLOYERS_GROUP, (2021, 5, 3)),
    ("CPTS Sud Loire Vignoble", "Lucie", "BERNIER", ContactRole.PROJECT_OFFICER, Employer.CPTS, (2021, 9, 6)),
    ("CPTS Sud Loire Vignoble", "Julie", "PAVAGEAU", ContactRole.COORDINATOR, Employer.CPTS, (2021, 3, 1)),
    ("CPTS COLHAJ", "Mathilde", "CHAUVEAU", ContactRole.COORDINATOR, Employer.CPTS, (2020, 11, 2)),
    ("CPTS Sud-Ouest Mayenne", "Pauline", "LEROUX", ContactRole.COORDINATOR, Employer.CPTS, (2020, 9, 1)),
    ("CPTS du Grand Saumurois", "Sophie", "RENAUD", ContactRole.COORDINATOR, Employer.CPTS, (2021, 4, 6)),
    ("CPTS Loire Vendée Océan", "Antoine", "GIRARD", ContactRole.COORDINATOR, Employer.CPTS, (2021, 4, 19)),
    ("CPTS Plaine et Marais", "Émilie", "BOUCHER", ContactRole.COORDINATOR, Employer.EMPLOYERS_GROUP, (2021, 5, 3)),
    ("CPTS Ancenis", "Marine", "COUTANT", ContactRole.COORDINATOR, Employer.EMPLOYERS_GROUP, (2021, 5, 17)),
    ("CPTS Pays de Retz", "Thomas", "PELLETIER", ContactRole.COORDINATOR, Employer.CPTS, (2021, 5, 25)),
    ("CPTS Centre Vendée", "Aurélie", "BRUNET", ContactRole.COORDINATOR, Employer.CPTS, (2021, 5, 31)),
    ("CPTS Nord Mayenne", "Nicolas", "GAUTIER", ContactRole.COORDINATOR, Employer.CPTS, (2021, 2, 1)),
    ("CPTS Ouest Anjou", "Laura", "HUBERT", ContactRole.COORDINATOR, Employer.CPTS, (2021, 5, 10)),
]


def save_contact(cpts, contact_person, role, role_detail="", employer="", start=None):
    Contact.objects.update_or_create(
        cpts=cpts,
        person=contact_person,
        role=role,
        start_date=start,
        defaults={"role_detail": role_detail, "employer": employer},
    )


def save_contacts(cpts_by_name):
    for cpts_name, civility, first_name, last_name, profession, role, detail in NAMED_CONTACTS:
        contact_person = Person.objects.filter(first_name=first_name, last_name=last_name).first()
        if contact_person is None:  # not one of the people interurps.demo already made
            contact_person = save_person(
                first_name, last_name, civility=civility, profession=profession, notes=f"{DEMO_NOTE} ({SEED_WEBINAR})"
            )
        employer = Employer.CPTS if role == ContactRole.COORDINATOR else ""
        save_contact(cpts_by_name[cpts_name], contact_person, role, detail, employer)
    barnabe = person("Gilles", "BARNABÉ")
    barnabe.organisation = organisation("APMSL")
    barnabe.save(update_fields=["organisation"])
    for cpts_name, first_name, last_name, role, employer, start in DEMO_COORDINATORS:
        profession = (
            "chargée de mission accès aux soins" if role == ContactRole.PROJECT_OFFICER else "coordination de CPTS"
        )
        contact_person = save_person(first_name, last_name, profession=profession, notes=DEMO_NOTE)
        save_contact(cpts_by_name[cpts_name], contact_person, role, employer=employer, start=datetime.date(*start))


def coordinator_of(cpts):
    """The coordinator the demo gave a CPTS (the PACTE demo enrols them)."""
    return cpts.contacts.filter(role=ContactRole.COORDINATOR).order_by("-start_date").first()


def save_adhesions(cpts_by_name, populations):
    """Two counts of professionals and members for each CPTS with an ACI: at the signature and at the end of 2021."""
    random_ = rng("adhesions")
    for spec in CPTS_LIST:
        signed_on = spec.date_of(ACI)
        if not signed_on:
            continue
        # The 2020 webinar: « 500 professionnels de santé se trouvent sur le territoire » of the Littoral Vendéen.
        professionals = 500 if spec.name == "CPTS Littoral Vendéen" else max(120, populations[spec.name] // 175)
        rate = random_.uniform(0.14, 0.22)
        for day, share in [(signed_on, rate), (datetime.date(YEAR, 12, 31), rate + random_.uniform(0.03, 0.09))]:
            Adhesion.objects.update_or_create(
                cpts=cpts_by_name[spec.name],
                date=day,
                defaults={"professional_count": professionals, "member_count": round(professionals * share)},
            )


# « 686 000 € ont été versés en 2020 par les CPAM pour les 7 premiers accords ACI » (CPR of 04/02/2021):
# (functioning, fixed part of the access mission) paid in 2020; the split between contracts is demo data.
PAYMENTS_2020 = {
    "CPTS COLHAJ": (76_000, 20_000),
    "CPTS Littoral Vendéen": (62_000, 20_000),
    "CPTS Terre de Montaigne": (80_000, 24_000),
    "CPTS Sud-Vendée": (78_000, 22_000),
    "CPTS Atlantique Nord Loire": (72_000, 20_000),
    "CPTS du Maine": (120_000, 30_000),
    "CPTS Sud-Ouest Mayenne": (50_000, 12_000),
}
# Yearly functioning and fixed part of the access mission by size class (round demo amounts).
FUNCTIONING_BY_SIZE = {1: 50_000, 2: 60_000, 3: 75_000, 4: 90_000}
ACCESS_FIXED_BY_SIZE = {1: 15_000, 2: 17_500, 3: 25_000, 4: 30_000}


def save_payments(cpts_by_name):
    for spec in CPTS_LIST:
        if not spec.date_of(ACI):
            continue
        contract = ACIContract.objects.filter(cpts=cpts_by_name[spec.name]).first()
        if contract is None:  # its history was changed by hand: no contract to pay
            continue
        if spec.name in PAYMENTS_2020:
            functioning, access = PAYMENTS_2020[spec.name]
            note = "Montant de démonstration ; total 2020 des 7 premiers ACI d'après la CPR du 04/02/2021."
            for kind, mission, amount in [
                (PaymentKind.FUNCTIONING, "", functioning),
                (PaymentKind.FIXED, Mission.ACCESS, access),
            ]:
                record_payment(
                    contract,
                    2020,
                    kind,
                    mission,
                    planned=Decimal(amount),
                    paid=Decimal(amount),
                    paid_on=datetime.date(2020, 12, 15),
                    note=note,
                )
        size = contract.size_class_at_signature
        share = 1 if contract.signed_on.year < YEAR else (datetime.date(YEAR, 12, 31) - contract.signed_on).days / 365
        for kind, mission, amount in [
            (PaymentKind.FUNCTIONING, "", FUNCTIONING_BY_SIZE[size]),
            (PaymentKind.FIXED, Mission.ACCESS, ACCESS_FIXED_BY_SIZE[size]),
        ]:
            amount = Decimal(round(amount * share, -2))
            record_payment(
                contract,
                YEAR,
                kind,
                mission,
                planned=amount,
                paid=amount * Decimal("0.75"),
                paid_on=weekday_on_or_after(
                    max(contract.signed_on, datetime.date(YEAR, 1, 1)) + datetime.timedelta(days=60)
                ),
                note="Montant de démonstration (75 % versés, le solde à la date anniversaire).",
            )


# --- The CPTS team's meetings of 2021 ------------------------------------------------------------------------------

# « Les chargées de mission CPTS ont participé et réalisé environ 283 réunions sur l'année 2021 »: counted by
# `pacte.report.team_meeting_count` over the meetings of programmes CPTS and PACTE the CPTS team attended.
TEAM_MEETINGS = 283
# Of these, the PACTE meetings that `pacte.demo` writes: 9 relay-trainer training events, 13 working meetings with
# the Dr MOREUL and 4 regional committees (2021 report, PACTE pages).
PACTE_TEAM_MEETINGS = 26
QUINTET_COUNT = 18
REGIONAL_DAYS = [
    (datetime.date(2021, 3, 31), ""),
    (datetime.date(2021, 6, 15), ""),
    (datetime.date(2021, 10, 7), "Le Mans"),
]
VIDEO_BREAKS = [
    (datetime.date(2021, 1, 8), "Pause visio sur l'article 51", None),
    (datetime.date(2021, 2, 12), "Pause visio avec le Conseil Régional", "Conseil régional"),
    (datetime.date(2021, 3, 10), "Pause visio : présentation de DNUT", None),
    (datetime.date(2021, 12, 17), "Pause visio : présentation de DOCTOBUS du Conseil Régional", "Conseil régional"),
]
REGIONAL_DAY_TITLE = "Journée régionale des coordinateurs CPTS Pays de la Loire"
CPR_2021 = datetime.date(2021, 2, 4)
CPR_TITLE = "Commission paritaire régionale des CPTS"


def team_on(day, department=None, referents=None):
    """Who of the CPTS team attends a meeting on `day`: the referents (or both chargées de mission), and the
    coordinatrice territoriale of Maine-et-Loire for the 49 from October 2021."""
    usernames = list(referents or (LE_NY, BOUTIER))
    if CLEMENT in usernames and day < datetime.date(2021, 10, 1):
        usernames.remove(CLEMENT)
    if department == "49" and day >= datetime.date(2021, 10, 1) and CLEMENT not in usernames:
        usernames.append(CLEMENT)
    return [demo_user(username) for username in usernames or [BOUTIER]]


def quintet_dates():
    """Every other Tuesday from 12 January, not in July and August nor on a regional day: 18 of them."""
    excluded = {day for day, _ in REGIONAL_DAYS}
    days, day = [], datetime.date(2021, 1, 12)
    while len(days) < QUINTET_COUNT:
        if day.month not in (7, 8) and day not in excluded:
            days.append(day)
        day += datetime.timedelta(days=14)
    return days


def fact_meetings():
    """The meetings the 2021 report names or counts for the CPTS team, and the 2020 regional webinar."""
    specs = [
        MeetingSpec(
            date=day,
            title="Quintet",
            programmes=("cpts",),
            category=("cpts", "quintet"),
            mode=Meeting.Mode.REMOTE,
            staff=team_on(day),
            notes=SOURCE_2021,
        )
        for day in quintet_dates()
    ]
    specs += [
        MeetingSpec(
            date=day,
            title=title,
            programmes=("cpts",),
            category=("cpts", "coordinators_visio"),
            kind=Meeting.Kind.WEBINAR,
            mode=Meeting.Mode.REMOTE,
            staff=team_on(day),
            organisations=[organisation(partner)] if partner else [],
            notes=SOURCE_2021,
        )
        for day, title, partner in VIDEO_BREAKS
    ]
    specs += [
        MeetingSpec(
            date=day,
            title=REGIONAL_DAY_TITLE,
            programmes=("cpts",),
            category=("cpts", "regional_day"),
            kind=Meeting.Kind.EVENT,
            place=place,
            department="72" if place else None,
            staff=team_on(day),
            notes=SOURCE_2021,
        )
        for day, place in REGIONAL_DAYS
    ]
    specs.append(
        MeetingSpec(
            date=CPR_2021,
            title=CPR_TITLE,
            programmes=("cpts",),
            category=("cpts", "ars_meeting"),
            kind=Meeting.Kind.GOVERNANCE,
            mode=Meeting.Mode.REMOTE,
            staff=team_on(CPR_2021, referents=(LE_NY,)),
            organisations=[organisation("ARS"), organisation("CPAM 44"), organisation("MSA")],
            people=[person("Jean-Baptiste", "CAILLARD"), person("David", "GUILLET"), person("Mathilde", "MORILLEAU")],
            notes="Installation de la CPR, présentation de l'ACI, état des lieux des adhésions (document source du "
            "04/02/2021 ; donnée de démonstration).",
        )
    )
    partners = [
        ("ORS", "Réunion de travail avec l'ORS : indicateurs des diagnostics des CPTS", 3),
        ("GRADeS", "Convention GCS e-santé – InterURPS : outils numériques des CPTS", 2),
        ("APMSL", "Articulation avec l'APMSL", 2),
    ]
    for index, (partner, title, count) in enumerate(partners):
        for day in spread_dates(
            rng(f"partenaires-{index}"), datetime.date(2021, 2, 1), datetime.date(2021, 11, 30), count
        ):
            specs.append(
                MeetingSpec(
                    date=day,
                    title=title,
                    programmes=("cpts",),
                    mode=Meeting.Mode.REMOTE,
                    staff=team_on(day),
                    organisations=[organisation(partner)],
                )
            )
    webinar = datetime.date(2020, 12, 10)
    specs.append(
        MeetingSpec(
            date=webinar,
            title="4e webinaire InterURPS : point sur les CPTS en région Pays de la Loire",
            programmes=("cpts",),
            category=("cpts", "coordinators_network"),
            kind=Meeting.Kind.WEBINAR,
            mode=Meeting.Mode.REMOTE,
            staff=[demo_user(LE_NY)],
            organisations=[organisation("FCPTS"), organisation("ARS"), organisation("CPAM 44")],
            people=[
                person("Jean-Baptiste", "CAILLARD"),
                person("Alain", "GUILLEMINOT"),
                person("David", "GUILLET"),
                person("Jean-François", "MOREUL"),
                person("Dominique", "BRACHET"),
            ],
            notes="Compte rendu du 4e webinaire InterURPS (10/12/2020) : ACI, rôle du coordinateur, outils numériques, "
            "ateliers accès aux soins, parcours, prévention, animation du territoire (donnée de démonstration).",
        )
    )
    return specs


# Ordinary activity of the year, in the numbers that make the report's total come out (see `filler_meetings`).
NETWORK_MEETINGS = 40  # « réunions hebdomadaires » of the coordinators' network
ARS_MEETINGS = 20  # « rencontres régulières ARS/CPAM (point d'avancée, coconstruction) »
BOARD_MEETINGS = 30  # « animer les conseils d'administration des CPTS n'ayant pas encore de coordinateurs »
ACTIVITIES = {
    PRE: ["Réunion exploratoire", "Étude de faisabilité et choix du territoire", "Préparation de la réunion plénière"],
    LOI: ["Groupe de travail", "Comité de pilotage", "Définition des priorités", "Écriture du projet de santé"],
    HP: ["Préparation de la négociation de l'ACI", "Comité de pilotage", "Écriture du projet de santé"],
    ACI: ["Lancement des missions de l'ACI", "Suivi des indicateurs de l'ACI", "Recrutement du coordinateur"],
}
# How many accompaniment meetings each CPTS weighs, by its stage in 2021.
WEIGHTS = {PRE: 7, LOI: 11, HP: 6, ACI: 4}


def stage_on(spec, day):
    reached = [stage for stage, when in spec.stages if datetime.date(*when) <= day]
    return reached[-1] if reached else None


def shares(total, weights):
    """`total` split in proportion to `weights` (largest remainders), as a list of integers."""
    whole = sum(weights)
    exact = [total * weight / whole for weight in weights]
    counts = [int(value) for value in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for index in order[: total - sum(counts)]:
        counts[index] += 1
    return counts


def filler_meetings(count, cpts_by_name, excluded_days):
    """`count` ordinary meetings of the CPTS team in 2021: the coordinators' network, the ARS and Assurance
    maladie, the boards of the CPTS without a coordinator, and the accompaniment of each CPTS.

    Returns (specs, {CPTS name: [(date, title)]}) — the second to link the CPTS to their meetings.
    """
    year_start, year_end = datetime.date(YEAR, 1, 4), datetime.date(YEAR, 12, 17)
    summer = set(working_days(datetime.date(YEAR, 7, 26), datetime.date(YEAR, 8, 20)))
    specs, links = [], {}
    for day in spread_dates(
        rng("reseau"), year_start, year_end, NETWORK_MEETINGS, weekdays=(3,), exclude=summer | excluded_days
    ):
        specs.append(
            MeetingSpec(
                date=day,
                title="Réunion hebdomadaire du réseau des coordinateurs CPTS",
                programmes=("cpts",),
                category=("cpts", "coordinators_network"),
                mode=Meeting.Mode.REMOTE,
                staff=team_on(day),
            )
        )
    for day in spread_dates(rng("ars"), year_start, year_end, ARS_MEETINGS, exclude=summer | {CPR_2021}):
        specs.append(
            MeetingSpec(
                date=day,
                title="Point d'avancée des CPTS avec l'ARS et l'Assurance maladie",
                programmes=("cpts",),
                category=("cpts", "ars_meeting"),
                mode=Meeting.Mode.REMOTE,
                staff=team_on(day),
                organisations=[organisation("ARS"), organisation("CPAM 44")],
            )
        )

    accompanied = [
        spec for spec in CPTS_LIST if spec.accompanied_by == INTERURPS and stage_on(spec, year_end) in (PRE, LOI, HP)
    ]
    for spec, board_count in zip(accompanied, shares(BOARD_MEETINGS, [1] * len(accompanied)), strict=True):
        start = max(year_start, spec.first_date)
        for day in spread_dates(rng(f"ca-{spec.name}"), start, year_end, board_count, weekdays=(0, 1, 2, 3)):
            title = f"Conseil d'administration – {spec.name}"
            specs.append(
                MeetingSpec(
                    date=day,
                    title=title,
                    programmes=("cpts",),
                    category=("cpts", "cpts_board_meeting"),
                    kind=Meeting.Kind.GOVERNANCE,
                    mode=Meeting.Mode.HYBRID,
                    department=spec.department,
                    staff=team_on(day, spec.department, spec.referents),
                )
            )
            links.setdefault(spec.name, []).append((day, title))

    followed = [spec for spec in CPTS_LIST if spec.accompanied_by == INTERURPS and stage_on(spec, year_end) in WEIGHTS]
    accompaniment = count - len(specs)
    weights = [WEIGHTS[stage_on(spec, year_end)] for spec in followed]
    for spec, spec_count in zip(followed, shares(accompaniment, weights), strict=True):
        random_ = rng(f"accompagnement-{spec.name}")
        start = max(year_start, spec.first_date + datetime.timedelta(days=7))
        for day in spread_dates(random_, start, year_end, spec_count, exclude=summer):
            activity = random_.choice(ACTIVITIES[stage_on(spec, day)])
            title = f"{activity} – {spec.name}"
            specs.append(
                MeetingSpec(
                    date=day,
                    title=title,
                    programmes=("cpts",),
                    category=("cpts", "cpts_support"),
                    mode=random_.choice([Meeting.Mode.IN_PERSON, Meeting.Mode.REMOTE, Meeting.Mode.REMOTE]),
                    department=spec.department,
                    staff=team_on(day, spec.department, spec.referents),
                )
            )
            links.setdefault(spec.name, []).append((day, title))
    return specs, links


def team_meetings(cpts_by_name):
    """The CPTS team's meetings: those of the sources, then as many ordinary ones as the report's total needs."""
    facts = fact_meetings()
    team = {demo_user(username).pk for username in (LE_NY, BOUTIER, CLEMENT)}
    counted = [spec for spec in facts if spec.date.year == YEAR and team & {user.pk for user in spec.staff}]
    busy = {spec.date for spec in facts if spec.category and spec.category[1] in ("quintet", "regional_day")}
    filler, links = filler_meetings(TEAM_MEETINGS - PACTE_TEAM_MEETINGS - len(counted), cpts_by_name, busy)
    meetings = save_meetings(facts + filler)
    CPTS.meetings.through.objects.bulk_create(
        [
            CPTS.meetings.through(cpts_id=cpts_by_name[name].pk, meeting_id=meetings[key].pk)
            for name, keys in links.items()
            for key in keys
        ],
        ignore_conflicts=True,
    )
    return meetings


def load(stdout):
    territories = draw_territories(CPTS_LIST)
    cpts_by_name, populations = {}, {}
    for spec in CPTS_LIST:
        cpts = save_cpts(spec)
        set_territory(cpts, territories[spec.name])
        save_stages(cpts, spec)
        save_steps(cpts, spec)
        cpts_by_name[spec.name] = cpts
        populations[spec.name] = spec.declared_population or sum(c.population for c in territories[spec.name])
    save_contacts(cpts_by_name)
    save_adhesions(cpts_by_name, populations)
    save_payments(cpts_by_name)
    meetings = team_meetings(cpts_by_name)
    stdout.write(
        f"  cpts : {len(CPTS_LIST)} CPTS avec territoire, étapes, ACI et versements ; {len(meetings)} réunions."
    )

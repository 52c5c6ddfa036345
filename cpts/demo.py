"""Demo data of the CPTS domain: the CPTS of the sources with their territory, history, ACI and the team's meetings.

Loaded by `python manage.py load_demo` after `interurps.demo` (whose organisations, people and staff it uses).
The records are the files of `cpts/demo_data/`, read by `interurps.demo_loader`: the CPTS (`cpts.json`), their
contacts, their payments, the team's meetings that the sources name (`meetings.json`) and the numbers of its
ordinary activity (`activity.json`). What stays here is what only code can say: territories grown commune by
commune, the stage history and the ACI through the services, the ordinary meetings spread over the year.

What comes from the sources (`seeds/`):
- the CPTS named in them: accompanied in 2021 and ACI signed in 2021 with their dates (2021 report),
  those of the 2020 regional webinar (COLHAJ, Littoral Vendéen…), the 2018 accompaniment history of the
  URML report (Montaigu in January 2018, Fontenay-le-Comte in May, Les Sables-d'Olonne in June,
  Châteaubriant in September, Saumur in October, Le Mans in November, Ancenis and Luçon in April 2019…);
- the regional state of play of December 2020 (CPR of 4 February 2021): 7 ACI signed, 12 health projects
  validated, 11 letters of intent, 5 projects in reflection — 28 projects, which the stage histories
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
from interurps import demo_loader
from interurps.demo_loader import DEMO_NOTE, demo_user, organisation, person, save_meetings, save_person
from interurps.models import Commune, Department, Person

YEAR = 2021
INTERURPS = AccompanyingBody.INTERURPS
PRE, LOI, HP, ACI = Stage.PRE_PROJECT, Stage.LETTER_OF_INTENT, Stage.HEALTH_PROJECT, Stage.ACI_SIGNED


@dataclass(frozen=True)
class DemoCPTS:
    name: str
    department: str
    centre: str  # INSEE code of the town the territory is grown around
    population: int  # the population the territory is grown to (about)
    stages: tuple  # ((stage, date), …) in order; ACI_SIGNED goes through `sign_aci`
    accompanied_by: str = ""
    accompanied_by_detail: str = ""
    referents: tuple = ()  # usernames
    optional_missions: tuple = ()
    declared_population: int | None = None
    declared_population_note: str = ""
    sources: tuple = ()  # where the CPTS and its dates come from
    fictitious: bool = False  # a CPTS the sources count without naming it

    def date_of(self, stage):
        return next((day for s, day in self.stages if s == stage), None)

    @property
    def first_date(self):
        return self.stages[0][1]


def read_cpts():
    data = demo_loader.read("cpts", "cpts")
    return [
        DemoCPTS(
            name=row["name"],
            department=row["department"],
            centre=row["centre"],
            population=row["population"],
            stages=tuple(row["stages"].items()),
            accompanied_by=row.get("accompanied_by", ""),
            accompanied_by_detail=row.get("accompanied_by_detail", ""),
            referents=tuple(row.get("referents", ())),
            optional_missions=tuple(row.get("optional_missions", ())),
            declared_population=row.get("declared_population"),
            declared_population_note=row.get("declared_population_note", ""),
            sources=tuple(data["sources"][key] for key in row["sources"]),
            fictitious=row.get("fictitious", False),
        )
        for row in data["cpts"]
    ]


CPTS_LIST = read_cpts()
SOURCES = demo_loader.read("cpts", "cpts")["sources"]


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
        return f"Date d'après le {SOURCES['2021']}."
    return DEMO_NOTE


def save_stages(cpts, spec):
    """The stage history of `spec`, through the services (the ACI with its contract), skipping what is recorded."""
    wanted = list(spec.stages)
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


def save_contact(cpts, contact_person, role, role_detail="", employer="", start=None):
    Contact.objects.update_or_create(
        cpts=cpts,
        person=contact_person,
        role=role,
        start_date=start,
        defaults={"role_detail": role_detail, "employer": employer},
    )


def save_contacts(cpts_by_name):
    contacts = demo_loader.read("cpts", "contacts")
    for row in contacts["named"]:
        contact_person = Person.objects.filter(first_name=row["first_name"], last_name=row["last_name"]).first()
        if contact_person is None:  # not one of the people interurps.demo already made
            contact_person = save_person(
                row["first_name"],
                row["last_name"],
                civility=row["civility"],
                profession=row["profession"],
                notes=f"{DEMO_NOTE} ({SOURCES['webinar']})",
            )
        employer = Employer.CPTS if row["role"] == ContactRole.COORDINATOR else ""
        save_contact(cpts_by_name[row["cpts"]], contact_person, row["role"], row["role_detail"], employer)
    barnabe = person("Gilles", "BARNABÉ")
    barnabe.organisation = organisation("APMSL")
    barnabe.save(update_fields=["organisation"])
    for row in contacts["coordinators"]:
        profession = (
            "chargée de mission accès aux soins"
            if row["role"] == ContactRole.PROJECT_OFFICER
            else "coordination de CPTS"
        )
        contact_person = save_person(row["first_name"], row["last_name"], profession=profession, notes=DEMO_NOTE)
        save_contact(
            cpts_by_name[row["cpts"]], contact_person, row["role"], employer=row["employer"], start=row["start_date"]
        )


def save_adhesions(cpts_by_name, populations):
    """Two counts of professionals and members for each CPTS with an ACI: at the signature and at the end of 2021."""
    random_ = demo_loader.rng(f"{YEAR}-adhesions")
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


def save_payments(cpts_by_name):
    payments = demo_loader.read("cpts", "payments")
    for spec in CPTS_LIST:
        if not spec.date_of(ACI):
            continue
        contract = ACIContract.objects.filter(cpts=cpts_by_name[spec.name]).first()
        if contract is None:  # its history was changed by hand: no contract to pay
            continue
        if spec.name in payments["paid_2020"]:
            paid = payments["paid_2020"][spec.name]
            note = "Montant de démonstration ; total 2020 des 7 premiers ACI d'après la CPR du 04/02/2021."
            for kind, mission, amount in [
                (PaymentKind.FUNCTIONING, "", paid["functioning"]),
                (PaymentKind.FIXED, Mission.ACCESS, paid["access_fixed"]),
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
        size = str(contract.size_class_at_signature)
        share = 1 if contract.signed_on.year < YEAR else (datetime.date(YEAR, 12, 31) - contract.signed_on).days / 365
        for kind, mission, amount in [
            (PaymentKind.FUNCTIONING, "", payments["functioning_by_size"][size]),
            (PaymentKind.FIXED, Mission.ACCESS, payments["access_fixed_by_size"][size]),
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


def team_on(activity, day, department=None, referents=()):
    """Who of the CPTS team attends a meeting on `day`: the referents (or both chargées de mission), and the
    coordinatrice territoriale of her department from her start (`activity.json`)."""
    coordinator = activity["territorial_coordinator"]
    usernames = list(referents or activity["team"][:2])
    if coordinator["username"] in usernames and day < coordinator["from"]:
        usernames.remove(coordinator["username"])
    if (
        department == coordinator["department"]
        and day >= coordinator["from"]
        and coordinator["username"] not in usernames
    ):
        usernames.append(coordinator["username"])
    return [demo_user(username) for username in usernames or activity["team"][1:2]]


def stage_on(spec, day):
    reached = [stage for stage, when in spec.stages if when <= day]
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


def filler_meetings(activity, count, excluded_days):
    """`count` ordinary meetings of the CPTS team in the year: the coordinators' network, the ARS and Assurance
    maladie, the boards of the CPTS without a coordinator, and the accompaniment of each CPTS (`activity.json`).

    Every meeting names its CPTS in `links["cpts"]`, if any.
    """
    year_start, year_end = activity["start"], activity["end"]
    summer = set(demo_loader.working_days(*activity["summer"]))
    team = team_on(activity, year_start)
    specs = []
    network = activity["network"]
    for day in demo_loader.spread_dates(
        demo_loader.rng(network["seed"]),
        year_start,
        year_end,
        network["count"],
        weekdays=tuple(network["weekdays"]),
        exclude=summer | excluded_days,
    ):
        specs.append(demo_loader.spec(network, day, programmes=("cpts",), mode="remote", staff=team))
    ars = activity["ars"]
    for day in demo_loader.spread_dates(
        demo_loader.rng(ars["seed"]), year_start, year_end, ars["count"], exclude=summer | set(ars["exclude"])
    ):
        specs.append(demo_loader.spec(ars, day, programmes=("cpts",), mode="remote", staff=team))

    boards = activity["boards"]
    accompanied = [
        spec for spec in CPTS_LIST if spec.accompanied_by == INTERURPS and stage_on(spec, year_end) in (PRE, LOI, HP)
    ]
    for spec, board_count in zip(accompanied, shares(boards["count"], [1] * len(accompanied)), strict=True):
        start = max(year_start, spec.first_date)
        random_ = demo_loader.rng(boards["seed"] + spec.name)
        for day in demo_loader.spread_dates(random_, start, year_end, board_count, weekdays=tuple(boards["weekdays"])):
            specs.append(
                demo_loader.spec(
                    boards,
                    day,
                    title=boards["title"] + spec.name,
                    programmes=("cpts",),
                    kind="governance",
                    mode="hybrid",
                    department=spec.department,
                    staff=team_on(activity, day, spec.department, spec.referents),
                    links={"cpts": [spec.name]},
                )
            )

    support = activity["support"]
    weights = support["weights"]
    followed = [spec for spec in CPTS_LIST if spec.accompanied_by == INTERURPS and stage_on(spec, year_end) in weights]
    for spec, spec_count in zip(
        followed, shares(count - len(specs), [weights[stage_on(spec, year_end)] for spec in followed]), strict=True
    ):
        random_ = demo_loader.rng(support["seed"] + spec.name)
        start = max(year_start, spec.first_date + datetime.timedelta(days=7))
        for day in demo_loader.spread_dates(random_, start, year_end, spec_count, exclude=summer):
            activity_name = random_.choice(support["activities"][stage_on(spec, day)])
            specs.append(
                demo_loader.spec(
                    support,
                    day,
                    title=f"{activity_name} – {spec.name}",
                    programmes=("cpts",),
                    mode=random_.choice(support["modes"]),
                    department=spec.department,
                    staff=team_on(activity, day, spec.department, spec.referents),
                    links={"cpts": [spec.name]},
                )
            )
    return specs


def team_meetings(cpts_by_name):
    """The CPTS team's meetings: those of the sources, then as many ordinary ones as the report's total needs."""
    activity = demo_loader.read("cpts", "activity")
    facts = demo_loader.meeting_specs(demo_loader.read("cpts", "meetings"))
    team = {demo_user(username).pk for username in activity["team"]}
    counted = [spec for spec in facts if spec.date.year == YEAR and team & {user.pk for user in spec.staff}]
    busy = {spec.date for spec in facts if spec.category and spec.category[1] in activity["busy_categories"]}
    count = activity["team_meetings"] - activity["pacte_team_meetings"] - len(counted)
    filler = filler_meetings(activity, count, busy)
    meetings = save_meetings(facts + filler)
    demo_loader.link_meetings(CPTS.meetings, demo_loader.linked(filler, meetings, "cpts", cpts_by_name))
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

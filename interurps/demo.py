"""Demo data of the association itself: organisations, people, staff, governance, funding, the 2021 report edition.

`python manage.py load_demo` calls `load(stdout)` of every app that has a `demo` module, in
INSTALLED_APPS order; this one runs first. The other apps' demo modules use the helpers below
(`save_meetings`, `spread_dates`, `demo_user`…) to write their part of the activity log.

Sources: the InterURPS 2021 activity report and the other documents of `seeds/`. Facts of the
sources become records with their real dates and names; where a source gives only a count
(« 11 conseils d'administration »), that many plausible records are made, with dates drawn by
a seeded random generator so that every run makes the same ones. Every record written here is
found again by a natural key (a name, a username, a date and a title…), so loading twice
changes nothing. Generated records say so in their notes (`DEMO_NOTE`).
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from interurps.models import (
    Department,
    FreeSection,
    Funding,
    Meeting,
    MeetingCategory,
    Organisation,
    Person,
    Programme,
    ReportEdition,
    ReportSignatory,
    ReportText,
    StaffMember,
    Union,
)
from interurps.roles import STAFF

DEMO_NOTE = "Donnée de démonstration."
SOURCE_2021 = "D'après le rapport d'activité 2021 de l'InterURPS Pays de la Loire (donnée de démonstration)."
YEAR = 2021


def rng(salt):
    """A random generator seeded with the year and `salt`: the same draws on every run, independent per use."""
    return random.Random(f"{YEAR}-{salt}")


# --- Meetings -----------------------------------------------------------------------------------------------


@dataclass
class MeetingSpec:
    """A meeting to write; (date, title) is its natural key."""

    date: datetime.date
    title: str
    programmes: tuple = ()  # programme codes
    category: tuple | None = None  # (programme code, category code, or name for a category without code)
    kind: str = Meeting.Kind.MEETING
    mode: str = Meeting.Mode.IN_PERSON
    end_date: datetime.date | None = None
    place: str = ""
    department: str | None = None  # INSEE code
    staff: tuple = ()  # users
    organisations: tuple = ()
    people: tuple = ()
    notes: str = DEMO_NOTE
    is_highlight: bool = False
    highlight_summary: str = ""


MEETING_FIELDS = [
    "end_date",
    "kind",
    "category",
    "mode",
    "place",
    "department",
    "notes",
    "is_highlight",
    "highlight_summary",
]
MEETING_RELATIONS = {"programmes": "programmes", "staff": "staff", "organisations": "organisations", "people": "people"}


def save_meetings(specs):
    """Create or update the meetings of `specs` and set their relations, in a few queries whatever their number.

    Returns {(date, title): Meeting}. Two specs may not share a date and a title.
    """
    specs = list(specs)
    keys = [(spec.date, spec.title) for spec in specs]
    if len(set(keys)) != len(keys):
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        raise ValueError(f"Réunions en double dans les données de démonstration : {duplicates}")
    categories = {}
    for category in MeetingCategory.objects.select_related("programme"):
        categories[category.programme.code, category.name] = category
        if category.code:  # seeded categories are found by their code, whatever an administrator renamed them
            categories[category.programme.code, category.code] = category
    unknown = sorted({spec.category for spec in specs if spec.category and spec.category not in categories})
    if unknown:
        names = ", ".join(f"{programme} · {name}" for programme, name in unknown)
        raise ValueError(f"Catégories de réunion introuvables (renommées ?) : {names}.")
    departments = {d.code: d for d in Department.objects.all()}
    programmes = {p.code: p for p in Programme.objects.all()}
    existing = {}
    for meeting in Meeting.objects.filter(title__in={t for _, t in keys}, date__in={d for d, _ in keys}).order_by("pk"):
        existing.setdefault((meeting.date, meeting.title), meeting)

    new, changed, meetings = [], [], {}
    for spec in specs:
        meeting = existing.get((spec.date, spec.title)) or Meeting(date=spec.date, title=spec.title)
        meeting.end_date = spec.end_date
        meeting.kind = spec.kind
        meeting.category = categories[spec.category] if spec.category else None
        meeting.mode = spec.mode
        meeting.place = spec.place
        meeting.department = departments[spec.department] if spec.department else None
        meeting.notes = spec.notes
        meeting.is_highlight = spec.is_highlight
        meeting.highlight_summary = spec.highlight_summary
        meeting.clean_fields()
        meeting.clean()
        (changed if meeting.pk else new).append(meeting)
        meetings[(spec.date, spec.title)] = meeting
    Meeting.objects.bulk_create(new)
    if changed:
        Meeting.objects.bulk_update(changed, MEETING_FIELDS)

    related = {
        "programmes": lambda spec: [programmes[code] for code in spec.programmes],
        "staff": lambda spec: spec.staff,
        "organisations": lambda spec: spec.organisations,
        "people": lambda spec: spec.people,
    }
    for name, values_of in related.items():
        set_many(
            getattr(Meeting, name),
            {meetings[(spec.date, spec.title)].pk: [value.pk for value in values_of(spec)] for spec in specs},
        )
    return meetings


def set_many(descriptor, targets):
    """Set a many-to-many relation for many objects at once: `targets` maps an object's pk to the related pks."""
    field = descriptor.field
    through = descriptor.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    through.objects.filter(**{f"{source}_id__in": list(targets)}).delete()
    through.objects.bulk_create(
        through(**{f"{source}_id": pk, f"{target}_id": related_pk})
        for pk, related_pks in targets.items()
        for related_pk in dict.fromkeys(related_pks)
    )


def working_days(start, end, weekdays=(0, 1, 2, 3, 4)):
    """The days from `start` to `end` (included) that fall on `weekdays` (Monday is 0)."""
    days, day = [], start
    while day <= end:
        if day.weekday() in weekdays:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def month_bounds(year, month):
    """The first and the last day of a month."""
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first, following - datetime.timedelta(days=1)


def spread_dates(random_, start, end, count, weekdays=(0, 1, 2, 3, 4), exclude=()):
    """`count` distinct days between `start` and `end`, spread evenly (one draw per equal slice), in order."""
    days = [day for day in working_days(start, end, weekdays) if day not in set(exclude)]
    if count > len(days):
        raise ValueError(f"Pas assez de jours entre le {start} et le {end} pour {count} réunions.")
    chosen = []
    for index in range(count):
        slice_ = days[len(days) * index // count : len(days) * (index + 1) // count]
        chosen.append(random_.choice(slice_))
    return chosen


# --- Organisations, people, staff ---------------------------------------------------------------------------


def save_organisation(name, acronym="", kind=Organisation.Kind.OTHER, department=None, notes=""):
    """The organisation named `name` (whatever its case), created or updated."""
    organisation = Organisation.objects.filter(name__iexact=name).first() or Organisation(name=name)
    organisation.acronym = acronym
    organisation.kind = kind
    organisation.department = Department.objects.get(code=department) if department else None
    organisation.notes = notes or organisation.notes
    organisation.full_clean(validate_unique=False, validate_constraints=False)
    organisation.save()
    return organisation


def organisation(acronym_or_name):
    """A demo organisation by its acronym or its name (as written in ORGANISATIONS)."""
    return Organisation.objects.filter(acronym__iexact=acronym_or_name).first() or Organisation.objects.get(
        name__iexact=acronym_or_name
    )


def save_person(first_name, last_name, civility="", profession="", organisation=None, union=None, notes=SOURCE_2021):
    """A person found by first and last name, created or updated (no e-mail address: none is invented)."""
    person, _ = Person.objects.update_or_create(
        first_name=first_name,
        last_name=last_name,
        defaults={
            "civility": civility,
            "profession": profession,
            "organisation": organisation,
            "union": union,
            "notes": notes,
        },
    )
    return person


def person(first_name, last_name):
    return Person.objects.get(first_name=first_name, last_name=last_name)


def demo_user(username):
    return get_user_model().objects.get(username=username)


def save_user(username, first_name, last_name, groups=(STAFF,)):
    """A user with an unusable password (demo people cannot log in; the demo accounts are another command)."""
    user, created = get_user_model().objects.update_or_create(
        username=username, defaults={"first_name": first_name, "last_name": last_name, "is_active": True}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


# Organisations named in the sources (name, acronym, kind, department).
ORGANISATIONS = [
    ("InterURPS Pays de la Loire", "InterURPS", Organisation.Kind.ASSOCIATION, None),
    ("Agence régionale de santé Pays de la Loire", "ARS", Organisation.Kind.ARS, None),
    ("Assurance maladie de Loire-Atlantique", "CPAM 44", Organisation.Kind.CPAM, "44"),
    ("Mutualité sociale agricole", "MSA", Organisation.Kind.MSA, None),
    ("Association des pôles et maisons de santé libéraux", "APMSL", Organisation.Kind.ASSOCIATION, None),
    ("GRADeS e-santé Pays de la Loire (GCS e-santé)", "GRADeS", Organisation.Kind.PUBLIC_BODY, None),
    ("École des hautes études en santé publique", "EHESP", Organisation.Kind.TRAINING, None),
    ("Observatoire régional de la santé", "ORS", Organisation.Kind.ASSOCIATION, None),
    ("Gérontopôle des Pays de la Loire", "Gérontopôle", Organisation.Kind.ASSOCIATION, None),
    ("Groupement hospitalier de territoire de Loire-Atlantique", "GHT 44", Organisation.Kind.GHT, "44"),
    ("Groupement hospitalier de territoire de Maine-et-Loire", "GHT 49", Organisation.Kind.GHT, "49"),
    ("CHU de Nantes", "CHU", Organisation.Kind.INSTITUTION, "44"),
    ("Centre 15 de Loire-Atlantique (SAMU 44)", "Centre 15", Organisation.Kind.INSTITUTION, "44"),
    ("ADOPS 44", "", Organisation.Kind.ASSOCIATION, "44"),
    ("ADOPS 49", "", Organisation.Kind.ASSOCIATION, "49"),
    ("Sia Conseils", "", Organisation.Kind.COMPANY, None),
    ("Gescalib", "", Organisation.Kind.COMPANY, None),
    ("Conseil régional des Pays de la Loire", "Conseil régional", Organisation.Kind.PUBLIC_BODY, None),
    ("France Assos Santé", "", Organisation.Kind.ASSOCIATION, None),
    ("Conseil territorial de santé de Vendée", "CTS 85", Organisation.Kind.PUBLIC_BODY, "85"),
    ("Fédération nationale des CPTS", "FCPTS", Organisation.Kind.ASSOCIATION, None),
]


def load_organisations():
    for name, acronym, kind, department in ORGANISATIONS:
        save_organisation(name, acronym, kind, department, notes=DEMO_NOTE)


# People named in the 2021 report (co-presidents, speakers of the seminar, partners), as it names them:
# (civility, first name, last name, profession or function, organisation acronym, union code).
PEOPLE = [
    ("mme", "Elsa", "BENARD", "orthophoniste, présidente de l'URPS orthophonistes", None, "orthophonistes"),
    ("dr", "Jean-Baptiste", "CAILLARD", "médecin, président de l'URML", None, "urml"),
    ("dr", "Alain", "GUILLEMINOT", "pharmacien, président de l'URPS pharmaciens", None, "pharmaciens"),
    ("m", "Jean-Jacques", "COIPLLET", "directeur général de l'ARS Pays de la Loire", "ARS", None),
    ("m", "Thomas", "BOUVIER", "sous-directeur de l'Assurance maladie de Loire-Atlantique", "CPAM 44", None),
    ("m", "Florent", "POUGET", "directeur DOSA de l'ARS Pays de la Loire", "ARS", None),
    ("mme", "Tiphaine", "CITTÉ", "présidente de l'URPS sages-femmes", None, "sages-femmes"),
    ("mme", "Anne-Alexandra", "BABU", "directrice du GRADeS e-santé", "GRADeS", None),
    ("m", "Bernard", "GEFROY", "coordonnateur mission numérique en santé de l'ARS", "ARS", None),
    ("dr", "Dominique", "BRACHET", "vice-président de l'URPS chirurgiens-dentistes", None, "dentistes"),
    ("m", "Patrick", "COUNY", "président de l'URPS masseurs-kinésithérapeutes", None, "kines"),
    ("dr", "Thomas", "HERAULT", "directeur de l'URML", None, "urml"),
    ("m", "Pierre", "BLAISE", "directeur du projet régional de santé de l'ARS", "ARS", None),
    ("m", "David", "GUILLET", "président de l'URPS infirmiers", None, "infirmiers"),
    ("mme", "Mathilde", "MORILLEAU", "présidente de l'URPS pédicures-podologues", None, "podologues"),
    ("m", "Gérard", "ALLARD", "vice-président de France Assos Santé", "France Assos Santé", None),
    ("m", "Antoine", "CHEREAU", "président du CTS 85", "CTS 85", None),
    ("m", "Cédric", "FERRASSE", "président de l'URPS orthoptistes", None, "orthoptistes"),
    # « Mme Richard Michelet, avocate du cabinet Sia Conseils »: her first name is not given.
    ("mme", "", "Richard Michelet", "avocate", "Sia Conseils", None),
    ("dr", "Jean-François", "MOREUL", "médecin généraliste, formateur relais PACTE", None, None),
]


def load_people():
    unions = {union.code: union for union in Union.objects.all()}
    for civility, first_name, last_name, profession, organisation_ref, union_code in PEOPLE:
        save_person(
            first_name,
            last_name,
            civility=civility,
            profession=profession,
            organisation=organisation(organisation_ref) if organisation_ref else None,
            union=unions.get(union_code),
        )


# The team of 2021: username, first name, last name, job title, programmes, arrival, union seconding them.
BOUTIER, LE_NY, CLEMENT, CASSARD = "jeanne.boutier", "anne-laure.le-ny", "barbara.clement", "jean.cassard"
OGER, PECHET, SPADACHINI = "anne-claire.oger", "nadege.pechet", "marion.spadachini"
STAFF_MEMBERS = [
    (BOUTIER, "Jeanne", "BOUTIER", "Chargée de mission CPTS InterURPS", ["cpts", "pacte"], None, None),
    # Chargée de mission CPTS at the URML from September 2018 (URML 2018 report), then at the InterURPS.
    (LE_NY, "Anne-Laure", "LE NY", "Chargée de mission CPTS InterURPS", ["cpts", "pacte"], (2018, 9, 1), None),
    (CLEMENT, "Barbara", "CLÉMENT", "Coordinatrice territoriale Maine-et-Loire", ["cpts"], (2021, 10, 1), None),
    (CASSARD, "Jean", "CASSARD", "Chargé de mission SAS", ["sas"], (2021, 6, 14), None),
    (OGER, "Anne-Claire", "OGER", "Gestion du CPOM (coordination InterURPS)", ["association"], None, "pharmaciens"),
    (PECHET, "Nadège", "PECHET", "Suivi financier", ["association"], None, "dentistes"),
    (SPADACHINI, "Marion", "SPADACHINI", "Suivi administratif", ["association"], None, "infirmiers"),
]


def load_staff():
    unions = {union.code: union for union in Union.objects.all()}
    for username, first_name, last_name, job_title, programmes, start, union_code in STAFF_MEMBERS:
        user = save_user(username, first_name, last_name)
        member, _ = StaffMember.objects.update_or_create(
            user=user,
            defaults={
                "job_title": job_title,
                "start_date": datetime.date(*start) if start else None,
                "end_date": None,
                "seconded_by": unions.get(union_code),
            },
        )
        member.programmes.set(Programme.objects.filter(code__in=programmes))


# --- Governance, seminar, funding -------------------------------------------------------------------------------

GENERAL_ASSEMBLY_2021 = datetime.date(2021, 3, 9)
BOARD_MEETING_COUNT_2021 = 11
SEMINAR_2021 = datetime.date(2021, 11, 23)
SEMINAR_TITLE = "Séminaire InterURPS « Mieux se connaître pour agir en santé sur nos territoires »"


def governance_meetings():
    """The 11 conseils d'administration of 2021 (one a month but August, the March one on the day of the AG),
    the assemblée générale of 9 March 2021 and the seminar of 23 November 2021."""
    random_ = rng("conseils")
    coordination = [demo_user(OGER)]
    specs = []
    for month in [m for m in range(1, 13) if m != 8]:
        if month == GENERAL_ASSEMBLY_2021.month:
            day = GENERAL_ASSEMBLY_2021
        else:
            day = random_.choice(working_days(*month_bounds(YEAR, month), weekdays=(1, 3)))
        specs.append(
            MeetingSpec(
                date=day,
                title="Conseil d'administration de l'InterURPS",
                programmes=("association",),
                category=("association", "board_meeting"),
                kind=Meeting.Kind.GOVERNANCE,
                mode=Meeting.Mode.REMOTE if month <= 6 else Meeting.Mode.HYBRID,
                staff=coordination,
            )
        )
    assert len(specs) == BOARD_MEETING_COUNT_2021
    presidents = [person("Elsa", "BENARD"), person("Jean-Baptiste", "CAILLARD"), person("Alain", "GUILLEMINOT")]
    specs.append(
        MeetingSpec(
            date=GENERAL_ASSEMBLY_2021,
            title="Assemblée générale de l'InterURPS",
            programmes=("association",),
            category=("association", "general_assembly"),
            kind=Meeting.Kind.GOVERNANCE,
            mode=Meeting.Mode.REMOTE,
            staff=coordination,
            people=presidents,
            notes=SOURCE_2021,
        )
    )
    speakers = [
        person(first, last)
        for first, last in [
            ("Jean-Jacques", "COIPLLET"),
            ("Thomas", "BOUVIER"),
            ("Florent", "POUGET"),
            ("Tiphaine", "CITTÉ"),
            ("Anne-Alexandra", "BABU"),
            ("Bernard", "GEFROY"),
            ("Dominique", "BRACHET"),
            ("Patrick", "COUNY"),
            ("Thomas", "HERAULT"),
            ("Pierre", "BLAISE"),
            ("David", "GUILLET"),
            ("Alain", "GUILLEMINOT"),
            ("Mathilde", "MORILLEAU"),
            ("Gérard", "ALLARD"),
            ("Antoine", "CHEREAU"),
            ("Elsa", "BENARD"),
            ("Jean-Baptiste", "CAILLARD"),
            ("Cédric", "FERRASSE"),
        ]
    ]
    specs.append(
        MeetingSpec(
            date=SEMINAR_2021,
            title=SEMINAR_TITLE,
            programmes=("association",),
            category=("association", "seminar"),
            kind=Meeting.Kind.EVENT,
            staff=[demo_user(username) for username, *_ in STAFF_MEMBERS],
            organisations=[organisation(ref) for ref in ("ARS", "CPAM 44", "GRADeS", "France Assos Santé", "CTS 85")],
            people=speakers,
            notes=SOURCE_2021,
        )
    )
    return specs


# The seed gives no amount: the association is funded by its own funds (the 10 URPS' call for funds) and, for its
# projects, by the ARS (FIR). The demo records no funding row, so the report says that and prints no amount; rows
# that earlier versions of the demo invented (their notes say « montant de démonstration ») are removed.
INVENTED_FUNDING_NOTE = "(montant de démonstration)"


def load_funding():
    Funding.objects.filter(year=YEAR, notes__contains=INVENTED_FUNDING_NOTE).delete()


# --- The 2021 report edition: what no query can produce ----------------------------------------------------------

PRESIDENTS_MESSAGE = """<p>2021 marque une année de croissance pour l'InterURPS avec le lancement de deux projets
phares, REPER/ICOPE et SAS, ainsi qu'une augmentation dans l'accompagnement des CPTS.</p>
<p>Communiquer, informer, concerter et structurer l'échange entre les différentes URPS sur les thématiques qui leur
sont communes, en priorité sur le sujet de la coordination interprofessionnelle est un des piliers de notre
association.</p>
<p>Nous sommes heureux de faire partie de cette dynamique et de travailler en commun pour proposer des modèles et des
méthodes d'accompagnement concourant à la structuration et la reconnaissance de l'exercice interprofessionnel des
professionnels de santé libéraux.</p>"""

PRESENTATION = """<p>L'Association InterURPS Pays de la Loire est le regroupement des 10 Unions Régionales des
Professionnels de Santé du territoire. Créée en décembre 2019, l'association a entre autres pour rôle :</p>
<ul>
<li>De communiquer, informer, concerter et structurer l'échange entre les différentes URPS sur les thématiques qui
leur sont communes</li>
<li>De développer des actions dans le domaine de la prévention et promotion de la santé</li>
<li>De faciliter la création de CPTS en Pays de la Loire avec le soutien de l'ARS et de l'Assurance maladie.</li>
</ul>
<p>Un partenariat avec les grandes instances de la santé, CPAM et ARS, a permis d'accélérer la création des CPTS, tout
en garantissant la cohérence des territoires, avec une vision homogène des projets et une cohérence vis-à-vis de la
politique régionale de santé.</p>"""

# (person, title) of the signatories of the mot des présidents, in order.
SIGNATORIES = [
    (("Elsa", "BENARD"), "co-présidente InterURPS et présidente URPS orthophonistes"),
    (("Jean-Baptiste", "CAILLARD"), "co-président InterURPS et président URML"),
    (("Alain", "GUILLEMINOT"), "co-président InterURPS et président URPS pharmaciens"),
]

TEXTS = {
    ("financement", ReportText.Kind.INTRODUCTION): """<p>Le fonctionnement de l'InterURPS est assuré par des fonds
propres (appel de fonds des 10 URPS) et les projets sur fonds ARS (FIR).</p>""",
    ("reunions", ReportText.Kind.INTRODUCTION): """<p>Dans le cadre de leurs missions, Mme LE NY et Mme BOUTIER ont
réalisé différentes pauses visio entre coordinateurs CPTS Pays de la Loire, mais également des journées régionales
coordinateurs CPTS PDL en présentiel pour favoriser les retours d'expérience et la cohésion d'équipe.</p>""",
}

FREE_SECTIONS = [
    (
        "ORS",
        """<p>Des réunions de travail avec l'ORS ont également eu lieu afin de travailler sur les indicateurs des
futurs diagnostics qui seront proposés aux CPTS par l'InterURPS dans le cadre de son accompagnement.</p>""",
    ),
    (
        "GE InterURPS",
        """<p>Afin de faciliter le recrutement de coordinateurs pour ces communautés, l'InterURPS a souhaité se doter
d'un groupement d'employeurs. Les coordinateurs recrutés sont salariés du groupement et mis à disposition de la CPTS
concernée. Le fonctionnement et le financement du groupement sont assurés par les URPS.</p>""",
    ),
    (
        "Séminaire InterURPS",
        """<p>Le séminaire 2021 « Mieux se connaître pour agir en santé sur nos territoires » organisé par
l'ensemble des salariés des URPS, avec le soutien de l'ARS Pays de la Loire, s'est déroulé le mardi 23 novembre
2021.</p>
<p>Une centaine d'élus URPS et partenaires étaient réunis autour de tables rondes et d'ateliers. Au programme des
tables rondes de la matinée :</p>
<ul>
<li><strong>Le point de vue des institutions</strong>, en présence de M. Jean-Jacques COIPLLET, Directeur Général de
l'ARS Pays de la Loire et Thomas BOUVIER, Sous-directeur de l'Assurance Maladie de Loire-Atlantique</li>
<li><strong>Focus sur l'InterURPS</strong>, en présence de M. Florent POUGET, Directeur DOSA de l'ARS Pays de la Loire
et Mme Tiphaine CITTÉ, Présidente de l'URPS SAGES-FEMMES</li>
<li><strong>Table ronde 1 « Numérique : nouveautés et perspectives »</strong>, avec la participation de Mme
Anne-Alexandra BABU, Directrice du GRADeS e-santé, M. Thomas BOUVIER, Sous-directeur de l'Assurance Maladie de
Loire-Atlantique, M. Bernard GEFROY, Coordonnateur mission numérique en santé de l'ARS Pays de la Loire, M. Dominique
BRACHET, Vice-président de l'URPS CHIRURGIENS-DENTISTES, M. Patrick COUNY, Président de l'URPS
MASSEURS-KINÉSITHÉRAPEUTES et de M. Thomas HERAULT, Directeur de l'URML</li>
<li><strong>Table ronde 2 « Innovation / Article 51 : Qu'est-ce que c'est ? Où en sommes-nous ? »</strong>, avec la
participation de M. Pierre BLAISE, Directeur du Projet Régional de Santé de l'ARS Pays de la Loire, M. Thomas BOUVIER,
Sous-directeur de l'Assurance Maladie de Loire-Atlantique, M. David GUILLET, Président de l'URPS INFIRMIERS, M. Alain
GUILLEMINOT, Président de l'URPS PHARMACIENS et de Mme Mathilde MORILLEAU, Présidente de l'URPS
PÉDICURES-PODOLOGUES</li>
<li><strong>Table ronde 3 « Démocratie en santé : à quoi ça sert et comment ça fonctionne ? »</strong>, avec M. Gérard
ALLARD, Vice-président de France Assos Santé, M. Antoine CHEREAU, Président du CTS 85, Mme Elsa BENARD, Présidente de
l'URPS Orthophonistes, M. Jean-Baptiste CAILLARD, Président de l'URML et M. Cédric FERRASSE, Président de l'URPS
Orthoptistes</li>
</ul>
<p>Au programme de l'après-midi : des ateliers sur les CPTS, les MSP et l'ESP-CLAP principalement destinés aux
nouveaux élus URPS.</p>""",
    ),
]


# The outline of the 2021 report: vie de l'union and financement within « L'InterURPS », the réunions diverses
# within PACTE, the CPTS perspectives after them; ORS, GE and séminaire (the free sections) as chapters at the end.
OUTLINE_2021 = [
    ("presidents", 1),
    ("interurps", 1),
    ("association", 2),
    ("perspectives-association", 2),
    ("financement", 2),
    ("perspectives-financement", 2),
    ("sas", 1),
    ("perspectives-sas", 1),
    ("reper", 1),
    ("perspectives-reper", 1),
    ("cpts", 1),
    ("pacte", 1),
    ("perspectives-pacte", 1),
    ("reunions", 2),
    ("perspectives-reunions", 2),
    ("perspectives-cpts", 1),
]


def set_report_text(edition, section_key, kind, body):
    """Write one editorial text of `edition` (used by the other apps' demo modules for their own section)."""
    ReportText.objects.update_or_create(edition=edition, section_key=section_key, kind=kind, defaults={"body": body})


def report_edition(year=YEAR):
    edition, _ = ReportEdition.objects.get_or_create(year=year)
    return edition


def load_report_edition():
    edition = report_edition()
    edition.title = "Rapport d'activité"
    edition.presidents_message = PRESIDENTS_MESSAGE
    edition.presentation = PRESENTATION
    edition.save()
    for order, ((first_name, last_name), title) in enumerate(SIGNATORIES, start=1):
        ReportSignatory.objects.update_or_create(
            edition=edition, order=order, defaults={"person": person(first_name, last_name), "name": "", "title": title}
        )
    for (section_key, kind), body in TEXTS.items():
        set_report_text(edition, section_key, kind, body)
    free_keys = []
    for order, (title, body) in enumerate(FREE_SECTIONS, start=1):
        free, _ = FreeSection.objects.update_or_create(
            edition=edition, title=title, defaults={"body": body, "order": order}
        )
        free_keys.append(f"libre-{free.pk}")
    edition.outline = [{"key": key, "visible": True, "level": level} for key, level in OUTLINE_2021]
    edition.outline += [{"key": key, "visible": True, "level": 1} for key in free_keys]
    edition.save(update_fields=["outline"])


def load(stdout):
    load_organisations()
    load_people()
    load_staff()
    meetings = save_meetings(governance_meetings())
    load_funding()
    load_report_edition()
    stdout.write(
        f"  interurps : {len(ORGANISATIONS)} organisations, {len(PEOPLE)} personnes, {len(STAFF_MEMBERS)} salariés, "
        f"{len(meetings)} réunions de gouvernance, financements et édition {YEAR} du rapport."
    )
    from interurps.pictures import load_demo_pictures  # neutral pictures (initials), credited as demonstration

    load_demo_pictures()

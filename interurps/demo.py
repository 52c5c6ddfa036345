"""Demo data of the association itself: organisations, people, staff, governance, funding, the 2021 report edition.

`python manage.py load_demo` calls this `load(stdout)` first (`interurps.registry.register_demo`); the
other apps' demos use the organisations, people and staff it writes. The records are the files of
`interurps/demo_data/` (organisations, people, staff, meetings), read by `interurps.demo_loader`.

Sources: the InterURPS 2021 activity report and the other documents of `seeds/`. Facts of the
sources become records with their real dates and names; where a source gives only a count
(« 11 conseils d'administration »), that many plausible records are made, with dates drawn by
a seeded random generator so that every run makes the same ones. Every record written here is
found again by a natural key (a name, a username, a date and a title…), so loading twice
changes nothing. Generated records say so in their notes (`DEMO_NOTE`).
"""

from interurps import demo_loader
from interurps.demo_loader import DEMO_NOTE, person, save_meetings
from interurps.models import (
    Department,
    FreeSection,
    Funding,
    Organisation,
    Programme,
    ReportEdition,
    ReportSignatory,
    ReportText,
    StaffMember,
    Union,
)
from interurps.report import demo_texts
from interurps.roles import STAFF

YEAR = 2021
ORGANISATIONS = demo_loader.read("interurps", "organisations")
PEOPLE = demo_loader.read("interurps", "people")["people"]
STAFF_MEMBERS = demo_loader.read("interurps", "staff")


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


def load_organisations():
    for row in ORGANISATIONS:
        save_organisation(row["name"], row["acronym"], row["kind"], row["department"], notes=DEMO_NOTE)


def load_people():
    unions = {union.code: union for union in Union.objects.all()}
    notes = demo_loader.read("interurps", "people")["notes"]
    for row in PEOPLE:
        demo_loader.save_person(
            row["first_name"],
            row["last_name"],
            civility=row["civility"],
            profession=row["profession"],
            organisation=demo_loader.organisation(row["organisation"]) if row["organisation"] else None,
            union=unions.get(row["union"]),
            notes=notes,
        )


def load_staff():
    unions = {union.code: union for union in Union.objects.all()}
    for row in STAFF_MEMBERS:
        user = demo_loader.save_user(row["username"], row["first_name"], row["last_name"], groups=(STAFF,))
        member, _ = StaffMember.objects.update_or_create(
            user=user,
            defaults={
                "job_title": row["job_title"],
                "start_date": row["start_date"],
                "end_date": None,
                "seconded_by": unions.get(row["seconded_by"]),
            },
        )
        member.programmes.set(Programme.objects.filter(code__in=row["programmes"]))


def board_meetings(entry):
    """One board meeting a month but the `skip_months`, on the day of `on_day_of` in its month, else on a day of
    `weekdays` drawn at random; remote until `remote_until_month`, hybrid after."""
    random_ = demo_loader.rng(entry["seed"])
    specs = []
    for month in [m for m in range(1, 13) if m not in entry["skip_months"]]:
        if month == entry["on_day_of"].month:
            day = entry["on_day_of"]
        else:
            bounds = demo_loader.month_bounds(entry["year"], month)
            day = random_.choice(demo_loader.working_days(*bounds, weekdays=tuple(entry["weekdays"])))
        mode = "remote" if month <= entry["remote_until_month"] else "hybrid"
        specs.append(demo_loader.spec(entry, day, mode=mode))
    if len(specs) != entry["count"]:
        raise ValueError(f"{len(specs)} conseils d'administration au lieu de {entry['count']}.")
    return specs


def governance_meetings():
    """The conseils d'administration of 2021, the assemblée générale and the seminar."""
    return demo_loader.meeting_specs(
        demo_loader.read("interurps", "meetings"), generate={"board_meetings": board_meetings}
    )


# --- Funding -------------------------------------------------------------------------------------------------

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
    demo_texts.load(edition)
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

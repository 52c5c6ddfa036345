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
from interurps.demo import report_edition, set_report_text
from interurps.models import Department, Meeting, MeetingCategory, Programme, ReportText
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


# The section's editorial texts in the 2021 edition (2021 report; its figures are computed, not written here).
INTRODUCTION = """<p>Suite à l'appel à candidatures du ministère de la Santé et de la
Prévention pour la désignation de projets pilotes expérimentateurs du service d'accès aux soins (SAS), deux projets ont
été proposés pour les Pays de la Loire (Loire-Atlantique et Sarthe). Le projet de la Loire-Atlantique a été retenu et
l'ARS a décidé d'un soutien et d'un accompagnement du projet pilote de la Sarthe. De même, l'ARS a décidé d'accompagner
les 3 autres départements dans la préparation du déploiement du SAS dans leur territoire.</p>
<p>Par ailleurs, pour permettre aux professionnels de santé de terrain de s'impliquer dans le projet SAS et notamment
d'articuler leurs projets d'organisation locale de soins non programmés (SNP) travaillés notamment dans le cadre des
CPTS ou des MSP, il a été demandé que leurs actions puissent être coordonnées et accompagnées pour s'intégrer au SAS.
A ce titre, un chargé de mission SAS a été recruté au sein de l'InterURPS.</p>
<h2>Les objectifs de la création de poste</h2>
<ul>
<li>Assurer la représentation, en lien étroit avec les URPS, des professionnels de santé de ville dans la négociation
puis la gouvernance du SAS.</li>
<li>Impliquer les professionnels de santé de ville des territoires dans le déploiement du SAS.</li>
<li>Communiquer et informer en proximité, en partenariat avec les institutions représentatives de ces professionnels de
santé ou structures en charge des SNP.</li>
<li>Favoriser la diffusion, la mise en place et l'utilisation de nouveaux outils de coordination utiles à la gestion de
la demande de soins non programmés.</li>
<li>Promouvoir la structuration de l'effectif. Favoriser les échanges entre les différentes associations d'effecteurs,
leur coordination, accompagner leur éventuelle structuration juridique.</li>
<li>Faire le lien entre les effecteurs et le SAS par l'intermédiaire notamment des coordonnateurs des CPTS, des
coordonnateurs locaux de la gestion des soins non programmés des CPTS, des coordonnateurs des MSP, l'administrateur du
SAS, les OSNP, les médecins régulateurs.</li>
</ul>
<h2>Dans le cadre de son accompagnement, la mission de M. CASSARD a consisté à :</h2>
<ul>
<li>Réunir les responsables des associations concernées autant que de besoin</li>
<li>Recueillir les attentes, les freins/leviers des professionnels</li>
<li>Faire circuler l'information au niveau départemental et régional</li>
<li>Participer aux réunions en complément des professionnels désignés par les associations, et faire le lien avec
eux</li>
<li>Faire le lien et la coordination, à un niveau opérationnel, avec les associations représentatives des
professionnels de santé (URPS, ADOPS, etc.) et avec les professionnels intervenants dans la réception, la régulation et
l'orientation des appels</li>
</ul>
<p>Le chargé de mission SAS a incarné, en parallèle de ses activités, un rôle de Référent Territorial, consistant
à :</p>
<ul>
<li>Accompagner les professionnels de santé à l'utilisation de la plateforme digitale SAS</li>
<li>Animer la saisie des disponibilités des effecteurs de soins sur la plateforme digitale SAS</li>
</ul>
<p>Les outils disponibles pour réaliser ces missions sont les webinaires de formation, l'espace formation de la
plateforme SAS et les guides d'utilisateurs, auxquels s'ajoutent les échanges avec le GRADeS (comptés parmi les
rencontres ci-dessous).</p>"""

PERSPECTIVES = """<p>Pour 2022, il semble important que les actions initiées en 2021
puissent permettre de poursuivre l'accompagnement des libéraux, assurer la pérennisation du dispositif et s'étendre à
plus de territoires (CPTS, Départements) et ce, compte tenu du contexte mouvant (politique, technique, organisationnel)
du SAS.</p>
<p>Il s'agira aussi de :</p>
<ul>
<li>S'assurer, dans la mesure du possible, de l'adéquation de la demande de soins avec l'offre d'effecteurs. La faire
remonter et la rendre visible aux médecins régulateurs et OSNP.</li>
<li>Associer, dans un second temps, les autres professions que les médecins généralistes impliquées dans la gestion de
la demande de SNP.</li>
<li>Assurer la coordination des projets de prise en charge des SNP mis en place par les professionnels de santé de
ville (notamment dans le cadre des CPTS, des MSP, des cabinets de groupe).</li>
</ul>"""


def load_texts():
    """The editorial texts of the section in the 2021 report edition (what no query can produce)."""
    edition = report_edition()
    set_report_text(edition, "sas", ReportText.Kind.INTRODUCTION, INTRODUCTION)
    set_report_text(edition, "sas", ReportText.Kind.PERSPECTIVES, PERSPECTIVES)


def load(stdout):
    load_texts()
    load_deployments()
    legal_category()
    specs = demo_loader.meeting_specs(demo_loader.read("sas", "meetings"), generate={"cpts": cpts_meetings})
    meetings = demo_loader.save_meetings(specs)
    cpts = {c.name: c for c in CPTS.objects.all()}
    demo_loader.link_meetings(CPTS.meetings, demo_loader.linked(specs, meetings, "cpts", cpts))
    join_shared_meetings()
    stdout.write(f"  sas : {len(DEPLOYMENTS)} déploiements départementaux, {len(meetings) + 2} rencontres.")

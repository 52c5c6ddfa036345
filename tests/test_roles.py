"""The role × URL matrix: every named page, for each role, is allowed (200), refused (403) or sends to login (302).

The URLs come from the resolver, so a new page without a row in CASES fails
`test_every_named_url_has_a_row_in_the_matrix`: each new view states who may open it.
Each page is also sent a POST with a valid CSRF token by every role: a refused role changes nothing,
the read-only role never writes, an anonymous user goes to the login page.

The second factor is required here as in production: the administrator logs in with a verified device.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from cpts.services import complete_step
from interurps.models import PublishedReport, ReportEdition, Union
from interurps.views.imports import IMPORT_KINDS
from tests.cpts.factories import (
    AdhesionFactory,
    ContactFactory,
    CPTSFactory,
    PaymentFactory,
    StageChangeFactory,
    signed_cpts,
    step,
)
from tests.factories import (
    AdminUserFactory,
    BoardUserFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
    SectionPhotoFactory,
    StaffUserFactory,
    UserFactory,
    picture,
)
from tests.pacte.factories import CohortFactory, LearnerFactory, ModuleFactory, RelayTrainerFactory, SessionFactory
from tests.reper.factories import FiguresFactory, MilestoneFactory, ReperProjectFactory, TerritoryFactory
from tests.sas.factories import SASDeploymentFactory, SASDeploymentStatusFactory, SASIndicatorFactory

ANONYMOUS = "anonymous"
BOARD = "board"  # Bureau
STAFF = "staff"  # Chargé·e de mission
ADMIN = "admin"  # Administrateur
ROLES = [ANONYMOUS, BOARD, STAFF, ADMIN]
USER_FACTORIES = {BOARD: BoardUserFactory, STAFF: StaffUserFactory, ADMIN: AdminUserFactory}

EVERYONE = frozenset({BOARD, STAFF, ADMIN})
EDITORS = frozenset({STAFF, ADMIN})
ADMINS = frozenset({ADMIN})

# Outside the matrix: the Django admin (its own login; see test_admin.py and below) and the authentication views.
SKIPPED_NAMESPACES = {"admin"}
AUTH_URLS = {"login", "logout", "password_change", "password_change_done", "two_factor_verify", "two_factor_setup"}
# Open without a login, protected by a secret token in the URL (tested in tests/interurps/test_calendar.py).
TOKEN_URLS = {"interurps:calendar_feed"}


def meeting():
    return {"pk": MeetingFactory().pk}


def person():
    return {"pk": PersonFactory().pk}


def organisation():
    return {"pk": OrganisationFactory().pk}


def year():
    return {"year": 2021}


def published_report():
    edition = ReportEdition.objects.create(year=2021)
    PublishedReport.objects.create(
        edition=edition,
        version=1,
        file=ContentFile(b"%PDF-1.4\n", name="rapport.pdf"),
        published_at=timezone.now(),
        published_by=UserFactory(),
    )
    return {"year": 2021, "version": 1}


def union_with_logo():
    # The unions come from a data migration, which a transactional test's flush may have emptied.
    union = Union.objects.first() or Union.objects.create(
        code="test", name="URPS de test", short_name="T", profession="-"
    )
    union.logo.save("logo.png", picture())
    return {"pk": union.pk}


def person_with_portrait():
    return {"pk": PersonFactory(portrait=picture("portrait.png")).pk}


def pk_of(factory):
    return lambda: {"pk": factory().pk}


def sas_status():
    status = SASDeploymentStatusFactory()
    return {"pk": status.deployment.pk, "status_pk": status.pk}


def step_completion():
    return {"pk": complete_step(CPTSFactory(), step(1), timezone.localdate()).pk}


def import_kind(slug):
    return lambda: {"kind": slug}


# Who may import what: contacts and meetings are the staff's data; commune populations are reference data.
IMPORTS = {
    "personnes": EDITORS,
    "organisations": EDITORS,
    "reunions": EDITORS,
    "communes": ADMINS,
    "cpts": EDITORS,
    "indicateurs-sas": EDITORS,
    "reper-chiffres": EDITORS,
    "pacte-apprenants": EDITORS,
    "pacte-presences": EDITORS,
}


@dataclass(frozen=True)
class Case:
    """A page: its URL name, the roles allowed, the URL's parameters (made with factories) and the status allowed."""

    name: str
    allowed: frozenset
    kwargs: Callable[[], dict] = field(default=dict)
    status: int = 200  # 302 for a page that only redirects
    label: str = ""  # tells apart two rows of one URL name with different parameters

    def __str__(self):
        return f"{self.name}[{self.label}]" if self.label else self.name


CASES = [
    Case("home", EVERYONE),
    Case("interurps:meeting_list", EVERYONE),
    Case("interurps:meeting", EVERYONE, meeting),
    Case("interurps:meeting_create", EDITORS),
    Case("interurps:meeting_edit", EDITORS, meeting),
    # A chargée deletes the meetings she logged (tests/interurps/test_history.py); this one nobody logged.
    Case("interurps:meeting_delete", ADMINS, meeting),
    Case("interurps:person_list", EVERYONE),
    Case("interurps:person", EVERYONE, person),
    Case("interurps:person_create", EDITORS),
    Case("interurps:person_edit", EDITORS, person),
    Case("interurps:person_archive", EDITORS, person, status=405),  # archiving is a POST
    Case("interurps:organisation_list", EVERYONE),
    Case("interurps:organisation", EVERYONE, organisation),
    Case("interurps:organisation_create", EDITORS),
    Case("interurps:organisation_edit", EDITORS, organisation),
    Case("interurps:person_autocomplete", EVERYONE),
    Case("interurps:organisation_autocomplete", EVERYONE),
    Case("interurps:commune_autocomplete", EVERYONE),
    Case("interurps:staff_autocomplete", EVERYONE),
    Case("interurps:person_quick", EDITORS),
    Case("interurps:organisation_quick", EDITORS),
    Case("interurps:my_calendar", EVERYONE),
    Case("interurps:report_list", EVERYONE),
    Case("interurps:report", EVERYONE, year),
    Case("interurps:report_pdf", EVERYONE, year),
    Case("interurps:report_edit", EDITORS, year),
    Case("interurps:report_publish", EDITORS, year, status=405),  # publishing is a POST
    Case("interurps:report_compare", EVERYONE, year),
    Case("interurps:report_version", EVERYONE, published_report),
    Case("interurps:report_photos", EDITORS, year),
    Case("interurps:union_logo", EVERYONE, union_with_logo),
    Case("interurps:person_portrait", EVERYONE, person_with_portrait),
    Case("interurps:report_photo", EVERYONE, pk_of(SectionPhotoFactory)),
    Case("cpts:cpts_list", EVERYONE),
    Case("cpts:map", EVERYONE),
    Case("cpts:map_svg", EVERYONE),
    Case("cpts:cpts_autocomplete", EVERYONE),
    Case("cpts:cpts", EVERYONE, pk_of(CPTSFactory)),
    Case("cpts:cpts", EVERYONE, pk_of(signed_cpts), label="ACI signé"),
    Case("cpts:cpts_create", EDITORS),
    Case("cpts:cpts_edit", EDITORS, pk_of(CPTSFactory)),
    Case("cpts:cpts_archive", EDITORS, pk_of(CPTSFactory), status=405),  # archiving is a POST
    Case("cpts:cpts_territory", EDITORS, pk_of(CPTSFactory)),
    Case("cpts:cpts_territory_summary", EDITORS, pk_of(CPTSFactory)),
    Case("cpts:territory_communes", EDITORS),
    Case("cpts:cpts_stage_add", EDITORS, pk_of(CPTSFactory)),
    Case("cpts:cpts_stage_delete", EDITORS, pk_of(StageChangeFactory)),
    Case("cpts:cpts_step_complete", EDITORS, pk_of(CPTSFactory)),
    Case("cpts:cpts_step_delete", EDITORS, step_completion),
    Case("cpts:cpts_contact_add", EDITORS, pk_of(CPTSFactory)),
    Case("cpts:cpts_contact_edit", EDITORS, pk_of(ContactFactory)),
    Case("cpts:cpts_contact_delete", EDITORS, pk_of(ContactFactory)),
    Case("cpts:cpts_adhesion_add", EDITORS, pk_of(CPTSFactory)),
    Case("cpts:cpts_adhesion_delete", EDITORS, pk_of(AdhesionFactory)),
    Case("cpts:cpts_aci", EDITORS, pk_of(CPTSFactory)),
    Case("cpts:cpts_aci", EDITORS, pk_of(signed_cpts), label="ACI signé"),
    Case("cpts:cpts_payment_add", EDITORS, pk_of(signed_cpts)),
    Case("cpts:cpts_payment_edit", EDITORS, pk_of(PaymentFactory)),
    Case("cpts:cpts_payment_delete", EDITORS, pk_of(PaymentFactory)),
    Case("sas:home", EVERYONE),
    Case("sas:deployment", EVERYONE, pk_of(SASDeploymentFactory)),
    Case("sas:deployment_create", EDITORS),
    Case("sas:deployment_edit", EDITORS, pk_of(SASDeploymentFactory)),
    Case("sas:status_create", EDITORS, pk_of(SASDeploymentFactory)),
    Case("sas:status_delete", EDITORS, sas_status),
    Case("sas:indicator_list", EVERYONE),
    Case("sas:indicator_create", EDITORS),
    Case("sas:indicator_edit", EDITORS, pk_of(SASIndicatorFactory)),
    Case("sas:indicator_delete", EDITORS, pk_of(SASIndicatorFactory)),
    Case("reper:home", EVERYONE),
    Case("reper:project", EVERYONE, pk_of(ReperProjectFactory)),
    Case("reper:project_create", EDITORS),
    Case("reper:project_edit", EDITORS, pk_of(ReperProjectFactory)),
    Case("reper:milestone_create", EDITORS, pk_of(ReperProjectFactory)),
    Case("reper:milestone_edit", EDITORS, pk_of(MilestoneFactory)),
    Case("reper:milestone_delete", EDITORS, pk_of(MilestoneFactory)),
    Case("reper:territory_list", EVERYONE),
    Case("reper:territory", EVERYONE, pk_of(TerritoryFactory)),
    Case("reper:territory_create", EDITORS, pk_of(ReperProjectFactory)),
    Case("reper:territory_edit", EDITORS, pk_of(TerritoryFactory)),
    Case("reper:figures_list", EVERYONE),
    Case("reper:figures_record", EDITORS, pk_of(TerritoryFactory)),
    Case("reper:figures_delete", EDITORS, pk_of(FiguresFactory)),
    Case("pacte:home", EVERYONE),
    Case("pacte:cohort", EVERYONE, pk_of(CohortFactory)),
    Case("pacte:cohort_create", EDITORS),
    Case("pacte:cohort_edit", EDITORS, pk_of(CohortFactory)),
    Case("pacte:module_create", EDITORS, pk_of(CohortFactory)),
    Case("pacte:module_edit", EDITORS, pk_of(ModuleFactory)),
    Case("pacte:session", EVERYONE, pk_of(SessionFactory)),
    Case("pacte:session_create", EDITORS, pk_of(ModuleFactory)),
    Case("pacte:session_edit", EDITORS, pk_of(SessionFactory)),
    Case("pacte:session_attendance", EDITORS, pk_of(SessionFactory)),
    Case("pacte:session_sheet", EVERYONE, pk_of(SessionFactory)),
    Case("pacte:learner_list", EVERYONE),
    Case("pacte:learner_create", EDITORS, pk_of(CohortFactory)),
    Case("pacte:learner_edit", EDITORS, pk_of(LearnerFactory)),
    Case("pacte:attendance_list", EVERYONE),
    Case("pacte:relaytrainer_list", EVERYONE),
    Case("pacte:relaytrainer", EVERYONE, pk_of(RelayTrainerFactory)),
    Case("pacte:relaytrainer_create", EDITORS),
    Case("pacte:relaytrainer_edit", EDITORS, pk_of(RelayTrainerFactory)),
    *[Case("interurps:import", allowed, import_kind(slug), label=slug) for slug, allowed in IMPORTS.items()],
    # Confirming is a POST; a GET only sends back to the import form.
    *[
        Case("interurps:import_confirm", allowed, import_kind(slug), status=302, label=slug)
        for slug, allowed in IMPORTS.items()
    ],
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def named_urls(patterns=None, namespaces=()):
    """Every named URL of the project, as `namespace:name`, except the skipped namespaces."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            names |= named_urls(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(":".join((*namespaces, pattern.name)))
    return names


def test_every_named_url_has_a_row_in_the_matrix():
    missing = named_urls() - AUTH_URLS - TOKEN_URLS - {case.name for case in CASES}
    assert not missing, f"Pages sans ligne dans CASES (qui peut les ouvrir ?) : {sorted(missing)}"


def test_every_row_of_the_matrix_appears_once():
    rows = [str(case) for case in CASES]
    assert sorted(row for row in set(rows) if rows.count(row) > 1) == []


def test_every_row_of_the_matrix_is_a_named_url():
    stale = {case.name for case in CASES} - named_urls()
    assert TOKEN_URLS <= named_urls()
    assert not stale, f"Lignes de CASES sans URL : {sorted(stale)}"


def test_every_import_kind_has_a_row_in_the_matrix():
    assert set(IMPORTS) == set(IMPORT_KINDS)


@pytest.fixture(autouse=True)
def second_factor_required(settings, verified_login):
    settings.OTP_REQUIRED = True


@pytest.fixture
def log_in(verified_login):
    """Log a role in; the administrator with their second factor given, as the middleware requires."""

    def log_in(client, role):
        if role == ADMIN:
            verified_login(client, USER_FACTORIES[role]())
        elif role != ANONYMOUS:
            client.force_login(USER_FACTORIES[role]())

    return log_in


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_each_role_is_allowed_or_refused_each_page(client, db, case, role, log_in):
    url = reverse(case.name, kwargs=case.kwargs())
    log_in(client, role)
    response = client.get(url)
    if role == ANONYMOUS:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif role in case.allowed:
        assert response.status_code == case.status
    else:
        assert response.status_code == 403
    response.close()  # a file download is streamed: close it


def test_login_page_is_open_to_anonymous_users(client, db):
    assert client.get(reverse("login")).status_code == 200


@pytest.mark.parametrize("name", ["password_change", "password_change_done"])
def test_password_pages_send_anonymous_users_to_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [BOARD, STAFF, ADMIN])
def test_every_role_may_change_their_password(client, db, role, log_in):
    log_in(client, role)
    assert client.get(reverse("password_change")).status_code == 200


@pytest.mark.parametrize("role", [BOARD, STAFF, ADMIN])
def test_every_role_may_log_out(client, db, role, log_in):
    log_in(client, role)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize("role", [ANONYMOUS, BOARD, STAFF])
def test_admin_site_sends_non_staff_users_to_its_login(client, db, role, log_in):
    log_in(client, role)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_site_opens_for_the_administrator(client, db, log_in):
    log_in(client, ADMIN)
    assert client.get(reverse("admin:index")).status_code == 200


# SQL that writes, and the tables a request may write whoever makes it (its session, the login throttle).
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
BOOKKEEPING = ("django_session", "axes_")


def data_writes(queries):
    return [
        query["sql"][:120]
        for query in queries
        if WRITE.match(query["sql"]) and not any(table in query["sql"] for table in BOOKKEEPING)
    ]


def csrf_token(client):
    """A valid CSRF token, as a browser has it: the cookie set by a page with a form (login, or the logout button)."""
    client.get(reverse("home"), follow=True)
    return client.cookies["csrftoken"].value


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_each_role_posting_to_each_page_is_allowed_or_changes_nothing(db, case, role, log_in):
    client = Client(enforce_csrf_checks=True)
    url = reverse(case.name, kwargs=case.kwargs())
    log_in(client, role)
    token = csrf_token(client)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"csrfmiddlewaretoken": token}, HTTP_X_CSRFTOKEN=token)
    response.close()
    if role == ANONYMOUS:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif role in case.allowed:
        assert response.status_code != 403, "jeton CSRF valide refusé"
    else:
        assert response.status_code == 403
    if role in (ANONYMOUS, BOARD) or role not in case.allowed:
        assert data_writes(queries.captured_queries) == []

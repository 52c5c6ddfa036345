"""axe-core (shipped by axe-playwright-python) finds no serious or critical violation on the daily pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.browser.conftest import DESKTOP, PHONE
from tests.cpts.factories import CPTSFactory, StageChangeFactory
from tests.factories import MeetingFactory, PersonFactory, StaffUserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = ["interurps:meeting_create", "interurps:meeting_list", "cpts:cpts_list", "home"]


def serious_violations(page):
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366px", "390px"])
def test_daily_pages_have_no_serious_accessibility_violation(open_as, viewport):
    chargee = StaffUserFactory(username="claire", first_name="Claire", last_name="Martin")
    cpts = CPTSFactory(name="CPTS de Guérande")
    StageChangeFactory(cpts=cpts)
    MeetingFactory(title="Comité de pilotage", staff=[chargee])
    PersonFactory(first_name="Anne", last_name="Lefèvre")
    found = {}
    page = None
    for name in PAGES:
        if page is None:
            page = open_as(chargee, reverse(name), viewport=viewport)
        else:
            page.goto(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + reverse(name))
        page.wait_for_load_state("load")
        violations = serious_violations(page)
        if violations:
            found[name] = violations
    assert found == {}

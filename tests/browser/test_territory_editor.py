"""A chargée edits a CPTS territory with the commune picker: the total and the « déjà dans… » flag follow."""

import pytest
from django.urls import reverse

from cpts.enums import SizeClass
from interurps.models import Commune
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import serious_violations
from tests.cpts.factories import CPTSFactory
from tests.factories import DepartmentFactory, StaffUserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def territory():
    loire = DepartmentFactory(code="44", name="Loire-Atlantique")
    communes = {
        code: Commune.objects.create(insee_code=code, name=name, department=loire, population=population)
        for code, name, population in [
            ("44001", "Abbaretz", 2_000),
            ("44002", "Aigrefeuille-sur-Maine", 3_900),
            ("44003", "Ancenis-Saint-Géréon", 11_000),
            ("44109", "Nantes", 320_000),
        ]
    }
    CPTSFactory(name="CPTS du Vignoble", department=loire, communes=[communes["44002"]])
    cpts = CPTSFactory(name="CPTS Erdre et Gesvres", department=loire, communes=[communes["44001"]])
    return cpts, communes


@pytest.fixture
def chargee():
    return StaffUserFactory(username="claire", first_name="Claire", last_name="Martin")


def test_picking_a_commune_updates_the_total_and_flags_one_already_in_another_cpts(open_as, chargee, territory):
    cpts, communes = territory
    page = open_as(chargee, reverse("cpts:cpts_territory", args=[cpts.pk]))
    figures = page.locator("#territory-total-figures")
    figures.filter(has_text="1 commune, 2 000 habitants").wait_for()
    # Without JavaScript the form's own search would show; with it, the picker takes its place.
    assert page.locator("[data-without-js]").is_hidden()

    page.locator("#id_added + .select2").click()
    search = page.locator("#id_added + .select2 .select2-search__field")
    search.type("aigref")
    page.locator(".select2-results__option--highlighted", has_text="déjà dans la CPTS du Vignoble").wait_for()
    search.press("Enter")
    chip = page.locator("#id_added + .select2 .select2-selection__choice", has_text="Aigrefeuille-sur-Maine")
    chip.filter(has_text="déjà dans la CPTS du Vignoble").wait_for()
    figures.filter(has_text="2 communes, 5 900 habitants").wait_for()
    claimed = page.locator("#territory-total-claimed")
    claimed.filter(has_text="Aigrefeuille-sur-Maine (44002) : déjà dans la CPTS du Vignoble").wait_for()

    page.locator("#id_added + .select2").click()
    search.type("nant")
    page.locator(".select2-results__option--highlighted", has_text="Nantes").wait_for()
    search.press("Enter")
    figures.filter(has_text=f"3 communes, 325 900 habitants – {SizeClass.FOUR.label}").wait_for()

    # Unticking a kept commune takes it off the total too.
    page.get_by_label("Abbaretz (44001)", exact=False).uncheck()
    figures.filter(has_text="2 communes, 323 900 habitants").wait_for()

    page.get_by_role("button", name="Enregistrer le territoire").click()
    page.get_by_text("Territoire enregistré : 2 communes").wait_for()
    assert set(cpts.communes.values_list("insee_code", flat=True)) == {"44002", "44109"}
    assert page.errors == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366px", "390px"])
def test_the_territory_editor_has_no_serious_accessibility_violation(open_as, chargee, territory, viewport):
    cpts, _ = territory
    page = open_as(chargee, reverse("cpts:cpts_territory", args=[cpts.pk]), viewport=viewport)
    page.locator("#territory-total-figures").filter(has_text="1 commune").wait_for()
    page.locator("#id_added + .select2").click()
    search = page.locator("#id_added + .select2 .select2-search__field")
    search.type("aigref")
    page.locator(".select2-results__option--highlighted", has_text="Aigrefeuille").wait_for()
    search.press("Enter")
    page.locator("#territory-total-claimed").filter(has_text="Aigrefeuille").wait_for()
    assert serious_violations(page) == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366px", "390px"])
def test_the_cpts_forms_with_pickers_work_and_have_no_serious_accessibility_violation(open_as, chargee, viewport):
    cpts = CPTSFactory(name="CPTS de Guérande")
    found = {}
    for name in ["cpts:cpts_edit", "cpts:cpts_contact_add", "cpts:cpts"]:
        page = open_as(chargee, reverse(name, args=[cpts.pk]), viewport=viewport)
        page.wait_for_load_state("load")
        if name != "cpts:cpts":
            page.locator(".select2").first.wait_for()
        violations = serious_violations(page)
        if violations or page.errors:
            found[name] = [*violations, *page.errors]
    assert found == {}


def test_leaving_the_territory_editor_after_picking_a_commune_asks_first(open_as, chargee, territory):
    cpts, _ = territory
    page = open_as(chargee, reverse("cpts:cpts_territory", args=[cpts.pk]))
    page.locator("#territory-total-figures").filter(has_text="1 commune").wait_for()
    page.locator("#id_added + .select2").click()
    search = page.locator("#id_added + .select2 .select2-search__field")
    search.type("nant")
    page.locator(".select2-results__option--highlighted", has_text="Nantes").wait_for()
    search.press("Enter")
    page.locator("#territory-total-figures").filter(has_text="2 communes").wait_for()
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="Annuler").click(no_wait_after=True)
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.url.endswith(reverse("cpts:cpts_territory", args=[cpts.pk]))

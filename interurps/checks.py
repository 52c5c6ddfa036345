"""System checks (Django's checks framework) of the region: the loaded communes must be the region's.

`runserver`, `migrate` and every management command run them: an instance whose communes are another
region's (the setting changed, the communes did not) stops with an error instead of showing another region's
figures. An empty referential is only a warning: `load_communes` fills it.
"""

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.db import DatabaseError, connection
from django.db.models import Count

MISMATCH = "interurps.E001"
EMPTY = "interurps.W001"


def _database_ready():
    """Whether the communes table can be read without creating anything (no SQLite file made by a check)."""
    from pathlib import Path

    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if name != ":memory:" and not name.startswith("file:") and not Path(name).exists():
            return False
    try:
        return "interurps_commune" in connection.introspection.table_names()
    except DatabaseError:
        return False


@register("interurps")
def check_region_communes(app_configs=None, **kwargs):
    """The departments of REGION_DEPARTMENTS each have communes, and no commune lies outside them."""
    if not _database_ready():
        return []
    from interurps.models import Commune

    try:
        rows = Commune.objects.order_by().values("department__code").annotate(count=Count("pk"))
        loaded = {row["department__code"]: row["count"] for row in rows}
    except DatabaseError:
        return []
    if not loaded:
        return [
            Warning(
                "Aucune commune n'est chargée : la carte, les populations et les tailles des CPTS seront vides.",
                hint="Lancez « python manage.py load_communes » (ou « make setup »).",
                id=EMPTY,
            )
        ]
    wanted = {code.strip() for code in settings.REGION_DEPARTMENTS if code.strip()}
    missing = sorted(wanted - set(loaded))
    outside = sorted(set(loaded) - wanted)
    if not missing and not outside:
        return []
    problems = []
    if missing:
        problems.append(f"département(s) de REGION_DEPARTMENTS sans aucune commune : {', '.join(missing)}")
    if outside:
        count = sum(loaded[code] for code in outside)
        problems.append(f"{count} commune(s) hors de REGION_DEPARTMENTS (départements {', '.join(outside)})")
    return [
        Error(
            f"Les communes chargées ne correspondent pas à la région configurée ({settings.REGION_NAME}, "
            f"départements {', '.join(sorted(wanted))}) : " + " ; ".join(problems) + ".",
            hint=(
                "Vérifiez REGION_DEPARTMENTS (et REGION_NAME) dans .env, ou servez cette région depuis une base "
                "neuve (DATABASE_URL, ou supprimez db.sqlite3 en développement) puis « make setup ». "
                "« python manage.py load_communes FICHIER » charge un référentiel donné."
            ),
            id=MISMATCH,
        )
    ]

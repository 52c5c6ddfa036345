"""The CPTS app's default reference data beyond its meeting categories: the steps of the accompaniment method
(`cpts/reference_data/accompaniment_steps.json`), loaded by `manage.py load_reference_data` when the method
has no step yet. Administrators then edit, add or reorder them in the administration."""

from django.apps import apps

from cpts.models import AccompanimentStep
from interurps.reference import data_file, read_json

STEPS_FILE = "accompaniment_steps.json"


def load(stdout):
    if AccompanimentStep.objects.exists():
        return
    steps = read_json(data_file(apps.get_app_config("cpts"), STEPS_FILE))
    AccompanimentStep.objects.bulk_create(
        AccompanimentStep(order=step["order"], name=step["name"], description=step.get("description", ""))
        for step in steps
    )
    stdout.write(f"  {len(steps)} étapes de la méthode d'accompagnement")

"""The demo edition's texts, one HTML file each: `<app>/demo_data/report_texts/<section_key>.<kind>.html`.

Each installed app keeps the texts of its own sections beside its demo data; `load(edition)` writes every file
found as a text of the edition (the file's name gives the section and the kind: introduction or perspectives).
The texts cite their figures (`[[sas.by_category.internal.count]]`): the numbers come from the records.
"""

from pathlib import Path

from django.apps import apps

from interurps.models import ReportText

FOLDER = Path("demo_data") / "report_texts"


def text_files():
    """[(section_key, kind, path)] of every installed app, in INSTALLED_APPS order then by file name."""
    kinds = set(ReportText.Kind.values)
    found = []
    for app in apps.get_app_configs():
        for path in sorted((Path(app.path) / FOLDER).glob("*.html")):
            section_key, _, kind = path.name.removesuffix(".html").rpartition(".")
            if not section_key or kind not in kinds:
                raise ValueError(f"{path} : nom attendu <section>.<introduction|perspectives>.html")
            found.append((section_key, kind, path))
    return found


def load(edition):
    """Write the demo texts of every app as texts of `edition`; return how many."""
    files = text_files()
    for section_key, kind, path in files:
        ReportText.objects.update_or_create(
            edition=edition,
            section_key=section_key,
            kind=kind,
            defaults={"body": path.read_text(encoding="utf-8").strip()},
        )
    return len(files)

"""`python manage.py annual_report 2021 -o rapport.pdf [--html rapport.html]`: write a year's report."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interurps.report.assembly import assemble
from interurps.report.rendering import render_report_html, render_report_pdf

MIN_YEAR, MAX_YEAR = 2000, 2100


class Command(BaseCommand):
    help = "Produit le rapport annuel d'activité d'une année en PDF (et/ou en HTML)."

    def add_arguments(self, parser):
        parser.add_argument("year", help="l'année du rapport, par exemple 2021")
        parser.add_argument("-o", "--output", help="le fichier PDF à écrire")
        parser.add_argument("--html", help="le fichier HTML à écrire (la page que le moteur met en PDF)")

    def handle(self, *args, year, output, html, **options):
        year = parse_year(year)
        if not output and not html:
            raise CommandError("Indiquez un fichier à écrire : -o rapport.pdf et/ou --html rapport.html.")
        started = time.monotonic()
        report = assemble(year)
        if html:
            write(html, render_report_html(report), mode="w")
            self.stdout.write(f"HTML du rapport {year} écrit dans {html}.")
        if output:
            rendered = render_report_pdf(report)
            write(output, rendered.content, mode="wb")
            pages = f"{rendered.page_count} page{'s' if rendered.page_count > 1 else ''}"
            self.stdout.write(f"Rapport {year} écrit dans {output} : {pages}.")
        elapsed = f"{time.monotonic() - started:.1f}".replace(".", ",")
        self.stdout.write(self.style.SUCCESS(f"Terminé en {elapsed} s."))


def parse_year(value):
    try:
        year = int(value)
    except ValueError:
        raise CommandError(
            f"Année invalide : « {value} ». Indiquez une année sur quatre chiffres, par exemple 2021."
        ) from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CommandError(f"Année invalide : {year}. Elle doit être comprise entre {MIN_YEAR} et {MAX_YEAR}.")
    return year


def write(path, content, mode):
    try:
        with Path(path).open(mode, **({"encoding": "utf-8"} if mode == "w" else {})) as handle:
            handle.write(content)
    except OSError as error:
        raise CommandError(f"Impossible d'écrire {path} : {error.strerror}.") from error

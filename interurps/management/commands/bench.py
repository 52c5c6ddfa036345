"""`make bench`: time what users wait for, against the project's speed targets.

Runs on the database it is given (the Makefile points it at a scratch SQLite file filled
with the demo data): the 2021 report as PDF, and the main pages as a logged-in chargée de
mission sees them. Prints one line per measure with its target; exits non-zero when a
measure misses its hard limit. Speed targets live here, not in timed tests.
"""

import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import override_settings
from django.urls import NoReverseMatch, reverse

from interurps.registry import main_pages
from interurps.report.assembly import assemble
from interurps.report.rendering import render_report_pdf

# name, goal (s), hard limit (s)
REPORT_TARGET = ("rapport 2021 en PDF", 3.0, 10.0)
PAGE_GOAL, PAGE_LIMIT = 0.5, 2.0
PAGES = main_pages()  # the menu's pages and the other main pages the apps register


class Command(BaseCommand):
    help = "Mesure les temps de génération du rapport annuel et d'affichage des pages principales."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2021)
        parser.add_argument("--runs", type=int, default=3)

    def handle(self, *args, year, runs, **options):
        missed = []
        name, goal, limit = REPORT_TARGET
        seconds, pages = self.time_report(year, runs)
        missed += self.line(f"{name} ({pages} pages)", seconds, goal, limit)

        user = get_user_model().objects.filter(groups__name="Chargé·e de mission").first()
        if user is None:
            raise CommandError("Aucun compte « Chargé·e de mission » : lancez d'abord create_demo_accounts.")
        client = Client()
        client.force_login(user)
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"], DEBUG=True):
            for url_name in PAGES:
                try:
                    url = reverse(url_name)
                except NoReverseMatch:
                    continue
                seconds, queries = self.time_page(client, url, runs)
                missed += self.line(f"page {url} ({queries} requêtes SQL)", seconds, PAGE_GOAL, PAGE_LIMIT)
        if missed:
            raise CommandError("Limite dépassée : " + ", ".join(missed))

    def time_report(self, year, runs):
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            rendered = render_report_pdf(assemble(year))
            timings.append(time.perf_counter() - started)
        return statistics.median(timings), rendered.page_count

    def time_page(self, client, url, runs):
        client.get(url)  # warm caches (templates, map projection) as a running server has them
        timings = []
        for _ in range(runs):
            reset_queries()
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise CommandError(f"{url} a répondu {response.status_code}.")
        return statistics.median(timings), len(connection.queries)

    def line(self, label, seconds, goal, limit):
        verdict = (
            "objectif atteint" if seconds <= goal else ("au-delà de l'objectif" if seconds <= limit else "TROP LENT")
        )
        self.stdout.write(f"{label:<55} {seconds:6.2f} s   objectif {goal:.1f} s, limite {limit:.1f} s : {verdict}")
        return [label] if seconds > limit else []

"""`make load`: a team's traffic against gunicorn on the bench base, with a PDF export and an import meanwhile.

Goals: no error, p95 under 300 ms over the run; the PDF and the import succeed. Like `bench`, it reports
and never fails on a missed goal (it fails only when it cannot run).
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse

from interurps.benchmark import loadtest, measures, pages, server
from interurps.roles import BOARD, STAFF

P95_GOAL_S = 0.300


class Command(BaseCommand):
    help = (
        "Simule le trafic d'une équipe (utilisateurs avec temps de lecture) sous gunicorn, "
        "avec un export PDF et un import pendant ce temps."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--seconds", type=float, default=60.0)
        parser.add_argument("--year", type=int, default=2021)
        parser.add_argument(
            "--pages", dest="page_names", nargs="*", default=["home"], help="Pages visitées (noms d'URL)."
        )
        parser.add_argument("--import-rows", type=int, default=1000)
        parser.add_argument("--output", default="load-results.json")

    def handle(self, *args, users, seconds, year, page_names, import_rows, output, **options):
        User = get_user_model()
        staff = User.objects.filter(groups__name=STAFF, is_active=True).order_by("pk").first()
        board = User.objects.filter(groups__name=BOARD, is_active=True).order_by("pk").first()
        if staff is None or board is None:
            raise CommandError(
                "Il faut un compte « Chargé·e de mission » et un compte « Bureau » (create_demo_accounts)."
            )
        client = Client(HTTP_HOST="localhost")
        client.force_login(staff)
        data = measures.meetings_file(client, import_rows)
        found, _ = pages.discover(year, only=set(page_names))
        urls = [page.url for page in found]
        staff_cookies, board_cookies = server.session_cookies(staff), server.session_cookies(board)
        connection.close()
        with server.Server() as running:
            pdf = loadtest.PDFExport(running, board_cookies, reverse("interurps:report_pdf", kwargs={"year": year}))
            upload = loadtest.Import(
                running,
                staff_cookies,
                reverse("interurps:import", kwargs={"kind": "reunions"}),
                reverse("interurps:import_confirm", kwargs={"kind": "reunions"}),
                data,
            )
            traffic = loadtest.Traffic(running, staff_cookies, urls, users=users, seconds=seconds)
            result = traffic.run(side_jobs=[pdf, upload])
        result.update(pdf=pdf.result, import_=upload.result, import_rows=import_rows)
        ok = result["errors"] == 0 and (result["p95"] or 0) <= P95_GOAL_S and pdf.result["ok"] and upload.result["ok"]
        result["ok"] = ok
        self.stdout.write(
            f"{users} utilisateurs, {seconds:.0f} s : {result['requests']} requêtes, {result['errors']} erreurs "
            f"{result['error_statuses'] or ''}, p50 {result['p50'] * 1000:.0f} ms, p95 {result['p95'] * 1000:.0f} ms "
            f"(objectif {P95_GOAL_S * 1000:.0f} ms), p99 {result['p99'] * 1000:.0f} ms"
        )
        for url, figures in result["pages"].items():
            self.stdout.write(
                f"  {url:<40} {figures['requests']:>5} requêtes, p95 {figures['p95'] * 1000:>6.0f} ms, "
                f"{figures['errors']} erreurs"
            )
        self.stdout.write(f"export PDF pendant le trafic : {pdf.result}")
        self.stdout.write(f"import de {import_rows} réunions pendant le trafic : {upload.result}")
        self.stdout.write(f"objectifs : {'atteints' if ok else 'MANQUÉS'}")
        Path(output).write_text(json.dumps(result, indent=2, ensure_ascii=False))

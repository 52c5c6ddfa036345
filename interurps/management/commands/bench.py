"""`make bench [SCALE=10]`: how fast the app is for its users, against the project's goals.

On the database it is given (the Makefile builds a scratch one: demo data, then every activity row
copied SCALE - 1 times, see `interurps.benchmark.scale`), it measures:

- every page a chargée de mission opens (from the URL resolver): SQL queries, median and p95 in-process;
- under gunicorn on 127.0.0.1 (3 sync workers, DEBUG off), the requests per second and p50/p95/p99 of the
  pages named by `--served`, each as a ratio to a trivial Django view measured in the same run;
- the annual report PDF: time, pages, peak memory, and the ratio to WeasyPrint alone on the same HTML;
- a 10 000-row meeting import through the staff pages, preview then confirmation: time, queries, memory.

It prints a table, marks each figure against its goal and writes `bench-results.json`. It is a benchmark,
not a test: a missed goal is reported, never a failure.
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client

from interurps.benchmark import measures, pages, server
from interurps.benchmark.scale import scale as scale_base
from interurps.registry import main_pages
from interurps.roles import STAFF

PAGE_GOAL_S = 0.050
PREVIEW_GOAL_S = 0.300  # the report preview
THROUGHPUT_GOALS = {"home": 0.25}  # ratio to the trivial view; other served pages: DEFAULT_THROUGHPUT_GOAL
DEFAULT_THROUGHPUT_GOAL = 0.20
REPORT_GOAL_S = {1: 3.0, 10: 6.0}
REPORT_WEASYPRINT_RATIO = 1.3
IMPORT_GOAL_S = 8.0
IMPORT_MEMORY_GOAL_MB = 300


def verdict(ok):
    return "ok" if ok else "MANQUÉ"


class Command(BaseCommand):
    help = "Mesure les pages, le rapport PDF et un import de 10 000 réunions, face aux objectifs du projet."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Multiplie la base de démonstration (1 ou 10).")
        parser.add_argument("--year", type=int, default=2021)
        parser.add_argument("--runs", type=int, default=7, help="Mesures par page (médiane, p95).")
        parser.add_argument(
            "--served",
            nargs="*",
            default=None,
            help="Pages mesurées sous gunicorn (par défaut : les pages principales).",
        )
        parser.add_argument("--requests", type=int, default=200, help="Requêtes par page sous gunicorn.")
        parser.add_argument("--import-rows", type=int, default=10_000)
        parser.add_argument("--skip", nargs="*", default=[], choices=["pages", "server", "report", "import"])
        parser.add_argument("--output", default="bench-results.json")

    def handle(self, *args, scale, year, runs, served, requests, import_rows, skip, output, **options):
        user = get_user_model().objects.filter(groups__name=STAFF, is_active=True).order_by("pk").first()
        if user is None:
            raise CommandError("Aucun compte « Chargé·e de mission » : lancez d'abord create_demo_accounts.")
        self.scale = scale
        if scale > 1:
            scale_base(scale, self.stdout)
        served = main_pages() if served is None else served
        results = {"scale": scale, "database": connection.vendor, "year": year}
        self.stdout.write(f"\n== Banc d'essai ×{scale} sur {connection.vendor} ==")
        if "pages" not in skip:
            results["pages"] = self.bench_pages(user, year, runs)
        if "server" not in skip:
            results["server"] = self.bench_server(user, year, served, requests)
        if "report" not in skip:
            results["report"] = self.bench_report(year, max(3, runs // 2))
        if "import" not in skip:
            results["import"] = self.bench_import(user, import_rows)
        Path(output).write_text(json.dumps(results, indent=2, ensure_ascii=False))
        self.stdout.write(f"\nRésultats écrits dans {output}.")

    def bench_pages(self, user, year, runs):
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        found, left_out = pages.discover(year)
        self.stdout.write(f"\n{'page (en processus)':<58}{'requêtes':>9}{'médiane':>10}{'p95':>9}{'Ko':>8}  objectif")
        rows = []
        if True:
            for page in found:
                median, p95, queries, size, status = pages.time_page(client, page.url, runs)
                if median is None:
                    self.stdout.write(f"{page.url:<58} statut {status} : ignorée")
                    continue
                goal = PREVIEW_GOAL_S if page.name.endswith(":report") else PAGE_GOAL_S
                rows.append(
                    {
                        "name": page.name,
                        "url": page.url,
                        "queries": queries,
                        "median_s": median,
                        "p95_s": p95,
                        "kb": size / 1024,
                        "goal_s": goal,
                        "ok": median <= goal,
                    }
                )
                self.stdout.write(
                    f"{page.url:<58}{queries:>9}{median * 1000:>8.1f}ms{p95 * 1000:>7.1f}ms{size / 1024:>8.0f}"
                    f"  < {goal * 1000:.0f} ms : {verdict(median <= goal)}"
                )
        if left_out:
            self.stdout.write(f"(pages sans paramètres devinables, non mesurées : {', '.join(sorted(left_out))})")
        return rows

    def bench_server(self, user, year, served, requests):
        # The server runs with DEBUG off, where demo accounts cannot log in: the scratch base's chargée
        # gets a name of her own, and a session the way the login view would open it.
        cookies = server.session_cookies(user)
        found, _ = pages.discover(year, only=set(served))
        connection.close()  # the SQLite file is shared with the server's workers
        rows = []
        self.stdout.write(
            f"\n{'page (gunicorn, 3 workers, 4 clients)':<44}{'req/s':>8}{'p50':>9}{'p95':>9}"
            f"{'p99':>9}{'erreurs':>8}{'× trivial':>11}  objectif"
        )
        with server.Server() as running:
            trivial = server.load(running, server.TRIVIAL_URL, {}, requests=requests * 3)
            self.stdout.write(self.server_line("vue triviale", trivial, None, None))
            for page in found:
                figures = server.load(running, page.url, cookies, requests=requests)
                ratio = figures["rps"] / trivial["rps"] if trivial["rps"] else 0.0
                goal = THROUGHPUT_GOALS.get(page.name, DEFAULT_THROUGHPUT_GOAL)
                rows.append(
                    {
                        "name": page.name,
                        "url": page.url,
                        **figures,
                        "ratio": ratio,
                        "goal": goal,
                        "ok": ratio >= goal and figures["errors"] == 0,
                    }
                )
                self.stdout.write(self.server_line(page.url, figures, ratio, goal))
        server.end_session(cookies)
        return {"trivial": trivial, "pages": rows}

    def server_line(self, label, figures, ratio, goal):
        line = (
            f"{label:<44}{figures['rps']:>8.1f}{figures['p50'] * 1000:>7.0f}ms{figures['p95'] * 1000:>7.0f}ms"
            f"{figures['p99'] * 1000:>7.0f}ms{figures['errors']:>8}"
        )
        if ratio is None:
            return line
        return (
            line + f"{ratio * 100:>10.1f}%  ≥ {goal * 100:.0f} % : {verdict(ratio >= goal and not figures['errors'])}"
        )

    def bench_report(self, year, runs):
        figures = measures.in_child(measures.report_pdf, year, runs)
        if "error" in figures:
            self.stdout.write(f"\nrapport {year} : ÉCHEC {figures['error']}")
            return figures
        goal = REPORT_GOAL_S.get(self.scale, REPORT_GOAL_S[10])
        ratio = figures["seconds"] / figures["weasyprint_seconds"]
        figures.update(goal_s=goal, ratio=ratio, ok=figures["seconds"] <= goal and ratio <= REPORT_WEASYPRINT_RATIO)
        self.stdout.write(
            f"\nrapport {year} en PDF : {figures['seconds']:.2f} s (objectif {goal:.0f} s : "
            f"{verdict(figures['seconds'] <= goal)} ; {figures['cold_seconds']:.2f} s après un changement des "
            f"données), {figures['pages']} pages, {figures['peak_mb']:.0f} Mo au plus, "
            f"HTML {figures['html_kb']:.0f} Ko ; WeasyPrint seul {figures['weasyprint_seconds']:.2f} s, rapport "
            f"{ratio:.2f} (objectif ≤ {REPORT_WEASYPRINT_RATIO} : {verdict(ratio <= REPORT_WEASYPRINT_RATIO)}) ; "
            f"{figures['gc_runs']} passages du ramasse-miettes pendant les rendus"
        )
        return figures

    def bench_import(self, user, rows):
        figures = measures.in_child(measures.meeting_import, user.pk, rows)
        if "error" in figures:
            self.stdout.write(f"\nimport de {rows} réunions : ÉCHEC {figures['error']}")
            return figures
        ok = figures["total_s"] <= IMPORT_GOAL_S and figures["peak_mb"] <= IMPORT_MEMORY_GOAL_MB
        figures["ok"] = ok
        self.stdout.write(
            f"\nimport de {rows} réunions : aperçu {figures['preview_s']:.1f} s ({figures['preview_queries']} "
            f"requêtes, page de {figures['preview_page_kb']:.0f} Ko), confirmation {figures['confirm_s']:.1f} s "
            f"({figures['confirm_queries']} requêtes), total {figures['total_s']:.1f} s (dont "
            f"{figures['preview_cpu_s'] + figures['confirm_cpu_s']:.1f} s de calcul de ce processus ; objectif "
            f"{IMPORT_GOAL_S:.0f} s), {figures['peak_mb']:.0f} Mo au plus (objectif {IMPORT_MEMORY_GOAL_MB} Mo) : "
            f"{verdict(ok)}"
        )
        return figures

"""Time a large meeting import (preview, then confirmation) and a login made meanwhile.

Run it on a scratch database, never on real data (it imports thousands of meetings):

    DATABASE_URL=sqlite:////tmp/bench-import.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/bench-import.sqlite3 .venv/bin/python manage.py bench_import --rows 20000

Prints the times of the preview and the confirmation (target: under 20 s each) and the time
another user's login took while the preview ran. Speed targets live here, not in timed tests.
"""

import re
import threading
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from interurps.models import Department, Meeting, MeetingCategory, Organisation, Person
from interurps.roles import STAFF

LIMIT = 20.0
PASSWORD = "bench-import-password"  # noqa: S105 - a scratch account on a scratch database


class Command(BaseCommand):
    help = "Mesure la durée de l'aperçu et de la confirmation d'un import de réunions (base de test)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=20_000)

    def handle(self, *args, rows, **options):
        if Meeting.objects.exists():
            raise CommandError("La base contient déjà des réunions : lancez la mesure sur une base vide.")
        user, other = self.accounts()
        content = self.meetings_csv(rows, user)
        self.stdout.write(f"Fichier : {rows} lignes, {len(content) / 1e6:.1f} Mo ; base {connection.vendor}")
        with override_settings(ALLOWED_HOSTS=["*"], IMPORT_MAX_ROWS=max(rows, settings.IMPORT_MAX_ROWS)):
            client = Client()
            client.force_login(user)
            url = reverse("interurps:import", args=["reunions"])
            login_times = []
            thread = threading.Thread(target=self.login_meanwhile, args=(other, login_times))
            start = time.perf_counter()
            thread.start()
            response = client.post(url, {"file": SimpleUploadedFile("reunions.csv", content)})
            preview = time.perf_counter() - start
            thread.join()
            found = re.search(r'name="token" value="([0-9a-f]+)"', response.content.decode())
            if not found:
                raise CommandError(f"L'aperçu n'a pas proposé de confirmer l'import (HTTP {response.status_code}).")
            token = found.group(1)
            start = time.perf_counter()
            client.post(reverse("interurps:import_confirm", args=["reunions"]), {"token": token})
            confirmation = time.perf_counter() - start
        self.line("aperçu", preview)
        self.line("confirmation", confirmation)
        seconds, outcome = login_times[0]
        self.stdout.write(f"connexion d'une autre personne pendant l'aperçu : {seconds:.2f} s, {outcome}")
        self.stdout.write(f"réunions importées : {Meeting.objects.count()}")

    def line(self, name, seconds):
        verdict = "OK" if seconds < LIMIT else f"TROP LONG (> {LIMIT:.0f} s)"
        self.stdout.write(f"{name} : {seconds:.1f} s — {verdict}")

    @staticmethod
    def accounts():
        from django.contrib.auth.models import Group

        users = []
        for username in ("bench-import", "bench-login"):
            user, _ = get_user_model().objects.get_or_create(
                username=username, defaults={"first_name": "Banc", "last_name": username}
            )
            user.set_password(PASSWORD)
            user.save()
            group = Group.objects.filter(name=STAFF).first()
            if group:
                user.groups.add(group)
            users.append(user)
        return users

    @staticmethod
    def login_meanwhile(user, times):
        time.sleep(1.0)  # the preview has started
        start = time.perf_counter()
        try:
            ok = Client().login(username=user.username, password=PASSWORD)
            times.append((time.perf_counter() - start, "réussie" if ok else "refusée"))
        except Exception as error:  # noqa: BLE001 - reported, it is what is measured
            times.append((time.perf_counter() - start, f"échec : {error}"))
        finally:
            connection.close()

    @staticmethod
    def meetings_csv(rows, user):
        code = sorted(settings.REGION_DEPARTMENTS)[0]
        department, _ = Department.objects.get_or_create(code=code, defaults={"name": f"Département {code}"})
        organisation, _ = Organisation.objects.get_or_create(name="Organisation du banc d'essai")
        person, _ = Person.objects.get_or_create(first_name="Personne", last_name="Banc", email="banc@example.org")
        category = MeetingCategory.objects.select_related("programme").first()
        lines = [
            "date;heure de début;intitulé;programmes;catégorie;département;organisations;équipe;personnes présentes"
        ]
        for number in range(rows):
            day = 1 + number % 28
            month = 1 + (number // 28) % 12
            lines.append(
                f"{day:02d}/{month:02d}/2021;{9 + number % 8:02d}:00;Réunion n° {number};"
                f"{category.programme.code};{category.name};{department.code};{organisation.name};"
                f"{user.get_full_name()};{person.full_name}"
            )
        return ("\n".join(lines) + "\n").encode("utf-8")

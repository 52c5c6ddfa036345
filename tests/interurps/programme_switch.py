"""Run by `test_plugins.py` in a fresh process whose environment switches programmes off (`PROGRAMMES`).

Checks the project, migrates an empty database, logs a chargée de mission in and opens the main pages;
prints what the test asserts, as JSON: each page's status, the menu, the report's chapters, the URLs.
"""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interurps.settings")
django.setup()

from django.apps import apps  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from interurps.models import Meeting, Programme  # noqa: E402
from interurps.roles import STAFF  # noqa: E402

PROGRAMME_APPS = ["cpts", "sas", "reper", "pacte"]


def main():
    call_command("check", fail_level="WARNING")
    call_command("migrate", interactive=False, verbosity=0)
    setup_test_environment()  # the test client's host, and the templates' context kept for the checks
    user = get_user_model().objects.create_user("chargee", first_name="Claire", last_name="Martin")
    user.groups.add(Group.objects.get(name=STAFF))
    meeting = Meeting.objects.create(date="2021-03-12", title="Conseil d'administration")
    meeting.programmes.add(Programme.objects.get(code="association"))
    client = Client()
    client.force_login(user)
    pages = {
        "home": reverse("home"),
        "meeting_list": reverse("interurps:meeting_list") + "?qui=toutes",
        "meeting": reverse("interurps:meeting", args=[meeting.pk]),
        "meeting_create": reverse("interurps:meeting_create"),
        "meeting_edit": reverse("interurps:meeting_edit", args=[meeting.pk]),
        "report": reverse("interurps:report", args=[2021]),
    }
    result = {"installed": [label for label in PROGRAMME_APPS if apps.is_installed(label)], "pages": {}}
    for name, url in pages.items():
        response = client.get(url)
        menu = [item["label"] for item in response.context["navigation"]] if response.context else []
        result["pages"][name] = {"status": response.status_code, "menu": menu}
    report = client.get(pages["report"]).content.decode()
    result["report_chapters"] = [label for label in PROGRAMME_APPS if f'id="chapitre-{label}"' in report]
    result["programme_urls"] = {}
    for label in PROGRAMME_APPS:
        result["programme_urls"][label] = client.get(f"/{label}/").status_code
    result["roles"] = sorted(
        {permission.content_type.app_label for permission in Group.objects.get(name=STAFF).permissions.all()}
    )
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()

"""Personal data (RGPD): everything held about a person, their erasure, and the people to review.

- `person_data(person)`: the person's fields and every record linked to them (meetings, CPTS contact
  roles, training…), found through the model relations, so an app that adds a link is included
  without this module naming it.
- `anonymise(person)`: the right to erasure without rewriting the past: names replaced, e-mail,
  phone, notes and portrait emptied (its file deleted); the links stay, so the counts of meetings and of a
  report do not change.
- `inactive_people(years)`: people in no meeting for `INACTIVE_PERSON_YEARS` years (or ever), to review.

The admin offers all three on *Personnes* (actions and a filter, see interurps/admin.py).
"""

import datetime
import json
import logging

from django.contrib import admin, messages
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max, Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

logger = logging.getLogger("interurps.security")

ANONYMOUS_FIRST_NAME = "Personne"
PERSONAL_FIELDS = ["civility", "email", "phone", "notes", "portrait_credit"]


def linked_records(person):
    """(relation label, objects) for every relation of other records to the person."""
    for relation in type(person)._meta.related_objects:
        objects = list(relation.related_model._default_manager.filter(**{relation.field.name: person}))
        if objects:
            yield str(relation.related_model._meta.verbose_name_plural), objects


def person_data(person):
    """Everything about a person, as JSON-ready data: their fields and each linked record with its fields."""
    data = serializers.serialize("python", [person])[0]
    return {
        "personne": {"id": person.pk, "libellé": str(person), **data["fields"]},
        "liens": {
            label: [
                {"modèle": row["model"], "id": row["pk"], "libellé": str(obj), **row["fields"]}
                for obj, row in zip(objects, serializers.serialize("python", objects), strict=True)
            ]
            for label, objects in linked_records(person)
        },
        "exporté le": timezone.now(),
    }


def anonymise(person):
    """Erase what identifies a person, keep their links (counts stay as they were)."""
    person.first_name = ANONYMOUS_FIRST_NAME
    person.last_name = f"anonymisée n° {person.pk}"
    for name in PERSONAL_FIELDS:
        setattr(person, name, "")
    if person.portrait:
        # The portrait's file goes too, once the anonymisation is committed (a rollback keeps it).
        storage, name = person.portrait.storage, person.portrait.name
        person.portrait = ""
        transaction.on_commit(lambda: storage.delete(name))
    person.save()
    return person


def inactive_people(queryset, years, today=None):
    """The people of `queryset` in no meeting since `years` years ago (or in none at all)."""
    today = today or timezone.localdate()
    cutoff = datetime.date(today.year - years, today.month, min(today.day, 28))
    return queryset.annotate(last_meeting=Max("meetings__date")).filter(
        Q(last_meeting__lt=cutoff) | Q(last_meeting__isnull=True)
    )


# --- the admin's pieces ---------------------------------------------------------------------------


@admin.action(description="Exporter toutes leurs données (RGPD, JSON)", permissions=["view"])
def export_person_data(modeladmin, request, queryset):
    people = list(queryset)
    payload = [person_data(person) for person in people]
    logger.info("Export RGPD de %d personne(s) par %s", len(people), request.user.get_username())
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(
        json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="donnees-personnelles-{stamp}.json"'
    return response


@admin.action(description="Anonymiser (RGPD : effacement, les liens sont gardés)", permissions=["change"])
def anonymise_people(modeladmin, request, queryset):
    if request.POST.get("confirmation") != "oui":
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": "Anonymiser des personnes",
            "people": queryset,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/interurps/person/anonymise_confirmation.html", context)
    with transaction.atomic():
        count = 0
        people = queryset.model._default_manager.select_for_update().filter(pk__in=queryset.values("pk"))
        for person in people:
            anonymise(person)
            count += 1
    logger.info("Anonymisation RGPD de %d personne(s) par %s", count, request.user.get_username())
    message = f"{count} personne(s) anonymisée(s) ; leurs liens sont conservés."
    modeladmin.message_user(request, message, messages.SUCCESS)
    return None


class InactivePersonFilter(admin.SimpleListFilter):
    title = "activité"
    parameter_name = "activite"

    def lookups(self, request, model_admin):
        from django.conf import settings

        return [("inactive", f"sans réunion depuis {settings.INACTIVE_PERSON_YEARS} ans (à revoir)")]

    def queryset(self, request, queryset):
        from django.conf import settings

        if self.value() == "inactive":
            return inactive_people(queryset, settings.INACTIVE_PERSON_YEARS)
        return queryset

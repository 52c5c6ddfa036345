"""The audit trail: exports of personal data, and deletions the past refuses.

Changes to business records are kept by django-simple-history (`history = HistoricalRecords()` on each
model, the user taken from the request by HistoryRequestMiddleware); the staff page of a record shows them
(`interurps.templatetags.history`).
"""

from django.db.models import ProtectedError

REFERENCES_SHOWN = 10


def record_export(request, name, count):
    """Record that the user of `request` exported `count` rows of the list `name`."""
    from interurps.models import ExportLog

    user = request.user if request.user.is_authenticated else None
    return ExportLog.objects.create(user=user, name=name, row_count=count, query=request.GET.urlencode()[:500])


def references(obj):
    """The records that refer to `obj` through its many-to-many `protected_relations` (meetings…), a few of each."""
    found = []
    for name in getattr(obj, "protected_relations", []):
        found.extend(getattr(obj, name).all()[:REFERENCES_SHOWN])
    return found


def refuse_delete_if_referenced(obj):
    """Raise ProtectedError, with a French message naming what refers to `obj`, if anything does."""
    referring = references(obj)
    if referring:
        listed = ", ".join(str(item) for item in referring)
        raise ProtectedError(
            f"« {obj} » ne peut pas être supprimé·e : des enregistrements y font référence ({listed}). "
            "Archivez-le·la ou fusionnez-le·la plutôt.",
            set(referring),
        )


# The history of a record, as its staff page and the lost-update check show it.

HISTORY_SHOWN = 30
CHANGE_KINDS = {"+": "création", "~": "modification", "-": "suppression"}


def history_manager(obj):
    """The django-simple-history manager of `obj`'s model, or None if the model keeps no history."""
    name = getattr(obj._meta, "simple_history_manager_attribute", None)
    return getattr(obj, name) if name else None


def latest_history_id(obj):
    """The id of the latest historical record of `obj` (None if there is none): a version token."""
    manager = history_manager(obj)
    if manager is None or obj.pk is None:
        return None
    return manager.order_by("-history_date", "-history_id").values_list("history_id", flat=True).first()


def _shown_fields(model):
    """The fields of `model` a person changes: not the primary key nor the automatic timestamps."""
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not getattr(field, "auto_now", False) and not getattr(field, "auto_now_add", False)
    ]


def _m2m_fields(model):
    manager_name = model._meta.simple_history_manager_attribute
    history_model = getattr(model, manager_name).model
    return [field for field in model._meta.many_to_many if field in history_model._history_m2m_fields]


def _m2m_values(model, records):
    """{(history_id, field name): set of related ids}, one query per many-to-many field."""
    from simple_history.models import HistoricalRecords

    values = {}
    ids = [record.history_id for record in records]
    for field in _m2m_fields(model):
        m2m_model = HistoricalRecords.m2m_models[field]
        target = field.m2m_reverse_field_name()
        for history_id, related_id in m2m_model.objects.filter(history_id__in=ids).values_list(
            "history_id", f"{target}_id"
        ):
            values.setdefault((history_id, field.name), set()).add(related_id)
    return values


def _label(related):
    if hasattr(related, "get_full_name"):
        return related.get_full_name() or related.get_username()
    return str(related)


def _related_labels(model, wanted):
    """{field name: {id: label}} for the related ids in `wanted`, one query per field."""
    labels = {}
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if field.is_relation:
            # Always one query per relation, even with nothing to name: the count never depends on the data.
            ids = wanted.get(field.name) or [0]
            objects = field.related_model._default_manager.select_related().in_bulk(ids)
            labels[field.name] = {pk: _label(obj) for pk, obj in objects.items()}
    return labels


def _display(field, value, labels):
    from django.utils import formats, timezone

    if value is None or value == "":
        return "—"
    if field.is_relation:
        return labels.get(field.name, {}).get(value, f"n° {value} (supprimé)")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "oui" if value else "non"
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return formats.date_format(timezone.localtime(value), "d/m/Y H:i")
    if hasattr(value, "year"):
        return formats.date_format(value, "d/m/Y")
    if hasattr(value, "hour"):
        return formats.time_format(value, "H:i")
    if not isinstance(value, str):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return value if len(value) <= 200 else f"{value[:200]}…"


def _change(field, old="", new="", added=(), removed=()):
    """One changed field: `old` → `new` for a value, `added` and `removed` names for a many-to-many field."""
    return {"label": field.verbose_name, "old": old, "new": new, "added": list(added), "removed": list(removed)}


def describe_history(records, model):
    """Each record (newest first) with the fields it changed from the one before it, old → new, in French.

    `records` are historical records of one object, newest first; the last one only serves as the
    base of the one before it unless it is the creation. A constant number of queries: one per
    many-to-many field and one per related model, whatever the number of records.
    """
    if not records:
        return []  # a record written without history (a bulk copy, a row older than the history): nothing to show
    fields = _shown_fields(model)
    m2m = _m2m_fields(model)
    m2m_values = _m2m_values(model, records)
    wanted = {}
    for record in records:
        for field in fields:
            if field.is_relation and getattr(record, field.attname) is not None:
                wanted.setdefault(field.name, set()).add(getattr(record, field.attname))
        for field in m2m:
            wanted.setdefault(field.name, set()).update(m2m_values.get((record.history_id, field.name), set()))
    labels = _related_labels(model, wanted)
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        if older is None and newer.history_type != "+":
            break
        changes = []
        if older is not None and newer.history_type != "-":
            for field in fields:
                old, new = getattr(older, field.attname), getattr(newer, field.attname)
                if old != new:
                    changes.append(_change(field, _display(field, old, labels), _display(field, new, labels)))
            for field in m2m:
                old = m2m_values.get((older.history_id, field.name), set())
                new = m2m_values.get((newer.history_id, field.name), set())
                if old != new:
                    names = labels.get(field.name, {})
                    added = sorted(names.get(pk, f"n° {pk}") for pk in new - old)
                    removed = sorted(names.get(pk, f"n° {pk}") for pk in old - new)
                    changes.append(_change(field, added=added, removed=removed))
            if not changes:
                continue  # a save that changed nothing (or a many-to-many field saved as it was)
        user = newer.history_user
        entries.append(
            {
                "history_id": newer.history_id,
                "date": newer.history_date,
                "user": (user.get_full_name() or user.get_username()) if user else "",
                "kind": CHANGE_KINDS.get(newer.history_type, newer.history_type),
                "changes": changes,
            }
        )
    return entries


def object_history(obj, limit=HISTORY_SHOWN):
    """The latest changes of `obj`, newest first (see `describe_history`)."""
    manager = history_manager(obj)
    if manager is None:
        return []
    records = list(manager.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    return describe_history(records, type(obj))


def changes_since(obj, history_id):
    """The changes made to `obj` after its historical record `history_id` (None: since ever), oldest first."""
    manager = history_manager(obj)
    records = manager.select_related("history_user").order_by("-history_date", "-history_id")
    if history_id is not None:
        base = manager.filter(history_id=history_id).values_list("history_date", flat=True).first()
        if base is not None:
            records = records.filter(history_date__gte=base)
    entries = describe_history(list(records[: HISTORY_SHOWN + 1]), type(obj))
    return [entry for entry in reversed(entries) if entry["history_id"] != history_id]

"""A base N times as large as the one given: every activity row copied N - 1 times.

The bench runs on the demo base multiplied ("the demo base copied ×10": 310 CPTS, ~4 700 meetings a
year). Which rows are copied is read from the models themselves, so this module names no app:

- reference data is kept once: the models the *Chargé·e de mission* role may not change (departments,
  communes, categories, steps… as the roles declare them), users, and anything outside the apps whose
  models the roles cover;
- a model that cannot hold a second copy of a row (a unique field or constraint made only of values that
  a copy must keep, such as a report edition's year, or a one-to-one link to a kept row) is kept once;
- every other row is copied, its links pointing to the copies of what it pointed to (a copied meeting
  names the copied CPTS), its unique texts suffixed with the copy's number, and its many-to-many links
  copied the same way.

Dates are kept: a copy adds the same activity to the same years, so yearly counts grow N times.
"""

from collections import defaultdict

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import models, transaction

from interurps.roles import STAFF

BATCH = 500


def kept_once(model, staff_codenames):
    """True for reference data and rows that cannot be copied."""
    opts = model._meta
    if opts.auto_created or opts.proxy or not opts.managed or opts.object_name.startswith("Historical"):
        return True
    if f"change_{opts.model_name}" not in staff_codenames:
        return True
    return False


def copyable_models():
    staff = Group.objects.filter(name=STAFF).first()
    permissions = Permission.objects.filter(group=staff) if staff else Permission.objects.none()
    codenames = set(permissions.values_list("codename", flat=True))
    business_apps = set(permissions.values_list("content_type__app_label", flat=True))
    business = [model for model in apps.get_models() if model._meta.app_label in business_apps]
    copied = {model for model in business if not kept_once(model, codenames)}
    # A row that cannot be copied keeps the rows that hang on it from being copied (a report edition's
    # texts stay the edition's), and so on until nothing changes.
    while True:
        stuck = {model for model in copied if not can_hold_copies(model, copied)}
        uncopyable = {model for model in business if model not in copied and not kept_once(model, codenames)} | stuck
        stuck |= {
            model
            for model in copied
            if any(
                field.is_relation and field.many_to_one and field.related_model in uncopyable and not field.null
                for field in model._meta.concrete_fields
            )
        }
        if not stuck:
            return sorted(copied, key=lambda model: model._meta.label)
        copied -= stuck


def constraint_fields(constraint):
    if constraint.fields:
        return tuple(constraint.fields)
    names = []
    for expression in constraint.expressions:
        for node in expression.flatten():
            if isinstance(node, models.F):
                names.append(node.name)
    return tuple(names)


def unique_sets(model):
    opts = model._meta
    sets = [(field.name,) for field in opts.concrete_fields if field.unique and not field.primary_key]
    sets += [tuple(names) for names in opts.unique_together]
    sets += [
        constraint_fields(constraint)
        for constraint in opts.constraints
        if isinstance(constraint, models.UniqueConstraint)
    ]
    return [names for names in sets if names]


def suffixable(field):
    return isinstance(field, models.CharField) and not field.choices and not field.is_relation


def texts_to_suffix(model, copied):
    """The text fields to suffix so that copies stay unique; None when a unique set cannot be kept unique."""
    texts = set()
    for names in unique_sets(model):
        fields = [model._meta.get_field(name) for name in names]
        if any(field.is_relation and field.related_model in copied for field in fields):
            continue  # the copy points to copied rows: unique already
        text = next((field for field in fields if suffixable(field)), None)
        if text is None:
            return None
        texts.add(text.name)
    return texts


def can_hold_copies(model, copied):
    return texts_to_suffix(model, copied) is not None


def dependency_order(copied):
    """The copied models, each after the models its foreign keys point to."""
    ordered, seen = [], set()

    def visit(model, stack=()):
        if model in seen or model in stack:
            return
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in copied and field.related_model is not model:
                visit(field.related_model, (*stack, model))
        seen.add(model)
        ordered.append(model)

    for model in sorted(copied, key=lambda m: m._meta.label):
        visit(model)
    return ordered


def suffixed(value, copy, max_length):
    suffix = f" ({copy + 1})"
    if value in (None, ""):
        return value
    if max_length and len(value) + len(suffix) > max_length:
        value = value[: max_length - len(suffix)]
    return value + suffix


@transaction.atomic
def scale(factor, stdout=None):
    """Copy every activity row `factor - 1` times. Returns {model label: rows after}."""
    if factor <= 1:
        return {}
    copied = set(copyable_models())
    order = dependency_order(copied)
    # ids[model][copy][old pk] = new pk
    ids = defaultdict(lambda: defaultdict(dict))
    counts = {}
    for model in order:
        unique_texts = texts_to_suffix(model, copied)
        rows = list(model._base_manager.order_by("pk"))
        for copy in range(1, factor):
            clones = []
            for row in rows:
                clone = model()
                for field in model._meta.concrete_fields:
                    if field.primary_key:
                        continue
                    value = getattr(row, field.attname)
                    if field.is_relation and field.related_model in copied and value is not None:
                        value = ids[field.related_model][copy].get(value, value)
                    elif field.name in unique_texts:
                        value = suffixed(value, copy, field.max_length)
                    elif isinstance(field, models.UUIDField) and field.unique:
                        import uuid

                        value = uuid.uuid4()
                    setattr(clone, field.attname, value)
                clones.append(clone)
            created = model._base_manager.bulk_create(clones, batch_size=BATCH)
            for row, clone in zip(rows, created, strict=True):
                ids[model][copy][row.pk] = clone.pk
        counts[model._meta.label] = len(rows) * factor
    for model in order:
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if not through._meta.auto_created:
                continue  # an explicit through model is copied as a model of its own
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            links = list(through.objects.values_list(f"{source}_id", f"{target}_id"))
            clones = []
            for copy in range(1, factor):
                for left, right in links:
                    new_left = ids[model][copy].get(left)
                    if new_left is None:
                        continue
                    new_right = ids[field.related_model][copy].get(right, right)
                    clones.append(through(**{f"{source}_id": new_left, f"{target}_id": new_right}))
            through.objects.bulk_create(clones, batch_size=BATCH, ignore_conflicts=True)
    if stdout:
        total = sum(counts.values())
        stdout.write(f"Base ×{factor} : {total} lignes d'activité dans {len(counts)} tables.")
    return counts

"""Operations on the association's contacts that write several records: archive, merge.

Every write goes through `save()` or a related manager (never `update()`), so the history keeps it.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone


def archive(obj):
    """Archive a CPTS or a person: kept in the past (meetings, reports), no longer offered in pickers."""
    if obj.archived_at is None:
        obj.archived_at = timezone.now()
        obj.save(update_fields=["archived_at"])
    return obj


def unarchive(obj):
    if obj.archived_at is not None:
        obj.archived_at = None
        obj.save(update_fields=["archived_at"])
    return obj


def _move_links(keep, duplicate):
    """Point every record that refers to `duplicate` at `keep`, whatever app it belongs to.

    A row that would then repeat one `keep` already has (the same role of the same person…) is the same
    fact twice: it is deleted rather than kept as a duplicate. Returns the number of links moved.
    """
    moved = 0
    for relation in duplicate._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete:
            continue  # not a reverse relation
        model = relation.related_model
        if model._meta.auto_created or hasattr(model, "instance_type"):
            continue  # a many-to-many table (moved through its field below) or a history table (kept as is)
        field_name = relation.field.name
        if relation.many_to_many:
            for owner in model._default_manager.filter(**{field_name: duplicate}):
                related = getattr(owner, field_name)
                related.add(keep)
                related.remove(duplicate)
                moved += 1
            continue
        for row in model._default_manager.filter(**{field_name: duplicate}):
            setattr(row, field_name, keep)
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                row.refresh_from_db()
                row.delete()
            moved += 1
    return moved


def _fill_blanks(keep, duplicate, unique_fields):
    """Copy to `keep` what only `duplicate` knew (an e-mail, a phone…); `keep`'s own values win."""
    for field in keep._meta.concrete_fields:
        if field.primary_key or field.name == "archived_at":
            continue
        if getattr(keep, field.attname) in (None, "") and getattr(duplicate, field.attname) not in (None, ""):
            setattr(keep, field.attname, getattr(duplicate, field.attname))
    for name in unique_fields:
        setattr(duplicate, name, "")


@transaction.atomic
def _merge(keep, duplicate, unique_fields=()):
    if keep.pk == duplicate.pk:
        raise ValueError("Une fiche ne peut pas être fusionnée avec elle-même.")
    moved = _move_links(keep, duplicate)
    _fill_blanks(keep, duplicate, unique_fields)
    if unique_fields:
        duplicate.save(update_fields=list(unique_fields))  # free the e-mail before `keep` takes it
    keep.notes = "\n".join(
        filter(None, [keep.notes, f"Fusionnée avec « {duplicate} » le {timezone.localdate():%d/%m/%Y}."])
    )
    duplicate.delete()
    keep.save()
    return moved


def merge_people(keep, duplicate):
    """Merge the person `duplicate` into `keep`: meetings, roles, enrolments… move to `keep`, then `duplicate`
    is deleted (its history keeps it). Returns the number of links moved."""
    return _merge(keep, duplicate, unique_fields=["email"])


def merge_organisations(keep, duplicate):
    """Merge the organisation `duplicate` into `keep`: its people and meetings move, then it is deleted."""
    return _merge(keep, duplicate)

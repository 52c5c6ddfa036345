"""No lost update: a form refuses to save over a change someone else saved since the form was opened.

The form carries, in a hidden field, the id of the record's latest historical record (django-simple-history)
when it was opened; on submission, if a newer one exists, the form is invalid with a French message that
shows the other person's change, the user's input is kept, and the token moves on so that submitting again
(after reading the change) saves.
"""

from django import forms
from django.utils import formats, timezone
from django.utils.text import capfirst

from interurps.audit import changes_since, history_manager, latest_history_id

TOKEN_FIELD = "history_token"


def describe_conflict(entries):
    """The French message that tells what the others changed (entries of `changes_since`, oldest first)."""
    parts = []
    for entry in entries:
        who = entry["user"] or "un import ou une commande"
        when = formats.date_format(timezone.localtime(entry["date"]), "d/m/Y à H:i")
        if entry["changes"]:
            details = "; ".join(_describe(change) for change in entry["changes"])
        else:
            details = entry["kind"]
        parts.append(f"{who} le {when} : {details}")
    return (
        "Cette fiche a été modifiée depuis que vous l'avez ouverte — "
        + " | ".join(parts)
        + ". Vos saisies sont conservées ci-dessous : vérifiez-les puis enregistrez de nouveau."
    )


def _describe(change):
    if change["added"] or change["removed"]:
        moves = []
        if change["added"]:
            moves.append("ajout de " + ", ".join(change["added"]))
        if change["removed"]:
            moves.append("retrait de " + ", ".join(change["removed"]))
        return f"{capfirst(change['label'])} : {' et '.join(moves)}"
    return f"{capfirst(change['label'])} : « {change['old']} » → « {change['new']} »"


class ConcurrentEditFormMixin:
    """For a ModelForm of a model with history: refuse a save over a change made since the form was opened.

    A form posted without the token at all (a client that never showed the form) is not checked.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is None or history_manager(instance) is None:
            return  # a model without history: nothing to compare (the admin's declared field stays, unused)
        if TOKEN_FIELD not in self.fields:
            self.fields[TOKEN_FIELD] = forms.CharField(required=False, widget=forms.HiddenInput)
        if instance.pk is not None:
            self.fields[TOKEN_FIELD].initial = latest_history_id(instance) or ""

    def clean(self):
        cleaned_data = super().clean()
        key = self.add_prefix(TOKEN_FIELD)
        if history_manager(self.instance) is None or self.instance.pk is None or key not in self.data:
            cleaned_data.pop(TOKEN_FIELD, None)
            return cleaned_data
        seen = cleaned_data.pop(TOKEN_FIELD, "") or ""  # not data of the record: views never see it
        latest = latest_history_id(self.instance)
        if str(latest or "") != seen:
            entries = changes_since(self.instance, int(seen) if seen.isdigit() else None)
            # The next submission, made knowing the change, may save: the token moves to the latest version.
            self.data = self.data.copy()
            self.data[key] = str(latest or "")
            raise forms.ValidationError(describe_conflict(entries), code="lost_update")
        return cleaned_data


class ConcurrentEditAdminForm(ConcurrentEditFormMixin, forms.ModelForm):
    """The base form of the project's admin (see interurps.admin.BaseAdmin).

    The token is declared here, not only added in `__init__`, so that the admin's fieldsets include it.
    """

    history_token = forms.CharField(required=False, widget=forms.HiddenInput)

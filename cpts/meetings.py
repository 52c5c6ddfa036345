"""What the CPTS app adds to the meeting: the CPTS concerned (the reverse of `CPTS.meetings`).

Registered in `CptsConfig.ready()`: a field of the meeting form, a filter and a column of the meeting
list, a `CPTS` column of the meetings import and export, and a line of the meeting's page.
"""

import re

import django_filters
from django import forms
from import_export import widgets
from import_export.fields import Field

from cpts.models import CPTS
from interurps.forms import MultiplePicker, Picker
from interurps.registry import MeetingExtension
from interurps.resources.base import cell_text, quoted, simplify

MULTIPLE_HELP = "Ctrl + clic (Cmd + clic sur Mac) pour en choisir plusieurs."


def cpts_name_key(text):
    """How CPTS names are compared: without case, accents or extra spaces, whatever the spaces around commas."""
    return re.sub(r"\s*[,;]\s*", ", ", simplify(text))


class CPTSWidget(widgets.ManyToManyWidget):
    """The CPTS a meeting concerned, by their full names separated by commas or semicolons.

    A name must be the CPTS's exact name, ignoring case and accents only ("cpts du grand saumurois"
    finds "CPTS du Grand Saumurois", "Grand Saumurois" does not): a fragment or an acronym could link the
    meeting to the wrong CPTS without anyone noticing. A name that itself holds a comma is recognised (the
    longest run of pieces forming a known name wins), so an export always reads back. An unknown name is
    a row error naming it.
    """

    def __init__(self, model=CPTS):
        super().__init__(model, separator=", ")
        self._by_key = None

    def by_key(self):
        """The CPTS by name key, read once per import (an import does not create CPTS)."""
        if self._by_key is None:
            self._by_key = {}
            for cpts in self.model._default_manager.all():
                self._by_key.setdefault(cpts_name_key(cpts.name), []).append(cpts)
        return self._by_key

    def find(self, pieces):
        """The CPTS named by the longest run of `pieces` from the first, and how many pieces it took."""
        for end in range(len(pieces), 0, -1):
            text = ", ".join(pieces[:end])
            candidates = self.by_key().get(cpts_name_key(text), [])
            if len(candidates) > 1:
                # Two names that differ only by their accents: the exact spelling decides.
                candidates = [cpts for cpts in candidates if cpts.name.casefold() == text.casefold()]
                if len(candidates) != 1:
                    raise ValueError(f"{quoted(text)} désigne plusieurs CPTS : écrivez le nom avec ses accents.")
            if candidates:
                return candidates[0], end
        raise ValueError(f"CPTS inconnue : {quoted(pieces[0])} (nom complet de la CPTS attendu)")

    def clean(self, value, row=None, **kwargs):
        pieces = [piece.strip() for piece in re.split(r"[,;\n]", cell_text(value)) if piece.strip()]
        found = []
        while pieces:
            cpts, used = self.find(pieces)
            if cpts not in found:
                found.append(cpts)
            pieces = pieces[used:]
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        # .all() reads the prefetched CPTS of `Meeting.objects.for_list()`.
        return self.separator.join(cpts.name for cpts in value.all())


class CPTSMeetingExtension(MeetingExtension):
    key = "cpts"
    prefetch = ("cpts",)
    resource_after = "department"
    list_label = "CPTS"
    list_template = "cpts/partials/meeting_cpts_cell.html"
    detail_template = "cpts/partials/meeting_cpts_facts.html"

    def form_field(self, meeting):
        # Archived CPTS are not offered, except those the meeting already names.
        keep = list(meeting.cpts.values_list("pk", flat=True)) if meeting.pk else []
        return forms.ModelMultipleChoiceField(
            label="CPTS concernées",
            queryset=CPTS.objects.not_archived(keep=keep).order_by("name"),
            required=False,
            help_text="Tapez une partie du nom (sans « CPTS »), de la ville ou du département.",
            widget=MultiplePicker(url="cpts:cpts_autocomplete"),
        )

    def initial(self, meeting):
        return [cpts.pk for cpts in meeting.cpts.all()]

    def save(self, meeting, value):
        meeting.cpts.set(value)

    def initial_from_query(self, query):
        """`?cpts=<pk>` (repeatable) on a "log a meeting for this CPTS" link."""
        pks = [value for value in query.getlist("cpts") if value.isdigit()]
        if not pks:
            return None
        return list(CPTS.objects.filter(pk__in=pks).values_list("pk", flat=True)) or None

    def filter(self):
        # A picker, not a drop-down of every CPTS of the region: only the chosen one is written in the page.
        return django_filters.ModelChoiceFilter(
            label="CPTS",
            field_name="cpts",
            queryset=CPTS.objects.all(),
            empty_label="Toutes",
            widget=Picker(url="cpts:cpts_autocomplete", placeholder="Toutes (tapez pour chercher)"),
        )

    def resource_field(self):
        return Field(attribute="cpts", column_name="CPTS", widget=CPTSWidget())

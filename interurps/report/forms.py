"""Forms of the annual report editions. Rich text is sanitised when saved (and again when shown)."""

from django import forms

from interurps.models import FreeSection, Person, ReportEdition, ReportSignatory, ReportText
from interurps.report.richtext import sanitize_html, validate_bounds

RICH_TEXT_HELP = "Intertitres, listes, gras, italique et liens ; le reste (images, scripts, styles) est retiré."


def rich_text_widget(rows=8):
    return forms.Textarea(attrs={"class": "rich-text", "rows": rows})


class RichTextField(forms.CharField):
    """A textarea whose HTML is sanitised (allowed tags only) in `clean`."""

    def __init__(self, *, rows=8, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", RICH_TEXT_HELP)
        super().__init__(widget=rich_text_widget(rows), strip=True, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        validate_bounds(value)
        return str(sanitize_html(value))


class ReportEditionForm(forms.ModelForm):
    presidents_message = RichTextField(label="Mot des présidents", rows=10)
    presentation = RichTextField(label="Présentation de l'association (L'InterURPS)", rows=8)

    class Meta:
        model = ReportEdition
        fields = ["title", "presidents_message", "presentation"]


class ReportSignatoryForm(forms.ModelForm):
    class Meta:
        model = ReportSignatory
        fields = ["person", "name", "title", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.order_by("last_name", "first_name")


class FreeSectionForm(forms.ModelForm):
    body = RichTextField(label="Texte", required=True, rows=8)

    class Meta:
        model = FreeSection
        fields = ["title", "body", "order"]


SignatoryFormSet = forms.inlineformset_factory(
    ReportEdition, ReportSignatory, form=ReportSignatoryForm, extra=1, can_delete=True
)
FreeSectionFormSet = forms.inlineformset_factory(
    ReportEdition, FreeSection, form=FreeSectionForm, extra=1, can_delete=True
)


class SectionTextsForm(forms.Form):
    """The introduction and the perspectives of every registered section."""

    def __init__(self, *args, sections, year, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.keys = {}
        for section in sections:
            for kind, label in [
                (ReportText.Kind.INTRODUCTION, f"{section.title} – introduction"),
                (ReportText.Kind.PERSPECTIVES, f"{section.title} – perspectives {year + 1}"),
            ]:
                name = f"{section.key}__{kind}"
                self.keys[name] = (section.key, kind)
                self.fields[name] = RichTextField(label=label, rows=5, initial=bodies.get((section.key, kind), ""))

    def bodies(self):
        """{(section_key, kind): sanitised body} of every field."""
        return {key: self.cleaned_data[name] for name, key in self.keys.items()}


class OutlineForm(forms.Form):
    """The edition's outline: for every part of the report, its place, whether it prints, its level, and for a
    section whether its key figures show the previous year."""

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries
        self.rows = []
        for position, entry in enumerate(entries, start=1):
            prefix = entry.key
            # Every field may be left out of a form sent: the part then keeps its place, presence and level.
            self.fields[f"{prefix}__order"] = forms.IntegerField(
                label=f"{entry.label} – place", min_value=1, max_value=999, initial=position, required=False
            )
            self.fields[f"{prefix}__visible"] = forms.TypedChoiceField(
                label=f"{entry.label} – imprimée",
                choices=[("1", "imprimée"), ("0", "masquée")],
                coerce=lambda value: value == "1",
                initial="1" if entry.visible else "0",
                required=False,
                empty_value=None,
            )
            self.fields[f"{prefix}__level"] = forms.TypedChoiceField(
                label=f"{entry.label} – niveau",
                choices=[(1, "chapitre"), (2, "partie du chapitre précédent")],
                coerce=int,
                initial=entry.level,
                required=False,
                empty_value=None,
            )
            if entry.can_compare:
                self.fields[f"{prefix}__compare"] = forms.TypedChoiceField(
                    label=f"{entry.label} – comparer avec l'année précédente",
                    choices=[("0", "non"), ("1", "oui")],
                    coerce=lambda value: value == "1",
                    initial="1" if entry.compare else "0",
                    required=False,
                    empty_value=None,
                )
            self.rows.append(
                {
                    "label": entry.label,
                    "order": self[f"{prefix}__order"],
                    "visible": self[f"{prefix}__visible"],
                    "level": self[f"{prefix}__level"],
                    "compare": self[f"{prefix}__compare"] if entry.can_compare else None,
                }
            )

    def stored_outline(self):
        """The outline as `ReportEdition.outline` stores it, in the order chosen.

        A part moved to place N goes before the part that was there; parts not moved keep their order.
        """

        def chosen(entry, name, current):
            value = self.cleaned_data.get(f"{entry.key}__{name}")
            return current if value is None else value

        def rank(pair):
            position, entry = pair
            place = chosen(entry, "order", position)
            return (place, 0 if place != position else 1, position)

        ranked = sorted(enumerate(self.entries, start=1), key=rank)
        return [
            {
                "key": entry.key,
                "visible": chosen(entry, "visible", entry.visible),
                "level": chosen(entry, "level", entry.level),
                "compare": bool(entry.can_compare and chosen(entry, "compare", entry.compare)),
            }
            for _, entry in ranked
        ]

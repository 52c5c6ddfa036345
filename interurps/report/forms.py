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

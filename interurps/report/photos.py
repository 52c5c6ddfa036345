"""The photos of an edition's sections: the editor's form and their place in the assembled report."""

from django import forms

from interurps.models import ReportEdition, SectionPhoto
from interurps.pictures import DEMO_CREDIT
from interurps.report import outline


def section_choices(edition, free_sections):
    """The parts of the report a photo can go in: the registered and free sections, in the edition's outline."""
    entries = outline.resolve(edition.outline, free_sections, edition.year)
    return [
        (entry.key, entry.label if entry.visible else f"{entry.label} (masquée)")
        for entry in entries
        if not entry.is_perspectives and entry.key not in (outline.PRESIDENTS, outline.ASSOCIATION)
    ]


class SectionPhotoForm(forms.ModelForm):
    section_key = forms.ChoiceField(label="Section")

    class Meta:
        model = SectionPhoto
        fields = ["section_key", "image", "alt_text", "caption", "credit", "order"]

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section_key"].choices = [("", "---------"), *sections]
        self.fields["alt_text"].required = True


class BaseSectionPhotoFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, sections=(), **kwargs):
        self.sections = sections
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "sections": self.sections}

    @property
    def empty_form(self):
        form = super().empty_form
        form.fields["section_key"].choices = [("", "---------"), *self.sections]
        return form


SectionPhotoFormSet = forms.inlineformset_factory(
    ReportEdition, SectionPhoto, form=SectionPhotoForm, formset=BaseSectionPhotoFormSet, extra=1, can_delete=True
)


def attach(report):
    """Give each printed section of `report` its photos, in order (one query); `report.photos` holds them all."""
    photos = list(report.edition.photos.all()) if report.edition.pk else []
    report.photos = photos
    for section in report.sections:
        section.photos = [photo for photo in photos if photo.section_key == section.key]
    return report


def missing_pictures(report):
    """What the pictures still lack before publishing (sentences in French, as the checklist's)."""
    missing = []
    printed = {section.key: section.title for section in report.sections}
    for photo in report.photos:
        name = f"« {photo.caption} »" if photo.caption else f"n° {photo.pk}"
        if not photo.alt_text.strip():
            where = printed.get(photo.section_key, photo.section_key)
            missing.append(f"La photo {name} ({where}) n'a pas de texte alternatif.")
        if photo.section_key not in printed:
            missing.append(f"La photo {name} est rattachée à une section qui ne s'imprime pas ({photo.section_key}).")
    people = [signatory.person for signatory in report.signatories if signatory.person_id]
    demo = [union for union in report.unions if union.logo and union.logo_credit == DEMO_CREDIT]
    demo += [person for person in people if person.portrait and person.portrait_credit == DEMO_CREDIT]
    if demo:
        missing.append(
            f"{len(demo)} image{'s' if len(demo) > 1 else ''} de démonstration (logos, portraits) : "
            "remplacez-les par les vraies avant de publier."
        )
    without_logo = [union.short_name for union in report.unions if not union.logo]
    if without_logo:
        missing.append(f"Sans logo (le nom s'imprime à la place) : {', '.join(without_logo)}.")
    return missing

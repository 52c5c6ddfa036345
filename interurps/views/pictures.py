"""The pictures (union logos, portraits, report photos), served to the roles that may see their record.

Files under MEDIA_ROOT are never served as public URLs: each picture is reached through its record,
so a file no record holds any more (a replaced portrait) is not served at all.
"""

import mimetypes

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView, View

from interurps.mixins import RolePermissionMixin
from interurps.models import Person, ReportEdition, SectionPhoto, Union
from interurps.pictures import LIMITS_HELP
from interurps.report import services
from interurps.report.assembly import get_edition
from interurps.report.photos import SectionPhotoFormSet, section_choices
from interurps.views.report import ReportYearMixin


class PictureView(RolePermissionMixin, View):
    """The picture held by `field` of the `model` row `pk`."""

    model = None
    field = ""
    url_name = ""

    def get(self, request, *args, **kwargs):
        picture = getattr(get_object_or_404(self.model, pk=kwargs["pk"]), self.field)
        content_type = mimetypes.guess_type(picture.name)[0] if picture else None
        if content_type not in ("image/png", "image/jpeg"):  # stored pictures are re-encoded as one of these
            raise Http404("Pas d'image.")
        try:
            # Read whole (a stored picture weighs a few hundred kilobytes at most): no file left open.
            with picture.open("rb") as handle:
                content = handle.read()
        except FileNotFoundError as error:
            raise Http404("Le fichier de cette image est introuvable.") from error
        return HttpResponse(content, content_type=content_type)  # marked private, no-store by our middleware


class UnionLogoView(PictureView):
    model, field, url_name = Union, "logo", "interurps:union_logo"
    permission_required = "interurps.view_union"


class PersonPortraitView(PictureView):
    model, field, url_name = Person, "portrait", "interurps:person_portrait"
    permission_required = "interurps.view_person"


class SectionPhotoView(PictureView):
    model, field, url_name = SectionPhoto, "image", "interurps:report_photo"
    permission_required = "interurps.view_sectionphoto"


PICTURE_VIEWS = {view.model: view for view in (UnionLogoView, PersonPortraitView, SectionPhotoView)}


class SectionPhotosEditView(RolePermissionMixin, ReportYearMixin, TemplateView):
    """Add, describe and remove the photos printed in the sections of a year's report."""

    template_name = "interurps/report_photos.html"
    permission_required = "interurps.change_reportedition"

    def get_formset(self):
        edition = get_edition(self.year) or ReportEdition(year=self.year)
        free_sections = list(edition.free_sections.all()) if edition.pk else []
        post = self.request.method == "POST"
        return SectionPhotoFormSet(
            self.request.POST if post else None,
            self.request.FILES if post else None,
            instance=edition,
            prefix="photos",
            sections=section_choices(edition, free_sections),
            queryset=SectionPhoto.objects.filter(edition=edition) if edition.pk else SectionPhoto.objects.none(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["year"] = self.year
        context["formset"] = kwargs.get("formset") or self.get_formset()
        context["limits"] = LIMITS_HELP
        return context

    def post(self, request, *args, **kwargs):
        formset = self.get_formset()
        if not formset.is_valid():
            messages.error(request, "Les photos n'ont pas été enregistrées : corrigez les erreurs signalées.")
            return self.render_to_response(self.get_context_data(formset=formset))
        with transaction.atomic():
            formset.instance = services.get_or_create_edition(self.year)
            formset.save()
        messages.success(request, f"Photos du rapport {self.year} enregistrées.")
        return HttpResponseRedirect(reverse("interurps:report", args=[self.year]))

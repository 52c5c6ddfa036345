"""Imports for staff: upload a file, preview what it would do (nothing written), then confirm.

One pair of views serves every kind of import; a kind names its resource by dotted path (so a
resource may live in a module written later) and the permission it needs. The confirmed import
runs in one transaction: a single rejected row and nothing is written.

The uploaded file waits between the preview and the confirmation in django-import-export's
temporary storage; its name is kept in the session, never sent to the browser.
"""

import datetime
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.module_loading import import_string
from django.views.generic import FormView, View
from django.views.generic.base import TemplateResponseMixin
from import_export.results import RowResult

from interurps.formats import XLSX, FrenchCSV, ImportFileError
from interurps.forms import ImportFileForm
from interurps.mixins import RolePermissionMixin
from interurps.resources.base import STATUS_LABELS, row_error_messages

logger = logging.getLogger(__name__)

FORMATS = {"csv": FrenchCSV, "xlsx": XLSX}


@dataclass(frozen=True)
class ImportKind:
    slug: str
    title: str
    resource: str  # dotted path of the resource class
    permissions: tuple
    list_url: str | None = None
    with_population_year: bool = False

    @property
    def resource_class(self):
        return import_string(self.resource)


IMPORT_KINDS = {
    kind.slug: kind
    for kind in [
        ImportKind(
            "personnes",
            "Importer des personnes",
            "interurps.resources.contacts.PersonResource",
            ("interurps.add_person", "interurps.change_person"),
            "interurps:person_list",
        ),
        ImportKind(
            "organisations",
            "Importer des organisations",
            "interurps.resources.contacts.OrganisationResource",
            ("interurps.add_organisation", "interurps.change_organisation"),
            "interurps:organisation_list",
        ),
        ImportKind(
            "reunions",
            "Importer des réunions",
            "interurps.resources.meetings.MeetingResource",
            ("interurps.add_meeting", "interurps.change_meeting"),
            "interurps:meeting_list",
        ),
        ImportKind(
            "communes",
            "Mettre à jour les populations des communes",
            "interurps.resources.communes.CommunePopulationResource",
            ("interurps.change_commune",),
            with_population_year=True,
        ),
        ImportKind(
            "cpts",
            "Importer des CPTS",
            "cpts.resources.CPTSResource",
            ("cpts.add_cpts", "cpts.change_cpts"),
            "cpts:cpts_list",
        ),
        ImportKind(
            "indicateurs-sas",
            "Importer des indicateurs SAS",
            "sas.resources.SASIndicatorResource",
            ("sas.add_sasindicator", "sas.change_sasindicator"),
            "sas:indicator_list",
        ),
        ImportKind(
            "reper-chiffres",
            "Importer des chiffres des territoires REPER",
            "reper.resources.TerritoryFiguresResource",
            ("reper.add_territoryfigures", "reper.change_territoryfigures"),
            "reper:figures_list",
        ),
        ImportKind(
            "pacte-apprenants",
            "Importer des apprenant·es PACTE",
            "pacte.resources.LearnerResource",
            ("pacte.add_learner", "pacte.change_learner", "interurps.add_person"),
            "pacte:learner_list",
        ),
        ImportKind(
            "pacte-presences",
            "Importer des présences PACTE",
            "pacte.resources.AttendanceResource",
            ("pacte.add_attendance", "pacte.change_attendance"),
            "pacte:attendance_list",
        ),
    ]
}


def tmp_storage_class():
    storage = getattr(settings, "IMPORT_EXPORT_TMP_STORAGE_CLASS", "import_export.tmp_storages.TempFolderStorage")
    return import_string(storage) if isinstance(storage, str) else storage


def display_value(value):
    """A cell of the file as the preview shows it."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M" if value.time() != datetime.time() else "%d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def plural(count, singular, plural_form):
    return f"{count} {singular if count < 2 else plural_form}"


def summary(result):
    totals = result.totals
    return ", ".join(
        [
            plural(totals[RowResult.IMPORT_TYPE_NEW], "création", "créations"),
            plural(totals[RowResult.IMPORT_TYPE_UPDATE], "mise à jour", "mises à jour"),
            plural(totals[RowResult.IMPORT_TYPE_SKIP], "ligne inchangée", "lignes inchangées"),
        ]
    )


class ImportKindMixin(TemplateResponseMixin, RolePermissionMixin):
    """The kind of import named in the URL, its permission, its resource and how it runs."""

    template_name = "interurps/import_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.kind = IMPORT_KINDS.get(kwargs["kind"])
        if self.kind is None:
            raise Http404("Type d'import inconnu.")
        return super().dispatch(request, *args, **kwargs)

    def get_permission_required(self):
        return self.kind.permissions

    @property
    def session_key(self):
        return f"import:{self.kind.slug}"

    def get_resource(self, population_year=None):
        kwargs = {"population_year": population_year} if self.kind.with_population_year and population_year else {}
        return self.kind.resource_class(**kwargs)

    def read(self, resource, data, extension):
        """The file as a dataset whose headers are the resource's (raises ImportFileError)."""
        dataset = FORMATS[extension]().create_dataset(data)
        if hasattr(resource, "prepare_dataset"):
            dataset = resource.prepare_dataset(dataset)
        return dataset

    def run(self, resource, dataset, dry_run, file_name):
        return resource.import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            user=self.request.user,
            file_name=file_name,
        )

    def page_context(self, resource, **kwargs):
        fields = resource.get_import_fields()
        required = set(getattr(resource, "required_columns", ()))
        columns = [{"name": field.column_name, "required": field.column_name in required} for field in fields]
        return {"kind": self.kind, "columns": columns, "title": self.kind.title, **kwargs}

    def preview_context(self, resource, dataset, result):
        aligned = len(result.rows) == len(dataset)
        rows = []
        for index, row_result in enumerate(result.rows):
            rows.append(
                {
                    "number": index + 2 if aligned else "",
                    "status": row_result.import_type,
                    "status_label": STATUS_LABELS.get(row_result.import_type, row_result.import_type),
                    "values": [display_value(value) for value in dataset[index]] if aligned else [],
                    "errors": row_error_messages(resource, row_result),
                }
            )
        failed = result.has_errors() or result.has_validation_errors()
        return {
            "headers": dataset.headers if aligned else [],
            "rows": rows,
            "file_errors": [str(error.error) for error in result.base_errors],
            "failed": failed,
            "error_count": len(result.invalid_rows) + len(result.error_rows),
            "summary": summary(result),
            "row_count": len(dataset),
        }

    def forget_pending(self):
        pending = self.request.session.pop(self.session_key, None)
        if pending:
            try:
                tmp_storage_class()(name=pending["name"], read_mode="rb").remove()
            except FileNotFoundError:
                logger.info("Fichier d'import en attente déjà supprimé : %s", pending["name"])

    def success_url(self):
        if self.kind.list_url:
            return reverse(self.kind.list_url)
        if self.request.user.is_staff:
            return reverse("admin:interurps_commune_changelist")
        return reverse("home")


class ImportView(ImportKindMixin, FormView):
    """Step 1, the upload form; step 2, the preview of a dry run with, if all rows pass, a confirm button."""

    form_class = ImportFileForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["with_population_year"] = self.kind.with_population_year
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.page_context(self.get_resource()))
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        population_year = form.cleaned_data.get("population_year")
        resource = self.get_resource(population_year)
        data = upload.read()
        try:
            dataset = self.read(resource, data, form.file_extension)
        except ImportFileError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        except Exception:
            logger.warning("Fichier d'import illisible : %s", upload.name, exc_info=True)
            form.add_error("file", "Le fichier n'a pas pu être lu : vérifiez qu'il s'agit d'un CSV ou d'un .xlsx.")
            return self.form_invalid(form)
        if not len(dataset):
            form.add_error("file", "Le fichier ne contient aucune ligne à importer sous ses en-têtes.")
            return self.form_invalid(form)

        result = self.run(resource, dataset, dry_run=True, file_name=upload.name)
        preview = self.preview_context(resource, dataset, result)
        self.forget_pending()
        token = ""
        if not preview["failed"]:
            storage = tmp_storage_class()(read_mode="rb")
            storage.save(data)
            token = uuid.uuid4().hex
            self.request.session[self.session_key] = {
                "token": token,
                "name": storage.name,
                "extension": form.file_extension,
                "file_name": upload.name,
                "population_year": population_year,
            }
        context = self.get_context_data(form=self.get_form_class()(with_population_year=self.kind.with_population_year))
        context.update(preview=preview, token=token, file_name=upload.name)
        return self.render_to_response(context)


class ImportConfirmView(ImportKindMixin, View):
    """Step 3: the file previewed is imported for real, all or nothing."""

    def get(self, request, *args, **kwargs):
        return redirect("interurps:import", kind=self.kind.slug)

    def post(self, request, *args, **kwargs):
        pending = request.session.get(self.session_key)
        if not pending or pending["token"] != request.POST.get("token"):
            messages.error(request, "Aucun fichier n'attend d'être importé : déposez-le à nouveau.")
            return redirect("interurps:import", kind=self.kind.slug)
        resource = self.get_resource(pending["population_year"])
        try:
            data = tmp_storage_class()(name=pending["name"], read_mode="rb").read()
        except FileNotFoundError:
            request.session.pop(self.session_key, None)
            messages.error(request, "Le fichier déposé n'est plus disponible : déposez-le à nouveau.")
            return redirect("interurps:import", kind=self.kind.slug)
        dataset = self.read(resource, data, pending["extension"])
        result = self.run(resource, dataset, dry_run=False, file_name=pending["file_name"])
        self.forget_pending()
        preview = self.preview_context(resource, dataset, result)
        if preview["failed"]:
            # import_data rolled its transaction back: nothing was written.
            context = self.page_context(
                resource,
                form=ImportFileForm(with_population_year=self.kind.with_population_year),
                preview=preview,
                token="",
                file_name=pending["file_name"],
            )
            return self.render_to_response(context)
        messages.success(request, f"Import de « {pending['file_name']} » terminé : {summary(result)}.")
        return redirect(self.success_url())

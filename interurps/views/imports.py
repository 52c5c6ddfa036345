"""Imports for staff: upload a file, preview what it would do (nothing written), then confirm.

One pair of views serves every kind of import; the kinds are registered by the apps
(`interurps.import_registry`), each naming its resource by dotted path and the permissions it
needs. The confirmed import runs in one transaction: a single rejected row and nothing is written.

The rows the preview read wait for the confirmation in `PendingImportStorage` (as JSON, so that a
large workbook is parsed once); their file's name is kept in the session, never sent to the browser.
The preview holds no lock while the user reads it. Each import page offers a model file (CSV and XLSX)
and the table of its columns. A workbook's cells are read by `interurps.import_xlsx.FastXLSX`.

These views run outside the request's transaction (`non_atomic_requests`): the import opens its own.
A resource that checks then writes in bulk (meetings, people, organisations, CPTS) opens none for its
preview and, at the confirmation, one short transaction for the writes only, so other users' logins are
not kept waiting on the database's write lock while a long file is read.
"""

import datetime
import logging
import uuid

import tablib
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import FormView, View
from django.views.generic.base import TemplateResponseMixin
from import_export.results import RowResult

from interurps.formats import FrenchCSV, ImportFileError, check_size
from interurps.forms import ImportFileForm
from interurps.import_registry import KINDS
from interurps.import_storage import DATASET_FORMAT, PendingImportStorage, delete_abandoned, dump_dataset, load_dataset
from interurps.import_xlsx import FastXLSX
from interurps.mixins import RolePermissionMixin
from interurps.resources.base import STATUS_LABELS, row_error_messages

logger = logging.getLogger(__name__)

FORMATS = {"csv": FrenchCSV, "xlsx": FastXLSX}


# The registered kinds (filled by the apps' `ready()`), by key.
IMPORT_KINDS = KINDS

# A preview lists every row of a file of at most PREVIEW_ALL_ROWS rows; of a longer file, its
# refused rows (at most PREVIEW_REFUSED_ROWS) then its first PREVIEW_ACCEPTED_ROWS accepted rows,
# after the counts by status.
PREVIEW_ALL_ROWS = 200
PREVIEW_REFUSED_ROWS = 200
PREVIEW_ACCEPTED_ROWS = 50


def tmp_storage_class():
    return PendingImportStorage


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


def french_list(items):
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


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
        self.kind = KINDS.get(kwargs["kind"])
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
        resource = self.kind.resource_class(**kwargs)
        resource.with_diff = False  # see Diff.read_values
        return resource

    def read(self, resource, data, extension):
        """The file as a dataset whose headers are the resource's (raises ImportFileError)."""
        if extension == DATASET_FORMAT:
            dataset = load_dataset(data)
            dataset.prepared_for = resource  # as the preview prepared it
            return dataset
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
        columns = resource.column_docs() if hasattr(resource, "column_docs") else []
        return {"kind": self.kind, "columns": columns, "title": self.kind.title, **kwargs}

    def preview_context(self, resource, dataset, result):
        aligned = len(result.rows) == len(dataset)
        refused, accepted = [], []
        for index, row_result in enumerate(result.rows):
            errors = row_error_messages(resource, row_result)
            (refused if errors else accepted).append((index, row_result, errors))
        failed = result.has_errors() or result.has_validation_errors()
        if len(result.rows) > PREVIEW_ALL_ROWS:
            shown = refused[:PREVIEW_REFUSED_ROWS] + accepted[:PREVIEW_ACCEPTED_ROWS]
        else:
            shown = refused + accepted
        refused_lines = [index + 2 for index, _, _ in refused] if aligned else []
        return {
            "headers": dataset.headers if aligned else [],
            # Refused rows first, with their reason beside their line number.
            "rows": [
                self.preview_row(dataset, index, row_result, errors, aligned) for index, row_result, errors in shown
            ],
            "hidden_count": len(result.rows) - len(shown),
            "hidden_refused_count": len(refused) - len([row for row in shown if row[2]]),
            "file_errors": [str(error.error) for error in result.base_errors],
            "failed": failed,
            "error_count": len(refused),
            "refused_lines": french_list(refused_lines[:20]) + (" …" if len(refused_lines) > 20 else ""),
            "summary": summary(result),
            "row_count": len(dataset),
        }

    @staticmethod
    def preview_row(dataset, index, row_result, errors, aligned):
        return {
            "number": index + 2 if aligned else "",
            "status": row_result.import_type,
            "status_label": STATUS_LABELS.get(row_result.import_type, row_result.import_type),
            "values": [display_value(value) for value in dataset[index]] if aligned else [],
            "errors": errors,
        }

    def model_file(self, fmt):
        """The model file of the kind: its columns and an example row, as CSV or XLSX."""
        resource = self.get_resource()
        fields = [field for field in resource.get_export_fields() if not field.readonly]
        example = resource.example_values() if hasattr(resource, "example_values") else {}
        dataset = tablib.Dataset(headers=[field.column_name for field in fields])
        dataset.append([example.get(field.column_name, "") for field in fields])
        format_class = FORMATS[fmt]()
        response = HttpResponse(format_class.export_data(dataset), content_type=format_class.get_content_type())
        response["Content-Disposition"] = f'attachment; filename="modele-import-{self.kind.key}.{fmt}"'
        return response

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


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class ImportView(ImportKindMixin, FormView):
    """Step 1, the upload form; step 2, the preview of a dry run with, if all rows pass, a confirm button."""

    form_class = ImportFileForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["with_population_year"] = self.kind.with_population_year
        return kwargs

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("modele")
        if fmt in FORMATS:
            return self.model_file(fmt)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.page_context(self.get_resource()))
        return context

    def form_valid(self, form):
        delete_abandoned()
        upload = form.cleaned_data["file"]
        population_year = form.cleaned_data.get("population_year")
        resource = self.get_resource(population_year)
        try:
            check_size(upload.size)  # before reading it into memory
            data = upload.read()
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
            storage.save(dump_dataset(dataset))  # the rows as read: the confirmation need not parse the file again
            token = uuid.uuid4().hex
            self.request.session[self.session_key] = {
                "token": token,
                "name": storage.name,
                "extension": DATASET_FORMAT,
                "file_name": upload.name,
                "population_year": population_year,
            }
        context = self.get_context_data(form=self.get_form_class()(with_population_year=self.kind.with_population_year))
        context.update(preview=preview, token=token, file_name=upload.name)
        return self.render_to_response(context)


@method_decorator(transaction.non_atomic_requests, name="dispatch")
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
        try:
            dataset = self.read(resource, data, pending["extension"])
        except ImportFileError as error:
            self.forget_pending()
            messages.error(request, str(error))
            return redirect("interurps:import", kind=self.kind.slug)
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

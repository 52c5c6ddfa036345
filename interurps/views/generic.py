"""The page family every app builds its staff pages from: a list (filters, sort, pagination, export,
import), a form page (a title, « Annuler », a French message once saved) and a delete confirmation.

Each page has one template of its kind in `templates/generic/`; an app's template extends it and fills
the blocks that differ (the row of a list, the breadcrumb).
"""

import functools
from dataclasses import dataclass

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import DeleteView, ListView

from interurps import services
from interurps.mixins import ExportMixin, FilteredListMixin, RolePermissionMixin


@dataclass(frozen=True)
class Column:
    """A column of a list: its header, the `tri` key that sorts it (if any) and its CSS class."""

    label: str
    sort: str = ""
    css: str = ""


ARCHIVES_PARAMETER = "archives"


@functools.cache
def with_archives_filter(filterset_class, label):
    """`filterset_class` with a box `label` (« Afficher les archivées »): archived rows (`archived_at` set) are
    left out unless it is ticked."""

    def filter_archives(queryset, name, value):
        return queryset if value else queryset.filter(archived_at__isnull=True)

    attributes = {
        ARCHIVES_PARAMETER: django_filters.BooleanFilter(
            label=label, method=filter_archives, widget=forms.CheckboxInput
        ),
        "Meta": type("Meta", (filterset_class.Meta,), {}),
    }
    return type(filterset_class.__name__, (filterset_class,), attributes)


class ListPageView(RolePermissionMixin, ExportMixin, FilteredListMixin, ListView):
    """A list of records: filters folded behind « Filtres » on a phone, sortable headers, pagination,
    CSV/XLSX export (when `resource_class` is set), « Importer » (when `import_kind` is set).

    With `archives_label` set (the model has `archived_at`), archived rows are left out of the list and its
    export unless the filter of that label is ticked."""

    paginate_by = 50
    title = ""
    columns = ()
    count_label = ("", "")  # singular, plural: « 1 personne », « 12 personnes »
    empty_text = "Aucun résultat ne correspond à ces critères."
    create_url_name = ""
    create_label = ""
    create_permission = ""
    import_kind = ""  # a kind of interurps/views/imports.py
    import_label = "Importer"
    import_permissions = ()
    archives_label = ""

    def get_filterset(self, queryset):
        filterset_class = self.filterset_class
        if self.archives_label:
            filterset_class = with_archives_filter(filterset_class, self.archives_label)
        return filterset_class(self.request.GET.copy(), queryset=queryset, request=self.request)

    def get_count_label(self):
        singular, plural = self.count_label
        if not singular:
            meta = self.model._meta if self.model else self.get_queryset().model._meta
            singular, plural = meta.verbose_name, meta.verbose_name_plural
        return singular, plural

    def get_columns(self):
        return self.columns

    def get_create_url(self):
        user = self.request.user
        if self.create_url_name and user.has_perm(self.create_permission):
            return reverse(self.create_url_name)
        return ""

    def get_import_url(self):
        if self.import_kind and self.request.user.has_perms(self.import_permissions):
            return reverse("interurps:import", args=[self.import_kind])
        return ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        singular, plural = self.get_count_label()
        context.update(
            page_title=self.title,
            columns=self.get_columns(),
            count_noun=plural if context["paginator"].count > 1 else singular,
            create_url=self.get_create_url(),
            import_url=self.get_import_url(),
            exportable=self.resource_class is not None,
            filters_active=any(value for name, value in self.request.GET.items() if name not in ("tri", "page", "qui")),
        )
        return context


class FormPageMixin:
    """A create or edit page: a title, where « Annuler » goes, and a French message once saved.

    `success_message` is formatted with the saved `object`; `save(form)` writes and may raise a
    ValidationError, whose messages are shown on the form (`field_map`: model field -> form field).
    """

    template_name = "generic/form.html"
    title = ""
    success_message = "Modifications enregistrées."
    field_map = {}
    cancel_url = None

    def get_title(self):
        return self.title

    def get_cancel_url(self):
        return self.cancel_url or self.get_success_url()

    def get_success_message(self):
        return self.success_message.format(object=self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=self.get_title(), cancel_url=self.get_cancel_url(), **kwargs)

    def save(self, form):
        return form.save()

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as error:
            add_model_errors(form, error, self.field_map)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())


def add_model_errors(form, error, field_map=None):
    """Show a `ValidationError` raised by a model or a service on `form`: each message on its field when the
    form has it (`field_map` renames model fields to form fields), else above the form."""
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, errors in error.error_dict.items():
        name = field_map.get(field, field)
        target = name if name in form.fields and name != NON_FIELD_ERRORS else None
        for message in ValidationError(errors).messages:
            form.add_error(target, message)


class ConfirmDeleteView(RolePermissionMixin, DeleteView):
    """Delete a record after a confirmation page; say what was deleted, or why it could not be."""

    template_name = "generic/confirm_delete.html"
    title = "Confirmer la suppression"
    success_message = "Supprimé : {what}."

    def describe(self):
        """What is deleted, as the question « Supprimer … ? » names it."""
        return str(self.object)

    def get_cancel_url(self):
        return self.get_success_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=self.title, what=self.describe(), cancel_url=self.get_cancel_url(), **kwargs
        )

    def delete_record(self):
        self.object.delete()

    def form_valid(self, form):
        success_url = self.get_success_url()
        what = self.describe()
        try:
            self.delete_record()
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return redirect(success_url)
        messages.success(self.request, self.success_message.format(what=what, object=self.object))
        return redirect(success_url)


class ArchiveView(RolePermissionMixin, View):
    """« Archiver » / « Désarchiver » a record that has `archived_at` (a CPTS, a person): a POST from its page,
    with `action` = `archive` or `unarchive`. The record stays in the past (meetings, reports, history) and
    leaves the pickers and the default lists; its history keeps who archived it and when."""

    model = None
    success_url_name = ""  # the record's page, given its pk
    http_method_names = ["post"]
    archived_message = (
        "La fiche « {object} » est archivée : elle reste dans l'historique et les rapports, "
        "mais n'est plus proposée dans les listes ni dans les choix."
    )
    unarchived_message = "La fiche « {object} » est désarchivée : elle est de nouveau proposée."

    def get_success_url(self):
        return reverse(self.success_url_name, args=[self.object.pk])

    def post(self, request, pk):
        self.object = get_object_or_404(self.model._default_manager.all(), pk=pk)
        action = request.POST.get("action", "")
        if action == "archive":
            services.archive(self.object)
            messages.success(request, self.archived_message.format(object=self.object))
        elif action == "unarchive":
            services.unarchive(self.object)
            messages.success(request, self.unarchived_message.format(object=self.object))
        else:
            messages.error(request, "Rien n'a changé : choisissez « Archiver » ou « Désarchiver ».")
        return redirect(self.get_success_url())

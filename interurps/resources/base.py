"""What every import-export resource of the project shares.

French column headers matched leniently (case, accents, spaces), French error messages per
row, all or nothing (a row in error rolls the whole import back), and exports read from the
queryset as given so that a `select_related`/`prefetch_related` queryset exports in a
constant number of queries.
"""

import datetime
import re
import unicodedata

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from import_export import resources, widgets
from import_export.results import RowResult

from interurps.formats import ImportFileError

STATUS_LABELS = {
    RowResult.IMPORT_TYPE_NEW: "création",
    RowResult.IMPORT_TYPE_UPDATE: "mise à jour",
    RowResult.IMPORT_TYPE_SKIP: "inchangée",
    RowResult.IMPORT_TYPE_DELETE: "suppression",
    RowResult.IMPORT_TYPE_INVALID: "erreur",
    RowResult.IMPORT_TYPE_ERROR: "erreur",
}


def simplify(text):
    """Lower-case, without accents or repeated spaces: how headers and labels are compared."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("\u00a0", " ").split())


def cell_text(value):
    """A cell as stripped text; a whole number read from a spreadsheet loses its `.0`."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def quoted(value):
    return f"« {value} »"


def missing_columns_message(columns):
    label = "Colonne manquante" if len(columns) == 1 else "Colonnes manquantes"
    return f"{label} : {', '.join(columns)}."


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value)


class PhoneWidget(TextWidget):
    """A phone number; a spreadsheet that stored it as a number lost its leading zero."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if isinstance(value, (int, float)) and len(text) == 9:
            text = "0" + text
        return text


class FrenchDateWidget(widgets.DateWidget):
    """Reads `jj/mm/aaaa` or `aaaa-mm-jj` (or a spreadsheet date); writes `jj/mm/aaaa`."""

    input_formats = ("%d/%m/%Y", "%Y-%m-%d")

    def __init__(self):
        super().__init__(format="%d/%m/%Y")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        if not text:
            return None
        for input_format in self.input_formats:
            try:
                return datetime.datetime.strptime(text, input_format).date()
            except ValueError:
                continue
        raise ValueError(f"Date invalide : {quoted(text)} (attendu jj/mm/aaaa, par exemple 12/03/2021).")


class FrenchTimeWidget(widgets.TimeWidget):
    """Reads `14:30`, `14:30:00`, `14h30` or `14h` (or a spreadsheet time); writes `14:30`."""

    input_formats = ("%H:%M", "%H:%M:%S", "%Hh%M", "%Hh")

    def __init__(self):
        super().__init__(format="%H:%M")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.time()
        if isinstance(value, datetime.time):
            return value
        text = cell_text(value).lower().replace(" ", "")
        if not text:
            return None
        for input_format in self.input_formats:
            try:
                return datetime.datetime.strptime(text, input_format).time()
            except ValueError:
                continue
        raise ValueError(f"Heure invalide : {quoted(cell_text(value))} (attendu hh:mm, par exemple 14:30).")


class YesNoWidget(widgets.BooleanWidget):
    """`oui`/`non` (also vrai/faux, x, 1/0); an empty cell is `non`."""

    YES = {"oui", "o", "vrai", "x", "1", "true", "yes"}
    NO = {"non", "n", "faux", "0", "false", "no", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = simplify(cell_text(value))
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(f"Valeur non reconnue : {quoted(cell_text(value))} (oui ou non attendu).")

    def render(self, value, obj=None, **kwargs):
        return "oui" if value else "non"


class ChoiceWidget(widgets.Widget):
    """A `TextChoices` value read from its French label (or its code, or an alias); written as its label."""

    def __init__(self, choices, unknown, aliases=None):
        super().__init__()
        self.labels = dict(choices)
        self.unknown = unknown
        self.lookup = {}
        for value, label in choices:
            self.lookup[simplify(value)] = value
            self.lookup[simplify(label).rstrip(".")] = value
        for alias, value in (aliases or {}).items():
            self.lookup[simplify(alias)] = value

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        try:
            return self.lookup[simplify(text).rstrip(".")]
        except KeyError:
            possible = ", ".join(str(label) for label in self.labels.values())
            raise ValueError(f"{self.unknown} : {quoted(text)} (valeurs possibles : {possible}).") from None

    def render(self, value, obj=None, **kwargs):
        return str(self.labels.get(value, value or ""))


class LookupWidget(widgets.ForeignKeyWidget):
    """A related object found by one of several keys, tried in order, case-insensitively.

    `lookups` are field names (compared with `iexact`) or callables `(queryset, text) -> queryset`.
    An unknown value is a row error: `unknown` is its French message, with `{value}`.
    """

    def __init__(self, model, lookups, unknown, field="pk", normalise=None, queryset=None):
        super().__init__(model, field=field)
        self.lookups = lookups
        self.unknown = unknown
        self.normalise = normalise
        self.queryset = queryset

    def get_queryset(self, value=None, row=None, *args, **kwargs):
        return self.queryset.all() if self.queryset is not None else self.model._default_manager.all()

    def find(self, value):
        text = cell_text(value)
        if self.normalise:
            text = self.normalise(text)
        if not text:
            return None
        for lookup in self.lookups:
            queryset = self.get_queryset()
            if callable(lookup):
                queryset = lookup(queryset, text)
            else:
                queryset = queryset.filter(**{f"{lookup}__iexact": text})
            found = list(queryset[:2])
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise ValueError(f"{quoted(text)} désigne plusieurs {self.model._meta.verbose_name_plural} : précisez.")
        raise ValueError(self.unknown.format(value=text))

    def clean(self, value, row=None, **kwargs):
        return self.find(value)


class MultiLookupWidget(widgets.ManyToManyWidget):
    """Several related objects in one cell, separated by commas (or semicolons, or line breaks)."""

    def __init__(self, model, lookups, unknown, render_value=str, queryset=None):
        super().__init__(model, separator=", ")
        self.single = LookupWidget(model, lookups, unknown, queryset=queryset)
        self.render_value = render_value

    def clean(self, value, row=None, **kwargs):
        found = []
        for part in re.split(r"[,;\n]", cell_text(value)):
            instance = self.single.find(part)
            if instance is not None and instance not in found:
                found.append(instance)
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        # .all() reads the prefetched objects when the queryset prefetched them.
        return self.separator.join(self.render_value(instance) for instance in value.all())


def department_code(text):
    """`44`, `044` or `4` (a spreadsheet number) -> the INSEE code `44` / `04`."""
    text = text.strip().upper()
    if text.isdigit() and len(text) == 1:
        return "0" + text
    if text.isdigit() and len(text) == 3 and text.startswith("0"):
        return text[1:]
    return text


class Diff(resources.Diff):
    """The library's diff, without reading the many-to-many values of an unsaved instance.

    (Django refuses them with an error message built from `str(instance)`, which a half-filled
    instance may not be able to give.)
    """

    def __init__(self, resource, instance, new):
        self.left = self.read_values(resource, instance)
        self.right = []
        self.new = new

    def compare_with(self, resource, instance):
        self.right = self.read_values(resource, instance)

    @staticmethod
    def read_values(resource, instance):
        unsaved = instance is not None and instance.pk is None
        return [
            "" if unsaved and isinstance(field.widget, widgets.ManyToManyWidget) else field.export(instance)
            for field in resource.get_import_fields()
        ]


class FrenchModelResource(resources.ModelResource):
    """Base of the project's resources (see the module docstring).

    `required_columns`: the column names a file must have; a file without them is refused as
    a whole, naming them, before any row is read.
    """

    required_columns = ()

    def get_diff_class(self):
        return Diff

    # --- reading a file -------------------------------------------------------------------

    def column_names(self):
        return [field.column_name for field in self.get_import_fields()]

    def prepare_dataset(self, dataset):
        """Headers matched to ours whatever their case, accents or spaces; blank rows dropped."""
        known = {simplify(name): name for name in self.column_names()}
        headers = [known.get(simplify(cell_text(header)), cell_text(header)) for header in dataset.headers or []]
        prepared = tablib.Dataset(headers=headers)
        for row in dataset:
            if any(cell_text(value) for value in row):
                prepared.append(row)
        return prepared

    def missing_columns(self, headers):
        return [name for name in self.required_columns if name not in (headers or [])]

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=True,
        **kwargs,
    ):
        """As django-import-export's, but all or nothing by default and refusing a file without its columns."""
        dataset = self.prepare_dataset(dataset)
        missing = self.missing_columns(dataset.headers)
        if missing:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.total_rows = len(dataset)
            self.handle_import_error(result, ImportFileError(missing_columns_message(missing)), raise_errors)
            return result
        return super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=use_transactions,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=rollback_on_validation_errors,
            **kwargs,
        )

    def import_instance(self, instance, row, **kwargs):
        """Also check the many-to-many cells now, so an unknown value is a row error in French."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        errors.update(self.check_row(instance, row, errors))
        if errors:
            raise ValidationError(errors)

    def check_row(self, instance, row, errors):
        """Extra row checks of a resource: a dict of field name -> ValidationError."""
        return {}

    def cleaned(self, row, name):
        """The value of column `name` of the row as the field reads it, or None if unreadable."""
        field = self.fields[name]
        if field.column_name not in row:
            return None
        try:
            return field.clean(row)
        except ValueError:
            return None

    # --- writing a file -------------------------------------------------------------------

    def iter_queryset(self, queryset):
        """Iterate the queryset once, so its prefetches run once (the library paginates them)."""
        yield from queryset

    # --- describing the result ------------------------------------------------------------

    def column_label(self, name):
        for field in self.fields.values():
            if field.attribute == name:
                return field.column_name
        try:
            return str(self._meta.model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return name


def row_error_messages(resource, row_result):
    """The French messages of a rejected row, each prefixed by its column."""
    messages = []
    if row_result.validation_error is not None:
        error = row_result.validation_error
        items = error.message_dict.items() if hasattr(error, "error_dict") else [(NON_FIELD_ERRORS, error.messages)]
        for name, field_messages in items:
            label = None if name == NON_FIELD_ERRORS else column_label(resource, name)
            messages.extend(f"{label} : {message}" if label else message for message in field_messages)
    for error in row_result.errors:
        messages.append(f"Erreur : {error.error}")
    return messages


def column_label(resource, name):
    if hasattr(resource, "column_label"):
        return resource.column_label(name)
    field = resource.fields.get(name)
    return field.column_name if field is not None else name

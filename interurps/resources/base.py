"""What every import-export resource of the project shares.

French column headers matched leniently (case, accents, spaces), French error messages per
row, all or nothing (a row in error rolls the whole import back), and exports read from the
queryset as given so that a `select_related`/`prefetch_related` queryset exports in a
constant number of queries.
"""

import datetime
import difflib
import functools
import re
import unicodedata

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import connections, transaction
from django.utils import timezone
from import_export import resources, widgets
from import_export.results import RowResult

from interurps.formats import ImportFileError, unneutralise

STATUS_LABELS = {
    RowResult.IMPORT_TYPE_NEW: "création",
    RowResult.IMPORT_TYPE_UPDATE: "mise à jour",
    RowResult.IMPORT_TYPE_SKIP: "inchangée",
    RowResult.IMPORT_TYPE_DELETE: "suppression",
    RowResult.IMPORT_TYPE_INVALID: "erreur",
    RowResult.IMPORT_TYPE_ERROR: "erreur",
}


# What a keyboard types for what a word processor prints: typographic apostrophes and quotes,
# ligatures, dashes. (The ellipsis "…" becomes "..." through NFKD itself.)
TYPOGRAPHY = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u0153": "oe",
        "\u0152": "OE",
        "\u00e6": "ae",
        "\u00c6": "AE",
        "\u00df": "ss",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


def simplify(text):
    """How names, headers and labels are compared: case, accents, typographic apostrophes,
    ellipses, ligatures and repeated spaces aside ("Équipe" = "equipe", "ADOPS…" = "adops...")."""
    text = unicodedata.normalize("NFKD", str(text).translate(TYPOGRAPHY)).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


def cell_text(value):
    """A cell as stripped text; a whole number read from a spreadsheet loses its `.0`.

    A cell that one of our exports neutralised (`'=…`, see `interurps.formats`) reads as it was.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unneutralise(str(value).strip()).strip()


def suggestions(text, choices, limit=3):
    """The allowed values closest to `text` (compared simplified), best first."""
    by_key = {}
    for choice in choices:
        by_key.setdefault(simplify(choice), str(choice))
    close = difflib.get_close_matches(simplify(text), list(by_key), n=limit, cutoff=0.6)
    return [by_key[key] for key in close]


def did_you_mean(text, choices):
    """` Vouliez-vous dire « X » ?` after an unknown value's message, or "" when nothing is close."""
    close = suggestions(text, choices)
    if not close:
        return ""
    return " Vouliez-vous dire " + " ou ".join(quoted(choice) for choice in close) + " ?"


def quoted(value):
    return f"« {value} »"


def missing_columns_message(columns):
    label = "Colonne manquante" if len(columns) == 1 else "Colonnes manquantes"
    return f"{label} : {', '.join(columns)}."


def max_query_parameters(connection):
    """How many parameters one query may take on this database."""
    if connection.vendor == "sqlite":
        import sqlite3  # noqa: PLC0415 (only on SQLite)

        try:
            return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except AttributeError:  # Python before 3.11
            return 999
    return 65_535


def insert_rows(model, columns, rows, returning=None, using="default"):
    """`rows` (values ready for the database, in the order of `columns`) written in multi-row INSERTs
    as large as the database takes: a few queries for any number of rows, without a model instance
    per row. Returns the values of the column `returning` of the new rows, in their order."""
    if not rows:
        return []
    connection = connections[using]
    quote = connection.ops.quote_name
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        return insert_rows_unnest(connection, model, columns, rows, returning)
    per_query = max(1, min(max_query_parameters(connection), 30_000) // len(columns))
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(column) for column in columns)}) VALUES "
    tail = f" RETURNING {quote(returning)}" if returning else ""
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    returned = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_query):
            batch = rows[start : start + per_query]
            cursor.execute(head + ", ".join([one] * len(batch)) + tail, [value for row in batch for value in row])
            if returning:
                returned.extend(value for (value,) in cursor.fetchall())
    return returned


# Fields whose Python value the database drivers take as it is (no conversion by Django).
AS_IS_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}


def stored_as_is(field):
    """True for a field whose value goes to the database unconverted (text, whole numbers, booleans, ids)."""
    return field.get_internal_type() in AS_IS_TYPES


def insert_rows_unnest(connection, model, columns, rows, returning):
    """`insert_rows` on PostgreSQL: one INSERT of the columns as arrays (`unnest`), whatever the number of
    rows, so that neither the driver nor the server handles a statement with a parameter a value."""
    quote = connection.ops.quote_name
    by_column = {field.column: field for field in model._meta.concrete_fields}
    arrays = ", ".join(f"%s::{by_column[column].db_type(connection)}[]" for column in columns)
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(column) for column in columns)}) "
        f"SELECT * FROM unnest({arrays})"
    )
    if returning:
        sql += f" RETURNING {quote(returning)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(values) for values in zip(*rows, strict=True)])
        return [value for (value,) in cursor.fetchall()] if returning else []


def insert_instances(model, instances, using="default"):
    """New `instances` of `model` written as `bulk_create` would (defaults, `auto_now` dates), with
    `insert_rows`; each gets its primary key."""
    connection = connections[using]
    pk = model._meta.pk
    fields = [field for field in model._meta.concrete_fields if not (field.primary_key and field.db_returning)]
    raw = [stored_as_is(field) and not getattr(field, "auto_now", False) for field in fields]
    rows = [
        [
            getattr(instance, field.attname)
            if as_is
            else field.get_db_prep_save(field.pre_save(instance, True), connection)
            for field, as_is in zip(fields, raw, strict=True)
        ]
        for instance in instances
    ]
    pks = insert_rows(model, [field.column for field in fields], rows, returning=pk.column, using=using)
    for instance, value in zip(instances, pks, strict=True):
        setattr(instance, pk.attname, value)
        instance._state.adding = False
        instance._state.db = using


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
        self._parsed = {}  # text -> date, for the rest of the import (a date repeats on many rows)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        if not text:
            return None
        if text not in self._parsed:
            self._parsed[text] = self.parse(text)
        return self._parsed[text]

    def parse(self, text):
        for input_format in self.input_formats:
            try:
                return datetime.datetime.strptime(text, input_format).date()  # noqa: DTZ007 (a calendar day or a time of day, no time zone)
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
                return datetime.datetime.strptime(text, input_format).time()  # noqa: DTZ007 (a calendar day or a time of day, no time zone)
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
        return self.read(value)

    @functools.lru_cache(maxsize=256)  # noqa: B019 (a few distinct cells in a file; the widget lives for one import)
    def read(self, value):
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
        self._read = {}  # cell text -> value, for the rest of the import
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
        if text in self._read:
            return self._read[text]
        try:
            self._read[text] = self.lookup[simplify(text).rstrip(".")]
            return self._read[text]
        except KeyError:
            labels = [str(label) for label in self.labels.values()]
            possible = ", ".join(labels)
            raise ValueError(
                f"{self.unknown} : {quoted(text)} (valeurs possibles : {possible}).{did_you_mean(text, labels)}"
            ) from None

    def allowed_values(self):
        return [str(label) for label in self.labels.values()]

    def render(self, value, obj=None, **kwargs):
        return str(self.labels.get(value, value or ""))


class LookupWidget(widgets.ForeignKeyWidget):
    """A related object found by one of several keys, tried in order, case-insensitively.

    `lookups` are field names (`"code"`, `"organisation__name"`) or callables `instance -> text`, each
    compared without case. When none finds the value, it is compared with the `keys` of every object
    (by default the lookup fields' values; `keys(obj)` gives a list of texts) ignoring case, accents,
    typographic apostrophes and ellipses (`simplify`). An unknown value is a row error: `unknown` is its
    French message, with `{value}`, followed by the closest known values.

    The objects are read once per import, in one query, at the first value looked up (a resource, and so
    its widgets, is made for each import): a file names its values on as many rows as it likes, and
    the number of queries stays the same.
    """

    def __init__(self, model, lookups, unknown, field="pk", normalise=None, queryset=None, keys=None):
        super().__init__(model, field=field)
        self.lookups = lookups
        self.unknown = unknown
        self.normalise = normalise
        self.queryset = queryset
        self.keys = keys
        self._found = {}
        self._objects = None
        self._exact = None
        self._index = None

    def get_queryset(self, value=None, row=None, *args, **kwargs):
        return self.queryset.all() if self.queryset is not None else self.model._default_manager.all()

    def objects(self):
        """Every object that a value may name, read once per import."""
        if self._objects is None:
            self._objects = list(self.get_queryset())
        return self._objects

    @staticmethod
    def lookup_text(instance, lookup):
        if callable(lookup):
            return str(lookup(instance) or "")
        value = instance
        for part in lookup.split("__"):
            value = getattr(value, part, None)
        return str(value or "")

    def object_keys(self, instance):
        if self.keys is not None:
            return [key for key in self.keys(instance) if key]
        return [self.lookup_text(instance, lookup) for lookup in self.lookups if not callable(lookup)]

    def exact(self):
        """For each lookup, the objects by their lower-case value."""
        if self._exact is None:
            self._exact = []
            for lookup in self.lookups:
                table = {}
                for instance in self.objects():
                    text = self.lookup_text(instance, lookup).strip().lower()
                    if text:
                        table.setdefault(text, []).append(instance)
                self._exact.append(table)
        return self._exact

    def index(self):
        """Every object by its simplified keys."""
        if self._index is None:
            self._index = {}
            for instance in self.objects():
                for key in {simplify(key) for key in self.object_keys(instance)}:
                    self._index.setdefault(key, []).append(instance)
        return self._index

    def allowed_values(self):
        return sorted({key for instance in self.get_queryset() for key in self.object_keys(instance)[:1]})

    def find(self, value):
        text = cell_text(value)
        if self.normalise:
            text = self.normalise(text)
        if not text:
            return None
        if text in self._found:
            return self._found[text]
        instance = self.search(text)
        self._found[text] = instance
        return instance

    def ambiguous(self, text):
        return ValueError(f"{quoted(text)} désigne plusieurs {self.model._meta.verbose_name_plural} : précisez.")

    def search(self, text):
        lower = text.lower()
        for table in self.exact():
            found = table.get(lower, [])
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise self.ambiguous(text)
        found = self.index().get(simplify(text), [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise self.ambiguous(text)
        known = [key for instance in self.objects() for key in self.object_keys(instance)]
        raise ValueError(self.unknown.format(value=text) + did_you_mean(text, known))

    def clean(self, value, row=None, **kwargs):
        return self.find(value)


class MultiLookupWidget(widgets.ManyToManyWidget):
    """Several related objects in one cell, separated by commas (or semicolons, or line breaks)."""

    def __init__(self, model, lookups, unknown, render_value=str, queryset=None, keys=None):
        super().__init__(model, separator=", ")
        self.single = LookupWidget(model, lookups, unknown, queryset=queryset, keys=keys)
        self.render_value = render_value
        self._cells = {}  # cell text -> the objects it names, for the rest of the import

    def allowed_values(self):
        return self.single.allowed_values()

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if text not in self._cells:
            found = []
            for part in re.split(r"[,;\n]", text):
                instance = self.single.find(part)
                if instance is not None and instance not in found:
                    found.append(instance)
            self._cells[text] = found
        return list(self._cells[text])

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
        if not getattr(resource, "with_diff", True):
            return []  # the staff preview shows the file's cells, not a diff: no query per row for it
        unsaved = instance is not None and instance.pk is None
        return [
            "" if unsaved and isinstance(field.widget, widgets.ManyToManyWidget) else field.export(instance)
            for field in resource.get_import_fields()
        ]


def unknown_columns_message(columns, known):
    label = "Colonne inconnue" if len(columns) == 1 else "Colonnes inconnues"
    named = []
    for column in columns:
        named.append(quoted(column) + did_you_mean(column, known).replace(" Vouliez-vous dire", " (vouliez-vous dire"))
    named = [name.replace(" ?", " ?)") if "(vouliez" in name else name for name in named]
    return (
        f"{label} : {', '.join(named)}. L'import ne sait pas quoi en faire : renommez "
        f"{'la' if len(columns) == 1 else 'les'} comme dans le tableau des colonnes ou "
        f"supprimez-{'la' if len(columns) == 1 else 'les'} du fichier."
    )


def duplicate_row_message(other_line, what):
    return f"Cette ligne et la ligne {other_line} désignent {what} : gardez-en une seule."


def widget_format(widget):
    """How a column is written, in French, told by its widget."""
    if isinstance(widget, FrenchDateWidget):
        return "date jj/mm/aaaa"
    if isinstance(widget, FrenchTimeWidget):
        return "heure hh:mm"
    if isinstance(widget, YesNoWidget):
        return "oui ou non"
    if isinstance(widget, ChoiceWidget):
        return "une des valeurs permises"
    if isinstance(widget, widgets.ManyToManyWidget):
        return "une ou plusieurs valeurs séparées par des virgules"
    if isinstance(widget, widgets.ForeignKeyWidget):
        return "nom (ou sigle) d'une fiche existante"
    if isinstance(widget, (widgets.IntegerWidget, widgets.DecimalWidget, widgets.FloatWidget)):
        return "nombre"
    return "texte"


# A list of allowed values longer than this is not printed on the import page.
MAX_LISTED_VALUES = 60


class FrenchModelResource(resources.ModelResource):
    """Base of the project's resources (see the module docstring).

    `required_columns`: the column names a file must have; a file without them is refused as
    a whole, naming them, before any row is read.

    A column the resource does not know is refused as well, naming it (a misspelt column would
    otherwise be silently ignored and its data lost), unless `allow_unknown_columns`.

    Two rows of one file that land on the same record are an error on both rows (the second would
    silently overwrite the first): `duplicate_label` says what they both designate.
    """

    required_columns = ()
    allow_unknown_columns = False
    duplicate_label = "la même fiche"
    # column name -> French help shown on the import page (format, where the value comes from)
    column_help = {}

    def get_diff_class(self):
        return Diff

    # --- reading a file -------------------------------------------------------------------

    def column_names(self):
        return [field.column_name for field in self.get_import_fields()]

    def prepare_dataset(self, dataset):
        """Headers matched to ours whatever their case, accents or spaces; blank rows dropped."""
        if getattr(dataset, "prepared_for", None) is self:
            return dataset  # the view prepared it already
        known = {simplify(name): name for name in self.column_names()}
        headers = [known.get(simplify(cell_text(header)), cell_text(header)) for header in dataset.headers or []]
        prepared = tablib.Dataset(headers=headers)
        for row in dataset:
            if any(cell_text(value) for value in row):
                prepared.append(row)
        prepared.prepared_for = self
        return prepared

    def missing_columns(self, headers):
        return [name for name in self.required_columns if name not in (headers or [])]

    def known_columns(self):
        """Every column the resource reads or writes (export-only ones are known, and ignored on import)."""
        return [field.column_name for field in self.fields.values()]

    def unknown_columns(self, headers):
        if self.allow_unknown_columns:
            return []
        known = set(self.known_columns())
        return [header for header in headers or [] if header and header not in known]

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
        unknown = self.unknown_columns(dataset.headers)
        if missing or unknown:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.total_rows = len(dataset)
            for message in [
                *([missing_columns_message(missing)] if missing else []),
                *([unknown_columns_message(unknown, self.known_columns())] if unknown else []),
            ]:
                self.handle_import_error(result, ImportFileError(message), raise_errors)
            return result
        self._rows_by_record = {}  # record key (or pk) -> (file line, row result) of the row that wrote it
        self._duplicates = []
        if self.checks_then_writes_in_bulk:
            return self.import_in_bulk(dataset, dry_run, raise_errors, collect_failed_rows, **kwargs)
        result = super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=use_transactions,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=rollback_on_validation_errors,
            **kwargs,
        )
        self.mark_first_duplicates(result)
        return result

    # --- checking every row, then writing them all at once ---------------------------------

    # A resource that sets this is imported in two steps: every row is read and checked outside any
    # transaction, writing nothing (so a preview never holds the database's write lock); then, unless
    # it is a preview or a row was refused, everything is written in one short transaction by
    # `write_in_bulk`, a few queries whatever the number of rows, with the history of every record
    # and of its links. The rows are read by `check_row_in_bulk`, without django-import-export's
    # machinery for each row (no copy of the instance, no diff, no query): the resource finds the
    # existing records in what `before_import` read (`get_instance`), the widgets find related
    # objects in what they read once. It may give `record_key`.
    checks_then_writes_in_bulk = False

    def import_in_bulk(self, dataset, dry_run, raise_errors, collect_failed_rows, **kwargs):
        self._m2m_values = []  # (instance, field attribute, related objects), for write_in_bulk
        self._rows_to_write = []  # (instance, row, is new), for after_write_in_bulk
        self.create_instances.clear()
        self.update_instances.clear()
        result = self.get_result_class()()
        result.diff_headers = []
        result.total_rows = len(dataset)
        try:
            self.before_import(dataset, **kwargs)
        except Exception as error:  # noqa: BLE001 (reported to the user as a file error)
            self.handle_import_error(result, error, raise_errors)
            return result
        headers = list(dataset.headers or [])
        fields = [
            field
            for field in self.get_import_fields()
            if field.attribute and not field.readonly and field.column_name in headers
        ]
        plain = [
            (field, self.foreign_key(field.attribute))
            for field in fields
            if not isinstance(field.widget, widgets.ManyToManyWidget)
        ]
        many = [field for field in fields if isinstance(field.widget, widgets.ManyToManyWidget)]
        user = kwargs.get("user")
        if user is not None and hasattr(user, "_wrapped"):  # request.user: the object itself, not its lazy proxy
            user.is_authenticated  # noqa: B018 (evaluates the proxy)
            kwargs["user"] = user._wrapped
        for number, values in enumerate(dataset, 1):
            row = dict(zip(headers, values, strict=False))
            row_result = self.check_row_in_bulk(row, number, plain, many, **kwargs)
            result.increment_row_result_total(row_result)
            if row_result.errors:
                result.append_error_row(number, row, row_result.errors)
                if raise_errors:
                    raise row_result.errors[-1].error
            elif row_result.validation_error is not None:
                result.append_invalid_row(number, row, row_result.validation_error)
            result.append_row_result(row_result)
        self.mark_first_duplicates(result)
        if dry_run or result.has_errors() or result.has_validation_errors():
            return result
        try:
            with transaction.atomic(using=self.get_db_connection_name()):
                self.write_in_bulk(user=kwargs.get("user"))
        except Exception as error:  # noqa: BLE001 (reported to the user as a file error; nothing written)
            if raise_errors:
                raise
            self.handle_import_error(result, error, raise_errors)
        return result

    def check_row_in_bulk(self, row, number, plain, many, **kwargs):
        """One row read and checked, nothing written: its result, and what to write kept for write_in_bulk."""
        row_result = self.get_row_result_class()()
        row_result.row_values = row
        kwargs["row_number"] = number
        try:
            instance = self.get_instance(None, row)
            new = instance is None
            if new:
                instance = self._meta.model()
            self.after_init_instance(instance, new, row, **kwargs)
            row_result.import_type = RowResult.IMPORT_TYPE_NEW if new else RowResult.IMPORT_TYPE_UPDATE
            errors = dict(self.check_duplicate(instance, row, **kwargs))
            for field, foreign_key in plain:
                try:
                    value = field.clean(row)
                    if foreign_key is None:
                        setattr(instance, field.attribute, value)
                    else:  # the found object, without the descriptor's checks on every row
                        setattr(instance, foreign_key.attname, None if value is None else value.pk)
                        foreign_key.set_cached_value(instance, value)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
            related = []
            for field in many:
                try:
                    related.append((field.attribute, field.clean(row)))
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
            errors.update(self.check_row(instance, row, errors))
            if not errors and not new and self.skip_row(instance, None, row, errors):
                row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            else:
                self.validate_instance(instance, errors)
                self.before_save_instance(instance, row, **kwargs)
                (self.create_instances if new else self.update_instances).append(instance)
                self._m2m_values.extend((instance, attribute, objects) for attribute, objects in related)
                self._rows_to_write.append((instance, row, new))
            row_result.object_id = instance.pk
            if self._meta.store_instance or kwargs.get("retain_instance_in_row_result"):
                row_result.instance = instance  # the admin logs what was imported from it
            self.after_import_row(row, row_result, **kwargs)
        except ValidationError as error:
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = error
        except Exception as error:  # noqa: BLE001 (shown on the row, in the preview)
            row_result.import_type = RowResult.IMPORT_TYPE_ERROR
            row_result.errors.append(self.get_error_result_class()(error, row=row, number=number))
        return row_result

    def foreign_key(self, attribute):
        """The model's foreign key named `attribute`, or None."""
        try:
            field = self._meta.model._meta.get_field(attribute)
        except FieldDoesNotExist:
            return None
        return field if field.many_to_one and field.concrete else None

    def after_init_instance(self, instance, new, row, **kwargs):
        """The values of an existing record before the row changes them, for skip_row (no copy of a new one)."""
        super().after_init_instance(instance, new, row, **kwargs)
        self._original_values = {}
        if not new:
            for field in self.get_import_fields():
                if field.attribute and not isinstance(field.widget, widgets.ManyToManyWidget):
                    self._original_values[field.attribute] = field.get_value(instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """An unchanged record: its values and links compared with those read in before_import (no query)."""
        if not self.checks_then_writes_in_bulk:
            return super().skip_row(instance, original, row, import_validation_errors)
        if not self._meta.skip_unchanged or import_validation_errors or instance.pk is None:
            return False
        for field in self.get_import_fields():
            if not field.attribute or field.column_name not in row:
                continue
            if isinstance(field.widget, widgets.ManyToManyWidget):
                found = sorted(related.pk for related in field.clean(row))
                if found != sorted(related.pk for related in field.get_value(instance).all()):
                    return False
            elif field.get_value(instance) != self._original_values.get(field.attribute):
                return False
        return True

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's checks, without a query per row in the bulk path.

        The widgets found the related objects among those of the database (no need to ask it again
        whether they exist); a unique value is the key `get_instance` finds a record by, and two rows
        of the file with the same key are refused by `check_duplicate`.
        """
        if not self.checks_then_writes_in_bulk:
            return super().validate_instance(instance, import_validation_errors, validate_unique)
        errors = dict(import_validation_errors or {})
        exclude = {*errors, *self.unchecked_fields(instance)}
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def unchecked_fields(self, instance):
        """The fields full_clean leaves alone: the foreign keys (each would cost a query)."""
        return [field.name for field in instance._meta.concrete_fields if field.many_to_one]

    def history_manager(self):
        model = self._meta.model
        if not hasattr(model, "history"):
            return None
        from simple_history.utils import get_history_manager_for_model  # noqa: PLC0415 (only where history is kept)

        return get_history_manager_for_model(model)

    def update_in_bulk(self, instances, user):
        """The records updated by a bulk import written (their history is written by write_history)."""
        model = self._meta.model
        fields = {
            field.attribute
            for field in self.get_import_fields()
            if field.attribute and not field.readonly and not isinstance(field.widget, widgets.ManyToManyWidget)
        }
        now = timezone.now()
        for model_field in model._meta.concrete_fields:
            if getattr(model_field, "auto_now", False):  # bulk_update does not set them itself
                fields.add(model_field.name)
                for instance in instances:
                    setattr(instance, model_field.attname, now)
        model.objects.bulk_update(instances, sorted(fields), batch_size=500)

    def write_history(self, instances, history_type, user):
        """One history row per record, as simple_history's `bulk_history_create` writes them, copied by
        the database from the records just written (INSERT … SELECT): [(history row id, record pk)]."""
        history = self.history_manager()
        if history is None or not instances or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return []
        using = self.get_db_connection_name()
        connection = connections[using]
        quote = connection.ops.quote_name
        model = self._meta.model
        history_model = history.model
        special = {
            "history_date": timezone.now(),
            "history_user_id": user.pk if user is not None else None,
            "history_change_reason": None,
            "history_type": history_type,
        }
        model_columns = {field.attname: field.column for field in model._meta.concrete_fields}
        columns, selected, params = [], [], []
        for field in history_model._meta.concrete_fields:
            if field.primary_key:
                continue
            columns.append(quote(field.column))
            if field.attname in model_columns and field.attname not in special:
                selected.append(quote(model_columns[field.attname]))
            else:
                value = special[field.attname] if field.attname in special else field.get_default()
                selected.append("%s")
                params.append(field.get_db_prep_save(value, connection))
        record_column = history_model._meta.get_field(model._meta.pk.attname).column
        sql = (
            f"INSERT INTO {quote(history_model._meta.db_table)} ({', '.join(columns)}) "
            f"SELECT {', '.join(selected)} FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} IN "
        )
        returning = f" RETURNING {quote(history_model._meta.pk.column)}, {quote(record_column)}"
        written = []
        pks = [instance.pk for instance in instances]
        size = max(1, max_query_parameters(connection) - len(params) - 10)
        with connection.cursor() as cursor:
            for start in range(0, len(pks), size):
                chunk = pks[start : start + size]
                cursor.execute(sql + "(" + ", ".join(["%s"] * len(chunk)) + ")" + returning, [*params, *chunk])
                written.extend(cursor.fetchall())
        return written

    def write_in_bulk(self, user=None):
        """The checked rows written: new records, updated records, their links, their history; a few queries in all."""
        user = user if user is not None and getattr(user, "is_authenticated", False) else None
        if self.create_instances:
            insert_instances(self._meta.model, self.create_instances, using=self.get_db_connection_name())
        if self.update_instances:
            self.update_in_bulk(self.update_instances, user)
        self.write_links()
        history_rows = self.write_history(self.create_instances, "+", user)
        history_rows += self.write_history(self.update_instances, "~", user)
        self.write_links_history(history_rows)
        self.after_write_in_bulk(self._rows_to_write, user)
        self.create_instances.clear()
        self.update_instances.clear()
        self._m2m_values = []
        self._rows_to_write = []

    def write_links(self):
        """The many-to-many links of the written rows, replacing those of updated records."""
        using = self.get_db_connection_name()
        by_attribute = {}  # attribute -> (manager of one instance, [(instance, related objects)])
        for instance, attribute, related in self._m2m_values:
            if attribute not in by_attribute:  # one manager a field: making one costs more than the row
                by_attribute[attribute] = (getattr(instance, attribute), [])
            by_attribute[attribute][1].append((instance, related))
        updated_pks = {instance.pk for instance in self.update_instances}
        for manager, rows in by_attribute.values():
            through, source, target = manager.through, manager.source_field_name, manager.target_field_name
            updated = [instance.pk for instance, _ in rows if instance.pk in updated_pks]
            if updated:
                through.objects.using(using).filter(**{f"{source}__in": updated}).delete()
            insert_rows(
                through,
                [through._meta.get_field(source).column, through._meta.get_field(target).column],
                [(instance.pk, obj.pk) for instance, related in rows for obj in related],
                using=using,
            )

    def write_links_history(self, history_rows):
        """The links of each written record kept with its history row, as simple_history keeps them on
        a save, copied by the database from the link tables (INSERT … SELECT), one query a field.

        `history_rows` are (history row id, record pk).
        """
        history = self.history_manager()
        if history is None or not history_rows:
            return
        using = self.get_db_connection_name()
        connection = connections[using]
        quote = connection.ops.quote_name
        model = self._meta.model
        history_model = history.model
        record_column = history_model._meta.get_field(model._meta.pk.attname).column
        history_ids = [history_id for history_id, _ in history_rows]
        size = max(1, max_query_parameters(connection) - 10)
        for field in getattr(history_model, "_history_m2m_fields", []):
            m2m_history_model = getattr(history_model, field.name).model
            through = getattr(model, field.name).through
            source = next(
                model_field
                for model_field in through._meta.fields
                if model_field.many_to_one and model_field.related_model is model
            )
            columns = [quote(model_field.column) for model_field in through._meta.fields]
            history_column = quote(m2m_history_model._meta.get_field("history").column)
            history_pk = quote(history_model._meta.pk.column)
            sql = (
                f"INSERT INTO {quote(m2m_history_model._meta.db_table)} ({', '.join(columns)}, {history_column}) "
                f"SELECT {', '.join('t.' + column for column in columns)}, h.{history_pk} "
                f"FROM {quote(through._meta.db_table)} t JOIN {quote(history_model._meta.db_table)} h "
                f"ON h.{quote(record_column)} = t.{quote(source.column)} WHERE h.{history_pk} IN "
            )
            with connection.cursor() as cursor:
                for start in range(0, len(history_ids), size):
                    chunk = history_ids[start : start + size]
                    cursor.execute(sql + "(" + ", ".join(["%s"] * len(chunk)) + ")", chunk)

    def after_write_in_bulk(self, rows, user):
        """What a resource writes once its rows are: `rows` are (instance, row, is new) of every written row."""

    @staticmethod
    def file_line(row_number):
        return (row_number or 0) + 1  # line 1 holds the headers

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        key = getattr(self, "_row_key", None)
        self._row_key = None
        if key is None:
            key = row_result.object_id
        if key is not None and row_result.import_type not in (
            RowResult.IMPORT_TYPE_INVALID,
            RowResult.IMPORT_TYPE_ERROR,
        ):
            self._rows_by_record.setdefault(key, (self.file_line(kwargs.get("row_number")), row_result))

    def record_key(self, instance, row):
        """What names the record a row lands on, new or not (None: its primary key once written)."""
        return None

    def check_duplicate(self, instance, row, **kwargs):
        """A row landing on a record an earlier row of the file wrote is an error (on both, see below)."""
        key = self._row_key = self.record_key(instance, row)
        if key is None:
            key = instance.pk
        if key is None or key not in getattr(self, "_rows_by_record", {}):
            return {}
        first_line, first_result = self._rows_by_record[key]
        line = self.file_line(kwargs.get("row_number"))
        self._duplicates.append((first_result, first_line, line, dict(row)))
        return {NON_FIELD_ERRORS: [ValidationError(duplicate_row_message(first_line, self.duplicate_label))]}

    def mark_first_duplicates(self, result):
        """The earlier row of each duplicate pair becomes an error too (the import is rolled back anyway)."""
        marked = set()
        for first_result, first_line, line, row in getattr(self, "_duplicates", []):
            if id(first_result) in marked:
                continue
            marked.add(id(first_result))
            error = ValidationError({NON_FIELD_ERRORS: [duplicate_row_message(line, self.duplicate_label)]})
            previous_type = first_result.import_type
            first_result.import_type = RowResult.IMPORT_TYPE_INVALID
            first_result.validation_error = error
            if previous_type in result.totals:
                result.totals[previous_type] -= 1
            result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
            result.append_invalid_row(first_line - 1, row, error)
        result.invalid_rows.sort(key=lambda invalid: invalid.number)

    # --- describing the file to the user --------------------------------------------------

    def column_docs(self):
        """The table of columns of the import page: name, format, required, allowed values, help."""
        required = set(self.required_columns)
        docs = []
        for field in self.get_export_fields():
            widget = field.widget
            allowed = None
            if hasattr(widget, "allowed_values"):
                values = widget.allowed_values()
                allowed = values if len(values) <= MAX_LISTED_VALUES else None
            docs.append(
                {
                    "name": field.column_name,
                    "required": field.column_name in required,
                    "format": "calculée, ignorée à l'import" if field.readonly else widget_format(widget),
                    "allowed": allowed,
                    "help": self.column_help.get(field.column_name, ""),
                }
            )
        return docs

    def example_values(self):
        """One example row (column name -> text) for the model file; resources give theirs."""
        return {}

    def import_instance(self, instance, row, **kwargs):
        """Also check the many-to-many cells now, so an unknown value is a row error in French."""
        errors = dict(self.check_duplicate(instance, row, **kwargs))
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

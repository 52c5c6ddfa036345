"""French order and accent-blind search, the same on SQLite and PostgreSQL.

Why a collation rather than a stored `sort_name`: a stored copy drifts as soon as a row is written
by a path that forgets it (an import, the admin, a data migration); a collation is applied by the
database when it sorts, so every list, picker and export that asks for it gets the same order.

- PostgreSQL: migration 0007 creates the ICU collation `interurps_fr` (locale `fr`): accents and
  case only break ties, as in a French dictionary ("Sèvre" before "Sud-Vendée").
- SQLite: the same name is registered on every new connection (`register_sqlite_functions`),
  backed by `fold()`, with the raw text as tie-break so the order is total.

`Fold` lowers a text and strips its accents in the query (SQLite: a registered function;
PostgreSQL: `translate(lower(…))`, no extension needed) so that searches ignore accents and case.
"""

import unicodedata

from django.db.models import Case, F, Func, TextField, Value, When
from django.db.models.functions import Collate, Substr

FRENCH = "interurps_fr"
_FOLD_FUNCTION = "interurps_fold"

_ACCENTED_LOWER = "àáâãäåāçćčèéêëēėęìíîïīñńòóôõöøōùúûüūýžšœæ"
# Upper case too (PostgreSQL's lower() may leave them under a C locale); apostrophes become straight.
_ACCENTED = _ACCENTED_LOWER + _ACCENTED_LOWER.upper() + "ÿ’‘ʼ"


def fold(text):
    """Lower case, no accents, straight apostrophes: how names are compared for search and order."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(text).lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return plain.replace("’", "'").replace("‘", "'").replace("ʼ", "'").replace("œ", "oe").replace("æ", "ae")


_PLAIN = "".join(fold(char)[0] for char in _ACCENTED)


def _french_compare(left, right):
    left_key, right_key = (fold(left), left), (fold(right), right)
    return (left_key > right_key) - (left_key < right_key)


def register_sqlite_functions(sender, connection, **kwargs):
    """connection_created receiver: give SQLite the French collation and the fold function."""
    if connection.vendor != "sqlite":
        return
    connection.connection.create_collation(FRENCH, _french_compare)
    connection.connection.create_function(_FOLD_FUNCTION, 1, fold, deterministic=True)


class Fold(Func):
    """`fold()` computed by the database: lower case, accents stripped."""

    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function=_FOLD_FUNCTION, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        translated = Func(
            *self.get_source_expressions(),
            Value(_ACCENTED),
            Value(_PLAIN),
            function="translate",
            output_field=TextField(),
        )
        return Func(translated, function="lower", output_field=TextField()).as_sql(compiler, connection)


def french(expression):
    """An ordering expression sorting `expression` (a field name or an expression) in French order."""
    if isinstance(expression, str):
        expression = F(expression)
    return Collate(expression, FRENCH)


# The leading articles a French reader sets aside when filing a name, longest first.
ARTICLES = ["de la ", "de l'", "de l’", "des ", "du ", "de ", "d'", "d’", "la ", "le ", "les ", "l'", "l’"]


def without_prefixes(field, prefixes):
    """`field` without the first of `prefixes` it starts with (case ignored), as a database expression."""
    return Case(
        *[When(**{f"{field}__istartswith": prefix}, then=Substr(field, len(prefix) + 1)) for prefix in prefixes],
        default=F(field),
        output_field=TextField(),
    )


def filed_under(field, prefixes):
    """Order by `field` as a French reader files it: `prefixes` aside, then accents and case ignored."""
    return french(without_prefixes(field, prefixes))


def french_sort_key(text, prefixes=()):
    """The same order in Python (for lists sorted after the query)."""
    text = text or ""
    for prefix in prefixes:
        if text.lower().startswith(prefix.lower()):
            text = text[len(prefix) :]
            break
    return (fold(text), text)

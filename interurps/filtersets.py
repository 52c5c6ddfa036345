"""The two filters every list shares: a search that means the same everywhere and the sort of its columns."""

import django_filters
from django import forms
from django.db.models import F, Q

# Lookups a search field may name itself; any other field is searched with `icontains`.
SEARCH_LOOKUPS = ("exact", "iexact", "startswith", "istartswith")


class SearchFilter(django_filters.CharFilter):
    """`q`: every word must be found somewhere in `fields` (case ignored as by `icontains`).

    A field across a to-many relation (`people__last_name`) is searched through a subquery, so that
    a row is neither repeated nor its annotated counts multiplied.
    """

    def __init__(self, *args, fields=(), **kwargs):
        self.search_fields = list(fields)
        kwargs.setdefault("label", "Recherche")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        # A NUL character cannot reach PostgreSQL in a query parameter (500 there): it is no letter, drop it.
        for word in (value or "").replace("\x00", " ").split():
            condition = Q()
            for field in self.search_fields:
                condition |= self.word_condition(qs.model, field, word)
            qs = qs.filter(condition)
        return qs

    @staticmethod
    def word_condition(model, field, word):
        path = field.split("__")
        lookup = field if path[-1] in SEARCH_LOOKUPS else f"{field}__icontains"
        names = path[:-1] if path[-1] in SEARCH_LOOKUPS else path
        if crosses_to_many(model, names):
            return Q(pk__in=model._default_manager.filter(**{lookup: word}).values("pk"))
        return Q(**{lookup: word})


def crosses_to_many(model, names):
    """Whether the field path `names` from `model` follows a many-to-many or reverse foreign key."""
    for name in names:
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


class SortField(forms.CharField):
    """The `tri` parameter: an unknown column is not an error, the list keeps its default order."""

    widget = forms.HiddenInput


class SortFilter(django_filters.OrderingFilter):
    """`tri=nom` or `tri=-nom` on whitelisted columns (`fields`: model field -> parameter), empty values
    last in both directions on SQLite and PostgreSQL, then by pk so that pages do not overlap."""

    def __init__(self, *args, default=None, descending_first=(), expressions=None, **kwargs):
        self.default = default
        self.descending_first = set(descending_first)
        # parameter -> an expression to sort by instead of the field (names in French order, see collation.py)
        self.expressions = expressions or {}
        kwargs.setdefault("label", "Tri")
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        if not hasattr(self, "_field"):
            self._field = SortField(label=self.label, required=False)
        return self._field

    def current(self, value):
        """The sort in force for the submitted `value`: it when its column is known, else the default."""
        value = value or ""
        return value if value.lstrip("-") in self.param_map else (self.default or "")

    def filter(self, qs, value):
        sort = self.current(value)
        if not sort:
            return qs
        key = sort.lstrip("-")
        field = self.expressions.get(key) or F(self.param_map[key])
        expression = field.desc(nulls_last=True) if sort.startswith("-") else field.asc(nulls_last=True)
        return qs.order_by(expression, "pk")

    def header(self, key, value):
        """For the column `key`: the `tri` its header links to and its aria-sort state."""
        current = self.current(value)
        if current == key:
            return {"next": f"-{key}", "aria_sort": "ascending"}
        if current == f"-{key}":
            return {"next": key, "aria_sort": "descending"}
        return {"next": f"-{key}" if key in self.descending_first else key, "aria_sort": ""}

"""The territory editor's reads: the commune search without JavaScript, the communes other CPTS already hold,
and the running total (communes, population, size class) of a territory being edited.

Each function runs a fixed number of queries whatever the number of communes.
"""

from dataclasses import dataclass, field

from cpts.enums import SizeClass, size_class
from cpts.models import CPTS
from interurps.models import Commune

SEARCH_LIMIT = 20


def search_communes(text):
    """Up to SEARCH_LIMIT communes whose name contains `text` or whose INSEE code starts with it (one query)."""
    text = text.strip().replace("\x00", "")
    if len(text) < 2:
        return []
    found = Commune.objects.filter(name__icontains=text) | Commune.objects.filter(insee_code__startswith=text)
    return list(found.select_related("department").defer("boundary").order_by("name", "insee_code")[:SEARCH_LIMIT])


def claims_elsewhere(communes, cpts=None):
    """{commune pk: [names of the other active, not archived CPTS whose territory has it]} for `communes`
    (primary keys or a queryset of them), `cpts` itself left out (one query)."""
    others = CPTS.objects.active().not_archived()
    if cpts is not None:
        others = others.exclude(pk=cpts.pk)
    rows = (
        CPTS.communes.through.objects.filter(commune__in=communes, cpts__in=others.values("pk"))
        .select_related("cpts")
        .only("commune_id", "cpts__name")
        .order_by("cpts__name", "cpts__pk")
    )
    claims = {}
    for row in rows:
        claims.setdefault(row.commune_id, []).append(row.cpts.name)
    return claims


def claimed_label(names):
    """« déjà dans la CPTS X » (« déjà dans les CPTS X, Y »): the flag of a commune another CPTS holds; empty
    for none."""
    if not names:
        return ""
    if len(names) == 1:
        return f"déjà dans la {names[0]}" if names[0].upper().startswith("CPTS") else f"déjà dans la CPTS {names[0]}"
    return f"déjà dans les CPTS {', '.join(names)}"


@dataclass(frozen=True)
class ClaimedCommune:
    pk: int
    name: str
    insee_code: str
    others: list

    @property
    def label(self):
        return claimed_label(self.others)


@dataclass(frozen=True)
class TerritorySummary:
    """The running total of a territory being edited."""

    commune_count: int
    population: int
    declared_population: int | None = None
    claimed: list = field(default_factory=list)  # ClaimedCommune, by name

    @property
    def size_class(self):
        return size_class(self.declared_population or self.population)

    @property
    def size_label(self):
        return SizeClass(self.size_class).label if self.size_class else "territoire vide"

    def as_json(self):
        return {
            "commune_count": self.commune_count,
            "population": self.population,
            "declared_population": self.declared_population,
            "size_class": self.size_class,
            "size_label": self.size_label,
            "claimed": [
                {"id": claim.pk, "name": claim.name, "insee_code": claim.insee_code, "label": claim.label}
                for claim in self.claimed
            ],
        }


def territory_summary(cpts, commune_pks=(), insee_codes=()):
    """The total of the communes `commune_pks` and `insee_codes` (unknown ones ignored) as the territory of
    `cpts`, and those of them another CPTS already holds (two queries)."""
    pks = {int(pk) for pk in commune_pks if str(pk).isdigit()}
    chosen = Commune.objects.filter(pk__in=pks) | Commune.objects.filter(insee_code__in=list(insee_codes))
    communes = list(chosen.only("pk", "name", "insee_code", "population").order_by("name", "insee_code"))
    claims = claims_elsewhere([commune.pk for commune in communes], cpts) if communes else {}
    return TerritorySummary(
        commune_count=len(communes),
        population=sum(commune.population or 0 for commune in communes),
        declared_population=cpts.declared_population,
        claimed=[
            ClaimedCommune(commune.pk, commune.name, commune.insee_code, claims[commune.pk])
            for commune in communes
            if commune.pk in claims
        ],
    )

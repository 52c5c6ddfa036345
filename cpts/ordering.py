"""CPTS in the order a French reader expects: "CPTS de Guérande" among the G's.

The "CPTS" prefix and a leading article (de, du, des, la…) are set aside, then accents and case ignored,
the same on SQLite and PostgreSQL (interurps.collation).
"""

from interurps.collation import ARTICLES, filed_under

CPTS_PREFIXES = [f"CPTS {article}" for article in ARTICLES] + ["CPTS "] + ARTICLES


def cpts_sort_key(field="name"):
    """Order CPTS as a French reader expects: prefix and article aside, accents and case ignored."""
    return filed_under(field, CPTS_PREFIXES)

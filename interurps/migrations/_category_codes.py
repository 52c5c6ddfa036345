"""Helpers of the data migrations that give meeting categories their code (not a migration: the name starts
with an underscore, so the migration loader skips it). Kept frozen: migrations call them with their own data.
"""


def set_codes(apps, codes):
    """Give each seeded category (found by its seeded name) its code, unless it has one or the code is taken."""
    MeetingCategory = apps.get_model("interurps", "MeetingCategory")
    for programme_code, names in codes.items():
        categories = MeetingCategory.objects.filter(programme__code=programme_code)
        taken = set(categories.exclude(code="").values_list("code", flat=True))
        for category in categories.filter(code="", name__in=names):
            code = names[category.name]
            if code not in taken:
                category.code = code
                category.save(update_fields=["code"])
                taken.add(code)


def clear_codes(apps, codes):
    MeetingCategory = apps.get_model("interurps", "MeetingCategory")
    for programme_code, names in codes.items():
        MeetingCategory.objects.filter(programme__code=programme_code, code__in=names.values()).update(code="")

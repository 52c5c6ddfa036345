"""The three roles of the app, as groups of permissions.

`sync_roles` is called by migrations (with the historical app registry) and by the
`sync_roles` management command: each time an app adds models, it adds a migration that
calls it again, so the groups always hold the permissions of every business model.
"""

ADMINISTRATOR = "Administrateur"
STAFF = "Chargé·e de mission"
BOARD = "Bureau"
ROLES = [ADMINISTRATOR, STAFF, BOARD]

# The apps whose data staff edit and the board reads.
BUSINESS_APPS = ["interurps", "cpts", "sas", "reper", "pacte"]

# Reference data and accounts: administrators edit them in the Django admin; staff only read them.
ADMIN_ONLY_MODELS = {
    "programme",
    "union",
    "department",
    "commune",
    "meetingcategory",
    "staffmember",
    "funding",
    "accompanimentstep",
    "exportlog",
}

# Permissions that are not about one model (declared in interurps.Meeting's Meta would be odd).
EXPORT_REPORT = ("interurps", "export_report")


def sync_roles(apps, schema_editor=None):
    """Create or update the three groups with the permissions of every installed business model."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    business = Permission.objects.filter(content_type__app_label__in=BUSINESS_APPS)

    admin, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    admin.permissions.set(Permission.objects.all())

    staff, _ = Group.objects.get_or_create(name=STAFF)
    staff_perms = [
        p for p in business if p.content_type.model not in ADMIN_ONLY_MODELS or p.codename.startswith("view_")
    ]
    staff.permissions.set(staff_perms)

    board, _ = Group.objects.get_or_create(name=BOARD)
    board.permissions.set([p for p in business if p.codename.startswith("view_") or p.codename == EXPORT_REPORT[1]])

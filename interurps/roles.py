"""The three roles of the app, as groups of permissions.

Each app declares, from its `AppConfig.ready()`, which of its models are reference data
(`interurps.registry.register_roles`). `sync_roles` gives the groups the permissions of the
installed apps from these declarations: it runs after every `migrate` (a `post_migrate` handler
connected by `InterurpsConfig.ready`) and from the `sync_roles` management command. No migration
calls it, so an old migration never runs today's rules.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

from interurps import registry

ADMINISTRATOR = "Administrateur"
STAFF = "Chargé·e de mission"
BOARD = "Bureau"
ROLES = [ADMINISTRATOR, STAFF, BOARD]

# Permissions that are not about one model (declared in interurps.Meeting's Meta would be odd).
EXPORT_REPORT = ("interurps", "export_report")


def business_app_labels():
    """The labels of the installed apps whose data staff edit and the board reads."""
    return [declaration.app_label for declaration in registry.role_declarations()]


def staff_may_have(permission, declaration):
    """Staff edit business data; they only read the app's reference data (its admin-only models)."""
    return permission.content_type.model not in declaration.admin_only_models or permission.codename.startswith("view_")


def board_may_have(permission, declaration):
    """The board reads everything and has the few extra permissions the apps give it."""
    return permission.codename.startswith("view_") or permission.codename in declaration.board_permissions


def sync_roles(using=DEFAULT_DB_ALIAS):
    """Create or update the three groups with the permissions of every installed app."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=global_apps)

    installed = [app_config.label for app_config in global_apps.get_app_configs()]
    permissions = Permission.objects.using(using).select_related("content_type")
    declarations = {declaration.app_label: declaration for declaration in registry.role_declarations()}
    business = list(permissions.filter(content_type__app_label__in=declarations))

    admin, _ = Group.objects.using(using).get_or_create(name=ADMINISTRATOR)
    admin.permissions.set(permissions.filter(content_type__app_label__in=installed))

    staff, _ = Group.objects.using(using).get_or_create(name=STAFF)
    staff.permissions.set([p for p in business if staff_may_have(p, declarations[p.content_type.app_label])])

    board, _ = Group.objects.using(using).get_or_create(name=BOARD)
    board.permissions.set([p for p in business if board_may_have(p, declarations[p.content_type.app_label])])


def sync_roles_after_migrate(sender, using=DEFAULT_DB_ALIAS, plan=None, apps=None, **kwargs):
    """`post_migrate` handler: the groups follow the apps' declarations after every `migrate`.

    Connected for the `interurps` app only, so it runs once per `migrate`; it creates the permissions
    of every app itself (Django's own handler creates them app by app, some after this one).
    """
    if apps is not None:
        try:  # the auth and interurps tables exist (not a `migrate` back to zero)
            apps.get_model("auth", "Group")
            apps.get_model("interurps", "Meeting")
        except LookupError:
            return
    sync_roles(using=using)

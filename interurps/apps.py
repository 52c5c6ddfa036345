from django.apps import AppConfig
from django.db.models.signals import post_migrate


class InterurpsConfig(AppConfig):
    name = "interurps"
    verbose_name = "InterURPS"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created

        from interurps import (
            checks,  # noqa: F401  (registers the region's system checks)
            registry,
            roles,
        )
        from interurps.collation import register_sqlite_functions
        from interurps.middleware import mark_login
        from interurps.report import sections

        connection_created.connect(register_sqlite_functions, dispatch_uid="interurps_sqlite_functions")

        sections.register()
        # The core's own place in the menu; the apps register theirs between these orders.
        registry.register_menu_entry(key="home", label="Tableau de bord", url_name="home", order=0)
        registry.register_menu_entry(
            key="meetings",
            label="Réunions",
            url_name="interurps:meeting_list",
            order=20,
            permission="interurps.view_meeting",
        )
        registry.register_menu_entry(
            key="contacts",
            label="Contacts",
            url_name="interurps:person_list",
            order=60,
            permission="interurps.view_person",
        )
        registry.register_menu_entry(
            key="report",
            label="Rapport annuel",
            url_name="interurps:report_list",
            order=70,
            permission="interurps.view_reportedition",
        )
        # The report's figures of two years side by side (and two published versions): the bench times it too.
        registry.register_page("interurps:report_compare")
        registry.register_roles(
            app_label=self.label,
            admin_only_models=[
                "programme",
                "union",
                "department",
                "commune",
                "meetingcategory",
                "staffmember",
                "funding",
                "exportlog",
            ],
            board_permissions=[roles.EXPORT_REPORT[1]],
        )
        registry.register_demo(app_label=self.label, load="interurps.demo.load")
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self, dispatch_uid="interurps.sync_roles")

        from interurps import import_kinds

        import_kinds.register()
        user_logged_in.connect(mark_login, dispatch_uid="interurps.middleware.mark_login")

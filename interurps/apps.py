from django.apps import AppConfig


class InterurpsConfig(AppConfig):
    name = "interurps"
    verbose_name = "InterURPS"

    def ready(self):
        from django.db.backends.signals import connection_created

        from interurps.collation import register_sqlite_functions
        from interurps.report import sections

        connection_created.connect(register_sqlite_functions, dispatch_uid="interurps_sqlite_functions")

        sections.register()

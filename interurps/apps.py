from django.apps import AppConfig


class InterurpsConfig(AppConfig):
    name = "interurps"
    verbose_name = "InterURPS"

    def ready(self):
        from interurps.report import sections

        sections.register()

        from interurps import import_kinds

        import_kinds.register()

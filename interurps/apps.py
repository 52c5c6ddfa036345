from django.apps import AppConfig


class InterurpsConfig(AppConfig):
    name = "interurps"
    verbose_name = "InterURPS"

    def ready(self):
        from interurps import checks  # noqa: F401  (registers the region's system checks)
        from interurps.report import sections

        sections.register()

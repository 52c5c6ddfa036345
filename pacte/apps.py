from django.apps import AppConfig


class PacteConfig(AppConfig):
    name = "pacte"
    verbose_name = "PACTE"

    def ready(self):
        from interurps.report.registry import register_section

        register_section(
            key="pacte",
            title="PACTE",
            order=60,
            build="pacte.report.build_section",
            template="pacte/report_section.html",
        )

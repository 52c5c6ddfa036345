from django.apps import AppConfig


class ReperConfig(AppConfig):
    name = "reper"
    verbose_name = "REPER / ICOPE"

    def ready(self):
        from interurps.report.registry import register_section

        register_section(
            key="reper",
            title="REPER/ICOPE",
            order=40,
            build="reper.report.build_section",
            template="reper/report_section.html",
        )

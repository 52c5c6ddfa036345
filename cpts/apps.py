from django.apps import AppConfig


class CptsConfig(AppConfig):
    name = "cpts"
    verbose_name = "CPTS"

    def ready(self):
        from cpts import dashboard
        from interurps.report.registry import register_section

        dashboard.register()
        register_section(
            key="cpts",
            title="CPTS",
            order=50,
            build="cpts.report.build_section",
            template="cpts/report_section.html",
        )

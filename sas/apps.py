from django.apps import AppConfig


class SasConfig(AppConfig):
    name = "sas"
    verbose_name = "SAS (service d'accès aux soins)"

    def ready(self):
        from interurps.report.registry import register_section

        register_section(
            key="sas",
            title="SAS",
            order=30,
            build="sas.report.build_section",
            template="sas/report_section.html",
        )

from django.apps import AppConfig


class PacteConfig(AppConfig):
    name = "pacte"
    verbose_name = "PACTE"

    def ready(self):
        from interurps import registry
        from interurps.import_registry import register_import_kind
        from interurps.report.registry import register_section

        register_import_kind(
            key="pacte-apprenants",
            label="Importer des apprenant·es PACTE",
            resource="pacte.resources.LearnerResource",
            permissions=("pacte.add_learner", "pacte.change_learner", "interurps.add_person"),
            list_url="pacte:learner_list",
        )
        register_import_kind(
            key="pacte-presences",
            label="Importer des présences PACTE",
            resource="pacte.resources.AttendanceResource",
            permissions=("pacte.add_attendance", "pacte.change_attendance"),
            list_url="pacte:attendance_list",
        )

        register_section(
            key="pacte",
            title="PACTE",
            order=60,
            build="pacte.report.build_section",
            template="pacte/report_section.html",
        )
        registry.register_urls(key=self.label, prefix="pacte/", module="pacte.urls")
        registry.register_menu_entry(
            key=self.label, label="PACTE", url_name="pacte:home", order=50, permission="pacte.view_cohort"
        )
        registry.register_roles(app_label=self.label)
        registry.register_demo(app_label=self.label, load="pacte.demo.load")

from django.apps import AppConfig


class CptsConfig(AppConfig):
    """The CPTS app: the base the other programme apps (sas, reper, pacte) build on, always installed."""

    name = "cpts"
    verbose_name = "CPTS"

    def ready(self):
        from cpts import dashboard
        from cpts.meetings import CPTSMeetingExtension
        from interurps import registry
        from interurps.import_registry import register_import_kind
        from interurps.report.registry import register_section

        dashboard.register()
        register_import_kind(
            key="cpts",
            label="Importer des CPTS",
            resource="cpts.resources.CPTSResource",
            permissions=("cpts.add_cpts", "cpts.change_cpts"),
            list_url="cpts:cpts_list",
        )
        register_section(
            key="cpts",
            title="CPTS",
            order=50,
            build="cpts.report.build_section",
            template="cpts/report_section.html",
        )
        registry.register_urls(key=self.label, prefix="cpts/", module="cpts.urls")
        registry.register_menu_entry(
            key=self.label, label="CPTS", url_name="cpts:cpts_list", order=10, permission="cpts.view_cpts"
        )
        registry.register_page("cpts:map")
        registry.register_roles(app_label=self.label, admin_only_models=["accompanimentstep"])
        registry.register_demo(app_label=self.label, load="cpts.demo.load")
        registry.register_meeting_extension(CPTSMeetingExtension())
        # The report's "Réunions diverses": the coordinators' pauses visio and journées régionales.
        registry.register_various_meetings(
            key="video_breaks",
            title="Pauses visio entre coordinateurs CPTS",
            programme="cpts",
            category="coordinators_visio",
            order=10,
            empty="Aucune pause visio entre coordinateurs",
        )
        registry.register_various_meetings(
            key="regional_days",
            title="Journées régionales des coordinateurs CPTS",
            programme="cpts",
            category="regional_day",
            order=20,
            empty="Aucune journée régionale",
        )

from django.utils.translation import gettext_lazy as _

from core import appconfig


class LeadsConfig(appconfig.RegisteringAppConfig):
    name = "leads"
    verbose_name = _("Leads")
    registers = ("events", "widgets", "search", "importer", "routing.events", "tier_metrics")

    def ready(self) -> None:
        super().ready()
        import leads.scoring.events  # noqa: F401 (registers the scoring events' texts)
        from leads.scoring.jobs import register_jobs

        register_jobs()
        from scheduling.scheduler import PeriodicJob, register

        # The acceptance SLA of offered leads: reminders, lapses, reassignment (leads/routing/tasks.py).
        register(
            PeriodicJob(name="leads.routing_sla", task="leads.routing.tasks.sla_sweep", every_minutes=10)
        )

from django.utils.translation import gettext_lazy as _

from core import appconfig


class LeadsConfig(appconfig.RegisteringAppConfig):
    name = "leads"
    verbose_name = _("Leads")
    registers = ("routing.events",)

    def ready(self) -> None:
        super().ready()
        from scheduling.scheduler import PeriodicJob, register

        # The acceptance SLA of offered leads: reminders, lapses, reassignment (leads/routing/tasks.py).
        register(
            PeriodicJob(name="leads.routing_sla", task="leads.routing.tasks.sla_sweep", every_minutes=10)
        )

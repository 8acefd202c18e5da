from django.utils.translation import gettext_lazy as _

from core import appconfig


class HealthConfig(appconfig.RegisteringAppConfig):
    name = "health"
    verbose_name = _("Partner health")
    registers = ("events", "widgets")

    def ready(self) -> None:
        super().ready()
        from core.events import subscribe
        from health.reactions import (
            OFFBOARDING_VERB,
            STATUS_VERB,
            offboarding_started,
            partner_status_changed,
        )
        from scheduling.scheduler import PeriodicJob, register

        # Flagged at risk (by the evaluation or by hand) opens the CAM's review; active or offboarded
        # closes it.
        subscribe(STATUS_VERB, partner_status_changed)
        subscribe(OFFBOARDING_VERB, offboarding_started)
        register(PeriodicJob(name="health.evaluate", task="health.tasks.evaluate", daily_at_hour=3))

from django.utils.translation import gettext_lazy as _

from core import appconfig


class LeadsConfig(appconfig.RegisteringAppConfig):
    name = "leads"
    verbose_name = _("Leads")
    registers = ("importer",)

    def ready(self) -> None:
        super().ready()
        from scheduling.scheduler import PeriodicJob, register

        # The imports layer may not reach the scheduler: the app whose import it is registers the pass.
        register(
            PeriodicJob(name="imports.resume_stalled", task="imports.tasks.resume_stalled", every_minutes=5)
        )

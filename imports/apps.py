from django.utils.translation import gettext_lazy as _

from core import appconfig


class ImportsConfig(appconfig.RegisteringAppConfig):
    name = "imports"
    verbose_name = _("Imports")
    registers = ("events",)

    def ready(self) -> None:
        super().ready()
        from scheduling.scheduler import PeriodicJob, register

        register(
            PeriodicJob(name="imports.resume_stalled", task="imports.tasks.resume_stalled", every_minutes=5)
        )

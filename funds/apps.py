from django.utils.translation import gettext_lazy as _

from core import appconfig


class FundsConfig(appconfig.RegisteringAppConfig):
    name = "funds"
    verbose_name = _("Market development funds")
    registers = ("events", "widgets", "downloads", "tier_metrics")

    def ready(self) -> None:
        super().ready()
        from scheduling.scheduler import PeriodicJob, register

        register(PeriodicJob(name="funds.accrue", task="funds.tasks.accrue", every_minutes=60))
        register(PeriodicJob(name="funds.close_periods", task="funds.tasks.close_periods", daily_at_hour=1))

from django.utils.translation import gettext_lazy as _

from core import appconfig


class IncentivesConfig(appconfig.RegisteringAppConfig):
    name = "incentives"
    verbose_name = _("Incentives")
    registers = ("events",)

    def ready(self) -> None:
        super().ready()
        from core.events import subscribe
        from incentives.reactions import registration_refunded, registration_reopened

        # deals records these without knowing incentives (it sits below): a won deal reopened or refunded
        # within a program's clawback window gives back what it earned.
        subscribe("deal_registration.reopened", registration_reopened)
        subscribe("deal_registration.refunded", registration_refunded)
        from scheduling.scheduler import PeriodicJob, register

        # Earnings accrue every hour (idempotent: each program picks up where its watermark stands).
        register(PeriodicJob(name="incentives.accrue", task="incentives.tasks.accrue", every_minutes=60))

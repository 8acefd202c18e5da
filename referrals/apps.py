from django.utils.translation import gettext_lazy as _

from core import appconfig


class ReferralsConfig(appconfig.RegisteringAppConfig):
    name = "referrals"
    verbose_name = _("Referrals")
    registers = ("events", "widgets")

    def ready(self) -> None:
        super().ready()
        from core.events import subscribe
        from referrals.reactions import LEAD_CREATED, lead_created

        subscribe(LEAD_CREATED, lead_created)
        from scheduling.scheduler import PeriodicJob, register

        # Clicks that came in a flood are flagged after the fact, so that the redirect only writes.
        register(
            PeriodicJob(name="referrals.flag_floods", task="referrals.tasks.flag_floods", every_minutes=5)
        )

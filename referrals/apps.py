from django.utils.translation import gettext_lazy as _

from core import appconfig


class ReferralsConfig(appconfig.RegisteringAppConfig):
    name = "referrals"
    verbose_name = _("Referrals")
    registers = ("events",)

    def ready(self) -> None:
        super().ready()
        from core.events import subscribe
        from core.panels import register_panel
        from referrals.chain import chain_panel
        from referrals.reactions import LEAD_CREATED, lead_created

        subscribe(LEAD_CREATED, lead_created)
        register_panel("leads.lead", chain_panel)
        register_panel("deals.registration", chain_panel)
        from scheduling.scheduler import PeriodicJob, register

        # Clicks that came in a flood are flagged after the fact, so that the redirect only writes.
        register(
            PeriodicJob(name="referrals.flag_floods", task="referrals.tasks.flag_floods", every_minutes=5)
        )

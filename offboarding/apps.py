from django.utils.translation import gettext_lazy as _

from core import appconfig


class OffboardingConfig(appconfig.RegisteringAppConfig):
    name = "offboarding"
    verbose_name = _("Offboarding")
    registers = ("events", "widgets")

    def ready(self) -> None:
        super().ready()
        from leads.routing.engine import register_exclusion
        from offboarding.selectors import winding_down
        from partners.choices import PartnerStatus as S
        from partners.rules import register_status_workflow
        from scheduling.scheduler import PeriodicJob, register

        # A live partner is offboarded through the wind-down checklist, started from its page's panel.
        register_status_workflow(S.OFFBOARDED, (S.ONBOARDING, S.ACTIVE, S.AT_RISK))

        # A partner winding down is offered no lead (its own go back to routing, never to it again).
        register_exclusion(winding_down)
        register(
            PeriodicJob(name="offboarding.wind_down", task="offboarding.tasks.wind_down", daily_at_hour=2)
        )

from django.utils.translation import gettext_lazy as _

from core import appconfig


class TiersConfig(appconfig.RegisteringAppConfig):
    name = "tiers"
    verbose_name = _("Tiers")
    registers = ("events", "widgets", "custom_metrics", "importer")

    def ready(self) -> None:
        super().ready()
        from core.events import subscribe
        from scheduling.scheduler import PeriodicJob, register
        from tiers.services import hold_manual_change

        # A tier changed by hand through programs' own service holds until the grace period is over.
        subscribe("program_membership.tier_changed", hold_manual_change)
        # After the night's deal expiry (2:00) and certification reminders (3:00): the day's data is in.
        register(PeriodicJob(name="tiers.evaluate", task="tiers.tasks.evaluate", daily_at_hour=4))

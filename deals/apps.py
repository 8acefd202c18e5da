from django.utils.translation import gettext_lazy as _

from core import appconfig


class DealsConfig(appconfig.RegisteringAppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "deals"
    verbose_name = _("Deal registrations")
    registers = ("events", "widgets", "search", "tier_metrics")

    def ready(self) -> None:
        super().ready()
        from conflicts.sources import register_source
        from deals.conflict_source import SOURCE
        from scheduling.scheduler import PeriodicJob, register

        register_source(SOURCE)  # the conflict engine indexes submitted and approved registrations

        # Reminders first, so a registration ending today is reminded before it expires tomorrow.
        register(
            PeriodicJob(name="deals.remind_expiring", task="deals.tasks.remind_expiring", daily_at_hour=1)
        )
        register(
            PeriodicJob(
                name="deals.expire_registrations", task="deals.tasks.expire_registrations", daily_at_hour=2
            )
        )

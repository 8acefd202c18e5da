from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = _("Periodic jobs")

    def ready(self):
        from core.scheduler import PeriodicJob, register

        # Jobs of apps that do not register their own (deals/ is owned elsewhere): by dotted path.
        register(
            PeriodicJob(
                name="deals.expire_registrations", task="deals.tasks.expire_registrations", daily_at_hour=2
            )
        )

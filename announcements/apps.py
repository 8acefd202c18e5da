from django.utils.translation import gettext_lazy as _

from core import appconfig


class AnnouncementsConfig(appconfig.RegisteringAppConfig):
    name = "announcements"
    verbose_name = _("Announcements")
    registers = ("events", "widgets")

    def ready(self) -> None:
        super().ready()
        from scheduling.scheduler import PeriodicJob, register

        register(
            PeriodicJob(
                name="announcements.publish_due", task="announcements.tasks.publish_due", every_minutes=5
            )
        )
        register(
            PeriodicJob(
                name="announcements.send_digest", task="announcements.tasks.send_digest", daily_at_hour=7
            )
        )

from django.utils.translation import gettext_lazy as _

from core import appconfig


class RecognitionConfig(appconfig.RegisteringAppConfig):
    name = "recognition"
    verbose_name = _("Recognition")
    registers = ("events", "widgets")

    def ready(self) -> None:
        super().ready()
        from core.events import subscribe
        from recognition.reactions import tier_changed
        from scheduling.scheduler import PeriodicJob, register

        # A partner's rise to a higher tier drafts its announcement for marketing (never published by itself).
        subscribe("program_membership.tier_changed", tier_changed)
        register(
            PeriodicJob(
                name="recognition.grant_badges", task="recognition.tasks.grant_badges", every_minutes=60
            )
        )
        # A draft that failed in the background (announcements down) is written on the next pass.
        register(
            PeriodicJob(
                name="recognition.draft_missing_tier_ups",
                task="recognition.tasks.draft_missing_tier_ups",
                every_minutes=60,
            )
        )

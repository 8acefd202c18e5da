from django.utils.translation import gettext_lazy as _

from core import appconfig


class LearningConfig(appconfig.RegisteringAppConfig):
    name = "learning"
    verbose_name = _("Courses and certifications")
    registers = ("events", "widgets", "tier_metrics")

    def ready(self) -> None:
        super().ready()
        from core.files import register_file_source
        from learning.links import course_step_links
        from learning.views import CERTIFICATE_SOURCE, LESSON_SOURCE, resolve_certificate, resolve_lesson_file
        from onboarding.links import register_step_links
        from scheduling.scheduler import PeriodicJob, register

        register_file_source(LESSON_SOURCE, resolve_lesson_file)
        register_file_source(CERTIFICATE_SOURCE, resolve_certificate)
        register_step_links(
            course_step_links
        )  # "Take the course" under the onboarding steps a course completes
        register(
            PeriodicJob(
                name="learning.remind_expiring", task="learning.tasks.remind_expiring", daily_at_hour=3
            )
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self):
        from recruitment import (
            events,  # noqa: F401  (registers event labels)
            widgets,  # noqa: F401  (registers dashboard widgets)
        )

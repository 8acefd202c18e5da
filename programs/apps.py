from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Program")

    def ready(self):
        from programs import (
            events,  # noqa: F401  (registers event labels)
            widgets,  # noqa: F401  (registers dashboard widgets)
        )

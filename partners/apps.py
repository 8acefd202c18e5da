from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        from partners import (
            events,  # noqa: F401  (registers event labels)
            widgets,  # noqa: F401  (registers dashboard widgets)
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Rules of engagement")

    def ready(self):
        from engagement import events  # noqa: F401  (registers event labels)

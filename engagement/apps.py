from django.utils.translation import gettext_lazy as _

from core.appconfig import RegisteringAppConfig


class EngagementConfig(RegisteringAppConfig):
    name = "engagement"
    verbose_name = _("Rules of engagement")
    registers = ("events",)

from django.utils.translation import gettext_lazy as _

from core import appconfig


class EngagementConfig(appconfig.RegisteringAppConfig):
    name = "engagement"
    verbose_name = _("Rules of engagement")
    registers = ("events", "widgets")

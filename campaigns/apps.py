from django.utils.translation import gettext_lazy as _

from core import appconfig


class CampaignsConfig(appconfig.RegisteringAppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")
    registers = ("events",)

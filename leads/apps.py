from django.utils.translation import gettext_lazy as _

from core import appconfig


class LeadsConfig(appconfig.RegisteringAppConfig):
    name = "leads"
    verbose_name = _("Leads")
    registers = ("widgets", "search")

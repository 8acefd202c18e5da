from django.utils.translation import gettext_lazy as _

from core import appconfig


class PartnersConfig(appconfig.RegisteringAppConfig):
    name = "partners"
    verbose_name = _("Partners")
    registers = ("events", "widgets", "search", "logo")

from django.utils.translation import gettext_lazy as _

from core import appconfig


class ImportsConfig(appconfig.RegisteringAppConfig):
    name = "imports"
    verbose_name = _("Imports")
    registers = ("events",)

from django.utils.translation import gettext_lazy as _

from core import appconfig


class ProgramsConfig(appconfig.RegisteringAppConfig):
    name = "programs"
    verbose_name = _("Program")
    registers = ("events", "widgets")

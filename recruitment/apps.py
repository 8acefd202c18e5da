from django.utils.translation import gettext_lazy as _

from core import appconfig


class RecruitmentConfig(appconfig.RegisteringAppConfig):
    name = "recruitment"
    verbose_name = _("Recruitment")
    registers = ("events", "widgets", "search")

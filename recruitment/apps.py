from django.utils.translation import gettext_lazy as _

from core.appconfig import RegisteringAppConfig


class RecruitmentConfig(RegisteringAppConfig):
    name = "recruitment"
    verbose_name = _("Recruitment")
    registers = ("events", "widgets")

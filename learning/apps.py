from django.utils.translation import gettext_lazy as _

from core import appconfig


class LearningConfig(appconfig.RegisteringAppConfig):
    name = "learning"
    verbose_name = _("Courses and certifications")
    registers = ()

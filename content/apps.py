from django.utils.translation import gettext_lazy as _

from core import appconfig


class ContentConfig(appconfig.RegisteringAppConfig):
    name = "content"
    verbose_name = _("Content library")
    registers = ("events", "downloads", "widgets")

from django.utils.translation import gettext_lazy as _

from core import appconfig


class AnnouncementsConfig(appconfig.RegisteringAppConfig):
    name = "announcements"
    verbose_name = _("Announcements")
    registers = ()

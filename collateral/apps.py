from django.utils.translation import gettext_lazy as _

from core import appconfig


class CollateralConfig(appconfig.RegisteringAppConfig):
    name = "collateral"
    verbose_name = _("Co-branded collateral")
    registers = ("events", "downloads")

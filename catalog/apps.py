from django.utils.translation import gettext_lazy as _

from core import appconfig


class CatalogConfig(appconfig.RegisteringAppConfig):
    name = "catalog"
    verbose_name = _("Product catalogue")
    registers = ("events",)

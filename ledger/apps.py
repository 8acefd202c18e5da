from django.utils.translation import gettext_lazy as _

from core import appconfig


class LedgerConfig(appconfig.RegisteringAppConfig):
    name = "ledger"
    verbose_name = _("Ledger")
    registers = ("events",)

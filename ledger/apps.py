from django.utils.translation import gettext_lazy as _

from core import appconfig


class LedgerConfig(appconfig.RegisteringAppConfig):
    name = "ledger"
    verbose_name = _("Ledger")
    registers = ("events",)

    def ready(self) -> None:
        super().ready()
        from core.files import register_file_source
        from ledger.statements import STATEMENT_SOURCE
        from ledger.views import resolve_statement
        from scheduling.scheduler import PeriodicJob, register

        register_file_source(STATEMENT_SOURCE, resolve_statement)
        # Nightly, after the other jobs of the night (UTC): prove the books balance, tell operations if not.
        register(PeriodicJob(name="ledger.check_books", task="ledger.tasks.check_books", daily_at_hour=4))

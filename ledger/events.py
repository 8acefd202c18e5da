"""What the ledger records, registered when the app is ready."""

from django.utils.translation import gettext_lazy as _

from core.events import EventText, register_events

register_events(
    {
        "money_settings.updated": EventText(
            _("Money settings changed"), _("%(actor)s changed the money settings")
        ),
        "exchange_rate.created": EventText(
            _("Exchange rate entered"), _("%(actor)s entered the exchange rate %(target)s")
        ),
        "ledger.reversed": EventText(_("Ledger transaction reversed"), _("%(actor)s reversed %(target)s")),
    }
)

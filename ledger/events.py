"""What the ledger records, registered when the app is ready: event sentences, the pages events link to, and
the notification channel operations gets when the books do not balance."""

from django.utils.translation import gettext_lazy as _

from core.events import EventField, EventText, register_event_fields, register_event_link, register_events
from ledger.models import PayoutStatus
from notifications.kinds import Audience, register_kind

register_events(
    {
        "money_settings.updated": EventText(
            _("Money settings changed"), _("%(actor)s changed the money settings")
        ),
        "exchange_rate.created": EventText(
            _("Exchange rate entered"), _("%(actor)s entered the exchange rate %(target)s")
        ),
        "ledger.reversed": EventText(_("Ledger transaction reversed"), _("%(actor)s reversed %(target)s")),
        "payout_batch.created": EventText(
            _("Payout batch created"), _("%(actor)s created the payout batch %(target)s")
        ),
        "payout_batch.approved": EventText(
            _("Payout batch approved"), _("%(actor)s approved the payout batch %(target)s")
        ),
        "payout_batch.exported": EventText(
            _("Payout batch exported"), _("%(actor)s exported the payout batch %(target)s")
        ),
        "payout_batch.paid": EventText(
            _("Payout batch paid"),
            _("%(actor)s marked the payout batch %(target)s paid"),
            implied=("status",),
        ),
        "payout_batch.cancelled": EventText(
            _("Payout batch cancelled"),
            _("%(actor)s cancelled the payout batch %(target)s"),
            implied=("status",),
        ),
    }
)

register_event_fields(
    "ledger.payoutbatch",
    {
        "status": EventField(_("status"), PayoutStatus.choices),
        "partners": EventField(_("partners paid")),
        "held_back": EventField(_("partners owing money (not paid)")),
        "total": EventField(_("total"), kind="decimal"),
    },
)
register_event_fields("ledger.ledgertransaction", {"reversal": EventField(_("reversing transaction"))})
register_event_fields("ledger.exchangerate", {"rate": EventField(_("rate"), kind="decimal")})

register_event_link("ledger.ledgertransaction", staff="ledger:transaction", partner="ledger:transaction")
register_event_link("ledger.payoutbatch", staff="ledger:batch")
register_event_link("ledger.exchangerate", staff="ledger:rates")

register_kind(
    "ledger.unbalanced",
    _("The books do not balance"),
    audiences=(Audience.STAFF,),
    help_text=_(
        "The nightly ledger check found a transaction, or the whole ledger, that does not sum to zero."
    ),
)

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.events import EventText, register_event_link, register_events

register_events(
    {
        "direct_account.created": EventText(
            _("Direct account created"), _("%(actor)s added the direct account %(target)s")
        ),
        "direct_account.updated": EventText(
            _("Direct account updated"), _("%(actor)s changed the direct account %(target)s")
        ),
        "direct_account.deleted": EventText(
            _("Direct account deleted"), _("%(actor)s deleted the direct account %(target)s")
        ),
        "direct_account.deactivated": EventText(
            _("Direct account deactivated"),
            _("%(actor)s deactivated the direct account %(target)s"),
            implied=("is_active",),
        ),
        "direct_deal.created": EventText(
            _("Direct deal created"), _("%(actor)s added the direct deal %(target)s for %(account)s")
        ),
        "direct_deal.updated": EventText(
            _("Direct deal updated"), _("%(actor)s changed the direct deal %(target)s")
        ),
        "direct_deal.closed": EventText(
            _("Direct deal closed"), _("%(actor)s closed the direct deal %(target)s as %(stage)s")
        ),
    }
)


def _account_page(actor, account):
    return reverse("direct:account", args=[account.public_id]) if actor.is_staff else None


def _deal_page(actor, deal):
    return reverse("direct:deal_edit", args=[deal.public_id]) if actor.is_staff else None


register_event_link("direct.directaccount", _account_page)
register_event_link("direct.directdeal", _deal_page)

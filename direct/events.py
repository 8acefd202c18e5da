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


register_event_link("direct.directaccount", staff="direct:account")
register_event_link("direct.directdeal", staff="direct:deal_edit")

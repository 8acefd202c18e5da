from django.utils.translation import gettext_lazy as _

from core.events import register_event_labels

register_event_labels(
    {
        "direct_account.created": _("Direct account created"),
        "direct_account.updated": _("Direct account updated"),
        "direct_account.deleted": _("Direct account deleted"),
        "direct_account.deactivated": _("Direct account deactivated"),
        "direct_deal.created": _("Direct deal created"),
        "direct_deal.updated": _("Direct deal updated"),
        "direct_deal.closed": _("Direct deal closed"),
    }
)

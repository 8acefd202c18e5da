from django.utils.translation import gettext_lazy as _

from core.events import register_event_labels
from notifications.kinds import Audience, register_kind

register_event_labels(
    {
        "charter.updated": _("Program charter updated"),
        "agreement.published": _("Agreement version published"),
        "agreement.accepted": _("Agreement accepted"),
    }
)

# The notification programs sends (programs/services.py): each admin chooses how they hear about it.
register_kind(
    "agreement.published",
    _("New agreement version to accept"),
    audiences=(Audience.PARTNER_ADMIN,),
)

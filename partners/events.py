from django.utils.translation import gettext_lazy as _

from core.events import register_event_labels

register_event_labels(
    {
        "partner.created": _("Partner created"),
        "partner.updated": _("Profile updated"),
        "partner.status_changed": _("Status changed"),
        "territories.changed": _("Territories changed"),
    }
)

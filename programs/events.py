from django.utils.translation import gettext_lazy as _

from core.events import register_event_labels

register_event_labels(
    {
        "charter.updated": _("Program charter updated"),
        "agreement.published": _("Agreement version published"),
        "agreement.accepted": _("Agreement accepted"),
    }
)

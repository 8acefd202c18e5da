from django.utils.translation import gettext_lazy as _

from core.events import register_event_labels

register_event_labels(
    {
        "deal_registration.created": _("Deal registration created"),
        "deal_registration.updated": _("Deal registration updated"),
        "deal_registration.submitted": _("Deal registration submitted"),
        "deal_registration.approved": _("Deal registration approved"),
        "deal_registration.rejected": _("Deal registration rejected"),
        "deal_registration.won": _("Deal registration closed as won"),
        "deal_registration.lost": _("Deal registration closed as lost"),
        "deal_registration.expired": _("Deal registration protection expired"),
    }
)

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
        "deal_registration.checked": _("Conflict check run again"),
        "deal_registration.appealed": _("Rejection appealed"),
        "deal_registration.appeal_granted": _("Appeal granted"),
        "deal_registration.appeal_upheld": _("Appeal turned down: rejection upheld"),
        "deal_registration.extension_requested": _("Protection extension requested"),
        "deal_registration.extension_approved": _("Protection extension approved"),
        "deal_registration.extension_denied": _("Protection extension denied"),
    }
)

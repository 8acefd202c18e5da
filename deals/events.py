from django.utils.translation import gettext_lazy as _

from core.events import register_event_labels
from notifications.kinds import Audience, register_kind

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

# The notifications deals sends (deals/notify.py): each person chooses how they hear about each kind.
_STAFF, _PARTNER = Audience.STAFF, Audience.PARTNER
for _verb, _label, _audiences in (
    ("deal_registration.submitted", _("New deal registration to decide"), (_STAFF,)),
    ("deal_registration.approved", _("Your deal registration approved"), (_PARTNER,)),
    ("deal_registration.rejected", _("Your deal registration rejected"), (_PARTNER,)),
    ("deal_registration.appealed", _("Rejection appealed"), (_STAFF,)),
    ("deal_registration.appeal_decided", _("Appeal decided"), (_STAFF, _PARTNER)),
    ("deal_registration.extension_requested", _("Protection extension requested"), (_STAFF,)),
    ("deal_registration.extension_decided", _("Protection extension decided"), (_PARTNER,)),
    ("deal_registration.expiry_reminder", _("Protection about to end"), (_PARTNER,)),
    ("deal_registration.expired", _("Protection expired"), (_STAFF, _PARTNER)),
):
    register_kind(_verb, _label, audiences=_audiences)

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.events import EventText, register_event_link, register_events
from core.links import object_url
from notifications.kinds import Audience, register_kind

register_events(
    {
        "deal_registration.created": EventText(
            _("Deal registration created"), _("%(actor)s started a deal registration for %(target)s")
        ),
        "deal_registration.updated": EventText(
            _("Deal registration updated"), _("%(actor)s changed the deal registration for %(target)s")
        ),
        "deal_registration.submitted": EventText(
            _("Deal registration submitted"),
            _("%(actor)s submitted the deal registration for %(target)s"),
            implied=("status",),
        ),
        "deal_registration.approved": EventText(
            _("Deal registration approved"),
            ngettext_lazy(
                "%(actor)s approved the deal registration for %(target)s,"
                " protected for %(protection_days)s day",
                "%(actor)s approved the deal registration for %(target)s,"
                " protected for %(protection_days)s days",
                "protection_days",
            ),
            implied=("status",),
        ),
        "deal_registration.approved_unprotected": EventText(
            _("Deal registration approved without protection"),
            _(
                "%(actor)s approved the deal registration for %(target)s without protection: the partner "
                "also sells competing products"
            ),
            implied=("status", "protection_days", "protected_until"),
        ),
        "deal_registration.rejected": EventText(
            _("Deal registration rejected"),
            _("%(actor)s rejected the deal registration for %(target)s"),
            implied=("status",),
        ),
        "deal_registration.won": EventText(
            _("Deal registration closed as won"),
            _("%(actor)s closed the deal with %(target)s as won"),
            implied=("status",),
        ),
        "deal_registration.lost": EventText(
            _("Deal registration closed as lost"),
            _("%(actor)s closed the deal with %(target)s as lost"),
            implied=("status",),
        ),
        "deal_registration.expired": EventText(
            _("Deal registration protection expired"),
            _("The protection of the deal registration for %(target)s expired"),
            implied=("status",),
        ),
        "deal_registration.checked": EventText(
            _("Conflict check run again"),
            _("%(actor)s ran the conflict check for %(target)s again: %(conflict_check)s"),
        ),
        "deal_registration.appealed": EventText(
            _("Rejection appealed"),
            _("%(actor)s appealed the rejection of the deal registration for %(target)s"),
            implied=("status",),
        ),
        "deal_registration.appeal_granted": EventText(
            _("Appeal granted"), _("%(actor)s granted the appeal for %(target)s"), implied=("status",)
        ),
        "deal_registration.appeal_upheld": EventText(
            _("Appeal turned down: rejection upheld"),
            _("%(actor)s turned down the appeal for %(target)s: the rejection stands"),
            implied=("status",),
        ),
        "deal_registration.extension_requested": EventText(
            _("Protection extension requested"),
            ngettext_lazy(
                "%(actor)s asked to extend the protection of %(target)s by %(days)s day",
                "%(actor)s asked to extend the protection of %(target)s by %(days)s days",
                "days",
            ),
        ),
        "deal_registration.extension_approved": EventText(
            _("Protection extension approved"),
            _("%(actor)s extended the protection of %(target)s until %(protected_until)s"),
        ),
        "deal_registration.reopened": EventText(
            _("Won deal reopened"),
            _("%(actor)s reopened the deal with %(target)s: it is approved and protected again"),
            implied=("status",),
        ),
        "deal_registration.refunded": EventText(
            _("Refund recorded"),
            _("%(actor)s recorded a refund of %(refund)s for the deal with %(target)s"),
        ),
        "deal_registration.extension_denied": EventText(
            _("Protection extension denied"), _("%(actor)s denied the protection extension for %(target)s")
        ),
    }
)


def _registration_page(actor, registration):
    # Read through the reader's scope already: staff, the partner, and its distributor open the same page.
    return object_url("deals:registration", registration.public_id)


register_event_link("deals.dealregistration", _registration_page)


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

"""What market development funds record, how it reads, and who hears about it."""

from django.utils.translation import gettext_lazy as _

from core.events import (
    EventField,
    EventText,
    register_event_fields,
    register_event_guard,
    register_event_link,
    register_events,
)
from funds.models import ClaimFileKind, DuplicateReason, money_visible
from notifications.kinds import Audience, register_kind
from partners.choices import Tier

EVENTS = {
    "fund_budget.created": EventText(
        _("Fund budget created"), _("%(actor)s created the fund budget %(target)s")
    ),
    "fund_budget.adjusted": EventText(
        _("Fund budget changed"), _("%(actor)s changed the fund budget %(target)s")
    ),
    "fund_budget.closed": EventText(
        _("Fund period closed"), _("%(actor)s closed %(target)s: unused funds expired")
    ),
    "fund_budget.expired": EventText(
        _("Unused funds expired"), _("%(actor)s expired the unused funds of %(partner)s in %(target)s")
    ),
    "fund_allocation.created": EventText(
        _("Funds allocated"), _("%(actor)s allocated funds to %(partner)s: %(target)s")
    ),
    "fund_allocation.adjusted": EventText(
        _("Fund allocation changed"), _("%(actor)s changed the fund allocation %(target)s")
    ),
    "fund_allocation.accrued": EventText(
        _("Funds accrued"), _("%(actor)s accrued funds on won revenue: %(target)s")
    ),
    "fund_request.submitted": EventText(
        _("Fund request submitted"), _("%(actor)s requested funds for %(target)s")
    ),
    "fund_request.recommended": EventText(
        _("Fund request recommended"),
        _("%(actor)s recommended the fund request %(target)s to the channel chief"),
    ),
    "fund_request.approved": EventText(
        _("Fund request approved"), _("%(actor)s approved the fund request %(target)s")
    ),
    "fund_request.rejected": EventText(
        _("Fund request rejected"), _("%(actor)s rejected the fund request %(target)s")
    ),
    "fund_request.withdrawn": EventText(
        _("Fund request withdrawn"), _("%(actor)s withdrew the fund request %(target)s")
    ),
    "fund_request.cancelled": EventText(
        _("Fund request cancelled"), _("%(actor)s cancelled the fund request %(target)s")
    ),
    "fund_request.claimed": EventText(
        _("Activity claimed"), _("%(actor)s closed the activity %(target)s with its approved claim")
    ),
    "fund_claim.submitted": EventText(_("Fund claim submitted"), _("%(actor)s claimed funds for %(target)s")),
    "fund_claim.flagged": EventText(
        _("Possible duplicate claim"),
        _("%(actor)s flagged the fund claim %(target)s as a possible duplicate"),
    ),
    "fund_claim.file_added": EventText(
        _("File added to a claim"), _("%(actor)s added a file to the fund claim %(target)s")
    ),
    "fund_claim.recommended": EventText(
        _("Fund claim recommended"), _("%(actor)s recommended the fund claim %(target)s to the channel chief")
    ),
    "fund_claim.approved": EventText(
        _("Fund claim approved"), _("%(actor)s approved the fund claim %(target)s")
    ),
    "fund_claim.rejected": EventText(
        _("Fund claim rejected"), _("%(actor)s rejected the fund claim %(target)s")
    ),
}
register_events(EVENTS)
# A partner's rep reads none of them unless the money settings let reps see what the company earns.
register_event_guard(EVENTS, money_visible)

_DECIMAL = "decimal"
register_event_fields(
    "funds.fundbudget",
    {
        "expired": EventField(_("expired amount"), kind=_DECIMAL),
        "partners": EventField(_("partners")),
    },
)
register_event_fields(
    "funds.fundallocation",
    {
        "period": EventField(_("period")),
        "currency": EventField(_("currency")),
        "accrued": EventField(_("accrued"), kind=_DECIMAL),
        "tier": EventField(_("tier"), Tier.choices),
    },
)
register_event_fields(
    "funds.fundrequest",
    {"paid": EventField(_("payable"), kind=_DECIMAL)},
)
register_event_fields(
    "funds.fundclaim",
    {
        "released": EventField(_("released"), kind=_DECIMAL),
        "overridden": EventField(_("duplicate check overridden"), kind="bool"),
        "duplicates": EventField(_("possible duplicates"), DuplicateReason.choices),
        "kind": EventField(_("kind"), ClaimFileKind.choices),
        "file": EventField(_("file")),
    },
)

register_event_link("funds.fundbudget", staff="funds:budget")
register_event_link("funds.fundallocation", staff="funds:allocation", partner="funds:allocation")
register_event_link("funds.fundrequest", staff="funds:request", partner="funds:request")
register_event_link("funds.fundclaim", staff="funds:claim", partner="funds:claim")

# The notifications funds sends (funds/notify.py): each person chooses how they hear about each kind.
_STAFF, _ADMIN = Audience.STAFF, Audience.PARTNER_ADMIN
for _verb, _label, _audiences in (
    ("fund_request.submitted", _("New fund request to decide"), (_STAFF,)),
    ("fund_request.recommended", _("Fund request awaiting the channel chief"), (_STAFF,)),
    ("fund_request.approved", _("Your fund request approved"), (_ADMIN,)),
    ("fund_request.rejected", _("Your fund request rejected"), (_ADMIN,)),
    ("fund_claim.submitted", _("New fund claim to decide"), (_STAFF,)),
    ("fund_claim.recommended", _("Fund claim awaiting the channel chief"), (_STAFF,)),
    ("fund_claim.approved", _("Your fund claim approved"), (_ADMIN,)),
    ("fund_claim.rejected", _("Your fund claim rejected"), (_ADMIN,)),
):
    register_kind(_verb, _label, audiences=_audiences)

"""What lead distribution records and notifies, registered when the leads app is ready."""

from django.utils.translation import gettext_lazy as _

from core.events import EventField, EventText, register_event_fields, register_event_link, register_events
from leads.models import DeclineReason
from leads.routing.rules import VERSIONS
from notifications.kinds import Audience, register_kind
from partners.choices import PartnerType, Region, Tier, Vertical

register_events(
    {
        "lead.assigned": EventText(
            _("Lead offered to a partner"),
            _("%(actor)s offered %(target)s to %(partner)s"),
            implied=("partner",),
        ),
        "lead.sent_direct": EventText(
            _("Lead sent to direct sales"),
            _("%(actor)s sent %(target)s to direct sales"),
            implied=("destination",),
        ),
        "lead.unrouted": EventText(
            _("Lead not routed"),
            _("%(actor)s found no partner for %(target)s"),
            implied=("destination", "explanation"),
        ),
        "lead.accepted": EventText(
            _("Lead accepted"), _("%(actor)s accepted %(target)s"), implied=("status",)
        ),
        "lead.declined": EventText(_("Lead declined"), _("%(actor)s declined %(target)s")),
        "lead.lapsed": EventText(
            _("Lead not accepted in time"),
            _("The offer of %(target)s lapsed unanswered"),
            implied=("accept_by",),
        ),
    }
)

register_event_fields("leads.lead", {"reason": EventField(_("reason"), DeclineReason.choices)})

VERSIONS.register_events(
    labels={
        "draft_created": _("Routing rules draft created"),
        "draft_updated": _("Routing rules draft updated"),
        "rule_added": _("Routing rule added"),
        "rule_updated": _("Routing rule updated"),
        "rule_deleted": _("Routing rule deleted"),
        "rule_moved": _("Routing rule moved"),
        "published": _("Routing rules published"),
        "retired": _("Routing rules retired"),
    },
    rule_sentences={
        "rule_added": _("%(actor)s added the rule “%(name)s” to %(target)s"),
        "rule_updated": _("%(actor)s changed the rule “%(name)s” of %(target)s"),
        "rule_deleted": _("%(actor)s deleted the rule “%(old_name)s” from %(target)s"),
        "rule_moved": _(
            "%(actor)s moved the rule “%(name)s” of %(target)s from place %(old_position)s to %(position)s"
        ),
    },
    fields={
        "lead_regions": EventField(_("lead regions"), Region.choices),
        "lead_verticals": EventField(_("lead verticals"), Vertical.choices),
        "lead_countries": EventField(_("lead countries"), kind="country"),
        "partner_types": EventField(_("partner types"), PartnerType.choices),
        "partner_tiers": EventField(_("partner tiers"), Tier.choices),
        "tier_sla_hours": EventField(_("hours to accept per tier"), Tier.choices),
    },
)
register_event_link("leads.routingruleset", staff="leads:routing_version", partner=None)

register_kind("lead.offered", _("A lead offered to your company"), audiences=(Audience.PARTNER,))
register_kind("lead.reminder", _("A lead still awaiting your answer"), audiences=(Audience.PARTNER,))

"""What lead distribution records and notifies, registered when the leads app is ready."""

from django.utils.translation import gettext_lazy as _

from core.events import EventField, EventText, register_event_fields, register_event_link, register_events
from core.timeline import field_info
from leads.models import DeclineReason, RoutingRule, RoutingRuleSet
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
        "lead_routing.draft_created": EventText(
            _("Routing rules draft created"), _("%(actor)s started the draft %(target)s")
        ),
        "lead_routing.draft_updated": EventText(
            _("Routing rules draft updated"), _("%(actor)s changed the draft %(target)s")
        ),
        "lead_routing.rule_added": EventText(
            _("Routing rule added"), _("%(actor)s added the rule “%(name)s” to %(target)s")
        ),
        "lead_routing.rule_updated": EventText(
            _("Routing rule updated"), _("%(actor)s changed the rule “%(name)s” of %(target)s")
        ),
        "lead_routing.rule_deleted": EventText(
            _("Routing rule deleted"), _("%(actor)s deleted the rule “%(old_name)s” from %(target)s")
        ),
        "lead_routing.rule_moved": EventText(
            _("Routing rule moved"),
            _(
                "%(actor)s moved the rule “%(name)s” of %(target)s"
                " from place %(old_position)s to %(position)s"
            ),
        ),
        "lead_routing.published": EventText(
            _("Routing rules published"), _("%(actor)s published %(target)s"), implied=("status",)
        ),
        "lead_routing.retired": EventText(
            _("Routing rules retired"), _("%(actor)s retired %(target)s"), implied=("status",)
        ),
    }
)

register_event_fields("leads.lead", {"reason": EventField(_("reason"), DeclineReason.choices)})

# Rule events are recorded on the rule set, with the rule's own fields.
_ruleset_fields = {f.name for f in RoutingRuleSet._meta.get_fields()}
register_event_fields(
    "leads.routingruleset",
    {
        **{
            f.name: field_info("leads.routingrule", RoutingRule, f.name)
            for f in RoutingRule._meta.get_fields()
            if f.name not in _ruleset_fields
        },
        "lead_regions": EventField(_("lead regions"), Region.choices),
        "lead_verticals": EventField(_("lead verticals"), Vertical.choices),
        "lead_countries": EventField(_("lead countries"), kind="country"),
        "partner_types": EventField(_("partner types"), PartnerType.choices),
        "partner_tiers": EventField(_("partner tiers"), Tier.choices),
        "tier_sla_hours": EventField(_("hours to accept per tier"), Tier.choices),
        "copied_from": EventField(_("copied from version")),
        "rule_count": EventField(_("rules")),
    },
)
register_event_link("leads.routingruleset", staff="leads:routing_version", partner=None)

register_kind("lead.offered", _("A lead offered to your company"), audiences=(Audience.PARTNER,))
register_kind("lead.reminder", _("A lead still awaiting your answer"), audiences=(Audience.PARTNER,))

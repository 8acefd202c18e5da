from django.utils.translation import gettext_lazy as _

from core.events import EventField, EventText, register_event_fields, register_event_link, register_events
from core.timeline import field_info
from engagement.choices import Segment
from engagement.models import Rule, RuleSet
from partners.choices import Region, Tier

register_events(
    {
        "engagement.draft_created": EventText(
            _("Rules of engagement draft created"), _("%(actor)s started the draft %(target)s")
        ),
        "engagement.draft_updated": EventText(
            _("Rules of engagement draft updated"), _("%(actor)s changed the draft %(target)s")
        ),
        "engagement.rule_added": EventText(
            _("Rule of engagement added"), _("%(actor)s added the rule “%(label)s” to %(target)s")
        ),
        "engagement.rule_updated": EventText(
            _("Rule of engagement updated"), _("%(actor)s changed rule %(position)s of %(target)s")
        ),
        "engagement.rule_deleted": EventText(
            _("Rule of engagement deleted"), _("%(actor)s deleted the rule “%(old_label)s” from %(target)s")
        ),
        "engagement.rule_moved": EventText(
            _("Rule of engagement moved"),
            _(
                "%(actor)s moved the rule “%(label)s” of %(target)s"
                " from place %(old_position)s to %(position)s"
            ),
        ),
        "engagement.published": EventText(
            _("Rules of engagement published"), _("%(actor)s published %(target)s"), implied=("status",)
        ),
        "engagement.retired": EventText(
            _("Rules of engagement retired"), _("%(actor)s retired %(target)s"), implied=("status",)
        ),
    }
)

# Rule events are recorded on the rule set, with the rule's own fields.
_ruleset_fields = {f.name for f in RuleSet._meta.get_fields()}
register_event_fields(
    "engagement.ruleset",
    {
        **{
            f.name: field_info("engagement.rule", Rule, f.name)
            for f in Rule._meta.get_fields()
            if f.name not in _ruleset_fields
        },
        "segments": EventField(_("segments"), Segment.choices),
        "regions": EventField(_("regions"), Region.choices),
        "countries": EventField(_("countries"), kind="country"),
        "tier_protection_days": EventField(_("protection days by tier"), Tier.choices),
        "copied_from": EventField(_("copied from version")),
        "rule_count": EventField(_("rules")),
    },
)


# Partners read the published set, the only one their scope holds.
register_event_link("engagement.ruleset", staff="engagement:version", partner="engagement:rules")
